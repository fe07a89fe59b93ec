// Shells and the text they run: `bash -c '…'`, `sh script.sh`, `… | sh`, startup files, `source`, `trap` and
// `coproc`, and script files run by path (`./cleanup.sh`) read as shell or handed to their interpreter.
import path from 'node:path';
import type { Invocation } from '../invocation';
import { optionValue } from '../rules/args';
import type { Expansion, ReadContext } from '../shellReader';
import { resolvePath } from '../shellReader';
import { echoInterpreted, stdinText } from '../stdin';
import type { ReadText } from './options';

export const SHELLS = new Set(['sh', 'bash', 'zsh', 'dash', 'ksh', 'mksh', 'ash', 'fish', 'busybox']);

/** `bash -c '…'`, `sh script.sh`, `… | sh`: the text the shell will run. */
export function shellExpansion(inv: Invocation, args: string[], context: ReadContext, readText: ReadText): Expansion[] {
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

/** `source file`, `. <(…)`, `source /dev/stdin`: read in this very shell. */
export function sourceExpansion(inv: Invocation, args: string[], context: ReadContext, readText: ReadText): Expansion[] {
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

/** `trap 'cmd' EXIT`: the command runs when the shell exits or gets the signal, so it runs. */
export function trapExpansion(args: string[]): Expansion[] {
  const operands = args[0] === '--' ? args.slice(1) : args.filter((a, i) => !(i === 0 && /^-[lp]+$/.test(a)));
  if (args[0] && /^-[lp]+$/.test(args[0])) return [];
  const [action, ...signals] = operands;
  if (!action || signals.length === 0 || action === '-') return [];
  return [{ via: 'trap', script: action, inShell: true }];
}

/** `coproc NAME { cmd; }`, `coproc cmd`: the grammar sees words; the command starts after the name and brace. */
export function coprocExpansion(args: string[]): Expansion[] {
  let rest = args;
  if (rest.length > 1 && /^[A-Za-z_][A-Za-z0-9_]*$/.test(rest[0]) && (rest[1] === '{' || rest[1] === '(')) rest = rest.slice(2);
  else if (rest[0] === '{' || rest[0] === '(') rest = rest.slice(1);
  return rest.length ? [{ via: 'coproc', argv: rest }] : [];
}

/** Wrapper scripts generated by build tools: long, generic, and all about finding java or a compiler. */
const GENERATED_WRAPPERS = new Set(['gradlew', 'mvnw', 'configure', 'config.status', 'libtool']);

/**
 * `./cleanup.sh`, `scripts/reset`, or `ls` found first in a folder the command line put on PATH
 * (`PATH=./bin:$PATH ls`): the file itself runs. A shell script (or one without a `#!` line, which the shell
 * runs itself) is read as shell; for another interpreter the command is handed on as that interpreter
 * running the file (`./tool.py` as `python3 ./tool.py`).
 */
export function executedScript(inv: Invocation, context: ReadContext, readText: ReadText): Expansion[] | undefined {
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
export function scriptFile(via: string, file: string, text: string, args: string[], dynamic: boolean[]): Expansion[] {
  const shebang = /^#!\s*(\S+)(?:\s+(?:-S\s+)?(\S+))?/.exec(text);
  const interpreter = shebang ? (path.basename(shebang[1]) === 'env' ? shebang[2] : path.basename(shebang[1])) : 'sh';
  if (!interpreter) return [];
  if (SHELLS.has(interpreter)) return [{ via, script: text, env: positionalEnv([file, ...args], [false, ...dynamic]) }];
  return [{ via, argv: [interpreter, file, ...args] }];
}
