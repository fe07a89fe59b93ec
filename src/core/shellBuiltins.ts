// Builtins and commands that change what later commands see: `cd`/`pushd`/`popd` and CDPATH, variables set by
// `export`, `declare`, `unset`, `set --`, `printf -v`, `let`, `read` and kin, aliases, and tool selections
// (`terraform workspace select`).
import { statSync } from 'node:fs';
import path from 'node:path';
import type { Invocation } from './invocation';
import type { ReadContext } from './shellReader';
import { homeOf, physical, resolvePath, setPositional, unknownDirectory, type FunctionBody, type Scope } from './shellScope';
import { formatPrintf } from './stdin';

/** What a builtin may change in the reader besides the scope. */
export interface BuiltinState {
  selections: Map<string, string>;
  aliases: Map<string, string>;
  functions: Map<string, FunctionBody>;
  incomplete: Set<string>;
}

/** Commands that select what later commands act on, and the variable the tool itself reads for it. */
const SELECTIONS: { programs: string[]; path: string[]; variable: string }[] = [
  { programs: ['terraform', 'tofu'], path: ['workspace', 'select'], variable: 'TF_WORKSPACE' },
  { programs: ['terraform', 'tofu'], path: ['workspace', 'new'], variable: 'TF_WORKSPACE' },
  { programs: ['pulumi'], path: ['stack', 'select'], variable: 'PULUMI_STACK' },
  { programs: ['railway'], path: ['environment', 'link'], variable: 'RAILWAY_ENVIRONMENT' },
  { programs: ['railway'], path: ['environment'], variable: 'RAILWAY_ENVIRONMENT' },
];
const NOT_A_SELECTION = new Set(['new', 'delete', 'rm', 'remove', 'link', 'list', 'ls', 'show', 'edit', 'select']);

/** Builtins that set the variables named in their arguments to what only runtime knows. */
const ASSIGNING_BUILTINS: Record<string, { valued: string[]; names: (operands: string[], args: string[]) => string[] }> = {
  read: {
    valued: ['-a', '-d', '-i', '-n', '-N', '-p', '-t', '-u'],
    names: (ops, args) => [...(ops.length ? ops : ['REPLY']), ...optionValues(args, '-a')],
  },
  mapfile: { valued: ['-d', '-n', '-O', '-s', '-u', '-C', '-c'], names: (ops) => [ops[ops.length - 1] ?? 'MAPFILE'] },
  readarray: { valued: ['-d', '-n', '-O', '-s', '-u', '-C', '-c'], names: (ops) => [ops[ops.length - 1] ?? 'MAPFILE'] },
  getopts: { valued: [], names: (ops) => (ops[1] ? [ops[1], 'OPTARG', 'OPTIND'] : []) },
  wait: { valued: ['-p'], names: (_, args) => optionValues(args, '-p') },
};

/** Builtins that change what later commands see: the directory, variables, aliases. */
export function applyBuiltin(invocation: Invocation, scope: Scope, context: ReadContext, state: BuiltinState): void {
  const [name] = invocation.argv;
  const args = invocation.argv.slice(1);
  if ((name === 'cd' || name === 'pushd' || name === 'popd') && !scope.remoteHost) {
    changeDirectory(invocation, scope, context);
    return;
  }
  // `terraform workspace select prod && terraform destroy`: the tool stores the selection on disk, so it
  // holds for every later command, subshells included; we pass it on as the variable the tool reads.
  const selection = SELECTIONS.find(
    (entry) => entry.programs.includes(invocation.program) && entry.path.every((word, i) => invocation.argv[i + 1] === word),
  );
  const selected = selection ? invocation.argv[selection.path.length + 1] : undefined;
  if (selection && selected && !selected.startsWith('-') && !NOT_A_SELECTION.has(selected) && !scope.remoteHost)
    state.selections.set(selection.variable, selected);
  if (name === 'alias') {
    for (const arg of args) {
      const match = /^([^=\s]+)=(.*)$/s.exec(arg);
      if (match) state.aliases.set(match[1], match[2]);
    }
  }
  if (name === 'unalias') for (const arg of args) state.aliases.delete(arg);
  if (name === 'export' || name === 'declare' || name === 'typeset' || name === 'local' || name === 'readonly') {
    // `declare -n ref=X` makes ref another name for X: what it holds is not a value of its own.
    const nameref = args.some((a) => /^-[a-zA-Z]*n/.test(a));
    args.forEach((arg, i) => {
      const match = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/s.exec(arg);
      if (match) scope.vars.set(match[1], nameref || invocation.dynamic[i + 1] ? null : match[2]);
      if (match?.[1] === 'IFS') state.incomplete.add('the command changes IFS, so how bash splits words cannot be predicted');
    });
  }
  if (name === 'unset') {
    const functionsOnly = args.includes('-f');
    for (const arg of args.filter((a) => !a.startsWith('-'))) {
      if (functionsOnly) state.functions.delete(arg);
      else scope.vars.delete(arg);
    }
  }
  if (name === 'set' && args[0] === '--') setPositional(scope, args.slice(1));
  if (name === 'printf' && args[0] === '-v' && args[1]) {
    const printed = invocation.dynamic.slice(3).some(Boolean) ? undefined : formatPrintf(args.slice(2));
    scope.vars.set(args[1], printed ?? null);
  }
  if (name === 'let') for (const arg of args) for (const variable of assignedInArithmetic(arg)) scope.vars.set(variable, null);
  const assigning = ASSIGNING_BUILTINS[name];
  if (assigning) {
    const operands = args.filter((a, i) => !a.startsWith('-') && !assigning.valued.includes(args[i - 1] ?? ''));
    for (const variable of assigning.names(operands, args)) scope.vars.set(variable, null);
  }
}

/** `cd`, `pushd`, `popd`: where the following commands run. */
function changeDirectory(invocation: Invocation, scope: Scope, context: ReadContext): void {
  const [name, ...rest] = invocation.argv;
  const dashes = rest.indexOf('--');
  const operands = rest.filter((a, i) => (dashes >= 0 && i > dashes) || (a !== '--' && !/^-[LPe@n]+$/.test(a)));
  const target = operands[0];
  const targetDynamic = target !== undefined && invocation.dynamic[rest.indexOf(target) + 1];
  const noChange = name !== 'cd' && rest.includes('-n');
  if (name === 'popd') {
    // `popd +N` drops a stack entry without moving; which one we may not know.
    if (target !== undefined && target !== '+0') scope.dirStack = null;
    else popDirectory(scope, context, noChange);
    return;
  }
  const from = scope.cwd;
  let to: string | undefined;
  if (name === 'pushd' && target !== undefined && /^[+-]\d+$/.test(target)) {
    // Rotating the stack: where it lands depends on entries we may not know; keep it simple and unknown.
    scope.dirStack = null;
    to = unknownDirectory(context);
  } else if (name === 'pushd' && target === undefined) {
    // `pushd` alone swaps the top two entries.
    const stack = scope.dirStack;
    if (stack === null || stack.length === 0) to = stack === null ? unknownDirectory(context) : undefined;
    else {
      to = stack[0];
      scope.dirStack = [from, ...stack.slice(1)];
    }
  } else if (target === undefined) {
    to = homeOf(scope, context);
  } else if (targetDynamic) {
    to = unknownDirectory(context);
  } else if (target === '-' || target === '~-' || target.startsWith('~-/')) {
    const oldpwd = scope.vars.get('OLDPWD');
    const previous = scope.previousCwd ?? (typeof oldpwd === 'string' ? oldpwd : undefined);
    to = previous === undefined ? unknownDirectory(context) : physical(path.resolve(previous, target.replace(/^~?-\/?/, '')));
  } else {
    to = searchCdPath(target, scope, context) ?? physical(resolvePath(scope.cwd, target, homeOf(scope, context)));
  }
  if (to === undefined) return;
  if (name === 'pushd' && target !== undefined && !/^[+-]\d+$/.test(target)) {
    if (noChange) {
      scope.dirStack = scope.dirStack === null ? null : [to, ...scope.dirStack];
      return;
    }
    scope.dirStack = scope.dirStack === null ? null : [from, ...scope.dirStack];
  }
  scope.cwd = to;
  scope.previousCwd = from;
  scope.vars.set('OLDPWD', from);
  scope.vars.set('PWD', to);
}

/**
 * `CDPATH=/srv cd app`: a relative name is looked up in CDPATH's folders first, so the shell may land far from
 * the working directory. Only folders that exist count; an unknown CDPATH leaves the destination unknown.
 */
function searchCdPath(target: string, scope: Scope, context: ReadContext): string | undefined {
  const cdpath = scope.vars.get('CDPATH');
  if (cdpath === undefined || cdpath === '' || /^(\/|\.{1,2}(\/|$)|~)/.test(target)) return undefined;
  if (cdpath === null) return unknownDirectory(context);
  for (const entry of cdpath.split(':')) {
    const candidate = path.resolve(scope.cwd, entry || '.', target);
    try {
      if (statSync(candidate).isDirectory()) return physical(candidate);
    } catch {
      // not there: try the next folder
    }
  }
  return undefined;
}

function popDirectory(scope: Scope, context: ReadContext, noChange: boolean): void {
  const stack = scope.dirStack;
  if (stack !== null && stack.length === 0) return; // bash: "directory stack empty", nothing moves
  const from = scope.cwd;
  const to = stack === null ? unknownDirectory(context) : stack[0];
  scope.dirStack = stack === null ? null : stack.slice(1);
  if (noChange) return;
  scope.cwd = to;
  scope.previousCwd = from;
  scope.vars.set('OLDPWD', from);
  scope.vars.set('PWD', to);
}

function optionValues(args: string[], option: string): string[] {
  return args.flatMap((a, i) => (a === option && args[i + 1] ? [args[i + 1]] : []));
}

/** Names assigned in an arithmetic expression: `x = 1`, `x += 2`, `i++`, `--n`. */
export function assignedInArithmetic(text: string): string[] {
  const names = new Set<string>();
  const pattern = /([A-Za-z_][A-Za-z0-9_]*)\s*(?:(?:[-+*/%&^|]|<<|>>)?=(?!=)|\+\+|--)|(?:\+\+|--)\s*([A-Za-z_][A-Za-z0-9_]*)/g;
  for (const match of text.matchAll(pattern)) names.add(match[1] ?? match[2]);
  return [...names];
}
