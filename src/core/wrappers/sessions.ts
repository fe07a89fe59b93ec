// Terminals, sessions and schedulers that run a command now or later: `script`, `expect`, tmux, screen,
// terminal emulators (`xterm -e`), `at` / `batch` and `crontab`.
import type { Invocation } from '../invocation';
import { optionValue } from '../rules/args';
import type { Expansion, ReadContext } from '../shellReader';
import { resolvePath } from '../shellReader';
import { stdinText } from '../stdin';
import { bundledValue, innerStart, positionalWords, type ReadText } from './options';

export const TERMINALS = new Set([
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

/** util-linux `script -c 'cmd' [file]`; BSD and macOS `script [file [command …]]`. */
export function scriptCommand(args: string[]): Expansion[] {
  const command = bundledValue(args, 'c', '--command');
  if (command) return [{ via: 'script -c', script: command }];
  const valued = ['-E', '--echo', '-I', '--log-in', '-O', '--log-out', '-B', '--log-io', '-T', '--log-timing', '-m', '--logging-format', '-F', '-t'];
  const words = positionalWords(args, valued);
  return words.length > 1 ? [{ via: 'script', argv: words.slice(1) }] : [];
}

/**
 * `expect -c 'spawn rm -rf x; expect eof'` and expect scripts: Tcl, not shell. What runs is the `spawn` and
 * `exec` commands and the lines `send` types into a spawned shell; they are read as shell text.
 */
export function expectExpansion(inv: Invocation, args: string[], context: ReadContext, readText: ReadText): Expansion[] {
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
export function tmuxExpansion(args: string[]): Expansion[] {
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
export function screenExpansion(args: string[]): Expansion[] {
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
export function atExpansion(inv: Invocation, args: string[]): Expansion[] {
  if (args.some((a) => /^-[A-Za-z]*[lrdcV]/.test(a) && !a.startsWith('--'))) return [];
  const file = optionValue(args, ['-f']);
  if (file) return [{ via: `${inv.program} -f`, argv: ['sh', file] }];
  return inv.stdin ? [{ via: inv.program, argv: ['sh'] }] : [];
}

/** `echo '* * * * * rm -rf x' | crontab -`: the jobs of the new table, each line minus its schedule. */
export function crontabExpansion(inv: Invocation, args: string[], context: ReadContext, readText: ReadText): Expansion[] {
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
