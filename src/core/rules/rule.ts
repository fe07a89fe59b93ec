// What a detection rule sees and returns. One module per tool family implements `CommandRule`.
import type { EnvironmentHint } from '../environment';
import type { Invocation } from '../invocation';
import { shiftRisk, type EnvironmentName, type EnvironmentVerdict, type Finding, type Risk } from '../types';

export interface RuleContext {
  environment(inv: Invocation, hints: EnvironmentHint[], kind: 'local' | 'remote'): EnvironmentVerdict;
  /** Reads a small text file next to the command (SQL files, scripts); undefined when missing or unreadable. */
  readText(path: string): string | undefined;
  /** True when an earlier part of the same command line wrote this file with content we cannot know (`curl -o`). */
  writtenUnknown(path: string): boolean;
  home: string;
  /** The directory the command line starts in. */
  startCwd: string;
  /** The repository holding it (nearest folder with `.git`), or startCwd outside a repository. */
  workspaceRoot: string;
  /** Branches whose history is shared (`main`, `master`, `release/*` and the policy's own). */
  isProtectedBranch(branch: string): boolean;
}

/** A finding plus what the engine needs to rank and decide it. */
export interface Detection extends Finding {
  risk: Risk;
  /** Rules mark outright catastrophes (wiping `/`, a disk) as deny; everything else asks a person. */
  deny?: boolean;
  /** The simple command it came from; set by the analyzer. */
  source?: Invocation;
}

export interface CommandRule {
  family: string;
  /** Program names (`argv[0]` basenames) this rule reads. `*` reads every command. */
  programs: readonly string[];
  detect(inv: Invocation, ctx: RuleContext): Detection[];
}

export interface DetectionSpec extends Omit<Finding, 'confirmText' | 'reversible'> {
  /** The risk on an unknown or production target; lower environments scale it down. */
  risk: Risk;
  reversible?: boolean;
  confirmText?: string;
  deny?: boolean;
}

const ENVIRONMENT_SHIFT: Record<EnvironmentName, number> = { production: 0, unknown: 0, staging: -1, development: -2, local: -1 };

/** Builds a detection, scaling the rule's risk by the environment and defaulting the confirmation text. */
export function detection(spec: DetectionSpec): Detection {
  const confirmText = spec.confirmText ?? spec.resource?.name ?? `${spec.tool} ${spec.action}`;
  return {
    rule: spec.rule,
    tool: spec.tool,
    action: spec.action,
    resource: spec.resource,
    environment: spec.environment,
    reversible: spec.reversible ?? false,
    blastRadius: spec.blastRadius,
    confirmText,
    risk: spec.deny ? 'critical' : shiftRisk(spec.risk, ENVIRONMENT_SHIFT[spec.environment.name]),
    deny: spec.deny,
  };
}
