// Key-value, secret and time-series stores: etcd, Consul KV, Vault, InfluxDB.
import { hostOf } from '../../environment';
import type { Invocation } from '../../invocation';
import type { Risk } from '../../types';
import { isInformational } from '../args';
import { detection, type CommandRule, type Detection, type RuleContext } from '../rule';
import { parseCommandLine, last, present } from './commandLine';
import { type Connection, environmentOf, location, namedDatabase } from './connection';

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
export const etcdctl: CommandRule = {
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
export const consulKv: CommandRule = {
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
export const vault: CommandRule = {
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
export const influx: CommandRule = {
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
