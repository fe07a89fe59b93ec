// Google Cloud: gcloud (a table of destructive `gcloud <group…> delete` commands, any release track, plus a
// fallback for every other `… delete`), gsutil (rm -r/-a, rb, rsync -d), bq rm and the bq commands that replace a
// table (load --replace, cp -f). Listing, describing, creating and deploying are allowed, as are `--help`/`-h`/
// `gcloud help` and `--dry-run`.
import type { EnvironmentHint } from '../environment';
import type { Invocation } from '../invocation';
import type { Risk } from '../types';
import { hasFlag, isInformational, optionValue, positionals } from './args';
import { detection, type CommandRule, type Detection, type RuleContext } from './rule';
import { hintsFromOptions, tableRule, unlistedDeletion, type SubcommandSpec } from './subcommands';

/** Options that take a separate value, so `gcloud sql instances delete --project p db` finds `db`. */
const GCLOUD_VALUED = [
  '--restore-instance',
  '--backup-instance',
  '--backup-id',
  '--project',
  '--account',
  '--configuration',
  '--billing-project',
  '--impersonate-service-account',
  '--verbosity',
  '--format',
  '--flags-file',
  '--flatten',
  '--trace-token',
  '--filter',
  '--limit',
  '--page-size',
  '--sort-by',
  '--zone',
  '--region',
  '--location',
  '--instance',
  '--database',
  '--service',
  '--cluster',
  '--keyring',
  '--key',
  '--secret',
  '--delete-disks',
  '--keep-disks',
  '--collection-ids',
  '--namespace-ids',
  '--platform',
  '--dataset',
  '--stage',
  '--max-parallelism',
];

const RELEASE_TRACKS = new Set(['alpha', 'beta', 'preview']);

const gsUrl = (rest: readonly string[]) => rest.find((word) => word.startsWith('gs://'));
const bucketOf = (url: string) => url.slice(5).split('/')[0];
/** `gs://b`, `gs://b/`, `gs://b/*`, `gs://b/**`: the whole bucket. */
const isBucketRoot = (url: string | undefined) => !!url && url.slice(5).split('/').slice(1).join('/').replace(/^\*+$/, '') === '';
const isWildcard = (url: string | undefined) => !!url && /[*?[]/.test(url);

/** The project a service account belongs to: `name@PROJECT.iam.gserviceaccount.com`. */
function projectOfServiceAccount(email: string | undefined): string | undefined {
  return email ? /@([a-z0-9-]+)\.iam\.gserviceaccount\.com$/.exec(email)?.[1] : undefined;
}

const positional = (kind: string) => ({ kind, positional: 0 });

const SPECS: SubcommandSpec[] = [
  {
    path: ['projects', 'delete'],
    action: 'projects delete',
    resource: positional('project'),
    blastRadius: (name) =>
      `shuts down the project ${name} and every resource in it at once (VMs, databases, buckets, clusters); gcloud projects undelete can restore it for 30 days, then everything is deleted for good`,
    risk: 'critical',
    reversible: true,
  },
  {
    path: ['sql', 'instances', 'delete'],
    action: 'sql instances delete',
    resource: positional('sql instance'),
    blastRadius: (name) => `deletes the Cloud SQL instance ${name}, every database on it and its automated backups`,
    risk: 'critical',
  },
  {
    path: ['sql', 'databases', 'delete'],
    action: 'sql databases delete',
    resource: positional('database'),
    blastRadius: (name, args) =>
      `deletes the database ${name}${optionValue(args, ['--instance']) ? ` on the instance ${optionValue(args, ['--instance'])}` : ''} and all its data`,
    risk: 'high',
  },
  {
    path: ['sql', 'backups', 'delete'],
    action: 'sql backups delete',
    resource: positional('backup'),
    blastRadius: (name) => `deletes the Cloud SQL backup ${name}`,
    risk: 'high',
  },
  {
    // Restoring a backup overwrites the target instance: every database on it returns to the backup's contents.
    path: ['sql', 'backups', 'restore'],
    action: 'sql backups restore',
    resource: { kind: 'sql instance', options: ['--restore-instance'], fallback: '(instance not named)' },
    blastRadius: (name, args) =>
      `overwrites every database on the Cloud SQL instance ${name} with backup ${positionals(args, GCLOUD_VALUED)[3] ?? ''}: data written since that backup is lost`.replace(
        '  ',
        ' ',
      ),
    risk: 'critical',
  },
  {
    path: ['sql', 'instances', 'restore-backup'],
    action: 'sql instances restore-backup',
    resource: positional('sql instance'),
    blastRadius: (name) => `overwrites every database on the Cloud SQL instance ${name} with the backup: data written since that backup is lost`,
    risk: 'critical',
  },
  {
    path: ['compute', 'instances', 'delete'],
    action: 'compute instances delete',
    resource: positional('instance'),
    blastRadius: (name, args) => {
      const disks = optionValue(args, ['--delete-disks']);
      const kept = hasFlag(args, ['--keep-disks']) ? `; ${optionValue(args, ['--keep-disks'])} disks are kept (--keep-disks)` : '';
      return `deletes the VM ${name}; ${disks === 'all' ? 'all its disks are deleted too (--delete-disks=all)' : disks === 'data' ? 'its data disks are deleted too' : 'its boot disk goes with it unless auto-delete was turned off'}${kept}`;
    },
    risk: 'high',
  },
  {
    path: ['compute', 'disks', 'delete'],
    action: 'compute disks delete',
    resource: positional('disk'),
    blastRadius: (name) => `deletes the persistent disk ${name} and all the data on it`,
    risk: 'high',
  },
  {
    path: ['compute', 'snapshots', 'delete'],
    action: 'compute snapshots delete',
    resource: positional('snapshot'),
    blastRadius: (name) => `deletes the disk snapshot ${name}; the backup it holds is gone`,
    risk: 'high',
  },
  {
    path: ['compute', 'images', 'delete'],
    action: 'compute images delete',
    resource: positional('image'),
    blastRadius: (name) => `deletes the image ${name}; nothing can be created from it any more`,
    risk: 'medium',
  },
  {
    path: ['compute', 'instance-groups', 'managed', 'delete'],
    action: 'compute instance-groups managed delete',
    resource: positional('instance group'),
    blastRadius: (name) => `deletes the managed instance group ${name} and every VM in it`,
    risk: 'high',
  },
  {
    path: ['container', 'clusters', 'delete'],
    action: 'container clusters delete',
    resource: positional('cluster'),
    blastRadius: (name) =>
      `deletes the GKE cluster ${name}, its nodes and every workload on it; disks its volume claims created under the Delete policy go too`,
    risk: 'critical',
  },
  {
    path: ['container', 'node-pools', 'delete'],
    action: 'container node-pools delete',
    resource: positional('node pool'),
    blastRadius: (name) => `deletes the node pool ${name} and its nodes; pods on them are evicted`,
    risk: 'high',
  },
  {
    path: ['storage', 'rm'],
    action: 'storage rm',
    when: (args, rest) => hasFlag(args, ['-r', '-R', '--recursive']) && isBucketRoot(gsUrl(rest)) && !isWildcard(gsUrl(rest)),
    resource: { kind: 'bucket', from: (_a, rest) => bucketOf(gsUrl(rest)!) },
    blastRadius: (name) => `deletes every object in the bucket ${name}, then the bucket itself`,
    risk: 'critical',
  },
  {
    path: ['storage', 'rm'],
    action: 'storage rm',
    when: (args, rest) => (hasFlag(args, ['-r', '-R', '--recursive']) || isWildcard(gsUrl(rest))) && !!gsUrl(rest),
    resource: { kind: 'objects', from: (_a, rest) => gsUrl(rest) },
    blastRadius: (name, args) =>
      `deletes every object matching ${name}${hasFlag(args, ['-a', '--all-versions']) ? ', noncurrent versions included' : ''}`,
    risk: 'high',
  },
  {
    path: ['storage', 'rm'],
    action: 'storage rm',
    when: (_args, rest) => !!gsUrl(rest),
    resource: { kind: 'object', from: (_a, rest) => gsUrl(rest) },
    blastRadius: (name) => `deletes the object ${name}; without object versioning it cannot be recovered`,
    risk: 'medium',
  },
  {
    path: ['storage', 'buckets', 'delete'],
    action: 'storage buckets delete',
    resource: { kind: 'bucket', from: (_a, rest) => (rest[0]?.startsWith('gs://') ? bucketOf(rest[0]) : rest[0]) },
    blastRadius: (name) => `deletes the bucket ${name} (refused unless it is empty); anyone may then claim its name`,
    risk: 'medium',
  },
  {
    path: ['storage', 'rsync'],
    action: 'storage rsync',
    when: (args, rest) => hasFlag(args, ['--delete-unmatched-destination-objects']) && (rest[1] ?? '').startsWith('gs://'),
    resource: { kind: 'objects', positional: 1 },
    blastRadius: (name, args) => `deletes every object under ${name} that ${positionals(args, GCLOUD_VALUED)[2] ?? 'the source'} does not have`,
    risk: 'high',
  },
  {
    path: ['run', 'services', 'delete'],
    action: 'run services delete',
    resource: positional('service'),
    blastRadius: (name) => `deletes the Cloud Run service ${name} with all its revisions; its URL stops answering`,
    risk: 'high',
  },
  {
    path: ['run', 'jobs', 'delete'],
    action: 'run jobs delete',
    resource: positional('job'),
    blastRadius: (name) => `deletes the Cloud Run job ${name} and its executions`,
    risk: 'medium',
  },
  {
    path: ['functions', 'delete'],
    action: 'functions delete',
    resource: positional('function'),
    blastRadius: (name) => `deletes the Cloud Function ${name}; its triggers and URL stop working`,
    risk: 'high',
  },
  {
    path: ['firestore', 'databases', 'delete'],
    action: 'firestore databases delete',
    resource: { kind: 'firestore database', options: ['--database'], positional: 0 },
    blastRadius: (name) => `deletes the Firestore database ${name} and every document in it`,
    risk: 'critical',
  },
  {
    path: ['firestore', 'bulk-delete'],
    action: 'firestore bulk-delete',
    resource: { kind: 'collection', options: ['--collection-ids'], fallback: 'every collection' },
    blastRadius: (name) => `deletes every document in ${name === 'every collection' ? 'the database' : `the collections ${name}`}`,
    risk: 'critical',
  },
  {
    path: ['spanner', 'instances', 'delete'],
    action: 'spanner instances delete',
    resource: positional('spanner instance'),
    blastRadius: (name) => `deletes the Spanner instance ${name} with every database in it`,
    risk: 'critical',
  },
  {
    path: ['spanner', 'databases', 'delete'],
    action: 'spanner databases delete',
    resource: positional('spanner database'),
    blastRadius: (name) => `deletes the Spanner database ${name} and all its data`,
    risk: 'critical',
  },
  {
    path: ['bigtable', 'instances', 'tables', 'delete'],
    action: 'bigtable tables delete',
    resource: positional('bigtable table'),
    blastRadius: (name) => `deletes the Bigtable table ${name} and all its rows`,
    risk: 'critical',
  },
  {
    path: ['bigtable', 'instances', 'delete'],
    action: 'bigtable instances delete',
    resource: positional('bigtable instance'),
    blastRadius: (name) => `deletes the Bigtable instance ${name} with every table and row in it`,
    risk: 'critical',
  },
  {
    path: ['secrets', 'delete'],
    action: 'secrets delete',
    resource: positional('secret'),
    blastRadius: (name) => `deletes the secret ${name} and every version of it; programs reading it fail`,
    risk: 'high',
  },
  {
    path: ['secrets', 'versions', 'destroy'],
    action: 'secrets versions destroy',
    resource: positional('secret version'),
    blastRadius: (name, args) =>
      `destroys version ${name} of the secret${optionValue(args, ['--secret']) ? ` ${optionValue(args, ['--secret'])}` : ''}; its value is gone for good`,
    risk: 'high',
  },
  {
    path: ['iam', 'service-accounts', 'keys', 'delete'],
    action: 'iam service-accounts keys delete',
    resource: positional('service account key'),
    blastRadius: (name) => `deletes the service account key ${name}; programs using it stop authenticating`,
    risk: 'medium',
  },
  {
    path: ['iam', 'service-accounts', 'delete'],
    action: 'iam service-accounts delete',
    resource: positional('service account'),
    blastRadius: (name) =>
      `deletes the service account ${name}; workloads and CI running as it lose access (gcloud iam service-accounts undelete can restore it for 30 days)`,
    risk: 'high',
    reversible: true,
  },
  {
    path: ['app', 'versions', 'delete'],
    action: 'app versions delete',
    resource: positional('app version'),
    blastRadius: (name) => `deletes the App Engine version ${name}`,
    risk: 'medium',
  },
  {
    path: ['app', 'services', 'delete'],
    action: 'app services delete',
    resource: positional('app service'),
    blastRadius: (name) => `deletes the App Engine service ${name} with all its versions`,
    risk: 'high',
  },
  {
    path: ['redis', 'instances', 'delete'],
    action: 'redis instances delete',
    resource: positional('redis instance'),
    blastRadius: (name) => `deletes the Memorystore instance ${name} and everything stored in it`,
    risk: 'high',
  },
  {
    path: ['filestore', 'instances', 'delete'],
    action: 'filestore instances delete',
    resource: positional('filestore instance'),
    blastRadius: (name) => `deletes the Filestore instance ${name} and every file on it`,
    risk: 'critical',
  },
  {
    path: ['alloydb', 'clusters', 'delete'],
    action: 'alloydb clusters delete',
    resource: positional('alloydb cluster'),
    blastRadius: (name) => `deletes the AlloyDB cluster ${name} and all its data`,
    risk: 'critical',
  },
  {
    path: ['dns', 'managed-zones', 'delete'],
    action: 'dns managed-zones delete',
    resource: positional('dns zone'),
    blastRadius: (name) => `deletes the DNS zone ${name}; its records stop answering`,
    risk: 'high',
  },
  {
    path: ['artifacts', 'repositories', 'delete'],
    action: 'artifacts repositories delete',
    resource: positional('repository'),
    blastRadius: (name) => `deletes the Artifact Registry repository ${name} and every image or package in it`,
    risk: 'high',
  },
  {
    path: ['deployment-manager', 'deployments', 'delete'],
    action: 'deployment-manager deployments delete',
    resource: positional('deployment'),
    blastRadius: (name, args) =>
      optionValue(args, ['--delete-policy']) === 'abandon'
        ? `deletes the deployment ${name} but keeps its resources (--delete-policy=abandon)`
        : `deletes the deployment ${name} and every resource it created`,
    risk: 'critical',
  },
  {
    path: ['kms', 'keys', 'versions', 'destroy'],
    action: 'kms keys versions destroy',
    resource: positional('key version'),
    blastRadius: (name) =>
      `schedules key version ${name} for destruction; once destroyed, data encrypted with it can never be decrypted (restore is possible only during the waiting period)`,
    risk: 'high',
    reversible: true,
  },
];

/** Commands about gcloud itself (its configurations, components, emulators): nothing in the cloud goes. */
const LOCAL_GROUPS = new Set(['config', 'components', 'auth', 'emulators', 'meta', 'topic', 'help', 'info', 'init', 'survey', 'feedback']);

function singular(word: string): string {
  return word
    .replace(/ies$/, 'y')
    .replace(/(ses|xes)$/, (m) => m.slice(0, -2))
    .replace(/([^s])s$/, '$1')
    .replace(/-/g, ' ');
}

function gcloudHints(args: readonly string[], inv: Invocation): EnvironmentHint[] {
  const hints = hintsFromOptions(args, { '--project': ['--project'], '--configuration': ['--configuration'] });
  if (!optionValue(args, ['--project']) && inv.env.CLOUDSDK_CORE_PROJECT)
    hints.push({ source: 'variable CLOUDSDK_CORE_PROJECT', value: inv.env.CLOUDSDK_CORE_PROJECT });
  if (!optionValue(args, ['--configuration']) && inv.env.CLOUDSDK_ACTIVE_CONFIG_NAME)
    hints.push({ source: 'variable CLOUDSDK_ACTIVE_CONFIG_NAME', value: inv.env.CLOUDSDK_ACTIVE_CONFIG_NAME });
  const words = positionals(args, GCLOUD_VALUED);
  // The project being deleted names its own environment; so does the project a service account lives in.
  if (words[0] === 'projects' && words[1] === 'delete' && words[2]) hints.push({ source: 'project', value: words[2] });
  const owner = projectOfServiceAccount(words.find((w) => w.includes('.iam.gserviceaccount.com')));
  if (owner) hints.push({ source: 'service account project', value: owner });
  return hints;
}

const table = tableRule({ family: 'gcloud', programs: ['gcloud'], valued: GCLOUD_VALUED, environmentHints: gcloudHints, specs: SPECS });

/** `gcloud beta sql instances delete` runs the same command as `gcloud sql instances delete`. */
function withoutReleaseTrack(inv: Invocation): Invocation {
  const index = inv.argv.findIndex((arg, i) => i > 0 && !arg.startsWith('-'));
  if (index < 0 || !RELEASE_TRACKS.has(inv.argv[index])) return inv;
  const drop = <T>(list: T[]) => list.filter((_, i) => i !== index);
  return { ...inv, argv: drop(inv.argv), dynamic: drop(inv.dynamic), glob: drop(inv.glob) };
}

/** Every other `gcloud <group…> delete NAME`: it deletes a cloud resource, whatever the group. */
function otherDeletion(inv: Invocation, ctx: RuleContext, args: readonly string[]): Detection[] {
  const words = positionals(args, GCLOUD_VALUED);
  if (LOCAL_GROUPS.has(words[0] ?? '')) return [];
  const at = words.slice(0, 5).findIndex((word, i) => i > 0 && (word === 'delete' || word === 'destroy' || word === 'bulk-delete'));
  if (at < 0) return [];
  const kind = singular(words[at - 1]);
  const name = words[at + 1] ?? optionValue(args, ['--name']);
  const command = words.slice(0, at + 1).join(' ');
  return [unlistedDeletion(inv, ctx, { family: 'gcloud', command, kind, name, hints: gcloudHints(args, inv), consequence: ' and what it holds' })];
}

function helpAsked(args: readonly string[]): boolean {
  return isInformational(args) || args.includes('-h') || args[0] === 'help';
}

function detectGcloud(original: Invocation, ctx: RuleContext): Detection[] {
  const inv = withoutReleaseTrack(original);
  const args = inv.argv.slice(1);
  if (helpAsked(args)) return [];
  const found = table.detect(inv, ctx);
  return found.length > 0 ? found : otherDeletion(inv, ctx, args);
}

// ---- gsutil ----

const GSUTIL_VALUED = ['-o', '-h', '-u', '-i'];

function storageProjectHints(inv: Invocation): EnvironmentHint[] {
  return inv.env.CLOUDSDK_CORE_PROJECT ? [{ source: 'variable CLOUDSDK_CORE_PROJECT', value: inv.env.CLOUDSDK_CORE_PROJECT }] : [];
}

function detectGsutil(inv: Invocation, ctx: RuleContext): Detection[] {
  const args = inv.argv.slice(1);
  if (helpAsked(args)) return [];
  const words = positionals(args, GSUTIL_VALUED);
  const command = words[0];
  const at = args.indexOf(command ?? '');
  const own = args.slice(at + 1);
  const urls = words.slice(1).filter((w) => w.startsWith('gs://'));
  const build = (action: string, kind: string, name: string, blastRadius: string, risk: Risk): Detection[] => [
    detection({
      rule: `gcloud.gsutil-${action.replace(/[^a-z0-9]+/g, '-').replace(/-$/, '')}`,
      tool: inv.program,
      action,
      resource: { kind, name },
      environment: ctx.environment(inv, storageProjectHints(inv), 'remote'),
      reversible: false,
      blastRadius,
      risk,
    }),
  ];
  if (command === 'rm') {
    const recursive = hasFlag(own, ['-r', '-R']);
    const versions = hasFlag(own, ['-a']) ? ', every noncurrent version included (-a)' : '';
    const url = urls[0];
    if (!url)
      return hasFlag(own, ['-I']) ? build('rm', 'objects', '(URLs read from stdin)', 'deletes every object whose URL arrives on stdin', 'high') : [];
    const more = urls.length > 1 ? ` (and ${urls.slice(1).join(', ')})` : '';
    if (recursive && isBucketRoot(url) && !isWildcard(url)) {
      return build(
        'rm',
        'bucket',
        bucketOf(url),
        `deletes every object in the bucket ${bucketOf(url)}${versions}, then the bucket itself${more}`,
        'critical',
      );
    }
    if (recursive || isWildcard(url)) return build('rm', 'objects', url, `deletes every object matching ${url}${versions}${more}`, 'high');
    if (versions)
      return build('rm', 'object', url, `deletes the object ${url}${more} and every noncurrent version of it (-a): no copy remains`, 'high');
    return build('rm', 'object', url, `deletes the object ${url}${more}; without object versioning it cannot be recovered`, 'medium');
  }
  if (command === 'rb') {
    const url = urls[0];
    if (!url) return [];
    // `rb -f` carries on past errors; the bucket must still be empty.
    return build(
      'rb',
      'bucket',
      bucketOf(url),
      `deletes the bucket ${bucketOf(url)} (refused unless it is empty); anyone may then claim its name`,
      'medium',
    );
  }
  if (command === 'rsync' && hasFlag(own, ['-d'])) {
    const target = words[words.length - 1];
    if (!target?.startsWith('gs://') || words.length < 3) return [];
    return build('rsync -d', 'objects', target, `deletes every object under ${target} that ${words[words.length - 2]} does not have`, 'high');
  }
  return [];
}

// ---- bq ----

const BQ_VALUED = [
  '--project_id',
  '--dataset_id',
  '--location',
  '--format',
  '--apilog',
  '--api',
  '--api_version',
  '--bigqueryrc',
  '--job_id',
  '--max_rows_per_request',
];

function detectBq(inv: Invocation, ctx: RuleContext): Detection[] {
  const args = inv.argv.slice(1);
  if (helpAsked(args)) return [];
  const words = positionals(args, BQ_VALUED);
  if (words[0] === 'load' || words[0] === 'cp') return bqOverwrite(inv, ctx, args, words);
  if (words[0] !== 'rm') return [];
  const target = words[1];
  if (!target) return [];
  const own = args.slice(args.indexOf('rm') + 1);
  const flag = (short: string, long: string) => hasFlag(own, [short, long]) || own.includes(`--${long.slice(2)}=true`);
  const kind = flag('-d', '--dataset')
    ? 'dataset'
    : flag('-t', '--table')
      ? 'table'
      : flag('-m', '--model')
        ? 'model'
        : own.includes('--routine')
          ? 'routine'
          : own.some((a) => a.startsWith('--connection') || a.startsWith('--reservation') || a.startsWith('--transfer_config') || a === '-j')
            ? 'other'
            : target.replace(/^[^:]+:/, '').includes('.')
              ? 'table'
              : 'dataset';
  if (kind === 'other') return [];
  const recursive = flag('-r', '--recursive');
  const hints: EnvironmentHint[] = [];
  const project = optionValue(args, ['--project_id']) ?? (target.includes(':') ? target.split(':')[0] : undefined);
  if (project) hints.push({ source: optionValue(args, ['--project_id']) ? '--project_id' : 'project in the name', value: project });
  else hints.push(...storageProjectHints(inv));
  const blastRadius =
    kind === 'dataset'
      ? recursive
        ? `deletes the dataset ${target} with every table, view and model in it (-r)`
        : `deletes the dataset ${target} (refused unless it is empty)`
      : `deletes the ${kind} ${target}${kind === 'table' ? ' and all its rows' : ''}`;
  return [
    detection({
      rule: 'gcloud.bq-rm',
      tool: inv.program,
      action: 'rm',
      resource: { kind, name: target },
      environment: ctx.environment(inv, hints, 'remote'),
      reversible: false,
      blastRadius,
      risk: kind === 'dataset' ? (recursive ? 'critical' : 'medium') : kind === 'table' ? 'high' : 'medium',
    }),
  ];
}

/**
 * `bq load --replace TABLE SOURCE` and `bq cp -f SOURCE TABLE` (cloud.google.com/bigquery/docs/reference/bq-cli-reference):
 * both replace the destination table's rows. `bq query` SQL is read by the SQL rules.
 */
function bqOverwrite(inv: Invocation, ctx: RuleContext, args: readonly string[], words: readonly string[]): Detection[] {
  const own = args.slice(args.indexOf(words[0]) + 1);
  const on = (name: string) => own.includes(name) || own.includes(`${name}=true`);
  const operands = positionals(own, [
    '--source_format',
    '--schema',
    '--field_delimiter',
    '--skip_leading_rows',
    '--max_bad_records',
    '--encoding',
    '--quote',
    '--time_partitioning_field',
    '--clustering_fields',
    '--destination_kms_key',
  ]);
  const table = words[0] === 'load' ? operands[0] : operands[operands.length - 1];
  const replaces =
    words[0] === 'load'
      ? on('--replace')
      : (hasFlag(own, ['-f']) || on('--force')) && !hasFlag(own, ['-a', '-n']) && !on('--append_table') && !on('--no_clobber');
  if (!replaces || !table || (words[0] === 'cp' && operands.length < 2) || on('--dry_run')) return [];
  const project = optionValue(args, ['--project_id']) ?? (table.includes(':') ? table.split(':')[0] : undefined);
  const hints: EnvironmentHint[] = project
    ? [{ source: optionValue(args, ['--project_id']) ? '--project_id' : 'project in the name', value: project }]
    : storageProjectHints(inv);
  return [
    detection({
      rule: `gcloud.bq-${words[0]}-replace`,
      tool: inv.program,
      action: `${words[0]} replace`,
      resource: { kind: 'table', name: table },
      environment: ctx.environment(inv, hints, 'remote'),
      reversible: false,
      blastRadius:
        words[0] === 'load'
          ? `replaces every row of the table ${table} with what is loaded (--replace); the old rows are gone except through time travel`
          : `overwrites the table ${table} with a copy of ${operands.slice(0, -1).join(', ')} (-f); its old rows are gone except through time travel`,
      risk: 'high',
    }),
  ];
}

export const rules: readonly CommandRule[] = [
  { family: 'gcloud', programs: ['gcloud'], detect: detectGcloud },
  { family: 'gcloud', programs: ['gsutil'], detect: detectGsutil },
  { family: 'gcloud', programs: ['bq'], detect: detectBq },
];
