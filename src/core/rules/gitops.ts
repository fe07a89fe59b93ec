// GitOps and backup CLIs acting on clusters: argocd, flux, velero. Destructive: argocd app delete (cascading) and
// sync --prune; flux delete and uninstall; velero backup delete.
import type { EnvironmentHint } from '../environment';
import type { Invocation } from '../invocation';
import { positionals } from './args';
import { flagOn, kubeconfigNames, value } from './kubeOptions';
import type { CommandRule } from './rule';
import { tableRule } from './subcommands';

// ---- GitOps and backup tools acting on clusters: Argo CD, Flux, Velero. ----

/** Argo CD CLI options that take a value (argocd --help, argocd app --help). */
const ARGOCD_VALUED = [
  '--server',
  '--auth-token',
  '--config',
  '--argocd-context',
  '-H',
  '--header',
  '--grpc-web-root-path',
  '--client-crt',
  '--client-crt-key',
  '--kube-context',
  '--port-forward-namespace',
  '--http-retry-max',
  '--logformat',
  '--loglevel',
  '-N',
  '--app-namespace',
  '-p',
  '--propagation-policy',
  '-l',
  '--selector',
  '-o',
  '--output',
  '--kind',
  '--resource-name',
  '--group',
  '--namespace',
  '--project',
  '--revision',
  '--resource',
  '--label',
  '--timeout',
  '--strategy',
  '--local',
  '--local-repo-root',
  '--retry-limit',
];

function argocdHints(args: readonly string[], inv: Invocation): EnvironmentHint[] {
  const hints: EnvironmentHint[] = [];
  for (const [source, names] of [
    ['--argocd-context', ['--argocd-context']],
    ['--server', ['--server']],
    ['--kube-context', ['--kube-context']],
    ['--app-namespace', ['-N', '--app-namespace']],
  ] as const) {
    const v = value(args, names);
    if (v) hints.push({ source, value: v });
  }
  if (!value(args, ['--server']) && inv.env.ARGOCD_SERVER) hints.push({ source: 'variable ARGOCD_SERVER', value: inv.env.ARGOCD_SERVER });
  // `argocd app delete payments-prod`: the application's name says where it runs.
  const words = positionals(args, ARGOCD_VALUED);
  if (words[2]) hints.push({ source: words[0] === 'cluster' ? 'cluster' : 'application', value: words[2] });
  return hints;
}

/** `--cascade=false` deletes only the Application object; its resources keep running. */
const cascades = (args: readonly string[]) => !args.includes('--cascade=false');

const argocdRule = tableRule({
  family: 'kubernetes',
  programs: ['argocd'],
  valued: ARGOCD_VALUED,
  environmentHints: argocdHints,
  specs: [
    {
      // argo-cd.readthedocs.io user-guide/app_deletion: a cascade delete (the default) deletes the app and its resources.
      path: ['app|apps|application|applications', 'delete|rm'],
      action: 'app delete',
      when: cascades,
      resource: { kind: 'application', positional: 0, options: ['-l', '--selector'] },
      blastRadius: (name) =>
        `deletes the Argo CD application ${name} and, cascading (the default), every Kubernetes object it manages: workloads, services, config and volume claims`,
      risk: 'high',
    },
    {
      path: ['app|apps|application|applications', 'delete-resource'],
      action: 'app delete-resource',
      resource: { kind: 'resource', options: ['--resource-name'], fallback: '(resources matching --kind)' },
      blastRadius: (name, args) => `deletes the ${value(args, ['--kind']) ?? 'resource'} ${name} the application manages`,
      risk: 'medium',
    },
    {
      path: ['app|apps|application|applications', 'sync'],
      action: 'sync prune',
      when: (args) => flagOn(args, '--prune'),
      resource: { kind: 'application', positional: 0, options: ['-l', '--selector'] },
      blastRadius: (name) => `syncs ${name} with --prune: deletes every object it manages that git no longer defines`,
      risk: 'high',
    },
    {
      path: ['appset|applicationset|applicationsets', 'delete|rm'],
      action: 'appset delete',
      resource: { kind: 'applicationset', positional: 0 },
      blastRadius: (name) => `deletes the ApplicationSet ${name} and the applications it generated, with the objects those applications manage`,
      risk: 'high',
    },
    {
      path: ['proj|project|projects', 'delete|rm'],
      action: 'project delete',
      resource: { kind: 'project', positional: 0 },
      blastRadius: (name) => `deletes the Argo CD project ${name} with its roles, tokens and source and destination rules`,
      risk: 'medium',
    },
    {
      path: ['cluster|clusters|cl', 'rm|remove'],
      action: 'cluster remove',
      resource: { kind: 'cluster', positional: 0 },
      blastRadius: (name) => `removes the cluster ${name} from Argo CD: applications deploying to it stop syncing`,
      risk: 'medium',
      reversible: true,
    },
  ],
});

/** Flux (fluxcd.io/flux/cmd): deleting a Kustomization garbage-collects what it applied; a HelmRelease is uninstalled. */
const FLUX_VALUED = ['-n', '--namespace', '--context', '--kubeconfig', '--timeout', '--cache-dir', '--token', '--server'];

function fluxHints(args: readonly string[], inv: Invocation): EnvironmentHint[] {
  const hints: EnvironmentHint[] = [];
  const push = (source: string, v: string | undefined) => {
    if (v) hints.push({ source, value: v });
  };
  push('--context', value(args, ['--context']));
  push('-n', value(args, ['-n', '--namespace']));
  const kubeconfig = value(args, ['--kubeconfig']);
  if (kubeconfig) for (const name of kubeconfigNames(kubeconfig, inv.env.HOME)) push('--kubeconfig', name);
  else if (inv.env.KUBECONFIG) for (const name of kubeconfigNames(inv.env.KUBECONFIG, inv.env.HOME)) push('variable KUBECONFIG', name);
  return hints;
}

const fluxRule = tableRule({
  family: 'kubernetes',
  programs: ['flux'],
  valued: FLUX_VALUED,
  environmentHints: fluxHints,
  specs: [
    {
      path: ['delete', 'kustomization|ks|kustomizations'],
      action: 'kustomization delete',
      resource: { kind: 'kustomization', positional: 0 },
      blastRadius: (name) => `deletes the Flux Kustomization ${name}; with pruning on (the usual setting) Flux deletes every object it applied`,
      risk: 'high',
    },
    {
      path: ['delete', 'helmrelease|hr|helmreleases'],
      action: 'helmrelease delete',
      resource: { kind: 'release', positional: 0 },
      blastRadius: (name) => `deletes the HelmRelease ${name}: Flux uninstalls the release and every object its chart created`,
      risk: 'high',
    },
    {
      path: ['delete'],
      action: 'flux delete',
      when: (_args, rest) => rest.length >= 2,
      resource: { kind: 'flux object', from: (_args, rest) => rest.slice(-1)[0] },
      blastRadius: (name, args) =>
        `deletes the Flux ${positionals(args, FLUX_VALUED).slice(1, -1).join(' ')} ${name}; what depends on it stops reconciling`,
      risk: 'medium',
    },
    {
      path: ['uninstall'],
      action: 'flux uninstall',
      resource: { kind: 'namespace', options: ['-n', '--namespace'], fallback: 'flux-system' },
      blastRadius: (name) =>
        `removes Flux from the cluster: its controllers, custom resource definitions and every Flux object, and the namespace ${name} unless --keep-namespace; nothing reconciles the cluster any more`,
      risk: 'medium',
    },
  ],
});

/** Velero (velero.io/docs): a deleted backup takes its data in object storage with it. */
const veleroRule = tableRule({
  family: 'kubernetes',
  programs: ['velero'],
  valued: ['-n', '--namespace', '--kubecontext', '--kubeconfig', '-l', '--selector', '--features'],
  environmentHints: (args, inv) => [
    ...fluxHints(args, inv),
    ...(value(args, ['--kubecontext']) ? [{ source: '--kubecontext', value: value(args, ['--kubecontext'])! }] : []),
  ],
  specs: [
    {
      path: ['backup|backups', 'delete'],
      action: 'backup delete',
      resource: {
        kind: 'backup',
        positional: 0,
        options: ['-l', '--selector'],
        from: (args) => (args.includes('--all') ? 'all backups' : undefined),
      },
      blastRadius: (name) =>
        `deletes the Velero backup ${name} with its data and volume snapshots in object storage; the cluster can no longer be restored from it`,
      risk: 'high',
    },
    {
      path: ['backup-location|backup-locations', 'delete'],
      action: 'backup location delete',
      resource: { kind: 'backup location', positional: 0 },
      blastRadius: (name) => `deletes the backup location ${name} and every backup Velero recorded there`,
      risk: 'high',
    },
  ],
});

export const rules: readonly CommandRule[] = [argocdRule, fluxRule, veleroRule];
