// Programs that run another command: privilege and process wrappers, package runners, remote shells,
// `sh -c` strings, secret injectors, schedulers and terminals (at, crontab, tmux, screen, expect), runners
// (parallel, watchers, hyperfine), git's aliases and hooks, and script files run by path. Each hands on the
// inner command so the rules see what really runs.
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { EnvironmentHint } from './environment';
import type { Invocation } from './invocation';
import { optionValue, optionValues } from './rules/args';
import type { Expander, Expansion, ReadContext } from './shellReader';
import { resolvePath } from './shellReader';
import { echoInterpreted, stdinText } from './stdin';

type ReadText = (file: string) => string | undefined;

interface SkipSpec {
  /** Options that take a separate value. */
  valued?: readonly string[];
  /** Positionals consumed before the command (`timeout DURATION cmd`). */
  leading?: number;
  /** Options after which nothing runs (`command -v`, `sudo -l`). */
  stops?: readonly string[];
}

/**
 * Skips the wrapper's own options and returns the index where the inner command starts. Short options bundle
 * as getopt reads them: in `sudo -nu deploy rm`, `-u` ends the bundle and takes `deploy` as its value.
 */
function innerStart(args: readonly string[], spec: SkipSpec): number | undefined {
  let leading = spec.leading ?? 0;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (spec.stops?.includes(arg)) return undefined;
    if (arg === '--') return leading === 0 && i + 1 < args.length ? i + 1 : undefined;
    if (arg.startsWith('-') && arg.length > 1) {
      if (spec.valued?.includes(arg)) i++;
      else if (/^-[A-Za-z0-9]{2,}$/.test(arg)) {
        for (let j = 1; j < arg.length; j++) {
          if (spec.stops?.includes(`-${arg[j]}`)) return undefined;
          if (spec.valued?.includes(`-${arg[j]}`)) {
            if (j === arg.length - 1) i++;
            break;
          }
        }
      }
      continue;
    }
    if (leading > 0) {
      leading--;
      continue;
    }
    return i;
  }
  return undefined;
}

const SIMPLE_WRAPPERS: Record<string, SkipSpec> = {
  sudo: {
    valued: ['-u', '-g', '-h', '-p', '-C', '-D', '-r', '-t', '-U', '-T', '--user', '--group', '--host', '--prompt', '--chdir'],
    stops: ['-l', '-e', '-v', '-k', '-K', '--list', '--edit', '--validate'],
  },
  doas: { valued: ['-u', '-C'] },
  nohup: {},
  setsid: {},
  pkexec: { valued: ['--user'] },
  runuser: { valued: ['-u', '-g', '-G', '-s', '-w', '--user', '--group', '--supp-group', '--shell', '--whitelist-environment'] },
  chroot: { valued: ['--userspec', '--groups'], leading: 1 },
  nsenter: { valued: ['-t', '--target', '-S', '--setuid', '-G', '--setgid'] },
  unshare: { valued: ['-S', '--setuid', '-G', '--setgid', '-R', '--root', '-w', '--wd', '--map-user', '--map-group'] },
  'systemd-run': {
    valued: [
      ...['-u', '--unit', '-p', '--property', '-E', '--setenv', '--uid', '--gid', '-M', '--machine', '--description', '--slice', '--nice'],
      ...['--working-directory', '--service-type', '--on-active', '--on-boot', '--on-startup', '--on-unit-active', '--on-unit-inactive'],
      ...['--on-calendar', '--on-clock-change', '--timer-property', '--path-property', '--socket-property', '-H', '--host'],
    ],
  },
  'flatpak-spawn': {},
  firejail: {},
  eatmydata: {},
  fakeroot: {},
  nocache: {},
  torsocks: {},
  proxychains: { valued: ['-f'] },
  proxychains4: { valued: ['-f'] },
  trickle: { valued: ['-d', '-u', '-w', '-t', '-l', '-n'] },
  faketime: { valued: ['-m', '-f'], leading: 1 },
  chrt: { leading: 1 },
  numactl: { valued: ['-C', '-N', '-m', '-p', '-i', '--physcpubind', '--cpunodebind', '--membind', '--preferred', '--interleave'] },
  prlimit: { valued: ['-p', '--pid'] },
  setpriv: { valued: ['--reuid', '--regid', '--groups', '--inh-caps', '--ambient-caps', '--bounding-set', '--securebits', '--pdeathsig'] },
  valgrind: {},
  ltrace: { valued: ['-o', '-e', '-p', '-s', '-u'] },
  'dbus-run-session': { valued: ['--config-file', '--dbus-daemon'] },
  'ssh-agent': { valued: ['-a', '-E', '-P', '-t'] },
  entr: {},
  tsp: { valued: ['-L', '-D', '-N'] },
  nq: {},
  pueue: {},
  'gnome-terminal': {},
  // zsh precommand modifiers.
  noglob: {},
  nocorrect: {},
  // `time` is a shell keyword, `command` and `builtin` are builtins: what they run runs in this very shell.
  time: { valued: ['-f', '-o', '--format', '--output'] },
  command: { stops: ['-v', '-V'] },
  builtin: {},
  exec: { valued: ['-a'] },
  nice: { valued: ['-n', '--adjustment'] },
  ionice: { valued: ['-c', '-n', '-p', '-P', '-u', '--class', '--classdata'] },
  stdbuf: { valued: ['-i', '-o', '-e'] },
  unbuffer: {},
  caffeinate: { valued: ['-t', '-w'] },
  taskset: { leading: 1 },
  chronic: {},
  timeout: { valued: ['-s', '-k', '--signal', '--kill-after'], leading: 1 },
  gtimeout: { valued: ['-s', '-k', '--signal', '--kill-after'], leading: 1 },
  flock: { valued: ['-w', '-E', '--timeout', '--conflict-exit-code'], leading: 1 },
  strace: { valued: ['-o', '-e', '-p', '-s', '-u', '-E', '-a', '-b', '-I', '-O', '-S', '-P', '-X'] },
  // `-a` is --auto-servernum, a flag.
  'xvfb-run': { valued: ['-n', '-s', '-f', '-e', '-p', '-w', '--server-args', '--server-num', '--error-file', '--auth-file', '--wait'] },
  'cross-env': {},
  'cross-env-shell': {},
  'with-contenv': {},
  // shelljs's portable shell commands in npm scripts: `shx rm -rf dist`.
  shx: {},
};

/** `bundle exec rails …`, `poetry run alembic …`: subcommand, then the command. */
const RUNNER_SUBCOMMANDS: Record<string, { subcommands: readonly string[]; valued?: readonly string[] }> = {
  bundle: { subcommands: ['exec'] },
  poetry: { subcommands: ['run'] },
  pipenv: { subcommands: ['run'] },
  pdm: { subcommands: ['run'] },
  hatch: { subcommands: ['run'] },
  rye: { subcommands: ['run'] },
  uv: { subcommands: ['run'], valued: ['--with', '--python', '-p', '--project', '--directory', '--env-file'] },
  uvx: { subcommands: [] },
  pipx: { subcommands: ['run'] },
  conda: { subcommands: ['run'], valued: ['-n', '--name', '-p', '--prefix'] },
  mamba: { subcommands: ['run'], valued: ['-n', '--name', '-p', '--prefix'] },
  mise: { subcommands: ['exec', 'x'], valued: ['-C', '--cd', '-E', '--env'] },
  asdf: { subcommands: ['exec'] },
  direnv: { subcommands: ['exec'] },
  nix: { subcommands: ['develop', 'shell'] },
  dotnet: { subcommands: ['tool'] },
  npm: { subcommands: ['exec', 'x'], valued: ['-p', '--package', '-w', '--workspace'] },
  pnpm: { subcommands: ['dlx', 'exec'], valued: ['-C', '--dir', '--filter', '-F'] },
  yarn: { subcommands: ['dlx', 'exec'], valued: ['-p', '--package'] },
  bun: { subcommands: ['x'] },
  npx: { subcommands: [], valued: ['-p', '--package', '--call', '-c'] },
  bunx: { subcommands: [], valued: ['-p', '--package'] },
};

/** Package names whose binary has another name. */
const PACKAGE_BINARIES: Record<string, string> = {
  '@railway/cli': 'railway',
  'netlify-cli': 'netlify',
  'aws-cdk': 'cdk',
  'cdktf-cli': 'cdktf',
  'sequelize-cli': 'sequelize',
  'firebase-tools': 'firebase',
  '@planetscale/cli': 'pscale',
  '@neondatabase/cli': 'neonctl',
  supabase: 'supabase',
  prisma: 'prisma',
  '@prisma/cli': 'prisma',
  heroku: 'heroku',
};

function packageBinary(spec: string): string {
  const withoutVersion = spec.replace(/(?!^)@[^/]*$/, '');
  return PACKAGE_BINARIES[withoutVersion] ?? withoutVersion.split('/').pop() ?? withoutVersion;
}

const SHELLS = new Set(['sh', 'bash', 'zsh', 'dash', 'ksh', 'mksh', 'ash', 'fish', 'busybox']);

export function createWrapperExpander(readText: ReadText): Expander {
  return (inv, context) => {
    const args = inv.argv.slice(1);
    const program = inv.program;
    const argvFrom = (index: number | undefined, extra: Partial<Expansion> = {}): Expansion[] => {
      // `time { rm -rf x; }`: the grammar hands over the group's brace as a word.
      const start = index !== undefined && args[index] === '{' ? index + 1 : index;
      return start === undefined || start >= args.length ? [] : [{ via: describe(inv, start), argv: args.slice(start), ...extra }];
    };

    if (SHELLS.has(program)) return shellExpansion(inv, args, context, readText);
    if (program === 'eval') {
      // `eval "$(tool init)"` is left to the rules, which know the tools that print shell setup; `eval "$CMD"`
      // runs whatever the variable holds, so it is named for what it is.
      const ofVariable = args.some((a, i) => inv.dynamic[i + 1] && /^\$\{?[A-Za-z_@*0-9]/.test(a));
      return args.length ? [{ via: ofVariable ? 'eval of a variable' : 'eval', script: args.join(' '), inShell: true }] : [];
    }
    if (program === 'source' || program === '.') return sourceExpansion(inv, args, context, readText);
    if (program === 'find' || program === 'gfind') return findExec(args);
    if (program === 'fd' || program === 'fdfind') return fdExec(args);
    if (program === 'su' || program === 'sg') {
      const script = bundledValue(args, 'c', '--command');
      if (script) return [{ via: `${program} -c`, script }];
      // `sg group cmd…`: the words after the group are the command.
      return program === 'sg' && args.length > 1 ? [{ via: 'sg', script: args.slice(1).join(' ') }] : [];
    }
    if (program === 'runuser') {
      const script = bundledValue(args, 'c', '--command');
      if (script) return [{ via: 'runuser -c', script }];
      // Without -u, runuser is su: its first word is a user, not a command.
      return hasShortOption(args, 'u') || args.some((a) => a.startsWith('--user')) ? argvFrom(innerStart(args, SIMPLE_WRAPPERS.runuser)) : [];
    }
    if (program === 'sudo') return sudoExpansion(inv, args);
    if (program === 'env') return envExpansion(inv, args, context);
    if (program === 'watch') {
      const index = innerStart(args, { valued: ['-n', '--interval', '-q', '--equexit', '--differences'] });
      if (index === undefined) return [];
      return args.includes('-x') || args.includes('--exec') ? argvFrom(index) : [{ via: 'watch', script: args.slice(index).join(' ') }];
    }
    if (program === 'xargs') return xargsExpansion(inv, args, context, readText);
    if (program === 'parallel' || program === 'sem') return parallelExpansion(inv, args);
    if (program === 'ssh') return sshExpansion(inv, args);
    if (program === 'trap') return trapExpansion(args);
    if (program === 'mapfile' || program === 'readarray') {
      // `mapfile -C 'cmd' -c 1 < file` calls cmd for every line read.
      const callback = optionValue(args, ['-C']);
      return callback ? [{ via: `${program} -C`, script: callback, inShell: true }] : [];
    }
    if (program === 'coproc') return coprocExpansion(args);
    if (program === 'script') return scriptCommand(args);
    if (program === 'expect') return expectExpansion(inv, args, context, readText);
    if (program === 'tmux') return tmuxExpansion(args);
    if (program === 'screen') return screenExpansion(args);
    if (program === 'at' || program === 'batch') return atExpansion(inv, args);
    if (program === 'crontab') return crontabExpansion(inv, args, context, readText);
    if (program === 'hyperfine') return hyperfineExpansion(args);
    if (program === 'watchexec' || program === 'nodemon' || program === 'concurrently' || program === 'entr' || program === 'pueue')
      return watcherExpansion(program, args);
    if (program === 'systemd-run' && optionValue(args, ['-H', '--host'])) {
      const host = optionValue(args, ['-H', '--host'])!;
      return argvFrom(innerStart(args, SIMPLE_WRAPPERS['systemd-run']), { remoteHost: host.replace(/^[^@]*@/, '') });
    }
    if (TERMINALS.has(program)) {
      // `xterm -e cmd args`, `alacritty -e cmd`: the words after -e run in the new terminal.
      const index = args.findIndex((a) => a === '-e' || a === '-x' || a === '--command' || a === '--');
      return index >= 0 && index + 1 < args.length ? [{ via: `${program} -e`, argv: args.slice(index + 1) }] : [];
    }
    if (program === 'ip' && args[0] === 'netns' && args[1] === 'exec' && args.length > 3)
      return [{ via: `ip netns exec ${args[2]}`, argv: args.slice(3) }];
    if (program === 'toybox') return args[0] ? [{ via: 'toybox', argv: args }] : [];
    if (program === 'npx' || program === 'bunx' || program === 'uvx') {
      const script = optionValue(args, ['-c', '--call']);
      if (script) return [{ via: `${program} -c`, script }];
      return packageRunner(inv, args, RUNNER_SUBCOMMANDS[program].valued ?? []);
    }
    const runner = RUNNER_SUBCOMMANDS[program];
    if (runner && args[0] && runner.subcommands.includes(args[0])) {
      if (program === 'nix') {
        const script = optionValue(args, ['--command', '-c']);
        return script ? [{ via: 'nix develop', script }] : [];
      }
      // `npm exec -c 'cmd'`, `pnpm exec --shell-mode 'cmd'`: shell text.
      const shellText = program === 'npm' ? optionValue(args, ['-c', '--call']) : program === 'pnpm' ? shellModeScript(args.slice(1)) : undefined;
      if (shellText) return [{ via: `${program} ${args[0]} -c`, script: shellText }];
      if (['npm', 'pnpm', 'yarn', 'bun', 'dotnet', 'pipx'].includes(program)) {
        return packageRunner(inv, args.slice(args[0] === 'tool' ? 2 : 1), runner.valued ?? [], `${program} ${args[0]}`);
      }
      const rest = args.slice(1);
      const index = innerStart(rest, { valued: runner.valued, leading: program === 'direnv' ? 1 : 0 });
      return index === undefined ? [] : [{ via: `${program} ${args[0]}`, argv: rest.slice(index) }];
    }
    if (program === 'nix-shell') {
      const script = optionValue(args, ['--run', '--command']);
      return script ? [{ via: 'nix-shell --run', script }] : [];
    }
    if (program === 'git') return gitExpansion(inv, args, context, readText);
    if (program === 'cross-env' || program === 'cross-env-shell') return assignmentsThenCommand(args, program);
    if (SIMPLE_WRAPPERS[program]) {
      const inShell = program === 'command' || program === 'builtin' || program === 'time';
      return argvFrom(innerStart(args, SIMPLE_WRAPPERS[program]), inShell ? { inShell } : {});
    }
    if (program === 'python' || program === 'python3' || /^python3\.\d+$/.test(program)) return pythonEntry(args);
    if (program === 'php' && args[0] && path.basename(args[0]) === 'artisan') return [{ via: 'php', argv: ['artisan', ...args.slice(1)] }];
    if (program === 'node' && args[0] && /node_modules\/\.bin\//.test(args[0])) return [{ via: 'node', argv: args }];
    const executed = executedScript(inv, context, readText);
    if (executed) return executed;
    return secretInjector(inv, args);
  };
}

/** Wrapper scripts generated by build tools: long, generic, and all about finding java or a compiler. */
const GENERATED_WRAPPERS = new Set(['gradlew', 'mvnw', 'configure', 'config.status', 'libtool']);

/**
 * `./cleanup.sh`, `scripts/reset`, or `ls` found first in a folder the command line put on PATH
 * (`PATH=./bin:$PATH ls`): the file itself runs. A shell script (or one without a `#!` line, which the shell
 * runs itself) is read as shell; for another interpreter the command is handed on as that interpreter
 * running the file (`./tool.py` as `python3 ./tool.py`).
 */
function executedScript(inv: Invocation, context: ReadContext, readText: ReadText): Expansion[] | undefined {
  const written = inv.argv[0];
  if (inv.dynamic[0] || GENERATED_WRAPPERS.has(path.basename(written))) return undefined;
  let file: string | undefined;
  if (written.includes('/')) file = resolvePath(inv.cwd, written, context.home);
  else {
    const before = (context.env.PATH ?? '').split(':');
    for (const dir of (inv.env.PATH ?? context.env.PATH ?? '').split(':')) {
      if (before.includes(dir)) continue;
      const candidate = path.resolve(inv.cwd, dir || '.', written);
      if (readText(candidate) !== undefined) {
        file = candidate;
        break;
      }
    }
  }
  const text = file === undefined ? undefined : readText(file);
  if (text === undefined || file === undefined) return undefined;
  return scriptFile(written.slice(0, 60), file, text, inv.argv.slice(1), inv.dynamic.slice(1));
}

/** A script file run as a program: shell text (also without a `#!` line), or its interpreter running the file. */
function scriptFile(via: string, file: string, text: string, args: string[], dynamic: boolean[]): Expansion[] {
  const shebang = /^#!\s*(\S+)(?:\s+(?:-S\s+)?(\S+))?/.exec(text);
  const interpreter = shebang ? (path.basename(shebang[1]) === 'env' ? shebang[2] : path.basename(shebang[1])) : 'sh';
  if (!interpreter) return [];
  if (SHELLS.has(interpreter)) return [{ via, script: text, env: positionalEnv([file, ...args], [false, ...dynamic]) }];
  return [{ via, argv: [interpreter, file, ...args] }];
}

const TERMINALS = new Set([
  'xterm',
  'uxterm',
  'konsole',
  'alacritty',
  'terminator',
  'xfce4-terminal',
  'tilix',
  'foot',
  'kitty',
  'wezterm',
  'urxvt',
  'st',
]);

/**
 * optionValue that also reads getopt bundles: `su -lc 'cmd'`, `script -qc 'cmd'` (the letter ends the bundle
 * and takes the next word) and `-qc'cmd'` (the rest of the bundle is the value).
 */
function bundledValue(args: readonly string[], short: string, long?: string): string | undefined {
  const plain = optionValue(args, long ? [`-${short}`, long] : [`-${short}`]);
  if (plain !== undefined) return plain;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '--') break;
    if (!arg.startsWith('-') || arg.startsWith('--')) continue;
    const at = arg.indexOf(short, 1);
    if (at < 0 || !/^[A-Za-z]*$/.test(arg.slice(1, at))) continue;
    return arg.slice(at + 1) || args[i + 1];
  }
  return undefined;
}

/** True when a short option appears alone or in a bundle (`-u`, `-nu`). */
function hasShortOption(args: readonly string[], letter: string): boolean {
  for (const arg of args) {
    if (arg === '--') return false;
    if (/^-[A-Za-z]+$/.test(arg) && arg.includes(letter)) return true;
  }
  return false;
}

/**
 * `sudo cmd`; with -s or -i the words are handed to a shell as one command line (`sudo -s 'rm -rf x'`,
 * `sudo -i -- bash -c …`), so they are read as shell text.
 */
function sudoExpansion(inv: Invocation, args: string[]): Expansion[] {
  const index = innerStart(args, SIMPLE_WRAPPERS.sudo);
  if (index === undefined || index >= args.length) return [];
  const options = args.slice(0, index);
  const viaShell = options.some(
    (a) => a === '--shell' || a === '--login' || (/^-[A-Za-z]+$/.test(a) && /[si]/.test(a.replace(/[ughpCDrtUT].*$/, ''))),
  );
  if (viaShell) return [{ via: describe(inv, index), script: args.slice(index).join(' ') }];
  return [{ via: describe(inv, index), argv: args.slice(index) }];
}

/** `source file`, `. <(…)`, `source /dev/stdin`: read in this very shell. */
function sourceExpansion(inv: Invocation, args: string[], context: ReadContext, readText: ReadText): Expansion[] {
  const file = args[0];
  if (file === undefined) return [];
  const via = `${inv.program} ${file.slice(0, 40)}`;
  if (inv.dynamic[1]) {
    const output = processOutputOf(file, context);
    if (output === undefined) return [];
    return [{ via, script: output, inShell: true }];
  }
  if (STDIN_FILES.has(file)) {
    const fed = stdinText(inv.stdin, readText, context.home);
    return fed?.known ? [{ via, script: fed.text, inShell: true }] : [];
  }
  const text = readText(resolvePath(inv.cwd, file, context.home));
  return text === undefined ? [] : [{ via, script: text, inShell: true }];
}

/** Names under which a program reads its own stdin as a file. */
const STDIN_FILES = new Set(['/dev/stdin', '/dev/fd/0', '/proc/self/fd/0']);

/** What `<(cmd)` prints, when the reader could tell. */
function processOutputOf(written: string, context: ReadContext): string | undefined {
  return written.startsWith('<(') ? context.processOutput?.(written) : undefined;
}

/** `pnpm exec -c 'cmd'` / `--shell-mode`: the command words are shell text. */
function shellModeScript(args: string[]): string | undefined {
  const flag = args.findIndex((a) => a === '-c' || a === '--shell-mode');
  if (flag < 0) return undefined;
  const rest = args.slice(flag + 1).filter((a) => a !== '--');
  return rest.length ? rest.join(' ') : undefined;
}

/** `trap 'cmd' EXIT`: the command runs when the shell exits or gets the signal, so it runs. */
function trapExpansion(args: string[]): Expansion[] {
  const operands = args[0] === '--' ? args.slice(1) : args.filter((a, i) => !(i === 0 && /^-[lp]+$/.test(a)));
  if (args[0] && /^-[lp]+$/.test(args[0])) return [];
  const [action, ...signals] = operands;
  if (!action || signals.length === 0 || action === '-') return [];
  return [{ via: 'trap', script: action, inShell: true }];
}

/** `coproc NAME { cmd; }`, `coproc cmd`: the grammar sees words; the command starts after the name and brace. */
function coprocExpansion(args: string[]): Expansion[] {
  let rest = args;
  if (rest.length > 1 && /^[A-Za-z_][A-Za-z0-9_]*$/.test(rest[0]) && (rest[1] === '{' || rest[1] === '(')) rest = rest.slice(2);
  else if (rest[0] === '{' || rest[0] === '(') rest = rest.slice(1);
  return rest.length ? [{ via: 'coproc', argv: rest }] : [];
}

/** util-linux `script -c 'cmd' [file]`; BSD and macOS `script [file [command …]]`. */
function scriptCommand(args: string[]): Expansion[] {
  const command = bundledValue(args, 'c', '--command');
  if (command) return [{ via: 'script -c', script: command }];
  const valued = ['-E', '--echo', '-I', '--log-in', '-O', '--log-out', '-B', '--log-io', '-T', '--log-timing', '-m', '--logging-format', '-F', '-t'];
  const words = positionalWords(args, valued);
  return words.length > 1 ? [{ via: 'script', argv: words.slice(1) }] : [];
}

function positionalWords(args: string[], valued: readonly string[]): string[] {
  const words: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '--') return [...words, ...args.slice(i + 1)];
    if (arg.startsWith('-') && arg.length > 1 && words.length === 0) {
      if (valued.includes(arg)) i++;
      continue;
    }
    words.push(arg);
  }
  return words;
}

/**
 * `expect -c 'spawn rm -rf x; expect eof'` and expect scripts: Tcl, not shell. What runs is the `spawn` and
 * `exec` commands and the lines `send` types into a spawned shell; they are read as shell text.
 */
function expectExpansion(inv: Invocation, args: string[], context: ReadContext, readText: ReadText): Expansion[] {
  const inline = optionValue(args, ['-c']);
  const file = optionValue(args, ['-f']) ?? positionalWords(args, ['-c', '-f', '-b']).find((a) => !a.startsWith('-'));
  const code = inline ?? (file ? readText(resolvePath(inv.cwd, file, context.home)) : undefined);
  if (!code) return [];
  const scripts: string[] = [];
  for (const command of code.split(/[\n;]/)) {
    const words = command.trim();
    const spawned = /^(?:spawn|exec)\s+(?:-\w+\s+)*(.+)$/s.exec(words);
    if (spawned) scripts.push(spawned[1].replace(/^\{|\}$/g, ''));
    const sent = /^send\s+(?:-\w+\s+)*(?:"((?:[^"\\]|\\.)*)"|\{([^}]*)\})/.exec(words);
    if (sent) scripts.push((sent[1] ?? sent[2]).replace(/\\[rn]/g, '\n'));
  }
  return scripts.map((script) => ({ via: 'expect', script }));
}

/** tmux commands that take a shell command, and their options that take a value. */
const TMUX_SHELL_COMMANDS: Record<string, readonly string[]> = {
  'new-session': ['-c', '-e', '-F', '-n', '-s', '-t', '-x', '-y', '-f'],
  new: ['-c', '-e', '-F', '-n', '-s', '-t', '-x', '-y', '-f'],
  'new-window': ['-c', '-e', '-F', '-n', '-t'],
  neww: ['-c', '-e', '-F', '-n', '-t'],
  'split-window': ['-c', '-e', '-F', '-l', '-p', '-t'],
  splitw: ['-c', '-e', '-F', '-l', '-p', '-t'],
  'respawn-pane': ['-c', '-e', '-t'],
  respawnp: ['-c', '-e', '-t'],
  'respawn-window': ['-c', '-e', '-t'],
  respawnw: ['-c', '-e', '-t'],
  'run-shell': ['-c', '-d', '-t'],
  run: ['-c', '-d', '-t'],
  'if-shell': ['-t'],
  if: ['-t'],
  'pipe-pane': ['-t'],
  pipep: ['-t'],
  'display-popup': ['-b', '-c', '-d', '-e', '-h', '-s', '-S', '-t', '-T', '-w', '-x', '-y'],
  popup: ['-b', '-c', '-d', '-e', '-h', '-s', '-S', '-t', '-T', '-w', '-x', '-y'],
};

/** Key names `send-keys` turns into characters that matter to a shell. */
const TMUX_KEYS: Record<string, string> = { Enter: '\n', 'C-m': '\n', 'C-j': '\n', KPEnter: '\n', Space: ' ', Tab: '\t' };

/**
 * `tmux new-session -d 'cmd'`, `tmux send-keys -t x 'rm -rf y' Enter`, `tmux -c 'cmd'`: shell text that tmux
 * runs or types into a pane's shell. Commands are separated by `;` words.
 */
function tmuxExpansion(args: string[]): Expansion[] {
  const expansions: Expansion[] = [];
  const globalCommand = optionValue(args, ['-c']);
  if (globalCommand && args.indexOf('-c') < firstTmuxCommand(args)) expansions.push({ via: 'tmux -c', script: globalCommand });
  const commands: string[][] = [[]];
  for (const word of args.slice(firstTmuxCommand(args))) {
    if (word === ';' || word === '\\;') commands.push([]);
    else if (word.endsWith(';') && !word.endsWith('\\;')) (commands[commands.length - 1].push(word.slice(0, -1)), commands.push([]));
    else commands[commands.length - 1].push(word);
  }
  for (const [name, ...rest] of commands) {
    if (!name) continue;
    if (name === 'send-keys' || name === 'send') {
      const keys = positionalWords(rest, ['-N', '-t']);
      const literal = rest.includes('-l');
      const text = keys.map((k) => (literal ? k : (TMUX_KEYS[k] ?? (/^(C|M|S)-/.test(k) || /^[A-Z][a-zA-Z]+$/.test(k) ? '' : k)))).join('');
      if (text.trim()) expansions.push({ via: 'tmux send-keys', script: text });
      continue;
    }
    const valued = TMUX_SHELL_COMMANDS[name];
    if (!valued) continue;
    const words = positionalWords(rest, valued);
    // if-shell runs its first word; the others are tmux commands.
    const shellWords = name === 'if-shell' || name === 'if' ? words.slice(0, 1) : words;
    if (shellWords.length) expansions.push({ via: `tmux ${name}`, script: shellWords.join(' ') });
  }
  return expansions;
}

function firstTmuxCommand(args: string[]): number {
  const valued = ['-c', '-f', '-L', '-S', '-T'];
  for (let i = 0; i < args.length; i++) {
    if (valued.includes(args[i])) i++;
    else if (!args[i].startsWith('-')) return i;
  }
  return args.length;
}

/** `screen -dm cmd`, `screen -S s -X stuff 'text\n'` (types into the session), `screen -X screen cmd`. */
function screenExpansion(args: string[]): Expansion[] {
  const valued = ['-c', '-e', '-h', '-p', '-S', '-s', '-t', '-T', '-Logfile', '-X'];
  const command = args.indexOf('-X');
  if (command >= 0) {
    const [name, ...rest] = args.slice(command + 1);
    if (name === 'stuff') return rest.length ? [{ via: 'screen -X stuff', script: rest.join(' ').replace(/\\n|\^M/g, '\n') }] : [];
    if (name === 'screen' || name === 'exec') {
      const words = rest.filter((a) => !a.startsWith('-'));
      return words.length ? [{ via: `screen -X ${name}`, argv: words }] : [];
    }
    return [];
  }
  const index = innerStart(args, { valued, stops: ['-ls', '-list', '-r', '-R', '-x', '-wipe', '-v', '-h'] });
  return index === undefined ? [] : [{ via: 'screen', argv: args.slice(index) }];
}

/**
 * `at now <<< 'cmd'`, `echo cmd | batch`, `at -f job.sh noon`: the job is shell text read from stdin or a
 * file, run later. Handing it to `sh` lets the shell reading (and its rules for unknown input) judge it.
 */
function atExpansion(inv: Invocation, args: string[]): Expansion[] {
  if (args.some((a) => /^-[A-Za-z]*[lrdcV]/.test(a) && !a.startsWith('--'))) return [];
  const file = optionValue(args, ['-f']);
  if (file) return [{ via: `${inv.program} -f`, argv: ['sh', file] }];
  return inv.stdin ? [{ via: inv.program, argv: ['sh'] }] : [];
}

/** `echo '* * * * * rm -rf x' | crontab -`: the jobs of the new table, each line minus its schedule. */
function crontabExpansion(inv: Invocation, args: string[], context: ReadContext, readText: ReadText): Expansion[] {
  if (args.some((a) => /^-[A-Za-z]*[lreiT]/.test(a))) return [];
  const operands = positionalWords(args, ['-u']);
  const file = operands[0];
  const fed =
    file === undefined || file === '-'
      ? stdinText(inv.stdin, readText, context.home)
      : (() => {
          const text = readText(resolvePath(inv.cwd, file, context.home));
          return text === undefined ? undefined : { known: true as const, text, origin: file };
        })();
  if (!fed?.known) return [];
  const jobs = fed.text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith('#') && !/^[A-Za-z_][A-Za-z0-9_]*\s*=/.test(line))
    .map((line) => line.replace(/^(@\w+|(\S+\s+){5})/, '').replace(/%.*$/, ''));
  return jobs.filter(Boolean).map((script) => ({ via: 'crontab', script }));
}

/** `hyperfine 'cmd1' 'cmd2' --prepare 'cmd'`: every benchmarked and setup command runs. */
function hyperfineExpansion(args: string[]): Expansion[] {
  const commandOptions = ['-p', '--prepare', '-c', '--cleanup', '-s', '--setup', '--conclude'];
  const valued = [
    ...['-w', '--warmup', '-m', '--min-runs', '-M', '--max-runs', '-r', '--runs', '-S', '--shell', '-n', '--command-name', '-u'],
    ...['--time-unit', '--style', '-D', '--parameter-step-size', '--output', '--sort', '--export-json', '--export-csv', '--export-markdown'],
    ...['--export-asciidoc', '--export-orgmode', '--input'],
  ];
  const scripts: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (commandOptions.includes(arg) && args[i + 1] !== undefined) scripts.push(args[++i]);
    else if (arg === '-P' || arg === '--parameter-scan') i += 3;
    else if (arg === '-L' || arg === '--parameter-list') i += 2;
    else if (valued.includes(arg)) i++;
    else if (!arg.startsWith('-')) scripts.push(arg);
  }
  return scripts.map((script) => ({ via: 'hyperfine', script }));
}

/**
 * Watchers and runners that run shell text: `watchexec -- cmd`, `nodemon --exec 'cmd'`, `entr [-s] cmd`,
 * `concurrently 'cmd1' 'npm:script'`, `pueue add -- cmd`.
 */
function watcherExpansion(program: string, args: string[]): Expansion[] {
  if (program === 'nodemon') {
    const exec = optionValue(args, ['-x', '--exec']);
    return exec ? [{ via: 'nodemon --exec', script: exec }] : [];
  }
  if (program === 'entr') {
    const index = innerStart(args, {});
    if (index === undefined) return [];
    return args.slice(0, index).some((a) => /^-[a-z]*s/.test(a))
      ? [{ via: 'entr -s', script: args.slice(index).join(' ') }]
      : [{ via: 'entr', argv: args.slice(index) }];
  }
  if (program === 'pueue') {
    if (args[0] !== 'add') return [];
    const words = positionalWords(args.slice(1), [
      '-w',
      '--working-directory',
      '-d',
      '--delay',
      '-g',
      '--group',
      '-a',
      '--after',
      '-l',
      '--label',
      '-o',
      '--priority',
    ]);
    return words.length ? [{ via: 'pueue add', script: words.join(' ') }] : [];
  }
  if (program === 'concurrently') {
    const valued = ['-n', '--names', '-c', '--prefix-colors', '-p', '--prefix', '-s', '--success', '--restart-tries', '--restart-after', '-m'];
    const words = positionalWords(args, [
      ...valued,
      '--max-processes',
      '-t',
      '--timestamp-format',
      '-l',
      '--prefix-length',
      '--names-separator',
      '--hide',
    ]);
    // `npm:build` is concurrently's shortcut for `npm run build`.
    return words.map((w) => ({ via: 'concurrently', script: w.replace(/^(npm|yarn|pnpm|bun):(.+)$/, '$1 run $2') }));
  }
  const dashes = args.indexOf('--');
  if (dashes >= 0) return dashes + 1 < args.length ? [{ via: program, script: args.slice(dashes + 1).join(' ') }] : [];
  const valued = [
    '-w',
    '--watch',
    '-e',
    '--exts',
    '-f',
    '--filter',
    '-i',
    '--ignore',
    '-d',
    '--debounce',
    '-s',
    '--signal',
    '--shell',
    '-E',
    '--env',
  ];
  const words = positionalWords(args, [
    ...valued,
    '--delay-run',
    '--workdir',
    '--project-origin',
    '--stop-signal',
    '--stop-timeout',
    '-o',
    '--on-busy-update',
  ]);
  return words.length ? [{ via: program, script: words.join(' ') }] : [];
}

/**
 * GNU parallel: `parallel cmd ::: a b`, `parallel 'rm -rf {}' ::: src`, `ls | parallel rm`. The command is
 * shell text; `{}` and friends are replaced by each input, appended when absent. Literal inputs after `:::`
 * are named; inputs from stdin or files are only known at runtime.
 */
function parallelExpansion(inv: Invocation, args: string[]): Expansion[] {
  const valued = [
    ...['-j', '--jobs', '-P', '--max-procs', '-S', '--sshlogin', '-a', '--arg-file', '-d', '--delimiter', '-E', '--eof', '-I', '--joblog'],
    ...['--results', '--res', '--tmpdir', '--workdir', '--wd', '-n', '--max-args', '-N', '-L', '--max-lines', '-s', '--max-chars'],
    ...['--colsep', '-C', '--timeout', '--delay', '--retries', '--memfree', '--load', '--tag-string', '--tagstring', '--env'],
    ...['--basefile', '--bf', '--return', '--transfer-file', '--tf', '--shebang-wrap', '--halt', '--termseq'],
  ];
  const words: string[] = [];
  const inputs: string[] = [];
  let fromStdin = true;
  let i = 0;
  for (; i < args.length; i++) {
    const arg = args[i];
    if (arg === ':::' || arg === ':::+' || arg === '::::' || arg === '::::+') break;
    if (words.length === 0 && arg.startsWith('-')) {
      if (valued.includes(arg)) i++;
      continue;
    }
    words.push(arg);
  }
  for (; i < args.length; i++) {
    const arg = args[i];
    if (arg === ':::' || arg === ':::+') fromStdin = false;
    else if (arg === '::::' || arg === '::::+') inputs.push('"$PARALLEL_INPUT"');
    else inputs.push(arg);
  }
  if (words.length === 0) return [];
  if (optionValue(args, ['-a', '--arg-file'])) fromStdin = false;
  const values = fromStdin || inputs.length === 0 || inputs.length > 16 ? ['"$PARALLEL_INPUT"'] : inputs.map(shellQuote);
  const command = words.join(' ');
  const replacement = /\{(?:\.|\/|\/\/|\/\.|#|%|\d+)?\}|\{=.*?=\}/g;
  const placed = command.match(replacement) !== null;
  return values.map((value) => ({ via: inv.program, script: placed ? command.replace(replacement, value) : `${command} ${value}` }));
}

function shellQuote(text: string): string {
  return /^[\w@%+=:,./-]+$/.test(text) ? text : `'${text.replace(/'/g, `'\\''`)}'`;
}

/**
 * `git x` where x is an alias: `!`-aliases are shell text (`git -c alias.x='!rm -rf y' x`), the others another
 * git command. Aliases come from `-c`, the repository's .git/config and ~/.gitconfig. Also `git submodule
 * foreach 'cmd'`, `git rebase --exec 'cmd'` and `git bisect run cmd`, which run commands.
 */
function gitExpansion(inv: Invocation, args: string[], context: ReadContext, readText: ReadText): Expansion[] {
  const valued = ['-C', '-c', '--git-dir', '--work-tree', '--namespace', '--exec-path', '--config-env'];
  let i = 0;
  const configs: string[] = [];
  let cwd = inv.cwd;
  for (; i < args.length; i++) {
    if (args[i] === '-c' && args[i + 1]) configs.push(args[i + 1]);
    if (args[i] === '-C' && args[i + 1]) cwd = resolvePath(cwd, args[i + 1], context.home);
    if (valued.includes(args[i])) i++;
    else if (!args[i].startsWith('-')) break;
  }
  const [subcommand, ...rest] = args.slice(i);
  if (!subcommand) return [];
  if (subcommand === 'submodule' && rest[0] === 'foreach') {
    const words = rest.slice(1).filter((a) => a !== '--recursive' && a !== '-q' && a !== '--quiet');
    return words.length ? [{ via: 'git submodule foreach', script: words.join(' '), cwd }] : [];
  }
  if (subcommand === 'rebase') {
    const exec = optionValues(rest, ['-x', '--exec']);
    return exec.map((script) => ({ via: 'git rebase --exec', script, cwd }));
  }
  if (subcommand === 'bisect' && rest[0] === 'run' && rest.length > 1) return [{ via: 'git bisect run', argv: rest.slice(1), cwd }];
  if (GIT_COMMANDS.has(subcommand)) return gitRunsAlong(inv, subcommand, rest, configs, cwd, context, readText);
  const alias = gitConfig(`alias.${subcommand}`, configs, cwd, context, readText);
  if (alias === undefined) return [];
  if (alias.startsWith('!')) {
    const extra = rest.length ? ` ${rest.map(shellQuote).join(' ')}` : '';
    return [{ via: `git alias ${subcommand}`, script: alias.slice(1) + extra, cwd }];
  }
  return [{ via: `git alias ${subcommand}`, argv: ['git', ...alias.split(/\s+/).filter(Boolean), ...rest], cwd }];
}

/** Git's own commands are never aliases. */
const GIT_COMMANDS = new Set(
  (
    'add am apply archive bisect blame branch bundle checkout cherry-pick clean clone commit config describe diff fetch format-patch gc grep ' +
    'init log merge mv notes pull push range-diff rebase reflog remote reset restore revert rm shortlog show sparse-checkout stash status ' +
    'submodule switch tag worktree fsck prune filter-branch help version ls-files ls-remote rev-parse update-ref symbolic-ref cat-file lfs'
  ).split(' '),
);

/** Hooks git runs for a command (githooks(5)); `--no-verify` skips the ones marked. */
const GIT_HOOKS: Record<string, { hook: string; skippable?: boolean }[]> = {
  commit: [{ hook: 'pre-commit', skippable: true }, { hook: 'prepare-commit-msg' }, { hook: 'commit-msg', skippable: true }, { hook: 'post-commit' }],
  push: [{ hook: 'pre-push', skippable: true }],
  merge: [{ hook: 'pre-merge-commit', skippable: true }, { hook: 'post-merge' }],
  pull: [{ hook: 'post-merge' }],
  checkout: [{ hook: 'post-checkout' }],
  switch: [{ hook: 'post-checkout' }],
  rebase: [{ hook: 'pre-rebase', skippable: true }, { hook: 'post-rewrite' }],
  am: [{ hook: 'applypatch-msg', skippable: true }, { hook: 'pre-applypatch', skippable: true }, { hook: 'post-applypatch' }],
};
const GIT_NETWORK = new Set(['fetch', 'pull', 'push', 'clone', 'ls-remote', 'submodule']);

/**
 * What else a git command runs: its hooks (`.git/hooks/pre-commit`, or core.hooksPath), the ssh command of
 * core.sshCommand / GIT_SSH_COMMAND for network commands, and the editor for a commit without a message.
 */
function gitRunsAlong(
  inv: Invocation,
  subcommand: string,
  args: string[],
  configs: string[],
  cwd: string,
  context: ReadContext,
  readText: ReadText,
): Expansion[] {
  const expansions: Expansion[] = [];
  const root = gitRoot(cwd);
  const hooks = GIT_HOOKS[subcommand] ?? [];
  const noVerify = args.includes('--no-verify') || (subcommand === 'commit' && hasShortOption(args, 'n'));
  if (root && hooks.length > 0) {
    const hooksPath = gitConfig('core.hookspath', configs, cwd, context, readText);
    const dir = hooksPath ? resolvePath(root, hooksPath, context.home) : path.join(root, '.git', 'hooks');
    for (const { hook, skippable } of hooks) {
      if (skippable && noVerify) continue;
      const file = path.join(dir, hook);
      const text = readText(file);
      if (text !== undefined) expansions.push(...scriptFile(`git ${subcommand} (${hook} hook)`, file, text, [], []));
    }
  }
  if (GIT_NETWORK.has(subcommand)) {
    const ssh = gitConfig('core.sshcommand', configs, cwd, context, readText) ?? inv.env.GIT_SSH_COMMAND;
    if (ssh) expansions.push({ via: `git ${subcommand} (ssh command)`, script: ssh, cwd });
  }
  const messageGiven = args.some((a) => /^(-[a-zA-Z]*[mFC]|--message|--file|--reuse-message|--no-edit|--fixup)/.test(a));
  if (subcommand === 'commit' && !messageGiven) {
    const editor = inv.env.GIT_EDITOR ?? gitConfig('core.editor', configs, cwd, context, readText) ?? inv.env.VISUAL ?? inv.env.EDITOR;
    if (editor) expansions.push({ via: 'git commit (editor)', script: `${editor} .git/COMMIT_EDITMSG`, cwd });
  }
  return expansions;
}

/** The working tree holding `cwd`: the nearest folder with `.git`. */
function gitRoot(cwd: string): string | undefined {
  for (let dir = cwd, n = 0; n < 64; n++) {
    if (existsSync(path.join(dir, '.git'))) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
  return undefined;
}

/** A git setting (`alias.x`, `core.hooksPath`) from `-c`, the repository's .git/config or the user's config. */
function gitConfig(key: string, configs: string[], cwd: string, context: ReadContext, readText: ReadText): string | undefined {
  const [section, ...rest] = key.toLowerCase().split('.');
  const name = rest.join('.');
  const wanted = key.startsWith('alias.') ? key.slice(6) : name;
  for (const config of configs) {
    const match = /^([^=]+)=(.*)$/s.exec(config);
    if (match && match[1].toLowerCase() === key.toLowerCase()) return match[2];
  }
  const files: string[] = [];
  for (let dir = cwd, n = 0; n < 32; n++) {
    files.push(path.join(dir, '.git', 'config'));
    const parent = path.dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  files.push(path.join(context.home, '.gitconfig'), path.join(context.home, '.config', 'git', 'config'));
  for (const file of files) {
    const text = readText(file);
    if (text === undefined) continue;
    let inSection = false;
    for (const line of text.split('\n')) {
      const header = /^\s*\[\s*([^\]\s]+)/.exec(line);
      if (header) inSection = header[1].toLowerCase() === section;
      const entry = inSection ? /^\s*([\w.-]+)\s*=\s*(.*?)\s*$/.exec(line) : null;
      // Alias names keep their case; other keys do not.
      if (entry && (section === 'alias' ? entry[1] === wanted : entry[1].toLowerCase() === name)) return entry[2].replace(/^"(.*)"$/s, '$1');
    }
  }
  return undefined;
}

function describe(inv: Invocation, index: number): string {
  return inv.argv
    .slice(0, index + 1)
    .join(' ')
    .slice(0, 60);
}

/** `bash -c '…'`, `sh script.sh`, `… | sh`: the text the shell will run. */
function shellExpansion(inv: Invocation, args: string[], context: ReadContext, readText: ReadText): Expansion[] {
  const start = inv.program === 'busybox' ? 1 : 0;
  if (inv.program === 'busybox') {
    if (!args[0] || !SHELLS.has(args[0])) return args[0] ? [{ via: 'busybox', argv: args }] : [];
  }
  const rest = args.slice(start);
  const startup = startupFiles(inv, rest, context, readText);
  // Options first (`-c`, `-s`, `-o name`, `-O name` anywhere among them), then the first operand: the command
  // string with -c (`bash -c -e 'cmd'`, `bash -c -- 'cmd'`), else a script file.
  let command = false;
  let fromStdin = false;
  let operand: number | undefined;
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i];
    if (arg === '--' || arg === '-') {
      operand = arg === '--' && i + 1 < rest.length ? i + 1 : undefined;
      fromStdin ||= arg === '-';
      break;
    }
    if (arg === '--command') command = true;
    else if (['-o', '+o', '-O', '+O', '--rcfile', '--init-file'].includes(arg)) i++;
    else if (/^[-+][a-zA-Z]+$/.test(arg)) {
      if (arg.startsWith('-') && arg.includes('c')) command = true;
      if (arg.startsWith('-') && arg.includes('s')) fromStdin = true;
      if (/[oO]$/.test(arg)) i++;
    } else if (!arg.startsWith('--')) {
      operand = i;
      break;
    }
  }
  if (command) {
    if (operand === undefined) return startup;
    // `sh -c 'rm -rf "$1"' _ src`: the words after the script are $0, $1, ….
    const env = positionalEnv(rest.slice(operand + 1), inv.dynamic.slice(start + operand + 2));
    return [...startup, { via: `${inv.program} -c`, script: rest[operand], env }];
  }
  // `bash -s stable < install.sh`: with -s the words are arguments and the script comes from stdin.
  if (operand !== undefined && !fromStdin && !STDIN_FILES.has(rest[operand])) {
    const arg = rest[operand];
    // `bash <(curl …)` is the rules' business; `bash <(echo …)` prints text we know, or the script is opaque.
    if (inv.dynamic[start + operand + 1]) {
      const output = processOutputOf(arg, context);
      if (output !== undefined) return [...startup, { via: `${inv.program} ${arg.slice(0, 40)}`, script: output }];
      return arg.startsWith('<(')
        ? [...startup, { via: `${inv.program} ${arg.slice(0, 40)}`, argv: [inv.program], stdin: { kind: 'opaque', origin: arg.slice(0, 60) } }]
        : startup;
    }
    // `bash deploy.sh`: read the script when it is a small text file we can see.
    const file = resolvePath(inv.cwd, arg, context.home);
    const text = readText(file);
    const env = positionalEnv(rest.slice(operand), inv.dynamic.slice(start + operand + 1));
    return text === undefined ? startup : [...startup, { via: `${inv.program} ${arg}`, script: text, env }];
  }
  const fed = stdinText(inv.stdin, readText, context.home);
  if (!fed?.known) return startup;
  const expansions: Expansion[] = [...startup, { via: `${inv.program} < ${fed.origin}`, script: fed.text }];
  // `echo 'ls\nrm -rf x' | sh`: zsh and dash read echo's backslashes as escapes; read that version too.
  const interpreted = inv.stdin?.kind === 'pipe' ? echoInterpreted(inv.stdin.from) : undefined;
  if (interpreted !== undefined) expansions.push({ via: `${inv.program} < ${fed.origin}`, script: interpreted });
  return expansions;
}

/** `$0`, `$1`…, `$@` of a `sh -c` script; words only runtime knows are left unset. */
function positionalEnv(words: string[], dynamic: boolean[]): Record<string, string> {
  const env: Record<string, string> = {};
  if (words.length === 0 || dynamic.some(Boolean)) return env;
  env['0'] = words[0];
  const params = words.slice(1);
  params.slice(0, 9).forEach((word, i) => (env[String(i + 1)] = word));
  env['@'] = params.join(' ');
  env['*'] = params.join(' ');
  env['#'] = String(params.length);
  return env;
}

/**
 * Files and variables a shell runs before its command: BASH_ENV for a non-interactive bash, ENV or
 * --rcfile for an interactive one, $ZDOTDIR's files for zsh, PROMPT_COMMAND for an interactive bash, and PS4
 * (command substitutions in it run) under -x.
 */
function startupFiles(inv: Invocation, args: string[], context: ReadContext, readText: ReadText): Expansion[] {
  const expansions: Expansion[] = [];
  const interactive = args.some((a) => /^-[a-zA-Z]*i/.test(a));
  const file = inv.program === 'bash' && !interactive ? inv.env.BASH_ENV : interactive ? inv.env.ENV : undefined;
  if (file) {
    const text = readText(resolvePath(inv.cwd, file, context.home));
    if (text !== undefined) expansions.push({ via: `${inv.program} (${inv.program === 'bash' ? 'BASH_ENV' : 'ENV'})`, script: text });
  }
  const rcfile = interactive ? optionValue(args, ['--rcfile', '--init-file']) : undefined;
  // zsh reads $ZDOTDIR/.zshenv always and .zshrc when interactive.
  const zshFiles =
    inv.program === 'zsh' && inv.env.ZDOTDIR ? ['.zshenv', ...(interactive ? ['.zshrc'] : [])].map((f) => path.join(inv.env.ZDOTDIR, f)) : [];
  for (const startup of [...(rcfile ? [rcfile] : []), ...zshFiles]) {
    const text = readText(resolvePath(inv.cwd, startup, context.home));
    if (text !== undefined) expansions.push({ via: `${inv.program} (${path.basename(startup)})`, script: text });
  }
  if (interactive && inv.env.PROMPT_COMMAND) expansions.push({ via: `${inv.program} (PROMPT_COMMAND)`, script: inv.env.PROMPT_COMMAND });
  const tracing = args.some((a) => /^-[a-zA-Z]*x/.test(a)) || args.join(' ').includes('-o xtrace');
  if (tracing && inv.env.PS4 && /\$\(|`/.test(inv.env.PS4))
    expansions.push({ via: `${inv.program} (PS4)`, script: `: "${inv.env.PS4.replace(/"/g, '\\"')}"` });
  return expansions;
}

/** `env [-i] [-u NAME] [-C DIR] [-S 'cmd args'] [NAME=value…] cmd`. */
function envExpansion(inv: Invocation, args: string[], context: ReadContext): Expansion[] {
  const env: Record<string, string> = {};
  let cwd: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '-u' || arg === '--unset') {
      i++;
      continue;
    }
    if (arg === '-C' || arg === '--chdir' || arg.startsWith('--chdir=')) {
      const dir = arg.startsWith('--chdir=') ? arg.slice(8) : args[++i];
      cwd = resolvePath(inv.cwd, dir ?? '.', context.home);
      continue;
    }
    // -S splits its value into words (`env -S 'rm -rf x'`, `-S'…'`, `-vS '…'`, `--split-string=…`).
    const split = /^--split-string(?:=(.*))?$/s.exec(arg) ?? /^-[iv0]*S(.*)$/s.exec(arg);
    if (split) {
      const text = split[1] ? split[1] : args[i + 1];
      const tail = split[1] ? args.slice(i + 1) : args.slice(i + 2);
      return text ? [{ via: 'env -S', script: [text, ...tail].join(' '), env, cwd }] : [];
    }
    if (arg === '--') continue;
    if (arg.startsWith('-')) continue;
    const assignment = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/s.exec(arg);
    if (assignment) {
      env[assignment[1]] = assignment[2];
      continue;
    }
    return [{ via: 'env', argv: args.slice(i), env, cwd }];
  }
  return [];
}

function assignmentsThenCommand(args: string[], via: string): Expansion[] {
  const env: Record<string, string> = {};
  let i = 0;
  for (; i < args.length; i++) {
    const assignment = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/s.exec(args[i]);
    if (!assignment) break;
    env[assignment[1]] = assignment[2];
  }
  if (i >= args.length) return [];
  return via === 'cross-env-shell' ? [{ via, script: args.slice(i).join(' '), env }] : [{ via, argv: args.slice(i), env }];
}

/** `xargs rm -rf`: the inner command gets arguments only runtime knows; mark them. */
const XARGS_VALUED = [
  ...['-a', '-d', '-E', '-e', '-I', '-L', '-l', '-n', '-P', '-s', '--arg-file', '--delimiter', '--max-args', '--max-procs'],
  ...['--max-lines', '--replace', '--eof'],
];

/**
 * `xargs rm -rf`: the inner command gets arguments that arrive on stdin. When that text is known
 * (`<<< 'a b'`, `echo a b |`, `-a list.txt`) the items are named, one command per batch as xargs would make
 * them; otherwise they are marked as known only at runtime.
 */
function xargsExpansion(inv: Invocation, args: string[], context: ReadContext, readText: ReadText): Expansion[] {
  const index = innerStart(args, { valued: XARGS_VALUED });
  const options = index === undefined ? args : args.slice(0, index);
  const origin = inv.stdin?.kind === 'pipe' ? inv.stdin.from.text.slice(0, 60) : 'stdin';
  const placeholder = `<items from ${origin}>`;
  const inner = index === undefined ? ['echo'] : args.slice(index);
  const replace = optionValue(options, ['-I', '--replace']) ?? (options.includes('-i') ? '{}' : undefined);
  const items = xargsItems(inv, options, replace !== undefined, context, readText);
  if (items) {
    const size = replace ? 1 : Number(optionValue(options, ['-n', '--max-args', '-L', '--max-lines'])) || items.length || 1;
    const batches: string[][] = [];
    for (let i = 0; i < items.length; i += size) batches.push(items.slice(i, i + size));
    if (batches.length === 0) batches.push([]);
    if (batches.length <= 16) {
      return batches.map((batch) => ({
        via: 'xargs',
        argv: replace ? inner.map((a) => a.split(replace).join(batch[0] ?? '')) : [...inner, ...batch],
        dynamic: [],
        stdin: { kind: 'opaque', origin },
      }));
    }
  }
  if (index === undefined) return [{ via: 'xargs', argv: ['echo', placeholder], dynamic: [false, true] }];
  if (replace) {
    const argv = inner.map((a) => (a.includes(replace) ? a.split(replace).join(placeholder) : a));
    return [{ via: 'xargs', argv, dynamic: argv.map((a, i) => i > 0 && a.includes(placeholder)), stdin: { kind: 'opaque', origin } }];
  }
  const argv = [...inner, placeholder];
  return [{ via: 'xargs', argv, dynamic: argv.map((_, i) => i === argv.length - 1), stdin: { kind: 'opaque', origin } }];
}

/** The items xargs reads, when their text is known: blank-separated (quotes kept together), or per line with -I. */
function xargsItems(inv: Invocation, options: string[], perLine: boolean, context: ReadContext, readText: ReadText): string[] | undefined {
  const file = optionValue(options, ['-a', '--arg-file']);
  const text = file
    ? readText(resolvePath(inv.cwd, file, context.home))
    : (() => {
        const fed = stdinText(inv.stdin, readText, context.home);
        return fed?.known ? fed.text : undefined;
      })();
  if (text === undefined) return undefined;
  const delimiter = optionValue(options, ['-d', '--delimiter']);
  if (options.includes('-0') || options.includes('--null')) return text.split('\0').filter(Boolean);
  if (delimiter !== undefined) return text.split(delimiter === '\\n' ? '\n' : delimiter).filter(Boolean);
  if (perLine)
    return text
      .split('\n')
      .map((line) => line.trim())
      .filter(Boolean);
  return [...text.matchAll(/'([^']*)'|"([^"]*)"|(\S+)/g)].map((m) => m[1] ?? m[2] ?? m[3]);
}

function sshExpansion(inv: Invocation, args: string[]): Expansion[] {
  const valued = ['-b', '-c', '-D', '-E', '-e', '-F', '-I', '-i', '-J', '-L', '-l', '-m', '-O', '-o', '-p', '-Q', '-R', '-S', '-W', '-w', '-B'];
  const index = innerStart(args, { valued });
  if (index === undefined) return [];
  const host = args[index].replace(/^[^@]*@/, '').replace(/^ssh:\/\//, '');
  if (index + 1 < args.length) return [{ via: `ssh ${host}`, script: args.slice(index + 1).join(' '), remoteHost: host }];
  // `ssh host <<'EOF' … EOF`, `cat job.sh | ssh host`: with no command the remote login shell reads its
  // commands from stdin. (`-N` runs nothing; `-O` talks to a master connection.)
  if (!inv.stdin || hasShortOption(args.slice(0, index), 'N') || optionValue(args, ['-O'])) return [];
  return [{ via: `ssh ${host}`, argv: ['sh'], remoteHost: host }];
}

function packageRunner(inv: Invocation, args: string[], valued: readonly string[], via = inv.program): Expansion[] {
  const index = innerStart(args, { valued });
  if (index === undefined) return [];
  const pkg = optionValue(args.slice(0, index), ['-p', '--package']);
  const binary = pkg && args[index] === packageBinary(pkg) ? args[index] : packageBinary(args[index]);
  return [{ via, argv: [binary, ...args.slice(index + 1)] }];
}

/** `python manage.py flush`, `python -m alembic downgrade base`. */
function pythonEntry(args: string[]): Expansion[] {
  const module = optionValue(args, ['-m']);
  if (module) {
    const index = args.indexOf('-m') >= 0 ? args.indexOf('-m') + 2 : args.findIndex((a) => a.startsWith('-m')) + 1;
    const name = module === 'django' ? 'django-admin' : module;
    return [{ via: `python -m ${module}`, argv: [name, ...args.slice(index)] }];
  }
  const index = innerStart(args, { valued: ['-W', '-X', '-c'] });
  if (index === undefined || args.slice(0, index).includes('-c')) return [];
  const script = path.basename(args[index]);
  return script === 'manage.py' || script === 'alembic' ? [{ via: 'python', argv: [script, ...args.slice(index + 1)] }] : [];
}

/** Secret injectors run a command with a named environment's secrets: the name is environment evidence. */
function secretInjector(inv: Invocation, args: string[]): Expansion[] {
  const hints: EnvironmentHint[] = [];
  let valued: string[] = [];
  let subcommand: string | undefined;
  switch (inv.program) {
    case 'doppler':
      subcommand = 'run';
      valued = ['-c', '--config', '-p', '--project', '--token', '--fallback', '--command'];
      pushHint(hints, 'doppler --config', optionValue(args, ['-c', '--config']) ?? inv.env.DOPPLER_CONFIG);
      if (args[0] === 'run') {
        const script = optionValue(args, ['--command']);
        if (script) return [{ via: 'doppler run', script, hints }];
      }
      break;
    case 'infisical':
      subcommand = 'run';
      valued = ['--env', '-e', '--projectId', '--path', '--token', '--command'];
      pushHint(hints, 'infisical --env', optionValue(args, ['--env', '-e']));
      if (args[0] === 'run') {
        const script = optionValue(args, ['--command']);
        if (script) return [{ via: 'infisical run', script, hints }];
      }
      break;
    case 'op':
      subcommand = 'run';
      valued = ['--env-file', '--account'];
      pushHint(hints, 'op run --env-file', optionValue(args, ['--env-file']));
      break;
    case 'aws-vault':
      subcommand = 'exec';
      valued = ['-d', '--duration', '-t', '--mfa-token', '--region'];
      break;
    case 'chamber':
      subcommand = 'exec';
      break;
    case 'dotenv':
    case 'dotenvx':
    case 'env-cmd': {
      const files = [optionValue(args, ['-e', '-f', '--file', '--env-file']), optionValue(args, ['-c'])].filter((v): v is string => !!v);
      for (const file of files) pushHint(hints, `${inv.program} file`, file);
      const valued = ['-e', '-f', '-c', '-v', '--file', '-p', '--env-file', '--env', '-fk', '--env-keys-file', '--convention', '--ops-off'];
      let index = innerStart(args, { valued });
      // python-dotenv and dotenvx: `dotenv [-f file] run [-f file] [--] cmd`.
      if (index !== undefined && args[index] === 'run' && (inv.program === 'dotenvx' || args.length > index + 1)) {
        const after = innerStart(args.slice(index + 1), { valued });
        const runFiles = optionValues(args.slice(index + 1), ['-f', '--env-file']);
        for (const file of runFiles) pushHint(hints, `${inv.program} file`, file);
        index = after === undefined ? undefined : index + 1 + after;
      }
      return index === undefined ? [] : [{ via: inv.program, argv: args.slice(index), hints }];
    }
    case 'railway':
      // `railway run` runs locally with the linked environment's variables (DATABASE_URL included).
      if (args[0] === 'run') {
        pushHint(hints, 'railway run --environment', optionValue(args, ['-e', '--environment']));
        const rest = args.slice(1);
        const index = innerStart(rest, { valued: ['-e', '--environment', '-s', '--service'] });
        if (index === undefined) return [];
        return [{ via: 'railway run', argv: rest.slice(index), hints, env: { BLASTDOOR_RAILWAY_RUN: '1' } }];
      }
      return [];
    case 'heroku':
      if (args[0] === 'run' || args[0] === 'run:detached') {
        const app = optionValue(args, ['-a', '--app']);
        const rest = args.slice(1);
        const index = innerStart(rest, { valued: ['-a', '--app', '-r', '--remote', '-s', '--size', '-e', '--env'] });
        if (index === undefined) return [];
        return [{ via: 'heroku run', script: rest.slice(index).join(' '), remoteHost: app ? `heroku app ${app}` : 'heroku app (linked)' }];
      }
      return [];
    case 'kubectl':
      return kubectlExec(args);
    case 'gcloud':
    case 'az':
    case 'aws':
      return cloudRemoteCommand(inv.program, args);
    case 'docker':
    case 'podman':
      return containerExec(inv, args);
    case 'docker-compose':
      return containerExec(inv, ['compose', ...args]);
    default:
      return [];
  }
  if (args[0] !== subcommand) return [];
  const rest = args.slice(1);
  const index = innerStart(rest, { valued, leading: inv.program === 'aws-vault' || inv.program === 'chamber' ? 1 : 0 });
  if (inv.program === 'aws-vault')
    pushHint(
      hints,
      'aws-vault profile',
      rest.find((a) => !a.startsWith('-')),
    );
  return index === undefined ? [] : [{ via: `${inv.program} ${subcommand}`, argv: rest.slice(index), hints }];
}

function pushHint(hints: EnvironmentHint[], source: string, value: string | undefined): void {
  if (value) hints.push({ source, value });
}

function kubectlExec(args: string[]): Expansion[] {
  const execIndex = args.indexOf('exec');
  const dashes = args.indexOf('--');
  if (execIndex < 0 || dashes < 0 || dashes + 1 >= args.length) return [];
  const valued = ['-n', '--namespace', '-c', '--container', '--context', '--kubeconfig', '--cluster'];
  const target = args.slice(execIndex + 1, dashes).filter((a, i, all) => !a.startsWith('-') && !valued.includes(all[i - 1] ?? ''));
  const namespace = optionValue(args, ['-n', '--namespace']);
  const context = optionValue(args, ['--context']);
  const where = [context, namespace, target[0]].filter(Boolean).join('/');
  return [{ via: `kubectl exec ${target[0] ?? ''}`.trim(), argv: args.slice(dashes + 1), remoteHost: `pod ${where}` }];
}

function containerExec(inv: Invocation, args: string[]): Expansion[] {
  const compose = args[0] === 'compose';
  const rest = compose ? args.slice(1) : args;
  const composeValued = ['-f', '--file', '-p', '--project-name', '--profile', '--env-file', '--project-directory'];
  const sub = compose ? innerStart(rest, { valued: composeValued }) : 0;
  const subcommand = rest[sub ?? -1];
  if (sub === undefined || (subcommand !== 'exec' && subcommand !== 'run' && !(!compose && subcommand === 'container' && rest[sub + 1] === 'run')))
    return [];
  const tail = rest.slice(sub + (subcommand === 'container' ? 2 : 1));
  const valued = [
    // `docker run` options that take a value, so the image and its command are found.
    ...(compose ? [] : DOCKER_RUN_VALUED),
    '-e',
    '--env',
    '-u',
    '--user',
    '-w',
    '--workdir',
    '--env-file',
    '--index',
    '--name',
    '-v',
    '--volume',
    '--entrypoint',
    '-p',
    '--publish',
  ];
  const index = innerStart(tail, { valued, leading: 1 });
  const container = tail.find((a, i) => !a.startsWith('-') && !valued.includes(tail[i - 1] ?? ''));
  if (index === undefined || !container) return [];
  const dockerHost = inv.env.DOCKER_HOST ? ` on ${inv.env.DOCKER_HOST}` : '';
  return [
    {
      via: `${inv.program}${compose ? ' compose' : ''} ${rest[sub]} ${container}`,
      argv: tail.slice(index),
      remoteHost: `container ${container}${dockerHost}`,
    },
  ];
}

const DOCKER_RUN_VALUED = [
  '-a',
  '--attach',
  '--add-host',
  '--cpus',
  '--cidfile',
  '--device',
  '--dns',
  '--gpus',
  '-h',
  '--hostname',
  '-l',
  '--label',
  '--link',
  '--log-driver',
  '--log-opt',
  '-m',
  '--memory',
  '--mount',
  '--network',
  '--net',
  '--platform',
  '--pull',
  '--restart',
  '--runtime',
  '--security-opt',
  '--shm-size',
  '--stop-signal',
  '--tmpfs',
  '--ulimit',
  '--volumes-from',
  '--cap-add',
  '--cap-drop',
  '--group-add',
  '--health-cmd',
  '--ipc',
  '--pid',
  '--userns',
  '--uts',
  '--expose',
  '--label-file',
  '--network-alias',
];

/** Cloud CLIs that run a shell command on a VM: `gcloud compute ssh --command`, `az vm run-command`, `aws ssm send-command`. */
function cloudRemoteCommand(program: string, args: string[]): Expansion[] {
  const words = args.filter((a) => !a.startsWith('-') && a !== 'alpha' && a !== 'beta');
  if (program === 'gcloud' && words[0] === 'compute' && words[1] === 'ssh') {
    const instance = words[2]?.replace(/^[^@]*@/, '');
    const project = optionValue(args, ['--project']);
    const hints: EnvironmentHint[] = project ? [{ source: '--project', value: project }] : [];
    const dashes = args.indexOf('--');
    const script = optionValue(args, ['--command']) ?? (dashes >= 0 ? args.slice(dashes + 1).join(' ') : undefined);
    return script && instance ? [{ via: `gcloud compute ssh ${instance}`, script, remoteHost: instance, hints }] : [];
  }
  if (program === 'az' && words[0] === 'vm' && words[1] === 'run-command' && (words[2] === 'invoke' || words[2] === 'create')) {
    const scripts = optionValue(args, ['--scripts']);
    const group = optionValue(args, ['-g', '--resource-group']);
    const name = optionValue(args, ['-n', '--name', '--vm-name']) ?? 'vm';
    const hints: EnvironmentHint[] = group ? [{ source: '--resource-group', value: group }] : [];
    return scripts && !scripts.startsWith('@') ? [{ via: `az vm run-command ${name}`, script: scripts, remoteHost: `vm ${name}`, hints }] : [];
  }
  if (program === 'aws' && words[0] === 'ssm' && words[1] === 'send-command') {
    const parameters = optionValue(args, ['--parameters']);
    const commands = parameters ? ssmCommands(parameters) : [];
    const targets = optionValue(args, ['--instance-ids', '--targets']) ?? 'instances';
    const profile = optionValue(args, ['--profile']);
    const hints: EnvironmentHint[] = profile ? [{ source: '--profile', value: profile }] : [];
    return commands.map((script) => ({ via: 'aws ssm send-command', script, remoteHost: targets, hints }));
  }
  return [];
}

/** `commands=["a","b"]`, `commands=a`, or `{"commands": ["a"]}`. */
function ssmCommands(parameters: string): string[] {
  try {
    const parsed = JSON.parse(parameters) as { commands?: unknown };
    if (Array.isArray(parsed.commands)) return parsed.commands.filter((c): c is string => typeof c === 'string');
  } catch {
    // shorthand syntax below
  }
  const shorthand = /^commands=(.*)$/s.exec(parameters.trim());
  if (!shorthand) return [];
  try {
    const list = JSON.parse(shorthand[1]) as unknown;
    if (Array.isArray(list)) return list.filter((c): c is string => typeof c === 'string');
  } catch {
    // a single bare command
  }
  return [shorthand[1].replace(/^\[|\]$/g, '')];
}

/** `find … -exec CMD {} \;`: each command runs once per found path, which only runtime knows. */
function findExec(args: string[]): Expansion[] {
  const expansions: Expansion[] = [];
  for (let i = 0; i < args.length; i++) {
    const action = args[i];
    if (!['-exec', '-execdir', '-ok', '-okdir'].includes(action)) continue;
    const end = args.findIndex((a, j) => j > i && (a === ';' || a === '+'));
    const command = args.slice(i + 1, end < 0 ? undefined : end);
    i = end < 0 ? args.length : end;
    // find's own rule already describes `-exec rm {}` better than the inner rm would.
    if (command.length === 0 || /^(rm|shred|unlink|truncate|srm)$/.test(path.basename(command[0]))) continue;
    const argv = command.map((a) => (a.includes('{}') ? a.split('{}').join('<paths found by find>') : a));
    expansions.push({ via: `find ${action}`, argv, dynamic: argv.map((a, j) => j > 0 && a.includes('<paths found by find>')) });
  }
  return expansions;
}

/** `fd PATTERN -x cmd` / `-X cmd`: like find -exec; fd's own rule judges rm and friends. */
function fdExec(args: string[]): Expansion[] {
  const index = args.findIndex((a) => a === '-x' || a === '--exec' || a === '-X' || a === '--exec-batch');
  if (index < 0 || index + 1 >= args.length) return [];
  const command = args.slice(index + 1);
  const end = command.indexOf(';');
  const words = end < 0 ? command : command.slice(0, end);
  if (/^(rm|shred|unlink|truncate)$/.test(path.basename(words[0]))) return [];
  const placeholder = '<paths found by fd>';
  const placed = words.some((w) => /\{[^}]*\}/.test(w));
  const argv = placed ? words.map((w) => w.replace(/\{[^}]*\}/g, placeholder)) : [...words, placeholder];
  return [{ via: `fd ${args[index]}`, argv, dynamic: argv.map((a, j) => j > 0 && a.includes(placeholder)) }];
}
