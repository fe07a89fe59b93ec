// Supabase CLI (`supabase`): `db reset` and `migration down` (the local dev database unless `--linked` or
// `--db-url`), `stop --no-backup` (deletes the local data volumes), projects, preview branches, Edge
// Functions, secrets, Storage objects, custom and vanity domains. `db push` (also `--include-all`) applies
// migrations, which the SQL rules read; it is not destructive as a command.
import type { EnvironmentHint } from '../environment';
import { hostOf } from '../environment';
import { hasFlag, optionValue, positionals } from './args';
import type { CommandRule } from './rule';
import { hintsFromOptions, tableRule, type ToolTable } from './subcommands';

const VALUED = [
  '--project-ref',
  '--db-url',
  '--workdir',
  '--profile',
  '--output',
  '-o',
  '--version',
  '--last',
  '--schema',
  '-s',
  '--env-file',
  '--org-id',
  '--region',
  '--experimental-dir',
  '--network-id',
  '--dns-resolver',
  '--password',
  '-p',
];

/** Where the database commands act: `--linked` and `--db-url` reach a remote database; the default is local. */
function targetsRemoteDatabase(args: readonly string[]): boolean {
  if (hasFlag(args, ['--linked'])) return true;
  const url = optionValue(args, ['--db-url']);
  return url !== undefined && !/^(localhost|127\.|::1|\[::1\]|host\.docker\.internal)/.test(hostOf(url) ?? '');
}

function environmentHints(args: readonly string[]): EnvironmentHint[] {
  const hints = hintsFromOptions(args, { '--project-ref': ['--project-ref'] });
  const url = optionValue(args, ['--db-url']);
  if (url) hints.push({ source: 'host in --db-url', value: hostOf(url) ?? url });
  return hints;
}

/** Database and storage commands touch the local stack unless told otherwise; the rest are remote. */
function kind(args: readonly string[]): 'local' | 'remote' {
  const words = positionals(args, VALUED);
  if (words[0] === 'stop') return 'local';
  if (words[0] === 'db' || words[0] === 'migration' || words[0] === 'migrations') return targetsRemoteDatabase(args) ? 'remote' : 'local';
  // Storage commands default to the linked project; `--local` targets the local stack.
  if (words[0] === 'storage') return hasFlag(args, ['--local']) ? 'local' : 'remote';
  return 'remote';
}

/** The database a reset acts on, as the command names it. */
function databaseNamed(args: readonly string[]): string {
  const url = optionValue(args, ['--db-url']);
  return optionValue(args, ['--project-ref']) ?? (url ? (hostOf(url) ?? url) : hasFlag(args, ['--linked']) ? '(linked project)' : 'local database');
}

/**
 * A reset of the local development database loses only seedable local data, so it starts lower than one
 * of a remote database; both still ask.
 */
function databaseResets(path: string[], action: string, radius: (database: string) => string): ToolTable['specs'] {
  const shared = { path, action, resource: { kind: 'database', from: databaseNamed } };
  return [
    { ...shared, when: targetsRemoteDatabase, blastRadius: radius('remote database'), risk: 'critical' },
    { ...shared, blastRadius: radius('local development database'), risk: 'medium' },
  ];
}

/** `domains delete` takes no hostname: the project's one is deleted. */
function ofProject(what: string, args: readonly string[]): string | undefined {
  const ref = optionValue(args, ['--project-ref']);
  return ref ? `${what} of ${ref}` : undefined;
}

const joined = (_args: readonly string[], rest: readonly string[]) => rest.join(' ') || undefined;

const table: ToolTable = {
  family: 'supabase',
  programs: ['supabase'],
  valued: VALUED,
  environmentHints,
  kind,
  specs: [
    ...databaseResets(
      ['db', 'reset'],
      'db reset',
      (database) => `drops every table and all data in the ${database}, then replays the migrations and seed`,
    ),
    ...databaseResets(
      ['migration|migrations', 'down'],
      'migration down',
      (database) => `resets the ${database} and replays all but the last migrations: data in the tables they created is lost`,
    ),
    {
      path: ['stop'],
      when: (args) => hasFlag(args, ['--no-backup']),
      action: 'stop without backup',
      resource: { kind: 'local stack', options: ['--project-id'], fallback: 'local Supabase stack' },
      blastRadius: 'stops the local stack and deletes its data volumes: the local database and storage are lost',
      risk: 'high',
    },
    {
      path: ['projects|project', 'delete'],
      action: 'project delete',
      resource: { kind: 'project', positional: 0, options: ['--project-ref'] },
      blastRadius: 'deletes the project with its database, storage, auth users and Edge Functions',
      risk: 'critical',
    },
    {
      path: ['branches|branch', 'delete'],
      action: 'branch delete',
      resource: { kind: 'branch', positional: 0 },
      blastRadius: 'deletes the preview branch with its database and data',
      risk: 'high',
    },
    {
      path: ['functions|function', 'delete'],
      action: 'function delete',
      resource: { kind: 'function', positional: 0 },
      blastRadius: 'deletes the deployed Edge Function: calls to it fail until it is deployed again',
      risk: 'medium',
    },
    {
      path: ['secrets|secret', 'unset'],
      action: 'secrets unset',
      resource: { kind: 'secret', from: joined },
      blastRadius: 'removes the secrets from the project; their values cannot be read back',
      risk: 'medium',
    },
    {
      path: ['storage', 'rm'],
      action: 'storage rm',
      resource: { kind: 'object', from: joined },
      blastRadius: (_name, args) =>
        hasFlag(args, ['-r', '--recursive']) ? 'deletes every object under the paths, recursively' : 'deletes the objects from Storage',
      risk: 'high',
    },
    {
      path: ['domains|domain', 'delete'],
      action: 'custom domain delete',
      resource: { kind: 'domain', from: (args) => ofProject('custom domain', args), fallback: 'custom domain of the linked project' },
      blastRadius: 'deletes the custom hostname: clients using it stop reaching the project',
      risk: 'medium',
    },
    {
      path: ['vanity-subdomains', 'delete'],
      action: 'vanity subdomain delete',
      resource: { kind: 'domain', from: (args) => ofProject('vanity subdomain', args), fallback: 'vanity subdomain of the linked project' },
      blastRadius: 'deletes the vanity subdomain: clients using it stop reaching the project',
      risk: 'medium',
    },
  ],
};

/**
 * `db reset --version 20240101000000` resets up to a migration, but args.isInformational reads any bare
 * `--version` as "print the CLI version"; attaching the value keeps the reset visible to the table.
 */
function attachVersionValues(argv: readonly string[]): string[] {
  const result: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--version' && /^\d+$/.test(argv[i + 1] ?? '')) result.push(`--version=${argv[++i]}`);
    else result.push(argv[i]);
  }
  return result;
}

const tableDetector = tableRule(table);

export const rules: readonly CommandRule[] = [
  { ...tableDetector, detect: (inv, ctx) => tableDetector.detect({ ...inv, argv: attachVersionValues(inv.argv) }, ctx) },
];
