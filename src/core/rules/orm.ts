// ORM and migration tools whose tasks wipe a database: Prisma, Rails/Rake, Laravel artisan, Django, Sequelize,
// Knex, TypeORM, MikroORM, Drizzle Kit, Alembic, Flyway, Liquibase, EF Core, Ecto, Diesel, SQLx, goose, dbmate,
// golang-migrate, Doctrine, Atlas and Sqitch. The target database is the one the framework is configured for: the
// command names it through an environment flag, a connection URL or DATABASE_URL, or not at all (then it is "the
// configured database", gated like production).
import type { EnvironmentHint } from '../environment';
import type { Invocation } from '../invocation';
import type { Risk } from '../types';
import { isInformational, optionValue, optionValues, positionals } from './args';
import { detection, type CommandRule, type Detection, type RuleContext } from './rule';
import { scanSql } from '../sqlScanner';
import { parseConnectionString, scannedDetection } from './sql';
import { resolvePath } from '../shellReader';
import { stdinText } from '../stdin';

const CONFIGURED = 'the configured database';

interface Task {
  /** The task as the tool spells it: words after the program (`migrate reset`), `|` between alternatives. */
  words: string;
  action: string;
  risk: Risk;
  blastRadius: string;
  /** Only destructive with these conditions (`--force-reset`, `--all`, `VERSION=0`). */
  when?: (args: readonly string[], rest: readonly string[]) => boolean;
  /** Acts on files in the project rather than the database (drizzle-kit drop). */
  onThisMachine?: { kind: string };
  reversible?: boolean;
}

interface Tool {
  programs: readonly string[];
  /** Options taking a separate value, so the task words are found. */
  valued?: readonly string[];
  /** Rails, Rake and goose take the task anywhere among their words (and several of them). */
  anywhere?: boolean;
  /** Words in front of the task that belong to the invocation (`dotnet ef`). */
  prefix?: readonly string[];
  /** Flags that only print what would run (`--pretend`, `--sql`). */
  informational?: readonly string[];
  /** Environment evidence in the tool's own flags. */
  hints?: (args: readonly string[], inv: Invocation) => EnvironmentHint[];
  /** A connection string or database name given on the command line. */
  connection?: (args: readonly string[], inv: Invocation) => { url?: string; name?: string; source: string } | undefined;
  tasks: readonly Task[];
}

const hint = (source: string, value: string | undefined): EnvironmentHint[] => (value ? [{ source, value }] : []);

/** `--env=production`, `--env production`, `-e production`. */
const envFlag = (names: readonly string[]) => (args: readonly string[]) => names.flatMap((name) => hint(name, optionValue(args, [name])));

const WIPE = 'deletes every table and every row in the database';

const TOOLS: readonly Tool[] = [
  {
    // https://www.prisma.io/docs/orm/reference/prisma-cli-reference
    programs: ['prisma'],
    valued: ['--schema', '--url', '--file'],
    tasks: [
      {
        words: 'migrate reset',
        action: 'migrate reset',
        risk: 'critical',
        blastRadius: `drops the database (or its schema), recreates it and reapplies every migration: ${WIPE}`,
      },
      {
        words: 'db push',
        action: 'db push force reset',
        risk: 'critical',
        when: (args) => args.includes('--force-reset'),
        blastRadius: `resets the database before pushing the schema: ${WIPE}`,
      },
      {
        words: 'db push',
        action: 'db push accept data loss',
        risk: 'high',
        when: (args) => args.includes('--accept-data-loss'),
        blastRadius: 'applies the schema even where that drops tables or columns holding data; the dropped data is gone',
      },
    ],
  },
  {
    // https://guides.rubyonrails.org/active_record_migrations.html#running-migrations
    programs: ['rails', 'rake'],
    anywhere: true,
    hints: (args, inv) => [
      ...args.flatMap((arg) => {
        const assignment = /^(RAILS_ENV|RACK_ENV)=(.+)$/.exec(arg);
        return assignment ? [{ source: `${assignment[1]}= argument`, value: assignment[2] }] : [];
      }),
      ...(inv.program === 'rails' ? envFlag(['-e', '--environment'])(args) : []),
    ],
    tasks: [
      { words: 'db:drop', action: 'db drop', risk: 'critical', blastRadius: 'drops the database with every table and row in it' },
      { words: 'db:drop:all', action: 'db drop', risk: 'critical', blastRadius: 'drops every database in config/database.yml with all their data' },
      {
        words: 'db:reset',
        action: 'db reset',
        risk: 'critical',
        blastRadius: `drops and recreates the database from db/schema.rb, then seeds it: ${WIPE}`,
      },
      {
        words: 'db:migrate:reset',
        action: 'db migrate reset',
        risk: 'critical',
        blastRadius: `drops and recreates the database, then runs every migration: ${WIPE}`,
      },
      { words: 'db:purge', action: 'db purge', risk: 'critical', blastRadius: `empties the database: ${WIPE}` },
      { words: 'db:purge:all', action: 'db purge', risk: 'critical', blastRadius: 'empties every database in config/database.yml' },
      { words: 'db:truncate_all', action: 'db truncate all', risk: 'critical', blastRadius: 'deletes every row in every table (the tables stay)' },
      {
        words: 'db:seed:replant',
        action: 'db seed replant',
        risk: 'critical',
        blastRadius: 'deletes every row in every table, then loads the seeds',
      },
      {
        words: 'db:schema:load|db:structure:load',
        action: 'db schema load',
        risk: 'high',
        blastRadius: 'recreates every table from the schema file, erasing the rows already in them',
      },
      {
        words: 'db:setup',
        action: 'db setup',
        risk: 'high',
        blastRadius: 'loads the schema file into the database, recreating existing tables empty, and seeds it',
      },
      {
        words: 'db:fixtures:load',
        action: 'db fixtures load',
        risk: 'medium',
        blastRadius: 'replaces the rows of every table that has fixtures with the fixture data',
      },
      {
        words: 'db:migrate',
        action: 'db migrate to version 0',
        risk: 'high',
        when: (args) => args.includes('VERSION=0'),
        blastRadius: 'reverts every migration, dropping the tables and columns they created with their data',
      },
      {
        words: 'db:rollback|db:migrate:down|db:migrate:redo',
        action: 'db rollback',
        risk: 'low',
        blastRadius: 'reverts the latest migration (or STEP=n of them), which may drop the tables or columns it created',
      },
    ],
  },
  {
    // https://laravel.com/docs/migrations#rolling-back-migrations
    programs: ['artisan'],
    informational: ['--pretend'],
    hints: (args) => envFlag(['--env'])(args),
    connection: (args) => {
      const name = optionValue(args, ['--database']);
      return name ? { name, source: '--database' } : undefined;
    },
    tasks: [
      {
        words: 'migrate:fresh',
        action: 'migrate fresh',
        risk: 'critical',
        blastRadius: `drops every table, then runs every migration again: ${WIPE}`,
      },
      { words: 'db:wipe', action: 'db wipe', risk: 'critical', blastRadius: 'drops every table, view and type in the database' },
      {
        words: 'migrate:reset',
        action: 'migrate reset',
        risk: 'high',
        blastRadius: 'rolls back every migration, dropping the tables they created with their data',
      },
      {
        words: 'migrate:refresh',
        action: 'migrate refresh',
        risk: 'high',
        blastRadius: 'rolls back every migration and runs them again: every table the migrations created comes back empty',
      },
      {
        words: 'migrate:rollback',
        action: 'migrate rollback',
        risk: 'low',
        blastRadius: 'reverts the last batch of migrations, which may drop the tables or columns they created',
      },
    ],
  },
  {
    // https://docs.djangoproject.com/en/stable/ref/django-admin/ (reset_db comes from django-extensions)
    programs: ['manage.py', 'django-admin'],
    valued: ['--settings', '--database', '--pythonpath', '-v', '--verbosity'],
    hints: (args) => envFlag(['--settings'])(args),
    connection: (args) => {
      const name = optionValue(args, ['--database']);
      return name ? { name, source: '--database' } : undefined;
    },
    tasks: [
      {
        words: 'flush',
        action: 'flush',
        risk: 'critical',
        blastRadius: 'deletes every row from every table (the tables stay) and reloads only the initial data',
      },
      { words: 'reset_db', action: 'reset db', risk: 'critical', blastRadius: `drops and recreates the database: ${WIPE}` },
      {
        words: 'migrate',
        action: 'migrate to zero',
        risk: 'high',
        when: (_args, rest) => rest[1] === 'zero',
        blastRadius: 'unapplies every migration of the app, dropping its tables with their data',
      },
    ],
  },
  {
    // https://github.com/sequelize/cli#documentation
    programs: ['sequelize', 'sequelize-cli'],
    valued: [
      '--env',
      '--config',
      '--options-path',
      '--migrations-path',
      '--seeders-path',
      '--models-path',
      '--url',
      '--to',
      '--from',
      '--seed',
      '--name',
    ],
    hints: (args) => envFlag(['--env'])(args),
    connection: (args) => {
      const url = optionValue(args, ['--url']);
      return url ? { url, source: '--url' } : undefined;
    },
    tasks: [
      { words: 'db:drop', action: 'db drop', risk: 'critical', blastRadius: 'drops the database with every table and row in it' },
      {
        words: 'db:migrate:undo:all',
        action: 'migrate undo all',
        risk: 'high',
        blastRadius: 'reverts every migration, dropping the tables they created with their data',
      },
      {
        words: 'db:seed:undo:all',
        action: 'seed undo all',
        risk: 'medium',
        blastRadius: 'runs every seeder backwards, deleting the rows the seeds inserted',
      },
      {
        words: 'db:migrate:undo',
        action: 'migrate undo',
        risk: 'low',
        blastRadius: 'reverts the latest migration, which may drop the tables or columns it created',
      },
    ],
  },
  {
    // https://knexjs.org/guide/migrations.html#migration-cli
    programs: ['knex'],
    valued: ['--env', '--knexfile', '--cwd', '--client', '--connection', '--migrations-directory', '--specific', '--esm'],
    hints: (args) => [...envFlag(['--env'])(args), ...hint('--knexfile', optionValue(args, ['--knexfile']))],
    connection: (args) => {
      const url = optionValue(args, ['--connection']);
      return url ? { url, source: '--connection' } : undefined;
    },
    tasks: [
      {
        words: 'migrate:rollback',
        action: 'migrate rollback all',
        risk: 'high',
        when: (args) => args.includes('--all'),
        blastRadius: 'reverts every completed migration, dropping the tables they created with their data',
      },
      {
        words: 'migrate:rollback|migrate:down',
        action: 'migrate rollback',
        risk: 'low',
        blastRadius: 'reverts the latest batch of migrations, which may drop the tables or columns they created',
      },
    ],
  },
  {
    // https://typeorm.io/docs/advanced-topics/using-cli
    programs: ['typeorm', 'typeorm-ts-node-commonjs', 'typeorm-ts-node-esm'],
    valued: ['-d', '--dataSource', '--connection', '-c'],
    hints: (args) => hint('--dataSource', optionValue(args, ['-d', '--dataSource'])),
    tasks: [
      { words: 'schema:drop', action: 'schema drop', risk: 'critical', blastRadius: 'drops every table of the data source with all their rows' },
      {
        words: 'migration:revert',
        action: 'migration revert',
        risk: 'low',
        blastRadius: 'reverts the latest migration, which may drop the tables or columns it created',
      },
    ],
  },
  {
    // https://mikro-orm.io/docs/schema-generator — schema commands only run their SQL with --run.
    programs: ['mikro-orm', 'mikro-orm-esm'],
    valued: ['--config', '--schema', '--seed', '--contextName'],
    hints: (args) => hint('--config', optionValue(args, ['--config'])),
    tasks: [
      {
        words: 'schema:drop',
        action: 'schema drop',
        risk: 'critical',
        when: (args) => args.includes('--run') || args.includes('-r'),
        blastRadius: 'drops every table of the schema with all their rows',
      },
      {
        words: 'schema:fresh',
        action: 'schema fresh',
        risk: 'critical',
        when: (args) => args.includes('--run') || args.includes('-r'),
        blastRadius: `drops and recreates the schema: ${WIPE}`,
      },
      {
        words: 'migration:fresh',
        action: 'migration fresh',
        risk: 'critical',
        blastRadius: `drops the schema and runs every migration again: ${WIPE}`,
      },
    ],
  },
  {
    // https://orm.drizzle.team/docs/drizzle-kit-push — `--force` auto-approves data-loss statements.
    programs: ['drizzle-kit'],
    valued: ['--config', '--dialect', '--url', '--schema', '--out'],
    hints: (args) => hint('--config', optionValue(args, ['--config'])),
    connection: (args) => {
      const url = optionValue(args, ['--url']);
      return url ? { url, source: '--url' } : undefined;
    },
    tasks: [
      {
        words: 'push',
        action: 'push force',
        risk: 'high',
        when: (args) => args.includes('--force'),
        blastRadius: 'pushes the schema without asking about data loss: tables and columns missing from it are dropped with their data',
      },
      {
        words: 'drop',
        action: 'drop migration',
        risk: 'low',
        onThisMachine: { kind: 'migration' },
        reversible: true,
        blastRadius: 'deletes a generated migration and its snapshot from the migrations folder (recoverable from version control)',
      },
    ],
  },
  {
    // https://alembic.sqlalchemy.org/en/latest/tutorial.html#downgrading — `--sql` only prints the SQL.
    programs: ['alembic'],
    valued: ['-c', '--config', '-n', '--name', '-x'],
    informational: ['--sql'],
    hints: (args) => [...hint('-n', optionValue(args, ['-n', '--name'])), ...optionValues(args, ['-x']).map((value) => ({ source: '-x', value }))],
    tasks: [
      {
        words: 'downgrade',
        action: 'downgrade base',
        risk: 'high',
        when: (args) => argumentAfter(args, 'downgrade') === 'base',
        blastRadius: 'reverts every migration, dropping the tables and columns they created with their data',
      },
      {
        words: 'downgrade',
        action: 'downgrade',
        risk: 'low',
        when: (args) => argumentAfter(args, 'downgrade') === '-1',
        blastRadius: 'reverts the latest migration, which may drop the tables or columns it created',
      },
      {
        words: 'downgrade',
        action: 'downgrade',
        risk: 'medium',
        when: (args) => argumentAfter(args, 'downgrade') !== undefined,
        blastRadius: 'reverts migrations down to the given revision, which may drop the tables or columns they created',
      },
    ],
  },
  {
    // https://documentation.red-gate.com/fd/clean-184127340.html — options are `-key=value`.
    programs: ['flyway'],
    hints: (args) => [
      ...flywayOption(args, 'environment').flatMap((v) => hint('-environment', v)),
      ...flywayOption(args, 'configFiles').flatMap((v) => hint('-configFiles', v)),
    ],
    connection: (args) => {
      const url = flywayOption(args, 'url').pop();
      return url ? { url, source: '-url' } : undefined;
    },
    tasks: [
      {
        words: 'clean',
        action: 'clean',
        risk: 'critical',
        blastRadius: 'drops every table, view, procedure and other object in the configured schemas',
      },
      {
        words: 'undo',
        action: 'undo',
        risk: 'low',
        blastRadius: 'undoes the latest versioned migration, which may drop the tables or columns it created',
      },
    ],
  },
  {
    // https://docs.liquibase.com/commands/home.html
    programs: ['liquibase'],
    valued: [
      '--url',
      '--username',
      '--password',
      '--changelog-file',
      '--changeLogFile',
      '--defaults-file',
      '--defaultsFile',
      '--count',
      '--tag',
      '--date',
      '--contexts',
      '--labels',
      '--search-path',
      '--log-level',
    ],
    hints: (args) => [
      ...hint('--defaults-file', optionValue(args, ['--defaults-file', '--defaultsFile'])),
      ...hint('--contexts', optionValue(args, ['--contexts'])),
    ],
    connection: (args) => {
      const url = optionValue(args, ['--url']);
      return url ? { url, source: '--url' } : undefined;
    },
    tasks: [
      {
        words: 'drop-all|dropAll',
        action: 'drop all',
        risk: 'critical',
        blastRadius: 'drops every table, view and other object in the database schema',
      },
      {
        words: 'rollback|rollback-to-date|rollbackToDate',
        action: 'rollback',
        risk: 'medium',
        blastRadius: 'rolls back the changesets applied after the given tag or date, which may drop tables or columns with their data',
      },
      {
        words: 'rollback-count|rollbackCount',
        action: 'rollback',
        risk: 'low',
        blastRadius: 'rolls back the latest changesets, which may drop tables or columns with their data',
      },
    ],
  },
  {
    // https://learn.microsoft.com/ef/core/cli/dotnet — `dotnet ef …` or the `dotnet-ef` tool itself.
    programs: ['dotnet', 'dotnet-ef'],
    prefix: ['ef'],
    valued: [
      '--connection',
      '--context',
      '-c',
      '--project',
      '-p',
      '--startup-project',
      '-s',
      '--framework',
      '--configuration',
      '--runtime',
      '--msbuildprojectextensionspath',
    ],
    hints: (args) => {
      // Arguments after `--` go to the application: `-- --environment Production`.
      const appArgs = args.includes('--') ? args.slice(args.indexOf('--') + 1) : [];
      return hint('application --environment', optionValue(appArgs, ['--environment']));
    },
    connection: (args) => {
      const url = optionValue(args, ['--connection']);
      return url ? { url, source: '--connection' } : undefined;
    },
    tasks: [
      { words: 'database drop', action: 'database drop', risk: 'critical', blastRadius: 'drops the database with every table and row in it' },
      {
        words: 'database update',
        action: 'database update to 0',
        risk: 'high',
        when: (_args, rest) => rest[0] === '0',
        blastRadius: 'reverts every migration, dropping the tables they created with their data',
      },
    ],
  },
  {
    // https://hexdocs.pm/ecto_sql/Mix.Tasks.Ecto.Rollback.html
    programs: ['mix'],
    valued: ['-r', '--repo', '--to', '--step', '-n'],
    tasks: [
      { words: 'ecto.drop', action: 'ecto drop', risk: 'critical', blastRadius: 'drops the repository database with every table and row in it' },
      {
        words: 'ecto.reset',
        action: 'ecto reset',
        risk: 'critical',
        blastRadius: `drops the database, recreates it and runs the migrations and seeds: ${WIPE}`,
      },
      {
        words: 'ecto.rollback',
        action: 'ecto rollback all',
        risk: 'high',
        when: (args) => args.includes('--all'),
        blastRadius: 'reverts every migration, dropping the tables they created with their data',
      },
      {
        words: 'ecto.rollback',
        action: 'ecto rollback',
        risk: 'low',
        blastRadius: 'reverts the latest migration, which may drop the tables or columns it created',
      },
    ],
  },
  {
    // https://diesel.rs/guides/getting-started and https://github.com/launchbadge/sqlx/tree/main/sqlx-cli
    // (`cargo sqlx …` is the same CLI run as a cargo subcommand).
    programs: ['diesel', 'sqlx', 'cargo-sqlx', 'cargo'],
    prefix: ['sqlx'],
    valued: ['--database-url', '-D', '--migration-dir', '--source', '--config', '--target-version'],
    connection: (args) => {
      const url = optionValue(args, ['--database-url', '-D']);
      return url ? { url, source: '--database-url' } : undefined;
    },
    tasks: [
      { words: 'database drop', action: 'database drop', risk: 'critical', blastRadius: 'drops the database with every table and row in it' },
      {
        words: 'database reset',
        action: 'database reset',
        risk: 'critical',
        blastRadius: `drops the database, recreates it and runs the migrations: ${WIPE}`,
      },
      {
        words: 'migration revert|migrate revert',
        action: 'migration revert all',
        risk: 'high',
        when: (args) => args.includes('--all') || optionValue(args, ['--target-version']) === '0',
        blastRadius: 'reverts every migration, dropping the tables they created with their data',
      },
      {
        words: 'migration revert|migration redo|migrate revert',
        action: 'migration revert',
        risk: 'low',
        blastRadius: 'reverts the latest migration, which may drop the tables or columns it created',
      },
    ],
  },
  {
    // https://github.com/pressly/goose — `goose [OPTIONS] DRIVER DBSTRING COMMAND`
    programs: ['goose'],
    anywhere: true,
    valued: ['-dir', '--dir', '-table', '--table', '-certfile', '-ssl-cert', '-ssl-key', '-env', '--env'],
    connection: (args, inv) => {
      const words = positionals(args, ['-dir', '--dir', '-table', '--table', '-certfile', '-ssl-cert', '-ssl-key', '-env', '--env']);
      const commandAt = words.findIndex((w) => GOOSE_COMMANDS.has(w));
      const dbstring = commandAt >= 2 ? words[commandAt - 1] : inv.env.GOOSE_DBSTRING;
      return dbstring ? { url: dbstring, source: commandAt >= 2 ? 'the connection string' : 'GOOSE_DBSTRING' } : undefined;
    },
    tasks: [
      { words: 'reset', action: 'reset', risk: 'high', blastRadius: 'rolls back every migration, dropping the tables they created with their data' },
      {
        words: 'down-to',
        action: 'down to 0',
        risk: 'high',
        when: (_args, rest) => rest[0] === '0',
        blastRadius: 'rolls back every migration, dropping the tables they created with their data',
      },
      {
        words: 'down-to',
        action: 'down to',
        risk: 'medium',
        blastRadius: 'rolls back migrations down to the given version, which may drop tables or columns with their data',
      },
      { words: 'down', action: 'down', risk: 'low', blastRadius: 'rolls back the latest migration, which may drop the tables or columns it created' },
    ],
  },
  {
    // https://github.com/amacneil/dbmate#commands
    programs: ['dbmate'],
    valued: ['-u', '--url', '-e', '--env', '-d', '--migrations-dir', '-s', '--schema-file', '--wait-timeout'],
    connection: (args, inv) => {
      const url = optionValue(args, ['-u', '--url']);
      if (url) return { url, source: '--url' };
      const variable = optionValue(args, ['-e', '--env']);
      return variable && inv.env[variable] ? { url: inv.env[variable], source: variable } : undefined;
    },
    tasks: [
      { words: 'drop', action: 'drop', risk: 'critical', blastRadius: 'drops the database with every table and row in it' },
      {
        words: 'rollback|down',
        action: 'rollback',
        risk: 'low',
        blastRadius: 'rolls back the latest migration, which may drop the tables or columns it created',
      },
    ],
  },
  {
    // https://github.com/golang-migrate/migrate/tree/master/cmd/migrate — `down` without N reverts everything.
    programs: ['migrate'],
    valued: ['-database', '--database', '-path', '--path', '-source', '--source', '-lock-timeout', '-prefetch'],
    connection: (args) => {
      const url = optionValue(args, ['-database', '--database']);
      return url ? { url, source: '-database' } : undefined;
    },
    tasks: [
      { words: 'drop', action: 'drop', risk: 'critical', blastRadius: 'drops everything inside the database: every table and row' },
      {
        words: 'down',
        action: 'down all',
        risk: 'high',
        when: (args) => !/^\d+$/.test(argumentAfter(args, 'down') ?? ''),
        blastRadius: 'applies every down migration, dropping the tables they created with their data',
      },
      {
        words: 'down',
        action: 'down',
        risk: 'low',
        blastRadius: 'applies the given number of down migrations, which may drop tables or columns with their data',
      },
    ],
  },
  {
    // Symfony's bin/console with DoctrineBundle: the drop commands do nothing without --force.
    programs: ['console', 'php'],
    prefix: ['console'],
    valued: ['-e', '--env', '--connection', '--em'],
    hints: (args) => envFlag(['--env', '-e'])(args),
    connection: (args) => {
      const name = optionValue(args, ['--connection']);
      return name ? { name, source: '--connection' } : undefined;
    },
    tasks: [
      {
        words: 'doctrine:database:drop',
        action: 'database drop',
        risk: 'critical',
        when: (args) => args.includes('--force') || args.includes('-f'),
        blastRadius: 'drops the database with every table and row in it',
      },
      {
        words: 'doctrine:schema:drop',
        action: 'schema drop',
        risk: 'critical',
        when: (args) => args.includes('--force') || args.includes('-f'),
        blastRadius: 'drops every table of the mapped entities with all their rows',
      },
      {
        // `--complete` also drops the tables and columns the mapping does not know (DoctrineBundle schema:update --help).
        words: 'doctrine:schema:update',
        action: 'schema update complete',
        risk: 'high',
        when: (args) => (args.includes('--force') || args.includes('-f')) && args.includes('--complete'),
        blastRadius: 'applies the entity mapping to the database and drops every table and column it does not define, with their data',
      },
      {
        words: 'doctrine:fixtures:load',
        action: 'fixtures load',
        risk: 'high',
        when: (args) => !args.includes('--append'),
        blastRadius: 'purges every table before loading the fixtures: existing rows are deleted',
      },
    ],
  },
  {
    // https://atlasgo.io/cli-reference — `schema clean` drops every object; `migrate down` reverts applied migrations.
    programs: ['atlas'],
    valued: ['-u', '--url', '--env', '--dev-url', '--dir', '--to', '--to-version', '--config', '--var', '-c', '--format', '--amount'],
    hints: (args) => envFlag(['--env'])(args),
    connection: (args) => {
      const url = optionValue(args, ['-u', '--url']);
      return url ? { url, source: '--url' } : undefined;
    },
    informational: ['--dry-run'],
    tasks: [
      {
        words: 'schema clean',
        action: 'schema clean',
        risk: 'critical',
        blastRadius: 'drops every table, view and object in the database or schema',
      },
      {
        words: 'migrate down',
        action: 'migrate down',
        risk: 'medium',
        blastRadius: 'reverts applied migrations, dropping the tables and columns they created with their data',
      },
    ],
  },
  {
    // https://sqitch.org/docs/manual/sqitch-revert/ — without a change to stop at, revert undoes every deployed change.
    programs: ['sqitch'],
    valued: [
      '-t',
      '--target',
      '--to',
      '--to-change',
      '--plan-file',
      '-f',
      '--registry',
      '-d',
      '--db-name',
      '-h',
      '--db-host',
      '--engine',
      '-s',
      '--set',
    ],
    connection: (args) => {
      const target = optionValue(args, ['-t', '--target']) ?? args.find((a) => a.startsWith('db:'));
      return target ? { url: target.replace(/^db:/, ''), source: '--target' } : undefined;
    },
    tasks: [
      {
        // `--to change` or a change reference (`@HEAD^`, `users@v1.0`) stops there.
        words: 'revert',
        action: 'revert',
        risk: 'medium',
        when: (args, rest) => {
          const changes = rest.filter((word) => !word.startsWith('db:'));
          return optionValue(args, ['--to', '--to-change']) !== undefined || rest.length >= 2 || changes.some((word) => word.includes('@'));
        },
        blastRadius: 'reverts the changes deployed after the one named, dropping the tables and data they created',
      },
      {
        words: 'revert',
        action: 'revert all',
        risk: 'critical',
        blastRadius: 'reverts every deployed change: the tables, functions and data they created are dropped',
      },
      {
        words: 'rebase',
        action: 'rebase',
        risk: 'high',
        blastRadius: 'reverts deployed changes and deploys them again: data in the tables those changes created is lost',
      },
    ],
  },
];

const GOOSE_COMMANDS = new Set(['up', 'up-by-one', 'up-to', 'down', 'down-to', 'redo', 'reset', 'status', 'version', 'create', 'fix', 'validate']);

/** Flyway reads `-key=value` options only. */
function flywayOption(args: readonly string[], key: string): string[] {
  return args.filter((arg) => arg.startsWith(`-${key}=`)).map((arg) => arg.slice(key.length + 2));
}

/** How many words the task takes at the start of `words` (0: no match). Alternatives are whole phrases. */
function matchTask(words: readonly string[], task: Task): number {
  for (const phrase of task.words.split('|')) {
    const phraseWords = phrase.split(' ');
    if (phraseWords.every((w, i) => words[i] === w)) return phraseWords.length;
  }
  return 0;
}

/** The argument right after a task word, dashes included (`downgrade -1`, `down -all`). */
function argumentAfter(args: readonly string[], word: string): string | undefined {
  const index = args.indexOf(word);
  return index < 0 ? undefined : args[index + 1];
}

/** The database's name from a connection URL (`postgres://h/app_prod` → app_prod), never its password. */
function databaseFromUrl(url: string | undefined): string | undefined {
  if (!url) return undefined;
  const sqlite = /^(?:file:|sqlite:(?:\/\/)?)(.+)$/i.exec(url.trim());
  if (sqlite) return sqlite[1].split('?')[0];
  return parseConnectionString(url)?.database;
}

function connectionHints(url: string | undefined, source: string): EnvironmentHint[] {
  if (!url) return [];
  if (/^(file:|sqlite:)/i.test(url)) return [{ source, value: url.split('?')[0], meaning: 'local' }];
  const parsed = parseConnectionString(url);
  // On localhost the database's name (`app_test`) cannot make the target any less local.
  if (parsed?.host && /^(localhost|127(\.\d{1,3}){3}|::1|0\.0\.0\.0)$/i.test(parsed.host))
    return [{ source: `host in ${source}`, value: parsed.host, meaning: 'local' }];
  return [...hint(`host in ${source}`, parsed?.host), ...hint(`database in ${source}`, parsed?.database)];
}

function toolRule(tool: Tool): CommandRule {
  return {
    family: 'orm',
    programs: tool.programs,
    detect(inv, ctx) {
      let args = inv.argv.slice(1);
      // `dotnet ef …` and `php bin/console …` carry the real tool in their first word.
      if (inv.program === 'dotnet' || inv.program === 'php' || inv.program === 'cargo') {
        if (!tool.prefix || !args[0] || args[0].split('/').pop() !== tool.prefix[0]) return [];
        args = args.slice(1);
      }
      if (isInformational(args) || args.includes('-h') || tool.informational?.some((flag) => args.includes(flag))) return [];
      // After `--` come the application's own arguments (`dotnet ef … -- --environment Production`).
      const words = positionals(args.includes('--') ? args.slice(0, args.indexOf('--')) : args, tool.valued ?? []);
      const found: Found[] = [];
      const starts = tool.anywhere ? words.map((_, i) => i) : [0];
      for (const start of starts) {
        for (const task of tool.tasks) {
          const length = matchTask(words.slice(start), task);
          if (!length) continue;
          const rest = words.slice(start + length);
          if (task.when && !task.when(args, rest)) continue;
          found.push({ task, rest });
          break;
        }
      }
      if (tool.programs.includes('rails')) found.push(...railsSuffixed(words));
      return found.map((match) => ormDetection(inv, ctx, tool, match, args));
    },
  };
}

interface Found {
  task: Task;
  rest: readonly string[];
  /** A database the task itself names (Rails `db:drop:animals`). */
  database?: string;
}

/** Rails multi-database tasks: `db:drop:animals` drops the `animals` database of config/database.yml. */
function railsSuffixed(words: readonly string[]): Found[] {
  const rails = TOOLS.find((t) => t.programs.includes('rails'))!;
  const results: Found[] = [];
  for (const word of words) {
    const match =
      /^(db:(?:drop|reset|purge|truncate_all|schema:load|migrate:reset|seed:replant|rollback|migrate:down|migrate:redo)):([A-Za-z_]\w*)$/.exec(word);
    if (!match || match[2] === 'all') continue;
    const task = rails.tasks.find((t) => t.words.split('|').includes(match[1]));
    if (task) results.push({ task, rest: [], database: match[2] });
  }
  return results;
}

function ormDetection(inv: Invocation, ctx: RuleContext, tool: Tool, { task, rest, database }: Found, args: readonly string[]): Detection {
  const given = tool.connection?.(args, inv);
  const hints: EnvironmentHint[] = [...(tool.hints?.(args, inv) ?? [])];
  if (given?.url) hints.push(...connectionHints(given.url, given.source));
  if (given?.name) hints.push({ source: given.source, value: given.name });
  const urlDatabase = databaseFromUrl(given?.url) ?? databaseFromUrl(inv.env.DATABASE_URL);
  const toolName = inv.program === 'dotnet' ? 'dotnet ef' : inv.program === 'php' ? 'console' : inv.program;
  const named = database ?? given?.name ?? urlDatabase;
  const appLabel = task.action === 'migrate to zero' ? rest[0] : undefined;
  const guardOff =
    tool.programs.includes('rails') &&
    (inv.env.DISABLE_DATABASE_ENVIRONMENT_CHECK || args.some((a) => a.startsWith('DISABLE_DATABASE_ENVIRONMENT_CHECK=')))
      ? "; DISABLE_DATABASE_ENVIRONMENT_CHECK turns off Rails' refusal to run it on a production database"
      : '';
  if (task.onThisMachine) {
    return detection({
      rule: `orm.${task.action.replace(/\s+/g, '-')}`,
      tool: inv.program,
      action: task.action,
      resource: { kind: task.onThisMachine.kind, name: rest[0] ?? 'the chosen migration' },
      environment: ctx.environment(inv, [], 'local'),
      blastRadius: task.blastRadius,
      risk: task.risk,
      reversible: task.reversible,
      confirmText: `${inv.program} ${task.action}`,
    });
  }
  return detection({
    rule: `orm.${task.action.replace(/\s+/g, '-')}`,
    tool: inv.program,
    action: task.action,
    resource: { kind: 'database', name: named ?? CONFIGURED },
    environment: ctx.environment(inv, hints, 'remote'),
    blastRadius: `${appLabel ? `${task.blastRadius.replace('the app', `app ${appLabel}`)}` : task.blastRadius} (${named ? `database ${named}` : CONFIGURED})${guardOff}`,
    risk: task.risk,
    reversible: task.reversible,
    confirmText: named ?? `${toolName} ${task.action}`,
  });
}

// ---------------------------------------------------------------------------------------------------------------
// Tasks that hand SQL to the database: `prisma db execute`, `rails dbconsole`, `manage.py dbshell`.
// ---------------------------------------------------------------------------------------------------------------

function sqlThrough(inv: Invocation, ctx: RuleContext, text: string, hints: EnvironmentHint[], database: string | undefined): Detection[] {
  const { findings } = scanSql(text, { dialect: 'postgres', readText: ctx.readText, cwd: inv.cwd, home: ctx.home });
  if (findings.length === 0) return [];
  const environment = ctx.environment(inv, hints, 'remote');
  const where = database ? ` (database ${database})` : '';
  return findings.map((finding) => scannedDetection(inv, 'orm', finding, environment, where));
}

function stdinSql(inv: Invocation, ctx: RuleContext): string | undefined {
  const fed = stdinText(inv.stdin, ctx.readText, ctx.home);
  return fed?.known ? fed.text : undefined;
}

// https://www.prisma.io/docs/orm/reference/prisma-cli-reference#db-execute
const prismaExecute: CommandRule = {
  family: 'orm',
  programs: ['prisma'],
  detect(inv, ctx) {
    const args = inv.argv.slice(1);
    if (args[0] !== 'db' || args[1] !== 'execute' || isInformational(args)) return [];
    const file = optionValue(args, ['--file']);
    const text = file ? ctx.readText(resolvePath(inv.cwd, file, ctx.home)) : args.includes('--stdin') ? stdinSql(inv, ctx) : undefined;
    if (text === undefined) return [];
    const url = optionValue(args, ['--url']);
    const database = databaseFromUrl(url) ?? databaseFromUrl(inv.env.DATABASE_URL);
    return sqlThrough(inv, ctx, text, connectionHints(url, '--url'), database);
  },
};

/** `rails dbconsole` / `rails db` and `manage.py dbshell` open the database client; SQL may arrive on stdin. */
const frameworkConsole: CommandRule = {
  family: 'orm',
  programs: ['rails', 'manage.py', 'django-admin'],
  detect(inv, ctx) {
    const args = inv.argv.slice(1);
    const isRails = inv.program === 'rails' && (args[0] === 'dbconsole' || args[0] === 'db');
    const isDjango = inv.program !== 'rails' && args[0] === 'dbshell';
    if (!isRails && !isDjango) return [];
    const texts: string[] = [];
    // `manage.py dbshell -- -c "…"` passes the rest to psql/mysql.
    const passed = args.includes('--') ? args.slice(args.indexOf('--') + 1) : [];
    const command = optionValue(passed, ['-c', '--command', '-e', '--execute']);
    if (command) texts.push(command);
    else {
      const fed = stdinSql(inv, ctx);
      if (fed) texts.push(fed);
    }
    const hints = isRails
      ? [...hint('-e', optionValue(args, ['-e', '--environment']))]
      : [...hint('--settings', optionValue(args, ['--settings'])), ...hint('--database', optionValue(args, ['--database']))];
    // `manage.py sqlflush | manage.py dbshell`: the statements flush runs, fed to the database client.
    const producer = inv.stdin?.kind === 'pipe' ? inv.stdin.from : undefined;
    const flushes = (argv: readonly string[]) => {
      const at = argv.indexOf('sqlflush');
      return at > 0 && argv.slice(0, at).some((word) => /(^|\/)(manage\.py|django-admin)$/.test(word));
    };
    if (isDjango && producer && flushes(producer.argv)) {
      return [
        detection({
          rule: 'orm.flush',
          tool: inv.program,
          action: 'flush',
          resource: { kind: 'database', name: databaseFromUrl(inv.env.DATABASE_URL) ?? CONFIGURED },
          environment: ctx.environment(inv, hints, 'remote'),
          blastRadius: 'runs the TRUNCATE statements sqlflush prints: every row in every table of the database is deleted',
          risk: 'critical',
          confirmText: databaseFromUrl(inv.env.DATABASE_URL) ?? `${inv.program} flush`,
        }),
      ];
    }
    return texts.flatMap((text) => sqlThrough(inv, ctx, text, hints, databaseFromUrl(inv.env.DATABASE_URL)));
  },
};

export const rules: readonly CommandRule[] = [...TOOLS.map(toolRule), prismaExecute, frameworkConsole];
