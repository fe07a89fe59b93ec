// Vercel CLI (`vercel`, also installed as `vc`): removing deployments or whole projects, environment
// variables, domains, DNS records, aliases, certificates, legacy secrets, Blob stores and objects, and
// Marketplace resources, and `vercel api` requests (REST paths or OpenAPI operations) that delete.
// `vercel deploy --prod`, `vercel promote` and `vercel rollback` only change which deployment serves traffic:
// not destructive.
import type { EnvironmentHint } from '../environment';
import { namesDeletion } from '../graphql';
import { resolvePath } from '../shellReader';
import { stdinText } from '../stdin';
import { optionValue, optionValues, positionals } from './args';
import { parseUrl, requestFindings } from './http';
import { detection, type CommandRule } from './rule';
import { hintsFromOptions, tableRule, type ToolTable } from './subcommands';

const VALUED = [
  '-S',
  '--scope',
  '-T',
  '--team',
  '-t',
  '--token',
  '-A',
  '--local-config',
  '-Q',
  '--global-config',
  '--cwd',
  '-e',
  '--env',
  '-b',
  '--build-env',
  '-m',
  '--meta',
  '--target',
  '--environment',
  '--git-branch',
  '--rw-token',
];

const REMOVE = 'rm|remove';

/** Vercel's own environment names; custom environments fall back to the resolver's words. */
const TARGETS: Record<string, EnvironmentHint['meaning']> = { production: 'production', preview: 'development', development: 'development' };

function environmentHints(args: readonly string[]): EnvironmentHint[] {
  const hints = hintsFromOptions(args, { '--scope': ['-S', '--scope', '-T', '--team'] });
  const words = positionals(args, VALUED);
  // `vercel env rm DATABASE_URL production`: the third word is the environment it is removed from.
  if (words[0] === 'env' && REMOVE.split('|').includes(words[1]) && words[3]) {
    hints.push({ source: 'vercel env rm target', value: words[3], meaning: TARGETS[words[3]] });
  }
  // `vercel rm my-app-staging`: the project or deployment removed names the environment.
  if (REMOVE.split('|').includes(words[0]) && words[1]) hints.push({ source: 'removed', value: words[1] });
  if (['project', 'projects'].includes(words[0]) && REMOVE.split('|').includes(words[1]) && words[2])
    hints.push({ source: 'project removed', value: words[2] });
  return hints;
}

/** A deployment is named by its URL (`my-app-abc123.vercel.app`) or id (`dpl_…`); anything else is a project. */
function namesDeployment(_args: readonly string[], rest: readonly string[]): boolean {
  return rest.length > 0 && rest.every((word) => word.includes('.') || word.startsWith('dpl_') || word.startsWith('https://'));
}

const joined = (_args: readonly string[], rest: readonly string[]) => rest.join(' ') || undefined;

const table: ToolTable = {
  family: 'vercel',
  programs: ['vercel', 'vc'],
  valued: VALUED,
  environmentHints,
  specs: [
    {
      path: [REMOVE],
      when: namesDeployment,
      action: 'deployment remove',
      resource: { kind: 'deployment', from: joined },
      blastRadius: 'deletes the deployments; their URLs stop working and they cannot be promoted or rolled back to',
      risk: 'high',
    },
    {
      // Documented: given a project name, `vercel remove` removes the whole project unless `--safe` is used.
      path: [REMOVE],
      action: 'project remove',
      resource: { kind: 'project', from: joined },
      blastRadius: (_name, args) =>
        args.includes('--safe')
          ? 'deletes every deployment of the project that no alias points at'
          : 'deletes the project with every deployment, domain assignment and environment variable it has',
      risk: 'critical',
    },
    {
      path: ['project|projects', REMOVE],
      action: 'project remove',
      resource: { kind: 'project', positional: 0 },
      blastRadius: 'deletes the project with every deployment, domain assignment and environment variable it has',
      risk: 'critical',
    },
    {
      path: ['env', REMOVE],
      action: 'env remove',
      resource: { kind: 'variable', positional: 0 },
      blastRadius: (_name, args) => {
        const target = positionals(args, VALUED)[3];
        return `removes the environment variable from ${target ? `the ${target} environment` : 'the environments chosen'}; its value cannot be read back and the next deployment runs without it`;
      },
      risk: 'medium',
    },
    {
      path: ['domains|domain', REMOVE],
      action: 'domain remove',
      resource: { kind: 'domain', positional: 0 },
      blastRadius: 'removes the domain from the account with its DNS records: sites served on it stop resolving',
      risk: 'high',
    },
    {
      path: ['dns', REMOVE],
      action: 'dns record remove',
      resource: { kind: 'dns record', from: joined },
      blastRadius: 'deletes the DNS records: names they served stop resolving',
      risk: 'medium',
    },
    {
      path: ['alias|aliases|ln', REMOVE],
      action: 'alias remove',
      resource: { kind: 'alias', positional: 0 },
      blastRadius: 'removes the alias: the hostname stops serving the deployment until an alias is set again',
      risk: 'medium',
      reversible: true,
    },
    {
      path: ['certs|cert', REMOVE],
      action: 'certificate remove',
      resource: { kind: 'certificate', positional: 0 },
      blastRadius: 'removes the certificate: HTTPS on its domains fails until a new one is issued',
      risk: 'medium',
    },
    {
      path: ['secrets|secret', REMOVE],
      action: 'secret remove',
      resource: { kind: 'secret', positional: 0 },
      blastRadius: 'deletes the secret; environment variables that reference it break and its value cannot be read back',
      risk: 'medium',
    },
    {
      path: ['blob', 'store', REMOVE + '|delete'],
      action: 'blob store remove',
      resource: { kind: 'blob store', positional: 0 },
      blastRadius: 'deletes the Blob store and every file in it',
      risk: 'critical',
    },
    {
      path: ['blob', 'del|delete|' + REMOVE],
      action: 'blob delete',
      resource: { kind: 'blob', from: joined },
      blastRadius: 'deletes the files from Blob storage',
      risk: 'high',
    },
    {
      path: ['integration-resource|ir', REMOVE + '|delete'],
      action: 'integration resource remove',
      resource: { kind: 'integration resource', positional: 0 },
      blastRadius: 'deletes the Marketplace resource (a database, a store) and the data in it',
      risk: 'critical',
    },
    {
      path: ['integration|integrations', REMOVE + '|uninstall'],
      action: 'integration remove',
      resource: { kind: 'integration', positional: 0 },
      blastRadius: 'uninstalls the integration from the team; resources it provisioned may be deleted with it',
      risk: 'high',
    },
  ],
};

/** `vercel api` options that take a value (vercel/vercel packages/cli/src/commands/api/command.ts). */
const API_VALUED = ['-X', '--method', '-F', '--field', '-f', '--raw-field', '-H', '--header', '--input', '--generate', '--format', ...VALUED];

/**
 * `vercel api /v13/deployments/dpl_1 -X DELETE` (gh-style flags) and `vercel api <tag> <operationId>` (OpenAPI
 * mode, `vercel api projects deleteProject …`): any request to the Vercel REST API, judged like curl's.
 */
const apiRule: CommandRule = {
  family: 'vercel',
  programs: ['vercel', 'vc'],
  detect(inv, ctx) {
    const all = inv.argv.slice(1);
    if (positionals(all, VALUED)[0] !== 'api' || all.includes('--help') || all.includes('-h') || all.includes('--describe')) return [];
    const args = all.slice(all.indexOf('api') + 1);
    if (optionValue(args, ['--generate'])) return [];
    const [endpoint, operation] = positionals(args, API_VALUED);
    if (!endpoint || endpoint === 'list' || endpoint === 'ls') return [];
    const hints = environmentHints(all);
    if (!endpoint.startsWith('/')) {
      // OpenAPI mode: the operation's name says what it does (`deleteProject`, `removeProjectEnv`).
      if (!operation || !namesDeletion(operation)) return [];
      const named = optionValues(args, ['-F', '--field', '-f', '--raw-field'])
        .map((field) => field.split('=').slice(1).join('='))
        .find(Boolean);
      return [
        detection({
          rule: 'vercel.api-delete',
          tool: inv.program,
          action: 'api delete',
          resource: { kind: endpoint.replace(/s$/, ''), name: named ?? operation },
          environment: ctx.environment(inv, hints, 'remote'),
          blastRadius: `calls the Vercel API operation ${operation} (${endpoint}), which deletes ${named ? `${named}` : 'what it names'} for good`,
          risk: 'high',
        }),
      ];
    }
    const fields: Record<string, string> = {};
    for (const field of optionValues(args, ['-F', '--field', '-f', '--raw-field'])) {
      const eq = field.indexOf('=');
      if (eq > 0) fields[field.slice(0, eq)] = field.slice(eq + 1);
    }
    const input = optionValue(args, ['--input']);
    const bodies: string[] = Object.keys(fields).length > 0 ? [JSON.stringify(fields)] : [];
    let opaque = false;
    if (input) {
      const fed = input === '-' ? stdinText(inv.stdin, ctx.readText, ctx.home) : undefined;
      const text = input === '-' ? (fed?.known ? fed.text : undefined) : ctx.readText(resolvePath(inv.cwd, input, ctx.home));
      if (text === undefined) opaque = true;
      else bodies.push(text);
    }
    const method = optionValue(args, ['-X', '--method']) ?? (bodies.length > 0 || input ? 'POST' : 'GET');
    const url = parseUrl(`api.vercel.com${endpoint}`);
    return url ? requestFindings(inv, ctx, { method, url, bodies, opaqueBody: opaque }, 'vercel', hints) : [];
  },
};

export const rules: readonly CommandRule[] = [tableRule(table), apiRule];
