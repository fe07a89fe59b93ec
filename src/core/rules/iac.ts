// Infrastructure as code: terraform, tofu (OpenTofu), terragrunt, pulumi, cdk, cdktf, serverless/sls, sam, sst,
// amplify and copilot.
// Destructive: destroy (and `apply -destroy`, a saved destroy plan), `apply -replace`, `state rm`, `state push`,
// `workspace delete`, `taint`; `pulumi destroy`, `stack rm`, `state delete`, `up --replace`; `cdk destroy`,
// `cdktf destroy`, `serverless remove`, `sam delete`, `sst remove`, `amplify delete`/`env remove`, `copilot … delete`.
// Not destructive: plan (even `plan -destroy`), apply, deploy, up, preview, synth, diff, import, force-unlock,
// state list/show/mv, output, validate.
import path from 'node:path';
import type { EnvironmentHint } from '../environment';
import type { Invocation } from '../invocation';
import type { Risk } from '../types';
import { hasFlag, isInformational, optionValue, optionValues, positionals } from './args';
import { detection, type CommandRule, type Detection, type RuleContext } from './rule';

// ---- Go-style flags (terraform, tofu): `-name value`, `-name=value`, `--name=value`. ----

function goValues(args: readonly string[], name: string): string[] {
  const values: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i].replace(/^--/, '-');
    if (arg === '-') continue;
    if (arg === `-${name}` && i + 1 < args.length) values.push(args[++i]);
    else if (arg.startsWith(`-${name}=`)) values.push(arg.slice(name.length + 2));
  }
  return values;
}

/** `-destroy`, `-destroy=true`; `-destroy=false` turns it off again. */
function goBool(args: readonly string[], name: string): boolean {
  let on = false;
  for (const raw of args) {
    const arg = raw.replace(/^--/, '-');
    if (arg === `-${name}` || arg === `-${name}=true`) on = true;
    else if (arg === `-${name}=false`) on = false;
  }
  return on;
}

/** Terraform options that take a value, written with a space (`-var-file prod.tfvars`). */
const TERRAFORM_VALUED = [
  'var',
  'var-file',
  'target',
  'replace',
  'exclude',
  'state',
  'state-out',
  'backup',
  'lock-timeout',
  'parallelism',
  'out',
  'chdir',
].flatMap((n) => [`-${n}`, `--${n}`]);

const TERRAGRUNT_VALUED = [
  '--terragrunt-working-dir',
  '--working-dir',
  '--terragrunt-config',
  '--config',
  '--terragrunt-tfpath',
  '--tf-path',
  '--terragrunt-iam-role',
  '--iam-assume-role',
  '--terragrunt-include-dir',
  '--queue-include-dir',
  '--terragrunt-exclude-dir',
  '--queue-exclude-dir',
  '--terragrunt-parallelism',
  '--parallelism',
  '--terragrunt-log-level',
  '--log-level',
  '--log-format',
  '--terragrunt-source',
  '--source',
  '--terragrunt-download-dir',
  '--download-dir',
  '--filter',
  '--terragrunt-source-map',
  '--source-map',
  '--feature',
  '--strict-control',
  '--experiment',
  '--out-dir',
  '--json-out-dir',
  '--units-that-include',
  '--terragrunt-modules-that-include',
  '--provider-cache-dir',
  '--auth-provider-cmd',
];

const ENVIRONMENT_VARIABLE_NAME = /^(env|environment|env_name|environment_name|stage|stage_name|tier|workspace|deployment_environment)$/i;

function helpAsked(args: readonly string[]): boolean {
  return isInformational(args) || args.some((a) => ['-help', '-h', '--help'].includes(a)) || args[0] === 'help';
}

/** A directory as the person wrote it, without the home prefix whose user name could read as an environment. */
function directoryHint(dir: string, home: string): string {
  return dir.startsWith(`${home}/`) ? dir.slice(home.length + 1) : dir;
}

function push(hints: EnvironmentHint[], source: string, value: string | undefined): void {
  if (value) hints.push({ source, value });
}

// ---- terraform / tofu / terragrunt ----

interface TerraformCall {
  /** Arguments from the terraform subcommand on. */
  args: string[];
  /** `-chdir` or terragrunt's working dir, as written. */
  dir?: string;
  /** `terragrunt run --all`: every unit below the directory. */
  all: boolean;
  /** Terragrunt keeps `.terraform` in its cache; only terraform itself can say the selected workspace. */
  readsWorkspaceFile: boolean;
}

function terraformCall(inv: Invocation): TerraformCall | undefined {
  const args = inv.argv.slice(1);
  const sub = args.findIndex((a) => !a.startsWith('-'));
  if (sub < 0) return undefined;
  const global = args.slice(0, sub);
  const name = args[sub];
  // TF_CLI_ARGS and TF_CLI_ARGS_<command> are inserted after the subcommand (developer.hashicorp.com/terraform/cli/config/environment-variables).
  const extra = [inv.env.TF_CLI_ARGS, inv.env[`TF_CLI_ARGS_${name}`]].filter(Boolean).flatMap((v) => v!.split(/\s+/).filter(Boolean));
  return { args: [name, ...extra, ...args.slice(sub + 1)], dir: goValues(global, 'chdir')[0], all: false, readsWorkspaceFile: true };
}

function terragruntCall(inv: Invocation): TerraformCall | undefined {
  const args = inv.argv.slice(1);
  const words = positionals(
    args.filter((a) => a !== '--'),
    TERRAGRUNT_VALUED,
  );
  const dir = optionValue(args, ['--terragrunt-working-dir', '--working-dir']) ?? inv.env.TG_WORKING_DIR ?? inv.env.TERRAGRUNT_WORKING_DIR;
  const from = (word: string | undefined, all: boolean, after = 0): TerraformCall | undefined => {
    if (!word) return undefined;
    const index = args.indexOf(word, after);
    return { args: args.slice(index).filter((a) => a !== '--'), dir, all, readsWorkspaceFile: false };
  };
  const command = words[0];
  if (command === 'destroy-all' || command === 'tear-down')
    return { args: ['destroy', ...args.slice(args.indexOf(command) + 1)], dir, all: true, readsWorkspaceFile: false };
  if (command === 'run-all') return from(words[1], true, args.indexOf(command) + 1);
  // New CLI (v0.77+): `terragrunt run --all destroy`, `terragrunt run --all -- destroy`, `--graph` runs dependents too.
  if (command === 'run') return from(words[1], hasFlag(args, ['--all', '--graph']), args.indexOf(command) + 1);
  if (command === 'stack' && words[1] === 'run') return from(words[2], true, args.indexOf('run') + 1);
  return from(command, false);
}

function selectedWorkspace(inv: Invocation, ctx: RuleContext, call: TerraformCall): { name: string; source: string } | undefined {
  if (inv.env.TF_WORKSPACE)
    return { name: inv.env.TF_WORKSPACE, source: inv.assignments.TF_WORKSPACE !== undefined ? 'TF_WORKSPACE= prefix' : 'variable TF_WORKSPACE' };
  if (!call.readsWorkspaceFile) return undefined;
  // `terraform workspace select` records the choice in <data dir>/environment.
  const dir = call.dir ? path.resolve(inv.cwd, call.dir) : inv.cwd;
  const dataDir = path.resolve(dir, inv.env.TF_DATA_DIR ?? '.terraform');
  const selected = ctx.readText(path.join(dataDir, 'environment'))?.trim();
  return selected && selected !== 'default' ? { name: selected, source: 'selected workspace (.terraform/environment)' } : undefined;
}

function terraformHints(
  inv: Invocation,
  ctx: RuleContext,
  call: TerraformCall,
  workspace: { name: string; source: string } | undefined,
): EnvironmentHint[] {
  const hints: EnvironmentHint[] = [];
  if (workspace) push(hints, workspace.source, workspace.name);
  // Whole paths, not base names: `-var-file=envs/prod/main.tfvars` names production in its directory.
  for (const file of goValues(call.args, 'var-file')) push(hints, '-var-file', directoryHint(file, ctx.home));
  for (const state of goValues(call.args, 'state')) push(hints, '-state', directoryHint(state, ctx.home));
  if (inv.program === 'terragrunt') {
    for (const file of optionValues(inv.argv.slice(1), ['--terragrunt-config', '--config'])) push(hints, '--config', directoryHint(file, ctx.home));
  }
  if (call.dir) push(hints, call.readsWorkspaceFile ? '-chdir' : '--working-dir', directoryHint(call.dir, ctx.home));
  for (const assignment of goValues(call.args, 'var')) {
    const [key, ...rest] = assignment.split('=');
    if (ENVIRONMENT_VARIABLE_NAME.test(key.trim())) push(hints, `-var ${key.trim()}`, rest.join('='));
  }
  for (const [name, value] of Object.entries(inv.env)) {
    if (name.startsWith('TF_VAR_') && ENVIRONMENT_VARIABLE_NAME.test(name.slice(7))) push(hints, `variable ${name}`, value);
  }
  return hints;
}

function configurationName(inv: Invocation, call: TerraformCall): string {
  return call.dir ?? (path.basename(inv.cwd) || inv.cwd);
}

function detectTerraform(inv: Invocation, ctx: RuleContext): Detection[] {
  const call = inv.program === 'terragrunt' ? terragruntCall(inv) : terraformCall(inv);
  if (!call || helpAsked(call.args) || helpAsked(inv.argv.slice(1))) return [];
  const args = call.args;
  const words = positionals(args, TERRAFORM_VALUED);
  const [command, sub] = words;
  const workspace = selectedWorkspace(inv, ctx, call);
  type Spec = {
    action: string;
    resource: { kind: string; name: string };
    blastRadius: string;
    risk: Risk;
    reversible?: boolean;
    extraHints?: EnvironmentHint[];
    ignoreSelected?: boolean;
  };
  const build = (spec: Spec): Detection[] => [
    detection({
      rule: `iac.${spec.action.replace(/\s+/g, '-')}`,
      tool: inv.program,
      action: spec.action,
      resource: spec.resource,
      environment: ctx.environment(
        inv,
        [...terraformHints(inv, ctx, call, spec.ignoreSelected ? undefined : workspace), ...(spec.extraHints ?? [])],
        'remote',
      ),
      reversible: spec.reversible ?? false,
      blastRadius: spec.blastRadius,
      risk: spec.risk,
    }),
  ];

  if (command === 'destroy' || (command === 'apply' && goBool(args, 'destroy'))) return terraformDestroy(inv, call, workspace, build);
  if (command === 'apply') {
    const replaced = goValues(args, 'replace');
    if (replaced.length > 0) {
      return build({
        action: 'replace',
        resource: { kind: 'resource address', name: replaced[0] },
        blastRadius: `destroys ${replaced.join(', ')} and creates ${replaced.length > 1 ? 'them' : 'it'} again: whatever ${replaced.length > 1 ? 'they hold' : 'it holds'} (disk contents, database data) is lost unless restored from a backup`,
        risk: 'high',
      });
    }
    // `terraform apply destroy.tfplan`: a plan saved with `plan -destroy` destroys when applied.
    const plan = words[1];
    if (plan && /destroy/i.test(path.basename(plan))) {
      return build({
        action: 'destroy',
        resource: { kind: 'plan', name: plan },
        blastRadius: `applies the saved plan ${plan}, which by its name is a destroy plan: every resource it lists is destroyed`,
        risk: 'high',
      });
    }
    return [];
  }
  if (command === 'state' && sub === 'rm') {
    const addresses = words.slice(2);
    if (addresses.length === 0) return [];
    return build({
      action: 'state rm',
      resource: { kind: 'resource address', name: addresses[0] },
      blastRadius: `makes ${inv.program} forget ${addresses.join(', ')}: the real ${addresses.length > 1 ? 'resources keep' : 'resource keeps'} running but is no longer managed, and a later apply may create a duplicate (undo with import)`,
      risk: 'medium',
      reversible: true,
    });
  }
  if (command === 'state' && sub === 'push') {
    const file = words[2] ?? '(state file)';
    const force = goBool(args, 'force');
    return build({
      action: 'state push',
      resource: { kind: 'state file', name: file },
      blastRadius: `overwrites the remote state with ${file}${force ? ', even if it is older (-force)' : ''}: resources it lacks are forgotten and may be destroyed or duplicated by the next apply`,
      risk: force ? 'high' : 'medium',
    });
  }
  if (command === 'workspace' && sub === 'delete') {
    const name = words[2];
    if (!name) return [];
    const force = goBool(args, 'force');
    return build({
      action: 'workspace delete',
      resource: { kind: 'workspace', name },
      blastRadius: force
        ? `deletes the workspace ${name} and its state even though it still tracks resources (-force): they keep running with nothing managing them`
        : `deletes the workspace ${name} and its state (refused while it still tracks resources)`,
      risk: force ? 'high' : 'medium',
      extraHints: [{ source: 'workspace', value: name }],
      // Terraform refuses to delete the selected workspace, so the selected one says nothing about this target.
      ignoreSelected: true,
    });
  }
  if (command === 'taint') {
    const address = words[1];
    if (!address) return [];
    return build({
      action: 'taint',
      resource: { kind: 'resource address', name: address },
      blastRadius: `marks ${address} so the next apply destroys and re-creates it, losing what it holds (undo with untaint)`,
      risk: 'medium',
      reversible: true,
    });
  }
  return [];
}

type Build = (spec: { action: string; resource: { kind: string; name: string }; blastRadius: string; risk: Risk }) => Detection[];

function terraformDestroy(inv: Invocation, call: TerraformCall, workspace: { name: string } | undefined, build: Build): Detection[] {
  const targets = goValues(call.args, 'target');
  const excluded = goValues(call.args, 'exclude');
  const dir = configurationName(inv, call);
  const action = call.all ? 'run-all destroy' : 'destroy';
  const kept = excluded.length > 0 ? ` (except ${excluded.join(', ')})` : '';
  if (targets.length > 0 && !call.all) {
    return build({
      action,
      resource: { kind: 'resource address', name: targets[0] },
      blastRadius: `destroys ${targets.join(', ')} and every resource that depends on ${targets.length > 1 ? 'them' : 'it'}, with the data ${targets.length > 1 ? 'they hold' : 'it holds'}`,
      risk: 'high',
    });
  }
  if (call.all) {
    return build({
      action,
      resource: { kind: 'terragrunt stack', name: dir },
      blastRadius: `destroys every resource of every Terragrunt unit under ${dir}${kept}, servers, databases and buckets with their data included`,
      risk: 'critical',
    });
  }
  const where = workspace ? `the workspace ${workspace.name} of ${dir}` : dir;
  return build({
    action,
    resource: workspace ? { kind: 'workspace', name: workspace.name } : { kind: 'configuration', name: dir },
    blastRadius: `destroys every resource in the ${inv.program === 'terragrunt' ? 'Terragrunt unit' : 'Terraform state'} of ${where}${kept}: servers, databases and buckets with their data (only resources with prevent_destroy stop it)`,
    risk: 'critical',
  });
}

// ---- pulumi ----

const PULUMI_VALUED = [
  '-s',
  '--stack',
  '-C',
  '--cwd',
  '--config-file',
  '-m',
  '--message',
  '-t',
  '--target',
  '--exclude',
  '-p',
  '--parallel',
  '--color',
  '-v',
  '--verbose',
  '--tracing',
  '--profiling',
  '--secrets-provider',
  '--exec-kind',
  '--exec-agent',
  '--policy-pack',
  '--policy-pack-config',
  '--client',
  '--replace',
  '--target-replace',
  '-c',
  '--config',
  '--memprofilerate',
  '--plan',
  '--attach-debugger',
];

function detectPulumi(inv: Invocation, ctx: RuleContext): Detection[] {
  const args = inv.argv.slice(1);
  if (helpAsked(args) || hasFlag(args, ['--preview-only'])) return [];
  const words = positionals(args, PULUMI_VALUED);
  const [command, sub] = words;
  // Stack order per the docs: --stack, then PULUMI_STACK, then the selected stack.
  const stack = optionValue(args, ['-s', '--stack']) ?? (command === 'stack' && sub === 'rm' ? words[2] : undefined) ?? inv.env.PULUMI_STACK;
  const stackSource = optionValue(args, ['-s', '--stack']) ? '--stack' : command === 'stack' && words[2] ? 'stack' : 'variable PULUMI_STACK';
  const hints: EnvironmentHint[] = [];
  push(hints, stackSource, stack);
  push(hints, '--cwd', optionValue(args, ['-C', '--cwd']));
  const stackResource = { kind: 'stack', name: stack ?? '(selected stack)' };
  const confirmText = stack ?? `pulumi ${command}`;
  const build = (
    action: string,
    resource: { kind: string; name: string },
    blastRadius: string,
    risk: Risk,
    reversible = false,
    confirm?: string,
  ): Detection[] => [
    detection({
      rule: `iac.${action.replace(/\s+/g, '-')}`,
      tool: inv.program,
      action,
      resource,
      environment: ctx.environment(inv, hints, 'remote'),
      reversible,
      blastRadius,
      risk,
      confirmText: confirm,
    }),
  ];
  const ofStack = stack ? `the stack ${stack}` : 'the selected stack';

  if (command === 'destroy' || command === 'down' || command === 'dn') {
    const targets = optionValues(args, ['-t', '--target']);
    if (targets.length > 0) {
      return build(
        'destroy',
        { kind: 'resource', name: targets[0] },
        `destroys ${targets.join(', ')} in ${ofStack}${hasFlag(args, ['--target-dependents']) ? ' and everything that depends on it' : ''}`,
        'high',
      );
    }
    const remove = hasFlag(args, ['--remove']) ? ', then removes the stack with its configuration and history (--remove)' : '';
    return build(
      'destroy',
      stackResource,
      `destroys every resource in ${ofStack}: servers, databases and buckets with their data${remove}`,
      'critical',
      false,
      confirmText,
    );
  }
  if (command === 'stack' && sub === 'rm') {
    const force = hasFlag(args, ['-f', '--force']);
    return build(
      'stack rm',
      stackResource,
      force
        ? `deletes ${ofStack} with its configuration and update history even though it still has resources (--force): they keep running with nothing managing them`
        : `deletes ${ofStack} with its configuration and update history (refused while it still has resources)`,
      force ? 'high' : 'medium',
      false,
      confirmText,
    );
  }
  if (command === 'state' && sub === 'delete') {
    const urn = words[2];
    const all = hasFlag(args, ['--all']);
    if (!urn && !all) return [];
    return build(
      'state delete',
      { kind: 'resource', name: urn ?? 'every resource' },
      `makes Pulumi forget ${urn ?? `every resource of ${ofStack}`}: the real resource keeps running but is no longer managed (undo with pulumi import)`,
      all ? 'high' : 'medium',
      true,
    );
  }
  if (command === 'up' || command === 'update') {
    const replaced = [...optionValues(args, ['--replace']), ...optionValues(args, ['--target-replace'])];
    if (replaced.length === 0) return [];
    return build(
      'replace',
      { kind: 'resource', name: replaced[0] },
      `destroys ${replaced.join(', ')} in ${ofStack} and creates ${replaced.length > 1 ? 'them' : 'it'} again, losing the data ${replaced.length > 1 ? 'they hold' : 'it holds'}`,
      'high',
    );
  }
  return [];
}

// ---- cdk, cdktf ----

const CDK_VALUED = [
  '--profile',
  '-a',
  '--app',
  '-c',
  '--context',
  '-o',
  '--output',
  '-r',
  '--role-arn',
  '--toolkit-stack-name',
  '--plugin',
  '-p',
  '--ca-bundle-path',
  '--proxy',
  '--build',
];
const CDKTF_VALUED = ['-a', '--app', '-o', '--output', '--parallelism', '--var', '--var-file', '--log-level'];

function awsProfileHints(inv: Invocation, args: readonly string[], option: readonly string[]): EnvironmentHint[] {
  const hints: EnvironmentHint[] = [];
  const profile = optionValue(args, option);
  if (profile) push(hints, option[0], profile);
  else push(hints, 'variable AWS_PROFILE', inv.env.AWS_PROFILE);
  return hints;
}

function detectCdk(inv: Invocation, ctx: RuleContext): Detection[] {
  const args = inv.argv.slice(1);
  if (helpAsked(args)) return [];
  const terraform = inv.program === 'cdktf';
  const words = positionals(args, terraform ? CDKTF_VALUED : CDK_VALUED);
  if (words[0] !== 'destroy') return [];
  const stacks = words.slice(1);
  const all = hasFlag(args, ['--all']);
  const hints: EnvironmentHint[] = terraform ? [] : awsProfileHints(inv, args, ['--profile']);
  for (const stack of stacks) push(hints, 'stack', stack);
  for (const file of optionValues(args, ['--var-file'])) push(hints, '--var-file', path.basename(file));
  for (const assignment of [...optionValues(args, ['-c', '--context']), ...optionValues(args, ['--var'])]) {
    const [key, ...rest] = assignment.split('=');
    if (ENVIRONMENT_VARIABLE_NAME.test(key.trim())) push(hints, `context ${key.trim()}`, rest.join('='));
  }
  const name = all ? 'all stacks' : (stacks[0] ?? "(the app's only stack)");
  const what = all
    ? 'every stack of the app'
    : stacks.length > 0
      ? `the stack${stacks.length > 1 ? 's' : ''} ${stacks.join(', ')}`
      : "the app's only stack";
  const blastRadius = terraform
    ? `destroys every resource Terraform manages in ${what}, with the data they hold`
    : `deletes the CloudFormation stack${all || stacks.length > 1 ? 's' : ''} of ${what} and every resource in ${all || stacks.length > 1 ? 'them' : 'it'}; only resources with a RETAIN removal policy (the CDK default for most buckets, tables and databases) are kept`;
  return [
    detection({
      rule: 'iac.destroy',
      tool: inv.program,
      action: 'destroy',
      resource: { kind: 'stack', name },
      environment: ctx.environment(inv, hints, 'remote'),
      reversible: false,
      blastRadius,
      risk: 'critical',
      confirmText: stacks[0] ?? (all ? 'all stacks' : `${inv.program} destroy`),
    }),
  ];
}

// ---- serverless framework, AWS SAM ----

const SERVERLESS_VALUED = ['--stage', '-s', '--region', '-r', '--aws-profile', '--config', '-c', '--app', '--org', '--param'];
const SAM_VALUED = ['--stack-name', '--profile', '--region', '--config-env', '--config-file', '--s3-bucket', '--s3-prefix'];

function detectServerless(inv: Invocation, ctx: RuleContext): Detection[] {
  const args = inv.argv.slice(1);
  if (helpAsked(args)) return [];
  const words = positionals(args, SERVERLESS_VALUED);
  if (words[0] !== 'remove') return [];
  const config = optionValue(args, ['-c', '--config']);
  const files = config ? [config] : ['serverless.yml', 'serverless.yaml'];
  let service: string | undefined;
  for (const file of files) {
    const text = ctx.readText(path.resolve(inv.cwd, file));
    // `service: api` or the older `service:\n  name: api`.
    service ??= text ? /^service:\s*(?:\n\s+name:\s*)?["']?([\w.-]+)/m.exec(text)?.[1] : undefined;
  }
  const stage = optionValue(args, ['-s', '--stage']);
  const hints: EnvironmentHint[] = [];
  push(hints, '--stage', stage);
  hints.push(...awsProfileHints(inv, args, ['--aws-profile']));
  const ofStage = stage ? ` in stage ${stage}` : '';
  return [
    detection({
      rule: 'iac.remove',
      tool: inv.program,
      action: 'remove',
      resource: { kind: 'service', name: service ?? '(service in serverless.yml)' },
      environment: ctx.environment(inv, hints, 'remote'),
      reversible: false,
      blastRadius: `removes the deployed service${service ? ` ${service}` : ''}${ofStage}: its CloudFormation stack with every function, API and resource it defines (tables and buckets included unless set to Retain)`,
      risk: 'critical',
      confirmText: service ?? `${inv.program} remove`,
    }),
  ];
}

function detectSam(inv: Invocation, ctx: RuleContext): Detection[] {
  const args = inv.argv.slice(1);
  if (helpAsked(args)) return [];
  const words = positionals(args, SAM_VALUED);
  if (words[0] !== 'delete') return [];
  const config = ctx.readText(path.resolve(inv.cwd, optionValue(args, ['--config-file']) ?? 'samconfig.toml'));
  const stack = optionValue(args, ['--stack-name']) ?? (config ? /^\s*stack_name\s*=\s*"([^"]+)"/m.exec(config)?.[1] : undefined);
  const hints: EnvironmentHint[] = [];
  push(hints, 'stack', stack);
  push(hints, '--config-env', optionValue(args, ['--config-env']));
  hints.push(...awsProfileHints(inv, args, ['--profile']));
  return [
    detection({
      rule: 'iac.delete',
      tool: inv.program,
      action: 'delete',
      resource: { kind: 'stack', name: stack ?? '(stack in samconfig.toml)' },
      environment: ctx.environment(inv, hints, 'remote'),
      reversible: false,
      blastRadius: `deletes the CloudFormation stack ${stack ?? 'of this application'} with every function, API and resource it created, and its deployment artifacts in S3`,
      risk: 'critical',
      confirmText: stack ?? 'sam delete',
    }),
  ];
}

// ---- SST, Amplify, Copilot: app frameworks whose remove/delete tears down every cloud resource of an app ----

/** SST (sst.dev/docs/reference/cli): `sst remove` deletes every resource of the app in a stage. */
function detectSst(inv: Invocation, ctx: RuleContext): Detection[] {
  const args = inv.argv.slice(1);
  if (helpAsked(args)) return [];
  const words = positionals(args, ['--stage', '--config', '--print-logs', '--verbose']);
  if (words[0] !== 'remove') return [];
  const stage = optionValue(args, ['--stage']) ?? inv.env.SST_STAGE;
  const hints: EnvironmentHint[] = [];
  push(hints, optionValue(args, ['--stage']) ? '--stage' : 'variable SST_STAGE', stage);
  hints.push(...awsProfileHints(inv, args, ['--profile']));
  return [
    detection({
      rule: 'iac.remove',
      tool: inv.program,
      action: 'remove',
      resource: { kind: 'stage', name: stage ?? '(your personal stage)' },
      environment: ctx.environment(inv, hints, 'remote'),
      reversible: false,
      blastRadius: `removes the SST app${stage ? ` in stage ${stage}` : ''}: every resource it deployed (functions, databases, buckets, queues) is deleted, except those set to be retained`,
      risk: 'critical',
      confirmText: stage ?? 'sst remove',
    }),
  ];
}

/** Amplify CLI (docs.amplify.aws/cli): `amplify delete` removes every environment; `env remove` one of them. */
function detectAmplify(inv: Invocation, ctx: RuleContext): Detection[] {
  const args = inv.argv.slice(1);
  if (helpAsked(args)) return [];
  const words = positionals(args, []);
  const build = (action: string, name: string, blastRadius: string, hints: EnvironmentHint[]) => [
    detection({
      rule: `iac.${action.replace(/\s+/g, '-')}`,
      tool: inv.program,
      action,
      resource: { kind: 'environment', name },
      environment: ctx.environment(inv, hints, 'remote'),
      reversible: false,
      blastRadius,
      risk: 'critical' as Risk,
    }),
  ];
  if (words[0] === 'delete') {
    return build(
      'delete',
      'every environment',
      'deletes the Amplify project: every environment with its backend resources (auth users, databases, storage buckets, functions) and the local project files',
      [],
    );
  }
  if (words[0] === 'env' && words[1] === 'remove' && words[2]) {
    return build('env remove', words[2], `deletes the Amplify environment ${words[2]} and every backend resource in it, data included`, [
      { source: 'environment', value: words[2] },
    ]);
  }
  return [];
}

/** AWS Copilot (aws.github.io/copilot-cli/docs/commands): app, env, svc, job and pipeline delete. */
const COPILOT_KINDS: Record<string, { kind: string; radius: string; risk: Risk }> = {
  app: {
    kind: 'application',
    radius: 'deletes the application with every environment, service, job and pipeline in it, and their data',
    risk: 'critical',
  },
  env: { kind: 'environment', radius: 'deletes the environment with its network, cluster and resources', risk: 'critical' },
  svc: { kind: 'service', radius: 'deletes the service and its addons (tables, buckets, databases) in the chosen environments', risk: 'high' },
  job: { kind: 'job', radius: 'deletes the scheduled job and its addons', risk: 'medium' },
  pipeline: { kind: 'pipeline', radius: 'deletes the release pipeline', risk: 'low' },
};

function detectCopilot(inv: Invocation, ctx: RuleContext): Detection[] {
  const args = inv.argv.slice(1);
  if (helpAsked(args)) return [];
  const words = positionals(args, ['-n', '--name', '-a', '--app', '-e', '--env', '--profile']);
  const noun = words[0] === 'service' ? 'svc' : words[0] === 'application' ? 'app' : words[0] === 'environment' ? 'env' : words[0];
  if (!noun || !Object.hasOwn(COPILOT_KINDS, noun) || words[1] !== 'delete') return [];
  const spec = COPILOT_KINDS[noun];
  const name = optionValue(args, ['-n', '--name']) ?? (noun === 'app' ? optionValue(args, ['-a', '--app']) : undefined);
  const hints: EnvironmentHint[] = [];
  push(hints, '--env', optionValue(args, ['-e', '--env']));
  push(hints, '--app', optionValue(args, ['-a', '--app']));
  if (noun === 'env') push(hints, 'environment', name);
  hints.push(...awsProfileHints(inv, args, ['--profile']));
  return [
    detection({
      rule: `iac.${noun}-delete`,
      tool: inv.program,
      action: `${noun} delete`,
      resource: { kind: spec.kind, name: name ?? `(${spec.kind} of the workspace)` },
      environment: ctx.environment(inv, hints, 'remote'),
      reversible: false,
      blastRadius: spec.radius,
      risk: spec.risk,
      confirmText: name ?? `copilot ${noun} delete`,
    }),
  ];
}

export const rules: readonly CommandRule[] = [
  { family: 'iac', programs: ['sst'], detect: detectSst },
  { family: 'iac', programs: ['amplify'], detect: detectAmplify },
  { family: 'iac', programs: ['copilot'], detect: detectCopilot },
  { family: 'iac', programs: ['terraform', 'tofu', 'terragrunt'], detect: detectTerraform },
  { family: 'iac', programs: ['pulumi'], detect: detectPulumi },
  { family: 'iac', programs: ['cdk', 'cdktf'], detect: detectCdk },
  { family: 'iac', programs: ['serverless', 'sls'], detect: detectServerless },
  { family: 'iac', programs: ['sam'], detect: detectSam },
];
