// Containers: docker, podman, docker-compose / podman-compose, the `docker compose` plugin, nerdctl and finch
// (Docker's commands on containerd), and `colima delete` (the VM holding the engine). What is lost
// for good is volume data: `volume rm`, `volume prune`, `system prune --volumes`, `rm -v`, `compose down -v`,
// `compose rm -v`, `podman system reset`, `podman machine rm`. Containers, images, networks and build cache
// are made again from images and Dockerfiles, so their removal is allowed (`docker rm` without -v leaves the
// anonymous volumes behind, dangling but intact; `compose down` without -v keeps named volumes;
// `builder prune` only drops cache). Two regenerable cases still ask at low risk because they can cost a
// lot to rebuild or break running traffic: `image prune -a` and `network rm`.
// The target is this machine unless `-H`/DOCKER_HOST or `--context`/DOCKER_CONTEXT (podman: `--url`,
// `--connection`, `--remote`, CONTAINER_HOST) points elsewhere; `docker exec` is unwrapped in wrappers.ts.
import path from 'node:path';
import type { EnvironmentHint } from '../environment';
import { hostOf } from '../environment';
import type { Invocation } from '../invocation';
import type { Risk } from '../types';
import { hasFlag, isInformational, optionValue, optionValues, positionals } from './args';
import { detection, type CommandRule, type Detection, type RuleContext } from './rule';

const DOCKER_GLOBAL_VALUED = [
  '-H',
  '--host',
  '-c',
  '--context',
  '--config',
  '-l',
  '--log-level',
  '--tlscacert',
  '--tlscert',
  '--tlskey',
  // nerdctl: containerd address and namespace, snapshotter, data root.
  '-a',
  '--address',
  '-n',
  '--namespace',
  '--snapshotter',
  '--data-root',
  '--cni-path',
  '--cgroup-manager',
];
const PODMAN_GLOBAL_VALUED = [
  '-c',
  '--connection',
  '--url',
  '--identity',
  '--root',
  '--runroot',
  '--storage-driver',
  '--storage-opt',
  '--log-level',
  '--cgroup-manager',
  '--module',
  '--tmpdir',
  '--events-backend',
  '--runtime',
  '--network-cmd-path',
  '--conmon',
];
const COMPOSE_VALUED = [
  '-f',
  '--file',
  '-p',
  '--project-name',
  '--profile',
  '--env-file',
  '--project-directory',
  '--ansi',
  '--progress',
  '--parallel',
];
/** Subcommand options that take a value, so operands are found correctly. */
const SUBCOMMAND_VALUED = ['--filter', '-t', '--timeout', '--rmi', '--orchestrator', '--time'];
const REMOVE = ['rm', 'remove'];
const COMPOSE_FILES = ['compose.yaml', 'compose.yml', 'docker-compose.yml', 'docker-compose.yaml'];

interface Target {
  kind: 'local' | 'remote';
  hints: EnvironmentHint[];
}

/** A daemon reached over a unix socket or named pipe runs on this machine. */
function hostHint(source: string, value: string): Target {
  if (!value || /^(unix|npipe|fd):\/\//i.test(value)) return { kind: 'local', hints: [] };
  return { kind: 'remote', hints: [{ source, value: hostOf(value) ?? value }] };
}

function daemonTarget(program: string, globals: readonly string[], inv: Invocation): Target {
  if (program === 'podman' || program === 'podman-compose') {
    const url = optionValue(globals, ['--url']);
    if (url) return hostHint('--url', url);
    const connection = optionValue(globals, ['-c', '--connection']);
    if (connection) return { kind: 'remote', hints: [{ source: '--connection', value: connection }] };
    if (hasFlag(globals, ['-r', '--remote'])) return { kind: 'remote', hints: [] };
    if (inv.env.CONTAINER_HOST) return hostHint('CONTAINER_HOST', inv.env.CONTAINER_HOST);
    if (inv.env.CONTAINER_CONNECTION) return { kind: 'remote', hints: [{ source: 'CONTAINER_CONNECTION', value: inv.env.CONTAINER_CONNECTION }] };
    return { kind: 'local', hints: [] };
  }
  // nerdctl and finch talk to containerd on this machine (`-H`/`--address` is its socket).
  if (program === 'nerdctl' || program === 'finch') return { kind: 'local', hints: [] };
  const host = optionValue(globals, ['-H', '--host']);
  if (host) return hostHint('-H', host);
  const context = optionValue(globals, ['-c', '--context']);
  if (context) return contextTarget('--context', context);
  if (inv.env.DOCKER_HOST) return hostHint('DOCKER_HOST', inv.env.DOCKER_HOST);
  if (inv.env.DOCKER_CONTEXT) return contextTarget('DOCKER_CONTEXT', inv.env.DOCKER_CONTEXT);
  return { kind: 'local', hints: [] };
}

/** `default` is the local daemon; other contexts (docker-desktop, colima, prod-swarm) are resolved by name. */
function contextTarget(source: string, context: string): Target {
  return context === 'default' ? { kind: 'local', hints: [] } : { kind: 'remote', hints: [{ source, value: context }] };
}

/** Where the global options end and the subcommand starts. */
function splitGlobals(args: readonly string[], valued: readonly string[]): { globals: string[]; rest: string[] } {
  let i = 0;
  while (i < args.length && args[i].startsWith('-') && args[i] !== '-') i += valued.includes(args[i]) ? 2 : 1;
  return { globals: args.slice(0, i), rest: args.slice(i) };
}

/** Compose's project name: `-p`, COMPOSE_PROJECT_NAME, `name:` in the compose file, else the project directory. */
function composeProject(composeArgs: readonly string[], inv: Invocation, ctx: RuleContext): { name: string; volumes: string[] } {
  const files = optionValues(composeArgs, ['-f', '--file']).map((file) => path.resolve(inv.cwd, file));
  const directory = optionValue(composeArgs, ['--project-directory']);
  const projectDir = directory ? path.resolve(inv.cwd, directory) : files[0] ? path.dirname(files[0]) : inv.cwd;
  const candidates = files.length > 0 ? files : COMPOSE_FILES.map((file) => path.join(projectDir, file));
  const text = candidates.map((file) => ctx.readText(file)).find((content) => content !== undefined);
  const explicit = optionValue(composeArgs, ['-p', '--project-name']) ?? inv.env.COMPOSE_PROJECT_NAME;
  const named = text ? /^name:\s*["']?([\w.-]+)/m.exec(text)?.[1] : undefined;
  return { name: explicit ?? named ?? path.basename(projectDir), volumes: text ? declaredVolumes(text) : [] };
}

/** Top-level `volumes:` keys of a compose file, read without a YAML parser (names only, for the message). */
function declaredVolumes(text: string): string[] {
  const lines = text.split(/\r?\n/);
  const start = lines.findIndex((line) => /^volumes:\s*(#.*)?$/.test(line));
  if (start < 0) return [];
  const volumes: string[] = [];
  let indent: string | undefined;
  for (const line of lines.slice(start + 1)) {
    if (!line.trim() || line.trim().startsWith('#')) continue;
    if (!/^[ \t]/.test(line)) break; // the next top-level key
    const key = /^([ \t]+)([\w.-]+):/.exec(line);
    indent ??= key?.[1];
    if (key && key[1] === indent) volumes.push(key[2]);
  }
  return volumes;
}

interface Found {
  action: string;
  kind: string;
  name: string;
  risk: Risk;
  blastRadius: string;
  reversible?: boolean;
  confirmText?: string;
}

/** "the volume … it" for one operand, "the volumes … them" for several. */
function several(args: readonly string[]): boolean {
  return positionals(args, SUBCOMMAND_VALUED).length > 1;
}

function names(args: readonly string[]): string {
  const operands = positionals(args, SUBCOMMAND_VALUED);
  return operands.length <= 3 ? operands.join(' ') : `${operands.slice(0, 3).join(' ')} and ${operands.length - 3} more`;
}

/** `--volumes=false` is a way of writing "no". */
function flagOn(args: readonly string[], names: readonly string[]): boolean {
  return hasFlag(args, names) && !names.some((name) => name.startsWith('--') && optionValue(args, [name]) === 'false');
}

function composeFinding(sub: string | undefined, args: readonly string[], projectOf: () => { name: string; volumes: string[] }): Found | undefined {
  if ((sub !== 'down' && sub !== 'rm') || !flagOn(args, ['-v', '--volumes'])) return undefined;
  const project = projectOf();
  if (sub === 'down') {
    const declared = project.volumes.length > 0 ? ` (${project.volumes.join(', ')})` : '';
    return {
      action: 'compose down --volumes',
      kind: 'compose project',
      name: project.name,
      risk: 'high',
      blastRadius: `removes the project's containers and every named volume it declares${declared} and anonymous volume it uses, with their data (external volumes stay)`,
    };
  }
  const services = names(args);
  return {
    action: 'compose rm --volumes',
    kind: 'compose project',
    name: project.name,
    risk: 'medium',
    blastRadius: `removes the stopped ${services ? `${services} containers` : 'service containers'} and the anonymous volumes attached to them, with their data`,
  };
}

function engineFinding(rest: readonly string[]): Found | undefined {
  const [noun, verb] = rest;
  const args = rest.slice(2);
  if (noun === 'volume' && REMOVE.includes(verb)) {
    const all = hasFlag(args, ['-a', '--all']);
    const written = names(args);
    return {
      action: 'volume rm',
      kind: 'volume',
      name: all ? 'all volumes' : written || '(volume not named)',
      risk: 'high',
      blastRadius: all
        ? 'deletes every volume and all the data in them'
        : several(args)
          ? 'deletes the volumes and all the data in them'
          : 'deletes the volume and all the data in it',
      confirmText: all ? 'all volumes' : positionals(args, SUBCOMMAND_VALUED)[0],
    };
  }
  if (noun === 'volume' && verb === 'prune') {
    const all = hasFlag(args, ['-a', '--all']);
    return {
      action: 'volume prune',
      kind: 'volume',
      name: all ? 'all unused volumes' : 'unused anonymous volumes',
      risk: all ? 'high' : 'medium',
      // Docker 23 stopped pruning named volumes without --all; podman and older Docker prune them too.
      blastRadius: all
        ? 'deletes every volume no container uses, named ones included, with all their data'
        : 'deletes every anonymous volume no container uses, with its data (named ones too on Podman and Docker before 23.0)',
    };
  }
  if (noun === 'system' && verb === 'prune' && flagOn(args, ['--volumes'])) {
    return {
      action: 'system prune --volumes',
      kind: 'volume',
      name: 'unused volumes',
      risk: 'high',
      blastRadius: 'deletes stopped containers, unused networks, images and build cache, and every anonymous volume no container uses, with its data',
    };
  }
  if (noun === 'system' && verb === 'prune' && hasFlag(args, ['-a', '--all'])) {
    return {
      action: 'system prune --all',
      kind: 'images',
      name: 'unused images',
      risk: 'low',
      reversible: true,
      blastRadius: 'deletes stopped containers, unused networks, every image no container uses and the build cache; images are pulled or built again',
    };
  }
  if (noun === 'system' && verb === 'reset') {
    return {
      action: 'system reset',
      kind: 'container storage',
      name: 'all containers, images and volumes',
      risk: 'high',
      blastRadius: 'deletes every container, pod, image, network and volume, with all their data',
      confirmText: 'system reset',
    };
  }
  if (noun === 'machine' && (REMOVE.includes(verb) || verb === 'reset')) {
    const machine = verb === 'reset' ? 'all machines' : names(args) || 'podman-machine-default';
    return {
      action: `machine ${verb}`,
      kind: 'machine',
      name: machine,
      risk: 'high',
      blastRadius: 'deletes the Podman virtual machine with every container, image and volume stored in it',
    };
  }
  const containerRemove = noun === 'rm' || (noun === 'container' && REMOVE.includes(verb));
  if (containerRemove) {
    const removeArgs = noun === 'rm' ? rest.slice(1) : args;
    if (!hasFlag(removeArgs, ['-v', '--volumes'])) return undefined;
    return {
      action: 'rm --volumes',
      kind: 'container',
      name: names(removeArgs) || '(container not named)',
      risk: 'medium',
      blastRadius: `removes the ${several(removeArgs) ? 'containers' : 'container'} and the anonymous volumes attached, with their data`,
      confirmText: positionals(removeArgs, SUBCOMMAND_VALUED)[0],
    };
  }
  if (noun === 'image' && verb === 'prune' && hasFlag(args, ['-a', '--all'])) {
    return {
      action: 'image prune --all',
      kind: 'images',
      name: 'unused images',
      risk: 'low',
      reversible: true,
      blastRadius: 'deletes every image no container uses; they are pulled or built again, locally built ones only from their Dockerfiles',
    };
  }
  if (noun === 'network' && REMOVE.includes(verb)) {
    return {
      action: 'network rm',
      kind: 'network',
      name: names(args) || '(network not named)',
      risk: 'low',
      reversible: true,
      blastRadius: `removes the ${several(args) ? 'networks' : 'network'}: containers on it lose connectivity until it is created again`,
    };
  }
  if (noun === 'stack' && (REMOVE.includes(verb) || verb === 'down')) {
    return {
      action: 'stack rm',
      kind: 'stack',
      name: names(args) || '(stack not named)',
      risk: 'medium',
      reversible: true,
      blastRadius: 'removes every service of the swarm stack: it serves nothing until deployed again (named volumes stay)',
    };
  }
  if (noun === 'service' && REMOVE.includes(verb)) {
    return {
      action: 'service rm',
      kind: 'service',
      name: names(args) || '(service not named)',
      risk: 'medium',
      reversible: true,
      blastRadius: `removes the swarm ${several(args) ? 'services' : 'service'} and its tasks: nothing is served until it is created again`,
    };
  }
  if (noun === 'config' && REMOVE.includes(verb)) {
    return {
      action: 'config rm',
      kind: 'config',
      name: names(args) || '(config not named)',
      risk: 'low',
      blastRadius: `deletes the swarm ${several(args) ? 'configs' : 'config'}; services using it cannot be updated or scaled until it is created again`,
    };
  }
  if (noun === 'swarm' && verb === 'leave' && hasFlag(args, ['-f', '--force'])) {
    return {
      action: 'swarm leave --force',
      kind: 'swarm',
      name: 'this node',
      risk: 'high',
      // docs.docker.com/reference/cli/docker/swarm/leave: --force is how a manager leaves; the last one takes the swarm with it.
      blastRadius:
        'makes this node leave the swarm even if it is a manager; when it is the last manager, the swarm and every service, secret and config in it are gone',
      confirmText: 'swarm leave',
    };
  }
  if (noun === 'secret' && REMOVE.includes(verb)) {
    return {
      action: 'secret rm',
      kind: 'secret',
      name: names(args) || '(secret not named)',
      risk: 'medium',
      blastRadius: `deletes the swarm ${several(args) ? 'secrets' : 'secret'}; the value cannot be read back`,
    };
  }
  return undefined;
}

/** `colima delete`: Colima's virtual machine holds the Docker engine with every container, image and volume. */
function colimaFinding(args: readonly string[]): Found | undefined {
  const words = positionals(args, ['-p', '--profile']);
  if (words[0] !== 'delete') return undefined;
  const profile = words[1] ?? optionValue(args, ['-p', '--profile']) ?? 'default';
  return {
    action: 'colima delete',
    kind: 'machine',
    name: profile,
    risk: 'high',
    blastRadius: `deletes the Colima virtual machine ${profile} and all its settings: every container, image and volume in it goes with it`,
  };
}

function detectContainers(inv: Invocation, ctx: RuleContext): Detection[] {
  const args = inv.argv.slice(1);
  if (isInformational(args) || (inv.program === 'colima' && args.some((a) => a === '-h' || a === '--help'))) return [];
  const program = inv.program;
  if (program === 'colima') {
    const found = colimaFinding(args);
    return found
      ? [
          detection({
            rule: 'containers.colima-delete',
            tool: program,
            action: found.action,
            resource: { kind: found.kind, name: found.name },
            environment: ctx.environment(inv, [], 'local'),
            blastRadius: found.blastRadius,
            risk: found.risk,
          }),
        ]
      : [];
  }
  const composeBinary = program === 'docker-compose' || program === 'podman-compose';
  const { globals, rest } = splitGlobals(
    args,
    program === 'podman' || program === 'podman-compose' ? PODMAN_GLOBAL_VALUED : [...DOCKER_GLOBAL_VALUED, ...(composeBinary ? COMPOSE_VALUED : [])],
  );
  const target = daemonTarget(program, globals, inv);

  let found: Found | undefined;
  if (composeBinary) {
    found = composeFinding(rest[0], rest.slice(1), () => composeProject(globals, inv, ctx));
  } else if (rest[0] === 'compose') {
    // `docker compose -f x.yml -p app down -v`: compose options, then the compose subcommand.
    const compose = splitGlobals(rest.slice(1), COMPOSE_VALUED);
    found = composeFinding(compose.rest[0], compose.rest.slice(1), () => composeProject(compose.globals, inv, ctx));
  } else {
    found = engineFinding(rest);
  }
  if (!found) return [];
  return [
    detection({
      rule: `containers.${found.action.replace(/--/g, '').replace(/\s+/g, '-')}`,
      tool: program,
      action: found.action,
      resource: { kind: found.kind, name: found.name },
      environment: ctx.environment(inv, target.hints, target.kind),
      reversible: found.reversible ?? false,
      blastRadius: found.blastRadius,
      risk: found.risk,
      confirmText: found.confirmText ?? found.name,
    }),
  ];
}

export const rules: readonly CommandRule[] = [
  {
    family: 'containers',
    // nerdctl (containerd) and finch take Docker's commands and flags.
    programs: ['docker', 'podman', 'docker-compose', 'podman-compose', 'nerdctl', 'finch', 'colima'],
    detect: detectContainers,
  },
];
