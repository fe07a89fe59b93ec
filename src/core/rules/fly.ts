// Fly.io (`fly`, `flyctl`): apps, volumes, Postgres clusters (legacy `postgres` apps and Managed Postgres
// `mpg`), Fly MySQL, machines, secrets, IPs, certificates, Upstash Redis, Tigris storage, the `fly ext` extensions
// (PlanetScale, Supabase, Upstash, Kubernetes…), and scaling to zero.
// Aliases follow flyctl's cobra definitions (superfly/flyctl internal/command/*): `apps destroy|delete|remove|rm`,
// `volumes destroy|delete|rm`, `mpg destroy|delete|remove|rm`. `fly deploy` replaces machines from the
// image and keeps volumes: not destructive.
import path from 'node:path';
import type { EnvironmentHint } from '../environment';
import type { Invocation } from '../invocation';
import { optionValue, positionals } from './args';
import type { CommandRule, RuleContext } from './rule';
import { tableRule, type ToolTable } from './subcommands';

const VALUED = [
  '-a',
  '--app',
  '-c',
  '--config',
  '-o',
  '--org',
  '-r',
  '--region',
  '-t',
  '--access-token',
  '--process-group',
  '--vm-size',
  '--vm-memory',
  '--vm-cpus',
  '--image',
  '--machine',
  '--group',
];

const DESTROY = 'destroy|delete|remove|rm';
const APPS = 'apps|app';
const VOLUMES = 'volumes|volume|vol';
const MACHINES = 'machines|machine|m';

/** flyctl reads the app from `-a`, then FLY_APP, then the `app` key of fly.toml (or the `--config` file). */
function appNameFromConfig(inv: Invocation, readText: (file: string) => string | undefined, args: readonly string[]): { file: string; app?: string } {
  const configured = optionValue(args, ['-c', '--config']);
  const file = path.resolve(inv.cwd, configured ?? 'fly.toml');
  const text = readText(file);
  const app = text ? /^\s*app\s*=\s*["']([^"']+)["']/m.exec(text)?.[1] : undefined;
  return { file: configured ?? 'fly.toml', app };
}

function environmentHints(args: readonly string[], inv: Invocation, ctx: RuleContext): EnvironmentHint[] {
  const hints: EnvironmentHint[] = [];
  const app = optionValue(args, ['-a', '--app']);
  if (app) hints.push({ source: '--app', value: app });
  else if (inv.env.FLY_APP) hints.push({ source: 'variable FLY_APP', value: inv.env.FLY_APP });
  else {
    const config = appNameFromConfig(inv, ctx.readText, args);
    if (config.app) hints.push({ source: `app in ${config.file}`, value: config.app });
  }
  // `--config fly.production.toml`: the file name itself says which deployment it describes.
  const configFile = optionValue(args, ['-c', '--config']);
  if (configFile) hints.push({ source: '--config', value: path.basename(configFile) });
  const words = positionals(args, VALUED);
  // `fly apps destroy my-app-staging`, `fly pg destroy db-prod`: the app destroyed names the environment.
  if (['apps', 'app', 'postgres', 'pg', 'destroy', 'redis', 'mpg'].includes(words[0])) {
    const named = words[0] === 'destroy' ? words[1] : DESTROY.split('|').includes(words[1]) ? words[2] : undefined;
    if (named) hints.push({ source: 'app destroyed', value: named });
  }
  return hints;
}

/** `fly scale count 0`, `fly scale count web=0 worker=0`. */
function scalesToZero(_args: readonly string[], rest: readonly string[]): boolean {
  return rest.some((word) => word === '0' || /^[\w-]+=0$/.test(word));
}

const SPECS: ToolTable['specs'] = [
  {
    path: [APPS, DESTROY],
    action: 'app destroy',
    resource: { kind: 'app', positional: 0 },
    blastRadius: 'destroys the app with every machine, volume and its data, secret, IP and certificate it has',
    risk: 'critical',
  },
  {
    // `fly destroy APP` is the older top-level spelling of `fly apps destroy`.
    path: ['destroy'],
    action: 'app destroy',
    resource: { kind: 'app', positional: 0 },
    blastRadius: 'destroys the app with every machine, volume and its data, secret, IP and certificate it has',
    risk: 'critical',
  },
  {
    path: [VOLUMES, DESTROY],
    action: 'volume destroy',
    resource: { kind: 'volume', from: (_args, rest) => rest.join(' ') || undefined, fallback: '(volume chosen interactively)' },
    blastRadius: 'destroys the volume and all its data; flyctl warns this is not reversible',
    risk: 'critical',
  },
  {
    path: ['postgres|pg', DESTROY],
    action: 'postgres destroy',
    resource: { kind: 'database', positional: 0 },
    blastRadius: 'destroys the Postgres app with its volumes: every database in the cluster and its data',
    risk: 'critical',
  },
  {
    path: ['mpg|managed-postgres', DESTROY],
    action: 'managed postgres destroy',
    resource: { kind: 'database', positional: 0 },
    blastRadius: 'destroys the Managed Postgres cluster and all its data',
    risk: 'critical',
  },
  {
    path: ['redis', DESTROY],
    action: 'redis destroy',
    resource: { kind: 'database', positional: 0 },
    blastRadius: 'destroys the Upstash Redis database and its data',
    risk: 'high',
  },
  {
    path: ['storage|tigris', DESTROY],
    action: 'storage destroy',
    resource: { kind: 'bucket', positional: 0 },
    blastRadius: 'destroys the Tigris bucket and every object in it',
    risk: 'critical',
  },
  {
    path: ['mysql', DESTROY],
    action: 'mysql destroy',
    resource: { kind: 'database', positional: 0, fallback: '(MySQL cluster of the app)' },
    blastRadius: 'destroys the Fly MySQL cluster and all its data',
    risk: 'critical',
  },
  {
    // `fly ext <provider> destroy [name]` (flyctl internal/command/extensions/*/destroy.go): "Permanently destroy …".
    path: ['extensions|extension|ext', 'planetscale|supabase|mysql|upstash|kafka|vector|tigris|kubernetes|k8s', DESTROY],
    action: 'extension destroy',
    resource: { kind: 'extension', positional: 0, fallback: '(extension of the app)' },
    blastRadius: (name, args) =>
      `permanently destroys the ${positionals(args, VALUED)[1]} extension ${name} with the data it holds (database, bucket, queue or cluster)`,
    risk: 'critical',
  },
  {
    path: ['extensions|extension|ext', 'sentry|arcjet|wafris|enveloop', DESTROY],
    action: 'extension destroy',
    resource: { kind: 'extension', positional: 0, fallback: '(extension of the app)' },
    blastRadius: (name, args) => `destroys the ${positionals(args, VALUED)[1]} extension ${name} with its settings and history`,
    risk: 'low',
  },
  {
    path: ['orgs|org', DESTROY],
    action: 'organization delete',
    resource: { kind: 'organization', positional: 0 },
    blastRadius: 'deletes the organization with every app, volume and database in it',
    risk: 'critical',
  },
  {
    path: [MACHINES, DESTROY],
    action: 'machine destroy',
    resource: { kind: 'machine', from: (_args, rest) => rest.join(' ') || undefined, fallback: '(machine chosen interactively)' },
    blastRadius: 'destroys the machine and its root filesystem (attached volumes stay); --force stops it first if it is running',
    risk: 'medium',
  },
  {
    path: ['secrets|secret', 'unset'],
    action: 'secrets unset',
    resource: { kind: 'secret', from: (_args, rest) => rest.join(' ') || undefined },
    blastRadius: 'removes the secrets from the app and redeploys it; their values cannot be read back',
    risk: 'medium',
  },
  {
    path: ['ips|ip', 'release'],
    action: 'ip release',
    resource: { kind: 'ip address', positional: 0 },
    blastRadius: 'releases the IP address: DNS records pointing at it stop reaching the app, and a dedicated address cannot be got back',
    risk: 'medium',
  },
  {
    path: ['certs|cert', 'remove|delete|rm'],
    action: 'certificate remove',
    resource: { kind: 'certificate', positional: 0 },
    blastRadius: 'removes the certificate for the hostname: HTTPS to that hostname stops working until it is issued again',
    risk: 'medium',
  },
];

/** Scaling names no app on the command line most of the time: it is the one in fly.toml. */
const scaleToZero: ToolTable['specs'][number] = {
  path: ['scale', 'count'],
  action: 'scale to zero',
  resource: {
    kind: 'app',
    options: ['-a', '--app'],
    from: (args, _rest, inv, ctx) => inv.env.FLY_APP ?? appNameFromConfig(inv, ctx.readText, args).app,
    fallback: '(app of the linked fly.toml)',
  },
  when: scalesToZero,
  blastRadius: 'stops every machine of the process group: the app serves nothing until scaled up again',
  risk: 'medium',
  reversible: true,
};

// `flyctl` is the same binary; program names are not folded, so both are listed.
const PROGRAMS = ['fly', 'flyctl'];

export const rules: readonly CommandRule[] = [
  tableRule({ family: 'fly', programs: PROGRAMS, valued: VALUED, environmentHints, specs: [...SPECS, scaleToZero] }),
];
