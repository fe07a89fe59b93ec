// Heroku CLI (`heroku`, `topic:command` subcommands): apps, Postgres (reset, restore and copy overwrite a
// database, backups deletion), add-ons (destroying heroku-postgresql deletes the database), config vars,
// domains, spaces, and scaling dynos to zero. `heroku run` is unwrapped in wrappers.ts; `maintenance:on`,
// `releases:rollback`, `pg:killall` (ends connections, loses no data) and `pg:push` (refuses a non-empty
// target) stay allowed.
import type { EnvironmentHint } from '../environment';
import type { Invocation } from '../invocation';
import { optionValue, positionals } from './args';
import type { CommandRule } from './rule';
import { hintsFromOptions, tableRule, type ToolTable } from './subcommands';

const VALUED = ['-a', '--app', '-r', '--remote', '--confirm', '-t', '--team', '-s', '--space', '--extension', '--as'];

/** The app comes from `-a`, then HEROKU_APP, then the git remote named `heroku` (or `-r`). */
function appOf(args: readonly string[], inv: Invocation): string | undefined {
  return optionValue(args, ['-a', '--app']) ?? inv.env.HEROKU_APP;
}

function environmentHints(args: readonly string[], inv: Invocation): EnvironmentHint[] {
  const hints = hintsFromOptions(args, { '--app': ['-a', '--app'], '--remote': ['-r', '--remote'], '--confirm': ['--confirm'] });
  if (!optionValue(args, ['-a', '--app']) && inv.env.HEROKU_APP) hints.push({ source: 'variable HEROKU_APP', value: inv.env.HEROKU_APP });
  const words = positionals(args, VALUED);
  // `heroku apps:destroy my-app-staging`: the app destroyed names the environment.
  if (['apps:destroy', 'destroy', 'apps:delete'].includes(words[0]) && words[1]) hints.push({ source: 'app destroyed', value: words[1] });
  return hints;
}

/** `ps:scale web=0`, `ps:scale web=0:standard-1x worker=0`. */
function scalesToZero(_args: readonly string[], rest: readonly string[]): boolean {
  return rest.some((word) => /^[\w-]+=0(:|$)/.test(word));
}

/** `pg:reset [DATABASE]`: the database named, else the app's primary one (named by its app). */
const databaseOrApp = (args: readonly string[], rest: readonly string[], inv: Invocation) => rest[0] ?? appOf(args, inv);

const table: ToolTable = {
  family: 'heroku',
  programs: ['heroku'],
  valued: VALUED,
  environmentHints,
  specs: [
    {
      path: ['apps:destroy|destroy|apps:delete'],
      action: 'app destroy',
      resource: {
        kind: 'app',
        from: (args, rest, inv) => rest[0] ?? appOf(args, inv) ?? optionValue(args, ['--confirm']),
        fallback: '(app of the heroku git remote)',
      },
      blastRadius: 'destroys the app with its dynos, config vars, domains and every add-on, databases included',
      risk: 'critical',
    },
    {
      path: ['pg:reset|pg:resetdb'],
      action: 'pg reset',
      resource: { kind: 'database', from: databaseOrApp, fallback: '(primary database of the linked app)' },
      blastRadius: 'deletes every table and all data in the database',
      risk: 'critical',
    },
    {
      path: ['pg:backups:restore'],
      action: 'pg backups restore',
      // `pg:backups:restore [BACKUP] [DATABASE]`: the database overwritten is the second argument.
      resource: { kind: 'database', from: (args, rest, inv) => rest[1] ?? appOf(args, inv), fallback: '(primary database of the linked app)' },
      blastRadius: 'replaces all data in the database with the backup; anything written since the backup is lost',
      risk: 'critical',
    },
    {
      // Pre-v7 spelling: `heroku pg:backups restore b101 DATABASE_URL`.
      path: ['pg:backups', 'restore'],
      action: 'pg backups restore',
      resource: { kind: 'database', from: (args, rest, inv) => rest[1] ?? appOf(args, inv), fallback: '(primary database of the linked app)' },
      blastRadius: 'replaces all data in the database with the backup; anything written since the backup is lost',
      risk: 'critical',
    },
    {
      path: ['pg:copy'],
      action: 'pg copy',
      // `pg:copy SOURCE TARGET`: the target is overwritten.
      resource: { kind: 'database', from: (_args, rest) => rest[1] },
      blastRadius: 'overwrites every table and all data in the target database with the source',
      risk: 'critical',
    },
    {
      path: ['pg:backups:delete|pg:backups:destroy'],
      action: 'pg backup delete',
      resource: { kind: 'backup', positional: 0 },
      blastRadius: 'deletes the database backup; it cannot be restored from afterwards',
      risk: 'high',
    },
    {
      // Pre-v7 spelling: `heroku pg:backups delete b101`.
      path: ['pg:backups', 'delete|destroy'],
      action: 'pg backup delete',
      resource: { kind: 'backup', positional: 0 },
      blastRadius: 'deletes the database backup; it cannot be restored from afterwards',
      risk: 'high',
    },
    {
      path: ['addons:destroy|addons:remove|addons:delete'],
      action: 'addon destroy',
      resource: { kind: 'add-on', from: (_args, rest) => rest.join(' ') || undefined },
      blastRadius: 'destroys the add-on and the data it holds: a heroku-postgresql or redis add-on takes its database with it',
      risk: 'critical',
    },
    {
      path: ['spaces:destroy'],
      action: 'space destroy',
      resource: { kind: 'space', options: ['-s', '--space'], positional: 0 },
      blastRadius: 'destroys the private space and every app in it',
      risk: 'critical',
    },
    {
      path: ['ps:scale|scale|dyno:scale'],
      action: 'scale to zero',
      resource: { kind: 'app', options: ['-a', '--app'], from: (args, _rest, inv) => appOf(args, inv), fallback: '(app of the heroku git remote)' },
      when: scalesToZero,
      blastRadius: 'stops every dyno of the process type: the app serves nothing until scaled up again',
      risk: 'medium',
      reversible: true,
    },
    {
      path: ['config:unset|config:remove'],
      action: 'config unset',
      resource: { kind: 'variable', from: (_args, rest) => rest.join(' ') || undefined },
      blastRadius: 'removes the config vars and restarts the app; their values cannot be read back',
      risk: 'medium',
    },
    {
      path: ['domains:remove|domains:delete|domains:rm'],
      action: 'domain remove',
      resource: { kind: 'domain', positional: 0 },
      blastRadius: 'removes the custom domain from the app: requests to it stop reaching the app',
      risk: 'medium',
    },
    {
      path: ['certs:remove'],
      action: 'certificate remove',
      resource: { kind: 'app', from: (args, _rest, inv) => appOf(args, inv), fallback: '(app of the heroku git remote)' },
      blastRadius: 'removes the SSL certificate from the app: HTTPS to its custom domains fails until a certificate is added again',
      risk: 'medium',
    },
    {
      path: ['domains:clear'],
      action: 'domains clear',
      resource: { kind: 'app', from: (args, _rest, inv) => appOf(args, inv), fallback: '(app of the heroku git remote)' },
      blastRadius: 'removes every custom domain from the app',
      risk: 'high',
    },
  ],
};

export const rules: readonly CommandRule[] = [tableRule(table)];
