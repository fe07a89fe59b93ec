// Redis: redis-cli (and its valkey/keydb twins). https://redis.io/docs/latest/develop/tools/cli/
import { resolvePath } from '../../shellReader';
import { isInformational } from '../args';
import { detection, type CommandRule, type Detection } from '../rule';
import { type OptionSyntax, parseCommandLine, values, last } from './commandLine';
import { type Connection, environmentOf, addUri } from './connection';
import { stdinInput } from './inputs';

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

export const redisCli: CommandRule = {
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
