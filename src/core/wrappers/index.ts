// Programs that run another command: privilege and process wrappers, package runners, remote shells,
// `sh -c` strings, secret injectors, schedulers and terminals (at, crontab, tmux, screen, expect), runners
// (parallel, watchers, hyperfine), git's aliases and hooks, and script files run by path. Each hands on the
// inner command so the rules see what really runs.
// The expander below picks the handler for each program; the handlers live in the modules beside it.
import path from 'node:path';
import { optionValue } from '../rules/args';
import type { Expander, Expansion } from '../shellReader';
import { gitExpansion } from './git';
import { bundledValue, describe, hasShortOption, innerStart, type ReadText } from './options';
import { packageRunner, pythonEntry, RUNNER_SUBCOMMANDS, shellModeScript } from './packageRunners';
import { assignmentsThenCommand, envExpansion, SIMPLE_WRAPPERS, sudoExpansion } from './process';
import { sshExpansion } from './remote';
import { fdExec, findExec, hyperfineExpansion, parallelExpansion, watcherExpansion, xargsExpansion } from './runners';
import { secretInjector } from './secretInjectors';
import { atExpansion, crontabExpansion, expectExpansion, screenExpansion, scriptCommand, TERMINALS, tmuxExpansion } from './sessions';
import { coprocExpansion, executedScript, shellExpansion, SHELLS, sourceExpansion, trapExpansion } from './shells';

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
    if (program === 'eval') return args.length ? [{ via: 'eval', script: args.join(' '), inShell: true }] : [];
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
