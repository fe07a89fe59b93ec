// The decision point every gate calls: read the command like bash, run the tool-family rules on each
// simple command, apply policy, and return one verdict.
import { closeSync, constants, existsSync, fstatSync, openSync, readSync } from 'node:fs';
import path from 'node:path';
import os from 'node:os';
import { minimatch } from 'minimatch';
import { EnvironmentResolver } from './environment';
import { loadBashParser } from './parser';
import { applyPolicy, type EffectivePolicy } from './policy';
import { ALL_RULES, looksDangerous } from './rules';
import type { CommandRule, Detection, RuleContext } from './rules/rule';
import { createScriptExpander } from './scripts';
import { redactCommand } from './redact';
import { ShellReader, type ReadResult } from './shellReader';
import { maxRisk, type Risk, type Verdict } from './types';
import { createWrapperExpander } from './wrappers';
import { WrittenFiles } from './writtenFiles';
import type { Invocation } from './invocation';

export interface AnalyzeOptions {
  cwd?: string;
  /** Variables the command would see (the shell's environment); none by default. */
  env?: Record<string, string>;
  policy?: EffectivePolicy;
}

export interface Analysis extends Verdict {
  /** Every simple command read, for the audit log and the approval view. */
  invocations: Invocation[];
}

export interface Analyzer {
  analyze(command: string, options?: AnalyzeOptions): Analysis;
}

/**
 * Commands longer than this are not read; they need a person's confirmation. Agents' commands are far shorter;
 * hostile ones near a megabyte cost seconds and hundreds of MB of parser memory (see `npm run bench`).
 */
export const MAX_COMMAND_LENGTH = 256 * 1024;
/** Scripts, SQL files and manifests read to follow a command; larger files are treated as unknown. */
const MAX_READ_BYTES = 512 * 1024;

const DEFAULT_PROTECTED_BRANCHES = ['main', 'master', 'production', 'prod', 'release', 'release/*', 'trunk', 'develop'];

export async function createAnalyzer(wasmDir?: string): Promise<Analyzer> {
  const parser = await loadBashParser(wasmDir);
  const rulesByProgram = new Map<string, CommandRule[]>();
  const everyCommand: CommandRule[] = [];
  for (const rule of ALL_RULES) {
    for (const program of rule.programs) {
      if (program === '*') everyCommand.push(rule);
      else rulesByProgram.set(program, [...(rulesByProgram.get(program) ?? []), rule]);
    }
  }

  const analyzeOrThrow = (command: string, options: AnalyzeOptions): Analysis => {
    const cwd = options.cwd ?? process.cwd();
    const env = options.env ?? {};
    const home = env.HOME ?? os.homedir();
    const policy = options.policy;
    if (command.length > MAX_COMMAND_LENGTH) {
      return {
        decision: 'confirm',
        risk: 'high',
        findings: [],
        reasons: [`the command is ${command.length} characters long, over the ${MAX_COMMAND_LENGTH} that are analysed; a person must read it`],
        invocations: [],
      };
    }
    const written = new WrittenFiles(boundedReader(), home);
    const readText = written.readText;
    const reader = new ShellReader(parser, [createWrapperExpander(readText), createScriptExpander(readText)], written.observe, readText);
    const read = reader.read(command, { cwd, env, home });
    const resolver = new EnvironmentResolver(policy?.environments);
    const protectedBranches = [...DEFAULT_PROTECTED_BRANCHES, ...(policy?.protectedBranches ?? [])];
    const ctx: RuleContext = {
      environment: (inv, hints, kind) => resolver.resolve(inv, hints, kind),
      readText,
      writtenUnknown: (file) => written.writtenUnknown(file),
      home,
      startCwd: cwd,
      workspaceRoot: workspaceRootOf(cwd),
      isProtectedBranch: (branch) => protectedBranches.some((pattern) => minimatch(branch, pattern)),
    };
    const detections: Detection[] = [];
    for (const inv of read.invocations) {
      for (const rule of [...(rulesByProgram.get(inv.program) ?? []), ...everyCommand]) {
        try {
          for (const found of rule.detect(inv, ctx)) detections.push({ ...found, source: inv });
        } catch (error) {
          // A rule bug must never turn into an allow: surface it as a finding a person confirms.
          detections.push(ruleFailure(rule, inv, ctx, error));
        }
      }
    }
    const judged = policy ? applyPolicy(dedupe(detections), read.invocations, policy, ctx) : { detections: dedupe(detections), reasons: [] };
    const verdict = decide(judged.detections, read, command);
    return { ...verdict, reasons: [...verdict.reasons, ...judged.reasons], invocations: read.invocations };
  };

  return {
    analyze(command: string, options: AnalyzeOptions = {}): Analysis {
      try {
        return analyzeOrThrow(command, options);
      } catch (error) {
        // A bug in reading must never become an allow, nor crash the editor or the hook: a person decides.
        const why = error instanceof Error ? error.message : String(error);
        return {
          decision: 'confirm',
          risk: 'high',
          findings: [],
          reasons: [`Blast Door could not analyse this command (${why}); a person must read it`],
          invocations: [],
        };
      }
    },
  };
}

function decide(detections: Detection[], read: ReadResult, command: string): Verdict {
  const reasons: string[] = [];
  let risk: Risk = 'none';
  let decision: Verdict['decision'] = 'allow';
  for (const found of detections) {
    risk = maxRisk(risk, found.risk);
    if (found.deny) decision = 'deny';
    else if (decision === 'allow') decision = 'confirm';
    reasons.push(redactCommand(describeDetection(found)));
  }
  if (read.incomplete.length > 0) {
    if (decision === 'allow') decision = 'confirm';
    risk = maxRisk(risk, 'medium');
    reasons.push(...read.incomplete.map((why) => `${why}; it was not fully analysed`));
  }
  if (read.syntaxErrors.length > 0) {
    reasons.push(...read.syntaxErrors);
    if (decision === 'allow' && looksDangerous(command)) {
      decision = 'confirm';
      risk = maxRisk(risk, 'medium');
      reasons.push('it names a tool that can destroy data, and could not be read completely');
    } else if (decision === 'allow') {
      risk = maxRisk(risk, 'low');
    }
  }
  return { decision, risk, findings: detections.map(toFinding), reasons };
}

export function describeDetection(found: Detection): string {
  const target = found.resource ? `${found.resource.kind} ${JSON.stringify(found.resource.name)}` : 'its target';
  return `${found.tool} ${found.action}: ${target} in ${found.environment.name} (${found.environment.evidence}) — ${found.blastRadius}`;
}

/** The contract's fields only, with any credential the command spelled out masked (defence in depth for every rule). */
function toFinding(found: Detection): Verdict['findings'][number] {
  const { rule, tool, action, resource, environment, reversible, blastRadius, confirmText } = found;
  return {
    rule,
    tool: redactCommand(tool),
    action,
    resource: resource && { kind: resource.kind, name: redactCommand(resource.name) },
    environment: { name: environment.name, evidence: redactCommand(environment.evidence) },
    reversible,
    blastRadius: redactCommand(blastRadius),
    confirmText: redactCommand(confirmText),
  };
}

function dedupe(detections: Detection[]): Detection[] {
  const seen = new Set<string>();
  return detections.filter((d) => {
    const key = JSON.stringify([d.rule, d.action, d.resource, d.environment.name]);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function ruleFailure(rule: CommandRule, inv: Invocation, ctx: RuleContext, error: unknown): Detection {
  return {
    rule: `${rule.family}.internal-error`,
    tool: inv.program,
    action: 'unanalysed',
    resource: null,
    environment: ctx.environment(inv, [], 'remote'),
    reversible: false,
    blastRadius: `the ${rule.family} rules failed on this command (${error instanceof Error ? error.message : String(error)}); a person must judge it`,
    confirmText: inv.program,
    risk: 'medium',
    source: inv,
  };
}

/** Reads small text files once per analysis; binary, huge, missing or unreadable files are unknown. */
function boundedReader(): (file: string) => string | undefined {
  const cache = new Map<string, string | undefined>();
  return (file) => {
    if (cache.has(file)) return cache.get(file);
    let text: string | undefined;
    let fd: number | undefined;
    try {
      // Non-blocking, so a named pipe passed as a script cannot hang the check; fstat then skips it.
      fd = openSync(file, (constants.O_RDONLY ?? 0) | (constants.O_NONBLOCK ?? 0));
      const stat = fstatSync(fd);
      if (stat.isFile() && stat.size <= MAX_READ_BYTES) {
        const buffer = Buffer.alloc(stat.size);
        const length = readSync(fd, buffer, 0, stat.size, 0);
        const bytes = buffer.subarray(0, length);
        if (!bytes.includes(0)) text = bytes.toString('utf8');
      }
    } catch {
      text = undefined;
    } finally {
      if (fd !== undefined) closeSync(fd);
    }
    cache.set(file, text);
    return text;
  };
}

/** The nearest folder at or above `cwd` holding `.git` (a repository or worktree); `cwd` when there is none. */
function workspaceRootOf(cwd: string): string {
  let dir = path.resolve(cwd);
  for (let i = 0; i < 64; i++) {
    if (existsSync(path.join(dir, '.git'))) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  return path.resolve(cwd);
}
