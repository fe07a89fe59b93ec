// Azure CLI: a table of the destructive `az <group…> delete|purge` commands with what each destroys, complete-
// mode deployments (they delete what the template omits), and a fallback for every other `az … delete`; AzCopy's
// remove and sync --delete-destination; `az rest` requests that delete.
// Allowed: list/show/create/update, `--help`/`-h`, `--what-if` and `az config`/`az extension` housekeeping.
import type { EnvironmentHint } from '../environment';
import type { Invocation } from '../invocation';
import { resolvePath } from '../shellReader';
import { isInformational, optionValue, positionals } from './args';
import { parseUrl, requestFindings } from './http';
import { detection, type CommandRule, type Detection, type RuleContext } from './rule';
import { hintsFromOptions, tableRule, unlistedDeletion, type SubcommandSpec } from './subcommands';

/** Options that take a separate value; az options mostly follow the command words, but globals may lead. */
const AZ_VALUED = ['--subscription', '-o', '--output', '--query', '-g', '--resource-group', '-n', '--name'];

/** `--ids /subscriptions/…/resourceGroups/rg-prod/providers/…/NAME`: the resource group and the name. */
function fromIds(args: readonly string[]): { group?: string; name?: string } {
  const id = optionValue(args, ['--ids']);
  if (!id) return {};
  return { group: /\/resourceGroups\/([^/]+)/i.exec(id)?.[1], name: id.split('/').filter(Boolean).pop() };
}

function named(kind: string, options: readonly string[] = ['-n', '--name']) {
  return { kind, options, from: (args: readonly string[]) => fromIds(args).name };
}

function inGroup(args: readonly string[]): string {
  const group = optionValue(args, ['-g', '--resource-group']) ?? fromIds(args).group;
  return group ? ` in the resource group ${group}` : '';
}

function vault(args: readonly string[], preposition: string): string {
  const name = optionValue(args, ['--vault-name']);
  return name ? ` ${preposition} the vault ${name}` : '';
}

const SPECS: SubcommandSpec[] = [
  {
    path: ['group', 'delete'],
    action: 'group delete',
    resource: named('resource group', ['-n', '--name', '-g', '--resource-group']),
    blastRadius: (name) => `deletes the resource group ${name} and every resource in it: VMs, databases, storage accounts and their data`,
    risk: 'critical',
  },
  {
    path: ['deployment', 'group', 'create'],
    action: 'complete-mode deployment',
    rule: 'azure.complete-mode-deployment',
    when: (args) => /^complete$/i.test(optionValue(args, ['--mode']) ?? ''),
    resource: { kind: 'resource group', options: ['-g', '--resource-group'] },
    blastRadius: (name) => `deploys in Complete mode: deletes every resource in the resource group ${name} that the template does not define`,
    risk: 'high',
  },
  {
    path: ['vm', 'delete'],
    action: 'vm delete',
    resource: named('virtual machine'),
    blastRadius: (name, args) =>
      `deletes the virtual machine ${name}${inGroup(args)}; its OS and data disks go too if they were created to delete with it`,
    risk: 'high',
  },
  {
    path: ['vmss', 'delete'],
    action: 'vmss delete',
    resource: named('scale set'),
    blastRadius: (name) => `deletes the scale set ${name} and every VM in it`,
    risk: 'high',
  },
  {
    path: ['vmss', 'delete-instances'],
    action: 'vmss delete-instances',
    resource: named('scale set'),
    blastRadius: (name, args) =>
      `deletes ${optionValue(args, ['--instance-ids']) === '*' ? 'every VM' : 'the listed VMs'} of the scale set ${name} with their disks`,
    risk: 'high',
  },
  {
    path: ['disk', 'delete'],
    action: 'disk delete',
    resource: named('disk'),
    blastRadius: (name) => `deletes the managed disk ${name} and all the data on it`,
    risk: 'high',
  },
  {
    path: ['snapshot', 'delete'],
    action: 'snapshot delete',
    resource: named('snapshot'),
    blastRadius: (name) => `deletes the disk snapshot ${name}; the backup it holds is gone`,
    risk: 'high',
  },
  {
    path: ['sql', 'db', 'delete'],
    action: 'sql db delete',
    resource: named('database'),
    blastRadius: (name, args) =>
      `deletes the database ${name}${optionValue(args, ['-s', '--server']) ? ` on the server ${optionValue(args, ['-s', '--server'])}` : ''}; it can be restored from backup only while the server exists and the retention period lasts`,
    risk: 'high',
  },
  {
    path: ['sql', 'server', 'delete'],
    action: 'sql server delete',
    resource: named('sql server'),
    blastRadius: (name) => `deletes the SQL server ${name}, every database on it and their backups`,
    risk: 'critical',
  },
  {
    path: ['postgres|mysql|mariadb', 'flexible-server|server', 'delete'],
    action: 'database server delete',
    resource: named('database server'),
    blastRadius: (name) => `deletes the database server ${name}, every database on it and its backups`,
    risk: 'critical',
  },
  {
    path: ['postgres|mysql', 'flexible-server', 'db', 'delete'],
    action: 'database delete',
    resource: named('database', ['-d', '--database-name']),
    blastRadius: (name) => `deletes the database ${name} and all its data`,
    risk: 'high',
  },
  {
    path: ['storage', 'account', 'delete'],
    action: 'storage account delete',
    resource: named('storage account'),
    blastRadius: (name) => `deletes the storage account ${name} with every container, blob, file share, queue and table in it`,
    risk: 'critical',
  },
  {
    path: ['storage', 'container', 'delete'],
    action: 'storage container delete',
    resource: named('container'),
    blastRadius: (name) => `deletes the blob container ${name} and every blob in it`,
    risk: 'high',
  },
  {
    path: ['storage', 'blob', 'delete-batch'],
    action: 'storage blob delete-batch',
    resource: { kind: 'container', options: ['-s', '--source'] },
    blastRadius: (name, args) =>
      `deletes every blob in the container ${name}${optionValue(args, ['--pattern']) ? ` matching ${optionValue(args, ['--pattern'])}` : ''}`,
    risk: 'high',
  },
  {
    // `az storage remove` (azcopy underneath) deletes blobs or files; --recursive takes a whole container or folder.
    path: ['storage', 'remove'],
    action: 'storage remove',
    resource: { kind: 'container', options: ['-c', '--container-name', '-s', '--share-name'], fallback: '(container not named)' },
    blastRadius: (name, args) =>
      `deletes ${args.includes('--recursive') ? 'every blob or file' : 'the blob or file'}${optionValue(args, ['-n', '--name']) ? ` under ${optionValue(args, ['-n', '--name'])}` : ''} in ${name}`,
    risk: 'high',
  },
  {
    path: ['storage', 'blob', 'sync'],
    action: 'storage blob sync delete',
    rule: 'azure.storage-blob-sync-delete',
    when: (args) => /^true$/i.test(optionValue(args, ['--delete-destination']) ?? ''),
    resource: { kind: 'container', options: ['-c', '--container'] },
    blastRadius: (name, args) =>
      `deletes every blob in the container ${name} that ${optionValue(args, ['-s', '--source']) ?? 'the source'} does not have (--delete-destination true)`,
    risk: 'high',
  },
  {
    path: ['storage', 'blob', 'delete'],
    action: 'storage blob delete',
    resource: named('blob'),
    blastRadius: (name, args) =>
      `deletes the blob ${name}${optionValue(args, ['-c', '--container-name']) ? ` from the container ${optionValue(args, ['-c', '--container-name'])}` : ''}; without soft delete it cannot be recovered`,
    risk: 'medium',
  },
  {
    path: ['storage', 'share|share-rm|fs', 'delete'],
    action: 'storage share delete',
    resource: named('file share', ['-n', '--name', '-f', '--file-system']),
    blastRadius: (name) => `deletes the file share ${name} and every file in it`,
    risk: 'high',
  },
  {
    path: ['cosmosdb', 'delete'],
    action: 'cosmosdb delete',
    resource: named('cosmos db account'),
    blastRadius: (name) => `deletes the Cosmos DB account ${name} with every database, container and document in it`,
    risk: 'critical',
  },
  {
    path: ['cosmosdb', 'sql|mongodb|gremlin|cassandra|table', 'database|keyspace|container|collection|graph|table', 'delete'],
    action: 'cosmosdb data delete',
    resource: named('cosmos db database'),
    blastRadius: (name, args) =>
      `deletes ${name}${optionValue(args, ['-a', '--account-name']) ? ` from the Cosmos DB account ${optionValue(args, ['-a', '--account-name'])}` : ''} with every document in it`,
    risk: 'critical',
  },
  {
    path: ['keyvault', 'purge'],
    action: 'keyvault purge',
    resource: named('key vault'),
    blastRadius: (name) =>
      `permanently erases the deleted key vault ${name} with every key, secret and certificate in it; data encrypted with its keys can never be decrypted`,
    risk: 'critical',
  },
  {
    path: ['keyvault', 'delete'],
    action: 'keyvault delete',
    resource: named('key vault'),
    blastRadius: (name) =>
      `deletes the key vault ${name} with its keys, secrets and certificates; apps using it fail now, and it can be recovered during the soft-delete retention period (90 days by default) unless purged`,
    risk: 'high',
    reversible: true,
  },
  // Keys, secrets and certificates are soft-deleted first; purge erases them for good.
  ...(['secret', 'key', 'certificate'] as const).flatMap((item): SubcommandSpec[] => [
    {
      path: ['keyvault', item, 'purge'],
      action: `keyvault ${item} purge`,
      resource: named(item),
      blastRadius: (name, args) =>
        `permanently erases the deleted ${item} ${name}${vault(args, 'of')}${item === 'key' ? '; data encrypted with it can never be decrypted' : ''}`,
      risk: 'high',
    },
    {
      path: ['keyvault', item, 'delete'],
      action: `keyvault ${item} delete`,
      resource: named(item),
      blastRadius: (name, args) =>
        `deletes the ${item} ${name}${vault(args, 'from')}; apps using it fail, and it can be recovered until the soft-delete period ends`,
      risk: 'medium',
      reversible: true,
    },
  ]),
  {
    path: ['aks', 'delete'],
    action: 'aks delete',
    resource: named('aks cluster'),
    blastRadius: (name) => `deletes the AKS cluster ${name}, its nodes and every workload on it, with the disks its volume claims created`,
    risk: 'critical',
  },
  {
    path: ['aks', 'nodepool', 'delete'],
    action: 'aks nodepool delete',
    resource: named('node pool'),
    blastRadius: (name) => `deletes the node pool ${name} and its nodes; pods on them are evicted`,
    risk: 'high',
  },
  {
    path: ['webapp', 'delete'],
    action: 'webapp delete',
    resource: named('web app'),
    blastRadius: (name, args) =>
      `deletes the web app ${name} with its slots, settings and content${args.includes('--keep-empty-plan') ? '' : ', and its App Service plan if nothing else uses it'}`,
    risk: 'high',
  },
  {
    path: ['functionapp', 'delete'],
    action: 'functionapp delete',
    resource: named('function app'),
    blastRadius: (name) => `deletes the function app ${name} with its functions, slots and settings`,
    risk: 'high',
  },
  {
    path: ['redis', 'delete'],
    action: 'redis delete',
    resource: named('redis cache'),
    blastRadius: (name) => `deletes the Azure Cache for Redis ${name} and everything stored in it`,
    risk: 'high',
  },
  {
    path: ['acr', 'delete'],
    action: 'acr delete',
    resource: named('container registry'),
    blastRadius: (name) => `deletes the container registry ${name} and every image in it`,
    risk: 'high',
  },
  {
    path: ['monitor', 'log-analytics', 'workspace', 'delete'],
    action: 'log-analytics workspace delete',
    resource: named('log analytics workspace', ['-n', '--name', '--workspace-name']),
    blastRadius: (name, args) =>
      `deletes the Log Analytics workspace ${name} and its logs${args.includes('--force') || args.includes('-f') ? ' at once, with no recovery (--force)' : ' (recoverable for 14 days)'}`,
    risk: 'high',
  },
  {
    // Stopping protection with --delete-backup-data true deletes every recovery point of the item.
    path: ['backup', 'protection', 'disable'],
    action: 'backup protection disable',
    rule: 'azure.backup-delete-data',
    when: (args) => /^true$/i.test(optionValue(args, ['--delete-backup-data']) ?? ''),
    resource: named('backup item', ['-i', '--item-name']),
    blastRadius: (name, args) =>
      `stops backing up ${name} and deletes every backup of it${optionValue(args, ['-v', '--vault-name']) ? ` in the vault ${optionValue(args, ['-v', '--vault-name'])}` : ''} (after the soft-delete period, if enabled)`,
    risk: 'high',
  },
  {
    path: ['resource', 'delete'],
    action: 'resource delete',
    resource: named('resource'),
    blastRadius: (name, args) =>
      `deletes the resource ${name}${optionValue(args, ['--resource-type']) ? ` (${optionValue(args, ['--resource-type'])})` : ''}${inGroup(args)} and the data it holds`,
    risk: 'high',
  },
];

/** Groups about the CLI itself or this machine: nothing in Azure goes. */
const LOCAL_GROUPS = new Set(['config', 'extension', 'cache', 'cloud', 'login', 'logout', 'bicep', 'upgrade', 'interactive', 'init', 'self-test']);

function azureHints(args: readonly string[], inv: Invocation): EnvironmentHint[] {
  const hints = hintsFromOptions(args, { '--subscription': ['--subscription'], '-g': ['-g', '--resource-group'] });
  const words = positionals(args, AZ_VALUED);
  // `az group delete -n rg-prod`: the group being deleted names its own environment.
  if (words[0] === 'group' && words[1] === 'delete') hints.push(...hintsFromOptions(args, { 'resource group': ['-n', '--name'] }));
  const idGroup = fromIds(args).group;
  if (idGroup) hints.push({ source: 'resource group in --ids', value: idGroup });
  if (!optionValue(args, ['-g', '--resource-group']) && !idGroup && inv.env.AZURE_DEFAULTS_GROUP) {
    hints.push({ source: 'variable AZURE_DEFAULTS_GROUP', value: inv.env.AZURE_DEFAULTS_GROUP });
  }
  return hints;
}

const table = tableRule({ family: 'azure', programs: ['az'], valued: AZ_VALUED, environmentHints: azureHints, specs: SPECS });

/** Every other `az <group…> delete|purge`: it deletes an Azure resource or setting, whatever the group. */
function otherDeletion(inv: Invocation, ctx: RuleContext, args: readonly string[]): Detection[] {
  const words = positionals(args, AZ_VALUED);
  // `az rest` is judged as the HTTP request it sends (detectAzRest).
  if (LOCAL_GROUPS.has(words[0] ?? '') || words[0] === 'rest') return [];
  const at = words.slice(0, 5).findIndex((word, i) => i > 0 && (word === 'delete' || word === 'purge' || word === 'delete-batch'));
  if (at < 0) return [];
  const command = words.slice(0, at + 1).join(' ');
  const kind = words[at - 1].replace(/-/g, ' ');
  const name = optionValue(args, ['-n', '--name', '--id']) ?? fromIds(args).name;
  return [unlistedDeletion(inv, ctx, { family: 'azure', command, kind, name, hints: azureHints(args, inv), consequence: inGroup(args) })];
}

/**
 * AzCopy (learn.microsoft.com/azure/storage/common/storage-ref-azcopy): `remove` deletes blobs or files, `sync`
 * with `--delete-destination=true` deletes what the source lacks. The URL's query is a SAS token: never shown.
 */
function detectAzcopy(inv: Invocation, ctx: RuleContext): Detection[] {
  const args = inv.argv.slice(1);
  if (isInformational(args) || args.includes('-h') || args.some((a) => /^--dry-run(=true)?$/.test(a))) return [];
  const words = args.filter((a) => !a.startsWith('-'));
  const command = words[0];
  const removing = command === 'remove' || command === 'rm';
  const syncing = command === 'sync' && args.some((a) => /^--delete-destination(=|$)/.test(a) && /true/i.test(a.split('=')[1] ?? ''));
  if (!removing && !syncing) return [];
  const target = removing ? words[1] : words[words.length - 1];
  if (!target || (syncing && words.length < 3)) return [];
  const shown = target.replace(/[?#].*$/, '');
  const url = /^https:\/\/([^./]+)\.(blob|file|dfs)\.core\.windows\.net\/([^/]*)(\/.*)?$/.exec(shown);
  const hints: EnvironmentHint[] = url
    ? [
        { source: 'storage account', value: url[1] },
        { source: 'container', value: url[3] },
      ]
    : [];
  const everything = removing ? args.some((a) => /^--recursive(=true)?$/.test(a)) : true;
  return [
    detection({
      rule: removing ? 'azure.azcopy-remove' : 'azure.azcopy-sync-delete',
      tool: inv.program,
      action: removing ? 'remove' : 'sync --delete-destination',
      resource: { kind: url && !url[4] ? 'container' : 'path', name: shown },
      environment: url ? ctx.environment(inv, hints, 'remote') : ctx.environment(inv, [], 'local'),
      reversible: false,
      blastRadius: removing
        ? `deletes ${everything ? 'every blob or file under' : ''} ${shown}`.replace('  ', ' ')
        : `deletes every blob or file in ${shown} that ${words[1]?.replace(/[?#].*$/, '') ?? 'the source'} does not have`,
      risk: everything ? 'high' : 'medium',
    }),
  ];
}

/**
 * `az rest --method delete --url …` sends any request to Azure Resource Manager or Microsoft Graph
 * (learn.microsoft.com/cli/azure/reference-index#az-rest): judged like the same request sent with curl.
 */
function detectAzRest(inv: Invocation, ctx: RuleContext): Detection[] {
  const args = inv.argv.slice(1);
  if (
    positionals(args, [
      ...AZ_VALUED,
      '-m',
      '--method',
      '-u',
      '--url',
      '--uri',
      '-b',
      '--body',
      '--headers',
      '--resource',
      '--uri-parameters',
      '--url-parameters',
      '--output-file',
    ])[0] !== 'rest'
  )
    return [];
  if (isInformational(args) || args.includes('-h')) return [];
  const method = optionValue(args, ['-m', '--method']) ?? (optionValue(args, ['-b', '--body']) ? 'POST' : 'GET');
  const written = optionValue(args, ['-u', '--url', '--uri']);
  const url = written ? parseUrl(written.startsWith('/') ? `management.azure.com${written}` : written) : undefined;
  if (!url) return [];
  const body = optionValue(args, ['-b', '--body']);
  const text = body?.startsWith('@') ? ctx.readText(resolvePath(inv.cwd, body.slice(1), ctx.home)) : body;
  const hints = azureHints(args, inv);
  // The resource group in an ARM path names the environment as `-g` would.
  const group = /\/resourceGroups\/([^/?]+)/i.exec(written ?? '')?.[1];
  if (group) hints.push({ source: 'resource group in URL', value: group });
  return requestFindings(inv, ctx, { method, url, bodies: text ? [text] : [], opaqueBody: body !== undefined && text === undefined }, 'azure', hints);
}

export const rules: readonly CommandRule[] = [
  { family: 'azure', programs: ['azcopy'], detect: detectAzcopy },
  { family: 'azure', programs: ['az'], detect: detectAzRest },
  {
    family: 'azure',
    programs: ['az'],
    detect(inv, ctx) {
      const args = inv.argv.slice(1);
      if (isInformational(args) || args.includes('-h')) return [];
      const found = table.detect(inv, ctx);
      return found.length > 0 ? found : otherDeletion(inv, ctx, args);
    },
  },
];
