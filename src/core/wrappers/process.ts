// Privilege and process wrappers that run the rest of their words as a command: sudo, doas, nohup, nice,
// timeout, env, cross-env and the other simple wrappers, with the options each takes before the command.
import type { Invocation } from '../invocation';
import type { Expansion, ReadContext } from '../shellReader';
import { resolvePath } from '../shellReader';
import { describe, innerStart, type SkipSpec } from './options';

export const SIMPLE_WRAPPERS: Record<string, SkipSpec> = {
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

/**
 * `sudo cmd`; with -s or -i the words are handed to a shell as one command line (`sudo -s 'rm -rf x'`,
 * `sudo -i -- bash -c …`), so they are read as shell text.
 */
export function sudoExpansion(inv: Invocation, args: string[]): Expansion[] {
  const index = innerStart(args, SIMPLE_WRAPPERS.sudo);
  if (index === undefined || index >= args.length) return [];
  const options = args.slice(0, index);
  const viaShell = options.some(
    (a) => a === '--shell' || a === '--login' || (/^-[A-Za-z]+$/.test(a) && /[si]/.test(a.replace(/[ughpCDrtUT].*$/, ''))),
  );
  if (viaShell) return [{ via: describe(inv, index), script: args.slice(index).join(' ') }];
  return [{ via: describe(inv, index), argv: args.slice(index) }];
}

/** `env [-i] [-u NAME] [-C DIR] [-S 'cmd args'] [NAME=value…] cmd`. */
export function envExpansion(inv: Invocation, args: string[], context: ReadContext): Expansion[] {
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

export function assignmentsThenCommand(args: string[], via: string): Expansion[] {
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
