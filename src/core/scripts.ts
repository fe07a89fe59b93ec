// `npm run x`, `yarn x`, `pnpm x`, `bun run x`, `make x`, `just x` and `task x` run text written elsewhere:
// read the package.json script (with workspaces and install-time scripts), Makefile recipe, justfile recipe
// or Taskfile task from the working directory and hand it on to be analysed.
import path from 'node:path';
import type { Invocation } from './invocation';
import { readdirSync } from 'node:fs';
import { minimatch } from 'minimatch';
import { optionValue, optionValues } from './rules/args';
import type { Expander, Expansion, ReadContext } from './shellReader';
import { resolvePath } from './shellReader';
import { stdinText } from './stdin';

type ReadText = (file: string) => string | undefined;

const NPM_SCRIPT_ALIASES: Record<string, string> = { test: 'test', t: 'test', tst: 'test', start: 'start', stop: 'stop', restart: 'restart' };
const PACKAGE_MANAGER_BUILTINS = new Set([
  'install',
  'i',
  'add',
  'remove',
  'rm',
  'uninstall',
  'un',
  'update',
  'up',
  'upgrade',
  'outdated',
  'link',
  'unlink',
  'init',
  'create',
  'publish',
  'pack',
  'login',
  'logout',
  'whoami',
  'info',
  'view',
  'why',
  'list',
  'ls',
  'audit',
  'cache',
  'config',
  'set',
  'get',
  'import',
  'patch',
  'store',
  'env',
  'workspace',
  'workspaces',
  'dedupe',
  'prune',
  'rebuild',
  'ci',
  'version',
  'help',
  'root',
  'bin',
  'licenses',
  'plugin',
  'node',
  'constraints',
  'dlx',
  'exec',
  'x',
  'setup',
  'doctor',
  'fetch',
  'import',
  'deploy',
  'server',
  'self-update',
  'build',
  'pm',
  'upgrade-interactive',
  'tag',
  'owner',
  'search',
  'star',
  'explain',
  'fund',
  'docs',
  'repo',
  'bugs',
  'edit',
  'explore',
]);

export function createScriptExpander(readText: ReadText): Expander {
  return (inv, context) => {
    switch (inv.program) {
      case 'npm':
        return npmExpansion(inv, context, readText);
      case 'yarn':
      case 'pnpm':
      case 'bun':
        return runnerExpansion(inv, context, readText);
      case 'make':
      case 'gmake':
        return makeExpansion(inv, context, readText);
      case 'just':
        return justExpansion(inv, context, readText);
      case 'task':
      case 'go-task':
        return taskExpansion(inv, context, readText);
      default:
        return [];
    }
  };
}

interface PackageInfo {
  dir: string;
  name?: string;
  scripts: Record<string, string>;
  /** `workspaces` globs (npm, yarn, bun). */
  workspaces: string[];
}

function readPackage(dir: string, readText: ReadText): PackageInfo | undefined {
  const text = readText(path.join(dir, 'package.json'));
  if (text === undefined) return undefined;
  try {
    const parsed = JSON.parse(text) as { name?: unknown; scripts?: Record<string, unknown>; workspaces?: unknown };
    const scripts: Record<string, string> = {};
    for (const [name, value] of Object.entries(parsed.scripts ?? {})) if (typeof value === 'string') scripts[name] = value;
    const declared = Array.isArray(parsed.workspaces) ? parsed.workspaces : (parsed.workspaces as { packages?: unknown } | undefined)?.packages;
    const workspaces = Array.isArray(declared) ? declared.filter((w): w is string => typeof w === 'string') : [];
    return { dir, name: typeof parsed.name === 'string' ? parsed.name : undefined, scripts, workspaces };
  } catch {
    return { dir, scripts: {}, workspaces: [] };
  }
}

function findPackageJson(cwd: string, readText: ReadText): PackageInfo | undefined {
  let dir = cwd;
  for (let i = 0; i < 32; i++) {
    const found = readPackage(dir, readText);
    if (found) return found;
    const parent = path.dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
  return undefined;
}

/** The workspace root above `cwd`: the nearest package.json declaring workspaces, or a pnpm-workspace.yaml. */
function findWorkspaceRoot(cwd: string, readText: ReadText): { root: PackageInfo; globs: string[] } | undefined {
  let dir = cwd;
  for (let i = 0; i < 32; i++) {
    const pnpm = readText(path.join(dir, 'pnpm-workspace.yaml'));
    const pkg = readPackage(dir, readText);
    if (pnpm !== undefined) return { root: pkg ?? { dir, scripts: {}, workspaces: [] }, globs: pnpmWorkspaceGlobs(pnpm) };
    if (pkg && pkg.workspaces.length > 0) return { root: pkg, globs: pkg.workspaces };
    const parent = path.dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
  return undefined;
}

/** `packages:` list items of pnpm-workspace.yaml. */
function pnpmWorkspaceGlobs(yaml: string): string[] {
  const globs: string[] = [];
  let inPackages = false;
  for (const line of yaml.split(/\r?\n/)) {
    if (/^\S/.test(line)) inPackages = /^packages\s*:/.test(line);
    const item = inPackages ? /^\s+-\s*['"]?([^'"#]+?)['"]?\s*(#.*)?$/.exec(line) : null;
    if (item) globs.push(item[1]);
  }
  return globs;
}

/** The packages a workspace's globs name (`packages/*`, `apps/**`, `web`), at most a few hundred. */
function workspacePackages(root: PackageInfo, globs: string[], readText: ReadText): PackageInfo[] {
  const found = new Map<string, PackageInfo>();
  const excluded = globs.filter((g) => g.startsWith('!')).map((g) => g.slice(1));
  for (const glob of globs.filter((g) => !g.startsWith('!'))) {
    for (const dir of expandDirectories(root.dir, glob.replace(/\/+$/, '').split('/'), 0)) {
      if (found.size >= 300 || found.has(dir)) continue;
      if (excluded.some((ex) => minimatch(path.relative(root.dir, dir), ex))) continue;
      const pkg = readPackage(dir, readText);
      if (pkg) found.set(dir, pkg);
    }
  }
  return [...found.values()];
}

function expandDirectories(base: string, segments: string[], depth: number): string[] {
  if (segments.length === 0) return [base];
  const [segment, ...rest] = segments;
  if (segment === '.' || segment === '') return expandDirectories(base, rest, depth);
  if (!/[*?[{]/.test(segment)) return expandDirectories(path.join(base, segment), rest, depth);
  let entries: string[];
  try {
    entries = readdirSync(base, { withFileTypes: true })
      .filter((e) => e.isDirectory() && e.name !== 'node_modules' && !e.name.startsWith('.'))
      .map((e) => e.name);
  } catch {
    return [];
  }
  if (segment === '**') {
    const here = expandDirectories(base, rest, depth);
    if (depth >= 4) return here;
    return [...here, ...entries.flatMap((e) => expandDirectories(path.join(base, e), segments, depth + 1))];
  }
  return entries.filter((e) => minimatch(e, segment)).flatMap((e) => expandDirectories(path.join(base, e), rest, depth));
}

/** Workspaces picked by name or path (`-w web`, `--filter @acme/api`, `--filter ./apps/web`); all for `*`. */
function selectWorkspaces(selectors: string[], all: PackageInfo[], root: PackageInfo, cwd: string): PackageInfo[] {
  return all.filter((pkg) =>
    selectors.some((selector) => {
      // Dependency graph selectors (`api...`, `...^web`, `[origin/main]`) name packages we cannot work out: take all.
      if (/\.\.\.|\^|\[|^!/.test(selector) || selector === '*') return true;
      const bare = selector.replace(/^\{(.*)\}$/, '$1');
      if (bare.startsWith('.') || bare.startsWith('/')) return [cwd, root.dir].some((dir) => path.resolve(dir, bare) === pkg.dir);
      return (pkg.name !== undefined && minimatch(pkg.name, bare)) || path.resolve(root.dir, bare) === pkg.dir;
    }),
  );
}

function scriptExpansions(manager: string, name: string, extraArgs: string[], pkg: PackageInfo): Expansion[] {
  const suffix = extraArgs.length ? ` ${extraArgs.map(quoteArg).join(' ')}` : '';
  const order = [`pre${name}`, name, `post${name}`].filter((n) => pkg.scripts[n] !== undefined);
  return order.map((n) => ({ via: `${manager} run ${n}`, script: pkg.scripts[n] + (n === name ? suffix : ''), cwd: pkg.dir }));
}

/** Scripts package managers run on their own during a command (npm docs, "Life Cycle Operation Order"). */
const LIFECYCLE: Record<string, string[]> = {
  install: ['preinstall', 'install', 'postinstall', 'prepublish', 'preprepare', 'prepare', 'postprepare'],
  pack: ['prepack', 'prepare', 'postpack'],
  publish: ['prepublishOnly', 'prepack', 'prepare', 'postpack', 'publish', 'postpublish'],
  version: ['preversion', 'version', 'postversion'],
};
const NPM_LIFECYCLE_COMMANDS: Record<string, string> = {
  install: 'install',
  i: 'install',
  in: 'install',
  isntall: 'install',
  add: 'install',
  ci: 'install',
  'clean-install': 'install',
  'install-clean': 'install',
  'install-test': 'install',
  it: 'install',
  'install-ci-test': 'install',
  cit: 'install',
  rebuild: 'install',
  pack: 'pack',
  publish: 'publish',
  version: 'version',
};

/** `npm install`, `pnpm install`, `bun install` with no package named: the project's own install scripts run. */
function lifecycleExpansions(manager: string, command: string, operands: string[], args: string[], pkg: PackageInfo | undefined): Expansion[] {
  const phase = NPM_LIFECYCLE_COMMANDS[command];
  if (!pkg || !phase || args.includes('--ignore-scripts') || args.includes('--dry-run')) return [];
  // Installing named packages runs their scripts, not the project's (and those are out of sight).
  if (phase === 'install' && operands.length > 0 && command !== 'rebuild') return [];
  return LIFECYCLE[phase]
    .filter((n) => pkg.scripts[n] !== undefined)
    .map((n) => ({ via: `${manager} ${command} (${n} script)`, script: pkg.scripts[n], cwd: pkg.dir }));
}

function npmExpansion(inv: Invocation, context: ReadContext, readText: ReadText): Expansion[] {
  const args = inv.argv.slice(1);
  const prefix = optionValue(args, ['--prefix', '-C']);
  const cwd = prefix ? resolvePath(inv.cwd, prefix, context.home) : inv.cwd;
  const dashes = args.indexOf('--');
  const own = dashes < 0 ? args : args.slice(0, dashes);
  const words = own.filter((a, i) => !a.startsWith('-') && !['--prefix', '-C', '-w', '--workspace'].includes(own[i - 1] ?? ''));
  const [command, scriptName] = words;
  let name: string | undefined;
  if (command === 'run' || command === 'run-script' || command === 'rum' || command === 'urn') name = scriptName;
  else if (command && NPM_SCRIPT_ALIASES[command]) name = NPM_SCRIPT_ALIASES[command];
  const pkg = findPackageJson(cwd, readText);
  if (!name) return command ? lifecycleExpansions('npm', command, words.slice(1), own, pkg) : [];
  // `npm run x -w web`, `--workspaces`: the script of each selected workspace runs there.
  const selectors = [...optionValues(own, ['-w', '--workspace'])];
  const everyWorkspace = own.includes('--workspaces') || own.includes('-ws');
  if (selectors.length > 0 || everyWorkspace) {
    const workspace = findWorkspaceRoot(cwd, readText);
    if (!workspace) return [];
    const all = workspacePackages(workspace.root, workspace.globs, readText);
    const chosen = everyWorkspace ? all : selectWorkspaces(selectors, all, workspace.root, cwd);
    if (own.includes('--include-workspace-root') || own.includes('-iwr')) chosen.push(workspace.root);
    return chosen.flatMap((p) => (p.scripts[name!] === undefined ? [] : scriptExpansions('npm', name!, passthroughArgs(args), p)));
  }
  if (!pkg || pkg.scripts[name] === undefined) return [];
  return scriptExpansions('npm', name, passthroughArgs(args), pkg);
}

function runnerExpansion(inv: Invocation, context: ReadContext, readText: ReadText): Expansion[] {
  const args = inv.argv.slice(1);
  const dirOption = optionValue(args, ['--cwd', '-C', '--dir']);
  const cwd = dirOption ? resolvePath(inv.cwd, dirOption, context.home) : inv.cwd;
  const valued = ['--cwd', '-C', '--dir', '--filter', '-F', '-w', '--workspace', '--include', '--exclude', '--from', '--since', '-j', '--jobs'];
  const isWord = (a: string, i: number, all: string[]) => !a.startsWith('-') && !valued.includes(all[i - 1] ?? '');
  const firstIndex = args.findIndex(isWord);
  if (firstIndex < 0) return [];
  // `yarn workspace web clean`, `yarn workspaces foreach -A run clean`, `yarn workspaces run clean` (v1).
  if (inv.program === 'yarn' && (args[firstIndex] === 'workspace' || args[firstIndex] === 'workspaces'))
    return yarnWorkspaces(args.slice(firstIndex), cwd, readText);
  const explicitRun = args[firstIndex] === 'run' || args[firstIndex] === 'run-script';
  const rest = args.slice(firstIndex + 1);
  const nameIndex = explicitRun ? firstIndex + 1 + Math.max(0, rest.findIndex(isWord)) : firstIndex;
  const name = args[nameIndex];
  const pkg = findPackageJson(cwd, readText);
  if (!name) return [];
  // `bun build` is bun's bundler; pnpm and yarn have no build command and run the script.
  const builtin = PACKAGE_MANAGER_BUILTINS.has(name) && (name !== 'build' || inv.program === 'bun');
  if (!explicitRun && builtin) {
    // `pnpm install`, `bun install`: the project's install scripts (yarn's are left to its own rules).
    if (inv.program === 'yarn' || (name !== 'install' && name !== 'i')) return [];
    const operands = args.slice(nameIndex + 1).filter((a, i, all) => isWord(a, i, all));
    return lifecycleExpansions(inv.program, 'install', operands, args, pkg);
  }
  const extra = args.slice(nameIndex + 1).filter((a) => a !== '--');
  // `pnpm -r run x`, `pnpm --filter web x`, `bun run --filter web x`: run in the selected workspace packages.
  const selectors = optionValues(args.slice(0, nameIndex), ['--filter', '-F']);
  const recursive = args.slice(0, nameIndex).some((a) => a === '-r' || a === '--recursive' || a === '--workspaces');
  if (selectors.length > 0 || recursive) {
    const workspace = findWorkspaceRoot(cwd, readText);
    if (workspace) {
      const all = workspacePackages(workspace.root, workspace.globs, readText);
      const chosen = recursive ? all : selectWorkspaces(selectors, all, workspace.root, cwd);
      const found = chosen.flatMap((p) => (p.scripts[name] === undefined ? [] : scriptExpansions(inv.program, name, extra, p)));
      if (found.length > 0) return found;
    }
  }
  if (pkg && pkg.scripts[name] !== undefined) return scriptExpansions(inv.program, name, extra, pkg);
  // Not a script: yarn, pnpm and bun run the package's binary of that name (`pnpm prisma migrate reset`).
  return [{ via: `${inv.program} ${name}`, argv: args.slice(nameIndex) }];
}

function yarnWorkspaces(args: string[], cwd: string, readText: ReadText): Expansion[] {
  const workspace = findWorkspaceRoot(cwd, readText);
  if (!workspace) return [];
  const all = workspacePackages(workspace.root, workspace.globs, readText);
  let chosen: PackageInfo[];
  let command: string[];
  if (args[0] === 'workspace') {
    chosen = selectWorkspaces([args[1] ?? ''], all, workspace.root, cwd);
    command = args.slice(2);
  } else {
    // `workspaces foreach [options] <command>` or v1 `workspaces run <script>`.
    const rest = args[1] === 'foreach' ? args.slice(2) : args.slice(1);
    const valued = ['--include', '--exclude', '--from', '-j', '--jobs', '--since'];
    const start = rest.findIndex((a, i) => !a.startsWith('-') && !valued.includes(rest[i - 1] ?? ''));
    command = start < 0 ? [] : rest.slice(start);
    const included = optionValues(rest.slice(0, Math.max(start, 0)), ['--include', '--from']);
    chosen = included.length > 0 ? selectWorkspaces(included, all, workspace.root, cwd) : all;
  }
  if (command[0] === 'run') command = command.slice(1);
  const [name, ...extra] = command;
  if (!name) return [];
  return chosen.flatMap((p) =>
    p.scripts[name] !== undefined
      ? scriptExpansions('yarn', name, extra, p)
      : PACKAGE_MANAGER_BUILTINS.has(name)
        ? []
        : [{ via: `yarn ${name}`, argv: command, cwd: p.dir }],
  );
}

function passthroughArgs(args: string[]): string[] {
  const index = args.indexOf('--');
  return index < 0 ? [] : args.slice(index + 1);
}

function quoteArg(arg: string): string {
  return /^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`;
}

// ---------------------------------------------------------------------------------------------------------
// make. Enough of GNU make to see what a target runs: includes, variables (with make's defaults such as
// `RM = rm -f` and `MAKE = make`), define blocks, pattern rules and automatic variables, `$(shell …)` (run
// while the file is read, or in a recipe), `$(call …)`, .ONESHELL and .RECIPEPREFIX. Conditionals are ignored:
// both branches are read.

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

function makeExpansion(inv: Invocation, context: ReadContext, readText: ReadText): Expansion[] {
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

// ---------------------------------------------------------------------------------------------------------
// just (https://just.systems/man/): recipes with parameters, dependencies, variables and shebang bodies.

interface JustRecipe {
  name: string;
  params: { name: string; fallback?: string; variadic: boolean }[];
  dependencies: string[];
  body: string[];
}

const JUST_FILES = ['justfile', 'Justfile', 'JUSTFILE', '.justfile'];

function justExpansion(inv: Invocation, context: ReadContext, readText: ReadText): Expansion[] {
  const args = inv.argv.slice(1);
  const informational = [
    '-l',
    '--list',
    '--summary',
    '--show',
    '-s',
    '--dump',
    '--fmt',
    '--init',
    '--edit',
    '-e',
    '--variables',
    '--help',
    '-h',
    '--version',
    '-V',
    '--completions',
    '--choose',
    '--groups',
    '--changelog',
  ];
  if (args.some((a) => informational.includes(a)) || args.includes('-n') || args.includes('--dry-run')) return [];
  const fileOption = optionValue(args, ['-f', '--justfile']);
  const dirOption = optionValue(args, ['-d', '--working-directory']);
  let file: string | undefined;
  let text: string | undefined;
  if (fileOption) {
    file = resolvePath(inv.cwd, fileOption, context.home);
    text = readText(file);
  } else {
    for (let dir = inv.cwd, n = 0; n < 32 && text === undefined; n++) {
      for (const name of JUST_FILES) {
        text = readText(path.join(dir, name));
        if (text !== undefined) {
          file = path.join(dir, name);
          break;
        }
      }
      const parent = path.dirname(dir);
      if (parent === dir) break;
      dir = parent;
    }
  }
  if (text === undefined || file === undefined) return [];
  const cwd = dirOption ? resolvePath(inv.cwd, dirOption, context.home) : path.dirname(file);
  const { recipes, variables, loadTime } = parseJustfile(text);
  const expansions: Expansion[] = loadTime.map((script) => ({ via: 'just (while reading the justfile)', script, cwd }));
  // `just a=1 recipe arg…`, `--set a 1`.
  const words: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '--set' && args[i + 2] !== undefined) {
      variables.set(args[i + 1], args[i + 2]);
      i += 2;
    } else if (
      [
        '-f',
        '--justfile',
        '-d',
        '--working-directory',
        '--shell',
        '--shell-arg',
        '--dotenv-filename',
        '--dotenv-path',
        '--color',
        '--command',
        '-c',
      ].includes(arg)
    )
      i++;
    else if (arg.startsWith('-')) continue;
    else {
      const assignment = /^([A-Za-z_][\w-]*)=(.*)$/s.exec(arg);
      if (assignment && words.length === 0) variables.set(assignment[1], assignment[2]);
      else words.push(arg);
    }
  }
  const calls: { recipe: JustRecipe; args: string[] }[] = [];
  for (const word of words) {
    const recipe = recipes.get(word);
    const open = calls[calls.length - 1];
    const wantsMore = open && (open.recipe.params.some((p) => p.variadic) || open.args.length < open.recipe.params.length);
    if (recipe && !wantsMore) calls.push({ recipe, args: [] });
    else if (open) open.args.push(word);
  }
  if (calls.length === 0 && words.length === 0) {
    const first = [...recipes.values()][0];
    if (first) calls.push({ recipe: first, args: [] });
  }
  const seen = new Set<string>();
  const run = (recipe: JustRecipe, values: string[], depth: number) => {
    if (depth > 16 || (values.length === 0 && seen.has(recipe.name))) return;
    seen.add(recipe.name);
    for (const dependency of recipe.dependencies) {
      const target = recipes.get(dependency);
      if (target) run(target, [], depth + 1);
    }
    const bound = new Map(variables);
    recipe.params.forEach((param, i) => {
      const value = param.variadic ? values.slice(i).join(' ') : (values[i] ?? param.fallback);
      if (value !== undefined) bound.set(param.name, value);
    });
    const interpolate = (line: string) => line.replace(/\{\{\s*([A-Za-z_][\w-]*)\s*\}\}/g, (match, name: string) => bound.get(name) ?? match);
    const lines = recipe.body.map(interpolate);
    const shebang = /^#!\s*(?:\/usr\/bin\/env\s+(?:-S\s+)?)?(\S+)/.exec(lines[0] ?? '');
    if (shebang) {
      const interpreter = path.basename(shebang[1]);
      const body = lines.slice(1).join('\n');
      const script = /^(ba|z|da|k)?sh$/.test(interpreter) ? body : `${interpreter} <<'BLASTDOOR_JUST_BODY'\n${body}\nBLASTDOOR_JUST_BODY`;
      expansions.push({ via: `just ${recipe.name}`, script, cwd });
      return;
    }
    for (const line of lines) {
      const script = line.replace(/^[@-]+/, '').trim();
      if (script) expansions.push({ via: `just ${recipe.name}`, script, cwd });
    }
  };
  for (const call of calls) run(call.recipe, call.args, 0);
  return expansions;
}

function parseJustfile(text: string): { recipes: Map<string, JustRecipe>; variables: Map<string, string>; loadTime: string[] } {
  const recipes = new Map<string, JustRecipe>();
  const variables = new Map<string, string>();
  const loadTime: string[] = [];
  const lines = text.split(/\r?\n/);
  let current: JustRecipe | undefined;
  for (const line of lines) {
    if (current && (/^[ \t]+\S/.test(line) || (line.trim() === '' && current.body.length > 0))) {
      current.body.push(line);
      continue;
    }
    current = undefined;
    const stripped = line.replace(/^\s*#.*$/, '').trimEnd();
    if (!stripped || stripped.startsWith('[') || /^(set|alias|import|mod)\s/.test(stripped)) continue;
    const assignment = /^(?:export\s+)?([A-Za-z_][\w-]*)\s*:=\s*(.*)$/.exec(stripped);
    if (assignment) {
      const value = assignment[2].trim();
      const backtick = /^`([^`]*)`$/.exec(value) ?? /^```([\s\S]*)```$/.exec(value);
      if (backtick) loadTime.push(backtick[1]);
      variables.set(assignment[1], value.replace(/^(['"])(.*)\1$/s, '$2'));
      continue;
    }
    const header = /^@?([A-Za-z_][\w-]*)([^:]*):(?!=)(.*)$/.exec(stripped);
    if (header) {
      const params = (header[2].match(/(?:[^\s'"]+|'[^']*'|"[^"]*")+/g) ?? []).map((p) => {
        const match = /^([+*]?)\$?([A-Za-z_][\w-]*)(?:=(.*))?$/s.exec(p);
        return { name: match?.[2] ?? p, fallback: match?.[3]?.replace(/^(['"])(.*)\1$/s, '$2'), variadic: !!match?.[1] };
      });
      const dependencies = [...header[3].matchAll(/\(?\s*([A-Za-z_][\w-]*)/g)].map((m) => m[1]).filter((d) => d !== '&&');
      current = { name: header[1], params, dependencies, body: [] };
      recipes.set(current.name, current);
    }
  }
  for (const recipe of recipes.values()) {
    while (recipe.body.length && recipe.body[recipe.body.length - 1].trim() === '') recipe.body.pop();
    const indent = Math.min(...recipe.body.filter((l) => l.trim()).map((l) => /^[ \t]*/.exec(l)![0].length));
    recipe.body = recipe.body.map((l) => l.slice(Number.isFinite(indent) ? indent : 0));
  }
  return { recipes, variables, loadTime };
}

// ---------------------------------------------------------------------------------------------------------
// Task (https://taskfile.dev): `task name` runs the `cmds` of a task in Taskfile.yml and its `deps` first.
// Read line by line for the usual shapes (strings, `- cmd:`, `- task:`, block scalars); templates
// `{{.VAR}}` are filled from `vars:` and `VAR=value` arguments.

interface TaskDefinition {
  commands: string[];
  calls: string[];
  vars: Map<string, string>;
}

const TASK_FILES = ['Taskfile.yml', 'taskfile.yml', 'Taskfile.yaml', 'taskfile.yaml', 'Taskfile.dist.yml', 'taskfile.dist.yml', 'Taskfile.dist.yaml'];

function taskExpansion(inv: Invocation, context: ReadContext, readText: ReadText): Expansion[] {
  const args = inv.argv.slice(1);
  if (
    args.some((a) =>
      ['-l', '--list', '-a', '--list-all', '--summary', '-n', '--dry', '--help', '-h', '--version', '--init', '-i', '--status'].includes(a),
    )
  )
    return [];
  const fileOption = optionValue(args, ['-t', '--taskfile']);
  const dirOption = optionValue(args, ['-d', '--dir']);
  const base = dirOption ? resolvePath(inv.cwd, dirOption, context.home) : inv.cwd;
  let text: string | undefined;
  let dir = base;
  if (fileOption) {
    text = readText(resolvePath(inv.cwd, fileOption, context.home));
    dir = path.dirname(resolvePath(inv.cwd, fileOption, context.home));
  } else {
    for (let d = base, n = 0; n < 32 && text === undefined; n++) {
      for (const name of TASK_FILES) {
        text = readText(path.join(d, name));
        if (text !== undefined) {
          dir = d;
          break;
        }
      }
      const parent = path.dirname(d);
      if (parent === d) break;
      d = parent;
    }
  }
  if (text === undefined) return [];
  const { tasks, vars, dynamic } = parseTaskfile(text);
  const dashes = args.indexOf('--');
  const own = dashes < 0 ? args : args.slice(0, dashes);
  if (dashes >= 0) vars.set('CLI_ARGS', args.slice(dashes + 1).join(' '));
  const names: string[] = [];
  for (let i = 0; i < own.length; i++) {
    if (['-t', '--taskfile', '-d', '--dir', '-o', '--output', '-c', '--color', '-C', '--concurrency', '-I', '--interval'].includes(own[i])) i++;
    else if (own[i].startsWith('-')) continue;
    else {
      const assignment = /^([A-Za-z_]\w*)=(.*)$/s.exec(own[i]);
      if (assignment) vars.set(assignment[1], assignment[2]);
      else names.push(own[i]);
    }
  }
  if (names.length === 0) names.push('default');
  const expansions: Expansion[] = dynamic.map((script) => ({ via: 'task (dynamic variable)', script, cwd: dir }));
  const seen = new Set<string>();
  const run = (name: string, depth: number) => {
    const task = tasks.get(name);
    if (!task || seen.has(name) || depth > 16) return;
    seen.add(name);
    const scope = new Map([...vars, ...task.vars]);
    const fill = (line: string) => line.replace(/\{\{\s*\.([A-Za-z_]\w*)\s*\}\}/g, (match, key: string) => scope.get(key) ?? match);
    for (const call of task.calls) run(fill(call), depth + 1);
    for (const command of task.commands) expansions.push({ via: `task ${name}`, script: fill(command), cwd: dir });
  };
  for (const name of names) run(name, 0);
  return expansions;
}

function parseTaskfile(text: string): { tasks: Map<string, TaskDefinition>; vars: Map<string, string>; dynamic: string[] } {
  const tasks = new Map<string, TaskDefinition>();
  const vars = new Map<string, string>();
  const dynamic: string[] = [];
  const lines = text.split(/\r?\n/);
  const unquote = (value: string) => value.trim().replace(/^(['"])(.*)\1$/s, '$2');
  let section = '';
  let taskIndent = -1;
  let task: TaskDefinition | undefined;
  let key = '';
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (!line.trim() || line.trim().startsWith('#')) continue;
    const indent = /^ */.exec(line)![0].length;
    if (indent === 0) {
      section = /^([\w-]+)\s*:/.exec(line)?.[1] ?? '';
      task = undefined;
      taskIndent = -1;
      continue;
    }
    const entry = /^\s*(?:-\s*)?([\w.-]+|"[^"]*"|'[^']*')\s*:\s*(.*)$/.exec(line);
    // `- |` / `cmd: |`: the indented lines that follow are one string.
    const block = (value: string) => {
      if (!/^[|>][-+]?\s*$/.test(value.trim())) return unquote(value);
      const body: string[] = [];
      while (i + 1 < lines.length && (!lines[i + 1].trim() || /^ */.exec(lines[i + 1])![0].length > indent)) body.push(lines[++i].trim());
      return body.join('\n').trim();
    };
    if (section === 'vars' && entry) {
      if (entry[1] === 'sh') dynamic.push(block(entry[2]));
      else if (entry[2].trim()) vars.set(entry[1], unquote(entry[2]));
      continue;
    }
    if (section !== 'tasks') continue;
    if (taskIndent < 0 || indent <= taskIndent) {
      taskIndent = indent;
      const name = entry ? unquote(entry[1]) : '';
      task = { commands: [], calls: [], vars: new Map() };
      tasks.set(name, task);
      key = '';
      // `name: cmd` shorthand.
      if (entry && entry[2].trim() && !entry[2].trim().startsWith('{')) task.commands.push(block(entry[2]));
      continue;
    }
    if (!task) continue;
    const item = /^\s*-\s*(.*)$/.exec(line);
    if (
      entry &&
      !item &&
      [
        'cmds',
        'cmd',
        'deps',
        'vars',
        'status',
        'preconditions',
        'dir',
        'desc',
        'summary',
        'sources',
        'generates',
        'silent',
        'env',
        'method',
        'platforms',
        'requires',
        'internal',
        'aliases',
        'prompt',
        'label',
        'interactive',
        'run',
        'ignore_error',
        'set',
        'shopt',
        'dotenv',
      ].includes(entry[1])
    ) {
      key = entry[1];
      const value = entry[2].trim();
      if (key === 'cmd' && value) task.commands.push(block(value));
      if (key === 'deps' && value.startsWith('[')) task.calls.push(...value.replace(/[[\]]/g, '').split(',').map(unquote).filter(Boolean));
      continue;
    }
    if (key === 'vars' && entry && !item) {
      if (entry[1] === 'sh') dynamic.push(block(entry[2]));
      else if (entry[2].trim()) task.vars.set(entry[1], unquote(entry[2]));
      continue;
    }
    const value = item ? item[1] : entry ? `${entry[1]}: ${entry[2]}` : '';
    const mapped = /^([\w-]+)\s*:\s*(.*)$/.exec(value);
    if (key === 'deps') {
      task.calls.push(unquote(mapped?.[1] === 'task' ? mapped[2] : value));
    } else if (key === 'cmds' || key === 'status' || key === 'preconditions') {
      if (mapped?.[1] === 'task') task.calls.push(unquote(mapped[2]));
      else if (mapped && ['cmd', 'defer', 'sh'].includes(mapped[1])) task.commands.push(block(mapped[2]));
      else if (item && !mapped) task.commands.push(block(item[1]));
    }
  }
  return { tasks, vars, dynamic };
}
