// Where the statements go: host, database, environment.
import { type EnvironmentHint, hostOf } from '../../environment';
import type { Invocation } from '../../invocation';
import type { EnvironmentVerdict } from '../../types';
import type { RuleContext } from '../rule';
import { isDynamic } from './commandLine';

export interface Connection {
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

export function environmentOf(inv: Invocation, ctx: RuleContext, written: Connection): EnvironmentVerdict {
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

export function location(inv: Invocation, written: Connection): string {
  const connection = knownConnection(inv, written);
  if (connection.file) return ` in the SQLite database file ${connection.file}`;
  const host = connection.hosts.find((h) => !h.value.startsWith('/'));
  // Platform shells name an app or a branch rather than a host.
  const label = host ? (host.source === '--app' ? `app ${host.value}` : host.source === 'branch' ? `branch ${host.value}` : host.value) : undefined;
  const parts = [connection.database ? `database ${connection.database}` : undefined, label ? `on ${label}` : undefined].filter(Boolean);
  return parts.length > 0 ? ` (${parts.join(' ')})` : '';
}

/** A database named in the command, or by the variable the client itself reads. */
export function namedDatabase(connection: Connection, value: string | undefined, source: string): void {
  if (value && !connection.database) {
    connection.database = value;
    connection.databaseSource = source;
  }
}

export function addUri(connection: Connection, value: string | undefined, source: string): boolean {
  if (!value) return false;
  const parsed = parseConnectionString(value);
  if (!parsed) return false;
  if (parsed.host) connection.hosts.push({ source: `host in ${source}`, value: parsed.host });
  namedDatabase(connection, parsed.database, `database in ${source}`);
  return true;
}
