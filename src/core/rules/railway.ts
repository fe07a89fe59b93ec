// Railway CLI (`railway`): volumes, buckets, services, functions, environments and whole projects, plus
// `down` (removes the latest deployment) and variable deletion. Subcommands and aliases follow the CLI's
// clap definitions (railwayapp/cli src/commands/*.rs): `volume delete|remove|rm`, `environment|env delete|remove|rm`,
// `variable|variables|vars|var delete|remove|rm`, `delete` / `project delete|rm` for projects, `volume files delete`.
// `railway api` GraphQL documents are judged like the same request sent with curl (the http rules' GraphQL reading).
// `railway run` is unwrapped in wrappers.ts; Railway's GraphQL API sent with curl belongs to the http rules.
import type { EnvironmentHint } from '../environment';
import { resolvePath } from '../shellReader';
import { stdinText } from '../stdin';
import { optionValue, optionValues, positionals } from './args';
import { parseUrl, requestFindings } from './http';
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
      // `railway volume files delete --volume v PATH`, `railway service files delete --service s PATH` (SFTP on the volume).
      path: ['volume|service', 'files', DELETE],
      action: 'volume file delete',
      resource: { kind: 'file', positional: 0, fallback: '(path not named)' },
      blastRadius: (name, args) =>
        `deletes ${name} from ${optionValue(args, ['-v', '--volume']) ? `the volume ${optionValue(args, ['-v', '--volume'])}` : 'the volume of the service'}; volume files have no trash`,
      risk: 'medium',
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

/**
 * `railway api [QUERY] [-f FILE] [--variables JSON|@PATH] [--var K=V] [--raw-var K=V]` sends a GraphQL document to
 * Railway's public API (railwayapp/cli src/commands/api.rs): a `volumeDelete` through it is the April 2026 incident
 * again, so it is judged like the same request sent with curl. `api schema|search|describe` only read the schema.
 */
const apiRule: CommandRule = {
  family: 'railway',
  programs: ['railway'],
  detect(inv, ctx) {
    const all = inv.argv.slice(1);
    const at = all.indexOf('api');
    if (at < 0 || positionals(all, VALUED)[0] !== 'api' || all.includes('--help') || all.includes('-h')) return [];
    const args = all.slice(at + 1);
    const valued = ['-f', '--file', '--variables', '--var', '--raw-var', '--operation-name'];
    const words = positionals(args, valued);
    if (['schema', 'search', 'describe'].includes(words[0] ?? '')) return [];
    let opaque = inv.dynamic.slice(at + 2).some(Boolean);
    const read = (file: string): string | undefined => {
      if (file === '-') {
        const fed = stdinText(inv.stdin, ctx.readText, ctx.home);
        return fed?.known ? fed.text : undefined;
      }
      return ctx.readText(resolvePath(inv.cwd, file, ctx.home));
    };
    const file = optionValue(args, ['-f', '--file']);
    // The document: the QUERY argument, `--file`, or what is piped in; with none the CLI refuses to run.
    if (words[0] === undefined && !file && !inv.stdin) return [];
    let query = words[0] ?? read(file ?? '-');
    if (query === undefined) {
      opaque = true;
      query = '';
    }
    const variables: Record<string, unknown> = {};
    const given = optionValue(args, ['--variables']);
    if (given) {
      const text = given.startsWith('@') ? read(given.slice(1)) : given;
      try {
        Object.assign(variables, JSON.parse(text ?? '{}'));
      } catch {
        opaque = true;
      }
    }
    for (const [option, typed] of [
      ['--var', true],
      ['--raw-var', false],
    ] as const) {
      for (const item of optionValues(args, [option])) {
        const eq = item.indexOf('=');
        if (eq <= 0) continue;
        const value = item.slice(eq + 1);
        try {
          variables[item.slice(0, eq).trim()] = typed ? JSON.parse(value) : value;
        } catch {
          variables[item.slice(0, eq).trim()] = value;
        }
      }
    }
    const url = parseUrl('https://backboard.railway.com/graphql/v2');
    const bodies = query ? [JSON.stringify({ query, variables })] : [];
    return requestFindings(inv, ctx, { method: 'POST', url, bodies, opaqueBody: opaque }, 'railway', environmentHints(all));
  },
};

export const rules: readonly CommandRule[] = [tableRule(table), apiRule];
