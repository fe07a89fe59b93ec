// Railway CLI (`railway`): volumes, buckets, services, functions, environments and whole projects, plus
// `down` (removes the latest deployment) and variable deletion. Subcommands and aliases follow the CLI's
// clap definitions (railwayapp/cli src/commands/*.rs): `volume delete|remove|rm`, `environment|env delete|remove|rm`,
// `variable|variables|vars|var delete|remove|rm`, `delete` / `project delete|rm` for projects.
// `railway run` is unwrapped in wrappers.ts; Railway's GraphQL API sent with curl belongs to the http rules.
import type { EnvironmentHint } from '../environment';
import { positionals } from './args';
import type { CommandRule } from './rule';
import { hintsFromOptions, tableRule, type ToolTable } from './subcommands';

/** Options that take a value anywhere in the CLI; everything else (`-y`, `--json`) is a switch. */
const VALUED = [
  '-e',
  '--environment',
  '-s',
  '--service',
  '-p',
  '--project',
  '-v',
  '--volume',
  '-b',
  '--bucket',
  '-f',
  '--function',
  '-m',
  '--mount-path',
  '-n',
  '--name',
  '--2fa-code',
];

const DELETE = 'delete|remove|rm';
const VARIABLE = 'variable|variables|vars|var';
const FUNCTIONS = 'functions|function|func|fn|funcs|fns';

/** Without `-e` the CLI acts on the environment linked in ~/.railway/config.json, which a command cannot show. */
function environmentHints(args: readonly string[]): EnvironmentHint[] {
  const hints = hintsFromOptions(args, { '--environment': ['-e', '--environment'], '--project': ['-p', '--project'] });
  const words = positionals(args, VALUED);
  // `railway environment delete production`: the environment deleted is the environment acted on.
  if (['environment', 'env'].includes(words[0]) && DELETE.split('|').includes(words[1]) && words[2]) {
    hints.push({ source: 'environment deleted', value: words[2] });
  }
  return hints;
}

const table: ToolTable = {
  family: 'railway',
  programs: ['railway'],
  valued: VALUED,
  environmentHints,
  specs: [
    {
      path: ['volume', DELETE],
      action: 'volume delete',
      resource: { kind: 'volume', options: ['-v', '--volume'], fallback: '(volume chosen interactively)' },
      // Volume backups belong to the volume: deleting it took every backup with it (April 2026 incident).
      blastRadius: 'deletes the volume, its data and every backup of it',
      risk: 'critical',
    },
    {
      path: ['volume', 'detach'],
      action: 'volume detach',
      resource: { kind: 'volume', options: ['-v', '--volume'], fallback: '(volume chosen interactively)' },
      blastRadius: 'detaches the volume from its service: the service restarts without its data (a database starts empty) until it is attached again',
      risk: 'medium',
      reversible: true,
    },
    {
      path: ['bucket', DELETE],
      action: 'bucket delete',
      resource: { kind: 'bucket', options: ['-b', '--bucket'], fallback: '(bucket chosen interactively)' },
      blastRadius: 'deletes the storage bucket and every object in it',
      risk: 'critical',
    },
    {
      path: ['environment|env', DELETE],
      action: 'environment delete',
      resource: { kind: 'environment', positional: 0, fallback: '(environment chosen interactively)' },
      blastRadius: 'deletes the environment with every service, deployment, variable and volume in it',
      risk: 'critical',
    },
    {
      path: ['service', DELETE],
      action: 'service delete',
      resource: { kind: 'service', options: ['-s', '--service'], fallback: '(linked service)' },
      blastRadius: 'deletes the service from the environment with all its deployments; a volume attached to it goes with it',
      risk: 'high',
    },
    {
      path: [FUNCTIONS, DELETE],
      action: 'function delete',
      resource: { kind: 'function', options: ['-f', '--function'], fallback: '(function chosen interactively)' },
      blastRadius: 'deletes the function service and its deployments',
      risk: 'medium',
    },
    {
      path: ['project', DELETE],
      action: 'project delete',
      resource: { kind: 'project', options: ['-p', '--project'], fallback: '(project chosen interactively)' },
      blastRadius: 'deletes the project with every environment, service, volume, volume backup and variable in it',
      risk: 'critical',
    },
    {
      // The top-level `railway delete` is the older spelling of `railway project delete`.
      path: ['delete'],
      action: 'project delete',
      resource: { kind: 'project', options: ['-p', '--project'], fallback: '(project chosen interactively)' },
      blastRadius: 'deletes the project with every environment, service, volume, volume backup and variable in it',
      risk: 'critical',
    },
    {
      path: ['down'],
      action: 'down',
      resource: { kind: 'service', options: ['-s', '--service'], fallback: '(linked service)' },
      blastRadius: 'removes the most recent successful deployment: the service stops serving until it is deployed again',
      risk: 'medium',
      reversible: true,
    },
    {
      path: [VARIABLE, DELETE],
      action: 'variable delete',
      resource: { kind: 'variable', positional: 0 },
      blastRadius: 'deletes the variable from the service; its value cannot be read back and the next deployment runs without it',
      risk: 'medium',
    },
    {
      // Not in current releases (`railway domain` only adds); kept so a future or older removal is still gated.
      path: ['domain', DELETE],
      action: 'domain delete',
      resource: { kind: 'domain', positional: 0, fallback: '(domain chosen interactively)' },
      blastRadius: 'removes the domain from the service: requests to it stop reaching the app',
      risk: 'medium',
    },
  ],
};

export const rules: readonly CommandRule[] = [tableRule(table)];
