// Programs that run another command: privilege and process wrappers, package runners, remote shells,
// `sh -c` strings and secret injectors. Each hands on the inner command so the rules see what really runs.
import path from 'node:path';
import type { EnvironmentHint } from './environment';
import type { Invocation } from './invocation';
import { optionValue } from './rules/args';
import type { Expander, Expansion, ReadContext } from './shellReader';
import { resolvePath } from './shellReader';
import { stdinText } from './stdin';

type ReadText = (file: string) => string | undefined;

interface SkipSpec {
  /** Options that take a separate value. */
  valued?: readonly string[];
  /** Positionals consumed before the command (`timeout DURATION cmd`). */
  leading?: number;
  /** Options after which nothing runs (`command -v`, `sudo -l`). */
  stops?: readonly string[];
}

/** Skips the wrapper's own options and returns the index where the inner command starts. */
function innerStart(args: readonly string[], spec: SkipSpec): number | undefined {
  let leading = spec.leading ?? 0;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (spec.stops?.includes(arg)) return undefined;
    if (arg === '--') return leading === 0 && i + 1 < args.length ? i + 1 : undefined;
    if (arg.startsWith('-') && arg.length > 1) {
      if (spec.valued?.includes(arg)) i++;
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
  strace: { valued: ['-o', '-e', '-p', '-s', '-u', '-E'] },
  'xvfb-run': { valued: ['-a', '-n', '-s', '-f', '-e', '-p', '--server-args'] },
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
    const argvFrom = (index: number | undefined, extra: Partial<Expansion> = {}): Expansion[] =>
      index === undefined || index >= args.length ? [] : [{ via: describe(inv, index), argv: args.slice(index), ...extra }];

    if (SHELLS.has(program)) return shellExpansion(inv, args, context, readText);
    if (program === 'eval') return args.length ? [{ via: 'eval', script: args.join(' ') }] : [];
    if (program === 'source' || program === '.') {
      const text = args[0] ? readText(resolvePath(inv.cwd, args[0], context.home)) : undefined;
      return text === undefined ? [] : [{ via: `${program} ${args[0]}`, script: text }];
    }
    if (program === 'find' || program === 'gfind') return findExec(args);
    if (program === 'su') {
      const script = optionValue(args, ['-c', '--command']);
      return script ? [{ via: 'su -c', script }] : [];
    }
    if (program === 'env') return envExpansion(inv, args, context);
    if (program === 'watch') {
      const index = innerStart(args, { valued: ['-n', '--interval', '-q', '--equexit', '--differences'] });
      if (index === undefined) return [];
      return args.includes('-x') || args.includes('--exec') ? argvFrom(index) : [{ via: 'watch', script: args.slice(index).join(' ') }];
    }
    if (program === 'xargs') return xargsExpansion(inv, args);
    if (program === 'ssh') return sshExpansion(args);
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
    if (program === 'cross-env' || program === 'cross-env-shell') return assignmentsThenCommand(args, program);
    if (SIMPLE_WRAPPERS[program]) return argvFrom(innerStart(args, SIMPLE_WRAPPERS[program]));
    if (program === 'python' || program === 'python3' || /^python3\.\d+$/.test(program)) return pythonEntry(args);
    if (program === 'php' && args[0] && path.basename(args[0]) === 'artisan') return [{ via: 'php', argv: ['artisan', ...args.slice(1)] }];
    if (program === 'node' && args[0] && /node_modules\/\.bin\//.test(args[0])) return [{ via: 'node', argv: args }];
    return secretInjector(inv, args);
  };
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
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i];
    if (arg === '--') break;
    if (/^-[a-zA-Z]*c[a-zA-Z]*$/.test(arg) || arg === '--command') {
      return rest[i + 1] !== undefined ? [{ via: `${inv.program} -c`, script: rest[i + 1] }] : [];
    }
    if (arg === '-o' || arg === '+o' || arg === '--rcfile' || arg === '--init-file') {
      i++;
      continue;
    }
    // `bash -s stable < install.sh`: with -s the words are arguments and the script comes from stdin.
    if (/^-[a-zA-Z]*s[a-zA-Z]*$/.test(arg)) break;
    if (arg.startsWith('-') || arg.startsWith('+')) continue;
    // `bash deploy.sh`: read the script when it is a small text file we can see.
    const file = resolvePath(inv.cwd, arg, context.home);
    const text = readText(file);
    return text === undefined ? [] : [{ via: `${inv.program} ${arg}`, script: text }];
  }
  const fed = stdinText(inv.stdin, readText, context.home);
  return fed?.known ? [{ via: `${inv.program} < ${fed.origin}`, script: fed.text }] : [];
}

function envExpansion(inv: Invocation, args: string[], context: ReadContext): Expansion[] {
  const env: Record<string, string> = {};
  let cwd: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '-u' || arg === '--unset') {
      i++;
      continue;
    }
    if (arg === '-C' || arg === '--chdir') {
      cwd = resolvePath(inv.cwd, args[++i] ?? '.', context.home);
      continue;
    }
    if (arg === '-S' || arg === '--split-string') return args[i + 1] ? [{ via: 'env -S', script: args.slice(i + 1).join(' '), env, cwd }] : [];
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
function xargsExpansion(inv: Invocation, args: string[]): Expansion[] {
  const valued = [
    '-a',
    '-d',
    '-E',
    '-e',
    '-I',
    '-L',
    '-l',
    '-n',
    '-P',
    '-s',
    '--arg-file',
    '--delimiter',
    '--max-args',
    '--max-procs',
    '--max-lines',
    '--replace',
    '--eof',
  ];
  const index = innerStart(args, { valued });
  const origin = inv.stdin?.kind === 'pipe' ? inv.stdin.from.text.slice(0, 60) : 'stdin';
  const placeholder = `<items from ${origin}>`;
  if (index === undefined) return [{ via: 'xargs', argv: ['echo', placeholder], dynamic: [false, true] }];
  const inner = args.slice(index);
  const replace = optionValue(args.slice(0, index), ['-I', '--replace']) ?? (args.slice(0, index).includes('-i') ? '{}' : undefined);
  if (replace) {
    const argv = inner.map((a) => (a.includes(replace) ? a.split(replace).join(placeholder) : a));
    return [{ via: 'xargs', argv, dynamic: argv.map((a, i) => i > 0 && a.includes(placeholder)), stdin: { kind: 'opaque', origin } }];
  }
  const argv = [...inner, placeholder];
  return [{ via: 'xargs', argv, dynamic: argv.map((_, i) => i === argv.length - 1), stdin: { kind: 'opaque', origin } }];
}

function sshExpansion(args: string[]): Expansion[] {
  const valued = ['-b', '-c', '-D', '-E', '-e', '-F', '-I', '-i', '-J', '-L', '-l', '-m', '-O', '-o', '-p', '-Q', '-R', '-S', '-W', '-w', '-B'];
  const index = innerStart(args, { valued });
  if (index === undefined || index + 1 >= args.length) return [];
  const host = args[index].replace(/^[^@]*@/, '').replace(/^ssh:\/\//, '');
  return [{ via: `ssh ${host}`, script: args.slice(index + 1).join(' '), remoteHost: host }];
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
    case 'env-cmd': {
      const files = [optionValue(args, ['-e', '-f', '--file']), optionValue(args, ['-c'])].filter((v): v is string => !!v);
      for (const file of files) pushHint(hints, `${inv.program} file`, file);
      const index = innerStart(args, { valued: ['-e', '-f', '-c', '-v', '--file', '-p'] });
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
