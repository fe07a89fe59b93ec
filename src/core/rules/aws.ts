// AWS CLI (and LocalStack's awslocal): a table of the destructive `aws <service> <operation>` commands with
// what each destroys, plus a fallback for every other `delete-*`/`terminate-*` operation; eksctl deletions;
// the S3-compatible clients s3cmd and mc (MinIO). Read-only and create/update operations, `--dryrun`/`--dry-run`,
// `help` and `--generate-cli-skeleton` are allowed.
import type { EnvironmentHint } from '../environment';
import type { Invocation } from '../invocation';
import { hasFlag, optionValue, positionals } from './args';
import { resolvePath } from '../shellReader';
import { detection, type CommandRule, type Detection, type RuleContext } from './rule';
import { hintsFromOptions, hintsFromVariables, tableRule, unlistedDeletion, type SubcommandSpec } from './subcommands';

/** Global options that take a value (docs.aws.amazon.com/cli/latest/reference/#options). */
const AWS_VALUED = [
  '--profile',
  '--region',
  '--output',
  '--endpoint-url',
  '--query',
  '--color',
  '--ca-bundle',
  '--cli-read-timeout',
  '--cli-connect-timeout',
  '--cli-binary-format',
  '--page-size',
  '--max-items',
  '--starting-token',
  '--cli-input-json',
  '--cli-input-yaml',
];

/** Every value after a list option: `--instance-ids i-1 i-2 --force` → [i-1, i-2]. */
function listValues(args: readonly string[], option: string): string[] {
  const values: string[] = [];
  for (let i = 0; i < args.length; i++) {
    if (args[i].startsWith(`${option}=`))
      values.push(
        ...args[i]
          .slice(option.length + 1)
          .split(',')
          .filter(Boolean),
      );
    if (args[i] !== option) continue;
    for (let j = i + 1; j < args.length && !args[j].startsWith('--'); j++) values.push(args[j]);
  }
  return values;
}

const s3Url = (rest: readonly string[]) => rest.find((word) => word.startsWith('s3://'));
const bucketOf = (url: string) => url.slice(5).split('/')[0];
const keyOf = (url: string) => url.slice(5).split('/').slice(1).join('/');
/** `--exclude "*" --include "*.tmp"`: only part of the bucket goes. */
const filtered = (args: readonly string[]) => hasFlag(args, ['--include', '--exclude']);
const isBucketRoot = (url: string | undefined) => !!url && keyOf(url).replace(/^\*+$/, '') === '';

function named(kind: string, options: readonly string[]) {
  return { kind, options, fallback: `(${kind} in --cli-input-json)` };
}

/** `--instance-ids i-1 i-2`: the first names the finding, the sentence counts all. */
function several(kind: string, option: string) {
  return { kind, from: (args: readonly string[]) => listValues(args, option)[0] };
}

function countOf(args: readonly string[], option: string, singular: string, plural: string): string {
  const ids = listValues(args, option);
  return ids.length > 1 ? `${ids.length} ${plural} (${ids.join(', ')})` : `the ${singular} ${ids[0] ?? ''}`.trim();
}

function snapshotClause(args: readonly string[], skipFlag: string, finalOption: string): string {
  if (hasFlag(args, [skipFlag])) return `no final snapshot is taken (${skipFlag}), so its data is gone for good`;
  const final = optionValue(args, [finalOption]);
  return `a final snapshot${final ? ` ${final}` : ''} is taken first`;
}

const SPECS: SubcommandSpec[] = [
  // ---- S3 ----
  {
    path: ['s3', 'rm'],
    action: 's3 rm',
    when: (args, rest) => hasFlag(args, ['--recursive']) && isBucketRoot(s3Url(rest)) && !filtered(args),
    resource: { kind: 'bucket', from: (_a, rest) => bucketOf(s3Url(rest)!) },
    blastRadius: (name) => `deletes every object in the bucket ${name} (older versions survive only if versioning is on)`,
    risk: 'critical',
  },
  {
    path: ['s3', 'rm'],
    action: 's3 rm',
    when: (args, rest) => hasFlag(args, ['--recursive']) && !!s3Url(rest),
    resource: { kind: 's3 prefix', from: (_a, rest) => s3Url(rest) },
    blastRadius: (name, args) => `deletes every object under ${name}${filtered(args) ? ' that the --include/--exclude filters select' : ''}`,
    risk: 'high',
  },
  {
    path: ['s3', 'rm'],
    action: 's3 rm',
    when: (_args, rest) => !!s3Url(rest),
    resource: { kind: 'object', from: (_a, rest) => s3Url(rest) },
    blastRadius: (name) => `deletes the object ${name}; without bucket versioning it cannot be recovered`,
    risk: 'medium',
  },
  {
    path: ['s3', 'rb'],
    action: 's3 rb',
    resource: { kind: 'bucket', from: (_a, rest) => (s3Url(rest) ? bucketOf(s3Url(rest)!) : undefined) },
    blastRadius: (name, args) =>
      hasFlag(args, ['--force'])
        ? `deletes every object in the bucket ${name}, then the bucket itself (--force)`
        : `deletes the bucket ${name} (refused unless it is empty); anyone may then claim its name`,
    risk: 'medium',
    raise: { flags: ['--force'], risk: 'critical' },
  },
  {
    path: ['s3', 'sync'],
    action: 's3 sync --delete',
    rule: 'aws.s3-sync-delete',
    when: (args, rest) => hasFlag(args, ['--delete']) && (rest[1] ?? '').startsWith('s3://'),
    resource: { kind: 's3 prefix', positional: 1 },
    blastRadius: (name, args) => `deletes every object under ${name} that ${positionals(args, AWS_VALUED)[2] ?? 'the source'} does not have`,
    risk: 'high',
  },
  {
    path: ['s3api', 'delete-bucket'],
    action: 's3api delete-bucket',
    resource: named('bucket', ['--bucket']),
    blastRadius: (name) => `deletes the bucket ${name} (refused unless it is empty); anyone may then claim its name`,
    risk: 'medium',
  },
  {
    path: ['s3api', 'delete-object'],
    action: 's3api delete-object',
    resource: {
      kind: 'object',
      from: (args) => (optionValue(args, ['--bucket']) ? `s3://${optionValue(args, ['--bucket'])}/${optionValue(args, ['--key']) ?? ''}` : undefined),
    },
    blastRadius: (name, args) =>
      hasFlag(args, ['--version-id'])
        ? `permanently deletes that version of ${name}`
        : `deletes the object ${name}; without bucket versioning it cannot be recovered`,
    risk: 'medium',
  },
  {
    path: ['s3api', 'delete-objects'],
    action: 's3api delete-objects',
    resource: named('bucket', ['--bucket']),
    blastRadius: (name) => `deletes every object listed in --delete from the bucket ${name}`,
    risk: 'high',
  },
  // ---- EC2 ----
  {
    path: ['ec2', 'terminate-instances'],
    action: 'ec2 terminate-instances',
    resource: several('instance', '--instance-ids'),
    blastRadius: (_n, args) =>
      `terminates ${countOf(args, '--instance-ids', 'instance', 'instances')}: instance-store data and every EBS volume marked delete-on-termination (the root volume by default) are destroyed`,
    risk: 'high',
  },
  {
    path: ['ec2', 'delete-volume'],
    action: 'ec2 delete-volume',
    resource: named('volume', ['--volume-id']),
    blastRadius: (name) => `deletes the EBS volume ${name} and all the data on it`,
    risk: 'high',
  },
  {
    path: ['ec2', 'delete-snapshot'],
    action: 'ec2 delete-snapshot',
    resource: named('snapshot', ['--snapshot-id']),
    blastRadius: (name) => `deletes the EBS snapshot ${name}; the backup it holds is gone`,
    risk: 'high',
  },
  {
    path: ['ec2', 'deregister-image'],
    action: 'ec2 deregister-image',
    resource: named('image', ['--image-id']),
    blastRadius: (name) => `deregisters the AMI ${name}; nothing can launch from it any more`,
    risk: 'medium',
  },
  {
    path: ['ec2', 'release-address'],
    action: 'ec2 release-address',
    resource: named('elastic ip', ['--allocation-id', '--public-ip']),
    blastRadius: (name) => `releases the Elastic IP ${name}; the address is gone for good and DNS pointing at it breaks`,
    risk: 'medium',
  },
  {
    path: ['ec2', 'delete-vpc'],
    action: 'ec2 delete-vpc',
    resource: named('vpc', ['--vpc-id']),
    blastRadius: (name) => `deletes the VPC ${name} (refused while it still holds instances or gateways)`,
    risk: 'medium',
  },
  // ---- Databases ----
  {
    path: ['rds|docdb|neptune', 'delete-db-instance'],
    action: 'delete-db-instance',
    resource: named('database instance', ['--db-instance-identifier']),
    blastRadius: (name, args) =>
      `deletes the database instance ${name}; ${snapshotClause(args, '--skip-final-snapshot', '--final-db-snapshot-identifier')}; ${
        hasFlag(args, ['--no-delete-automated-backups'])
          ? 'its automated backups are kept for their retention period'
          : 'its automated backups are deleted with it'
      }`,
    risk: 'high',
    raise: { flags: ['--skip-final-snapshot'], risk: 'critical' },
  },
  {
    path: ['rds|docdb|neptune', 'delete-db-cluster'],
    action: 'delete-db-cluster',
    resource: named('database cluster', ['--db-cluster-identifier']),
    blastRadius: (name, args) =>
      `deletes the database cluster ${name} and all its data; ${snapshotClause(args, '--skip-final-snapshot', '--final-db-snapshot-identifier')}${
        hasFlag(args, ['--delete-automated-backups']) ? '; its automated backups are deleted too' : ''
      }`,
    risk: 'high',
    raise: { flags: ['--skip-final-snapshot'], risk: 'critical' },
  },
  {
    path: ['rds|docdb|neptune', 'delete-db-snapshot|delete-db-cluster-snapshot'],
    action: 'delete-db-snapshot',
    resource: named('database snapshot', ['--db-snapshot-identifier', '--db-cluster-snapshot-identifier']),
    blastRadius: (name) => `deletes the database snapshot ${name}; the backup it holds is gone`,
    risk: 'high',
  },
  {
    path: ['rds', 'delete-global-cluster'],
    action: 'rds delete-global-cluster',
    resource: named('global database cluster', ['--global-cluster-identifier']),
    blastRadius: (name) => `deletes the global database cluster ${name}`,
    risk: 'high',
  },
  {
    path: ['redshift', 'delete-cluster'],
    action: 'redshift delete-cluster',
    resource: named('redshift cluster', ['--cluster-identifier']),
    blastRadius: (name, args) =>
      `deletes the Redshift cluster ${name} and its data; ${snapshotClause(args, '--skip-final-cluster-snapshot', '--final-cluster-snapshot-identifier')}`,
    risk: 'high',
    raise: { flags: ['--skip-final-cluster-snapshot'], risk: 'critical' },
  },
  {
    path: ['dynamodb', 'delete-table'],
    action: 'dynamodb delete-table',
    resource: named('table', ['--table-name']),
    blastRadius: (name) => `deletes the DynamoDB table ${name} and every item in it, with its streams and indexes`,
    risk: 'critical',
  },
  {
    path: ['dynamodb', 'delete-backup'],
    action: 'dynamodb delete-backup',
    resource: named('backup', ['--backup-arn']),
    blastRadius: (name) => `deletes the DynamoDB backup ${name}`,
    risk: 'high',
  },
  {
    path: ['elasticache', 'delete-cache-cluster|delete-replication-group|delete-serverless-cache|delete-global-replication-group'],
    action: 'elasticache delete',
    resource: named('cache cluster', ['--cache-cluster-id', '--replication-group-id', '--serverless-cache-name', '--global-replication-group-id']),
    blastRadius: (name, args) =>
      `deletes the ElastiCache cluster ${name} and everything cached in it${optionValue(args, ['--final-snapshot-identifier', '--final-snapshot-name']) ? '; a final snapshot is taken first' : ', with no final snapshot'}`,
    risk: 'high',
  },
  {
    path: ['elasticache', 'delete-snapshot|delete-serverless-cache-snapshot'],
    action: 'elasticache delete-snapshot',
    resource: named('cache snapshot', ['--snapshot-name', '--serverless-cache-snapshot-name']),
    blastRadius: (name) => `deletes the ElastiCache snapshot ${name}`,
    risk: 'high',
  },
  {
    path: ['opensearch|es', 'delete-domain|delete-elasticsearch-domain'],
    action: 'opensearch delete-domain',
    resource: named('search domain', ['--domain-name']),
    blastRadius: (name) => `deletes the search domain ${name} and every index and document in it`,
    risk: 'critical',
  },
  {
    path: ['efs', 'delete-file-system'],
    action: 'efs delete-file-system',
    resource: named('file system', ['--file-system-id']),
    blastRadius: (name) => `deletes the EFS file system ${name} and every file on it`,
    risk: 'critical',
  },
  {
    path: ['backup', 'delete-recovery-point'],
    action: 'backup delete-recovery-point',
    resource: named('recovery point', ['--recovery-point-arn']),
    blastRadius: (name, args) =>
      `deletes the backup ${name}${optionValue(args, ['--backup-vault-name']) ? ` from the vault ${optionValue(args, ['--backup-vault-name'])}` : ''}; what it protected can no longer be restored from it`,
    risk: 'high',
  },
  {
    path: ['backup', 'delete-backup-vault|delete-backup-plan'],
    action: 'backup delete',
    resource: named('backup vault or plan', ['--backup-vault-name', '--backup-plan-id']),
    blastRadius: (name) => `deletes ${name}; backups stop being taken or kept there`,
    risk: 'medium',
  },
  // ---- Compute, containers, functions ----
  {
    path: ['lambda', 'delete-function'],
    action: 'lambda delete-function',
    resource: named('function', ['--function-name']),
    blastRadius: (name, args) =>
      hasFlag(args, ['--qualifier'])
        ? `deletes version ${optionValue(args, ['--qualifier'])} of the function ${name}`
        : `deletes the Lambda function ${name} with every version, alias and trigger of it`,
    risk: 'high',
  },
  {
    path: ['eks', 'delete-cluster'],
    action: 'eks delete-cluster',
    resource: named('cluster', ['--name']),
    blastRadius: (name) => `deletes the EKS cluster ${name}: its control plane and every workload running on it stop for good`,
    risk: 'critical',
  },
  {
    path: ['eks', 'delete-nodegroup'],
    action: 'eks delete-nodegroup',
    resource: named('node group', ['--nodegroup-name']),
    blastRadius: (name) => `deletes the node group ${name} and terminates its nodes; pods on them are evicted`,
    risk: 'high',
  },
  {
    path: ['ecs', 'delete-service'],
    action: 'ecs delete-service',
    resource: named('service', ['--service']),
    blastRadius: (name) => `deletes the ECS service ${name}; its tasks stop and what it serves goes down`,
    risk: 'high',
  },
  {
    path: ['ecr', 'delete-repository'],
    action: 'ecr delete-repository',
    resource: named('repository', ['--repository-name']),
    blastRadius: (name, args) =>
      hasFlag(args, ['--force'])
        ? `deletes the image repository ${name} and every image in it (--force)`
        : `deletes the image repository ${name} (refused while it holds images)`,
    risk: 'medium',
    raise: { flags: ['--force'], risk: 'high' },
  },
  {
    path: ['ecr', 'batch-delete-image'],
    action: 'ecr batch-delete-image',
    resource: named('repository', ['--repository-name']),
    blastRadius: (name) => `deletes the listed images from the repository ${name}; deployments that pull them fail`,
    risk: 'medium',
  },
  {
    path: ['ecs', 'update-service'],
    action: 'ecs scale to zero',
    rule: 'aws.ecs-scale-to-zero',
    when: (args) => Number(optionValue(args, ['--desired-count']) ?? NaN) === 0,
    resource: named('service', ['--service']),
    blastRadius: (name) => `sets the desired count of the ECS service ${name} to zero: every task stops and it serves nothing until scaled up again`,
    risk: 'medium',
    reversible: true,
  },
  {
    path: ['autoscaling', 'update-auto-scaling-group'],
    action: 'autoscaling scale to zero',
    rule: 'aws.autoscaling-scale-to-zero',
    when: (args) => [optionValue(args, ['--desired-capacity']), optionValue(args, ['--max-size'])].some((v) => v !== undefined && Number(v) === 0),
    resource: named('auto scaling group', ['--auto-scaling-group-name']),
    blastRadius: (name) =>
      `scales the group ${name} to zero: every instance in it is terminated with its instance-store data and root volumes, and nothing runs until it is scaled up again`,
    risk: 'medium',
    reversible: true,
  },
  {
    path: ['ec2', 'cancel-spot-fleet-requests'],
    action: 'ec2 cancel-spot-fleet-requests',
    when: (args) => hasFlag(args, ['--terminate-instances']),
    resource: several('spot fleet request', '--spot-fleet-request-ids'),
    blastRadius: (name) => `cancels the spot fleet request ${name} and terminates every instance it launched (--terminate-instances)`,
    risk: 'high',
  },
  {
    // A retention period of 0 turns automated backups off and deletes the existing ones (RDS User Guide, "Disabling automated backups").
    path: ['rds|docdb|neptune', 'modify-db-instance|modify-db-cluster'],
    action: 'disable automated backups',
    rule: 'aws.rds-disable-backups',
    when: (args) => Number(optionValue(args, ['--backup-retention-period']) ?? NaN) === 0,
    resource: named('database', ['--db-instance-identifier', '--db-cluster-identifier']),
    blastRadius: (name) => `turns off automated backups of ${name} and deletes every automated backup it has: point-in-time restore is gone`,
    risk: 'high',
  },
  // ---- Stacks, identity, secrets, keys ----
  {
    path: ['cloudformation', 'delete-stack'],
    action: 'cloudformation delete-stack',
    resource: named('stack', ['--stack-name']),
    blastRadius: (name) => `deletes the CloudFormation stack ${name} and every resource it created, except those with DeletionPolicy Retain`,
    risk: 'critical',
  },
  {
    path: ['iam', 'delete-user'],
    action: 'iam delete-user',
    resource: named('iam user', ['--user-name']),
    blastRadius: (name) => `deletes the IAM user ${name}; whoever signs in or runs programs as it loses access`,
    risk: 'high',
  },
  {
    path: ['iam', 'delete-role'],
    action: 'iam delete-role',
    resource: named('iam role', ['--role-name']),
    blastRadius: (name) => `deletes the IAM role ${name}; services, functions and people that assume it lose access`,
    risk: 'high',
  },
  {
    path: ['iam', 'delete-policy'],
    action: 'iam delete-policy',
    resource: named('iam policy', ['--policy-arn']),
    blastRadius: (name) => `deletes the IAM policy ${name} and all its versions`,
    risk: 'medium',
  },
  {
    path: ['iam', 'delete-access-key'],
    action: 'iam delete-access-key',
    resource: named('access key', ['--access-key-id']),
    blastRadius: (name) => `deletes the access key ${name}; programs using it stop authenticating`,
    risk: 'medium',
  },
  {
    path: ['iam', 'delete-open-id-connect-provider|delete-saml-provider'],
    action: 'iam delete-identity-provider',
    resource: named('identity provider', ['--open-id-connect-provider-arn', '--saml-provider-arn']),
    blastRadius: (name) => `deletes the identity provider ${name}; single sign-on and CI roles that trust it stop working`,
    risk: 'high',
  },
  {
    path: ['secretsmanager', 'delete-secret'],
    action: 'secretsmanager delete-secret',
    when: (args) => hasFlag(args, ['--force-delete-without-recovery']),
    resource: named('secret', ['--secret-id']),
    blastRadius: (name) => `deletes the secret ${name} at once with no recovery window (--force-delete-without-recovery): its value is gone for good`,
    risk: 'critical',
  },
  {
    path: ['secretsmanager', 'delete-secret'],
    action: 'secretsmanager delete-secret',
    resource: named('secret', ['--secret-id']),
    blastRadius: (name, args) =>
      `schedules the secret ${name} for deletion after ${optionValue(args, ['--recovery-window-in-days']) ?? '30'} days; programs reading it fail now, and restore-secret can undo it until then`,
    risk: 'medium',
    reversible: true,
  },
  {
    path: ['kms', 'schedule-key-deletion'],
    action: 'kms schedule-key-deletion',
    resource: named('kms key', ['--key-id']),
    blastRadius: (name, args) =>
      `schedules the KMS key ${name} for deletion in ${optionValue(args, ['--pending-window-in-days']) ?? '30'} days; once deleted, everything encrypted under it can never be decrypted (cancel-key-deletion undoes it until then)`,
    risk: 'high',
    reversible: true,
  },
  {
    path: ['ssm', 'delete-parameter|delete-parameters'],
    action: 'ssm delete-parameter',
    resource: { kind: 'parameter', options: ['--name'], from: (args) => listValues(args, '--names')[0] },
    blastRadius: (name) => `deletes the parameter ${name} and its history; programs reading it fail`,
    risk: 'medium',
  },
  {
    path: ['cognito-idp', 'delete-user-pool'],
    action: 'cognito-idp delete-user-pool',
    resource: named('user pool', ['--user-pool-id']),
    blastRadius: (name) => `deletes the user pool ${name} and every user account in it`,
    risk: 'critical',
  },
  {
    path: ['organizations', 'close-account'],
    action: 'organizations close-account',
    resource: named('aws account', ['--account-id']),
    blastRadius: (name) => `closes the AWS account ${name}: every resource in it stops, and after 90 days it and all its data are deleted`,
    risk: 'critical',
  },
  // ---- Networking, messaging, logs ----
  {
    path: ['route53', 'delete-hosted-zone'],
    action: 'route53 delete-hosted-zone',
    resource: named('hosted zone', ['--id']),
    blastRadius: (name) => `deletes the hosted zone ${name}; the domain's DNS stops answering`,
    risk: 'high',
  },
  {
    path: ['sqs', 'delete-queue|purge-queue'],
    action: 'sqs delete-queue',
    resource: named('queue', ['--queue-url']),
    blastRadius: (name, args) =>
      positionals(args, AWS_VALUED)[1] === 'purge-queue'
        ? `deletes every message waiting in the queue ${name}`
        : `deletes the queue ${name} and every message in it`,
    risk: 'high',
  },
  {
    path: ['kinesis', 'delete-stream'],
    action: 'kinesis delete-stream',
    resource: named('stream', ['--stream-name', '--stream-arn']),
    blastRadius: (name) => `deletes the stream ${name} and every record not yet read`,
    risk: 'high',
  },
  {
    path: ['logs', 'delete-log-group'],
    action: 'logs delete-log-group',
    resource: named('log group', ['--log-group-name']),
    blastRadius: (name) => `deletes the log group ${name} and every log event in it`,
    risk: 'high',
  },
];

/** Operations named delete-* that destroy nothing anyone keeps: consuming a message, dropping tags. */
const HARMLESS_DELETES = /^(delete-message|delete-message-batch|delete-tags|delete-change-set|delete-.*-tagging|delete-.*-tags?)$/;

/** Any other `delete-*`/`terminate-*`: AWS has hundreds; each destroys something nobody can restore. */
function otherDeletion(inv: Invocation, ctx: RuleContext, args: readonly string[], words: readonly string[], hints: EnvironmentHint[]): Detection[] {
  const [service, operation] = words;
  if (!service || !operation || !/^(delete|terminate|purge)-/.test(operation) || HARMLESS_DELETES.test(operation)) return [];
  const kind = operation
    .replace(/^(delete|terminate|purge)-/, '')
    .replace(/-/g, ' ')
    .replace(/s$/, '');
  let name: string | undefined;
  for (let i = 0; i < args.length && !name; i++) {
    if (/^--([\w-]+-)?(name|names|id|ids|arn|arns|identifier|url)$/.test(args[i]) && args[i + 1] && !args[i + 1].startsWith('--')) name = args[i + 1];
    else if (/^--([\w-]+-)?(name|id|arn|identifier|url)=/.test(args[i])) name = args[i].slice(args[i].indexOf('=') + 1);
  }
  return [
    unlistedDeletion(inv, ctx, {
      family: 'aws',
      command: `${service} ${operation}`,
      kind,
      name,
      hints,
      where: inv.program === 'awslocal' ? 'local' : 'remote',
      consequence: '; AWS keeps no copy to restore it from',
    }),
  ];
}

/** A JSON parameter given inline or as `file://…`/`fileb://…` (AWS CLI "Loading parameters from a file"). */
function jsonParameter(args: readonly string[], option: string, inv: Invocation, ctx: RuleContext): string | undefined {
  const value = optionValue(args, [option]);
  if (value === undefined) return undefined;
  const file = /^fileb?:\/\/(.+)$/.exec(value)?.[1];
  return file ? ctx.readText(resolvePath(inv.cwd, file, ctx.home)) : value;
}

/** Requests whose payload deletes: Route 53 DELETE changes, DynamoDB batch DeleteRequests. */
function payloadDeletions(
  inv: Invocation,
  ctx: RuleContext,
  args: readonly string[],
  words: readonly string[],
  hints: EnvironmentHint[],
): Detection[] {
  const [service, operation] = words;
  const build = (action: string, kind: string, name: string, blastRadius: string, risk: 'medium' | 'high') => [
    detection({
      rule: `aws.${action.replace(/\s+/g, '-')}`,
      tool: inv.program,
      action,
      resource: { kind, name },
      environment: ctx.environment(inv, hints, inv.program === 'awslocal' ? 'local' : 'remote'),
      blastRadius,
      risk,
    }),
  ];
  if (service === 'route53' && operation === 'change-resource-record-sets') {
    const batch = jsonParameter(args, '--change-batch', inv, ctx);
    if (!batch || !/"Action"\s*:\s*"DELETE"/i.test(batch)) return [];
    const record =
      /"Action"\s*:\s*"DELETE"[\s\S]*?"Name"\s*:\s*"([^"]+)"/i.exec(batch)?.[1] ?? optionValue(args, ['--hosted-zone-id']) ?? '(record set)';
    return build(
      'route53 delete record',
      'dns record',
      record,
      `deletes the DNS record ${record}${optionValue(args, ['--hosted-zone-id']) ? ` from the hosted zone ${optionValue(args, ['--hosted-zone-id'])}` : ''}; names pointing through it stop resolving`,
      'high',
    );
  }
  if (service === 'dynamodb' && operation === 'batch-write-item') {
    const items = jsonParameter(args, '--request-items', inv, ctx);
    if (!items || !/"DeleteRequest"/.test(items)) return [];
    const table = /"([^"]+)"\s*:\s*\[/.exec(items)?.[1] ?? '(table)';
    return build('dynamodb batch delete', 'table', table, `deletes every item listed in the DeleteRequests from the DynamoDB table ${table}`, 'high');
  }
  return [];
}

function awsHints(args: readonly string[], inv: Invocation): EnvironmentHint[] {
  // --region names a place, not an environment: it is never evidence.
  const hints = hintsFromOptions(args, { '--profile': ['--profile'], '--endpoint-url': ['--endpoint-url'] });
  if (!optionValue(args, ['--profile'])) hints.push(...hintsFromVariables(inv, ['AWS_PROFILE', 'AWS_DEFAULT_PROFILE']));
  if (!optionValue(args, ['--endpoint-url'])) hints.push(...hintsFromVariables(inv, ['AWS_ENDPOINT_URL']));
  return hints;
}

/** `aws s3 rm help`, `--generate-cli-skeleton`: prints documentation or a template, calls nothing. */
function onlyDocumentation(args: readonly string[]): boolean {
  return args.includes('--generate-cli-skeleton') || args.some((arg, i) => arg === 'help' && !(args[i - 1] ?? '').startsWith('--'));
}

const table = tableRule({
  family: 'aws',
  programs: ['aws', 'awslocal'],
  valued: AWS_VALUED,
  environmentHints: awsHints,
  kind: (_args, inv) => (inv.program === 'awslocal' ? 'local' : 'remote'),
  specs: SPECS,
});

// ---- eksctl (eksctl.io/usage): delete cluster, node groups, Fargate profiles, add-ons, IAM service accounts ----

const EKSCTL_VALUED = ['-n', '--name', '-r', '--region', '-p', '--profile', '-f', '--config-file', '--cluster', '--timeout', '--namespace'];

/** `metadata.name` of the ClusterConfig given with `-f`. */
function clusterInConfig(args: readonly string[], inv: Invocation, ctx: RuleContext): string | undefined {
  const file = optionValue(args, ['-f', '--config-file']);
  const text = file ? ctx.readText(resolvePath(inv.cwd, file, ctx.home)) : undefined;
  return text ? /^metadata:\s*\n(?:[ \t]+.*\n)*?[ \t]+name:\s*["']?([\w.-]+)/m.exec(text)?.[1] : undefined;
}

function eksctlHints(args: readonly string[], inv: Invocation, ctx: RuleContext): EnvironmentHint[] {
  const hints = hintsFromOptions(args, { '--cluster': ['--cluster'], '--profile': ['-p', '--profile'], '--config-file': ['-f', '--config-file'] });
  const words = positionals(args, EKSCTL_VALUED);
  if (words[1] === 'cluster') {
    const name = optionValue(args, ['-n', '--name']) ?? words[2] ?? clusterInConfig(args, inv, ctx);
    if (name) hints.push({ source: 'cluster', value: name });
  }
  if (!optionValue(args, ['-p', '--profile'])) hints.push(...hintsFromVariables(inv, ['AWS_PROFILE', 'AWS_DEFAULT_PROFILE']));
  return hints;
}

const inCluster = (args: readonly string[]) => (optionValue(args, ['--cluster']) ? ` of the cluster ${optionValue(args, ['--cluster'])}` : '');

const eksctl = tableRule({
  family: 'aws',
  programs: ['eksctl'],
  valued: EKSCTL_VALUED,
  environmentHints: eksctlHints,
  specs: [
    {
      path: ['delete', 'cluster|clusters'],
      action: 'eksctl delete cluster',
      resource: {
        kind: 'cluster',
        options: ['-n', '--name'],
        from: (args, rest, inv, ctx) => rest[0] ?? clusterInConfig(args, inv, ctx),
        fallback: '(cluster in the config file)',
      },
      blastRadius: (name) =>
        `deletes the EKS cluster ${name} with its node groups and the CloudFormation stacks eksctl made: every workload on it stops for good, and volumes with the Delete reclaim policy go with it`,
      risk: 'critical',
    },
    {
      path: ['delete', 'nodegroup|nodegroups|ng'],
      action: 'eksctl delete nodegroup',
      resource: { kind: 'node group', options: ['-n', '--name'], positional: 0, fallback: '(node groups in the config file)' },
      blastRadius: (name, args) => `deletes the node group ${name}${inCluster(args)} and terminates its nodes; pods on them are evicted`,
      risk: 'high',
    },
    {
      path: ['delete', 'fargateprofile'],
      action: 'eksctl delete fargateprofile',
      resource: { kind: 'fargate profile', options: ['-n', '--name'], positional: 0 },
      blastRadius: (name, args) => `deletes the Fargate profile ${name}${inCluster(args)}; pods it scheduled are stopped`,
      risk: 'medium',
    },
    {
      path: ['delete', 'addon'],
      action: 'eksctl delete addon',
      resource: { kind: 'addon', options: ['-n', '--name'], positional: 0 },
      blastRadius: (name, args) => `removes the EKS add-on ${name}${inCluster(args)}; what depends on it (networking, DNS, storage drivers) breaks`,
      risk: 'medium',
    },
    {
      path: ['delete', 'iamserviceaccount'],
      action: 'eksctl delete iamserviceaccount',
      resource: { kind: 'service account', options: ['-n', '--name'], positional: 0 },
      blastRadius: (name, args) =>
        `deletes the IAM role and Kubernetes service account ${name}${inCluster(args)}; pods using it lose their AWS access`,
      risk: 'medium',
    },
  ],
});

// ---- S3-compatible clients: s3cmd (s3tools.org/usage) and the MinIO client mc (min.io/docs/minio/linux/reference/minio-mc.html) ----

/** `s3://bucket/key` for s3cmd, `alias/bucket/key` for mc. */
function objectTarget(url: string, mc: boolean): { alias?: string; bucket: string; root: boolean } {
  const segments = url.replace(/^s3:\/\//, '').split('/');
  const alias = mc ? segments.shift() : undefined;
  const [bucket = '', ...rest] = segments;
  return { alias, bucket, root: rest.join('/').replace(/^\*+$/, '') === '' };
}

function s3Clients(inv: Invocation, ctx: RuleContext): Detection[] {
  const args = inv.argv.slice(1);
  if (hasFlag(args, ['-h', '--help', '-n', '--dry-run'])) return [];
  const words = args.filter((a) => !a.startsWith('-'));
  const mc = inv.program === 'mc';
  const command = words[0];
  const targets = words.slice(1);
  const recursive = hasFlag(args, ['-r', '--recursive']);
  const force = hasFlag(args, ['-f', '--force']);
  let found: { action: string; kind: string; name: string; blastRadius: string; risk: 'medium' | 'high' | 'critical' } | undefined;
  if ((command === 'rm' || command === 'del') && targets[0] && (mc || targets[0].startsWith('s3://'))) {
    const { bucket, root } = objectTarget(targets[0], mc);
    found =
      recursive && root
        ? { action: 'rm', kind: 'bucket', name: bucket, blastRadius: `deletes every object in the bucket ${bucket}`, risk: 'critical' }
        : recursive
          ? { action: 'rm', kind: 'prefix', name: targets[0], blastRadius: `deletes every object under ${targets[0]}`, risk: 'high' }
          : { action: 'rm', kind: 'object', name: targets[0], blastRadius: `deletes the object ${targets[0]}`, risk: 'medium' };
  } else if (command === 'rb' && targets[0] && (mc || targets[0].startsWith('s3://'))) {
    const { bucket } = objectTarget(targets[0], mc);
    const emptiesFirst = mc ? force : recursive || force;
    found = {
      action: 'rb',
      kind: 'bucket',
      name: bucket,
      blastRadius: emptiesFirst
        ? `deletes every object in the bucket ${bucket}, then the bucket itself`
        : `deletes the bucket ${bucket} (refused unless it is empty)`,
      risk: emptiesFirst ? 'critical' : 'medium',
    };
  } else if (
    (!mc && command === 'sync' && args.some((a) => a === '--delete-removed' || a === '--delete-after')) ||
    (mc && command === 'mirror' && args.includes('--remove'))
  ) {
    const destination = targets[targets.length - 1];
    if (destination && targets.length >= 2 && (mc || destination.startsWith('s3://'))) {
      found = {
        action: mc ? 'mirror --remove' : 'sync --delete-removed',
        kind: 'prefix',
        name: destination,
        blastRadius: `deletes every object in ${destination} that ${targets[0]} does not have`,
        risk: 'high',
      };
    }
  }
  if (!found) return [];
  // mc names a configured alias first (`prod/bucket`); both name the bucket.
  const where = objectTarget(command === 'sync' || command === 'mirror' ? targets[targets.length - 1] : targets[0], mc);
  const hints: EnvironmentHint[] = [{ source: 'bucket', value: where.bucket }];
  if (where.alias) hints.push({ source: 'mc alias', value: where.alias });
  return [
    detection({
      rule: `aws.${inv.program}-${found.action.replace(/[^a-z]+/g, '-').replace(/-$/, '')}`,
      tool: inv.program,
      action: found.action,
      resource: { kind: found.kind, name: found.name },
      environment: ctx.environment(inv, hints, 'remote'),
      blastRadius: found.blastRadius,
      risk: found.risk,
    }),
  ];
}

export const rules: readonly CommandRule[] = [
  eksctl,
  { family: 'aws', programs: ['s3cmd', 'mc'], detect: s3Clients },
  {
    family: 'aws',
    programs: table.programs,
    detect(inv, ctx) {
      const args = inv.argv.slice(1);
      if (onlyDocumentation(args)) return [];
      const found = table.detect(inv, ctx);
      if (found.length > 0 || hasFlag(args, ['--dry-run', '--dryrun'])) return found;
      const words = positionals(args, AWS_VALUED);
      const payload = payloadDeletions(inv, ctx, args, words, awsHints(args, inv));
      return payload.length > 0 ? payload : otherDeletion(inv, ctx, args, words, awsHints(args, inv));
    },
  },
];
