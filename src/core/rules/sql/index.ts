// SQL and data-store clients: psql, mysql/mariadb/mycli, sqlite3, duckdb, clickhouse, cqlsh, cockroach sql, usql,
// snowsql/snow sql, sqlcmd, bq query, wrangler d1 execute, turso db shell, pscale shell, mongosh, redis-cli, and
// the utilities that drop or overwrite databases (dropdb, dropuser, mysqladmin drop, turso db destroy,
// pg_restore --clean, mongorestore/mongoimport --drop); key-value, secret and time-series stores (etcdctl del,
// consul kv delete, vault kv destroy / secrets disable, influx delete). The statements a client would run
// (-c/-e/--eval, -f files, heredocs, pipes, `\i` includes) are read and scanned; only statements that destroy data
// raise a finding, so `psql -c "SELECT …"` stays allowed.
import type { CommandRule } from '../rule';
import { mongoimport, mongorestore, mongosh } from './mongo';
import { mysql, mysqladmin, pscaleShell } from './mysql';
import { bqQuery, clickhouse, cockroach, cqlsh, snowflake, sqlcmd, usql } from './others';
import { dropdb, dropuser, pgRestore, platformShell, psql } from './postgres';
import { redisCli } from './redis';
import { d1Execute, duckdb, sqlite, tursoDestroy, tursoShell } from './sqlite';
import { consulKv, etcdctl, influx, vault } from './stores';

export { parseConnectionString } from './connection';
export { scannedDetection } from './detections';

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
