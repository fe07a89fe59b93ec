// Commands run somewhere else: `ssh host cmd`, `kubectl exec`, `docker exec` / `docker run` / `compose`, and
// cloud CLIs that run a command on a VM (gcloud compute ssh, az vm run-command, aws ssm send-command).
import type { EnvironmentHint } from '../environment';
import type { Invocation } from '../invocation';
import { optionValue } from '../rules/args';
import type { Expansion } from '../shellReader';
import { hasShortOption, innerStart } from './options';

export function sshExpansion(inv: Invocation, args: string[]): Expansion[] {
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

export function kubectlExec(args: string[]): Expansion[] {
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

export function containerExec(inv: Invocation, args: string[]): Expansion[] {
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
export function cloudRemoteCommand(program: string, args: string[]): Expansion[] {
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
