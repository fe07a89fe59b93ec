// make. Enough of GNU make to see what a target runs: includes, variables (with make's defaults such as
// `RM = rm -f` and `MAKE = make`), define blocks, pattern rules and automatic variables, `$(shell …)` (run
// while the file is read, or in a recipe), `$(call …)`, .ONESHELL and .RECIPEPREFIX. Conditionals are ignored:
// both branches are read.
import path from 'node:path';
import type { Invocation } from '../invocation';
import { optionValue } from '../rules/args';
import type { Expansion, ReadContext } from '../shellReader';
import { resolvePath } from '../shellReader';
import { stdinText } from '../stdin';
import type { ReadText } from './readText';

interface MakeRule {
  target: string;
  prerequisites: string[];
  recipe: string[];
}

interface Makefile {
  variables: Map<string, string>;
  rules: Map<string, MakeRule>;
  /** Rules whose target holds `%`. */
  patterns: MakeRule[];
  defaultTarget?: string;
  /** `$(shell …)` outside recipes: make runs it while it reads the file. */
  parseTime: string[];
  oneShell: boolean;
}

const MAKE_DEFAULTS: Record<string, string> = { MAKE: 'make', RM: 'rm -f', SHELL: '/bin/sh', CC: 'cc', CXX: 'g++', AR: 'ar', MAKEFLAGS: '' };

function parseMakefile(text: string, makefile: Makefile, include: (file: string) => string | undefined, depth = 0): void {
  let current: MakeRule[] = [];
  let prefix = '\t';
  const lines = text.replace(/\\\r?\n[ \t]*/g, ' ').split(/\r?\n/);
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index];
    if (line.startsWith(prefix) && current.length > 0) {
      for (const rule of current) rule.recipe.push(line.slice(prefix.length));
      continue;
    }
    // Runs of blanks made single keep the rule pattern below linear on long lines.
    const stripped = line
      .replace(/(^|[^\\])#.*$/, '$1')
      .trim()
      .replace(/\s+/g, ' ');
    if (!stripped) continue;
    const define = /^(?:export\s+|override\s+)?define\s+([A-Za-z_][A-Za-z0-9_.-]*)/.exec(stripped);
    if (define) {
      const body: string[] = [];
      while (++index < lines.length && !/^\s*endef\b/.test(lines[index])) body.push(lines[index]);
      makefile.variables.set(define[1], body.join('\n'));
      current = [];
      continue;
    }
    const included = /^(-?include|sinclude)\s+(.+)$/.exec(stripped);
    if (included) {
      if (depth < 8) {
        for (const file of expandMakeVariables(included[2], makefile.variables).split(/\s+/).filter(Boolean)) {
          const content = include(file);
          if (content !== undefined) parseMakefile(content, makefile, include, depth + 1);
        }
      }
      current = [];
      continue;
    }
    if (/^(ifeq|ifneq|ifdef|ifndef|else|endif)\b/.test(stripped)) continue;
    collectShell(stripped, makefile);
    const assignment = /^(?:export\s+|override\s+|private\s+)*([A-Za-z_.][A-Za-z0-9_.-]*)\s*(::=|:::=|:=|\?=|\+=|!=|=)\s*(.*)$/.exec(stripped);
    if (assignment) {
      const [, name, operator, value] = assignment;
      if (name === '.RECIPEPREFIX') prefix = value.charAt(0) || '\t';
      else if (operator === '?=') {
        if (!makefile.variables.has(name)) makefile.variables.set(name, value);
      } else if (operator === '+=') makefile.variables.set(name, `${makefile.variables.get(name) ?? ''} ${value}`.trim());
      else if (operator === '!=') {
        // `X != cmd` runs cmd now.
        makefile.parseTime.push(value);
        makefile.variables.set(name, `$(shell ${value})`);
      } else makefile.variables.set(name, value);
      current = [];
      continue;
    }
    const rule = /^([^:=]+?)\s*::?\s*([^=]*)$/.exec(stripped);
    if (rule) {
      const [prerequisitesPart, ...inline] = rule[2].split(';');
      const targets = rule[1].split(/\s+/).filter(Boolean);
      current = [];
      for (const target of targets) {
        if (target === '.ONESHELL') makefile.oneShell = true;
        const entry: MakeRule = target.includes('%')
          ? { target, prerequisites: [], recipe: [] }
          : (makefile.rules.get(target) ?? { target, prerequisites: [], recipe: [] });
        entry.prerequisites.push(...prerequisitesPart.split(/\s+/).filter(Boolean));
        if (inline.join(';').trim()) entry.recipe.push(inline.join(';').trim());
        if (target.includes('%')) makefile.patterns.push(entry);
        else makefile.rules.set(target, entry);
        current.push(entry);
        if (!makefile.defaultTarget && !target.startsWith('.') && !target.includes('%')) makefile.defaultTarget = target;
      }
      continue;
    }
    current = [];
  }
}

/** `$(shell cmd)` in a line make reads (not a recipe). */
function collectShell(line: string, makefile: Makefile): void {
  for (const call of shellCalls(line)) makefile.parseTime.push(call.command);
}

/** The `$(shell …)` calls in text, with balanced parentheses. */
function shellCalls(text: string): { start: number; end: number; command: string }[] {
  const calls: { start: number; end: number; command: string }[] = [];
  let from = 0;
  for (;;) {
    const start = text.indexOf('$(shell ', from);
    if (start < 0) return calls;
    let depth = 0;
    let end = start + 1;
    for (; end < text.length; end++) {
      if (text[end] === '(') depth++;
      else if (text[end] === ')' && --depth === 0) break;
    }
    calls.push({ start, end: end + 1, command: text.slice(start + 8, end) });
    from = end + 1;
  }
}

/** Text make variables may expand to; past it references stay as written (`A = $(B)$(B)…` nested deep). */
const MAX_MAKE_EXPANSION = 64 * 1024;

function expandMakeVariables(
  text: string,
  variables: Map<string, string>,
  automatic: Record<string, string> = {},
  depth = 0,
  budget = { left: MAX_MAKE_EXPANSION },
): string {
  if (depth > 8) return text;
  const expand = (body: string) => {
    if (budget.left <= 0) return undefined;
    const value = expandMakeVariables(body, variables, automatic, depth + 1, budget);
    budget.left -= value.length;
    return value;
  };
  const expanded = text.replace(
    /\$\$|\$([@<^+*?])|\$[({]([@<^*][DF])[)}]|\$[({]call\s+([A-Za-z_][A-Za-z0-9_.-]*)\s*(?:,([^)}]*))?[)}]|\$[({]([A-Za-z_][A-Za-z0-9_.-]*)[)}]/g,
    (match, auto?: string, autoPart?: string, called?: string, callArgs?: string, name?: string) => {
      if (match === '$$') return '\u0000';
      if (auto !== undefined) return automatic[auto] ?? match;
      if (autoPart !== undefined) {
        const value = automatic[autoPart[0]];
        if (value === undefined) return match;
        return autoPart[1] === 'D' ? path.dirname(value) : path.basename(value);
      }
      if (called !== undefined) {
        const body = variables.get(called);
        if (body === undefined) return match;
        const params = (callArgs ?? '').split(',');
        const bound = body.replace(/\$[({](\d+)[)}]/g, (_, n: string) => params[Number(n) - 1] ?? '');
        return expand(bound) ?? match;
      }
      return name !== undefined && variables.has(name) ? (expand(variables.get(name)!) ?? match) : match;
    },
  );
  return expanded.replace(/\u0000/g, '$');
}

/** A recipe line as the shell gets it: make's prefixes off, `$(shell cmd)` as the shell's `$(cmd)`. */
function recipeScript(line: string, variables: Map<string, string>, automatic: Record<string, string>): string {
  const expanded = expandMakeVariables(line.replace(/^[\s@+-]+/, ''), variables, automatic);
  let script = expanded;
  for (const call of shellCalls(expanded).reverse()) script = `${script.slice(0, call.start)}$(${call.command})${script.slice(call.end)}`;
  return script.trim();
}

export function makeExpansion(inv: Invocation, context: ReadContext, readText: ReadText): Expansion[] {
  const args = inv.argv.slice(1);
  if (args.some((a) => ['--help', '-h', '-v', '--version'].includes(a))) return [];
  const dirOption = optionValue(args, ['-C', '--directory']);
  const cwd = dirOption ? resolvePath(inv.cwd, dirOption, context.home) : inv.cwd;
  const fileOption = optionValue(args, ['-f', '--file', '--makefile']);
  let text: string | undefined;
  if (fileOption === '-') {
    const fed = stdinText(inv.stdin, readText, context.home);
    text = fed?.known ? fed.text : undefined;
  } else {
    for (const candidate of fileOption ? [fileOption] : ['GNUmakefile', 'makefile', 'Makefile']) {
      text = readText(resolvePath(cwd, candidate, context.home));
      if (text !== undefined) break;
    }
  }
  if (text === undefined) return [];
  const makefile: Makefile = {
    variables: new Map(Object.entries({ ...MAKE_DEFAULTS, CURDIR: cwd })),
    rules: new Map(),
    patterns: [],
    parseTime: [],
    oneShell: false,
  };
  parseMakefile(text, makefile, (file) => readText(resolvePath(cwd, file, context.home)));
  const valued = [
    '-C',
    '--directory',
    '-f',
    '--file',
    '--makefile',
    '-j',
    '--jobs',
    '-l',
    '-o',
    '-W',
    '-I',
    '--include-dir',
    '--what-if',
    '--old-file',
  ];
  // `make -n` prints recipes instead of running them, except lines marked `+` or calling $(MAKE).
  const dryRun = args.some((a) => ['--dry-run', '--just-print', '--recon', '--question', '--touch'].includes(a) || /^-[a-zA-Z]*[nqt]/.test(a));
  const targets: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (valued.includes(arg)) {
      i++;
      continue;
    }
    if (arg.startsWith('-')) continue;
    const assignment = /^([A-Za-z_][A-Za-z0-9_]*)\s*:{0,2}=(.*)$/s.exec(arg);
    if (assignment) makefile.variables.set(assignment[1], assignment[2]);
    else targets.push(arg);
  }
  if (targets.length === 0 && makefile.defaultTarget) targets.push(makefile.defaultTarget);
  const expansions: Expansion[] = makefile.parseTime.map((command) => ({
    via: 'make (while reading the makefile)',
    script: recipeScript(command, makefile.variables, {}),
    cwd,
  }));
  const visited = new Set<string>();
  const visit = (target: string, depth: number) => {
    if (visited.has(target) || depth > 16) return;
    visited.add(target);
    const explicit = makefile.rules.get(target);
    let rule = explicit;
    let stem = '';
    if (!rule || rule.recipe.length === 0) {
      for (const pattern of makefile.patterns) {
        const [before, after] = pattern.target.split('%', 2);
        if (target.length >= before.length + after.length && target.startsWith(before) && target.endsWith(after)) {
          stem = target.slice(before.length, target.length - after.length);
          rule = {
            target,
            prerequisites: [...(explicit?.prerequisites ?? []), ...pattern.prerequisites.map((p) => p.replace('%', stem))],
            recipe: pattern.recipe,
          };
          break;
        }
      }
    }
    if (!rule) return;
    for (const prerequisite of rule.prerequisites) visit(expandMakeVariables(prerequisite, makefile.variables), depth + 1);
    const prerequisites = rule.prerequisites.map((p) => expandMakeVariables(p, makefile.variables));
    const automatic = {
      '@': target,
      '<': prerequisites[0] ?? '',
      '^': prerequisites.join(' '),
      '+': prerequisites.join(' '),
      '?': prerequisites.join(' '),
      '*': stem,
    };
    const lines = rule.recipe.filter((line) => !dryRun || /^\s*[@-]*\+/.test(line) || /\$[({]MAKE[)}]/.test(line));
    const scripts = lines.map((line) => recipeScript(line, makefile.variables, automatic)).filter(Boolean);
    if (makefile.oneShell && scripts.length > 0) expansions.push({ via: `make ${target}`, script: scripts.join('\n'), cwd });
    else for (const script of scripts) expansions.push({ via: `make ${target}`, script, cwd });
  };
  for (const target of targets) visit(target, 0);
  return expansions;
}
