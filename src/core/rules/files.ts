// Files and disks: rm, find -delete, shred, dd, mkfs, truncate, rsync --delete, mv to /dev/null,
// recursive chmod/chown on system roots, and redirections that empty a file.
import { lstatSync, readdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Invocation } from '../invocation';
import { resolvePath } from '../shellReader';
import { hasFlag, optionValue } from './args';
import { detection, type CommandRule, type Detection, type RuleContext } from './rule';
import type { Risk } from '../types';

/** Output a build or package manager makes again: deleting it loses nothing. */
const REGENERABLE_DIRECTORIES = new Set([
  'node_modules',
  'dist',
  'build',
  'out',
  '.next',
  '.nuxt',
  '.svelte-kit',
  '.output',
  '.turbo',
  '.parcel-cache',
  '.vite',
  '.angular',
  'coverage',
  '.nyc_output',
  'target',
  '__pycache__',
  '.pytest_cache',
  '.mypy_cache',
  '.ruff_cache',
  '.tox',
  '.nox',
  '.venv',
  'venv',
  '.cache',
  'tmp',
  '.tmp',
  'temp',
  '.gradle',
  'bin/Debug',
  'obj',
  '.terraform',
  'storybook-static',
  '.docusaurus',
  '.expo',
  'DerivedData',
  // Test and coverage reports, tool caches, framework build output.
  'htmlcov',
  '.hypothesis',
  'playwright-report',
  'blob-report',
  'test-results',
  '.ipynb_checkpoints',
  '.pnpm-store',
  '_cacache',
  '.jekyll-cache',
  '_site',
  '.sass-cache',
  '.astro',
  '.swc',
  '.dart_tool',
  '.build',
  '_build',
  '.elixir_ls',
  '.zig-cache',
  'zig-cache',
  'zig-out',
  '.stack-work',
  'dist-newstyle',
  'cdk.out',
  '.aws-sam',
  '.serverless',
  '.terragrunt-cache',
  'Pods',
]);
/**
 * Output made again whose name is only clear with its parent (`bin` alone may hold scripts): .NET build folders,
 * Bundler's vendored gems, Yarn's cache, Nx's cache, package caches in the home folder.
 */
const REGENERABLE_PAIRS: readonly (readonly [string, string])[] = [
  ['bin', 'Debug'],
  ['bin', 'Release'],
  ['vendor', 'bundle'],
  ['.yarn', 'cache'],
  ['.yarn', 'unplugged'],
  ['.nx', 'cache'],
  ['.m2', 'repository'],
  ['.cargo', 'registry'],
];
/** `cmake-build-debug`, `pkg.egg-info`: generated folder names with a variable part. */
const REGENERABLE_DIRECTORY_PATTERN = /^cmake-build-[\w-]+$|\.egg-info$/;
/**
 * Files a build, test run or package manager writes again: objects, caches, logs, coverage data, and the npm,
 * Yarn, pnpm, Bun and Terraform lockfiles (`rm -rf node_modules package-lock.json && npm install`; a committed
 * one comes back with git checkout).
 */
const REGENERABLE_FILE =
  /\.(pyc|pyo|o|obj|class|tsbuildinfo|log)$|^\.DS_Store$|^\.(eslintcache|stylelintcache|coverage)$|^coverage\.xml$|^lcov\.info$|^(package-lock\.json|yarn\.lock|pnpm-lock\.yaml|bun\.lockb?|\.terraform\.lock\.hcl)$/;
/** Package manager indexes in system folders, emptied in every Dockerfile (`rm -rf /var/lib/apt/lists/*`). */
const REGENERABLE_SYSTEM_DIRECTORIES = ['/var/lib/apt/lists', '/var/cache/apt', '/var/cache/apk', '/var/cache/yum', '/var/cache/dnf'];

function regenerableSegments(segments: readonly string[]): boolean {
  return segments.some(
    (segment, i) =>
      REGENERABLE_DIRECTORIES.has(segment) ||
      REGENERABLE_DIRECTORY_PATTERN.test(segment) ||
      REGENERABLE_PAIRS.some(([parent, child]) => segments[i - 1] === parent && segment === child),
  );
}

const SYSTEM_ROOTS = new Set([
  '/',
  '/bin',
  '/boot',
  '/dev',
  '/etc',
  '/home',
  '/lib',
  '/lib32',
  '/lib64',
  '/opt',
  '/proc',
  '/root',
  '/run',
  '/sbin',
  '/srv',
  '/sys',
  '/usr',
  '/var',
  '/Users',
  '/System',
  '/Library',
  '/Applications',
  '/private',
  '/Volumes',
  '/mnt',
  '/media',
  '/snap',
]);

const DISK_DEVICE =
  /^\/dev\/(disk\/by-[a-z]+\/.+|sd[a-z]+|hd[a-z]+|vd[a-z]+|xvd[a-z]+|nvme\d+n\d+|mmcblk\d+|disk\d+|rdisk\d+|md\d+|dm-\d+|mapper\/.+|loop\d+)(p?\d+)?$/;
const HARMLESS_DEVICES = /^\/dev\/(null|zero|stdout|stderr|stdin|tty|fd\/\d+|random|urandom)$/;

function tempRoots(env: Record<string, string>): string[] {
  return ['/tmp', '/var/tmp', '/private/tmp', os.tmpdir(), env.TMPDIR, env.TMP, env.TEMP].filter((p): p is string => !!p).map((p) => path.resolve(p));
}

export interface Target {
  written: string;
  absolute?: string;
  dynamic: boolean;
  glob: boolean;
  /** On another machine (`ssh host rm …`): this machine's disk says nothing about it. */
  remote?: boolean;
}

function targetsOf(inv: Invocation, ctx: RuleContext, args: string[], offset: number): Target[] {
  return args.map((written, i) => ({
    written,
    dynamic: inv.dynamic[offset + i] ?? false,
    glob: inv.glob[offset + i] ?? false,
    absolute: inv.dynamic[offset + i] ? undefined : resolvePath(inv.cwd, written, ctx.home),
    remote: inv.remoteHost !== undefined,
  }));
}

const isInside = (file: string, dir: string) => file === dir || file.startsWith(`${dir.replace(/\/+$/, '')}${path.sep}`);

/**
 * Under /tmp and friends, files are scratch space, except the workspace: a project cloned into /tmp is still
 * someone's work. Working directly in /tmp makes everything there scratch again.
 */
function isScratch(absolute: string, inv: Invocation, ctx: RuleContext): boolean {
  const roots = tempRoots(inv.env);
  if (!roots.some((root) => absolute !== root && isInside(absolute, root))) return false;
  return roots.includes(path.resolve(ctx.workspaceRoot)) || !isInside(absolute, ctx.workspaceRoot);
}

/** Names of temp folders, judged by isScratch rather than by name. */
const TEMP_NAMES = new Set(['tmp', 'temp', '.tmp']);

export function isRegenerable(target: Target, inv: Invocation, ctx: RuleContext): boolean {
  const finalSegment = target.written.replace(/\/+$/, '').split('/').pop() ?? '';
  if (target.dynamic) {
    // `"$(pwd)"/build` or `$OUT_DIR/node_modules`: the literal last segment still says what it is.
    return !finalSegment.includes('$') && (REGENERABLE_DIRECTORIES.has(finalSegment) || REGENERABLE_FILE.test(finalSegment));
  }
  const absolute = target.absolute!;
  // A folder holding the working directory or the workspace is never output, whatever it is called.
  if (isInside(ctx.startCwd, absolute) || isInside(ctx.workspaceRoot, absolute)) return false;
  if (isScratch(absolute, inv, ctx)) return true;
  if (REGENERABLE_SYSTEM_DIRECTORIES.some((dir) => absolute !== dir && isInside(absolute, dir))) return true;
  // Judge the part of the path below the working directory, never the folders above it: a project that lives
  // in ~/build/app is not build output.
  const root = [ctx.startCwd, inv.cwd].find((dir) => isInside(absolute, dir));
  const segments = (root ? path.relative(root, absolute) : absolute).split(path.sep).filter((s) => s && (root || !TEMP_NAMES.has(s)));
  const stripped = segments.map((s) => s.replace(/\*+$/, ''));
  if (regenerableSegments(stripped)) return true;
  const base = segments[segments.length - 1] ?? '';
  return !target.glob ? REGENERABLE_FILE.test(base) : /^\*\.(pyc|pyo|o|class|log|tsbuildinfo)$/.test(base);
}

/** `/`, `/etc`, `~`, `/*`, `~/*`: wiping these breaks the machine or loses every file the person has. */
function isCatastrophic(target: Target, ctx: RuleContext): boolean {
  if (target.dynamic) return /^\/?\*?$/.test(target.written.replace(/^["']|["']$/g, ''));
  const absolute = target.absolute!;
  const withoutGlob = absolute.replace(/\/\*$/, '') || '/';
  const home = path.resolve(ctx.home);
  return SYSTEM_ROOTS.has(withoutGlob) || withoutGlob === home || (path.dirname(home) === withoutGlob && withoutGlob !== '/');
}

/** A rough size of what would go, counted without following links and stopping early. */
function measure(target: Target): string {
  const absolute = target.absolute;
  if (!absolute || target.remote) return '';
  const limit = 5000;
  let files = 0;
  let bytes = 0;
  let truncated = false;
  const stack = [absolute];
  try {
    const root = lstatSync(absolute);
    if (!root.isDirectory()) return root.isFile() ? ` (${formatBytes(root.size)})` : '';
  } catch {
    return ' (it does not exist now)';
  }
  while (stack.length > 0) {
    const dir = stack.pop()!;
    let entries: import('node:fs').Dirent[];
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      continue;
    }
    for (const entry of entries) {
      if (files >= limit) {
        truncated = true;
        break;
      }
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) stack.push(full);
      else {
        files++;
        try {
          bytes += lstatSync(full).size;
        } catch {
          // unreadable entries still count as files
        }
      }
    }
    if (truncated) break;
  }
  return ` (${truncated ? 'more than ' : ''}${files.toLocaleString('en-US')} files, ${formatBytes(bytes)})`;
}

function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KB', 'MB', 'GB', 'TB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toFixed(value < 10 ? 1 : 0)} ${units[unit]}`;
}

function nameList(targets: Target[]): string {
  const names = targets.map((t) => t.written);
  return names.length <= 3 ? names.join(' ') : `${names.slice(0, 3).join(' ')} and ${names.length - 3} more`;
}

function operands(args: string[], valued: readonly string[] = []): { values: string[]; offset: number[] } {
  const values: string[] = [];
  const offset: number[] = [];
  let endOfOptions = false;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (!endOfOptions && arg === '--') {
      endOfOptions = true;
      continue;
    }
    if (!endOfOptions && arg.startsWith('-') && arg !== '-') {
      if (valued.includes(arg)) i++;
      continue;
    }
    values.push(arg);
    offset.push(i + 1);
  }
  return { values, offset };
}

/** Shared by rm, unlink, shred and find: decide on a set of deletion targets. */
function deletion(
  inv: Invocation,
  ctx: RuleContext,
  targets: Target[],
  spec: { rule: string; action: string; recursive: boolean; force: boolean; overrideRoot?: boolean; verb: string },
): Detection[] {
  if (targets.length === 0 && inv.argv.length > 1) return [];
  const environment = ctx.environment(inv, [], 'local');
  const catastrophic = targets.filter((t) => isCatastrophic(t, ctx));
  if (catastrophic.length > 0 && (spec.recursive || spec.overrideRoot)) {
    return [
      detection({
        rule: `${spec.rule}-system`,
        tool: inv.program,
        action: spec.action,
        resource: { kind: 'path', name: nameList(catastrophic) },
        environment,
        blastRadius: `${spec.verb} ${nameList(catastrophic)}, which holds the operating system or every file in the home folder; no agent task needs this`,
        risk: 'critical',
        deny: true,
      }),
    ];
  }
  const kept = targets.filter((t) => !isRegenerable(t, inv, ctx));
  if (kept.length === 0) return [];
  const first = kept[0];
  const isWholeDirectory = (t: Target) => t.written === '.' || t.written === './' || t.written === '*' || t.written === './*' || t.written === '..';
  let risk: Risk = spec.recursive ? 'high' : 'medium';
  if (kept.some(isWholeDirectory) || (first.glob && spec.recursive)) risk = 'critical';
  const size = kept.length === 1 && !first.glob ? measure(first) : '';
  const what = kept.some((t) => t.dynamic) ? `${nameList(kept)} (a path only known when it runs)` : nameList(kept);
  const recursively = spec.recursive ? ' and everything inside' : '';
  return [
    detection({
      rule: spec.rule,
      tool: inv.program,
      action: spec.action,
      resource: { kind: spec.recursive ? 'directory' : 'file', name: nameList(kept) },
      environment,
      blastRadius: `${spec.verb} ${what}${recursively}${size}; files removed this way skip the trash and cannot be restored`,
      risk,
      confirmText: first.written,
    }),
  ];
}

const rm: CommandRule = {
  family: 'files',
  // rimraf and del-cli are `rm -rf` for npm scripts.
  programs: ['rm', 'unlink', 'srm', 'trash-empty', 'rimraf', 'del', 'del-cli'],
  detect(inv, ctx) {
    const args = inv.argv.slice(1);
    if (args.includes('--help') || args.includes('--version')) return [];
    const { values, offset } = operands(args);
    const alwaysRecursive = inv.program === 'rimraf' || inv.program === 'del' || inv.program === 'del-cli';
    const targets = values.map((value, i) => targetsOf(inv, ctx, [value], offset[i])[0]);
    return deletion(inv, ctx, targets, {
      rule: 'files.rm',
      action: 'delete',
      recursive: alwaysRecursive || hasFlag(args, ['-r', '-R', '--recursive']),
      force: alwaysRecursive || hasFlag(args, ['-f', '--force']),
      overrideRoot: args.includes('--no-preserve-root'),
      verb: 'deletes',
    });
  },
};

const shred: CommandRule = {
  family: 'files',
  programs: ['shred', 'wipe'],
  detect(inv, ctx) {
    const args = inv.argv.slice(1);
    if (args.includes('--help')) return [];
    const { values, offset } = operands(args, ['-n', '--iterations', '-s', '--size', '--random-source']);
    const devices = values.filter((v) => DISK_DEVICE.test(v));
    if (devices.length > 0) return [diskWipe(inv, ctx, devices[0], 'shred')];
    const targets = values.map((value, i) => targetsOf(inv, ctx, [value], offset[i])[0]);
    return deletion(inv, ctx, targets, { rule: 'files.shred', action: 'shred', recursive: false, force: true, verb: 'overwrites and destroys' });
  },
};

function diskWipe(inv: Invocation, ctx: RuleContext, device: string, action: string): Detection {
  return detection({
    rule: `files.${action}-disk`,
    tool: inv.program,
    action,
    resource: { kind: 'disk', name: device },
    environment: ctx.environment(inv, [], 'local'),
    blastRadius: `overwrites the disk ${device}: every partition and file on it is lost`,
    risk: 'critical',
    deny: true,
  });
}

const find: CommandRule = {
  family: 'files',
  programs: ['find', 'gfind', 'fd'],
  detect(inv, ctx) {
    const args = inv.argv.slice(1);
    if (inv.program === 'fd') {
      const exec = optionValue(args, ['-x', '--exec', '-X', '--exec-batch']);
      if (!exec || !/^(rm|shred|unlink|truncate)$/.test(path.basename(exec))) return [];
      if (fdMatchesOnlyRegenerable(args)) return [];
      return [
        findDeletion(
          inv,
          ctx,
          ['.'],
          `files matching ${args.find((a) => !a.startsWith('-')) ?? 'everything'}`,
          args.includes('-r') || args.includes('-rf'),
        ),
      ];
    }
    const firstExpression = args.findIndex((a) => /^[-(!]/.test(a) && !/^-[HLP]$/.test(a));
    const starts = (firstExpression < 0 ? args : args.slice(0, firstExpression)).filter((a) => !/^-[HLP]$/.test(a));
    const expression = firstExpression < 0 ? [] : args.slice(firstExpression);
    const deletes = expression.includes('-delete');
    const execIndex = expression.findIndex((a) => ['-exec', '-execdir', '-ok', '-okdir'].includes(a));
    const execProgram = execIndex >= 0 ? path.basename(expression[execIndex + 1] ?? '') : '';
    const execDeletes = /^(rm|shred|unlink|truncate|srm)$/.test(execProgram);
    if (!deletes && !execDeletes) return [];
    const recursive = deletes || expression.slice(execIndex).some((a) => /^-[a-zA-Z]*[rR]/.test(a));
    const filters = expression.filter(
      (a, i) =>
        ['-name', '-iname', '-path', '-regex', '-type', '-mtime', '-newer', '-size'].includes(expression[i - 1] ?? '') ||
        ['-name', '-iname', '-path', '-regex'].includes(a),
    );
    const description =
      filters.length > 0
        ? `files matching ${expression
            .slice(
              0,
              Math.max(
                0,
                expression.findIndex((a) => a === '-delete' || a === '-exec' || a === '-execdir'),
              ),
            )
            .join(' ')}`
        : 'every file';
    const roots = starts.length > 0 ? starts : ['.'];
    const rootTargets = targetsOf(inv, ctx, roots, 1);
    // `find . -name '*.pyc' -delete`, `find . -name __pycache__ -type d -exec rm -rf {} +`: only build output matches.
    // Not from `/` or the home folder: global installs (/usr/lib/node_modules) match those names too.
    if (onlyRegenerableMatches(expression) && !rootTargets.some((t) => isCatastrophic(t, ctx))) return [];
    if (filters.length === 0 && rootTargets.some((t) => isCatastrophic(t, ctx))) {
      return deletion(inv, ctx, rootTargets, {
        rule: 'files.find-delete',
        action: 'delete',
        recursive: true,
        force: true,
        verb: 'deletes every file under',
      });
    }
    // find deletes what lies below its start paths, so judge a child: `find /tmp -delete` clears scratch space.
    const below = (t: Target): Target => ({
      ...t,
      written: `${t.written.replace(/\/+$/, '')}/*`,
      absolute: t.absolute && path.join(t.absolute, '*'),
      glob: true,
    });
    if (rootTargets.every((t) => isRegenerable(below(t), inv, ctx))) return [];
    return [findDeletion(inv, ctx, roots, description, recursive)];
  },
};

/**
 * True when the find expression can only match build output: every name test (`-name`, `-iname`, `-path`) names
 * regenerable files or folders, and nothing negates or widens them (`!`, `-not`, `-regex`, a bare `-o` branch).
 */
function onlyRegenerableMatches(expression: readonly string[]): boolean {
  const action = expression.findIndex((a) => a === '-delete' || a === '-exec' || a === '-execdir' || a === '-ok' || a === '-okdir');
  const tests = action < 0 ? expression : expression.slice(0, action);
  if (tests.some((a) => a === '!' || a === '-not' || /^-i?regex$/.test(a))) return false;
  const regenerableName = (pattern: string) => {
    const segments = pattern.split('/').filter((segment) => segment && segment !== '.' && segment !== '*' && segment !== '**');
    const last = segments[segments.length - 1] ?? '';
    if (regenerableSegments(segments.map((segment) => segment.replace(/^\*+|\*+$/g, '')))) return true;
    return REGENERABLE_FILE.test(last) || /^\*\.(pyc|pyo|o|class|log|tsbuildinfo)$/.test(last);
  };
  const namesIn = (branch: readonly string[]) =>
    branch.flatMap((a, i) => (['-name', '-iname', '-path', '-ipath', '-wholename'].includes(a) ? [branch[i + 1] ?? ''] : []));
  // Tests joined by nothing must all hold, so one naming build output is enough; with parentheses, every name must.
  if (tests.some((a) => a === '(' || a === ')')) {
    const names = namesIn(tests);
    return names.length > 0 && names.every(regenerableName);
  }
  // Each `-o` alternative is judged alone: a branch without such a test matches everything.
  const branches: string[][] = [[]];
  for (const test of tests) {
    if (test === '-o' || test === '-or') branches.push([]);
    else branches[branches.length - 1].push(test);
  }
  return branches.every((branch) => namesIn(branch).some(regenerableName));
}

/** fd options that take a value (fd --help); `-x`/`-X` take the rest of the line as the command. */
const FD_VALUED = new Set([
  '-e',
  '--extension',
  '-t',
  '--type',
  '-d',
  '--max-depth',
  '--min-depth',
  '--exact-depth',
  '-E',
  '--exclude',
  '-S',
  '--size',
  '--changed-within',
  '--changed-before',
  '-o',
  '--owner',
  '--base-directory',
  '--search-path',
  '-j',
  '--threads',
  '--max-results',
  '-c',
  '--color',
  '--ignore-file',
  '--path-separator',
  '--format',
  '--batch-size',
]);

/** `fd -e pyc -x rm`, `fd -t d __pycache__ -X rm -rf`: what fd hands to rm can only be build output. */
function fdMatchesOnlyRegenerable(args: readonly string[]): boolean {
  const before = args.slice(
    0,
    args.findIndex((a) => ['-x', '--exec', '-X', '--exec-batch'].includes(a)),
  );
  const extensions: string[] = [];
  const words: string[] = [];
  for (let i = 0; i < before.length; i++) {
    const arg = before[i];
    if (arg === '-e' || arg === '--extension') extensions.push(before[++i] ?? '');
    else if (arg.startsWith('--extension=')) extensions.push(arg.slice('--extension='.length));
    else if (FD_VALUED.has(arg)) i++;
    else if (!arg.startsWith('-')) words.push(arg);
  }
  const [pattern] = words;
  const patternOk =
    pattern === undefined || pattern === '.' || REGENERABLE_DIRECTORIES.has(pattern) || REGENERABLE_FILE.test(pattern.replace(/^\^|\$$/g, ''));
  if (extensions.length > 0) return patternOk && extensions.every((ext) => /^(pyc|pyo|o|class|log|tsbuildinfo)$/.test(ext.replace(/^\./, '')));
  return pattern !== undefined && pattern !== '.' && patternOk;
}

function findDeletion(inv: Invocation, ctx: RuleContext, roots: string[], description: string, recursive: boolean): Detection {
  const broad = roots.some((r) => r === '/' || r === '~' || r === ctx.home);
  return detection({
    rule: 'files.find-delete',
    tool: inv.program,
    action: 'delete',
    resource: { kind: 'directory', name: roots.join(' ') },
    environment: ctx.environment(inv, [], 'local'),
    blastRadius: `deletes ${description} under ${roots.join(' ')}${recursive ? ', directories included' : ''}; nothing goes to the trash`,
    risk: broad ? 'critical' : 'high',
    confirmText: roots[0],
  });
}

const dd: CommandRule = {
  family: 'files',
  programs: ['dd'],
  detect(inv, ctx) {
    const output = inv.argv
      .slice(1)
      .find((a) => a.startsWith('of='))
      ?.slice(3);
    if (!output || HARMLESS_DEVICES.test(output)) return [];
    if (DISK_DEVICE.test(output)) return [diskWipe(inv, ctx, output, 'dd')];
    const target = targetsOf(inv, ctx, [output], 0)[0];
    if (isRegenerable(target, inv, ctx) || !exists(target)) return [];
    return [
      detection({
        rule: 'files.dd-overwrite',
        tool: 'dd',
        action: 'overwrite',
        resource: { kind: 'file', name: output },
        environment: ctx.environment(inv, [], 'local'),
        blastRadius: `overwrites the existing file ${output}${measure(target)}`,
        risk: 'medium',
      }),
    ];
  },
};

const formatDisk: CommandRule = {
  family: 'files',
  programs: [
    'mkfs',
    'mkfs.ext2',
    'mkfs.ext3',
    'mkfs.ext4',
    'mkfs.xfs',
    'mkfs.btrfs',
    'mkfs.vfat',
    'mkfs.fat',
    'mkfs.ntfs',
    'mke2fs',
    'mkswap',
    'wipefs',
    'fdisk',
    'sfdisk',
    'gdisk',
    'sgdisk',
    'parted',
    'blkdiscard',
    'diskutil',
    'newfs',
  ],
  detect(inv, ctx) {
    const args = inv.argv.slice(1);
    if (args.some((a) => a === '--help' || a === '-l' || a === '--list' || a === 'list' || a === 'info')) return [];
    if (inv.program === 'diskutil' && !args.some((a) => /^(eraseDisk|eraseVolume|zeroDisk|randomDisk|secureErase|partitionDisk|apfs)$/.test(a)))
      return [];
    const device = args.find((a) => a.startsWith('/dev/') || /^disk\d+/.test(a));
    if (device) return [diskWipe(inv, ctx, device, 'format')];
    const image = args.filter((a) => !a.startsWith('-')).pop();
    if (!image || inv.program === 'fdisk' || inv.program === 'parted') return [];
    return [
      detection({
        rule: 'files.format-image',
        tool: inv.program,
        action: 'format',
        resource: { kind: 'file', name: image },
        environment: ctx.environment(inv, [], 'local'),
        blastRadius: `writes a new filesystem over ${image}; whatever it held is lost`,
        risk: 'medium',
      }),
    ];
  },
};

const truncate: CommandRule = {
  family: 'files',
  programs: ['truncate'],
  detect(inv, ctx) {
    const args = inv.argv.slice(1);
    const size = optionValue(args, ['-s', '--size']);
    if (size === undefined || !/^(0+[KMGTPEZY]?B?|-.+|<.+|\/.+|%.+)$/i.test(size)) return [];
    const { values, offset } = operands(args, ['-s', '--size', '-r', '--reference']);
    const targets = values.map((value, i) => targetsOf(inv, ctx, [value], offset[i])[0]).filter((t) => !isRegenerable(t, inv, ctx));
    if (targets.length === 0) return [];
    return [
      detection({
        rule: 'files.truncate',
        tool: 'truncate',
        action: 'truncate',
        resource: { kind: 'file', name: nameList(targets) },
        environment: ctx.environment(inv, [], 'local'),
        blastRadius: `cuts ${nameList(targets)} to size ${size}, discarding the data past that point${measure(targets[0])}`,
        risk: 'medium',
        confirmText: targets[0].written,
      }),
    ];
  },
};

const rsync: CommandRule = {
  family: 'files',
  programs: ['rsync'],
  detect(inv, ctx) {
    const args = inv.argv.slice(1);
    const deleting = args.some((a) => /^--(delete|del|delete-(before|during|delay|after|excluded|missing-args))$/.test(a));
    const removesSource = args.includes('--remove-source-files');
    if ((!deleting && !removesSource) || args.includes('--dry-run') || hasFlag(args, ['-n'])) return [];
    const { values } = operands(args, [
      '-e',
      '--rsh',
      '--exclude',
      '--include',
      '--filter',
      '-f',
      '--exclude-from',
      '--include-from',
      '--files-from',
      '--port',
      '--log-file',
      '--partial-dir',
      '--backup-dir',
      '--suffix',
      '--chmod',
      '--password-file',
      '--timeout',
    ]);
    const destination = values[values.length - 1];
    if (!destination) return [];
    const remote = /^(?:[^@/]+@)?([^:/]+):/.exec(destination) ?? /^rsync:\/\/(?:[^@/]+@)?([^:/]+)/.exec(destination);
    const environment = remote ? ctx.environment({ ...inv, remoteHost: remote[1] }, [], 'remote') : ctx.environment(inv, [], 'local');
    const target = remote ? destination : values.slice(0, -1).join(' ');
    return [
      detection({
        rule: deleting ? 'files.rsync-delete' : 'files.rsync-remove-source',
        tool: 'rsync',
        action: deleting ? 'sync with delete' : 'move',
        resource: { kind: 'directory', name: deleting ? destination : target },
        environment,
        blastRadius: deleting
          ? `deletes every file in ${destination} that is not in ${values.slice(0, -1).join(' ') || 'the source'}; a wrong or empty source empties the destination`
          : `removes the source files ${target} after copying`,
        risk: 'high',
      }),
    ];
  },
};

/**
 * rclone (https://rclone.org/commands/): `purge` deletes a path and everything in it, `delete`/`deletefile` delete
 * files, `sync` deletes whatever the destination has that the source lacks. `--dry-run`/`-n` and `-i` (asks
 * before each change) change nothing on their own.
 */
const RCLONE_DELETING: Record<string, { action: string; operand: 'first' | 'last'; radius: (target: string, source?: string) => string }> = {
  purge: { action: 'purge', operand: 'first', radius: (t) => `deletes ${t} and everything inside it, directories included` },
  delete: { action: 'delete', operand: 'first', radius: (t) => `deletes every file under ${t} (filters narrow it)` },
  deletefile: { action: 'delete', operand: 'first', radius: (t) => `deletes the file ${t}` },
  sync: {
    action: 'sync',
    operand: 'last',
    radius: (t, source) => `deletes every file in ${t} that ${source ?? 'the source'} does not have; a wrong or empty source empties it`,
  },
};

const rclone: CommandRule = {
  family: 'files',
  programs: ['rclone'],
  detect(inv, ctx) {
    const args = inv.argv.slice(1);
    if (hasFlag(args, ['-n', '--dry-run', '-i', '--interactive', '-h', '--help'])) return [];
    const words = args.filter((a) => !a.startsWith('-'));
    const command = words.find((w) => Object.hasOwn(RCLONE_DELETING, w));
    if (!command) return [];
    const operands = words.slice(words.indexOf(command) + 1);
    const spec = RCLONE_DELETING[command];
    const target = spec.operand === 'first' ? operands[0] : operands[operands.length - 1];
    if (!target || (spec.operand === 'last' && operands.length < 2)) return [];
    // `remote:path` names a configured remote; anything else is a path on this machine.
    const remote = /^([\w.-]+):/.exec(target)?.[1];
    if (!remote) {
      const local = targetsOf(inv, ctx, [target], args.indexOf(target) + 1)[0];
      if (isRegenerable(local, inv, ctx)) return [];
    }
    return [
      detection({
        rule: `files.rclone-${spec.action}`,
        tool: 'rclone',
        action: spec.action,
        resource: { kind: command === 'deletefile' ? 'file' : 'directory', name: target },
        environment: remote ? ctx.environment(inv, [{ source: 'rclone remote', value: remote }], 'remote') : ctx.environment(inv, [], 'local'),
        blastRadius: spec.radius(target, operands.length > 1 ? operands[0] : undefined),
        risk: command === 'deletefile' ? 'medium' : 'high',
      }),
    ];
  },
};

const moveToNull: CommandRule = {
  family: 'files',
  programs: ['mv', 'cp'],
  detect(inv, ctx) {
    const { values, offset } = operands(inv.argv.slice(1), ['-t', '--target-directory', '-S', '--suffix']);
    if (values.length < 2) return [];
    const destination = values[values.length - 1];
    const sources = values.slice(0, -1);
    if (inv.program === 'mv' && destination === '/dev/null') {
      const targets = sources.map((value, i) => targetsOf(inv, ctx, [value], offset[i])[0]);
      return deletion(inv, ctx, targets, { rule: 'files.mv-devnull', action: 'delete', recursive: false, force: true, verb: 'destroys' });
    }
    if (inv.program === 'cp' && sources.length === 1 && sources[0] === '/dev/null') {
      const target = targetsOf(inv, ctx, [destination], offset[offset.length - 1])[0];
      if (isRegenerable(target, inv, ctx) || !exists(target)) return [];
      return [emptied(inv, ctx, target, 'files.cp-devnull')];
    }
    // `cp .env.example .env` over an existing .env, `mv backup.db app.db`: the file that was there is gone.
    const args = inv.argv.slice(1);
    // -n, -b and -i keep (or ask about) what is there; -t names a directory to copy into.
    const keepsOld = hasFlag(args, ['-n', '--no-clobber', '-b', '--backup', '-i', '--interactive']) || args.includes('--update=none');
    if (sources.length !== 1 || keepsOld || optionValue(args, ['-t', '--target-directory']) !== undefined) return [];
    const target = targetsOf(inv, ctx, [destination], offset[offset.length - 1])[0];
    if (!isPrecious(target, inv) || !isExistingFile(target)) return [];
    return [overwritten(inv, ctx, target, `${inv.program === 'mv' ? 'moves' : 'copies'} ${sources[0]} over`)];
  },
};

/** Databases, secrets, keys and git internals: their contents matter even in an agent's workspace. */
function isPrecious(target: Target, inv: Invocation): boolean {
  const relative = target.absolute ? path.relative(inv.cwd, target.absolute) : target.written;
  return PRECIOUS_FILE.test(relative) || PRECIOUS_FILE.test(path.basename(target.written));
}

function isExistingFile(target: Target): boolean {
  if (!target.absolute || target.remote) return false;
  try {
    return lstatSync(target.absolute).isFile();
  } catch {
    return false;
  }
}

function overwritten(inv: Invocation, ctx: RuleContext, target: Target, how: string): Detection {
  return detection({
    rule: 'files.overwrite',
    tool: inv.program,
    action: 'overwrite',
    resource: { kind: 'file', name: target.written },
    environment: ctx.environment(inv, [], 'local'),
    blastRadius: `${how} the existing ${target.written}${measure(target)}; its old contents are lost`,
    risk: 'medium',
  });
}

/** `echo x | tee .env`: tee truncates each file it names unless -a appends. */
const tee: CommandRule = {
  family: 'files',
  programs: ['tee'],
  detect(inv, ctx) {
    const args = inv.argv.slice(1);
    if (hasFlag(args, ['-a', '--append']) || args.includes('--help')) return [];
    const { values, offset } = operands(args, ['--output-error']);
    return values
      .map((value, i) => targetsOf(inv, ctx, [value], offset[i])[0])
      .filter((target) => !isRegenerable(target, inv, ctx) && isPrecious(target, inv) && isExistingFile(target))
      .map((target) => overwritten(inv, ctx, target, 'tee writes its input over'));
  },
};

const permissions: CommandRule = {
  family: 'files',
  programs: ['chmod', 'chown', 'chgrp'],
  detect(inv, ctx) {
    const args = inv.argv.slice(1);
    if (!hasFlag(args, ['-R', '--recursive'])) return [];
    const { values, offset } = operands(args, ['--reference']);
    const targets = values.slice(1).map((value, i) => targetsOf(inv, ctx, [value], offset[i + 1])[0]);
    const roots = targets.filter((t) => isCatastrophic(t, ctx));
    if (roots.length === 0) return [];
    const home = roots.every((t) => t.absolute && path.resolve(t.absolute) === path.resolve(ctx.home));
    return [
      detection({
        rule: `files.${inv.program}-system`,
        tool: inv.program,
        action: `recursive ${inv.program}`,
        resource: { kind: 'path', name: nameList(roots) },
        environment: ctx.environment(inv, [], 'local'),
        blastRadius: `changes ownership or permissions of every file under ${nameList(roots)}; system programs, ssh keys and sudo stop working and the old values are not recorded`,
        risk: 'critical',
        deny: !home,
      }),
    ];
  },
};

const PURE_TRUNCATORS = new Set([':', 'true', 'echo', 'printf', 'cat']);
/** Files whose contents matter even when an agent writes them: databases, secrets, git internals. */
const PRECIOUS_FILE =
  /(\.(db|sqlite|sqlite3|db3|mdb|pem|key|p12|pfx|kdbx|tfstate)|^\.env(\..+)?|^\.git\/.+|^id_(rsa|ed25519|ecdsa)|\.bash_history|\.zsh_history|authorized_keys|known_hosts)$/;

const truncatingRedirect: CommandRule = {
  family: 'files',
  programs: ['*'],
  detect(inv, ctx) {
    const found: Detection[] = [];
    for (const redirect of inv.redirects) {
      if (!['>', '>|', '&>', '>&'].includes(redirect.operator) || HARMLESS_DEVICES.test(redirect.target)) continue;
      if (DISK_DEVICE.test(redirect.target)) {
        found.push(diskWipe(inv, ctx, redirect.target, 'overwrite'));
        continue;
      }
      const target = targetsOf({ ...inv, dynamic: [redirect.dynamic], glob: [false] }, ctx, [redirect.target], 0)[0];
      if (isRegenerable(target, inv, ctx) || !exists(target)) continue;
      const producesNothing =
        PURE_TRUNCATORS.has(inv.program) &&
        // `cat > f <<'EOF'` writes the heredoc: cat with something on stdin (other than /dev/null) produces it.
        ((inv.argv.length === 1 && !(inv.program === 'cat' && inv.stdin && !(inv.stdin.kind === 'file' && inv.stdin.path === '/dev/null'))) ||
          (inv.program === 'cat' && inv.argv[1] === '/dev/null') ||
          // `printf '' > f`, `echo -n > f`: no output either.
          (inv.program === 'printf' && inv.argv.length === 2 && inv.argv[1] === '') ||
          (inv.program === 'echo' && inv.argv[1] === '-n' && inv.argv.slice(2).every((a) => a === '')));
      const relative = target.absolute ? path.relative(inv.cwd, target.absolute) : redirect.target;
      if (producesNothing) found.push(emptied(inv, ctx, target, 'files.truncate-redirect'));
      else if (PRECIOUS_FILE.test(relative) || PRECIOUS_FILE.test(path.basename(redirect.target))) {
        found.push(
          detection({
            rule: 'files.overwrite-redirect',
            tool: inv.program,
            action: 'overwrite',
            resource: { kind: 'file', name: redirect.target },
            environment: ctx.environment(inv, [], 'local'),
            blastRadius: `replaces the contents of ${redirect.target}${measure(target)} with the output of ${inv.program}; the old contents are lost`,
            risk: 'medium',
          }),
        );
      }
    }
    return found;
  },
};

function emptied(inv: Invocation, ctx: RuleContext, target: Target, rule: string): Detection {
  return detection({
    rule,
    tool: inv.program,
    action: 'truncate',
    resource: { kind: 'file', name: target.written },
    environment: ctx.environment(inv, [], 'local'),
    blastRadius: `empties ${target.written}${measure(target)}; its contents are lost`,
    risk: 'medium',
  });
}

function exists(target: Target): boolean {
  const absolute = target.absolute;
  if (!absolute || target.remote) return true;
  try {
    lstatSync(absolute);
    return true;
  } catch {
    return false;
  }
}

/** `crontab -r` deletes the user's whole cron table at once, with no copy kept (`-i` asks first, `-l` lists). */
const crontabRemove: CommandRule = {
  family: 'files',
  programs: ['crontab'],
  detect(inv, ctx) {
    const args = inv.argv.slice(1);
    if (!hasFlag(args, ['-r']) || hasFlag(args, ['-i', '-l'])) return [];
    const user = optionValue(args, ['-u']);
    return [
      detection({
        rule: 'files.crontab-remove',
        tool: 'crontab',
        action: 'remove cron table',
        resource: { kind: 'cron table', name: user ?? 'the current user' },
        environment: ctx.environment(inv, [], 'local'),
        blastRadius: `deletes every scheduled job of ${user ?? 'the current user'}; crontab keeps no copy to restore`,
        risk: 'high',
        confirmText: user ?? 'crontab -r',
      }),
    ];
  },
};

export const rules: readonly CommandRule[] = [
  crontabRemove,
  rm,
  shred,
  find,
  dd,
  formatDisk,
  truncate,
  rsync,
  rclone,
  moveToNull,
  tee,
  permissions,
  truncatingRedirect,
];
