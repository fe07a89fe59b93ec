// Netlify CLI (`netlify`, also `ntl`): deleting sites, unsetting environment variables, deleting Blobs,
// and `netlify api <method>` calls to any `delete*` method of Netlify's open API (deleteSite, deleteDeploy,
// deleteEnvVar, deleteDnsZone…). `netlify deploy --prod`, `link`, `unlink` and `env:set` are not destructive.
import type { EnvironmentHint } from '../environment';
import type { Invocation } from '../invocation';
import type { Risk } from '../types';
import { optionValue, positionals } from './args';
import type { CommandRule } from './rule';
import { hintsFromOptions, tableRule, type ToolTable } from './subcommands';

const VALUED = ['--data', '-d', '--context', '--scope', '--site', '--filter', '--auth', '--cwd', '--account-slug', '--name', '-n', '--store'];

/** What the method deletes, its parameter naming it, and how bad losing it is. */
const API_DELETIONS: Record<string, { kind: string; keys: string[]; risk: Risk; blastRadius: string }> = {
  deleteSite: {
    kind: 'site',
    keys: ['site_id'],
    risk: 'critical',
    blastRadius: 'deletes the site with every deploy, form submission, environment variable and domain setting it has',
  },
  deleteDeploy: {
    kind: 'deploy',
    keys: ['deploy_id'],
    risk: 'medium',
    blastRadius: 'deletes the deploy; it can no longer be published or rolled back to',
  },
  deleteSiteDeploy: {
    kind: 'deploy',
    keys: ['deploy_id', 'site_id'],
    risk: 'medium',
    blastRadius: 'deletes the deploy; it can no longer be published or rolled back to',
  },
  deleteEnvVar: {
    kind: 'variable',
    keys: ['key', 'account_id'],
    risk: 'medium',
    blastRadius: 'deletes the environment variable in every context; its value cannot be read back',
  },
  deleteEnvVarValue: {
    kind: 'variable',
    keys: ['key', 'id'],
    risk: 'medium',
    blastRadius: 'deletes a value of the environment variable; it cannot be read back',
  },
  deleteDnsZone: {
    kind: 'dns zone',
    keys: ['zone_id'],
    risk: 'high',
    blastRadius: 'deletes the DNS zone with every record in it: its names stop resolving',
  },
  deleteDnsRecord: {
    kind: 'dns record',
    keys: ['dns_record_id', 'zone_id'],
    risk: 'medium',
    blastRadius: 'deletes the DNS record: the name it served stops resolving',
  },
  deleteAccount: { kind: 'account', keys: ['account_id'], risk: 'critical', blastRadius: 'deletes the team account with every site in it' },
};

/** `deleteSiteBuildHook` → `site build hook`. */
function kindFromMethod(method: string): string {
  return (
    method
      .replace(/^delete/, '')
      .replace(/([a-z])([A-Z])/g, '$1 $2')
      .toLowerCase() || 'resource'
  );
}

function apiPayload(args: readonly string[]): Record<string, unknown> {
  const data = optionValue(args, ['--data', '-d']);
  if (!data) return {};
  try {
    const parsed: unknown = JSON.parse(data);
    return parsed && typeof parsed === 'object' ? (parsed as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

/** The first identifier in `--data '{"site_id": "…"}'`, preferring the keys the method is known to take. */
function apiTarget(args: readonly string[], method: string): string | undefined {
  const payload = apiPayload(args);
  const keys = [...(API_DELETIONS[method]?.keys ?? []), ...Object.keys(payload).filter((k) => /(_id|^id|^key|^name)$/.test(k))];
  for (const key of keys) {
    const value = payload[key];
    if (typeof value === 'string' || typeof value === 'number') return String(value);
  }
  return undefined;
}

function environmentHints(args: readonly string[], inv: Invocation): EnvironmentHint[] {
  const hints = hintsFromOptions(args, { '--context': ['--context'], '--site': ['--site'], '--filter': ['--filter'] });
  if (inv.env.NETLIFY_SITE_ID) hints.push({ source: 'variable NETLIFY_SITE_ID', value: inv.env.NETLIFY_SITE_ID });
  const words = positionals(args, VALUED);
  if (['sites:delete', 'sites:remove'].includes(words[0]) && words[1]) hints.push({ source: 'site deleted', value: words[1] });
  if (words[0] === 'sites' && ['delete', 'remove'].includes(words[1]) && words[2]) hints.push({ source: 'site deleted', value: words[2] });
  const payload = apiPayload(args);
  for (const key of ['site_id', 'context', 'name']) {
    if (typeof payload[key] === 'string') hints.push({ source: `--data ${key}`, value: payload[key] as string });
  }
  return hints;
}

function apiSpec(method: string): ToolTable['specs'][number] {
  const known = API_DELETIONS[method];
  return {
    path: ['api', method],
    // One rule id for every method; the method shows in the message through the resource kind.
    action: 'api delete',
    resource: {
      kind: known?.kind ?? kindFromMethod(method),
      from: (args) => apiTarget(args, method),
      fallback: `(${kindFromMethod(method)} not named)`,
    },
    blastRadius: known?.blastRadius ?? `deletes the ${kindFromMethod(method)} through Netlify's API`,
    risk: known?.risk ?? 'medium',
  };
}

const SPECS: ToolTable['specs'] = [
  {
    path: ['sites:delete|sites:remove'],
    action: 'site delete',
    resource: { kind: 'site', positional: 0, fallback: '(linked site)' },
    blastRadius: 'deletes the site with every deploy, form submission, environment variable and domain setting it has',
    risk: 'critical',
  },
  {
    path: ['env:unset|env:delete|env:remove'],
    action: 'env unset',
    resource: { kind: 'variable', positional: 0 },
    blastRadius: (_name, args) => {
      const context = optionValue(args, ['--context']);
      return `removes the environment variable from ${context ? `the ${context} context` : 'every deploy context'}; its value cannot be read back`;
    },
    risk: 'medium',
  },
  {
    path: ['blobs:delete|blob:delete|blobs:remove'],
    action: 'blob delete',
    // `netlify blobs:delete STORE KEY`.
    resource: { kind: 'blob', from: (_args, rest) => rest.slice(0, 2).join('/') || undefined },
    blastRadius: 'deletes the blob from the store',
    risk: 'high',
  },
];

/** Netlify documents `topic:command`; it also accepts `topic command`, so both spellings are matched. */
function withSpacedSpelling(specs: ToolTable['specs']): ToolTable['specs'] {
  return specs.flatMap((spec) => {
    const alternatives = spec.path[0].split('|');
    const topics = [...new Set(alternatives.map((a) => a.split(':')[0]))].join('|');
    const commands = [...new Set(alternatives.map((a) => a.split(':')[1]))].join('|');
    return [spec, { ...spec, path: [topics, commands, ...spec.path.slice(1)] }];
  });
}

const COMMAND_SPECS = withSpacedSpelling(SPECS);

const table = (method: string | undefined): ToolTable => ({
  family: 'netlify',
  programs: ['netlify', 'ntl'],
  valued: VALUED,
  environmentHints,
  specs: method && /^delete[A-Z]/.test(method) ? [...COMMAND_SPECS, apiSpec(method)] : COMMAND_SPECS,
});

export const rules: readonly CommandRule[] = [
  {
    family: 'netlify',
    programs: ['netlify', 'ntl'],
    detect(inv, ctx) {
      const words = positionals(inv.argv.slice(1), VALUED);
      return tableRule(table(words[0] === 'api' ? words[1] : undefined)).detect(inv, ctx);
    },
  },
];
