// Data-driven rules for CLIs shaped `tool noun verb [name] [--flags]` (cloud, PaaS, cluster tools):
// each family lists its destructive subcommands as a table and this module does the matching.
import type { EnvironmentHint } from '../environment';
import type { Invocation } from '../invocation';
import type { Risk } from '../types';
import { hasFlag, isInformational, optionValue, positionals } from './args';
import { detection, type CommandRule, type Detection, type RuleContext } from './rule';

export interface ResourceSource {
  kind: string;
  /** Options that name the resource (`--volume`, `--app`). Checked first. */
  options?: readonly string[];
  /** Index among the positionals after the matched path (0 = first word after `delete`). */
  positional?: number;
  /** Read the name from something else (a URL, a `type/name` pair). */
  from?: (args: readonly string[], rest: readonly string[], inv: Invocation, ctx: RuleContext) => string | undefined;
  /** What to show when the command names nothing (the CLI uses its linked project). */
  fallback?: string;
}

export interface SubcommandSpec {
  /** Words after the tool; each may list alternatives: `['volume', 'delete|rm|remove']`. */
  path: readonly string[];
  action: string;
  resource: ResourceSource | null;
  /** A sentence, or one built from the resource's name (a placeholder such as `(volume not named)` when absent). */
  blastRadius: string | ((name: string, args: readonly string[]) => string);
  risk: Risk;
  reversible?: boolean;
  /** Extra condition for the rule to apply (`--recursive` on `s3 rm`). */
  when?: (args: readonly string[], rest: readonly string[]) => boolean;
  /** Flags that make an otherwise harmless subcommand destructive, or raise the risk. */
  raise?: { flags: readonly string[]; risk: Risk; blastRadius?: string };
  rule?: string;
}

export interface ToolTable {
  family: string;
  programs: readonly string[];
  /** Global options that take a value, so positionals are found correctly. */
  valued?: readonly string[];
  /** How this tool names its environment: flags, config variables, linked project. */
  environmentHints?: (args: readonly string[], inv: Invocation, ctx: RuleContext) => EnvironmentHint[];
  /** Tools acting on this machine (docker without a remote host) resolve `local`, others `unknown`. */
  kind?: (args: readonly string[], inv: Invocation) => 'local' | 'remote';
  specs: readonly SubcommandSpec[];
}

function matchPath(words: readonly string[], path: readonly string[]): boolean {
  if (words.length < path.length) return false;
  return path.every((segment, i) => segment.split('|').includes(words[i]));
}

export function hintsFromOptions(args: readonly string[], options: Record<string, readonly string[]>): EnvironmentHint[] {
  const hints: EnvironmentHint[] = [];
  for (const [source, names] of Object.entries(options)) {
    const value = optionValue(args, names);
    if (value) hints.push({ source, value });
  }
  return hints;
}

export function hintsFromVariables(inv: Invocation, names: readonly string[]): EnvironmentHint[] {
  return names.filter((name) => inv.env[name]).map((name) => ({ source: `variable ${name}`, value: inv.env[name] }));
}

export function tableRule(table: ToolTable): CommandRule {
  return {
    family: table.family,
    programs: table.programs,
    detect(inv: Invocation, ctx: RuleContext): Detection[] {
      const args = inv.argv.slice(1);
      if (isInformational(args)) return [];
      const words = positionals(args, table.valued ?? []);
      const results: Detection[] = [];
      for (const spec of table.specs) {
        if (!matchPath(words, spec.path)) continue;
        const rest = words.slice(spec.path.length);
        if (spec.when && !spec.when(args, rest)) continue;
        const raised = spec.raise && hasFlag(args, spec.raise.flags);
        const name = resolveName(spec.resource, args, rest, inv, ctx);
        const kind = table.kind?.(args, inv) ?? 'remote';
        const environment = ctx.environment(inv, table.environmentHints?.(args, inv, ctx) ?? [], kind);
        const radius =
          raised && spec.raise?.blastRadius
            ? spec.raise.blastRadius
            : typeof spec.blastRadius === 'function'
              ? spec.blastRadius(name ?? spec.resource?.fallback ?? (spec.resource ? `(${spec.resource.kind} not named)` : 'the target'), args)
              : spec.blastRadius;
        results.push(
          detection({
            rule: spec.rule ?? `${table.family}.${spec.action.replace(/\s+/g, '-')}`,
            tool: inv.program,
            action: spec.action,
            resource: spec.resource
              ? { kind: spec.resource.kind, name: name ?? spec.resource.fallback ?? `(${spec.resource.kind} not named)` }
              : null,
            environment,
            reversible: spec.reversible ?? false,
            blastRadius: radius,
            risk: raised ? spec.raise!.risk : spec.risk,
            confirmText: name ?? `${inv.program} ${spec.action}`,
          }),
        );
        break;
      }
      return results;
    },
  };
}

function resolveName(
  source: ResourceSource | null,
  args: readonly string[],
  rest: readonly string[],
  inv: Invocation,
  ctx: RuleContext,
): string | undefined {
  if (!source) return undefined;
  if (source.options) {
    const value = optionValue(args, source.options);
    if (value) return value;
  }
  if (source.from) {
    const value = source.from(args, rest, inv, ctx);
    if (value) return value;
  }
  if (source.positional !== undefined) return rest[source.positional];
  return undefined;
}

/**
 * The fallback for CLIs with hundreds of delete operations (aws, gcloud, az): an operation the table does
 * not list still deletes something, so it asks a person at medium risk with what little the command says.
 */
export function unlistedDeletion(
  inv: Invocation,
  ctx: RuleContext,
  found: { family: string; command: string; kind: string; name?: string; hints: EnvironmentHint[]; consequence: string; where?: 'local' | 'remote' },
): Detection {
  const { family, command, kind, name } = found;
  return detection({
    rule: `${family}.${command.replace(/\s+/g, '-')}`,
    tool: inv.program,
    action: command,
    resource: { kind, name: name ?? `(${kind} not named)` },
    environment: ctx.environment(inv, found.hints, found.where ?? 'remote'),
    reversible: false,
    blastRadius: `runs ${inv.program} ${command}, which deletes the ${kind}${name ? ` ${name}` : ''}${found.consequence}`,
    risk: 'medium',
    confirmText: name ?? `${inv.program} ${command}`,
  });
}
