// glab, the GitLab CLI: deletes projects, releases, variables, issues, merge requests… and `glab api` sends any
// REST or GraphQL request (judged in gitHostingApi.ts).
import { hasFlag } from './args';
import { apiRule } from './gitHostingApi';
import type { CommandRule } from './rule';
import { hintsFromOptions, hintsFromVariables, tableRule } from './subcommands';

// ---------------------------------------------------------------------------------------------------------
// glab, the GitLab CLI (docs.gitlab.com/cli): the same shapes as gh.

const GLAB_VALUED = [
  '-R',
  '--repo',
  '-g',
  '--group',
  '-s',
  '--scope',
  '-X',
  '--method',
  '--hostname',
  '-F',
  '--field',
  '-f',
  '--raw-field',
  '-H',
  '--header',
  '--input',
  '-t',
  '--title',
  '-d',
  '--description',
  '-l',
  '--label',
];

const glabTable = tableRule({
  family: 'glab',
  programs: ['glab'],
  valued: GLAB_VALUED,
  environmentHints: (args, inv) => [
    ...hintsFromOptions(args, { '--repo': ['-R', '--repo'], '--group': ['-g', '--group'], '--scope': ['-s', '--scope'] }),
    ...hintsFromVariables(inv, ['GITLAB_REPO']),
  ],
  specs: [
    {
      path: ['repo|project', 'delete|del'],
      action: 'repo delete',
      resource: { kind: 'repository', positional: 0, fallback: '(current repository)' },
      blastRadius: (name) =>
        `deletes the GitLab project ${name} with its issues, merge requests, wiki, packages and CI history (restorable only during the deletion delay, where one is set)`,
      risk: 'critical',
    },
    {
      path: ['release', 'delete'],
      action: 'release delete',
      resource: { kind: 'release', positional: 0 },
      blastRadius: (name, args) =>
        `deletes the release ${name} with its notes and asset links${hasFlag(args, ['-t', '--with-tag']) ? ', and its git tag (--with-tag)' : ''}`,
      risk: 'high',
    },
    {
      path: ['variable|var', 'delete|remove'],
      action: 'variable delete',
      resource: { kind: 'variable', positional: 0 },
      blastRadius: 'deletes the CI/CD variable; its value cannot be read back and pipelines using it fail or run without it',
      risk: 'medium',
    },
    {
      path: ['issue', 'delete|del'],
      action: 'issue delete',
      resource: { kind: 'issue', positional: 0 },
      blastRadius: 'deletes the issue with all its comments for good',
      risk: 'high',
    },
    {
      path: ['mr', 'delete|del'],
      action: 'merge request delete',
      resource: { kind: 'merge request', positional: 0 },
      blastRadius: 'deletes the merge request with its discussion and review history for good',
      risk: 'high',
    },
    {
      path: ['label', 'delete'],
      action: 'label delete',
      resource: { kind: 'label', positional: 0 },
      blastRadius: 'deletes the label and removes it from every issue and merge request',
      risk: 'low',
    },
    {
      path: ['deploy-key', 'delete'],
      action: 'deploy key delete',
      resource: { kind: 'deploy key', positional: 0 },
      blastRadius: 'deletes the deploy key; whatever deploys with it loses access to the project',
      risk: 'medium',
    },
    {
      path: ['schedule', 'delete'],
      action: 'schedule delete',
      resource: { kind: 'pipeline schedule', positional: 0 },
      blastRadius: 'deletes the pipeline schedule; the jobs it ran stop running',
      risk: 'low',
    },
  ],
});

const glabApiRule = apiRule({
  family: 'glab',
  program: 'glab',
  valued: GLAB_VALUED,
  // `glab api projects/:id/…` calls /api/v4/; `glab api graphql` the GraphQL endpoint.
  url: (endpoint, host) => `${host ?? 'gitlab.com'}/api/${endpoint === 'graphql' ? 'graphql' : `v4/${endpoint}`}`,
  hostVariable: 'GITLAB_HOST',
  repoVariables: ['GITLAB_REPO'],
});

export const rules: readonly CommandRule[] = [glabTable, glabApiRule];
