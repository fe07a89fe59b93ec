// Policy: a repository's `.blastdoor.json` may only add deny and confirm rules and name production
// or staging targets; allowing more lives in the user's own configuration, which the repository cannot write.
import { existsSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Ajv, { type ErrorObject } from 'ajv';
import { findNodeAtLocation, parseTree, printParseErrorCode, type ParseError } from 'jsonc-parser';
import { minimatch } from 'minimatch';
import type { NamedEnvironments } from './environment';
import type { Invocation } from './invocation';
import type { Detection, RuleContext } from './rules/rule';
import type { EnvironmentName } from './types';

export interface PolicyRule {
  id?: string;
  /** Leading words of the command (`npm run deploy`, `terraform apply`). */
  command?: string;
  tool?: string;
  action?: string;
  resource?: string;
  environment?: EnvironmentName | EnvironmentName[];
  reason?: string;
}

export interface PolicyFile {
  version?: 1;
  deny?: PolicyRule[];
  confirm?: PolicyRule[];
  allow?: PolicyRule[];
  environments?: NamedEnvironments;
  protectedBranches?: string[];
}

export interface EffectivePolicy {
  deny: (PolicyRule & { origin: string })[];
  confirm: (PolicyRule & { origin: string })[];
  allow: (PolicyRule & { origin: string })[];
  environments: NamedEnvironments;
  protectedBranches: string[];
}

export class PolicyError extends Error {
  constructor(
    readonly file: string,
    readonly problems: string[],
  ) {
    super(`${file}: ${problems.join('; ')}`);
  }
}

export const REPOSITORY_POLICY_FILE = '.blastdoor.json';

const environmentNames = ['production', 'staging', 'development', 'local', 'unknown'];
const ruleSchema = {
  type: 'object',
  additionalProperties: false,
  minProperties: 1,
  properties: {
    id: { type: 'string' },
    command: { type: 'string', minLength: 1 },
    tool: { type: 'string', minLength: 1 },
    action: { type: 'string', minLength: 1 },
    resource: { type: 'string', minLength: 1 },
    environment: { anyOf: [{ enum: environmentNames }, { type: 'array', items: { enum: environmentNames } }] },
    reason: { type: 'string' },
  },
  anyOf: ['command', 'tool', 'action', 'resource', 'environment'].map((key) => ({ required: [key] })),
};
const globList = { type: 'array', items: { type: 'string', minLength: 1 } };

function policySchema(scope: 'repository' | 'user') {
  const environments: Record<string, unknown> = { production: globList, staging: globList };
  if (scope === 'user') Object.assign(environments, { development: globList, local: globList });
  const properties: Record<string, unknown> = {
    $schema: { type: 'string' },
    version: { const: 1 },
    deny: { type: 'array', items: ruleSchema },
    confirm: { type: 'array', items: ruleSchema },
    environments: { type: 'object', additionalProperties: false, properties: environments },
    protectedBranches: globList,
  };
  if (scope === 'user') properties.allow = { type: 'array', items: ruleSchema };
  return { type: 'object', additionalProperties: false, properties };
}

const LOOSENING_HINT: Record<string, string> = {
  allow: 'allow rules loosen the gate, so only the user configuration (~/.config/blastdoor/config.json) may hold them',
  development: 'naming development targets lowers their risk, so only the user configuration may do it',
  local: 'naming local targets lowers their risk, so only the user configuration may do it',
};

let ajv: Ajv | undefined;

/** Parses and validates one policy file's text; errors name the line and column. */
export function parsePolicy(text: string, file: string, scope: 'repository' | 'user'): PolicyFile {
  if (!text.trim()) throw new PolicyError(file, ['the file is empty; write {} for no rules']);
  const parseErrors: ParseError[] = [];
  const tree = parseTree(text, parseErrors, { allowTrailingComma: false, disallowComments: false });
  if (parseErrors.length > 0 || !tree) {
    const problems = parseErrors.slice(0, 5).map((e) => `${position(text, e.offset)}: not valid JSON (${printParseErrorCode(e.error)})`);
    throw new PolicyError(file, problems.length ? problems : ['not valid JSON']);
  }
  const value = JSON.parse(JSON.stringify(nodeValue(tree)));
  ajv ??= new Ajv({ allErrors: true, strict: false });
  const validate = ajv.compile(policySchema(scope));
  if (!validate(value)) {
    const problems = (validate.errors ?? []).slice(0, 8).map((error) => describeSchemaError(error, text, tree, scope));
    throw new PolicyError(file, [...new Set(problems)]);
  }
  return value as PolicyFile;
}

function nodeValue(node: NonNullable<ReturnType<typeof parseTree>>): unknown {
  switch (node.type) {
    case 'object':
      return Object.fromEntries(
        (node.children ?? []).map((prop) => [prop.children![0].value, prop.children![1] ? nodeValue(prop.children![1]) : null]),
      );
    case 'array':
      return (node.children ?? []).map(nodeValue);
    default:
      return node.value;
  }
}

function describeSchemaError(error: ErrorObject, text: string, tree: NonNullable<ReturnType<typeof parseTree>>, scope: string): string {
  const segments = error.instancePath
    .split('/')
    .slice(1)
    .map((s) => (/^\d+$/.test(s) ? Number(s) : s.replace(/~1/g, '/').replace(/~0/g, '~')));
  let location = segments;
  let message = error.message ?? 'is invalid';
  if (error.keyword === 'additionalProperties') {
    const extra = String((error.params as { additionalProperty: string }).additionalProperty);
    location = [...segments, extra];
    message =
      scope === 'repository' && LOOSENING_HINT[extra]
        ? `"${extra}" is not allowed in a repository policy: ${LOOSENING_HINT[extra]}`
        : `unknown property "${extra}"`;
  } else if (error.keyword === 'anyOf' && error.schemaPath.endsWith('/anyOf') && !error.schemaPath.includes('environment')) {
    message = 'a rule needs at least one of command, tool, action, resource or environment';
  }
  const node = findNodeAtLocation(tree, location);
  const where = node
    ? position(text, node.parent?.type === 'property' && node.parent.children?.[0] ? node.parent.children[0].offset : node.offset)
    : 'top level';
  const at = segments.length ? ` at ${segments.join('.')}` : '';
  return `${where}${at}: ${message}`;
}

function position(text: string, offset: number): string {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  const column = offset - before.lastIndexOf('\n');
  return `line ${line}, column ${column}`;
}

/** The nearest `.blastdoor.json` at or above `cwd`. */
export function findRepositoryPolicy(cwd: string): string | undefined {
  let dir = path.resolve(cwd);
  for (let i = 0; i < 64; i++) {
    const candidate = path.join(dir, REPOSITORY_POLICY_FILE);
    if (existsSync(candidate)) return candidate;
    const parent = path.dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
  return undefined;
}

export function userPolicyPath(home = os.homedir()): string {
  return path.join(home, '.config', 'blastdoor', 'config.json');
}

function readPolicyFile(file: string, scope: 'repository' | 'user'): PolicyFile {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new PolicyError(file, [`cannot be read: ${(error as NodeJS.ErrnoException).code ?? String(error)}`]);
  }
  return parsePolicy(text, file, scope);
}

/** Loads the repository policy above `cwd` and the user's configuration; throws PolicyError on a bad file. */
export function loadPolicy(cwd: string, options: { userFile?: string | null } = {}): EffectivePolicy {
  const repositoryFile = findRepositoryPolicy(cwd);
  const userFile = options.userFile === undefined ? userPolicyPath() : options.userFile;
  const files: { file: string; policy: PolicyFile }[] = [];
  if (repositoryFile) files.push({ file: repositoryFile, policy: readPolicyFile(repositoryFile, 'repository') });
  if (userFile && existsSync(userFile)) files.push({ file: userFile, policy: readPolicyFile(userFile, 'user') });
  return mergePolicies(files);
}

export function mergePolicies(files: { file: string; policy: PolicyFile }[]): EffectivePolicy {
  const merged: EffectivePolicy = { deny: [], confirm: [], allow: [], environments: {}, protectedBranches: [] };
  for (const { file, policy } of files) {
    const origin = path.basename(file) === REPOSITORY_POLICY_FILE ? file : `user configuration ${file}`;
    merged.deny.push(...(policy.deny ?? []).map((rule) => ({ ...rule, origin })));
    merged.confirm.push(...(policy.confirm ?? []).map((rule) => ({ ...rule, origin })));
    merged.allow.push(...(policy.allow ?? []).map((rule) => ({ ...rule, origin })));
    merged.protectedBranches.push(...(policy.protectedBranches ?? []));
    for (const [name, globs] of Object.entries(policy.environments ?? {}) as [keyof NamedEnvironments, string[]][]) {
      merged.environments[name] = [...(merged.environments[name] ?? []), ...globs];
    }
  }
  return merged;
}

function glob(value: string | undefined, pattern: string | undefined): boolean {
  if (pattern === undefined) return true;
  return value !== undefined && minimatch(value, pattern, { nocase: true, dot: true });
}

function commandMatches(rule: PolicyRule, inv: Invocation | undefined): boolean {
  if (rule.command === undefined) return true;
  if (!inv) return false;
  const words = rule.command.trim().split(/\s+/);
  const argv = [inv.program, ...inv.argv.slice(1)];
  return words.every((word, i) => argv[i] !== undefined && minimatch(argv[i], word, { dot: true }));
}

function ruleMatches(rule: PolicyRule, found: Detection): boolean {
  const environments = rule.environment === undefined ? undefined : ([] as EnvironmentName[]).concat(rule.environment);
  return (
    commandMatches(rule, found.source) &&
    glob(found.tool, rule.tool) &&
    glob(found.action, rule.action) &&
    (rule.resource === undefined || glob(found.resource?.name, rule.resource)) &&
    (environments === undefined || environments.includes(found.environment.name))
  );
}

function describeRule(rule: PolicyRule & { origin: string }): string {
  return `${rule.id ? `rule "${rule.id}" of ` : 'a rule of '}${rule.origin}${rule.reason ? `: ${rule.reason}` : ''}`;
}

/**
 * Applies policy to the rules' detections. Deny and confirm rules also match commands no built-in
 * rule flagged (matched by `command` and `tool`). Allow rules drop confirmations, never a built-in deny.
 */
export function applyPolicy(
  detections: Detection[],
  invocations: Invocation[],
  policy: EffectivePolicy,
  ctx: RuleContext,
): { detections: Detection[]; reasons: string[] } {
  const reasons: string[] = [];
  let result = detections.map((found) => {
    const deny = policy.deny.find((rule) => ruleMatches(rule, found));
    if (deny) {
      reasons.push(`denied by ${describeRule(deny)}`);
      return { ...found, deny: true, risk: 'critical' as const };
    }
    return found;
  });
  for (const [list, deny] of [
    [policy.deny, true],
    [policy.confirm, false],
  ] as const) {
    for (const rule of list) {
      // Rules about a target (resource, action, environment) apply to findings only; rules that name a
      // command or a whole tool also catch commands no built-in rule flagged.
      if (
        (rule.command === undefined && rule.tool === undefined) ||
        rule.resource !== undefined ||
        rule.action !== undefined ||
        rule.environment !== undefined
      )
        continue;
      for (const inv of invocations) {
        if (!commandMatches(rule, inv) || !glob(inv.program, rule.tool)) continue;
        if (result.some((found) => found.source === inv && (found.deny || !deny))) continue;
        result.push(policyDetection(rule, inv, ctx, deny));
        reasons.push(`${deny ? 'denied' : 'needs confirmation'} by ${describeRule(rule)}`);
      }
    }
  }
  if (policy.allow.length > 0) {
    result = result.filter((found) => {
      if (found.deny) return true;
      const allow = policy.allow.find((rule) => ruleMatches(rule, found));
      if (allow) reasons.push(`${found.tool} ${found.action} allowed by ${describeRule(allow)}`);
      return !allow;
    });
  }
  return { detections: result, reasons };
}

function policyDetection(rule: PolicyRule & { origin: string }, inv: Invocation, ctx: RuleContext, deny: boolean): Detection {
  const action = inv.argv.slice(1).find((a) => !a.startsWith('-')) ?? 'run';
  return {
    rule: `policy.${rule.id ?? (deny ? 'deny' : 'confirm')}`,
    tool: inv.program,
    action,
    resource: null,
    environment: ctx.environment(inv, [], 'remote'),
    reversible: false,
    blastRadius: rule.reason ?? `${rule.origin} requires ${deny ? 'that this never runs from an agent' : 'a person to confirm this'}`,
    confirmText: `${inv.program} ${action}`,
    risk: deny ? 'critical' : 'high',
    deny,
    source: inv,
  };
}
