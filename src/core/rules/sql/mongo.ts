// MongoDB: mongosh / mongo (JavaScript) and mongorestore/mongoimport --drop.
import { COMPUTED, type SqlFinding } from '../../sqlScanner';
import { isInformational } from '../args';
import { detection, type CommandRule } from '../rule';
import { type OptionSyntax, type ParsedLine, parseCommandLine, values, last } from './commandLine';
import { type Connection, environmentOf, location, namedDatabase, addUri } from './connection';
import { type SqlInput, stdinInputs, fileInput } from './inputs';
import { scannedDetection } from './detections';

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

export const mongosh: CommandRule = {
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
      scannedDetection(inv, 'sql', finding, environment, where, (name) => name === COMPUTED || name === CURRENT_DATABASE),
    );
  },
};

// mongorestore: https://www.mongodb.com/docs/database-tools/mongorestore/ — `--drop` drops each collection first.
// mongoimport: https://www.mongodb.com/docs/database-tools/mongoimport/ — `--drop` drops the collection before importing.
export const mongoimport: CommandRule = {
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

export const mongorestore: CommandRule = {
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
