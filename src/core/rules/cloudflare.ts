// Cloudflare's Wrangler CLI (`wrangler`, developers.cloudflare.com/workers/wrangler/commands): deleting Workers,
// D1 databases (and restoring one to an earlier point, which overwrites it), KV namespaces, keys and bulk keys,
// R2 buckets and objects, Queues, Vectorize indexes, Hyperdrive configs, Pages projects, dispatch namespaces and
// secrets. Both spellings are read: `kv namespace delete` (Wrangler 3+) and `kv:namespace delete` (older).
// `wrangler d1 execute` SQL is read by the SQL rules; deploy, dev, tail and the list/get/create commands are allowed.
import path from 'node:path';
import type { EnvironmentHint } from '../environment';
import type { Invocation } from '../invocation';
import { optionValue, positionals } from './args';
import type { CommandRule, RuleContext } from './rule';
import { tableRule, type SubcommandSpec } from './subcommands';

const VALUED = [
  '-e',
  '--env',
  '-c',
  '--config',
  '--name',
  '--binding',
  '--namespace-id',
  '--preview-id',
  '--bookmark',
  '--timestamp',
  '--jurisdiction',
  '--persist-to',
  '--project-name',
  '--account-id',
  '--cwd',
];

/** The Worker's name: `--name`, else `name` in wrangler.toml / wrangler.json(c) (or the `--config` file). */
function workerName(args: readonly string[], inv: Invocation, ctx: RuleContext): string | undefined {
  const named = optionValue(args, ['--name']);
  if (named) return named;
  const configured = optionValue(args, ['-c', '--config']);
  for (const file of configured ? [configured] : ['wrangler.toml', 'wrangler.jsonc', 'wrangler.json']) {
    const text = ctx.readText(path.resolve(inv.cwd, file));
    const name = text ? (/^\s*name\s*=\s*["']([^"']+)["']/m.exec(text) ?? /"name"\s*:\s*"([^"]+)"/.exec(text))?.[1] : undefined;
    if (name) return name;
  }
  return undefined;
}

function environmentHints(args: readonly string[], inv: Invocation, ctx: RuleContext): EnvironmentHint[] {
  const hints: EnvironmentHint[] = [];
  const env = optionValue(args, ['-e', '--env']) ?? inv.env.CLOUDFLARE_ENV;
  if (env) hints.push({ source: optionValue(args, ['-e', '--env']) ? '--env' : 'variable CLOUDFLARE_ENV', value: env });
  // `wrangler d1 delete shop-prod`, `wrangler r2 bucket delete assets-staging`: the name says where it lives.
  const words = positionals(args, VALUED);
  const at = words.indexOf('delete');
  const named = at >= 0 ? words[at + 1] : words[0] === 'd1' && words[1] === 'time-travel' ? words[3] : undefined;
  if (named) hints.push({ source: 'resource named', value: named });
  const worker = workerName(args, inv, ctx);
  if (worker) hints.push({ source: 'worker', value: worker });
  return hints;
}

const positional = (kind: string) => ({ kind, positional: 0 });
const KV = (noun: string) => `kv:${noun}`;

const SPECS: SubcommandSpec[] = [
  {
    path: ['delete'],
    action: 'worker delete',
    resource: {
      kind: 'worker',
      from: (args, rest, inv, ctx) => rest[0] ?? workerName(args, inv, ctx),
      fallback: '(worker in wrangler.toml)',
    },
    blastRadius: (name) => `deletes the Worker ${name} with its deployments, routes and secrets; requests to it fail`,
    risk: 'high',
  },
  {
    path: ['d1', 'delete'],
    action: 'd1 delete',
    resource: positional('database'),
    blastRadius: (name) => `deletes the D1 database ${name} and every table and row in it`,
    risk: 'critical',
  },
  {
    path: ['d1', 'time-travel', 'restore'],
    action: 'd1 time-travel restore',
    resource: positional('database'),
    blastRadius: (name, args) =>
      `restores the D1 database ${name} to ${optionValue(args, ['--timestamp']) ?? optionValue(args, ['--bookmark']) ?? 'an earlier point'}: every write since then is undone (the bookmark it prints can undo the restore)`,
    risk: 'high',
    reversible: true,
  },
  {
    path: ['kv|' + KV('namespace'), 'namespace|delete'],
    action: 'kv namespace delete',
    when: (args) => {
      const words = positionals(args, VALUED);
      return words[0] === KV('namespace') ? words[1] === 'delete' : words[1] === 'namespace' && words[2] === 'delete';
    },
    resource: {
      kind: 'kv namespace',
      options: ['--namespace-id', '--binding'],
      from: (args) => {
        const words = positionals(args, VALUED);
        return words[0] === KV('namespace') ? words[2] : words[3];
      },
    },
    blastRadius: (name) => `deletes the KV namespace ${name} and every key and value in it`,
    risk: 'critical',
  },
  {
    path: ['kv|' + KV('bulk'), 'bulk|delete'],
    action: 'kv bulk delete',
    when: (args) => {
      const words = positionals(args, VALUED);
      return words[0] === KV('bulk') ? words[1] === 'delete' : words[1] === 'bulk' && words[2] === 'delete';
    },
    resource: { kind: 'kv namespace', options: ['--namespace-id', '--binding'], fallback: '(namespace not named)' },
    blastRadius: (name) => `deletes every key listed in the file from the KV namespace ${name}`,
    risk: 'high',
  },
  {
    path: ['kv|' + KV('key'), 'key|delete'],
    action: 'kv key delete',
    when: (args) => {
      const words = positionals(args, VALUED);
      return words[0] === KV('key') ? words[1] === 'delete' : words[1] === 'key' && words[2] === 'delete';
    },
    resource: {
      kind: 'kv key',
      from: (args) => {
        const words = positionals(args, VALUED);
        return words[0] === KV('key') ? words[2] : words[3];
      },
    },
    blastRadius: (name, args) =>
      `deletes the key ${name} from the KV namespace ${optionValue(args, ['--namespace-id', '--binding']) ?? '(namespace not named)'}`,
    risk: 'low',
  },
  {
    path: ['r2', 'bucket', 'delete'],
    action: 'r2 bucket delete',
    resource: positional('bucket'),
    blastRadius: (name) => `deletes the R2 bucket ${name} (refused unless it is empty); its name and settings are gone`,
    risk: 'medium',
  },
  {
    path: ['r2', 'object', 'delete'],
    action: 'r2 object delete',
    resource: positional('object'),
    blastRadius: (name) => `deletes the R2 object ${name}; R2 keeps no older version to restore`,
    risk: 'medium',
  },
  {
    path: ['queues|queue', 'delete'],
    action: 'queue delete',
    resource: positional('queue'),
    blastRadius: (name) => `deletes the queue ${name} and every message waiting in it`,
    risk: 'high',
  },
  {
    path: ['vectorize', 'delete'],
    action: 'vectorize delete',
    resource: positional('vector index'),
    blastRadius: (name) => `deletes the Vectorize index ${name} and every vector stored in it`,
    risk: 'critical',
  },
  {
    path: ['hyperdrive', 'delete'],
    action: 'hyperdrive delete',
    resource: positional('hyperdrive config'),
    blastRadius: (name) => `deletes the Hyperdrive configuration ${name}; Workers bound to it lose their database connection`,
    risk: 'medium',
  },
  {
    path: ['pages', 'project', 'delete'],
    action: 'pages project delete',
    resource: positional('pages project'),
    blastRadius: (name) => `deletes the Pages project ${name} with every deployment and its custom domains`,
    risk: 'high',
  },
  {
    path: ['dispatch-namespace', 'delete'],
    action: 'dispatch namespace delete',
    resource: positional('dispatch namespace'),
    blastRadius: (name) => `deletes the dispatch namespace ${name} and every user Worker in it`,
    risk: 'critical',
  },
  {
    path: ['secret|versions', 'delete|secret'],
    action: 'secret delete',
    when: (args) => {
      const words = positionals(args, VALUED);
      return words[0] === 'secret' ? words[1] === 'delete' : words[1] === 'secret' && words[2] === 'delete';
    },
    resource: {
      kind: 'secret',
      from: (args) => {
        const words = positionals(args, VALUED);
        return words[0] === 'secret' ? words[2] : words[3];
      },
    },
    blastRadius: (name) => `deletes the Worker secret ${name}; its value cannot be read back and code reading it gets nothing`,
    risk: 'medium',
  },
];

export const rules: readonly CommandRule[] = [
  tableRule({
    family: 'cloudflare',
    programs: ['wrangler'],
    valued: VALUED,
    environmentHints,
    // `--local` acts on the development copy under .wrangler/state on this machine.
    kind: (args) => (args.includes('--local') ? 'local' : 'remote'),
    specs: SPECS,
  }),
];
