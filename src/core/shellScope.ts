// The state a shell reading carries from one command to the next: the working directory and directory stack,
// variables and positional parameters, open descriptors, and how a forked or possibly-run branch folds back.
import { realpathSync } from 'node:fs';
import path from 'node:path';
import type { EnvironmentHint } from './environment';
import type { StdinSource } from './invocation';
import type { ReadContext } from './shellReader';

export interface Scope {
  cwd: string;
  /** Where `cd -` returns to. */
  previousCwd?: string;
  /** The `pushd` stack below the current directory; null once it cannot be known. */
  dirStack: string[] | null;
  /** Known variables; null when set to something only runtime knows (see VariableLookup). */
  vars: Map<string, string | null>;
  /** Input opened on a descriptor (`exec 3<<EOF`), for a later `<&3`. */
  fds: Map<string, StdinSource>;
  via: string[];
  remoteHost?: string;
  hints: EnvironmentHint[];
  expansionDepth: number;
}

export interface FunctionBody {
  text: string;
  /** `f() ( … )`: the body runs in a subshell. */
  subshell: boolean;
}

export function forkScope(scope: Scope): Scope {
  return { ...scope, vars: new Map(scope.vars), fds: new Map(scope.fds), dirStack: scope.dirStack && [...scope.dirStack] };
}

/** Folds what a branch that may not have run changed back into the surrounding state, as unknown. */
export function merge(into: Scope, maybe: Scope, context: ReadContext): void {
  for (const name of new Set([...into.vars.keys(), ...maybe.vars.keys()])) {
    if (into.vars.get(name) !== maybe.vars.get(name)) into.vars.set(name, null);
  }
  if (maybe.cwd !== into.cwd) into.cwd = unknownDirectory(context);
  if (maybe.previousCwd !== into.previousCwd) into.previousCwd = undefined;
  if (JSON.stringify(maybe.dirStack) !== JSON.stringify(into.dirStack)) into.dirStack = null;
}

export const POSITIONAL = ['@', '*', '#', ...Array.from({ length: 9 }, (_, i) => String(i + 1))];

export function setPositional(scope: Scope, args: string[], unknown = false): void {
  for (const p of POSITIONAL) scope.vars.delete(p);
  if (unknown) {
    for (const p of POSITIONAL) scope.vars.set(p, null);
    return;
  }
  args.slice(0, 9).forEach((arg, i) => scope.vars.set(String(i + 1), arg));
  scope.vars.set('@', args.join(' '));
  scope.vars.set('*', args.join(' '));
  scope.vars.set('#', String(args.length));
}

export function knownVariables(vars: Map<string, string | null>): Record<string, string> {
  const known: Record<string, string> = {};
  for (const [name, value] of vars) if (value !== null) known[name] = value;
  return known;
}

/**
 * Where commands run once `cd` went somewhere we cannot tell (`cd "$DIR"`, `cd a || cd b`): the directory the
 * command line started in, where the person's work is, so relative paths are judged as theirs and never as
 * scratch space elsewhere.
 */
export function unknownDirectory(context: ReadContext): string {
  return context.cwd;
}

/** `cd /tmp/link`: files removed there are those of the link's target. */
export function physical(directory: string): string {
  try {
    return realpathSync(directory);
  } catch {
    return directory;
  }
}

export function homeOf(scope: Scope, context: ReadContext): string {
  const home = scope.vars.get('HOME');
  return typeof home === 'string' ? home : context.home;
}

/** `~`, `~/x`, `~user/x` (another user's home, beside ours) and `~+` (here) as paths. */
export function resolvePath(cwd: string, target: string, home: string): string {
  let expanded = target;
  if (target === '~' || target.startsWith('~/')) expanded = home + target.slice(1);
  else if (target === '~+' || target.startsWith('~+/')) expanded = cwd + target.slice(2);
  else {
    const user = /^~([a-z_][a-z0-9_.-]*)(\/.*)?$/i.exec(target);
    if (user) expanded = (user[1] === 'root' ? '/root' : path.join(path.dirname(home), user[1])) + (user[2] ?? '');
  }
  return path.resolve(cwd, expanded);
}
