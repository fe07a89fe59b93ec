// SQL and data-store clients: psql, mysql/mariadb/mycli, sqlite3, duckdb, clickhouse, cqlsh, cockroach sql, usql,
// snowsql/snow sql, sqlcmd, bq query, wrangler d1 execute, turso db shell, pscale shell, mongosh, redis-cli, and
// the utilities that drop or overwrite databases (dropdb, dropuser, mysqladmin drop, turso db destroy,
// pg_restore --clean, mongorestore/mongoimport --drop); key-value, secret and time-series stores (etcdctl del,
// consul kv delete, vault kv destroy / secrets disable, influx delete). The statements a client would run
// (-c/-e/--eval, -f files, heredocs, pipes, `\i` includes) are read and scanned; only statements that destroy data
// raise a finding, so `psql -c "SELECT …"` stays allowed.
import type { EnvironmentHint } from '../environment';
import { existsSync } from 'node:fs';
import { hostOf } from '../environment';
import type { Invocation } from '../invocation';
import { resolvePath } from '../shellReader';
import { stdinText } from '../stdin';
import type { EnvironmentVerdict, Risk } from '../types';
import { RISK_ORDER } from '../types';
import { COMPUTED, display, scanSql, type Dialect, type SqlFinding } from '../sqlScanner';
import { isInformational } from './args';
import { detection, type CommandRule, type Detection, type RuleContext } from './rule';

// ---------------------------------------------------------------------------------------------------------------
// Command-line reading shared by the clients.
// ---------------------------------------------------------------------------------------------------------------

interface OptionSyntax {
  /** Short options taking a value (getopt letters). */
  short?: string;
  /** Long options taking a value (`--command`), or single-dash long ones for sqlite3 (`-cmd`). */
  long?: readonly string[];
  /** sqlite3 and goose style: `-word` is one option, never a bundle. */
  singleDashLong?: boolean;
}

interface ParsedLine {
  options: { name: string; value?: string }[];
  positionals: string[];
}

/** getopt-style reading: bundles (`-Atc SQL`), `--opt=value`, `--opt value`, `-ovalue`, `--`. */
function parseCommandLine(args: readonly string[], syntax: OptionSyntax): ParsedLine {
  const options: ParsedLine['options'] = [];
  const positionals: string[] = [];
  const long = new Set(syntax.long ?? []);
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '--') {
      positionals.push(...args.slice(i + 1));
      break;
    }
    if (arg.startsWith('--') || (syntax.singleDashLong && /^-[A-Za-z]{2,}/.test(arg))) {
      const normalized = syntax.singleDashLong ? `-${arg.replace(/^-+/, '')}` : arg;
      const eq = normalized.indexOf('=');
      if (eq > 0) options.push({ name: normalized.slice(0, eq), value: normalized.slice(eq + 1) });
      else if (long.has(normalized) && i + 1 < args.length) options.push({ name: normalized, value: args[++i] });
      else options.push({ name: normalized });
      continue;
    }
    if (arg.startsWith('-') && arg.length > 1) {
      for (let k = 1; k < arg.length; k++) {
        const letter = arg[k];
        if (syntax.short?.includes(letter)) {
          const attached = arg.slice(k + 1);
          if (attached) options.push({ name: `-${letter}`, value: attached });
          else if (i + 1 < args.length) options.push({ name: `-${letter}`, value: args[++i] });
          else options.push({ name: `-${letter}` });
          break;
        }
        options.push({ name: `-${letter}` });
      }
      continue;
    }
    positionals.push(arg);
  }
  return { options, positionals };
}

/** An argument holding a variable nobody set (`"$DATABASE_URL"`): its text names nothing. */
function isDynamic(inv: Invocation, value: string): boolean {
  const index = inv.argv.lastIndexOf(value);
  return index >= 0 ? inv.dynamic[index] : /\$/.test(value);
}
function known(inv: Invocation, value: string | undefined): string | undefined {
  return value !== undefined && !isDynamic(inv, value) ? value : undefined;
}

function values(line: ParsedLine, names: readonly string[]): string[] {
  return line.options.filter((o) => names.includes(o.name) && o.value !== undefined).map((o) => o.value!);
}
function last(line: ParsedLine, names: readonly string[]): string | undefined {
  return values(line, names).pop();
}
function present(line: ParsedLine, names: readonly string[]): boolean {
  return line.options.some((o) => names.includes(o.name));
}

// ---------------------------------------------------------------------------------------------------------------
// Where the statements go: host, database, environment.
// ---------------------------------------------------------------------------------------------------------------

interface Connection {
  hosts: { source: string; value: string }[];
  database?: string;
  databaseSource?: string;
  /** sqlite3 and friends: a database file on this machine. */
  file?: string;
}

const LOCAL_HOST = /^(localhost|127(\.\d{1,3}){3}|::1|\[::1\]|0\.0\.0\.0|host\.docker\.internal)$/i;

/** Host and database of a connection URI (`postgres://u:p@h:5432/db`) or libpq string (`host=h dbname=d`); never the password. */
export function parseConnectionString(value: string): { host?: string; database?: string } | undefined {
  const trimmed = value.trim();
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed) || /^jdbc:/i.test(trimmed)) {
    const uri = trimmed.replace(/^jdbc:/i, '');
    const host = hostOf(uri);
    const pathPart = /^[a-z][a-z0-9+.-]*:\/\/[^/?#]*\/([^?#;]*)/i.exec(uri)?.[1];
    const databaseParam = /[?&;](?:dbname|database|databaseName)=([^&;]+)/i.exec(uri)?.[1];
    let database = databaseParam ?? (pathPart ? pathPart.split('/')[0] : undefined);
    try {
      if (database) database = decodeURIComponent(database);
    } catch {
      // keep it as written
    }
    return { host: host ? host.replace(/^\[|\]$/g, '') : undefined, database: database || undefined };
  }
  if (/\b(host|dbname|hostaddr)\s*=/.test(trimmed)) {
    const field = (name: string) => new RegExp(`(?:^|\\s)${name}\\s*=\\s*('([^']*)'|(\\S+))`).exec(trimmed);
    const host = field('host') ?? field('hostaddr');
    const database = field('dbname');
    return { host: host ? (host[2] ?? host[3]) : undefined, database: database ? (database[2] ?? database[3]) : undefined };
  }
  if (/(?:^|;)\s*(server|data source|host)\s*=/i.test(trimmed)) {
    // ADO.NET style, for `dotnet ef --connection`.
    const host = /(?:^|;)\s*(?:server|data source|host|addr|address)\s*=\s*([^;]+)/i.exec(trimmed)?.[1]?.trim();
    const database = /(?:^|;)\s*(?:database|initial catalog)\s*=\s*([^;]+)/i.exec(trimmed)?.[1]?.trim();
    return { host: host?.replace(/^tcp:/i, '').replace(/[,:]\d+$/, ''), database };
  }
  return undefined;
}

/** Drops hosts and names that are unexpanded variables (`-h "$DB_HOST"`): their text says nothing. */
function knownConnection(inv: Invocation, connection: Connection): Connection {
  return {
    ...connection,
    hosts: connection.hosts.filter((h) => h.value && !isDynamic(inv, h.value)),
    database: connection.database && !isDynamic(inv, connection.database) ? connection.database : undefined,
  };
}

function environmentOf(inv: Invocation, ctx: RuleContext, written: Connection): EnvironmentVerdict {
  const connection = knownConnection(inv, written);
  const hints: EnvironmentHint[] = [];
  let allLocal = connection.hosts.length > 0;
  for (const host of connection.hosts) {
    // A Unix socket directory (`-h /var/run/postgresql`, `-S /tmp/mysql.sock`) is this machine.
    const local = host.value.startsWith('/') || LOCAL_HOST.test(host.value);
    allLocal &&= local;
    hints.push(local ? { source: host.source, value: host.value, meaning: 'local' } : host);
  }
  // The database's name (`shop_production`) is evidence too, unless the host already pins the target to this machine.
  if (connection.database && !allLocal) hints.push({ source: connection.databaseSource ?? 'database name', value: connection.database });
  if (connection.file) return ctx.environment(inv, hints, 'local');
  // A named local host wins over DATABASE_URL and friends in the environment, which these clients never read.
  return ctx.environment(inv, hints, allLocal ? 'local' : 'remote');
}

function location(inv: Invocation, written: Connection): string {
  const connection = knownConnection(inv, written);
  if (connection.file) return ` in the SQLite database file ${connection.file}`;
  const host = connection.hosts.find((h) => !h.value.startsWith('/'));
  // Platform shells name an app or a branch rather than a host.
  const label = host ? (host.source === '--app' ? `app ${host.value}` : host.source === 'branch' ? `branch ${host.value}` : host.value) : undefined;
  const parts = [connection.database ? `database ${connection.database}` : undefined, label ? `on ${label}` : undefined].filter(Boolean);
  return parts.length > 0 ? ` (${parts.join(' ')})` : '';
}

/** A database named in the command, or by the variable the client itself reads. */
function namedDatabase(connection: Connection, value: string | undefined, source: string): void {
  if (value && !connection.database) {
    connection.database = value;
    connection.databaseSource = source;
  }
}

function addUri(connection: Connection, value: string | undefined, source: string): boolean {
  if (!value) return false;
  const parsed = parseConnectionString(value);
  if (!parsed) return false;
  if (parsed.host) connection.hosts.push({ source: `host in ${source}`, value: parsed.host });
  namedDatabase(connection, parsed.database, `database in ${source}`);
  return true;
}

// ---------------------------------------------------------------------------------------------------------------
// Turning findings into detections.
// ---------------------------------------------------------------------------------------------------------------

interface SqlInput {
  text?: string;
  /** Where it came from, for unreadable inputs: `file drop.sql`, `pipe from curl …`. */
  origin: string;
  /** A file that does not exist when checked: the client would stop with an error. */
  missing?: boolean;
}

/** Above this many findings of one kind, one detection lists them (a restored dump drops every table). */
const GROUP_ABOVE = 4;
const GROUP_RADIUS: Record<string, (many: string) => string> = {
  'drop table': (many) => `deletes ${many} and every row in them`,
  truncate: (many) => `deletes every row in ${many}`,
  'delete all rows': (many) => `deletes every row in ${many}`,
  'update all rows': (many) => `overwrites every row in ${many}`,
  'drop column': (many) => `deletes ${many} and the values they held`,
};

function sqlDetections(inv: Invocation, ctx: RuleContext, inputs: SqlInput[], dialect: Dialect, connection: Connection): Detection[] {
  const findings: SqlFinding[] = [];
  const unreadable: string[] = [];
  let missingOnly = 0;
  for (const input of inputs) {
    if (input.text === undefined) {
      unreadable.push(input.missing ? `${input.origin} (missing now)` : input.origin);
      if (input.missing) missingOnly++;
      continue;
    }
    const result = scanSql(input.text, { dialect, readText: ctx.readText, cwd: inv.cwd, home: ctx.home });
    findings.push(...result.findings);
    unreadable.push(...result.unreadable.map((file) => `file ${file}`));
  }
  const environment = environmentOf(inv, ctx, connection);
  const where = location(inv, connection);
  const detections: Detection[] = [];
  const byAction = new Map<string, SqlFinding[]>();
  for (const finding of findings) byAction.set(finding.action, [...(byAction.get(finding.action) ?? []), finding]);
  for (const [action, group] of byAction) {
    const unique = group.filter((f, k) => group.findIndex((g) => g.name === f.name) === k);
    if (unique.length > GROUP_ABOVE) {
      const names = unique.map((f) => display(f.name));
      const worst = unique.reduce<Risk>((risk, f) => (RISK_ORDER.indexOf(f.risk) > RISK_ORDER.indexOf(risk) ? f.risk : risk), 'low');
      const many = `${unique.length} ${unique[0].kind}s`;
      const listed = `${names.slice(0, 8).join(', ')}${names.length > 8 ? ', …' : ''}`;
      detections.push(
        detection({
          rule: `sql.${action.replace(/\s+/g, '-')}`,
          tool: inv.program,
          action,
          resource: { kind: unique[0].kind, name: `${names.slice(0, 3).join(', ')} and ${names.length - 3} more` },
          environment,
          blastRadius: `${GROUP_RADIUS[action]?.(many) ?? `${action} on ${many}`}${where}: ${listed}`,
          risk: worst,
          confirmText: many,
        }),
      );
      continue;
    }
    for (const finding of unique) {
      const computed = finding.name === COMPUTED;
      detections.push(
        detection({
          rule: `sql.${action.replace(/\s+/g, '-')}`,
          tool: inv.program,
          action,
          resource: { kind: finding.kind, name: display(finding.name) },
          environment,
          blastRadius: `${finding.blastRadius}${where}`,
          risk: finding.risk,
          confirmText: computed ? `${inv.program} ${action}` : finding.name,
        }),
      );
    }
  }
  // SQL we cannot read, sent to a database that is production or cannot be verified (never guess): a person
  // should look. Local and development databases are left alone.
  const onlyMissingFiles = missingOnly === unreadable.length;
  if (
    detections.length === 0 &&
    unreadable.length > 0 &&
    (environment.name === 'production' || (environment.name === 'unknown' && !onlyMissingFiles))
  ) {
    detections.push(
      detection({
        rule: 'sql.unreadable-statements',
        tool: inv.program,
        action: 'run unread SQL',
        resource: connection.database ? { kind: 'database', name: connection.database } : null,
        environment,
        blastRadius: `runs SQL from ${unreadable.join(', ')}, which could not be read before it runs, against ${environment.name === 'production' ? 'production' : 'a database whose environment is unknown'}${where}`,
        risk: 'medium',
        confirmText: connection.database ?? inv.program,
      }),
    );
  }
  return detections;
}

/**
 * SQL given as an argument. A bare variable (`-c "$SQL"`, `-c "$(cat x.sql)"`) is text nobody can read yet; SQL
 * with a variable inside (`WHERE id = $ID`) still shows its shape and is scanned.
 */
function textInput(inv: Invocation, text: string, origin: string): SqlInput {
  const opaque = isDynamic(inv, text) && /^\s*(\$\{?\w+\}?|\$\(.*\)|`.*`)\s*$/s.test(text);
  return opaque ? { origin: `${origin} ${text.length > 40 ? `${text.slice(0, 37)}…` : text}` } : { text, origin };
}

/** What reaches the client's stdin, as an input; undefined when nothing does (an interactive session). */
function stdinInput(inv: Invocation, ctx: RuleContext): SqlInput | undefined {
  const fed = stdinText(inv.stdin, ctx.readText, ctx.home);
  if (!fed) return undefined;
  return fed.known ? { text: fed.text, origin: fed.origin } : { origin: fed.origin };
}

/** What a client reads when no statement or file is given: its stdin, if anything is fed to it. */
function stdinInputs(inv: Invocation, ctx: RuleContext): SqlInput[] {
  const fed = stdinInput(inv, ctx);
  return fed ? [fed] : [];
}

function fileInput(inv: Invocation, ctx: RuleContext, file: string): SqlInput {
  if (file === '-') return stdinInput(inv, ctx) ?? { origin: 'stdin' };
  const absolute = resolvePath(inv.cwd, file, ctx.home);
  const text = ctx.readText(absolute);
  // A file that does not exist (and nothing earlier in the line writes) runs nothing: the client stops with an error.
  const missing = text === undefined && !existsSync(absolute) && !ctx.writtenUnknown(absolute);
  return { text, origin: `file ${file}`, missing };
}

// ---------------------------------------------------------------------------------------------------------------
// The clients.
// ---------------------------------------------------------------------------------------------------------------

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

const psql: CommandRule = {
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

const mysql: CommandRule = {
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

// sqlite3: https://sqlite.org/cli.html — `sqlite3 [OPTIONS] FILENAME [SQL...]`, options with a single dash.
const SQLITE_SYNTAX: OptionSyntax = {
  singleDashLong: true,
  long: ['-cmd', '-init', '-separator', '-newline', '-nullvalue', '-vfs', '-maxsize', '-mmap', '-escape', '-A'],
};

const sqlite: CommandRule = {
  family: 'sql',
  programs: ['sqlite3', 'sqlite'],
  detect(inv, ctx) {
    const args = inv.argv.slice(1);
    if (isInformational(args) || args.includes('-version') || args.includes('-help')) return [];
    const line = parseCommandLine(args, SQLITE_SYNTAX);
    // A read-only open cannot change anything; no file (or :memory:) is a scratch database that vanishes on exit.
    if (present(line, ['-readonly'])) return [];
    const [file, ...statements] = line.positionals;
    if (!file || file === ':memory:' || file === '') return [];
    const inputs: SqlInput[] = [];
    for (const init of values(line, ['-init'])) inputs.push(fileInput(inv, ctx, init));
    for (const command of values(line, ['-cmd'])) inputs.push({ text: command, origin: '-cmd' });
    if (statements.length > 0) inputs.push(...statements.map((text) => textInput(inv, text, 'argument')));
    else {
      const fed = stdinInput(inv, ctx);
      if (fed) inputs.push(fed);
    }
    return [...sqlDetections(inv, ctx, inputs, 'sqlite', { hosts: [], file }), ...sqliteRestores(inv, ctx, inputs, file)];
  },
};

/** `.restore [DB] FILE` (sqlite.org/cli.html): replaces the open database with the backup file's contents. */
function sqliteRestores(inv: Invocation, ctx: RuleContext, inputs: SqlInput[], file: string): Detection[] {
  const found: Detection[] = [];
  for (const input of inputs) {
    for (const match of (input.text ?? '').matchAll(/^\s*\.restore\s+(?:(\S+)\s+)?(\S+)\s*$/gm)) {
      found.push(
        detection({
          rule: 'sql.restore',
          tool: inv.program,
          action: 'restore',
          resource: { kind: 'database', name: match[1] && match[1] !== 'main' ? `${file} (${match[1]})` : file },
          environment: ctx.environment(inv, [], 'local'),
          blastRadius: `replaces everything in the SQLite database ${file} with the contents of ${match[2].replace(/^["']|["']$/g, '')}; what it holds now is lost`,
          risk: 'high',
          confirmText: file,
        }),
      );
    }
  }
  return found;
}

// DuckDB: https://duckdb.org/docs/api/cli/arguments — `duckdb [OPTIONS] [FILE [SQL]]`, `-c`/`-s` run a command.
const duckdb: CommandRule = {
  family: 'sql',
  programs: ['duckdb'],
  detect(inv, ctx) {
    const args = inv.argv.slice(1);
    if (isInformational(args) || args.includes('-version') || args.includes('-help')) return [];
    const line = parseCommandLine(args, { singleDashLong: true, long: ['-cmd', '-init', '-separator', '-newline', '-nullvalue', '-c', '-s', '-f'] });
    if (present(line, ['-readonly'])) return [];
    const [file, ...statements] = line.positionals;
    // Without a file DuckDB works in memory: nothing outlives the session.
    if (!file || file === ':memory:') return [];
    const inputs: SqlInput[] = [];
    for (const init of values(line, ['-init', '-f'])) inputs.push(fileInput(inv, ctx, init));
    for (const command of values(line, ['-cmd', '-c', '-s'])) inputs.push(textInput(inv, command, '-c'));
    inputs.push(...statements.map((text) => textInput(inv, text, 'argument')));
    if (inputs.length === 0) inputs.push(...stdinInputs(inv, ctx));
    return sqlDetections(inv, ctx, inputs, 'postgres', { hosts: [], file });
  },
};

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

const clickhouse: CommandRule = {
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

const cqlsh: CommandRule = {
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

// ---------------------------------------------------------------------------------------------------------------
// More SQL clients: CockroachDB, usql, Snowflake, SQL Server, BigQuery, Cloudflare D1 and Turso.
// ---------------------------------------------------------------------------------------------------------------

/** Inline statements, then files, then stdin when neither is given. */
function collectInputs(
  inv: Invocation,
  ctx: RuleContext,
  line: ParsedLine,
  inline: readonly string[],
  files: readonly string[],
  origin: string,
): SqlInput[] {
  const inputs: SqlInput[] = values(line, inline).map((text) => textInput(inv, text, origin));
  for (const file of values(line, files)) inputs.push(fileInput(inv, ctx, file));
  if (inputs.length === 0) inputs.push(...stdinInputs(inv, ctx));
  return inputs;
}

// cockroach sql: https://www.cockroachlabs.com/docs/stable/cockroach-sql (`cockroach demo` is an in-memory cluster).
const cockroach: CommandRule = {
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
const usql: CommandRule = {
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
const snowflake: CommandRule = {
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
const sqlcmd: CommandRule = {
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
const bqQuery: CommandRule = {
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

// `wrangler d1 execute DB --command SQL | --file F` (developers.cloudflare.com/workers/wrangler/commands/#d1-execute):
// the local development copy unless `--remote`.
const d1Execute: CommandRule = {
  family: 'sql',
  programs: ['wrangler'],
  detect(inv, ctx) {
    const args = inv.argv.slice(1);
    if (args[0] !== 'd1' || args[1] !== 'execute' || isInformational(args)) return [];
    const line = parseCommandLine(args.slice(2), { long: ['--command', '--file', '--env', '-e', '--config', '-c', '--persist-to', '--batch-size'] });
    const database = line.positionals[0];
    const remote = present(line, ['--remote']) && !present(line, ['--local']);
    const environment = last(line, ['--env', '-e']);
    const connection: Connection = {
      hosts: remote ? (environment ? [{ source: '--env', value: environment }] : []) : [{ source: 'local D1 copy', value: 'localhost' }],
    };
    namedDatabase(connection, database, 'database argument');
    return sqlDetections(inv, ctx, collectInputs(inv, ctx, line, ['--command'], ['--file'], '--command'), 'sqlite', connection);
  },
};

// `turso db shell DB [SQL]` (docs.turso.tech/cli/db/shell): SQL as an argument or on stdin.
const tursoShell: CommandRule = {
  family: 'sql',
  programs: ['turso'],
  detect(inv, ctx) {
    const args = inv.argv.slice(1);
    const words = args.filter((a) => !a.startsWith('-'));
    if (words[0] !== 'db' || words[1] !== 'shell' || isInformational(args)) return [];
    const [database, ...statements] = words.slice(2);
    if (!database) return [];
    const inputs: SqlInput[] = statements.length > 0 ? [textInput(inv, statements.join(' '), 'argument')] : [];
    if (inputs.length === 0) inputs.push(...stdinInputs(inv, ctx));
    const local = /^(https?|libsql|wss?):\/\/(localhost|127\.0\.0\.1)/.test(database) || /\.db$/.test(database);
    const connection: Connection = local ? { hosts: [], file: database } : { hosts: [] };
    if (!local && !addUri(connection, database, 'database URL')) namedDatabase(connection, database, 'database argument');
    return sqlDetections(inv, ctx, inputs, 'sqlite', connection);
  },
};

// `pscale shell <database> <branch>` opens a MySQL shell on a PlanetScale branch; SQL arrives on stdin.
const pscaleShell: CommandRule = {
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

// Platform shells that open psql on a hosted database: `heroku pg:psql` (https://devcenter.heroku.com/articles/heroku-cli-commands)
// and `fly postgres connect` (https://fly.io/docs/flyctl/postgres-connect/). The app names the environment.
const platformShell: CommandRule = {
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

// ---------------------------------------------------------------------------------------------------------------
// Utilities that drop or overwrite whole databases.
// ---------------------------------------------------------------------------------------------------------------

function databaseDetection(
  inv: Invocation,
  ctx: RuleContext,
  spec: { rule: string; action: string; name: string; connection: Connection; radius: string; risk: Risk; confirmText?: string },
): Detection {
  return detection({
    rule: spec.rule,
    tool: inv.program,
    action: spec.action,
    resource: { kind: 'database', name: spec.name },
    environment: environmentOf(inv, ctx, spec.connection),
    blastRadius: `${spec.radius}${location(inv, { ...spec.connection, database: undefined })}`,
    risk: spec.risk,
    confirmText: spec.confirmText,
  });
}

// dropdb: https://www.postgresql.org/docs/current/app-dropdb.html
const dropdb: CommandRule = {
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

// Turso (docs.turso.tech/cli): `db destroy` deletes a database, `group destroy` a group with every database in it.
const tursoDestroy: CommandRule = {
  family: 'sql',
  programs: ['turso'],
  detect(inv, ctx) {
    const args = inv.argv.slice(1);
    if (isInformational(args) || args.includes('-h')) return [];
    const words = args.filter((a) => !a.startsWith('-'));
    const group = words[0] === 'group' || words[0] === 'groups';
    if ((words[0] !== 'db' && !group) || words[1] !== 'destroy' || !words[2]) return [];
    const names = words.slice(2);
    const connection: Connection = { hosts: [] };
    namedDatabase(connection, names[0], group ? 'group' : 'database argument');
    return [
      detection({
        rule: group ? 'sql.group-destroy' : 'sql.drop-database',
        tool: inv.program,
        action: group ? 'group destroy' : 'drop database',
        resource: { kind: group ? 'database group' : 'database', name: names.join(' ') },
        environment: environmentOf(inv, ctx, connection),
        blastRadius: group
          ? `destroys the Turso group ${names.join(' ')} and every database in it with all their data`
          : `destroys the Turso database${names.length > 1 ? 's' : ''} ${names.join(' ')} with every table and row`,
        risk: 'critical',
        confirmText: names[0],
      }),
    ];
  },
};

// dropuser: https://www.postgresql.org/docs/current/app-dropuser.html — DROP ROLE from the shell.
const dropuser: CommandRule = {
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

// mysqladmin: https://dev.mysql.com/doc/refman/8.0/en/mysqladmin.html — `mysqladmin [options] drop db_name`.
const mysqladmin: CommandRule = {
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

// pg_restore: https://www.postgresql.org/docs/current/app-pgrestore.html — `--clean` drops each object before
// recreating it; with `--create` it drops and recreates the whole database. Without -d it only prints a script.
const pgRestore: CommandRule = {
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

// ---------------------------------------------------------------------------------------------------------------
// MongoDB: mongosh / mongo (JavaScript) and mongorestore --drop.
// ---------------------------------------------------------------------------------------------------------------

/**
 * Removes comments, and blanks strings that cannot be a database or collection name, so
 * `print("db.dropDatabase()")` or `// db.users.drop()` reads as nothing.
 */
function stripJsComments(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"' || c === "'" || c === '`') {
      let end = i + 1;
      while (end < text.length && text[end] !== c) end += text[end] === '\\' ? 2 : 1;
      const content = text.slice(i + 1, end);
      out += /^[\w.$:-]*$/.test(content) ? `${c}${content}${c}` : `${c}${c}`;
      i = end;
      continue;
    }
    if (c === '/' && text[i + 1] === '/') {
      while (i < text.length && text[i] !== '\n') i++;
      out += '\n';
      continue;
    } else if (c === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      i = end < 0 ? text.length : end + 1;
      out += ' ';
      continue;
    }
    out += c;
  }
  return out;
}

const Q = String.raw`(['"\x60])`;
const MONGO_PATTERNS: { name: string; pattern: RegExp }[] = [
  { name: 'use', pattern: /(?:^|[\n;])\s*use\s+([\w-]+)/g },
  { name: 'switch', pattern: new RegExp(String.raw`\bdb\s*=\s*(?:db\s*\.\s*getSiblingDB|[\w.()]*getDB|connect)\(\s*${Q}([^'"\x60]+)\1`, 'g') },
  {
    name: 'dropDatabase',
    pattern: new RegExp(String.raw`(?:(?:getSiblingDB|getDB)\(\s*${Q}([^'"\x60]+)\1\s*\)\s*\.\s*)?dropDatabase\s*(?:\(|${Q}?\s*:)`, 'g'),
  },
  {
    name: 'collection',
    pattern: new RegExp(
      String.raw`\bdb\s*(?:\.\s*getSiblingDB\(\s*${Q}([^'"\x60]+)\1\s*\)\s*)?` +
        String.raw`(?:\.\s*getCollection\(\s*(['"\x60])([^'"\x60]+)\3\s*\)|\[\s*(['"\x60]?)([^\]'"\x60]+)\5\s*\]|\.\s*((?!getCollection\b|getSiblingDB\b)[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)*?))` +
        String.raw`\s*\.\s*(drop|deleteMany|remove|updateMany)\s*\(\s*(\{\s*\})?\s*([,)])?`,
      'g',
    ),
  },
  { name: 'dropCollection', pattern: new RegExp(String.raw`(?:\.dropCollection\(|\bdrop\s*:)\s*${Q}([^'"\x60]+)\1`, 'g') },
  { name: 'dropAll', pattern: /\bdropAll(Users|Roles)\s*\(/g },
];

/** mongosh's database when none is named (it is `test`, but the person knows it as "the current one"). */
const CURRENT_DATABASE = 'the current database';

function scanMongo(text: string, defaultDb: string | undefined): SqlFinding[] {
  const code = stripJsComments(text);
  const matches = MONGO_PATTERNS.flatMap(({ name, pattern }) => [...code.matchAll(pattern)].map((match) => ({ name, match })));
  matches.sort((a, b) => (a.match.index ?? 0) - (b.match.index ?? 0));
  let current = defaultDb;
  const findings: SqlFinding[] = [];
  const databaseName = () => current ?? CURRENT_DATABASE;
  for (const { name, match } of matches) {
    switch (name) {
      case 'use':
        current = match[1];
        break;
      case 'switch':
        current = match[2].split('/').pop()?.split('?')[0] || match[2];
        break;
      case 'dropDatabase': {
        const db = match[2] ?? databaseName();
        findings.push({
          action: 'drop database',
          kind: 'database',
          name: db,
          risk: 'critical',
          blastRadius: `deletes database ${db} with every collection and document in it`,
        });
        break;
      }
      case 'collection': {
        const [, , sibling, , quoted, bracketQuote, bracket, dotted, method, emptyFilter, after] = match;
        const collection = quoted ?? (bracket !== undefined ? (bracketQuote ? bracket : COMPUTED) : dotted);
        const where = sibling ?? current;
        const label = collection === COMPUTED ? `db[${bracket}] (a collection computed by the script)` : collection;
        const inDb = where ? ` in database ${where}` : '';
        if (method === 'drop') {
          findings.push({
            action: 'drop collection',
            kind: 'collection',
            name: collection,
            risk: 'high',
            blastRadius: `deletes collection ${label}${inDb} with every document and index in it`,
          });
        } else if (
          (method === 'deleteMany' || method === 'remove') &&
          ((emptyFilter && after) || (method === 'remove' && !emptyFilter && after === ')'))
        ) {
          findings.push({
            action: 'delete all documents',
            kind: 'collection',
            name: collection,
            risk: 'high',
            blastRadius: `deletes every document in collection ${label}${inDb} (an empty filter matches all)`,
          });
        } else if (method === 'updateMany' && emptyFilter && after === ',') {
          findings.push({
            action: 'update all documents',
            kind: 'collection',
            name: collection,
            risk: 'high',
            blastRadius: `rewrites every document in collection ${label}${inDb} (an empty filter matches all); the old values are gone`,
          });
        }
        break;
      }
      case 'dropCollection':
        findings.push({
          action: 'drop collection',
          kind: 'collection',
          name: match[2],
          risk: 'high',
          blastRadius: `deletes collection ${match[2]}${current ? ` in database ${current}` : ''} with every document and index in it`,
        });
        break;
      case 'dropAll':
        findings.push({
          action: `drop all ${match[1].toLowerCase()}`,
          kind: 'database',
          name: databaseName(),
          risk: 'high',
          blastRadius: `deletes every ${match[1] === 'Users' ? 'user' : 'role'} defined on database ${databaseName()}; applications and people using them lose access`,
        });
        break;
    }
  }
  return findings;
}

// mongosh: https://www.mongodb.com/docs/mongodb-shell/reference/options/
const MONGOSH_SYNTAX: OptionSyntax = {
  short: 'fup',
  long: [
    '--eval',
    '--file',
    '--host',
    '--port',
    '--username',
    '--password',
    '--authenticationDatabase',
    '--authenticationMechanism',
    '--apiVersion',
    '--tlsCAFile',
    '--tlsCertificateKeyFile',
    '--tlsCertificateKeyFilePassword',
    '--gssapiServiceName',
    '--keyVaultNamespace',
    '--kmsURL',
    '--cryptSharedLibPath',
    '--awsAccessKeyId',
    '--awsSecretAccessKey',
    '--awsSessionToken',
  ],
};

function mongoConnection(line: ParsedLine, target: string | undefined): Connection {
  const connection: Connection = { hosts: [] };
  for (const host of values(line, ['--host', '-h'])) {
    if (!addUri(connection, host, '--host'))
      connection.hosts.push({
        source: '--host',
        value: host
          .replace(/^[^/]*\//, '')
          .split(',')[0]
          .replace(/:\d+$/, ''),
      });
  }
  if (target && !addUri(connection, target, 'the connection string')) {
    // `host:port/db`, `host/db` or just `db`.
    const slash = target.indexOf('/');
    if (slash > 0) {
      connection.hosts.push({ source: 'host argument', value: target.slice(0, slash).replace(/:\d+$/, '') });
      namedDatabase(connection, target.slice(slash + 1), 'database argument');
    } else namedDatabase(connection, target, 'database argument');
  }
  for (const uri of values(line, ['--uri'])) addUri(connection, uri, '--uri');
  return connection;
}

const mongosh: CommandRule = {
  family: 'sql',
  programs: ['mongosh', 'mongo'],
  detect(inv, ctx) {
    const args = inv.argv.slice(1);
    if (isInformational(args) || args.includes('--nodb')) return [];
    const line = parseCommandLine(args, MONGOSH_SYNTAX);
    const scripts = line.positionals.filter((p) => /\.(js|mjs|cjs|mongodb)$/.test(p));
    const target = line.positionals.find((p) => !scripts.includes(p));
    const connection = mongoConnection(line, target);
    const inputs: SqlInput[] = values(line, ['--eval']).map((text) => ({ text, origin: '--eval' }));
    for (const file of [...values(line, ['-f', '--file']), ...scripts]) inputs.push(fileInput(inv, ctx, file));
    if (inputs.length === 0) inputs.push(...stdinInputs(inv, ctx));
    const findings = inputs.flatMap((input) => (input.text === undefined ? [] : scanMongo(input.text, connection.database)));
    const environment = environmentOf(inv, ctx, connection);
    const where = location(inv, { ...connection, database: undefined });
    return findings.map((finding) =>
      detection({
        rule: `sql.${finding.action.replace(/\s+/g, '-')}`,
        tool: inv.program,
        action: finding.action,
        resource: { kind: finding.kind, name: display(finding.name) },
        environment,
        blastRadius: `${finding.blastRadius}${where}`,
        risk: finding.risk,
        confirmText: finding.name === COMPUTED || finding.name === CURRENT_DATABASE ? `${inv.program} ${finding.action}` : finding.name,
      }),
    );
  },
};

// mongorestore: https://www.mongodb.com/docs/database-tools/mongorestore/ — `--drop` drops each collection first.
// mongoimport: https://www.mongodb.com/docs/database-tools/mongoimport/ — `--drop` drops the collection before importing.
const mongoimport: CommandRule = {
  family: 'sql',
  programs: ['mongoimport'],
  detect(inv, ctx) {
    const args = inv.argv.slice(1);
    if (isInformational(args) || !args.includes('--drop')) return [];
    const line = parseCommandLine(args, {
      short: 'hdcuplf',
      long: [
        '--uri',
        '--host',
        '--port',
        '--db',
        '--collection',
        '--username',
        '--password',
        '--file',
        '--type',
        '--fields',
        '--fieldFile',
        '--authenticationDatabase',
        '--mode',
        '--upsertFields',
        '--writeConcern',
        '--numInsertionWorkers',
      ],
    });
    const connection = mongoConnection(line, undefined);
    const file = last(line, ['--file']) ?? line.positionals[0];
    // Without -c the collection is named after the file.
    const collection =
      last(line, ['-c', '--collection']) ??
      file
        ?.split('/')
        .pop()
        ?.replace(/\.[^.]+$/, '') ??
      '(collection not named)';
    const database = last(line, ['-d', '--db']) ?? connection.database;
    return [
      detection({
        rule: 'sql.import-drop',
        tool: inv.program,
        action: 'import drop',
        resource: { kind: 'collection', name: collection },
        environment: environmentOf(inv, ctx, connection),
        blastRadius: `drops the collection ${collection}${database ? ` in database ${database}` : ''} with every document in it, then imports ${file ?? 'stdin'} in its place${location(inv, { ...connection, database: undefined })}`,
        risk: 'high',
      }),
    ];
  },
};

const mongorestore: CommandRule = {
  family: 'sql',
  programs: ['mongorestore'],
  detect(inv, ctx) {
    const args = inv.argv.slice(1);
    if (isInformational(args) || args.includes('--dryRun') || !args.includes('--drop')) return [];
    const line = parseCommandLine(args, {
      short: 'hdcup',
      long: [
        '--uri',
        '--host',
        '--port',
        '--db',
        '--collection',
        '--username',
        '--password',
        '--nsInclude',
        '--nsExclude',
        '--nsFrom',
        '--nsTo',
        '--archive',
        '--authenticationDatabase',
        '--numParallelCollections',
        '--writeConcern',
      ],
    });
    const connection = mongoConnection(line, undefined);
    const name = last(line, ['-d', '--db']) ?? last(line, ['--nsInclude']) ?? connection.database ?? 'every database in the dump';
    return [
      detection({
        rule: 'sql.restore-drop',
        tool: inv.program,
        action: 'restore drop',
        resource: { kind: 'database', name },
        environment: environmentOf(inv, ctx, connection),
        blastRadius: `drops each collection of ${name} that the dump contains before restoring it; documents written since the dump are lost${location(inv, { ...connection, database: undefined })}`,
        risk: 'high',
      }),
    ];
  },
};

// ---------------------------------------------------------------------------------------------------------------
// Redis: redis-cli (and its valkey/keydb twins). https://redis.io/docs/latest/develop/tools/cli/
// ---------------------------------------------------------------------------------------------------------------

const REDIS_SYNTAX: OptionSyntax = {
  short: 'hpsaunridD',
  long: [
    '--user',
    '--pass',
    '--rdb',
    '--functions-rdb',
    '--pipe-timeout',
    '--memkeys-samples',
    '--pattern',
    '--count',
    '--quoted-pattern',
    '--eval',
    '--cacert',
    '--cacertdir',
    '--cert',
    '--key',
    '--tls-ciphers',
    '--tls-ciphersuites',
    '--sni',
    '--cluster',
  ],
};

const redisCli: CommandRule = {
  family: 'sql',
  programs: ['redis-cli', 'valkey-cli', 'keydb-cli'],
  detect(inv, ctx) {
    const args = inv.argv.slice(1);
    if (isInformational(args)) return [];
    const line = parseCommandLine(args, REDIS_SYNTAX);
    const connection: Connection = { hosts: [] };
    for (const host of values(line, ['-h'])) connection.hosts.push({ source: '-h', value: host });
    for (const url of values(line, ['-u'])) addUri(connection, url, '-u');
    const socket = last(line, ['-s']);
    if (socket) connection.hosts.push({ source: '-s', value: socket });
    let database = last(line, ['-n']) ?? (connection.database && /^\d+$/.test(connection.database) ? connection.database : undefined);
    connection.database = undefined;

    // `--cluster call host:port CMD …` runs the command on every node.
    let words = line.positionals;
    const cluster = last(line, ['--cluster']);
    if (cluster) {
      if (cluster !== 'call') return [];
      connection.hosts.push({ source: '--cluster call', value: words[0]?.replace(/:\d+$/, '') ?? '' });
      words = words.slice(1);
    }
    const commands: string[][] = [];
    // `--eval script.lua key …`: the script file is what runs.
    const script = last(line, ['--eval']);
    if (script) commands.push(['EVAL', ctx.readText(resolvePath(inv.cwd, script, ctx.home)) ?? '']);
    else if (words.length > 0) commands.push(words);
    else {
      // Without a command on the line, redis-cli runs one command per stdin line (`-x` instead feeds stdin as an argument).
      const fed = stdinInput(inv, ctx);
      if (fed?.text)
        commands.push(
          ...fed.text
            .split('\n')
            .map((l) => l.trim().split(/\s+/))
            .filter((c) => c[0]),
        );
    }
    const environment = environmentOf(inv, ctx, connection);
    const host = connection.hosts.find((h) => !h.value.startsWith('/'))?.value;
    const on = host ? ` on ${host}` : '';
    const detections: Detection[] = [];
    for (const [command, ...rest] of commands) {
      const upper = command.toUpperCase();
      const selected = upper === 'SELECT' ? rest[0] : undefined;
      if (selected) database = selected;
      if (upper === 'FLUSHALL') {
        detections.push(
          detection({
            rule: 'sql.flushall',
            tool: inv.program,
            action: 'flushall',
            resource: { kind: 'keys', name: `every database${on}` },
            environment,
            blastRadius: `deletes every key in every database of the Redis server${on}`,
            risk: 'critical',
            confirmText: host ?? 'FLUSHALL',
          }),
        );
      } else if (upper === 'FLUSHDB') {
        const db = database ?? '0';
        detections.push(
          detection({
            rule: 'sql.flushdb',
            tool: inv.program,
            action: 'flushdb',
            resource: { kind: 'keys', name: `database ${db}${on}` },
            environment,
            blastRadius: `deletes every key in Redis database ${db}${on}`,
            risk: 'high',
            confirmText: host ?? 'FLUSHDB',
          }),
        );
      } else if (upper === 'SHUTDOWN' && rest.some((word) => word.toUpperCase() === 'NOSAVE')) {
        detections.push(
          detection({
            rule: 'sql.shutdown-nosave',
            tool: inv.program,
            action: 'shutdown nosave',
            resource: { kind: 'server', name: host ?? 'the Redis server' },
            environment,
            blastRadius: `stops the Redis server${on} without saving: every write since the last snapshot is lost, and with persistence off every key`,
            risk: 'high',
            confirmText: host ?? 'SHUTDOWN NOSAVE',
          }),
        );
      } else if ((upper === 'EVAL' || upper === 'EVAL_RO' || upper === 'FCALL') && /\b(flushall|flushdb)\b/i.test(rest[0] ?? '')) {
        // A Lua script calling FLUSHALL/FLUSHDB empties the server as surely as the command.
        detections.push(
          detection({
            rule: 'sql.flushall',
            tool: inv.program,
            action: 'flushall',
            resource: { kind: 'keys', name: `every key the script flushes${on}` },
            environment,
            blastRadius: `runs a Lua script that calls ${/flushall/i.test(rest[0]) ? 'FLUSHALL' : 'FLUSHDB'}: every key${/flushall/i.test(rest[0]) ? ' in every database' : ` in database ${database ?? '0'}`}${on} is deleted`,
            risk: 'critical',
            confirmText: host ?? 'FLUSHALL',
          }),
        );
      } else if ((upper === 'DEL' || upper === 'UNLINK' || upper === 'GETDEL') && rest.length > 0) {
        const keys = rest.join(' ');
        detections.push(
          detection({
            rule: 'sql.delete-keys',
            tool: inv.program,
            action: 'delete keys',
            resource: { kind: 'keys', name: keys },
            environment,
            blastRadius: `deletes the Redis key${rest.length > 1 ? 's' : ''} ${keys}${on}`,
            risk: 'low',
          }),
        );
      }
    }
    return detections;
  },
};

// ---------------------------------------------------------------------------------------------------------------
// Key-value, secret and time-series stores: etcd, Consul KV, Vault, InfluxDB.
// ---------------------------------------------------------------------------------------------------------------

function storeDetection(
  inv: Invocation,
  ctx: RuleContext,
  spec: {
    rule: string;
    action: string;
    kind: string;
    name: string;
    hosts: Connection['hosts'];
    blastRadius: string;
    risk: Risk;
    /** A bucket or keyspace whose name may say where it lives (`metrics-prod`). */
    store?: { source: string; value: string };
  },
): Detection {
  const connection: Connection = { hosts: spec.hosts.filter((h) => h.value) };
  if (spec.store) namedDatabase(connection, spec.store.value, spec.store.source);
  return detection({
    rule: spec.rule,
    tool: inv.program,
    action: spec.action,
    resource: { kind: spec.kind, name: spec.name },
    environment: environmentOf(inv, ctx, connection),
    blastRadius: `${spec.blastRadius}${location(inv, connection)}`,
    risk: spec.risk,
  });
}

/** The host of an endpoint list (`https://etcd-prod-1:2379,https://…`, `10.0.0.1:8500`). */
function endpointHosts(source: string, value: string | undefined): Connection['hosts'] {
  return (value ?? '')
    .split(',')
    .filter(Boolean)
    .map((endpoint) => ({ source, value: hostOf(endpoint) ?? endpoint.replace(/:\d+$/, '') }));
}

// etcdctl del: https://etcd.io/docs/latest/dev-guide/interacting_v3/ — `--prefix` and `--from-key` delete ranges.
const etcdctl: CommandRule = {
  family: 'sql',
  programs: ['etcdctl'],
  detect(inv, ctx) {
    const args = inv.argv.slice(1);
    if (isInformational(args) || args.includes('-h')) return [];
    const line = parseCommandLine(args, {
      long: ['--endpoints', '--cacert', '--cert', '--key', '--user', '--password', '--command-timeout', '--dial-timeout', '-w', '--write-out'],
    });
    if (line.positionals[0] !== 'del') return [];
    const [key = '', rangeEnd] = line.positionals.slice(1);
    const prefix = present(line, ['--prefix']) || line.options.some((o) => o.name === '--prefix' && o.value !== 'false');
    const fromKey = line.options.some((o) => o.name === '--from-key' && o.value !== 'false');
    const many = prefix || fromKey || rangeEnd !== undefined;
    const everything = (prefix && (key === '' || key === '/')) || (fromKey && (key === '' || key === '\0'));
    const name = everything ? 'every key' : prefix ? `${key}*` : fromKey ? `${key} and every key after it` : rangeEnd ? `${key} to ${rangeEnd}` : key;
    return [
      storeDetection(inv, ctx, {
        rule: 'sql.etcd-delete',
        action: 'delete keys',
        kind: 'keys',
        name,
        hosts: endpointHosts('--endpoints', last(line, ['--endpoints']) ?? inv.env.ETCDCTL_ENDPOINTS),
        blastRadius: everything
          ? 'deletes every key in etcd (a Kubernetes control plane keeps the whole cluster there)'
          : `deletes the etcd key${many ? 's' : ''} ${name}`,
        risk: everything ? 'critical' : many ? 'high' : 'low',
      }),
    ];
  },
};

// consul kv delete: https://developer.hashicorp.com/consul/commands/kv/delete — `-recurse` deletes a prefix (all with none).
const consulKv: CommandRule = {
  family: 'sql',
  programs: ['consul'],
  detect(inv, ctx) {
    const args = inv.argv.slice(1);
    if (args[0] !== 'kv' || args[1] !== 'delete' || args.some((a) => a === '-h' || a === '--help' || a === '-help')) return [];
    const own = args.slice(2);
    const recurse = own.some((a) => /^--?recurse(=true)?$/.test(a));
    const key = own.filter((a) => !a.startsWith('-')).pop() ?? '';
    const address = own.find((a) => /^--?http-addr=/.test(a))?.split('=')[1] ?? inv.env.CONSUL_HTTP_ADDR;
    return [
      storeDetection(inv, ctx, {
        rule: 'sql.consul-kv-delete',
        action: 'kv delete',
        kind: 'keys',
        name: recurse ? (key ? `${key}*` : 'every key') : key || '(key not named)',
        hosts: endpointHosts('-http-addr', address),
        blastRadius: recurse ? `deletes every Consul key${key ? ` under ${key}` : ''}` : `deletes the Consul key ${key}`,
        risk: recurse ? (key ? 'high' : 'critical') : 'low',
      }),
    ];
  },
};

// Vault: https://developer.hashicorp.com/vault/docs/commands — kv destroy/metadata delete remove versions for good,
// `secrets disable` revokes a mount and deletes every secret in it, `delete` on a KV v1 path is permanent.
const vault: CommandRule = {
  family: 'sql',
  programs: ['vault'],
  detect(inv, ctx) {
    const args = inv.argv.slice(1);
    if (args.some((a) => a === '-h' || a === '--help' || a === '-help')) return [];
    const words = args.filter((a) => !a.startsWith('-'));
    const flag = (name: string) =>
      args
        .find((a) => a.startsWith(`-${name}=`) || a.startsWith(`--${name}=`))
        ?.split('=')
        .slice(1)
        .join('=');
    const mountFlag = flag('mount');
    const path = words[words.length - 1] ?? '';
    const target = mountFlag ? `${mountFlag}/${path}` : path;
    const hosts = endpointHosts('-address', flag('address') ?? inv.env.VAULT_ADDR);
    const namespace = flag('namespace') ?? inv.env.VAULT_NAMESPACE;
    if (namespace) hosts.push({ source: 'namespace', value: namespace });
    const build = (action: string, blastRadius: string, risk: Risk, kind = 'secret') => [
      storeDetection(inv, ctx, { rule: `sql.vault-${action.replace(/\s+/g, '-')}`, action, kind, name: target, hosts, blastRadius, risk }),
    ];
    if (words[0] === 'kv' && words[1] === 'destroy')
      return build(
        'kv destroy',
        `permanently destroys versions ${flag('versions') ?? ''} of the secret ${target}; they cannot be undeleted`.replace('  ', ' '),
        'high',
      );
    if (words[0] === 'kv' && words[1] === 'metadata' && words[2] === 'delete')
      return build('kv metadata delete', `deletes the secret ${target} with every version and its metadata, for good`, 'high');
    if (words[0] === 'secrets' && words[1] === 'disable')
      return build(
        'secrets disable',
        `disables the secrets engine at ${target}: every secret stored in it is deleted and its leases revoked`,
        'critical',
        'secrets engine',
      );
    if (words[0] === 'delete' && words[1]) return build('delete', `deletes the data at ${target} (permanent on a KV version 1 mount)`, 'medium');
    return [];
  },
};

// influx (InfluxDB 2): https://docs.influxdata.com/influxdb/v2/reference/cli/influx/ — `delete` removes points in a
// time range, `bucket delete` the bucket and all its data.
const influx: CommandRule = {
  family: 'sql',
  programs: ['influx'],
  detect(inv, ctx) {
    const args = inv.argv.slice(1);
    if (isInformational(args) || args.includes('-h')) return [];
    const line = parseCommandLine(args, {
      short: 'bionpt',
      long: [
        '--bucket',
        '--bucket-id',
        '--org',
        '--org-id',
        '--start',
        '--stop',
        '--predicate',
        '--host',
        '--name',
        '--id',
        '--token',
        '--configs-path',
        '--active-config',
      ],
    });
    const hosts = endpointHosts('--host', last(line, ['--host']) ?? inv.env.INFLUX_HOST);
    const config = last(line, ['--active-config']);
    if (config) hosts.push({ source: '--active-config', value: config });
    const [command, sub] = line.positionals;
    if (command === 'delete') {
      const bucket = last(line, ['-b', '--bucket', '--bucket-id']) ?? '(bucket not named)';
      const predicate = last(line, ['-p', '--predicate']);
      return [
        storeDetection(inv, ctx, {
          rule: 'sql.influx-delete',
          action: 'delete points',
          kind: 'bucket',
          name: bucket,
          hosts,
          store: { source: 'bucket', value: bucket },
          blastRadius: `deletes ${predicate ? `the points matching ${predicate}` : 'every point'} in the bucket ${bucket} between ${last(line, ['--start']) ?? '?'} and ${last(line, ['--stop']) ?? '?'}`,
          risk: predicate ? 'medium' : 'high',
        }),
      ];
    }
    if (command === 'bucket' && sub === 'delete') {
      const bucket = last(line, ['-n', '--name', '-i', '--id']) ?? '(bucket not named)';
      return [
        storeDetection(inv, ctx, {
          rule: 'sql.influx-bucket-delete',
          action: 'bucket delete',
          kind: 'bucket',
          name: bucket,
          hosts,
          store: { source: 'bucket', value: bucket },
          blastRadius: `deletes the InfluxDB bucket ${bucket} and every point in it`,
          risk: 'critical',
        }),
      ];
    }
    return [];
  },
};

export const rules: readonly CommandRule[] = [
  duckdb,
  cockroach,
  usql,
  snowflake,
  sqlcmd,
  bqQuery,
  d1Execute,
  tursoShell,
  tursoDestroy,
  dropuser,
  mongoimport,
  etcdctl,
  consulKv,
  vault,
  influx,
  psql,
  mysql,
  sqlite,
  clickhouse,
  cqlsh,
  pscaleShell,
  platformShell,
  dropdb,
  mysqladmin,
  pgRestore,
  mongosh,
  mongorestore,
  redisCli,
];
