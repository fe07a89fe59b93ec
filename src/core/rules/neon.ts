// Neon CLI (`neonctl`, also installed as `neon`): projects, branches (delete, reset to parent, restore to a
// point in time), databases, roles, computes (endpoints) and branch object storage. Command names and
// aliases follow neondatabase/neonctl src/commands/*.ts (`branches|branch`, `databases|database|db`,
// `roles|role`, `bucket delete|rm`, `bucket object delete|rm`).
import type { EnvironmentHint } from '../environment';
import { hasFlag, optionValue, positionals } from './args';
import type { CommandRule } from './rule';
import { hintsFromOptions, tableRule, type ToolTable } from './subcommands';

// `--parent` is left out: it is a switch on `branches reset` (and harmless on `branches create`).
const VALUED = [
  '--project-id',
  '--branch',
  '--org-id',
  '--api-key',
  '--api-host',
  '-o',
  '--output',
  '--config-dir',
  '--context-file',
  '--preserve-under-name',
  '--endpoint.id',
  '--endpoint-id',
  '--project.id',
  '--name',
  '--database',
  '--role',
];

const BRANCHES = 'branches|branch';
const DELETE = 'delete|rm';

/** Neon's default branch is `main` (older projects: `master`): the one production traffic uses. */
function branchHint(source: string, value: string): EnvironmentHint {
  return ['main', 'master'].includes(value) ? { source, value, meaning: 'production' } : { source, value };
}

function environmentHints(args: readonly string[]): EnvironmentHint[] {
  const hints = hintsFromOptions(args, { '--project-id': ['--project-id', '--project.id'] });
  const branch = optionValue(args, ['--branch']);
  if (branch) hints.push(branchHint('--branch', branch));
  const words = positionals(args, VALUED);
  if (BRANCHES.split('|').includes(words[0]) && ['delete', 'reset', 'restore'].includes(words[1]) && words[2]) {
    hints.push(branchHint(`branch ${words[1] === 'delete' ? 'deleted' : 'overwritten'}`, words[2]));
  }
  if (['projects', 'project'].includes(words[0]) && DELETE.split('|').includes(words[1]) && words[2])
    hints.push({ source: 'project deleted', value: words[2] });
  return hints;
}

/** `--preserve-under-name` keeps the branch's old state as a new branch, so the reset can be undone. */
const preserves = (args: readonly string[]) => hasFlag(args, ['--preserve-under-name']);

const table: ToolTable = {
  family: 'neon',
  programs: ['neonctl', 'neon'],
  valued: VALUED,
  environmentHints,
  specs: [
    {
      path: ['projects|project', DELETE],
      action: 'project delete',
      resource: { kind: 'project', positional: 0, options: ['--project-id'] },
      blastRadius: 'deletes the project with every branch, database, role and compute in it, and its history',
      risk: 'critical',
    },
    {
      path: [BRANCHES, DELETE],
      action: 'branch delete',
      resource: { kind: 'branch', positional: 0 },
      blastRadius: 'deletes the branch with its databases and data, and the computes serving it',
      risk: 'high',
    },
    {
      path: [BRANCHES, 'reset'],
      when: preserves,
      action: 'branch reset',
      resource: { kind: 'branch', positional: 0 },
      blastRadius: 'resets the branch to its parent; its current state is kept as a separate branch',
      risk: 'medium',
      reversible: true,
    },
    {
      path: [BRANCHES, 'reset'],
      action: 'branch reset',
      resource: { kind: 'branch', positional: 0 },
      blastRadius: 'resets the branch to its parent: every change made on the branch since it was created is lost',
      risk: 'high',
    },
    {
      path: [BRANCHES, 'restore'],
      when: preserves,
      action: 'branch restore',
      resource: { kind: 'branch', positional: 0 },
      blastRadius: 'restores the branch to another point in time; its current state is kept as a separate branch',
      risk: 'medium',
      reversible: true,
    },
    {
      path: [BRANCHES, 'restore'],
      action: 'branch restore',
      resource: { kind: 'branch', positional: 0 },
      blastRadius: 'overwrites the branch with another point in time: everything written after that point is lost',
      risk: 'high',
    },
    {
      path: ['databases|database|db', DELETE],
      action: 'database delete',
      resource: { kind: 'database', positional: 0 },
      blastRadius: 'drops the database and all its data on the branch',
      risk: 'critical',
    },
    {
      path: ['roles|role', DELETE],
      action: 'role delete',
      resource: { kind: 'role', positional: 0 },
      blastRadius: 'drops the Postgres role: applications connecting as it fail, and objects it owns go with it',
      risk: 'medium',
    },
    {
      path: ['endpoints|endpoint|computes|compute', DELETE],
      action: 'compute delete',
      resource: { kind: 'compute', options: ['--endpoint.id', '--endpoint-id'], positional: 0 },
      blastRadius: 'deletes the compute: connections to its hostname fail until a new one is added (the branch data stays)',
      risk: 'medium',
    },
    {
      path: ['bucket|buckets', 'object|objects', DELETE],
      action: 'bucket object delete',
      resource: { kind: 'object', positional: 0 },
      blastRadius: (_name, args) => (hasFlag(args, ['--recursive']) ? 'deletes every object under the prefix' : 'deletes the object from the bucket'),
      risk: 'high',
    },
    {
      path: ['bucket|buckets', DELETE],
      action: 'bucket delete',
      resource: { kind: 'bucket', positional: 0 },
      blastRadius: 'deletes the bucket from the branch with every object in it',
      risk: 'critical',
    },
  ],
};

export const rules: readonly CommandRule[] = [tableRule(table)];
