// DigitalOcean CLI (`doctl`): droplets (delete, rebuild, restore), managed databases (clusters, databases,
// users, pools, replicas), volumes, snapshots, images, Kubernetes clusters and node pools, App Platform
// apps, the container registry, projects, domains and records, firewalls, load balancers, reserved IPs and
// serverless functions. doctl's cobra aliases are matched too (`d`/`rm` for delete, `db`/`dbs` for
// databases, `k8s`/`k` for kubernetes…), and every other `… delete|rm` asks at medium risk. Spaces objects are not
// reachable through doctl (s3 tools are).
import type { EnvironmentHint } from '../environment';
import type { Invocation } from '../invocation';
import { hasFlag, isInformational, optionValue, positionals } from './args';
import type { CommandRule, Detection, RuleContext } from './rule';
import { hintsFromOptions, tableRule, unlistedDeletion, type ToolTable } from './subcommands';

const VALUED = [
  '--context',
  '-t',
  '--access-token',
  '-c',
  '--config',
  '-o',
  '--output',
  '--format',
  '-u',
  '--api-url',
  '--tag-name',
  '--tag',
  '--image',
  '--region',
  '--project-id',
  '--spec',
  '--cluster',
];

const DELETE = 'delete|d|rm|remove';
const COMPUTE = 'compute|c';

function environmentHints(args: readonly string[], inv: Invocation): EnvironmentHint[] {
  const hints = hintsFromOptions(args, { '--context': ['--context'] });
  if (!optionValue(args, ['--context']) && inv.env.DIGITALOCEAN_CONTEXT)
    hints.push({ source: 'variable DIGITALOCEAN_CONTEXT', value: inv.env.DIGITALOCEAN_CONTEXT });
  const tag = optionValue(args, ['--tag-name']);
  if (tag) hints.push({ source: '--tag-name', value: tag });
  // Droplet, cluster and app names are often written instead of ids (`web-prod-1`): they name the environment.
  const words = positionals(args, VALUED);
  const deleting = words.findIndex((word) => DELETE.split('|').includes(word) || word === 'rebuild' || word === 'restore');
  if (deleting > 0) for (const name of words.slice(deleting + 1)) hints.push({ source: 'resource named', value: name });
  return hints;
}

const joined = (_args: readonly string[], rest: readonly string[]) => rest.join(' ') || undefined;

const table: ToolTable = {
  family: 'digitalocean',
  programs: ['doctl'],
  valued: VALUED,
  environmentHints,
  specs: [
    {
      path: [COMPUTE, 'droplet|droplets|d', DELETE],
      action: 'droplet delete',
      resource: {
        kind: 'droplet',
        from: (args, rest) => rest.join(' ') || (optionValue(args, ['--tag-name']) ? `tag:${optionValue(args, ['--tag-name'])}` : undefined),
      },
      blastRadius: (_name, args) =>
        hasFlag(args, ['--tag-name'])
          ? 'deletes every droplet with the tag, with its disk and the data on it'
          : 'deletes the droplets with their disks and the data on them (attached volumes stay)',
      risk: 'critical',
    },
    {
      path: [COMPUTE, 'droplet-action', 'rebuild'],
      action: 'droplet rebuild',
      resource: { kind: 'droplet', positional: 0 },
      blastRadius: 'reinstalls the droplet from an image: everything on its disk is erased',
      risk: 'critical',
    },
    {
      path: [COMPUTE, 'droplet-action', 'restore'],
      action: 'droplet restore',
      resource: { kind: 'droplet', positional: 0 },
      blastRadius: 'overwrites the droplet disk with the backup image: everything written since is lost',
      risk: 'critical',
    },
    {
      path: [COMPUTE, 'volume|volumes|v', DELETE],
      action: 'volume delete',
      resource: { kind: 'volume', from: joined },
      blastRadius: 'deletes the block storage volume and all its data',
      risk: 'critical',
    },
    {
      path: [COMPUTE, 'snapshot|snapshots|s', DELETE],
      action: 'snapshot delete',
      resource: { kind: 'snapshot', from: joined },
      blastRadius: 'deletes the snapshots; nothing can be restored from them afterwards',
      risk: 'high',
    },
    {
      path: [COMPUTE, 'image|images|i', DELETE],
      action: 'image delete',
      resource: { kind: 'image', from: joined },
      blastRadius: 'deletes the custom image or backup; droplets can no longer be created or restored from it',
      risk: 'high',
    },
    {
      path: [COMPUTE, 'domain|domains', 'records|record|r', DELETE],
      action: 'dns record delete',
      // `doctl compute domain records delete <domain> <record id...>`: the domain, then the record ids.
      resource: { kind: 'dns record', from: joined },
      blastRadius: 'deletes the DNS records: the names they served stop resolving',
      risk: 'medium',
    },
    {
      path: [COMPUTE, 'domain|domains', DELETE],
      action: 'domain delete',
      resource: { kind: 'domain', from: joined },
      blastRadius: 'deletes the domain with every DNS record in it: its names stop resolving',
      risk: 'high',
    },
    {
      path: [COMPUTE, 'firewall|firewalls|fw', DELETE],
      action: 'firewall delete',
      resource: { kind: 'firewall', from: joined },
      blastRadius: 'deletes the firewall: the droplets it protected are open to whatever it blocked',
      risk: 'medium',
    },
    {
      path: [COMPUTE, 'load-balancer|load-balancers|lb', DELETE],
      action: 'load balancer delete',
      resource: { kind: 'load balancer', from: joined },
      blastRadius: 'deletes the load balancer and its IP address: traffic to it stops',
      risk: 'high',
    },
    {
      path: [COMPUTE, 'reserved-ip|reserved-ips|rip|floating-ip|fip', DELETE],
      action: 'reserved ip delete',
      resource: { kind: 'ip address', from: joined },
      blastRadius: 'releases the reserved IP: DNS records pointing at it stop reaching the droplet, and the address cannot be got back',
      risk: 'medium',
    },
    {
      path: ['databases|database|db|dbs', 'db', DELETE],
      action: 'database delete',
      // `doctl databases db delete <cluster-id> <database-name>`.
      resource: { kind: 'database', from: (_args, rest) => rest[1] ?? rest[0] },
      blastRadius: 'drops the database and all its data from the cluster',
      risk: 'critical',
    },
    {
      path: ['databases|database|db|dbs', 'user|users', DELETE],
      action: 'database user delete',
      resource: { kind: 'database user', from: (_args, rest) => rest[1] ?? rest[0] },
      blastRadius: 'deletes the database user: applications connecting as it lose access at once',
      risk: 'medium',
    },
    {
      path: ['databases|database|db|dbs', 'pool|pools', DELETE],
      action: 'connection pool delete',
      resource: { kind: 'connection pool', from: (_args, rest) => rest[1] ?? rest[0] },
      blastRadius: 'deletes the connection pool: applications connecting through it fail',
      risk: 'medium',
    },
    {
      path: ['databases|database|db|dbs', 'replica|replicas|rep|r', DELETE],
      action: 'database replica delete',
      resource: { kind: 'database replica', from: (_args, rest) => rest[1] ?? rest[0] },
      blastRadius: 'deletes the read-only replica: readers connected to it fail',
      risk: 'medium',
    },
    {
      path: ['databases|database|db|dbs', DELETE],
      action: 'database cluster delete',
      resource: { kind: 'database cluster', positional: 0 },
      blastRadius: 'deletes the managed database cluster with every database, user and backup in it',
      risk: 'critical',
    },
    {
      path: ['kubernetes|kube|k8s|k', 'cluster|clusters|c', 'node-pool|node-pools|pool|np|p', DELETE],
      action: 'node pool delete',
      resource: { kind: 'node pool', from: (_args, rest) => rest[1] ?? rest[0] },
      blastRadius: 'deletes the node pool and its nodes: workloads on it are evicted and local data on the nodes is lost',
      risk: 'high',
    },
    {
      path: ['kubernetes|kube|k8s|k', 'cluster|clusters|c', DELETE],
      action: 'kubernetes cluster delete',
      resource: { kind: 'kubernetes cluster', from: joined },
      blastRadius: (_name, args) =>
        hasFlag(args, ['--dangerous'])
          ? 'deletes the cluster with every workload, and with --dangerous also its volumes, volume snapshots and load balancers'
          : 'deletes the cluster with every workload on it',
      risk: 'critical',
    },
    {
      path: ['apps|app|a', DELETE],
      action: 'app delete',
      resource: { kind: 'app', positional: 0 },
      blastRadius: 'deletes the App Platform app with its components, deployments and dev databases',
      risk: 'critical',
    },
    {
      path: ['registry|registries|reg|r', 'repository|repositories|repo|r', 'delete-manifest|dm|delete-tag|dt'],
      action: 'registry image delete',
      resource: { kind: 'image', from: joined },
      blastRadius: 'deletes the image tags or manifests from the registry; deployments pulling them fail',
      risk: 'medium',
    },
    {
      path: ['registry|registries|reg|r', DELETE],
      action: 'registry delete',
      resource: { kind: 'registry', positional: 0, fallback: '(account container registry)' },
      blastRadius: 'deletes the container registry with every repository and image in it',
      risk: 'high',
    },
    {
      path: ['projects|project|proj', DELETE],
      action: 'project delete',
      resource: { kind: 'project', from: joined },
      blastRadius: 'deletes the project grouping (it must be empty; the resources themselves are not deleted)',
      risk: 'low',
    },
    {
      path: ['serverless|sls|sbx', 'undeploy'],
      action: 'serverless undeploy',
      resource: { kind: 'function', from: (args, rest) => (hasFlag(args, ['--all']) ? 'all functions' : rest.join(' ') || undefined) },
      blastRadius: 'removes the deployed functions and packages from the namespace: calls to them fail until deployed again',
      risk: 'medium',
    },
  ],
};

const listed = tableRule(table);

/**
 * Every other `doctl … delete|rm NAME` (VPCs, certificates, SSH keys, Kafka topics, alert policies, tags…): it
 * deletes something, so it asks at medium risk with what the command names.
 */
function otherDeletion(inv: Invocation, ctx: RuleContext): Detection[] {
  const args = inv.argv.slice(1);
  if (isInformational(args) || hasFlag(args, ['-h', '--help'])) return [];
  const words = positionals(args, VALUED);
  const at = words.slice(0, 5).findIndex((word, i) => i > 0 && (word === 'delete' || word === 'rm'));
  if (at < 0) return [];
  const name = words.slice(at + 1).join(' ') || undefined;
  return [
    unlistedDeletion(inv, ctx, {
      family: 'digitalocean',
      command: words.slice(0, at + 1).join(' '),
      kind: words[at - 1].replace(/-/g, ' ').replace(/s$/, ''),
      name,
      hints: environmentHints(args, inv),
      consequence: '',
    }),
  ];
}

export const rules: readonly CommandRule[] = [
  {
    family: 'digitalocean',
    programs: ['doctl'],
    detect(inv, ctx) {
      const found = listed.detect(inv, ctx);
      return found.length > 0 ? found : otherDeletion(inv, ctx);
    },
  },
];
