// PlanetScale CLI (`pscale`): databases, branches, backups, passwords and roles, and `database
// restore-dump --overwrite-tables`. Names follow planetscale/cli internal/cmd (`delete` with alias `rm`,
// `--force` skips the typed confirmation). `deploy-request` commands, `backup restore` (it creates a new
// branch) and `branch demote` are not destructive; `pscale shell` with SQL is read by the SQL rules.
import type { EnvironmentHint } from '../environment';
import { positionals } from './args';
import type { CommandRule } from './rule';
import { hintsFromOptions, tableRule, type ToolTable } from './subcommands';

const VALUED = [
  '--org',
  '--service-token',
  '--service-token-id',
  '-f',
  '--format',
  '--api-url',
  '--config',
  '--dir',
  '--tables',
  '--keyspace',
  '--threads',
  '--host',
  '--port',
  '--cluster-size',
];

const DELETE = 'delete|rm';
const DATABASE = 'database|databases|db';
const BRANCH = 'branch|branches';

/** PlanetScale's default branch is `main`; it is the production branch unless renamed. */
function branchHint(source: string, value: string): EnvironmentHint {
  return value === 'main' ? { source, value, meaning: 'production' } : { source, value };
}

function environmentHints(args: readonly string[]): EnvironmentHint[] {
  const hints = hintsFromOptions(args, { '--org': ['--org'] });
  const words = positionals(args, VALUED);
  // `pscale <noun> delete <database> <branch> …`: the branch (second operand) names the environment.
  if (
    DELETE.split('|').includes(words[1]) &&
    words[3] &&
    ['branch', 'branches', 'backup', 'backups', 'password', 'passwords', 'role', 'roles'].includes(words[0])
  ) {
    hints.push(branchHint('branch', words[3]));
  }
  if (DATABASE.split('|').includes(words[0]) && words[2]) hints.push({ source: 'database', value: words[2] });
  if (DATABASE.split('|').includes(words[0]) && words[1] === 'restore-dump' && words[3]) hints.push(branchHint('branch', words[3]));
  return hints;
}

/** `database/branch` as PlanetScale itself asks it to be typed before deleting a branch. */
const databaseAndBranch = (_args: readonly string[], rest: readonly string[]) => (rest[0] && rest[1] ? `${rest[0]}/${rest[1]}` : rest[0]);

const table: ToolTable = {
  family: 'planetscale',
  programs: ['pscale'],
  valued: VALUED,
  environmentHints,
  specs: [
    {
      path: [DATABASE, DELETE],
      action: 'database delete',
      resource: { kind: 'database', positional: 0 },
      blastRadius: 'deletes the database with every branch, its data and its backups',
      risk: 'critical',
    },
    {
      path: [BRANCH, DELETE],
      action: 'branch delete',
      resource: { kind: 'branch', from: databaseAndBranch },
      blastRadius: 'deletes the branch with its schema and data',
      risk: 'high',
    },
    {
      path: ['backup|backups', DELETE],
      action: 'backup delete',
      resource: { kind: 'backup', from: (_args, rest) => rest[2] },
      blastRadius: 'deletes the backup; the branch can no longer be restored from it',
      risk: 'high',
    },
    {
      path: ['password|passwords', DELETE],
      action: 'password delete',
      resource: { kind: 'password', from: (_args, rest) => rest.slice(2).join(' ') || undefined },
      blastRadius: 'revokes the password: applications connecting with it lose database access at once',
      risk: 'medium',
    },
    {
      path: ['role|roles', DELETE],
      action: 'role delete',
      resource: { kind: 'role', from: (_args, rest) => rest.slice(2).join(' ') || undefined },
      blastRadius: 'deletes the database role: applications connecting as it lose access at once',
      risk: 'medium',
    },
    {
      path: [DATABASE, 'restore-dump'],
      when: (args) => args.includes('--overwrite-tables'),
      action: 'restore dump over tables',
      resource: { kind: 'branch', from: databaseAndBranch },
      blastRadius: 'drops and recreates the tables in the dump on the branch: their current data is replaced',
      risk: 'critical',
    },
  ],
};

export const rules: readonly CommandRule[] = [tableRule(table)];
