// Kubernetes package managers: helm and helmfile. Destructive: helm uninstall and rollback; helmfile destroy.
import type { EnvironmentHint } from '../environment';
import type { Invocation } from '../invocation';
import { positionals } from './args';
import { flagOn, helpAsked, kubeconfigNames, value } from './kubeOptions';
import { detection, type CommandRule, type Detection, type RuleContext } from './rule';

const HELM_VALUED = [
  '-n',
  '--namespace',
  '--kube-context',
  '--kubeconfig',
  '--kube-apiserver',
  '--kube-as-user',
  '--kube-as-group',
  '--kube-token',
  '--kube-ca-file',
  '--kube-tls-server-name',
  '--registry-config',
  '--repository-cache',
  '--repository-config',
  '--burst-limit',
  '--qps',
  '--timeout',
  '--cascade',
  '--description',
  '--max',
  '--history-max',
  '-o',
  '--output',
  '--version',
];

const HELMFILE_VALUED = [
  '-e',
  '--environment',
  '-f',
  '--file',
  '-l',
  '--selector',
  '--kube-context',
  '-n',
  '--namespace',
  '--state-values-file',
  '--state-values-set',
  '--chart',
  '--helm-binary',
  '--log-level',
  '--args',
  '--concurrency',
];

function helmHints(inv: Invocation, args: readonly string[]): EnvironmentHint[] {
  const hints: EnvironmentHint[] = [];
  const push = (source: string, v: string | undefined) => {
    if (v) hints.push({ source, value: v });
  };
  push('--kube-context', value(args, ['--kube-context']));
  if (!value(args, ['--kube-context'])) push('variable HELM_KUBECONTEXT', inv.env.HELM_KUBECONTEXT);
  push('-n', value(args, ['-n', '--namespace']));
  if (!value(args, ['-n', '--namespace'])) push('variable HELM_NAMESPACE', inv.env.HELM_NAMESPACE);
  push('--kube-apiserver', value(args, ['--kube-apiserver']));
  const kubeconfig = value(args, ['--kubeconfig']);
  if (kubeconfig) for (const name of kubeconfigNames(kubeconfig, inv.env.HOME)) push('--kubeconfig', name);
  else if (inv.env.KUBECONFIG) for (const name of kubeconfigNames(inv.env.KUBECONFIG, inv.env.HOME)) push('variable KUBECONFIG', name);
  return hints;
}

function detectHelm(inv: Invocation, ctx: RuleContext): Detection[] {
  const args = inv.argv.slice(1);
  if (helpAsked(args)) return [];
  const words = positionals(args, HELM_VALUED);
  const namespace = value(args, ['-n', '--namespace']) ?? inv.env.HELM_NAMESPACE;
  const inNamespace = namespace ? ` in namespace ${namespace}` : '';
  const environment = () => ctx.environment(inv, helmHints(inv, args), 'remote');
  if (['uninstall', 'delete', 'del', 'un'].includes(words[0] ?? '')) {
    const releases = words.slice(1);
    if (releases.length === 0) return [];
    const history = flagOn(args, '--keep-history') ? ' (its release history is kept: --keep-history)' : ' and its release history';
    const more = releases.length > 1 ? `; releases: ${releases.join(', ')}` : '';
    return [
      detection({
        rule: 'kubernetes.uninstall',
        tool: inv.program,
        action: 'uninstall',
        resource: { kind: 'release', name: releases[0] },
        environment: environment(),
        reversible: false,
        blastRadius: `uninstalls the release ${releases[0]}${inNamespace}: deletes every Kubernetes object its chart created (workloads, services, config, secrets, and volume claims the chart defines itself)${history}${more}`,
        risk: 'high',
      }),
    ];
  }
  if (words[0] === 'rollback') {
    const release = words[1];
    if (!release) return [];
    const revision = words[2] ? `revision ${words[2]}` : 'the previous revision';
    return [
      detection({
        rule: 'kubernetes.rollback',
        tool: inv.program,
        action: 'rollback',
        resource: { kind: 'release', name: release },
        environment: environment(),
        reversible: true,
        blastRadius: `rolls the release ${release}${inNamespace} back to ${revision}: its objects are replaced by the old ones and objects added since are deleted`,
        risk: 'medium',
      }),
    ];
  }
  return [];
}

function detectHelmfile(inv: Invocation, ctx: RuleContext): Detection[] {
  const args = inv.argv.slice(1);
  if (helpAsked(args)) return [];
  const words = positionals(args, HELMFILE_VALUED);
  if (words[0] !== 'destroy' && words[0] !== 'delete') return [];
  const file = value(args, ['-f', '--file']) ?? 'helmfile.yaml';
  const selector = value(args, ['-l', '--selector']);
  const hints: EnvironmentHint[] = [];
  for (const [source, names] of [
    ['--environment', ['-e', '--environment']],
    ['--kube-context', ['--kube-context']],
    ['-n', ['-n', '--namespace']],
  ] as const) {
    const v = value(args, names);
    if (v) hints.push({ source, value: v });
  }
  if (!value(args, ['-e', '--environment']) && inv.env.HELMFILE_ENVIRONMENT)
    hints.push({ source: 'variable HELMFILE_ENVIRONMENT', value: inv.env.HELMFILE_ENVIRONMENT });
  return [
    detection({
      rule: `kubernetes.${words[0]}`,
      tool: inv.program,
      action: words[0],
      resource: selector ? { kind: 'release', name: selector } : { kind: 'helmfile', name: file },
      environment: ctx.environment(inv, hints, 'remote'),
      reversible: false,
      blastRadius: `uninstalls ${selector ? `every release matching ${selector}` : 'every release'} in ${file}, deleting all the Kubernetes objects they created`,
      risk: selector ? 'high' : 'critical',
    }),
  ];
}

export const rules: readonly CommandRule[] = [
  { family: 'kubernetes', programs: ['helm'], detect: detectHelm },
  { family: 'kubernetes', programs: ['helmfile'], detect: detectHelmfile },
];
