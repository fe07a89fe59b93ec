// SQLite and other file databases: sqlite3, DuckDB, wrangler d1 execute, turso db shell and turso db/group destroy.
import type { Invocation } from '../../invocation';
import { isInformational } from '../args';
import { detection, type CommandRule, type Detection, type RuleContext } from '../rule';
import { type OptionSyntax, parseCommandLine, values, last, present } from './commandLine';
import { type Connection, environmentOf, namedDatabase, addUri } from './connection';
import { type SqlInput, textInput, stdinInput, stdinInputs, fileInput, collectInputs } from './inputs';
import { sqlDetections } from './detections';

// sqlite3: https://sqlite.org/cli.html — `sqlite3 [OPTIONS] FILENAME [SQL...]`, options with a single dash.
const SQLITE_SYNTAX: OptionSyntax = {
  singleDashLong: true,
  long: ['-cmd', '-init', '-separator', '-newline', '-nullvalue', '-vfs', '-maxsize', '-mmap', '-escape', '-A'],
};

export const sqlite: CommandRule = {
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
export const duckdb: CommandRule = {
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

// `wrangler d1 execute DB --command SQL | --file F` (developers.cloudflare.com/workers/wrangler/commands/#d1-execute):
// the local development copy unless `--remote`.
export const d1Execute: CommandRule = {
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
export const tursoShell: CommandRule = {
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

// Turso (docs.turso.tech/cli): `db destroy` deletes a database, `group destroy` a group with every database in it.
export const tursoDestroy: CommandRule = {
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
