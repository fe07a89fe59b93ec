// `npm run x`, `yarn x`, `pnpm x`, `bun run x` and `make x` run text written elsewhere: read the
// package.json script or Makefile recipe from the working directory and hand it on to be analysed.
import path from 'node:path';
import type { Invocation } from './invocation';
import { optionValue } from './rules/args';
import type { Expander, Expansion, ReadContext } from './shellReader';
import { resolvePath } from './shellReader';

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
      default:
        return [];
    }
  };
}

function findPackageJson(cwd: string, readText: ReadText): { dir: string; scripts: Record<string, string> } | undefined {
  let dir = cwd;
  for (let i = 0; i < 32; i++) {
    const text = readText(path.join(dir, 'package.json'));
    if (text !== undefined) {
      try {
        const parsed = JSON.parse(text) as { scripts?: Record<string, unknown> };
        const scripts: Record<string, string> = {};
        for (const [name, value] of Object.entries(parsed.scripts ?? {})) if (typeof value === 'string') scripts[name] = value;
        return { dir, scripts };
      } catch {
        return { dir, scripts: {} };
      }
    }
    const parent = path.dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
  return undefined;
}

function scriptExpansions(manager: string, name: string, extraArgs: string[], pkg: { dir: string; scripts: Record<string, string> }): Expansion[] {
  const suffix = extraArgs.length ? ` ${extraArgs.map(quoteArg).join(' ')}` : '';
  const order = [`pre${name}`, name, `post${name}`].filter((n) => pkg.scripts[n] !== undefined);
  return order.map((n) => ({ via: `${manager} run ${n}`, script: pkg.scripts[n] + (n === name ? suffix : ''), cwd: pkg.dir }));
}

function npmExpansion(inv: Invocation, context: ReadContext, readText: ReadText): Expansion[] {
  const args = inv.argv.slice(1);
  const prefix = optionValue(args, ['--prefix', '-C']);
  const cwd = prefix ? resolvePath(inv.cwd, prefix, context.home) : inv.cwd;
  const words = args.filter((a, i) => !a.startsWith('-') && !['--prefix', '-C', '-w', '--workspace'].includes(args[i - 1] ?? ''));
  const [command, scriptName] = words;
  let name: string | undefined;
  if (command === 'run' || command === 'run-script' || command === 'rum' || command === 'urn') name = scriptName;
  else if (command && NPM_SCRIPT_ALIASES[command]) name = NPM_SCRIPT_ALIASES[command];
  if (!name) return [];
  const pkg = findPackageJson(cwd, readText);
  if (!pkg || pkg.scripts[name] === undefined) return [];
  return scriptExpansions('npm', name, passthroughArgs(args), pkg);
}

function runnerExpansion(inv: Invocation, context: ReadContext, readText: ReadText): Expansion[] {
  const args = inv.argv.slice(1);
  const dirOption = optionValue(args, ['--cwd', '-C', '--dir']);
  const cwd = dirOption ? resolvePath(inv.cwd, dirOption, context.home) : inv.cwd;
  const valued = ['--cwd', '-C', '--dir', '--filter', '-F', '-w', '--workspace'];
  const firstIndex = args.findIndex((a, i) => !a.startsWith('-') && !valued.includes(args[i - 1] ?? ''));
  if (firstIndex < 0) return [];
  const explicitRun = args[firstIndex] === 'run' || args[firstIndex] === 'run-script';
  const nameIndex = explicitRun ? firstIndex + 1 : firstIndex;
  const name = args[nameIndex];
  if (!name || (!explicitRun && PACKAGE_MANAGER_BUILTINS.has(name))) return [];
  const pkg = findPackageJson(cwd, readText);
  if (pkg && pkg.scripts[name] !== undefined)
    return scriptExpansions(
      inv.program,
      name,
      args.slice(nameIndex + 1).filter((a) => a !== '--'),
      pkg,
    );
  // Not a script: yarn, pnpm and bun run the package's binary of that name (`pnpm prisma migrate reset`).
  return [{ via: `${inv.program} ${name}`, argv: args.slice(nameIndex) }];
}

function passthroughArgs(args: string[]): string[] {
  const index = args.indexOf('--');
  return index < 0 ? [] : args.slice(index + 1);
}

function quoteArg(arg: string): string {
  return /^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`;
}

interface Makefile {
  variables: Map<string, string>;
  rules: Map<string, { prerequisites: string[]; recipe: string[] }>;
  defaultTarget?: string;
}

function parseMakefile(text: string): Makefile {
  const variables = new Map<string, string>();
  const rules = new Map<string, { prerequisites: string[]; recipe: string[] }>();
  let defaultTarget: string | undefined;
  let current: { prerequisites: string[]; recipe: string[] }[] = [];
  const lines = text.replace(/\\\r?\n[ \t]*/g, ' ').split(/\r?\n/);
  for (const line of lines) {
    if (line.startsWith('\t')) {
      for (const rule of current) rule.recipe.push(line.slice(1));
      continue;
    }
    const stripped = line.replace(/(^|[^\\])#.*$/, '$1').trim();
    if (!stripped) continue;
    const assignment = /^(?:export\s+|override\s+)?([A-Za-z_][A-Za-z0-9_.-]*)\s*(?:::=|:=|\?=|\+=|=)\s*(.*)$/.exec(stripped);
    if (assignment) {
      if (!variables.has(assignment[1]) || !/\?=/.test(stripped)) variables.set(assignment[1], assignment[2]);
      current = [];
      continue;
    }
    const rule = /^([^:=]+?)\s*::?\s*([^=]*)$/.exec(stripped);
    if (rule) {
      const [targetsPart, prerequisitesPart] = [rule[1], rule[2].split(';')];
      const targets = targetsPart.split(/\s+/).filter(Boolean);
      current = [];
      for (const target of targets) {
        const entry = rules.get(target) ?? { prerequisites: [], recipe: [] };
        entry.prerequisites.push(...prerequisitesPart[0].split(/\s+/).filter(Boolean));
        if (prerequisitesPart[1]?.trim()) entry.recipe.push(prerequisitesPart.slice(1).join(';').trim());
        rules.set(target, entry);
        current.push(entry);
        if (!defaultTarget && !target.startsWith('.') && !target.includes('%')) defaultTarget = target;
      }
      continue;
    }
    current = [];
  }
  return { variables, rules, defaultTarget };
}

function expandMakeVariables(text: string, variables: Map<string, string>, depth = 0): string {
  if (depth > 8) return text;
  const expanded = text.replace(/\$[({]([A-Za-z_][A-Za-z0-9_.-]*)[)}]|\$\$/g, (match, name: string | undefined) => {
    if (match === '$$') return '\u0000';
    return name !== undefined && variables.has(name) ? expandMakeVariables(variables.get(name)!, variables, depth + 1) : match;
  });
  return expanded.replace(/\u0000/g, '$');
}

function makeExpansion(inv: Invocation, context: ReadContext, readText: ReadText): Expansion[] {
  const args = inv.argv.slice(1);
  const dirOption = optionValue(args, ['-C', '--directory']);
  const cwd = dirOption ? resolvePath(inv.cwd, dirOption, context.home) : inv.cwd;
  const fileOption = optionValue(args, ['-f', '--file', '--makefile']);
  const candidates = fileOption ? [fileOption] : ['GNUmakefile', 'makefile', 'Makefile'];
  let text: string | undefined;
  for (const candidate of candidates) {
    text = readText(resolvePath(cwd, candidate, context.home));
    if (text !== undefined) break;
  }
  if (text === undefined) return [];
  const makefile = parseMakefile(text);
  const valued = ['-C', '--directory', '-f', '--file', '--makefile', '-j', '--jobs', '-l', '-o', '-W', '-I'];
  const targets: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (valued.includes(arg)) {
      i++;
      continue;
    }
    if (arg.startsWith('-')) continue;
    const assignment = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/s.exec(arg);
    if (assignment) makefile.variables.set(assignment[1], assignment[2]);
    else targets.push(arg);
  }
  if (targets.length === 0 && makefile.defaultTarget) targets.push(makefile.defaultTarget);
  const expansions: Expansion[] = [];
  const visited = new Set<string>();
  const visit = (target: string, depth: number) => {
    if (visited.has(target) || depth > 16) return;
    visited.add(target);
    const rule = makefile.rules.get(target);
    if (!rule) return;
    for (const prerequisite of rule.prerequisites) visit(prerequisite, depth + 1);
    for (const line of rule.recipe) {
      const script = expandMakeVariables(line.replace(/^[@+-]+/, '').trim(), makefile.variables);
      if (script) expansions.push({ via: `make ${target}`, script, cwd });
    }
  };
  for (const target of targets) visit(target, 0);
  return expansions;
}
