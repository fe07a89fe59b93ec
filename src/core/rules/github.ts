// gh, the GitHub CLI: deletes repositories, releases, secrets, issues… and `gh api` sends any REST or GraphQL
// request (judged in gitHostingApi.ts).
import type { EnvironmentHint } from '../environment';
import type { Invocation } from '../invocation';
import { optionValue, positionals } from './args';
import { apiRule } from './gitHostingApi';
import type { CommandRule } from './rule';
import { hintsFromOptions, hintsFromVariables, tableRule } from './subcommands';

// ---------------------------------------------------------------------------------------------------------
// gh, the GitHub CLI (https://cli.github.com/manual).

/** gh options that take a value, so the subcommand words and names are found. */
const GH_VALUED = [
  '-R',
  '--repo',
  '-e',
  '--env',
  '-o',
  '--org',
  '-a',
  '--app',
  '-u',
  '--user',
  '--owner',
  '-c',
  '--codespace',
  '-L',
  '--limit',
  '-q',
  '--jq',
  '-t',
  '--template',
  '--json',
  '-b',
  '--body',
  '-B',
  '--base',
  '-H',
  '--head',
  '-m',
  '--milestone',
  '-l',
  '--label',
  '-A',
  '--author',
  '-s',
  '--state',
  '--hostname',
  '-X',
  '--method',
  '-f',
  '--raw-field',
  '-F',
  '--field',
  '--input',
  '-p',
  '--preview',
  '--cache',
  '-k',
  '--key',
  '-r',
  '--ref',
  '-O',
  '--output',
  '-D',
  '--dir',
  '--id',
  '--format',
  '--source',
  '--visibility',
];

function ghHints(args: readonly string[], inv: Invocation): EnvironmentHint[] {
  const hints = hintsFromOptions(args, { '--repo': ['-R', '--repo'], '--env': ['-e', '--env'], '--org': ['-o', '--org'], '--owner': ['--owner'] });
  const words = positionals(args, GH_VALUED);
  if (words[0] === 'repo' && words[2]) hints.push({ source: 'repository', value: words[2] });
  return [...hints, ...hintsFromVariables(inv, ['GH_REPO'])];
}

const ghTable = tableRule({
  family: 'gh',
  programs: ['gh'],
  valued: GH_VALUED,
  environmentHints: ghHints,
  specs: [
    {
      path: ['repo', 'delete'],
      action: 'repo delete',
      resource: { kind: 'repository', positional: 0, fallback: '(current repository)' },
      blastRadius: (name) =>
        `deletes the GitHub repository ${name ?? 'of the current directory'} with its issues, pull requests, wiki, releases and Actions history (an owner can restore it for 90 days unless it was a fork)`,
      risk: 'critical',
    },
    {
      path: ['repo', 'archive'],
      action: 'repo archive',
      resource: { kind: 'repository', positional: 0, fallback: '(current repository)' },
      blastRadius: 'makes the repository read-only for everyone: no pushes, issues or pull requests until it is unarchived',
      risk: 'medium',
      reversible: true,
    },
    {
      // `gh repo sync --force` syncs "using a hard reset" (gh repo sync --help).
      path: ['repo', 'sync'],
      action: 'repo sync force',
      when: (args) => args.includes('--force'),
      resource: { kind: 'repository', positional: 0, fallback: '(current repository)' },
      blastRadius: (name, args) =>
        `hard-resets the ${optionValue(args, ['-b', '--branch']) ?? 'default'} branch of ${name} to match ${optionValue(args, ['-s', '--source']) ?? 'its parent'}: commits only that branch has are dropped`,
      risk: 'high',
    },
    {
      // Public to private loses every star and watcher for good (gh repo edit --help, --accept-visibility-change-consequences).
      path: ['repo', 'edit'],
      action: 'repo visibility change',
      when: (args) => optionValue(args, ['--visibility']) !== undefined,
      resource: { kind: 'repository', positional: 0, fallback: '(current repository)' },
      blastRadius: (name, args) =>
        `makes ${name} ${optionValue(args, ['--visibility'])}: going private permanently drops its stars and watchers and detaches public forks; going public exposes its code and history to everyone`,
      risk: 'medium',
    },
    {
      path: ['repo', 'deploy-key', 'delete'],
      action: 'deploy key delete',
      resource: { kind: 'deploy key', positional: 0 },
      blastRadius: 'deletes the deploy key; whatever deploys with it loses access to the repository',
      risk: 'medium',
    },
    {
      path: ['release', 'delete'],
      action: 'release delete',
      resource: { kind: 'release', positional: 0 },
      blastRadius: (name) => `deletes the release ${name ?? ''} with its notes and uploaded assets`.replace('  ', ' '),
      risk: 'high',
      raise: {
        flags: ['--cleanup-tag'],
        risk: 'high',
        blastRadius: 'deletes the release with its notes and uploaded assets, and the git tag it points at',
      },
    },
    {
      path: ['release', 'delete-asset'],
      action: 'release asset delete',
      resource: { kind: 'release asset', positional: 1 },
      blastRadius: 'deletes the uploaded asset from the release; links to it break',
      risk: 'medium',
    },
    {
      path: ['secret', 'delete|remove'],
      action: 'secret delete',
      resource: { kind: 'secret', positional: 0 },
      blastRadius: 'deletes the secret; its value cannot be read back, and workflows using it fail until it is set again',
      risk: 'high',
    },
    {
      path: ['variable', 'delete'],
      action: 'variable delete',
      resource: { kind: 'variable', positional: 0 },
      blastRadius: 'deletes the Actions variable; workflows reading it get an empty value',
      risk: 'medium',
    },
    {
      path: ['run', 'delete'],
      action: 'run delete',
      resource: { kind: 'workflow run', positional: 0 },
      blastRadius: 'deletes the workflow run with its logs and artifacts',
      risk: 'low',
    },
    {
      path: ['cache', 'delete'],
      action: 'cache delete',
      resource: { kind: 'cache', positional: 0, from: (args) => (args.includes('--all') || args.includes('-a') ? 'all caches' : undefined) },
      blastRadius: 'deletes Actions caches; the next workflow runs rebuild them, more slowly',
      risk: 'low',
    },
    {
      path: ['issue', 'delete'],
      action: 'issue delete',
      resource: { kind: 'issue', positional: 0 },
      blastRadius: 'deletes the issue with all its comments for good; GitHub cannot restore deleted issues',
      risk: 'high',
    },
    {
      path: ['label', 'delete'],
      action: 'label delete',
      resource: { kind: 'label', positional: 0 },
      blastRadius: 'deletes the label and removes it from every issue and pull request that has it',
      risk: 'low',
    },
    {
      path: ['gist', 'delete'],
      action: 'gist delete',
      resource: { kind: 'gist', positional: 0 },
      blastRadius: 'deletes the gist with its files and history',
      risk: 'high',
    },
    {
      path: ['ssh-key', 'delete'],
      action: 'ssh key delete',
      resource: { kind: 'ssh key', positional: 0 },
      blastRadius: 'removes the SSH key from the GitHub account; machines using it can no longer push or pull',
      risk: 'medium',
    },
    {
      path: ['gpg-key', 'delete'],
      action: 'gpg key delete',
      resource: { kind: 'gpg key', positional: 0 },
      blastRadius: 'removes the GPG key from the account; commits signed with it show as unverified',
      risk: 'low',
    },
    {
      path: ['project', 'delete'],
      action: 'project delete',
      resource: { kind: 'project', positional: 0 },
      blastRadius: 'deletes the GitHub project with its items, fields and views',
      risk: 'high',
    },
    {
      path: ['project', 'item-delete'],
      action: 'project item delete',
      resource: { kind: 'project item', options: ['--id'] },
      blastRadius: 'deletes the item from the project with the values of its project fields (the issue or pull request itself stays)',
      risk: 'low',
    },
    {
      path: ['project', 'field-delete'],
      action: 'project field delete',
      resource: { kind: 'project field', options: ['--id'] },
      blastRadius: 'deletes the field from the project and the value it held on every item',
      risk: 'medium',
    },
    {
      path: ['codespace', 'delete'],
      action: 'codespace delete',
      resource: {
        kind: 'codespace',
        options: ['-c', '--codespace'],
        from: (args) => (args.includes('--all') ? 'all codespaces' : undefined),
        fallback: '(codespace chosen interactively)',
      },
      blastRadius: 'deletes the codespace with any uncommitted or unpushed work in it',
      risk: 'medium',
    },
  ],
});

const ghApiRule = apiRule({
  family: 'gh',
  program: 'gh',
  valued: GH_VALUED,
  url: (endpoint, host) => `${host ?? 'api.github.com'}/${endpoint}`,
  hostVariable: 'GH_HOST',
  repoVariables: ['GH_REPO'],
});

export const rules: readonly CommandRule[] = [ghTable, ghApiRule];
