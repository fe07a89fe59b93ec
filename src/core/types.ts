// The verdict contract shared by the CLI, the agent hooks, the terminal gate and the editor.
// Field names and value sets are fixed: external checks read them exactly.

export type Decision = 'allow' | 'confirm' | 'deny';
export type Risk = 'none' | 'low' | 'medium' | 'high' | 'critical';
export type EnvironmentName = 'production' | 'staging' | 'development' | 'local' | 'unknown';

export interface Resource {
  /** What is destroyed: volume, database, table, branch, path, bucket, namespace… */
  kind: string;
  /** The name or id as written in the command. */
  name: string;
}

export interface EnvironmentVerdict {
  name: EnvironmentName;
  /** Why we believe it: the flag, variable, hostname or directory that named it, or why nothing did. */
  evidence: string;
}

export interface Finding {
  rule: string;
  tool: string;
  action: string;
  resource: Resource | null;
  environment: EnvironmentVerdict;
  reversible: boolean;
  blastRadius: string;
  confirmText: string;
}

export interface Verdict {
  decision: Decision;
  risk: Risk;
  findings: Finding[];
  reasons: string[];
}

export const RISK_ORDER: readonly Risk[] = ['none', 'low', 'medium', 'high', 'critical'];

export function maxRisk(a: Risk, b: Risk): Risk {
  return RISK_ORDER.indexOf(a) >= RISK_ORDER.indexOf(b) ? a : b;
}

export function shiftRisk(risk: Risk, by: number): Risk {
  const index = Math.min(RISK_ORDER.length - 1, Math.max(1, RISK_ORDER.indexOf(risk) + by));
  return RISK_ORDER[index];
}
