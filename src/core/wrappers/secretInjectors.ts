// Secret injectors and platform runners that run a command with an environment's secrets (doppler,
// infisical, op, aws-vault, chamber, dotenv, railway, heroku run); the environment's name is evidence.
import type { EnvironmentHint } from '../environment';
import type { Invocation } from '../invocation';
import { optionValue, optionValues } from '../rules/args';
import type { Expansion } from '../shellReader';
import { innerStart } from './options';
import { cloudRemoteCommand, containerExec, kubectlExec } from './remote';

/** Secret injectors run a command with a named environment's secrets: the name is environment evidence. */
export function secretInjector(inv: Invocation, args: string[]): Expansion[] {
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
