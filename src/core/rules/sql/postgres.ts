// PostgreSQL: psql, the platform shells that open it (heroku pg:psql, fly postgres connect), dropdb, dropuser, pg_restore --clean.
import { isInformational } from '../args';
import { detection, type CommandRule } from '../rule';
import { type OptionSyntax, parseCommandLine, isDynamic, known, values, last, present } from './commandLine';
import { type Connection, environmentOf, location, namedDatabase, addUri } from './connection';
import { type SqlInput, textInput, stdinInputs, fileInput } from './inputs';
import { sqlDetections, databaseDetection } from './detections';

// psql(1): https://www.postgresql.org/docs/current/app-psql.html
const PSQL_SYNTAX: OptionSyntax = {
  short: 'cdfhpUvoLPFRT',
  long: [
    '--command',
    '--dbname',
    '--file',
    '--host',
    '--port',
    '--username',
    '--set',
    '--variable',
    '--output',
    '--log-file',
    '--pset',
    '--field-separator',
    '--record-separator',
    '--table-attr',
  ],
};

export const psql: CommandRule = {
  family: 'sql',
  programs: ['psql'],
  detect(inv, ctx) {
    const args = inv.argv.slice(1);
    if (isInformational(args) || args.includes('-l') || args.includes('--list')) return [];
    const line = parseCommandLine(args, PSQL_SYNTAX);
    const connection: Connection = { hosts: [] };
    for (const host of values(line, ['-h', '--host'])) connection.hosts.push({ source: '-h', value: host });
    const dbOption = known(inv, last(line, ['-d', '--dbname']));
    const [positionalDb] = line.positionals.filter((value) => !isDynamic(inv, value));
    for (const [value, source] of [
      [dbOption, '-d'],
      [positionalDb, 'the connection string'],
    ] as const) {
      if (!value) continue;
      if (!addUri(connection, value, source)) namedDatabase(connection, value, source === '-d' ? '-d' : 'database argument');
    }
    if (inv.env.PGHOST && connection.hosts.length === 0) connection.hosts.push({ source: 'variable PGHOST', value: inv.env.PGHOST });
    namedDatabase(connection, inv.env.PGDATABASE, 'variable PGDATABASE');

    // -c and -f run in the order given; without them psql reads stdin.
    const inputs: SqlInput[] = [];
    for (const option of line.options) {
      if (option.value === undefined) continue;
      if (option.name === '-c' || option.name === '--command') inputs.push(textInput(inv, option.value, '-c'));
      else if (option.name === '-f' || option.name === '--file') inputs.push(fileInput(inv, ctx, option.value));
    }
    if (inputs.length === 0) inputs.push(...stdinInputs(inv, ctx));
    return sqlDetections(inv, ctx, inputs, 'postgres', connection);
  },
};

// Platform shells that open psql on a hosted database: `heroku pg:psql` (https://devcenter.heroku.com/articles/heroku-cli-commands)
// and `fly postgres connect` (https://fly.io/docs/flyctl/postgres-connect/). The app names the environment.
export const platformShell: CommandRule = {
  family: 'sql',
  programs: ['heroku', 'fly', 'flyctl'],
  detect(inv, ctx) {
    const args = inv.argv.slice(1);
    const heroku = inv.program === 'heroku' && args[0] === 'pg:psql';
    const fly = inv.program !== 'heroku' && (args[0] === 'postgres' || args[0] === 'pg') && args[1] === 'connect';
    if ((!heroku && !fly) || isInformational(args)) return [];
    const line = parseCommandLine(args.slice(heroku ? 1 : 2), {
      short: 'acfrd',
      long: ['--app', '--command', '--file', '--remote', '--database', '--config', '--user', '--password', '--region', '--credential'],
    });
    const app = last(line, ['-a', '--app']);
    const connection: Connection = { hosts: app ? [{ source: '--app', value: app }] : [] };
    namedDatabase(connection, heroku ? line.positionals[0] : last(line, ['-d', '--database']), heroku ? 'database attachment' : '--database');
    const inputs: SqlInput[] = heroku ? values(line, ['-c', '--command']).map((text) => textInput(inv, text, '--command')) : [];
    if (heroku) for (const file of values(line, ['-f', '--file'])) inputs.push(fileInput(inv, ctx, file));
    if (inputs.length === 0) inputs.push(...stdinInputs(inv, ctx));
    return sqlDetections(inv, ctx, inputs, 'postgres', connection);
  },
};

// dropdb: https://www.postgresql.org/docs/current/app-dropdb.html
export const dropdb: CommandRule = {
  family: 'sql',
  programs: ['dropdb'],
  detect(inv, ctx) {
    const args = inv.argv.slice(1);
    if (isInformational(args)) return [];
    const line = parseCommandLine(args, { short: 'hpU', long: ['--host', '--port', '--username', '--maintenance-db'] });
    const name = line.positionals[0] ?? inv.env.PGDATABASE;
    if (!name) return [];
    const connection: Connection = { hosts: values(line, ['-h', '--host']).map((value) => ({ source: '-h', value })) };
    if (connection.hosts.length === 0 && inv.env.PGHOST) connection.hosts.push({ source: 'variable PGHOST', value: inv.env.PGHOST });
    namedDatabase(connection, name, 'database argument');
    const force = present(line, ['-f', '--force']) ? ', disconnecting everyone using it' : '';
    return [
      databaseDetection(inv, ctx, {
        rule: 'sql.drop-database',
        action: 'drop database',
        name,
        connection,
        radius: `deletes database ${name} with every table and row in it${force}`,
        risk: 'critical',
      }),
    ];
  },
};

// dropuser: https://www.postgresql.org/docs/current/app-dropuser.html — DROP ROLE from the shell.
export const dropuser: CommandRule = {
  family: 'sql',
  programs: ['dropuser'],
  detect(inv, ctx) {
    const args = inv.argv.slice(1);
    if (isInformational(args) || args.includes('--interactive')) return [];
    const line = parseCommandLine(args, { short: 'hpU', long: ['--host', '--port', '--username'] });
    const role = line.positionals[0];
    if (!role) return [];
    const connection: Connection = { hosts: values(line, ['-h', '--host']).map((value) => ({ source: '-h', value })) };
    if (connection.hosts.length === 0 && inv.env.PGHOST) connection.hosts.push({ source: 'variable PGHOST', value: inv.env.PGHOST });
    return [
      detection({
        rule: 'sql.drop-role',
        tool: inv.program,
        action: 'drop role',
        resource: { kind: 'role', name: role },
        environment: environmentOf(inv, ctx, connection),
        blastRadius: `deletes the database role ${role}${location(inv, connection)}; applications and people logging in with it lose access`,
        risk: 'medium',
      }),
    ];
  },
};

// pg_restore: https://www.postgresql.org/docs/current/app-pgrestore.html — `--clean` drops each object before
// recreating it; with `--create` it drops and recreates the whole database. Without -d it only prints a script.
export const pgRestore: CommandRule = {
  family: 'sql',
  programs: ['pg_restore'],
  detect(inv, ctx) {
    const args = inv.argv.slice(1);
    if (isInformational(args)) return [];
    const line = parseCommandLine(args, {
      short: 'dfFIjLnNPsShTUp',
      long: [
        '--dbname',
        '--file',
        '--format',
        '--index',
        '--jobs',
        '--use-list',
        '--schema',
        '--exclude-schema',
        '--function',
        '--superuser',
        '--table',
        '--trigger',
        '--host',
        '--port',
        '--username',
        '--role',
        '--section',
        '--filter',
        '--exclude-database',
      ],
    });
    const dbname = last(line, ['-d', '--dbname']);
    if (!dbname || present(line, ['-l', '--list']) || !present(line, ['-c', '--clean'])) return [];
    const connection: Connection = { hosts: values(line, ['-h', '--host']).map((value) => ({ source: '-h', value })) };
    if (!addUri(connection, dbname, '--dbname')) namedDatabase(connection, dbname, '--dbname');
    if (connection.hosts.length === 0 && inv.env.PGHOST) connection.hosts.push({ source: 'variable PGHOST', value: inv.env.PGHOST });
    const archive = line.positionals[0] ?? 'the archive on stdin';
    const name = connection.database ?? dbname;
    if (present(line, ['-C', '--create'])) {
      return [
        databaseDetection(inv, ctx, {
          rule: 'sql.restore-clean',
          action: 'restore clean',
          name: `the database in ${archive}`,
          connection,
          radius: `drops the database saved in ${archive} with all its current data and recreates it from the archive`,
          risk: 'critical',
          confirmText: archive,
        }),
      ];
    }
    return [
      databaseDetection(inv, ctx, {
        rule: 'sql.restore-clean',
        action: 'restore clean',
        name,
        connection,
        radius: `drops every table and object of ${archive} in database ${name} and replaces them with the archive's copy; rows written since the dump are lost`,
        risk: 'high',
      }),
    ];
  },
};
