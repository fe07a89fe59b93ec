// `npm run x`, `yarn x`, `pnpm x`, `bun run x`: the package.json script (with pre/post scripts and workspaces)
// a package manager runs, the install-time lifecycle scripts, and binaries run by name.
import type { Invocation } from '../invocation';
import { optionValue, optionValues } from '../rules/args';
import type { Expansion, ReadContext } from '../shellReader';
import { resolvePath } from '../shellReader';
import { findPackageJson, findWorkspaceRoot, type PackageInfo, selectWorkspaces, workspacePackages } from './packageJson';
import type { ReadText } from './readText';

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

export function npmExpansion(inv: Invocation, context: ReadContext, readText: ReadText): Expansion[] {
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

export function runnerExpansion(inv: Invocation, context: ReadContext, readText: ReadText): Expansion[] {
  const args = inv.argv.slice(1);
  const dirOption = optionValue(args, ['--cwd', '-C', '--dir']);
  const cwd = dirOption ? resolvePath(inv.cwd, dirOption, context.home) : inv.cwd;
  const valued = ['--cwd', '-C', '--dir', '--filter', '-F', '-w', '--workspace', '--include', '--exclude', '--from', '--since', '-j', '--jobs'];
  const isWord = (a: string, i: number, all: string[]) => !a.startsWith('-') && !valued.includes(all[i - 1] ?? '');
  const firstIndex = args.findIndex(isWord);
  // A bare `yarn` installs, running the project's install scripts like `yarn install`.
  if (firstIndex < 0) return inv.program === 'yarn' ? lifecycleExpansions('yarn', 'install', [], args, findPackageJson(cwd, readText)) : [];
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
    // `yarn install`, `pnpm install`, `bun install`: the project's own install scripts run.
    if (name !== 'install' && name !== 'i') return [];
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
