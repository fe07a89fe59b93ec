// MySQL and MariaDB: mysql/mariadb/mycli, pscale shell (PlanetScale) and mysqladmin drop.
import type { Invocation } from '../../invocation';
import { isInformational } from '../args';
import type { CommandRule } from '../rule';
import { type OptionSyntax, type ParsedLine, parseCommandLine, values, last } from './commandLine';
import { type Connection, namedDatabase } from './connection';
import { type SqlInput, textInput, stdinInput, stdinInputs } from './inputs';
import { sqlDetections, databaseDetection } from './detections';

// mysql(1): https://dev.mysql.com/doc/refman/8.0/en/mysql-command-options.html. `-p` takes its value only attached.
const MYSQL_SYNTAX: OptionSyntax = {
  short: 'hPuDeSO',
  long: [
    '--host',
    '--port',
    '--user',
    '--database',
    '--execute',
    '--socket',
    '--default-character-set',
    '--init-command',
    '--defaults-file',
    '--defaults-extra-file',
    '--login-path',
    '--ssl-ca',
    '--ssl-cert',
    '--ssl-key',
    '--ssl-mode',
    '--protocol',
    '--connect-timeout',
  ],
};

function mysqlConnection(inv: Invocation, line: ParsedLine, database: string | undefined): Connection {
  const connection: Connection = { hosts: [] };
  for (const host of values(line, ['-h', '--host'])) connection.hosts.push({ source: '-h', value: host });
  for (const socket of values(line, ['-S', '--socket'])) connection.hosts.push({ source: '--socket', value: socket });
  if (connection.hosts.length === 0 && inv.env.MYSQL_HOST) connection.hosts.push({ source: 'variable MYSQL_HOST', value: inv.env.MYSQL_HOST });
  namedDatabase(connection, database, 'database argument');
  return connection;
}

export const mysql: CommandRule = {
  family: 'sql',
  // mycli takes the same connection and -e options.
  programs: ['mysql', 'mariadb', 'mycli'],
  detect(inv, ctx) {
    const args = inv.argv.slice(1);
    if (isInformational(args)) return [];
    const line = parseCommandLine(args, MYSQL_SYNTAX);
    const database = last(line, ['-D', '--database']) ?? line.positionals[0];
    const connection = mysqlConnection(inv, line, database);
    const executed = values(line, ['-e', '--execute']);
    const inputs: SqlInput[] = executed.map((text) => textInput(inv, text, '-e'));
    if (inputs.length === 0) inputs.push(...stdinInputs(inv, ctx));
    return sqlDetections(inv, ctx, inputs, 'mysql', connection);
  },
};

// `pscale shell <database> <branch>` opens a MySQL shell on a PlanetScale branch; SQL arrives on stdin.
export const pscaleShell: CommandRule = {
  family: 'sql',
  programs: ['pscale'],
  detect(inv, ctx) {
    const args = inv.argv.slice(1);
    if (args[0] !== 'shell' || isInformational(args)) return [];
    const line = parseCommandLine(args.slice(1), {
      long: ['--org', '--role', '--local-addr', '--remote-addr', '--service-token', '--service-token-id', '--api-url', '--config'],
    });
    const [database, branch] = line.positionals;
    const fed = stdinInput(inv, ctx);
    if (!fed) return [];
    const connection: Connection = { hosts: branch ? [{ source: 'branch', value: branch }] : [] };
    namedDatabase(connection, database, 'database argument');
    return sqlDetections(inv, ctx, [fed], 'mysql', connection);
  },
};

// mysqladmin: https://dev.mysql.com/doc/refman/8.0/en/mysqladmin.html — `mysqladmin [options] drop db_name`.
export const mysqladmin: CommandRule = {
  family: 'sql',
  programs: ['mysqladmin', 'mariadb-admin'],
  detect(inv, ctx) {
    const args = inv.argv.slice(1);
    if (isInformational(args)) return [];
    const line = parseCommandLine(args, MYSQL_SYNTAX);
    const index = line.positionals.findIndex((word) => word.toLowerCase() === 'drop');
    if (index < 0) return [];
    const name = line.positionals[index + 1] ?? '(database not named)';
    const connection = mysqlConnection(inv, line, name);
    return [
      databaseDetection(inv, ctx, {
        rule: 'sql.drop-database',
        action: 'drop database',
        name,
        connection,
        radius: `deletes database ${name} with every table and row in it`,
        risk: 'critical',
      }),
    ];
  },
};
