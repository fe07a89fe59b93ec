// More SQL clients: ClickHouse, cqlsh, CockroachDB, usql, Snowflake, SQL Server and BigQuery.
import type { Dialect } from '../../sqlScanner';
import { isInformational } from '../args';
import type { CommandRule } from '../rule';
import { type OptionSyntax, parseCommandLine, known, values, last } from './commandLine';
import { type Connection, namedDatabase, addUri } from './connection';
import { type SqlInput, textInput, stdinInputs, collectInputs } from './inputs';
import { sqlDetections } from './detections';

// clickhouse-client: https://clickhouse.com/docs/interfaces/cli (`-f` is --format there, not a file).
const CLICKHOUSE_SYNTAX: OptionSyntax = {
  short: 'hdqufC',
  long: [
    '--host',
    '--port',
    '--user',
    '--password',
    '--database',
    '--query',
    '--queries-file',
    '--format',
    '--config-file',
    '--param',
    '--connection',
  ],
};

export const clickhouse: CommandRule = {
  family: 'sql',
  programs: ['clickhouse-client', 'clickhouse', 'clickhouse-local'],
  detect(inv, ctx) {
    let args = inv.argv.slice(1);
    let local = inv.program === 'clickhouse-local';
    if (inv.program === 'clickhouse') {
      if (args[0] !== 'client' && args[0] !== 'local') return [];
      local = args[0] === 'local';
      args = args.slice(1);
    }
    if (isInformational(args)) return [];
    const line = parseCommandLine(args, CLICKHOUSE_SYNTAX);
    const connection: Connection = { hosts: [] };
    for (const host of values(line, ['-h', '--host'])) connection.hosts.push({ source: '--host', value: host });
    if (connection.hosts.length === 0 && inv.env.CLICKHOUSE_HOST)
      connection.hosts.push({ source: 'variable CLICKHOUSE_HOST', value: inv.env.CLICKHOUSE_HOST });
    namedDatabase(connection, last(line, ['-d', '--database']), '--database');
    if (local) connection.hosts = [{ source: 'clickhouse local', value: 'localhost' }];
    const inputs = collectInputs(inv, ctx, line, ['-q', '--query'], ['--queries-file'], '--query');
    return sqlDetections(inv, ctx, inputs, 'clickhouse', connection);
  },
};

// cqlsh: https://cassandra.apache.org/doc/latest/cassandra/managing/tools/cqlsh.html — `cqlsh [options] [host [port]]`.
const CQLSH_SYNTAX: OptionSyntax = {
  short: 'efkupt',
  long: [
    '--execute',
    '--file',
    '--keyspace',
    '--username',
    '--password',
    '--cqlshrc',
    '--cqlversion',
    '--protocol-version',
    '--connect-timeout',
    '--request-timeout',
    '--encoding',
  ],
};

export const cqlsh: CommandRule = {
  family: 'sql',
  programs: ['cqlsh'],
  detect(inv, ctx) {
    const args = inv.argv.slice(1);
    if (isInformational(args)) return [];
    const line = parseCommandLine(args, CQLSH_SYNTAX);
    const connection: Connection = { hosts: [] };
    const host = line.positionals[0] ?? inv.env.CQLSH_HOST;
    if (host) connection.hosts.push({ source: line.positionals[0] ? 'host argument' : 'variable CQLSH_HOST', value: host });
    namedDatabase(connection, last(line, ['-k', '--keyspace']), '--keyspace');
    return sqlDetections(inv, ctx, collectInputs(inv, ctx, line, ['-e', '--execute'], ['-f', '--file'], '--execute'), 'cql', connection);
  },
};

// cockroach sql: https://www.cockroachlabs.com/docs/stable/cockroach-sql (`cockroach demo` is an in-memory cluster).
export const cockroach: CommandRule = {
  family: 'sql',
  programs: ['cockroach'],
  detect(inv, ctx) {
    const args = inv.argv.slice(1);
    if (args[0] !== 'sql' || isInformational(args)) return [];
    const line = parseCommandLine(args.slice(1), {
      short: 'edfu',
      long: ['--execute', '--database', '--file', '--url', '--host', '--port', '--user', '--certs-dir', '--format', '--set'],
    });
    const connection: Connection = { hosts: values(line, ['--host']).map((value) => ({ source: '--host', value })) };
    addUri(connection, known(inv, last(line, ['--url']) ?? inv.env.COCKROACH_URL), last(line, ['--url']) ? '--url' : 'variable COCKROACH_URL');
    namedDatabase(connection, last(line, ['-d', '--database']), '--database');
    return sqlDetections(inv, ctx, collectInputs(inv, ctx, line, ['-e', '--execute'], ['-f', '--file'], '--execute'), 'postgres', connection);
  },
};

// usql: https://github.com/xo/usql — `usql [URL] -c COMMAND -f FILE`; the URL's scheme picks the database.
export const usql: CommandRule = {
  family: 'sql',
  programs: ['usql'],
  detect(inv, ctx) {
    const args = inv.argv.slice(1);
    if (isInformational(args)) return [];
    const line = parseCommandLine(args, {
      short: 'cfoUPvNFRT',
      long: ['--command', '--file', '--out', '--username', '--pset', '--set', '--cset', '--field-separator', '--record-separator', '--table-attr'],
    });
    const url = known(inv, line.positionals[0]);
    const scheme = /^([a-z0-9+]+):/i.exec(url ?? '')?.[1]?.toLowerCase() ?? '';
    const dialect: Dialect = /^(my|mysql|maria|mariadb|tidb|vitess)/.test(scheme)
      ? 'mysql'
      : /^(sq|sqlite|sqlite3|file)$/.test(scheme)
        ? 'sqlite'
        : /^(ch|clickhouse)/.test(scheme)
          ? 'clickhouse'
          : 'postgres';
    const connection: Connection = { hosts: [] };
    if (dialect === 'sqlite' && url) connection.file = url.replace(/^[a-z0-9]+:(\/\/)?/i, '');
    else if (url && !addUri(connection, url, 'the connection URL')) namedDatabase(connection, url, 'the connection URL');
    return sqlDetections(inv, ctx, collectInputs(inv, ctx, line, ['-c', '--command'], ['-f', '--file'], '-c'), dialect, connection);
  },
};

// SnowSQL (`snowsql -q`, docs.snowflake.com/en/user-guide/snowsql-use) and Snowflake CLI (`snow sql -q`).
export const snowflake: CommandRule = {
  family: 'sql',
  programs: ['snowsql', 'snow'],
  detect(inv, ctx) {
    let args = inv.argv.slice(1);
    if (inv.program === 'snow') {
      if (args[0] !== 'sql') return [];
      args = args.slice(1);
    }
    if (isInformational(args)) return [];
    const line = parseCommandLine(args, {
      short: 'audswrqfco',
      long: [
        '--accountname',
        '--account',
        '--username',
        '--user',
        '--dbname',
        '--database',
        '--schemaname',
        '--schema',
        '--warehouse',
        '--rolename',
        '--role',
        '--query',
        '--filename',
        '--connection',
        '--config',
        '--option',
        '--variable',
      ],
    });
    const connection: Connection = { hosts: [] };
    const account = last(line, ['-a', '--accountname', '--account']) ?? inv.env.SNOWSQL_ACCOUNT ?? inv.env.SNOWFLAKE_ACCOUNT;
    if (account) connection.hosts.push({ source: '--account', value: account });
    const named = last(line, ['-c', '--connection']);
    if (named) connection.hosts.push({ source: '--connection', value: named });
    namedDatabase(connection, last(line, ['-d', '--dbname', '--database']) ?? inv.env.SNOWSQL_DATABASE, '--database');
    return sqlDetections(inv, ctx, collectInputs(inv, ctx, line, ['-q', '--query'], ['-f', '--filename'], '--query'), 'postgres', connection);
  },
};

// sqlcmd (SQL Server): https://learn.microsoft.com/sql/tools/sqlcmd/sqlcmd-utility — `-Q`/`-q` run a query, `-i` files.
export const sqlcmd: CommandRule = {
  family: 'sql',
  programs: ['sqlcmd'],
  detect(inv, ctx) {
    const args = inv.argv.slice(1);
    if (args.includes('-?') || isInformational(args)) return [];
    const line = parseCommandLine(args, { short: 'SdQqiUPHolt' });
    const connection: Connection = { hosts: [] };
    const server = last(line, ['-S']) ?? inv.env.SQLCMDSERVER;
    // `tcp:db.prod.example.com,1433`, `localhost\\SQLEXPRESS`, `.`
    if (server)
      connection.hosts.push({
        source: '-S',
        value: server
          .replace(/^(tcp|np|lpc|admin):/i, '')
          .replace(/[,\\].*$/, '')
          .replace(/^\.$/, 'localhost')
          .replace(/^\(local\)$/i, 'localhost'),
      });
    namedDatabase(connection, last(line, ['-d']) ?? inv.env.SQLCMDDBNAME, '-d');
    return sqlDetections(inv, ctx, collectInputs(inv, ctx, line, ['-Q', '-q'], ['-i'], '-Q'), 'postgres', connection);
  },
};

// `bq query 'SQL'` (cloud.google.com/bigquery/docs/reference/bq-cli-reference#bq_query); without SQL it reads stdin.
export const bqQuery: CommandRule = {
  family: 'sql',
  programs: ['bq'],
  detect(inv, ctx) {
    const args = inv.argv.slice(1);
    // bq's global flags before the command; those listed take a separate value (`--project_id shop-prod`).
    const globalValued = ['--project_id', '--dataset_id', '--location', '--format', '--api', '--api_version', '--apilog', '--bigqueryrc', '--job_id'];
    let at = 0;
    while (at < args.length && args[at].startsWith('-')) at += globalValued.includes(args[at]) ? 2 : 1;
    if (args[at] !== 'query' || isInformational(args) || args.some((a) => /^--dry_run(=true)?$/.test(a))) return [];
    const own = args.slice(at + 1);
    const valued = new Set([
      '--destination_table',
      '--parameter',
      '--max_rows',
      '-n',
      '--label',
      '--udf_resource',
      '--external_table_definition',
      '--maximum_bytes_billed',
      '--job_timeout_ms',
      '--session_id',
      '--connection_property',
      '--destination_kms_key',
      '--schedule',
      '--display_name',
      '--target_dataset',
      '--time_partitioning_field',
      '--clustering_fields',
      '--location',
      '--format',
    ]);
    const sql: string[] = [];
    for (let i = 0; i < own.length; i++) {
      if (own[i].startsWith('-')) {
        if (valued.has(own[i])) i++;
        continue;
      }
      sql.push(own[i]);
    }
    const inputs: SqlInput[] = sql.length > 0 ? [textInput(inv, sql.join(' '), 'query')] : [];
    if (inputs.length === 0) inputs.push(...stdinInputs(inv, ctx));
    const project =
      args.find((a) => a.startsWith('--project_id='))?.slice('--project_id='.length) ??
      (args.includes('--project_id') ? args[args.indexOf('--project_id') + 1] : undefined);
    const connection: Connection = { hosts: project ? [{ source: '--project_id', value: project }] : [] };
    // BigQuery quotes names with backticks and allows `#` comments, as MySQL does.
    return sqlDetections(inv, ctx, inputs, 'mysql', connection);
  },
};
