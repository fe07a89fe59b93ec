// Programs that run a command many times, over inputs or on events: `find -exec`, `fd -x`, xargs, GNU
// parallel, hyperfine, and watchers and runners (watchexec, nodemon, entr, concurrently, pueue).
import path from 'node:path';
import type { Invocation } from '../invocation';
import { optionValue } from '../rules/args';
import type { Expansion, ReadContext } from '../shellReader';
import { resolvePath } from '../shellReader';
import { stdinText } from '../stdin';
import { innerStart, positionalWords, type ReadText, shellQuote } from './options';

/** `find … -exec CMD {} \;`: each command runs once per found path, which only runtime knows. */
export function findExec(args: string[]): Expansion[] {
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
export function fdExec(args: string[]): Expansion[] {
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
export function xargsExpansion(inv: Invocation, args: string[], context: ReadContext, readText: ReadText): Expansion[] {
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

/**
 * GNU parallel: `parallel cmd ::: a b`, `parallel 'rm -rf {}' ::: src`, `ls | parallel rm`. The command is
 * shell text; `{}` and friends are replaced by each input, appended when absent. Literal inputs after `:::`
 * are named; inputs from stdin or files are only known at runtime.
 */
export function parallelExpansion(inv: Invocation, args: string[]): Expansion[] {
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

/** `hyperfine 'cmd1' 'cmd2' --prepare 'cmd'`: every benchmarked and setup command runs. */
export function hyperfineExpansion(args: string[]): Expansion[] {
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
export function watcherExpansion(program: string, args: string[]): Expansion[] {
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
