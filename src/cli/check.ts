// `blastdoor check`: one command line (human summary or --json), or many as JSON lines on stdin.
import { createInterface } from 'node:readline';
import path from 'node:path';
import { createAnalyzer, type Analyzer } from '../core/analyzer';
import { loadPolicy, PolicyError, type EffectivePolicy } from '../core/policy';
import { redactCommand } from '../core/redact';
import type { Verdict } from '../core/types';
import { EXIT, UsageError, writeOut } from './io';

export const EXIT_FOR_DECISION: Record<Verdict['decision'], number> = { allow: EXIT.allow, confirm: EXIT.confirm, deny: EXIT.deny };

export interface CheckOptions {
  cwd: string;
  json: boolean;
  jsonl: boolean;
  command: string[];
}

export async function runCheck(options: CheckOptions): Promise<number> {
  if (options.jsonl) {
    if (options.command.length > 0) throw new UsageError('--jsonl reads commands from stdin; give no command line after it');
    return checkLines(await createAnalyzer(__dirname));
  }
  const command = options.command.join(' ');
  if (!command.trim()) throw new UsageError('no command line given: blastdoor check [--cwd DIR] [--json] -- <command line>');
  const cwd = path.resolve(options.cwd);
  const policy = loadPolicy(cwd);
  const analyzer = await createAnalyzer(__dirname);
  const verdict = toVerdict(analyzer.analyze(command, { cwd, env: stringEnv(process.env), policy }));
  await writeOut(options.json ? `${JSON.stringify(verdict)}\n` : summarize(command, verdict));
  return EXIT_FOR_DECISION[verdict.decision];
}

/** Only the contract's fields: callers read the verdict exactly. */
export function toVerdict(analysis: Verdict): Verdict {
  return { decision: analysis.decision, risk: analysis.risk, findings: analysis.findings, reasons: analysis.reasons };
}

function stringEnv(env: NodeJS.ProcessEnv): Record<string, string> {
  return Object.fromEntries(Object.entries(env).filter((entry): entry is [string, string] => typeof entry[1] === 'string'));
}

interface LineRequest {
  command: string;
  cwd?: string;
  env?: Record<string, string>;
}

function parseLine(line: string): LineRequest {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch (error) {
    throw new Error(`not JSON: ${(error as Error).message}`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Error('expected an object like {"command": "…"}');
  const request = value as Record<string, unknown>;
  if (typeof request.command !== 'string') throw new Error('"command" must be a string');
  if (request.cwd !== undefined && typeof request.cwd !== 'string') throw new Error('"cwd" must be a string');
  if (request.env !== undefined) {
    if (typeof request.env !== 'object' || request.env === null || Array.isArray(request.env)) throw new Error('"env" must be an object of strings');
    for (const [name, val] of Object.entries(request.env)) if (typeof val !== 'string') throw new Error(`"env.${name}" must be a string`);
  }
  return request as unknown as LineRequest;
}

async function checkLines(analyzer: Analyzer): Promise<number> {
  const policies = new Map<string, EffectivePolicy | PolicyError>();
  const lines = createInterface({ input: process.stdin, crlfDelay: Infinity });
  for await (const line of lines) {
    if (!line.trim()) continue;
    let output: object;
    try {
      const request = parseLine(line);
      const cwd = path.resolve(request.cwd ?? process.cwd());
      if (!policies.has(cwd)) {
        try {
          policies.set(cwd, loadPolicy(cwd));
        } catch (error) {
          if (!(error instanceof PolicyError)) throw error;
          policies.set(cwd, error);
        }
      }
      const policy = policies.get(cwd)!;
      if (policy instanceof PolicyError) throw policy;
      output = toVerdict(analyzer.analyze(request.command, { cwd, env: request.env ?? {}, policy }));
    } catch (error) {
      output = { decision: 'error', error: error instanceof Error ? error.message : String(error) };
    }
    await writeOut(`${JSON.stringify(output)}\n`);
  }
  return EXIT.allow;
}

const DECISION_LABEL: Record<Verdict['decision'], string> = {
  allow: 'ALLOW',
  confirm: 'CONFIRM: a person must approve this',
  deny: 'DENY: this must not run from an agent',
};

export function summarize(command: string, verdict: Verdict): string {
  const redacted = redactCommand(command);
  const shown = redacted.length > 200 ? `${redacted.slice(0, 197)}…` : redacted;
  const lines = [`${DECISION_LABEL[verdict.decision]} (risk ${verdict.risk})`, `  command: ${shown.replace(/\n/g, '\n           ')}`];
  for (const finding of verdict.findings) {
    lines.push('');
    lines.push(`  ${finding.tool} ${finding.action}  [${finding.rule}]`);
    if (finding.resource) lines.push(`    target:       ${finding.resource.kind} ${finding.resource.name}`);
    lines.push(`    environment:  ${finding.environment.name} (${finding.environment.evidence})`);
    lines.push(`    blast radius: ${finding.blastRadius}`);
    lines.push(`    reversible:   ${finding.reversible ? 'yes' : 'no'}`);
    if (verdict.decision === 'confirm') lines.push(`    to approve, type: ${finding.confirmText}`);
  }
  const extra = verdict.reasons.slice(verdict.findings.length);
  if (extra.length > 0) {
    lines.push('');
    for (const reason of extra) lines.push(`  note: ${reason}`);
  }
  return `${lines.join('\n')}\n`;
}
