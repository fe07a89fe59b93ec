// A tolerant SQL scanner shared by the SQL clients' and the ORM tasks' rules.
import path from 'node:path';
import { resolvePath } from './shellReader';
import type { Risk } from './types';
import { RISK_ORDER } from './types';

// ---------------------------------------------------------------------------------------------------------------
// A tolerant SQL scanner. It strips comments, reads string literals and quoted identifiers, splits statements on
// the delimiter and follows client meta-commands (`\i`, `.read`, `source`). It does not parse SQL: a grammar for
// six dialects (PostgreSQL, MySQL, SQLite, ClickHouse, CQL and their clients' extensions) would be large and would
// reject the half-valid text agents write. Classifying a statement needs only its leading keywords, the names after
// them and whether a WHERE appears outside parentheses, which a token stream answers reliably.
// ---------------------------------------------------------------------------------------------------------------

export type Dialect = 'postgres' | 'mysql' | 'sqlite' | 'clickhouse' | 'cql';

interface DialectRules {
  /** `#` starts a comment: MySQL always, ClickHouse only as `# ` or `#!`. */
  hash: 'none' | 'mysql' | 'clickhouse';
  /** `//` line comments (CQL). */
  slashComments: boolean;
  /** MySQL and ClickHouse read backslash escapes inside '…'. */
  backslashEscapes: boolean;
  /** MySQL reads "…" as a string, not an identifier (without ANSI_QUOTES). */
  doubleQuotedStrings: boolean;
  /** PostgreSQL `$tag$…$tag$`, CQL `$$…$$`. */
  dollarQuotes: boolean;
  /** Client commands the scanner follows. */
  client: 'psql' | 'mysql' | 'sqlite' | 'cqlsh' | 'none';
  /** DDL inside BEGIN … ROLLBACK is undone (PostgreSQL, SQLite); MySQL commits implicitly before DDL. */
  transactionalDdl: boolean;
  /** MySQL: SCHEMA means DATABASE. */
  schemaIsDatabase: boolean;
}

const DIALECTS: Record<Dialect, DialectRules> = {
  postgres: {
    hash: 'none',
    slashComments: false,
    backslashEscapes: false,
    doubleQuotedStrings: false,
    dollarQuotes: true,
    client: 'psql',
    transactionalDdl: true,
    schemaIsDatabase: false,
  },
  mysql: {
    hash: 'mysql',
    slashComments: false,
    backslashEscapes: true,
    doubleQuotedStrings: true,
    dollarQuotes: false,
    client: 'mysql',
    transactionalDdl: false,
    schemaIsDatabase: true,
  },
  sqlite: {
    hash: 'none',
    slashComments: false,
    backslashEscapes: false,
    doubleQuotedStrings: false,
    dollarQuotes: false,
    client: 'sqlite',
    transactionalDdl: true,
    schemaIsDatabase: false,
  },
  clickhouse: {
    hash: 'clickhouse',
    slashComments: false,
    backslashEscapes: true,
    doubleQuotedStrings: false,
    dollarQuotes: false,
    client: 'none',
    transactionalDdl: false,
    schemaIsDatabase: true,
  },
  cql: {
    hash: 'none',
    slashComments: true,
    backslashEscapes: false,
    doubleQuotedStrings: false,
    dollarQuotes: true,
    client: 'cqlsh',
    transactionalDdl: false,
    schemaIsDatabase: false,
  },
};

interface Token {
  type: 'word' | 'ident' | 'string' | 'number' | 'punct';
  /** Words upper-cased; identifiers and strings without their quotes. */
  value: string;
  /** Words as written. */
  text: string;
}

interface Statement {
  tokens: Token[];
  /** psql `\gexec`: every row the query returns runs as a statement. */
  gexec?: boolean;
  /** `\i file`, `.read file`, `source file`: the file runs here. */
  include?: { file: string; relativeToScript: boolean };
}

/** Placeholder for the parts of dynamic SQL (`'DROP TABLE ' || name`) only the server computes. */
export const COMPUTED = '__blastdoor_computed__';

const MYSQL_CLIENT_COMMANDS = /^(delimiter|source|use|quit|exit|system|connect|charset|tee|notee|pager|nopager|warnings|nowarning|rehash|prompt)\b/i;

function scanStatements(text: string, dialect: Dialect): Statement[] {
  const rules = DIALECTS[dialect];
  const statements: Statement[] = [];
  let tokens: Token[] = [];
  let delimiter = ';';
  let lineStart = true;
  let i = 0;
  const n = text.length;
  const flush = (extra: Partial<Statement> = {}) => {
    if (tokens.length > 0 || extra.include) statements.push({ tokens, ...extra });
    tokens = [];
  };
  const restOfLine = () => {
    const end = text.indexOf('\n', i);
    const line = text.slice(i, end < 0 ? n : end);
    i = end < 0 ? n : end;
    return line;
  };
  const readQuoted = (quote: string, escapes: boolean): string => {
    let value = '';
    i++;
    while (i < n) {
      const c = text[i];
      if (escapes && c === '\\' && i + 1 < n) {
        value += text[i + 1];
        i += 2;
        continue;
      }
      if (c === quote) {
        if (text[i + 1] === quote) {
          value += quote;
          i += 2;
          continue;
        }
        i++;
        return value;
      }
      value += c;
      i++;
    }
    return value;
  };

  while (i < n) {
    const c = text[i];
    if (c === '\n') {
      lineStart = true;
      i++;
      continue;
    }
    if (c === ' ' || c === '\t' || c === '\r' || c === '\f') {
      i++;
      continue;
    }

    // Client commands that only count at the start of a line, before any SQL of the statement.
    if (lineStart && tokens.length === 0) {
      const lineEnd = text.indexOf('\n', i);
      const ahead = text.slice(i, lineEnd < 0 ? n : lineEnd);
      if (rules.client === 'sqlite' && c === '.') {
        const line = restOfLine();
        const read = /^\.read\s+("([^"]*)"|'([^']*)'|(\S+))/.exec(line);
        if (read) flush({ include: { file: read[2] ?? read[3] ?? read[4], relativeToScript: false } });
        continue;
      }
      if (rules.client === 'mysql' && MYSQL_CLIENT_COMMANDS.test(ahead)) {
        const line = restOfLine().trim();
        const word = line.split(/\s+/)[0].toLowerCase();
        const argument = line.slice(word.length).trim();
        if (word === 'delimiter' && argument) delimiter = argument.split(/\s+/)[0];
        else if (word === 'source' && argument) flush({ include: { file: unquote(argument.replace(/;$/, '')), relativeToScript: false } });
        continue;
      }
      if (rules.client === 'cqlsh' && /^source\s/i.test(ahead)) {
        const argument = restOfLine().trim().slice(6).trim().replace(/;$/, '');
        flush({ include: { file: unquote(argument), relativeToScript: false } });
        continue;
      }
    }
    lineStart = false;

    // psql meta-commands: a backslash outside quotes runs to the end of the line (or `\\`).
    if (rules.client === 'psql' && c === '\\') {
      const line = restOfLine();
      for (const command of line.split('\\\\')) {
        const match = /^\\([A-Za-z]+\+?|[!?.;])\s*(.*)$/s.exec(command.trim());
        if (!match) continue;
        const name = match[1];
        const argument = match[2].trim();
        if (name === ';' || name === 'g' || name === 'gx' || name === 'gset' || name === 'crosstabview' || name === 'watch') flush();
        else if (name === 'gexec') flush({ gexec: true });
        else if (name === 'gdesc' || name === 'r' || name === 'reset') tokens = [];
        else if (['i', 'include', 'ir', 'include_relative'].includes(name) && argument) {
          flush();
          flush({ include: { file: unquote(argument.split(/\s+/)[0]), relativeToScript: name.startsWith('ir') || name === 'include_relative' } });
        }
      }
      continue;
    }
    // mysql client's two-character commands: `\g`/`\G` send, `\c` clears, `\. file` sources.
    if (rules.client === 'mysql' && c === '\\' && i + 1 < n) {
      const command = text[i + 1];
      i += 2;
      if (command === 'g' || command === 'G') flush();
      else if (command === 'c') tokens = [];
      else if (command === '.') flush({ include: { file: unquote(restOfLine().trim().replace(/;$/, '')), relativeToScript: false } });
      else if (command === 'd') delimiter = restOfLine().trim().split(/\s+/)[0] || delimiter;
      else if (command === '!' || command === 'u' || command === 'T' || command === 'P') restOfLine();
      continue;
    }

    if (text.startsWith(delimiter, i)) {
      flush();
      i += delimiter.length;
      continue;
    }

    // Comments.
    const next = text[i + 1];
    if (
      (c === '-' && next === '-' && (dialect !== 'mysql' || i + 2 >= n || /\s/.test(text[i + 2]))) ||
      (rules.slashComments && c === '/' && next === '/')
    ) {
      restOfLine();
      continue;
    }
    if (c === '#' && (rules.hash === 'mysql' || (rules.hash === 'clickhouse' && (next === ' ' || next === '!')))) {
      restOfLine();
      continue;
    }
    if (c === '/' && next === '*') {
      if (dialect === 'mysql' && text[i + 2] === '!') {
        // `/*!40101 SET … */` runs on MySQL: read its body as code (mysqldump writes `/*!50001 DROP VIEW … */`).
        i += 3;
        while (i < n && /\d/.test(text[i])) i++;
        continue;
      }
      let depth = 0;
      while (i < n) {
        if (text[i] === '/' && text[i + 1] === '*') {
          depth++;
          i += 2;
        } else if (text[i] === '*' && text[i + 1] === '/') {
          depth--;
          i += 2;
          // Only PostgreSQL nests block comments.
          if (depth === 0 || dialect !== 'postgres') break;
        } else i++;
      }
      continue;
    }
    if (dialect === 'mysql' && c === '*' && next === '/') {
      i += 2;
      continue;
    }

    // Literals and identifiers.
    if (c === "'") {
      tokens.push({ type: 'string', value: readQuoted("'", rules.backslashEscapes), text: '' });
      continue;
    }
    if (c === '"') {
      const value = readQuoted('"', rules.backslashEscapes && rules.doubleQuotedStrings);
      tokens.push(rules.doubleQuotedStrings ? { type: 'string', value, text: '' } : { type: 'ident', value, text: value });
      continue;
    }
    if (c === '`') {
      const value = readQuoted('`', false);
      tokens.push({ type: 'ident', value, text: value });
      continue;
    }
    if (c === '[' && dialect === 'sqlite') {
      const end = text.indexOf(']', i);
      const value = text.slice(i + 1, end < 0 ? n : end);
      i = end < 0 ? n : end + 1;
      tokens.push({ type: 'ident', value, text: value });
      continue;
    }
    if (c === '$' && rules.dollarQuotes) {
      const tag = /^\$([A-Za-z_][A-Za-z0-9_]*)?\$/.exec(text.slice(i, i + 64));
      if (tag) {
        const start = i + tag[0].length;
        const end = text.indexOf(tag[0], start);
        tokens.push({ type: 'string', value: text.slice(start, end < 0 ? n : end), text: '$$' });
        i = end < 0 ? n : end + tag[0].length;
        continue;
      }
    }
    const word = /^[A-Za-z_\u0080-\uffff][\w$\u0080-\uffff]*/.exec(text.slice(i, i + 256));
    if (word) {
      i += word[0].length;
      // E'…' (PostgreSQL escapes), N'…', X'…', B'…': a prefixed string.
      if (text[i] === "'" && /^[EeNnXxBb]$/.test(word[0])) {
        tokens.push({ type: 'string', value: readQuoted("'", rules.backslashEscapes || /^[Ee]$/.test(word[0])), text: '' });
        continue;
      }
      tokens.push({ type: 'word', value: word[0].toUpperCase(), text: word[0] });
      continue;
    }
    const number = /^\d+(\.\d+)?/.exec(text.slice(i, i + 64));
    if (number) {
      i += number[0].length;
      tokens.push({ type: 'number', value: number[0], text: number[0] });
      continue;
    }
    tokens.push({ type: 'punct', value: c, text: c });
    i++;
  }
  flush();
  return statements;
}

function unquote(value: string): string {
  return value.replace(/^(['"])(.*)\1$/s, '$2');
}

// ---------------------------------------------------------------------------------------------------------------
// Classifying statements.
// ---------------------------------------------------------------------------------------------------------------

/** A destructive statement, before it becomes a detection. */
export interface SqlFinding {
  /** Rule id suffix and action: `drop-table` / `drop table`. */
  action: string;
  kind: string;
  /** As written; COMPUTED when only the server knows it. */
  name: string;
  risk: Risk;
  /** What goes, without the location (added later). */
  blastRadius: string;
}

const isWord = (token: Token | undefined, ...values: string[]) => token?.type === 'word' && values.includes(token.value);
const isPunct = (token: Token | undefined, value: string) => token?.type === 'punct' && token.value === value;

function raise(risk: Risk): Risk {
  return RISK_ORDER[Math.min(RISK_ORDER.length - 1, RISK_ORDER.indexOf(risk) + 1)];
}

/** `schema.table`, `"Quoted"."Name"`, `ks.t`: the name as written, without quotes. */
function readName(tokens: Token[], start: number): { name: string; next: number } | undefined {
  let i = start;
  const parts: string[] = [];
  while (i < tokens.length) {
    const token = tokens[i];
    if (isPunct(token, '$') && (tokens[i + 1]?.type === 'word' || tokens[i + 1]?.type === 'number')) {
      // A shell variable left in the SQL (`DROP TABLE $TABLE`) or a bind parameter: keep it as written.
      parts.push(`$${tokens[i + 1].text}`);
      i += 2;
    } else if (token.type === 'word' || token.type === 'ident') {
      parts.push(token.type === 'word' ? token.text : token.value);
      i++;
    } else break;
    if (!isPunct(tokens[i], '.')) break;
    i++;
  }
  return parts.length > 0 ? { name: parts.join('.'), next: i } : undefined;
}

/** Indices of tokens outside any parentheses. */
function topLevel(tokens: Token[], from = 0): number[] {
  const result: number[] = [];
  let depth = 0;
  for (let i = from; i < tokens.length; i++) {
    if (isPunct(tokens[i], '(')) depth++;
    else if (isPunct(tokens[i], ')')) depth = Math.max(0, depth - 1);
    else if (depth === 0) result.push(i);
  }
  return result;
}

/** `WHERE 1=1`, `WHERE true`, `WHERE 1`: a condition every row meets. */
function isTautology(tokens: Token[], whereIndex: number): boolean {
  const rest = tokens.slice(whereIndex + 1).filter((t) => !isWord(t, 'SETTINGS'));
  const text = rest.map((t) => (t.type === 'string' ? `'${t.value}'` : t.value)).join('');
  return /^(1|TRUE|1=1|'1'='1'|'A'='A'|1<>0|0=0|NOTFALSE)$/i.test(text);
}

/** True when the statement restricts its rows: a WHERE (not a tautology) or a JOIN outside parentheses. */
function restricted(tokens: Token[], from: number): boolean {
  const top = topLevel(tokens, from);
  const where = top.find((i) => isWord(tokens[i], 'WHERE'));
  if (where !== undefined) return !isTautology(tokens, where);
  return top.some((i) => isWord(tokens[i], 'JOIN'));
}

const MULTIWORD_OBJECTS = [
  ['MATERIALIZED', 'VIEW'],
  ['FOREIGN', 'TABLE'],
  ['FOREIGN', 'DATA', 'WRAPPER'],
  ['EVENT', 'TRIGGER'],
  ['ACCESS', 'METHOD'],
  ['USER', 'MAPPING'],
  ['OPERATOR', 'CLASS'],
  ['OPERATOR', 'FAMILY'],
  ['TEXT', 'SEARCH'],
  ['ROW', 'POLICY'],
  ['SETTINGS', 'PROFILE'],
];

/** What each DROP target costs. Unlisted objects (index, view, function, role …) can be recreated: medium. */
const DROP_TARGETS: Record<string, { kind: string; risk: Risk; radius: (name: string) => string }> = {
  TABLE: { kind: 'table', risk: 'high', radius: (name) => `deletes table ${name} and every row in it` },
  COLUMNFAMILY: { kind: 'table', risk: 'high', radius: (name) => `deletes table ${name} and every row in it` },
  'FOREIGN TABLE': { kind: 'table', risk: 'medium', radius: (name) => `removes foreign table ${name} (the remote data stays)` },
  DATABASE: { kind: 'database', risk: 'critical', radius: (name) => `deletes database ${name} with every table and row in it` },
  SCHEMA: { kind: 'schema', risk: 'critical', radius: (name) => `deletes schema ${name} and the tables inside it` },
  KEYSPACE: { kind: 'keyspace', risk: 'critical', radius: (name) => `deletes keyspace ${name} with every table and row in it` },
};

function classifyDrop(tokens: Token[], dialect: Dialect): SqlFinding[] {
  let i = 1;
  if (isWord(tokens[i], 'TEMPORARY', 'TEMP')) return []; // MySQL session-only tables
  if (isWord(tokens[i], 'PREPARE')) return []; // MySQL `DROP PREPARE stmt` frees a prepared statement
  if (isWord(tokens[i], 'OWNED')) {
    const role = readName(tokens, i + 2)?.name ?? COMPUTED;
    return [
      {
        action: 'drop owned',
        kind: 'role',
        name: role,
        risk: 'high',
        blastRadius: `deletes every table, view and other object owned by role ${role}`,
      },
    ];
  }
  let objectWords: string[] = [];
  for (const words of MULTIWORD_OBJECTS) {
    if (words.every((w, k) => isWord(tokens[i + k], w))) {
      objectWords = words;
      break;
    }
  }
  if (objectWords.length === 0) {
    if (tokens[i]?.type !== 'word') return [];
    objectWords = [tokens[i].value];
  }
  i += objectWords.length;
  let object = objectWords.join(' ');
  if (object === 'SCHEMA' && DIALECTS[dialect].schemaIsDatabase) object = 'DATABASE';
  while (isWord(tokens[i], 'CONCURRENTLY', 'IF', 'EXISTS')) i++;
  const names: string[] = [];
  for (;;) {
    const read = readName(tokens, i);
    if (!read) break;
    names.push(read.name);
    i = read.next;
    if (!isPunct(tokens[i], ',')) break;
    i++;
  }
  if (names.length === 0) names.push(COMPUTED);
  const cascade = topLevel(tokens, i).some((k) => isWord(tokens[k], 'CASCADE'));
  const target = DROP_TARGETS[object] ?? {
    kind: object.toLowerCase(),
    risk: 'medium' as Risk,
    radius: (name: string) => `deletes ${object.toLowerCase()} ${name}`,
  };
  const action = `drop ${target.kind === 'table' && object !== 'FOREIGN TABLE' ? 'table' : object.toLowerCase()}`;
  return names.map((name) => ({
    action,
    kind: target.kind,
    name,
    risk: cascade ? raise(target.risk) : target.risk,
    blastRadius: `${target.radius(display(name))}${cascade ? ', and with CASCADE every view, foreign key and object that depends on it' : ''}`,
  }));
}

function classifyTruncate(tokens: Token[]): SqlFinding[] {
  let i = 1;
  if (isWord(tokens[i], 'DATABASE')) {
    const name = readName(tokens, i + 1 + (isWord(tokens[i + 1], 'IF') ? 2 : 0))?.name ?? COMPUTED;
    return [
      {
        action: 'truncate database',
        kind: 'database',
        name,
        risk: 'critical',
        blastRadius: `deletes every table's rows in database ${display(name)}`,
      },
    ];
  }
  while (isWord(tokens[i], 'TABLE', 'ONLY', 'IF', 'EXISTS')) i++;
  const names: string[] = [];
  for (;;) {
    const read = readName(tokens, i);
    if (!read) break;
    names.push(read.name);
    i = read.next;
    if (isPunct(tokens[i], '*')) i++;
    if (!isPunct(tokens[i], ',')) break;
    i++;
    if (isWord(tokens[i], 'ONLY')) i++;
  }
  if (names.length === 0) names.push(COMPUTED);
  const cascade = topLevel(tokens, i).some((k) => isWord(tokens[k], 'CASCADE'));
  return names.map((name) => ({
    action: 'truncate',
    kind: 'table',
    name,
    risk: cascade ? raise('high') : 'high',
    blastRadius: `deletes every row in table ${display(name)}${cascade ? ', and with CASCADE every row in the tables that reference it' : ''}`,
  }));
}

function classifyDelete(tokens: Token[], start: number): SqlFinding[] {
  let i = start + 1;
  while (isWord(tokens[i], 'LOW_PRIORITY', 'QUICK', 'IGNORE')) i++;
  if (isWord(tokens[i], 'FROM')) i++;
  if (isWord(tokens[i], 'ONLY')) i++;
  const name = readName(tokens, i)?.name ?? COMPUTED;
  if (restricted(tokens, start)) return [];
  return [
    {
      action: 'delete all rows',
      kind: 'table',
      name,
      risk: 'high',
      blastRadius: `deletes every row in table ${display(name)} (DELETE without a WHERE clause)`,
    },
  ];
}

function classifyUpdate(tokens: Token[], start: number): SqlFinding[] {
  let i = start + 1;
  while (isWord(tokens[i], 'ONLY', 'LOW_PRIORITY', 'IGNORE')) i++;
  if (isWord(tokens[i], 'OR')) i += 2; // SQLite `UPDATE OR REPLACE`
  const name = readName(tokens, i)?.name ?? COMPUTED;
  if (!topLevel(tokens, start).some((k) => isWord(tokens[k], 'SET'))) return [];
  if (restricted(tokens, start)) return [];
  return [
    {
      action: 'update all rows',
      kind: 'table',
      name,
      risk: 'high',
      blastRadius: `overwrites the updated columns in every row of table ${display(name)} (UPDATE without a WHERE clause); the old values are gone`,
    },
  ];
}

/** Words after `DROP` in ALTER TABLE that remove no data. */
const ALTER_DROP_HARMLESS = new Set([
  'CONSTRAINT',
  'INDEX',
  'KEY',
  'PRIMARY',
  'FOREIGN',
  'CHECK',
  'DEFAULT',
  'NOT',
  'IDENTITY',
  'EXPRESSION',
  'PROJECTION',
  'STATISTICS',
  'TTL',
  'SETTING',
  'PERIOD',
  'SYSTEM',
]);

function classifyAlter(tokens: Token[], dialect: Dialect): SqlFinding[] {
  if (!isWord(tokens[1], 'TABLE')) return [];
  let i = 2;
  while (isWord(tokens[i], 'IF', 'EXISTS', 'ONLY')) i++;
  const table = readName(tokens, i);
  if (!table) return [];
  const findings: SqlFinding[] = [];
  const top = topLevel(tokens, table.next);
  for (const k of top) {
    const token = tokens[k];
    if (isWord(token, 'DROP', 'TRUNCATE') && isWord(tokens[k + 1], 'PARTITION', 'PART', 'DETACHED')) {
      const at = isWord(tokens[k + 1], 'DETACHED') ? k + 3 : k + 2;
      const partition = tokens[at] ? (tokens[at].type === 'word' ? tokens[at].text : tokens[at].value) : COMPUTED;
      findings.push({
        action: 'drop partition',
        kind: 'partition',
        name: `${table.name} ${partition}`,
        risk: 'high',
        blastRadius: `deletes partition ${partition} of table ${display(table.name)} and every row in it`,
      });
      continue;
    }
    if (isWord(token, 'DROP') && !ALTER_DROP_HARMLESS.has(tokens[k + 1]?.value ?? '')) {
      let at = k + 1;
      if (isWord(tokens[at], 'COLUMN')) at++;
      while (isWord(tokens[at], 'IF', 'EXISTS')) at++;
      const column = readName(tokens, at)?.name ?? COMPUTED;
      findings.push({
        action: 'drop column',
        kind: 'column',
        name: `${table.name}.${column}`,
        risk: 'high',
        blastRadius: `deletes column ${column} of table ${display(table.name)} and the value it held in every row`,
      });
    }
    // ClickHouse mutations: `ALTER TABLE t DELETE WHERE 1` empties the table.
    if (dialect === 'clickhouse' && isWord(token, 'DELETE') && isWord(tokens[k + 1], 'WHERE') && isTautology(tokens, k + 1)) {
      findings.push({
        action: 'delete all rows',
        kind: 'table',
        name: table.name,
        risk: 'high',
        blastRadius: `deletes every row in table ${display(table.name)} (the WHERE matches every row)`,
      });
    }
  }
  return findings;
}

/** The statements inside `name AS (…)` of a WITH clause that delete or update. */
function cteBodies(tokens: Token[], start: number): Token[][] {
  const bodies: Token[][] = [];
  for (let k = start + 1; k < tokens.length; k++) {
    if (!isPunct(tokens[k], '(') || !isWord(tokens[k - 1], 'AS', 'MATERIALIZED') || !isWord(tokens[k + 1], 'DELETE', 'UPDATE')) continue;
    let depth = 0;
    let end = k;
    for (; end < tokens.length; end++) {
      if (isPunct(tokens[end], '(')) depth++;
      else if (isPunct(tokens[end], ')') && --depth === 0) break;
    }
    bodies.push(tokens.slice(k + 1, end));
    k = end;
  }
  return bodies;
}

/** String literals that dynamic SQL (`EXECUTE`, `\gexec`, `PREPARE … FROM`) turns into statements. */
function dynamicText(tokens: Token[]): string {
  return tokens
    .filter((t) => t.type === 'string')
    .map((t) => t.value)
    .join(` ${COMPUTED} `);
}

function classifyStatement(statement: Statement, dialect: Dialect, depth: number): SqlFinding[] {
  const tokens = statement.tokens;
  if (tokens.length === 0) return [];
  const nested = (text: string) =>
    depth < 3 ? scanStatements(text, dialect === 'postgres' ? 'postgres' : dialect).flatMap((s) => classifyStatement(s, dialect, depth + 1)) : [];
  const findings: SqlFinding[] = [];
  if (statement.gexec) findings.push(...nested(dynamicText(tokens)));

  let start = 0;
  const first = tokens[0];
  if (isWord(first, 'EXPLAIN')) {
    // Plain EXPLAIN only plans; EXPLAIN ANALYZE runs the statement.
    if (!tokens.slice(1, 6).some((t) => isWord(t, 'ANALYZE', 'ANALYSE'))) return findings;
    start = tokens.findIndex((t, k) => k > 0 && isWord(t, 'DELETE', 'UPDATE', 'INSERT', 'SELECT', 'WITH'));
    if (start < 0) return findings;
  }
  if (isWord(tokens[start], 'WITH')) {
    // PostgreSQL runs data-modifying CTEs (`WITH d AS (DELETE FROM t RETURNING *) SELECT …`) whatever the main query.
    for (const body of cteBodies(tokens, start)) findings.push(...classifyStatement({ tokens: body }, dialect, depth + 1));
    // The CTE's own WHERE clauses sit in parentheses; the main statement follows them.
    const main = topLevel(tokens, start + 1).find((k) => isWord(tokens[k], 'DELETE', 'UPDATE', 'SELECT', 'INSERT', 'MERGE'));
    if (main === undefined) return findings;
    start = main;
  }
  const keyword = tokens[start];
  if (isWord(keyword, 'DROP') && start === 0) findings.push(...classifyDrop(tokens, dialect));
  else if (isWord(keyword, 'TRUNCATE') && start === 0) findings.push(...classifyTruncate(tokens));
  else if (isWord(keyword, 'DELETE')) findings.push(...classifyDelete(tokens, start));
  else if (isWord(keyword, 'UPDATE')) findings.push(...classifyUpdate(tokens, start));
  else if (isWord(keyword, 'ALTER')) findings.push(...classifyAlter(tokens, dialect));
  else if (isWord(keyword, 'CREATE') && isWord(tokens[1], 'OR') && isWord(tokens[2], 'REPLACE') && isWord(tokens[3], 'TABLE')) {
    // MariaDB, ClickHouse and others: CREATE OR REPLACE TABLE drops the existing table first.
    const name = readName(tokens, 4)?.name ?? COMPUTED;
    findings.push({
      action: 'replace table',
      kind: 'table',
      name,
      risk: 'high',
      blastRadius: `drops table ${display(name)} with every row in it and creates it again empty`,
    });
  } else if (isWord(keyword, 'DO') && dialect === 'postgres') {
    // An anonymous PL/pgSQL block runs now; its body and the strings it EXECUTEs are read as SQL.
    for (const body of tokens.filter((t) => t.type === 'string' && t.text === '$$')) {
      if (depth < 3) findings.push(...plpgsqlStatements(body.value).flatMap((s) => classifyStatement(s, dialect, depth + 1)));
    }
  } else if (isWord(keyword, 'EXECUTE') || (isWord(keyword, 'PREPARE') && tokens.some((t) => isWord(t, 'FROM')))) {
    findings.push(...nested(dynamicText(tokens)));
  }
  return findings;
}

/** PL/pgSQL keywords that can precede a SQL statement inside a block (`BEGIN DROP …`, `LOOP EXECUTE …`). */
const PLPGSQL_CONTROL = new Set(['BEGIN', 'LOOP', 'THEN', 'ELSE', 'DECLARE']);
const STATEMENT_KEYWORDS = ['DROP', 'TRUNCATE', 'DELETE', 'UPDATE', 'ALTER', 'EXECUTE', 'WITH'];

/** The SQL statements of a PL/pgSQL body, cut loose from the control words in front of them. */
function plpgsqlStatements(body: string): Statement[] {
  return scanStatements(body, 'postgres').map((statement) => {
    const tokens = statement.tokens;
    const start = tokens.findIndex((t, k) => isWord(t, ...STATEMENT_KEYWORDS) && (k === 0 || PLPGSQL_CONTROL.has(tokens[k - 1].value)));
    return { tokens: start < 0 ? [] : tokens.slice(start) };
  });
}

/** A finding's name for people: computed names say so. */
export function display(name: string): string {
  return name === COMPUTED ? '(a name computed by the query)' : name;
}

function transactionWord(tokens: Token[]): 'begin' | 'commit' | 'rollback' | undefined {
  const [a, b] = tokens;
  if (isWord(a, 'BEGIN') && (tokens.length === 1 || isWord(b, 'TRANSACTION', 'WORK', 'DEFERRED', 'IMMEDIATE', 'EXCLUSIVE', 'ISOLATION', 'READ')))
    return 'begin';
  if (isWord(a, 'START') && isWord(b, 'TRANSACTION')) return 'begin';
  if (isWord(a, 'COMMIT', 'END')) return 'commit';
  if (isWord(a, 'ROLLBACK', 'ABORT') && !tokens.some((t) => isWord(t, 'TO'))) return 'rollback';
  return undefined;
}

export interface ScanOptions {
  dialect: Dialect;
  readText: (file: string) => string | undefined;
  /** Directory relative includes resolve against (the client's working directory). */
  cwd: string;
  home: string;
}

export interface ScanResult {
  findings: SqlFinding[];
  /** Included files that could not be read. */
  unreadable: string[];
}

/**
 * Destructive statements in SQL text a client would run. Statements inside `BEGIN … ROLLBACK` are dropped
 * (undone), except DDL on dialects that commit implicitly before it (MySQL).
 */
export function scanSql(text: string, options: ScanOptions, scriptDir = options.cwd, depth = 0): ScanResult {
  const results: SqlFinding[] = [];
  const unreadable: string[] = [];
  let pending: SqlFinding[] | undefined;
  const transactional = DIALECTS[options.dialect].transactionalDdl;
  for (const statement of scanStatements(text, options.dialect)) {
    if (statement.include) {
      const file = resolvePath(statement.include.relativeToScript ? scriptDir : options.cwd, statement.include.file, options.home);
      const included = depth < 4 ? options.readText(file) : undefined;
      if (included === undefined) {
        unreadable.push(statement.include.file);
        continue;
      }
      const inner = scanSql(included, options, path.dirname(file), depth + 1);
      unreadable.push(...inner.unreadable);
      (pending ?? results).push(...inner.findings);
      continue;
    }
    const transaction = transactionWord(statement.tokens);
    if (transaction === 'begin') pending ??= [];
    else if (transaction === 'commit') {
      results.push(...(pending ?? []));
      pending = undefined;
    } else if (transaction === 'rollback') pending = undefined;
    else {
      const found = classifyStatement(statement, options.dialect, 0);
      if (pending && !transactional && found.some((f) => !['delete all rows', 'update all rows'].includes(f.action))) {
        // MySQL commits the open transaction before any DDL statement.
        results.push(...pending, ...found);
        pending = undefined;
      } else (pending ?? results).push(...found);
    }
  }
  // A script that ends inside a transaction is rolled back on disconnect, unless the client commits; assume the worst.
  results.push(...(pending ?? []));
  return { findings: results, unreadable };
}
