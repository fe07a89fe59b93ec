// Kubernetes: kubectl (and oc, kubecolor, `microk8s kubectl`, `k3s kubectl`). helm and helmfile are in helm.ts;
// the GitOps and backup CLIs acting on clusters (argocd, flux, velero) in gitops.ts.
// Destructive: delete of any object, namespace, manifest or selector; scale to zero (also by `patch`); drain;
// replace --force; apply --prune; `oc adm prune images --confirm`. Not destructive: get/describe/logs, cordon,
// rollout undo/restart, other patches, apply/create, anything with --dry-run (client or server).
import { EnvironmentResolver, type EnvironmentHint } from '../environment';
import type { Invocation } from '../invocation';
import { resolvePath } from '../shellReader';
import { stdinText } from '../stdin';
import { RISK_ORDER, type Risk } from '../types';
import { hasFlag, positionals } from './args';
import { flagOn, helpAsked, kubeconfigNames, value } from './kubeOptions';
import { detection, type CommandRule, type Detection, type RuleContext } from './rule';

/** kubectl options that take a separate value (global ones and those of delete/scale/drain/replace/apply). */
const KUBECTL_VALUED = [
  '-n',
  '--namespace',
  '--context',
  '--cluster',
  '--kubeconfig',
  '--user',
  '-s',
  '--server',
  '--token',
  '--as',
  '--as-group',
  '--as-uid',
  '--cache-dir',
  '--certificate-authority',
  '--client-certificate',
  '--client-key',
  '--password',
  '--username',
  '--profile',
  '--profile-output',
  '--request-timeout',
  '--tls-server-name',
  '-v',
  '--v',
  '--vmodule',
  '--log-flush-frequency',
  '-f',
  '--filename',
  '-k',
  '--kustomize',
  '-l',
  '--selector',
  '--field-selector',
  '-o',
  '--output',
  '--grace-period',
  '--timeout',
  '--raw',
  '--replicas',
  '--current-replicas',
  '--resource-version',
  '--pod-selector',
  '--chunk-size',
  '--skip-wait-for-delete-timeout',
  '--subresource',
  '--field-manager',
  '--template',
  '--prune-allowlist',
  '-c',
  '--container',
  '-L',
  '--label-columns',
  '-p',
  '--patch',
  '--patch-file',
  '--type',
  '--to-revision',
  '--sort-by',
];

// Short names and plurals kubectl accepts (`kubectl api-resources`), folded to one clear kind word.
const KIND_ALIASES: Record<string, string> = {
  ns: 'namespace',
  namespaces: 'namespace',
  project: 'project',
  projects: 'project',
  pvc: 'persistentvolumeclaim',
  persistentvolumeclaims: 'persistentvolumeclaim',
  pv: 'persistentvolume',
  persistentvolumes: 'persistentvolume',
  crd: 'customresourcedefinition',
  crds: 'customresourcedefinition',
  customresourcedefinitions: 'customresourcedefinition',
  deploy: 'deployment',
  deployments: 'deployment',
  sts: 'statefulset',
  statefulsets: 'statefulset',
  ds: 'daemonset',
  daemonsets: 'daemonset',
  rs: 'replicaset',
  replicasets: 'replicaset',
  rc: 'replicationcontroller',
  replicationcontrollers: 'replicationcontroller',
  po: 'pod',
  pods: 'pod',
  svc: 'service',
  services: 'service',
  ing: 'ingress',
  ingresses: 'ingress',
  cm: 'configmap',
  configmaps: 'configmap',
  secrets: 'secret',
  jobs: 'job',
  cj: 'cronjob',
  cronjobs: 'cronjob',
  no: 'node',
  nodes: 'node',
  sa: 'serviceaccount',
  serviceaccounts: 'serviceaccount',
  hpa: 'horizontalpodautoscaler',
  horizontalpodautoscalers: 'horizontalpodautoscaler',
  pdb: 'poddisruptionbudget',
  poddisruptionbudgets: 'poddisruptionbudget',
  sc: 'storageclass',
  storageclasses: 'storageclass',
  netpol: 'networkpolicy',
  networkpolicies: 'networkpolicy',
  ev: 'event',
  events: 'event',
  ep: 'endpoints',
  limits: 'limitrange',
  quota: 'resourcequota',
  resourcequotas: 'resourcequota',
  all: 'all',
};

/** Risk of deleting one object of a kind in production; unlisted kinds are `medium`. */
const KIND_RISK: Record<string, Risk> = {
  namespace: 'critical',
  project: 'critical',
  persistentvolumeclaim: 'critical',
  persistentvolume: 'critical',
  customresourcedefinition: 'critical',
  all: 'high',
  statefulset: 'high',
  deployment: 'high',
  daemonset: 'high',
  service: 'high',
  ingress: 'high',
  secret: 'high',
  node: 'high',
  replicationcontroller: 'high',
  storageclass: 'medium',
  event: 'low',
  endpoints: 'low',
  horizontalpodautoscaler: 'low',
  poddisruptionbudget: 'low',
  lease: 'low',
};

/** Kinds whose deletion takes stored data with it: these stay high even for `replace --force`. */
const DATA_KINDS = new Set(['namespace', 'project', 'persistentvolumeclaim', 'persistentvolume', 'customresourcedefinition']);

/** Kinds that live outside namespaces. */
const CLUSTER_KINDS = new Set([
  'namespace',
  'project',
  'persistentvolume',
  'customresourcedefinition',
  'node',
  'storageclass',
  'clusterrole',
  'clusterrolebinding',
]);

const WORKLOAD_KINDS = new Set(['deployment', 'statefulset', 'daemonset', 'replicaset', 'replicationcontroller', 'job', 'cronjob']);

export function normalizeKind(written: string): string {
  const base = written.toLowerCase().split('.')[0];
  if (KIND_ALIASES[base]) return KIND_ALIASES[base];
  if (/sses$/.test(base)) return base.slice(0, -2);
  if (/ies$/.test(base)) return `${base.slice(0, -3)}y`;
  if (/[^s]s$/.test(base)) return base.slice(0, -1);
  return base;
}

function raiseRisk(risk: Risk, by: number): Risk {
  return RISK_ORDER[Math.min(RISK_ORDER.length - 1, Math.max(1, RISK_ORDER.indexOf(risk) + by))];
}

function riskOf(kind: string): Risk {
  return KIND_RISK[kind] ?? 'medium';
}

/** One object (or set of objects) a command acts on. */
interface Target {
  kind: string;
  name: string;
  namespace?: string;
  /** A selector, `--all` or an unreadable manifest: more than one object may go. */
  many?: boolean;
  /** What to say about it, e.g. `every pod matching app=web`. */
  phrase?: string;
  /** The resource to show when it is not `{kind, name}` (`pods in namespace` `prod` for `--all -n prod`). */
  shown?: { kind: string; name: string };
}

/** Option values in every form kubectl (pflag) accepts: `-f a -f=b -fc --filename d --filename=e`. */
function allValues(args: readonly string[], long: string, short?: string): string[] {
  const values: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '--') break;
    if (arg === long || arg === short) {
      if (i + 1 < args.length) values.push(args[++i]);
    } else if (arg.startsWith(`${long}=`)) values.push(arg.slice(long.length + 1));
    else if (short && arg.startsWith(short) && !arg.startsWith('--') && arg.length > 2) values.push(arg.slice(2).replace(/^=/, ''));
  }
  return values;
}

// ---- Manifests: read the objects a `-f file` names, so the person sees what really goes. ----

interface ManifestObject {
  kind: string;
  name: string;
  namespace?: string;
}

/** Top-level `kind`, `metadata.name` and `metadata.namespace` of each YAML document (or a JSON object/List). */
export function manifestObjects(text: string): ManifestObject[] | undefined {
  const trimmed = text.trim();
  if (trimmed.startsWith('{')) {
    try {
      const parsed = JSON.parse(trimmed) as { kind?: string; metadata?: { name?: string; namespace?: string }; items?: unknown[] };
      const items = Array.isArray(parsed.items) ? (parsed.items as (typeof parsed)[]) : [parsed];
      const objects = items
        .filter((o) => o?.kind && o.metadata?.name)
        .map((o) => ({ kind: o.kind!, name: o.metadata!.name!, namespace: o.metadata!.namespace }));
      return objects.length > 0 ? objects : undefined;
    } catch {
      return undefined;
    }
  }
  const objects: ManifestObject[] = [];
  for (const doc of text.split(/^---.*$/m)) {
    const kind = /^kind:\s*["']?([A-Za-z0-9.-]+)/m.exec(doc)?.[1];
    if (!kind) continue;
    const lines = doc.split('\n');
    const start = lines.findIndex((line) => /^metadata:\s*(#.*)?$/.test(line));
    if (start < 0) continue;
    let indent: number | undefined;
    const fields: Record<string, string> = {};
    for (const line of lines.slice(start + 1)) {
      if (/^\S/.test(line)) break;
      const match = /^(\s+)([A-Za-z]+):\s*["']?([^"'#\s]*)/.exec(line);
      if (!match) continue;
      indent ??= match[1].length;
      if (match[1].length === indent && match[3] && !fields[match[2]]) fields[match[2]] = match[3];
    }
    if (fields.name) objects.push({ kind, name: fields.name, namespace: fields.namespace });
  }
  return objects.length > 0 ? objects : undefined;
}

/** The objects behind `-f`/`-k`: read from the file or stdin when we can, else the file itself. */
function manifestTargets(inv: Invocation, ctx: RuleContext, args: readonly string[], namespace: string | undefined): Target[] {
  const targets: Target[] = [];
  const files = allValues(args, '--filename', '-f');
  // tree-sitter-bash drops the `-` in `kubectl delete -f - <<EOF` (it reads `- <<` as part of the heredoc), so
  // a trailing `-f` with a heredoc on stdin is the `-f -` kubectl actually receives.
  if (['-f', '--filename'].includes(args[args.length - 1] ?? '') && inv.stdin?.kind === 'text') files.push('-');
  for (const file of files) {
    let text: string | undefined;
    if (file === '-') {
      const fed = stdinText(inv.stdin, ctx.readText, ctx.home);
      text = fed?.known ? fed.text : undefined;
    } else if (!/^https?:\/\//.test(file)) {
      text = ctx.readText(resolvePath(inv.cwd, file, ctx.home));
    }
    const objects = text === undefined ? undefined : manifestObjects(text);
    if (!objects) {
      const written = file === '-' ? '(manifest on stdin)' : file;
      targets.push({ kind: 'manifest', name: written, namespace, many: true, phrase: `every object defined in ${written}` });
      continue;
    }
    for (const object of objects) targets.push({ kind: normalizeKind(object.kind), name: object.name, namespace: object.namespace ?? namespace });
  }
  for (const dir of allValues(args, '--kustomize', '-k')) {
    targets.push({ kind: 'kustomization', name: dir, namespace, many: true, phrase: `every object the kustomization ${dir} builds` });
  }
  return targets;
}

/** `every pod`, `every workload and service` (kubectl's `all` category). */
function every(kinds: readonly string[]): string {
  return `every ${kinds.map((kind) => (kind === 'all' ? 'workload and service' : kind)).join(' and ')}`;
}

function plural(kind: string): string {
  if (kind === 'all') return 'all';
  return /(s|x|ch|sh)$/.test(kind) ? `${kind}es` : /[^aeiou]y$/.test(kind) ? `${kind.slice(0, -1)}ies` : `${kind}s`;
}

function where(namespace: string | undefined, allNamespaces: boolean): string {
  if (allNamespaces) return ' in every namespace';
  return namespace ? ` in namespace ${namespace}` : '';
}

/**
 * What `kubectl delete|scale|replace …` names: `TYPE NAME…`, `TYPE/NAME…`, `TYPE1,TYPE2 NAME`, `-f`, `-k`,
 * `-l selector`, `--field-selector`, `--all`. Empty when kubectl would refuse (a type with no name).
 */
function targetsOf(inv: Invocation, ctx: RuleContext, args: readonly string[], words: readonly string[], namespace: string | undefined): Target[] {
  const allNamespaces = hasFlag(args, ['-A', '--all-namespaces']);
  const files = manifestTargets(inv, ctx, args, namespace);
  if (files.length > 0) return files;
  const [typeWord, ...names] = words;
  if (typeWord === undefined) return [];
  const offset = inv.argv.indexOf(typeWord);
  if (inv.dynamic[offset]) {
    // `… | xargs kubectl delete`: only runtime knows what goes.
    return [{ kind: 'resources', name: typeWord, namespace, many: true, phrase: `whatever objects ${typeWord} lists` }];
  }
  if (typeWord.includes('/')) {
    return words.map((word) => {
      const [kind, name] = word.split('/');
      return { kind: normalizeKind(kind), name: name ?? word, namespace };
    });
  }
  const kinds = typeWord.split(',').filter(Boolean).map(normalizeKind);
  const kindLabel = kinds.join(',');
  // Risk and wording follow the most destructive kind named (`pvc,pod` → persistentvolumeclaim).
  const worstKind = [...kinds].sort((a, b) => RISK_ORDER.indexOf(riskOf(b)) - RISK_ORDER.indexOf(riskOf(a)))[0];
  const selector = value(args, ['-l', '--selector']);
  const fieldSelector = value(args, ['--field-selector']);
  if (names.length > 0) {
    return kinds.flatMap((kind) => names.map((name) => ({ kind, name, namespace })));
  }
  if (selector || fieldSelector) {
    const matching = [selector, fieldSelector].filter(Boolean).join(', ');
    return [
      {
        kind: worstKind,
        name: matching,
        namespace,
        many: true,
        phrase: `${every(kinds)} matching ${matching}${where(namespace, allNamespaces)}`,
        shown: { kind: kindLabel, name: matching },
      },
    ];
  }
  if (flagOn(args, '--all')) {
    const clusterWide = kinds.every((kind) => CLUSTER_KINDS.has(kind));
    const scope = clusterWide
      ? ' in the cluster'
      : allNamespaces
        ? ' in every namespace'
        : ` in ${namespace ? `namespace ${namespace}` : 'the current namespace'}`;
    const shown =
      namespace && !allNamespaces && !clusterWide
        ? { kind: `${kinds.map(plural).join(',')} in namespace`, name: namespace }
        : { kind: kinds.map(plural).join(','), name: '--all' };
    return [{ kind: worstKind, name: '--all', namespace, many: true, phrase: `${every(kinds)}${scope}`, shown }];
  }
  return [];
}

function deletionSentence(target: Target, cascadeOrphan: boolean): string {
  const { kind, name } = target;
  const ns = where(target.namespace, false);
  if (target.many) {
    const first = target.phrase ?? `${every([kind])} matching ${name}`;
    if (kind === 'namespace' || kind === 'project')
      return `deletes ${first} and every resource in them, persistent volume claims and their data included`;
    return `deletes ${first}`;
  }
  switch (kind) {
    case 'namespace':
    case 'project':
      return `deletes the ${kind} ${name} and every resource in it, persistent volume claims (and, under the usual Delete reclaim policy, their volumes' data) included`;
    case 'persistentvolumeclaim':
      return `deletes the persistent volume claim ${name}${ns}; under the usual Delete reclaim policy its volume and all the data on it are destroyed`;
    case 'persistentvolume':
      return `deletes the persistent volume ${name}; the data on its disk is lost when the reclaim policy deletes it`;
    case 'customresourcedefinition':
      return `deletes the custom resource definition ${name} and every object of that type in every namespace`;
    case 'statefulset':
      return `deletes the stateful set ${name}${ns} and its pods${cascadeOrphan ? ' (its pods keep running: --cascade=orphan)' : '; its volume claims stay unless its retention policy deletes them'}`;
    case 'deployment':
    case 'daemonset':
    case 'replicaset':
    case 'replicationcontroller':
      return cascadeOrphan
        ? `deletes the ${kind} ${name}${ns}; its pods keep running (--cascade=orphan) but nothing manages them`
        : `deletes the ${kind} ${name}${ns} and all its pods; what it serves goes down`;
    case 'service':
      return `deletes the service ${name}${ns}; traffic to it stops and a load balancer's external IP is released`;
    case 'ingress':
      return `deletes the ingress ${name}${ns}; outside traffic through it stops`;
    case 'secret':
      return `deletes the secret ${name}${ns}; its values are gone and pods that use it fail to start`;
    case 'configmap':
      return `deletes the config map ${name}${ns}; pods that use it fail to start`;
    case 'pod':
      return `deletes the pod ${name}${ns}; a controller recreates it if one owns it, otherwise it is gone with its local data`;
    case 'job':
    case 'cronjob':
      return `deletes the ${kind === 'job' ? 'job' : 'cron job'} ${name}${ns} and its pods`;
    case 'node':
      return `removes the node ${name} from the cluster`;
    case 'all':
      return `deletes every pod, service, deployment, replica set, stateful set, daemon set, job and cron job named ${name}${ns}`;
    case 'manifest':
    case 'kustomization':
      return `deletes every object defined in ${name}`;
    default:
      return `deletes the ${kind} ${name}${ns}`;
  }
}

/** The most destructive target goes first: it names the finding. */
function worstFirst(targets: Target[]): Target[] {
  const weight = (t: Target) => RISK_ORDER.indexOf(riskOf(t.kind)) + (t.many ? 0.5 : 0);
  return [...targets].sort((a, b) => weight(b) - weight(a));
}

function listed(targets: Target[]): string {
  const names = targets.map((t) => `${t.kind} ${t.name}`);
  return names.length > 6 ? `${names.slice(0, 6).join(', ')} and ${names.length - 6} more` : names.join(', ');
}

const DEFAULT_CLASSIFIER = new EnvironmentResolver();

/** Where kubectl points: context, cluster, namespace, server, kubeconfig file names. */
function kubectlHints(inv: Invocation, args: readonly string[], targets: Target[]): EnvironmentHint[] {
  const hints: EnvironmentHint[] = [];
  const push = (source: string, v: string | undefined) => {
    if (v) hints.push({ source, value: v });
  };
  push('--context', value(args, ['--context']));
  push('--cluster', value(args, ['--cluster']));
  push('-n', value(args, ['-n', '--namespace']));
  push('--server', value(args, ['-s', '--server']));
  const kubeconfig = value(args, ['--kubeconfig']);
  if (kubeconfig) for (const name of kubeconfigNames(kubeconfig, inv.env.HOME)) push('--kubeconfig', name);
  else if (inv.env.KUBECONFIG) for (const name of kubeconfigNames(inv.env.KUBECONFIG, inv.env.HOME)) push('variable KUBECONFIG', name);
  // `-k overlays/prod`, `-f k8s/production/app.yaml`: a path naming production or staging raises; one naming
  // dev or test is too weak to lower (the manifest may well be applied to a production cluster).
  for (const file of [...allValues(args, '--filename', '-f'), ...allValues(args, '--kustomize', '-k')]) {
    const [written] = kubeconfigNames(file, inv.env.HOME);
    const meaning = DEFAULT_CLASSIFIER.classify(written);
    if (meaning === 'production' || meaning === 'staging') push('manifest path', written);
  }
  for (const target of targets) {
    // A namespace named prod is production, whatever context holds it.
    if ((target.kind === 'namespace' || target.kind === 'project') && !target.many) push(target.kind, target.name);
    if (target.namespace && target.namespace !== '(current namespace)') push('namespace', target.namespace);
  }
  return hints;
}

/** `microk8s kubectl …`, `k3s kubectl …`: the same kubectl, reached through the distribution's binary. */
function kubectlArgs(inv: Invocation): string[] | undefined {
  const args = inv.argv.slice(1);
  if (inv.program === 'microk8s' || inv.program === 'k3s') return args[0] === 'kubectl' ? args.slice(1) : undefined;
  return args;
}

function detectKubectl(inv: Invocation, ctx: RuleContext): Detection[] {
  const args = kubectlArgs(inv);
  if (!args || helpAsked(args)) return [];
  let words = positionals(args, KUBECTL_VALUED);
  if (inv.program === 'oc' && words[0] === 'adm') words = words.slice(1);
  const verb = words[0];
  const namespace = value(args, ['-n', '--namespace']);
  const rest = words.slice(1);
  switch (verb) {
    case 'delete':
      return kubectlDelete(inv, ctx, args, rest, namespace);
    case 'scale':
      return kubectlScale(inv, ctx, args, rest, namespace);
    case 'drain':
      return kubectlDrain(inv, ctx, args, rest);
    case 'replace':
      return flagOn(args, '--force') ? kubectlForceReplace(inv, ctx, args, rest, namespace) : [];
    case 'apply':
      return flagOn(args, '--prune') ? kubectlPrune(inv, ctx, args, namespace) : [];
    case 'patch':
      return patchesToZero(inv, ctx, args) ? kubectlScale(inv, ctx, [...args, '--replicas=0'], rest, namespace) : [];
    case 'prune':
      // `oc adm prune images --confirm` deletes images from the internal registry; without --confirm it is a dry run.
      return inv.program === 'oc' && rest[0] === 'images' && flagOn(args, '--confirm') ? ocPruneImages(inv, ctx, args) : [];
    default:
      return [];
  }
}

/** `kubectl patch deploy api -p '{"spec":{"replicas":0}}'` scales to zero as surely as `kubectl scale`. */
function patchesToZero(inv: Invocation, ctx: RuleContext, args: readonly string[]): boolean {
  const texts = allValues(args, '--patch', '-p');
  for (const file of allValues(args, '--patch-file')) texts.push(ctx.readText(resolvePath(inv.cwd, file, ctx.home)) ?? '');
  return texts.some(
    (text) =>
      /["']?\breplicas["']?\s*:\s*["']?0(?![\d.])/.test(text) ||
      // JSON patch: `[{"op":"replace","path":"/spec/replicas","value":0}]`.
      /"path"\s*:\s*"\/spec\/replicas"[^}]*"value"\s*:\s*"?0(?![\d.])|"value"\s*:\s*"?0"?\s*,[^}]*"path"\s*:\s*"\/spec\/replicas"/.test(text),
  );
}

function ocPruneImages(inv: Invocation, ctx: RuleContext, args: readonly string[]): Detection[] {
  return [
    detection({
      rule: 'kubernetes.prune-images',
      tool: inv.program,
      action: 'prune images',
      resource: { kind: 'image registry', name: value(args, ['--registry-url']) ?? 'the internal registry' },
      environment: ctx.environment(inv, kubectlHints(inv, args, []), 'remote'),
      reversible: false,
      blastRadius: 'deletes from the internal registry every image no pod, build or recent tag uses; rolling back to them needs a rebuild',
      risk: 'medium',
    }),
  ];
}

function kubectlDelete(inv: Invocation, ctx: RuleContext, args: readonly string[], rest: string[], namespace: string | undefined): Detection[] {
  const raw = value(args, ['--raw']);
  const targets = raw
    ? [{ kind: 'api path', name: raw, many: true, phrase: `whatever the API path ${raw} names` }]
    : targetsOf(inv, ctx, args, rest, namespace);
  if (targets.length === 0) return [];
  const environment = ctx.environment(inv, kubectlHints(inv, args, targets), 'remote');
  const ordered = worstFirst(targets);
  // `kubectl delete ns dev-1 prod`: name the namespace that made the environment production.
  const main = ordered.find((t) => t.kind === ordered[0].kind && environment.evidence.includes(JSON.stringify(t.name))) ?? ordered[0];
  const orphan = /^--cascade=orphan$/.test(args.find((a) => a.startsWith('--cascade=')) ?? '');
  let risk = raw ? 'high' : riskOf(main.kind);
  if (main.many && main.kind !== 'manifest' && main.kind !== 'kustomization') risk = raiseRisk(risk, 1);
  if (main.kind === 'manifest' || main.kind === 'kustomization' || main.kind === 'resources') risk = 'high';
  if (orphan && WORKLOAD_KINDS.has(main.kind)) risk = raiseRisk(risk, -1);
  const allNamespaces = hasFlag(args, ['-A', '--all-namespaces']);
  // Emptying every namespace, or a whole cluster's namespaces/CRDs/volumes, is a cluster wipe.
  const wipe =
    flagOn(args, '--all') && !raw && (allNamespaces || ['namespace', 'project', 'customresourcedefinition', 'persistentvolume'].includes(main.kind));
  const deny = wipe && (environment.name === 'production' || environment.name === 'unknown');
  const sentence = deletionSentence(main, orphan);
  const others = ordered.length > 1 ? `; ${ordered.length} objects in all: ${listed(ordered)}` : '';
  return [
    detection({
      rule: 'kubernetes.delete',
      tool: inv.program,
      action: 'delete',
      resource: main.shown ?? { kind: main.kind, name: main.name },
      environment,
      reversible: false,
      blastRadius: `${sentence}${others}`,
      risk,
      deny,
    }),
  ];
}

function kubectlScale(inv: Invocation, ctx: RuleContext, args: readonly string[], rest: string[], namespace: string | undefined): Detection[] {
  const replicas = value(args, ['--replicas']);
  if (replicas === undefined || Number(replicas) !== 0) return [];
  const targets = targetsOf(inv, ctx, args, rest, namespace);
  if (targets.length === 0) return [];
  const ordered = worstFirst(targets);
  const main = ordered[0];
  const what = main.many
    ? (main.phrase ?? `${every([main.kind])} matching ${main.name}`)
    : `the ${main.kind} ${main.name}${where(main.namespace, false)}`;
  const others = ordered.length > 1 ? ` (${ordered.length} in all: ${listed(ordered)})` : '';
  return [
    detection({
      rule: 'kubernetes.scale-to-zero',
      tool: inv.program,
      action: 'scale to zero',
      resource: main.shown ?? { kind: main.kind, name: main.name },
      environment: ctx.environment(inv, kubectlHints(inv, args, targets), 'remote'),
      reversible: true,
      blastRadius: `scales ${what}${others} to zero replicas: every pod stops and it serves nothing until scaled back up`,
      risk: main.many ? 'high' : 'medium',
    }),
  ];
}

function kubectlDrain(inv: Invocation, ctx: RuleContext, args: readonly string[], rest: string[]): Detection[] {
  const selector = value(args, ['-l', '--selector']);
  const node = rest[0] ?? selector;
  if (!node) return [];
  const losesData = flagOn(args, '--delete-emptydir-data') || flagOn(args, '--delete-local-data');
  const unmanaged = flagOn(args, '--force');
  const bypassesBudgets = flagOn(args, '--disable-eviction');
  const parts = [
    `evicts every pod from ${rest[0] ? `the node ${rest[0]}` : `the nodes matching ${selector}`} and cordons it; pods move to other nodes if there is room`,
  ];
  if (losesData) parts.push('the emptyDir data of those pods is deleted');
  if (unmanaged) parts.push('pods no controller manages are deleted for good (--force)');
  if (bypassesBudgets) parts.push('pod disruption budgets are bypassed (--disable-eviction)');
  return [
    detection({
      rule: 'kubernetes.drain',
      tool: inv.program,
      action: 'drain',
      resource: { kind: 'node', name: node },
      environment: ctx.environment(inv, kubectlHints(inv, args, []), 'remote'),
      reversible: !(losesData || unmanaged),
      blastRadius: parts.join('; '),
      risk: losesData || unmanaged || bypassesBudgets ? 'high' : 'medium',
    }),
  ];
}

function kubectlForceReplace(inv: Invocation, ctx: RuleContext, args: readonly string[], rest: string[], namespace: string | undefined): Detection[] {
  const targets = targetsOf(inv, ctx, args, rest, namespace);
  if (targets.length === 0) return [];
  const ordered = worstFirst(targets);
  const main = ordered[0];
  const holdsData = ordered.some((t) => DATA_KINDS.has(t.kind) || t.kind === 'manifest' || t.kind === 'kustomization');
  const what = ordered.length > 1 || main.many ? (main.many ? (main.phrase ?? main.name) : listed(ordered)) : `the ${main.kind} ${main.name}`;
  return [
    detection({
      rule: 'kubernetes.force-replace',
      tool: inv.program,
      action: 'force replace',
      resource: main.shown ?? { kind: main.kind, name: main.name },
      environment: ctx.environment(inv, kubectlHints(inv, args, targets), 'remote'),
      reversible: false,
      blastRadius: `deletes and re-creates ${what}: pods restart, and a namespace or volume claim re-created this way comes back empty`,
      risk: holdsData ? 'high' : 'medium',
    }),
  ];
}

function kubectlPrune(inv: Invocation, ctx: RuleContext, args: readonly string[], namespace: string | undefined): Detection[] {
  const files = [...allValues(args, '--filename', '-f'), ...allValues(args, '--kustomize', '-k')];
  const selector = value(args, ['-l', '--selector']);
  const source = files.join(', ') || '(manifests)';
  const scope = selector ? `matching ${selector}` : 'that kubectl applied before';
  return [
    detection({
      rule: 'kubernetes.prune',
      tool: inv.program,
      action: 'prune',
      resource: { kind: 'manifest', name: source },
      environment: ctx.environment(inv, kubectlHints(inv, args, []), 'remote'),
      reversible: false,
      blastRadius: `deletes every object ${scope}${where(namespace, hasFlag(args, ['-A', '--all-namespaces']))} that ${source} no longer lists`,
      risk: 'high',
    }),
  ];
}

export const rules: readonly CommandRule[] = [
  { family: 'kubernetes', programs: ['kubectl', 'oc', 'kubecolor', 'microk8s', 'k3s'], detect: detectKubectl },
];
