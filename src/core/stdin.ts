// What text reaches a command's stdin, when it can be known before running: heredocs, here-strings,
// `< file`, and pipes from echo, printf or cat.
import type { Invocation, StdinSource } from './invocation';
import { resolvePath } from './shellReader';
import { CHARACTER_ESCAPES } from './words';

export type StdinText = { known: true; text: string; origin: string } | { known: false; origin: string } | undefined;

/** Programs whose output is (a selection of) their input lines. `sed`, `tr` and `envsubst` rewrite it: unknown. */
const PASSTHROUGH = new Set(['cat', 'tee', 'head', 'tail', 'sort', 'uniq']);

export function stdinText(source: StdinSource | undefined, readText: (path: string) => string | undefined, home: string, depth = 0): StdinText {
  if (!source) return undefined;
  switch (source.kind) {
    case 'text':
      return { known: true, text: source.text, origin: source.origin };
    case 'file': {
      const text = readText(source.path);
      return text === undefined ? { known: false, origin: `file ${source.path}` } : { known: true, text, origin: `file ${source.path}` };
    }
    case 'opaque':
      return { known: false, origin: source.origin };
    case 'pipe':
      return depth > 8 ? { known: false, origin: 'a long pipeline' } : producedText(source.from, readText, home, depth + 1);
  }
}

/** What a command prints, when it is its literal arguments (echo, printf) or files and stdin (cat). */
export function producedText(inv: Invocation, readText: (path: string) => string | undefined, home: string, depth: number): StdinText {
  const args = inv.argv.slice(1);
  const origin = inv.text.length > 80 ? `${inv.text.slice(0, 77)}…` : inv.text;
  if (inv.dynamic.some(Boolean)) return { known: false, origin };
  if (inv.program === 'echo') return { known: true, text: echoText(args), origin };
  if (inv.program === 'printf') {
    const text = args[0] === '-v' ? undefined : formatPrintf(args[0] === '--' ? args.slice(1) : args);
    return text === undefined ? { known: false, origin } : { known: true, text, origin };
  }
  if (PASSTHROUGH.has(inv.program)) {
    const files = args.filter((a) => !a.startsWith('-'));
    if (inv.program === 'cat' && files.length > 0) {
      const texts = files.map((file) => readText(resolvePath(inv.cwd, file, home)));
      if (texts.some((t) => t === undefined)) return { known: false, origin };
      return { known: true, text: texts.join('\n'), origin };
    }
    if (files.length === 0 || inv.program !== 'cat') {
      const upstream = stdinText(inv.stdin, readText, home, depth);
      return upstream ?? { known: false, origin };
    }
  }
  return { known: false, origin };
}

/**
 * `echo`: bash's builtin prints backslashes as they are unless -e. (sh and zsh interpret them by default; the
 * shell wrapper reads text piped into a shell both ways, see echoVariants.)
 */
function echoText(args: string[], interpretByDefault = false): string {
  let i = 0;
  let interpret = interpretByDefault;
  for (; i < args.length && /^-[neE]+$/.test(args[i]); i++) {
    if (args[i].includes('e')) interpret = true;
    if (args[i].includes('E')) interpret = false;
  }
  const text = args.slice(i).join(' ');
  return interpret ? interpretEscapes(text).text : text;
}

/** The text an `echo` prints under zsh or dash, which read backslash escapes without -e; undefined if the same. */
export function echoInterpreted(inv: Invocation): string | undefined {
  if (inv.program !== 'echo' || inv.dynamic.some(Boolean) || !inv.argv.some((a) => a.includes('\\'))) return undefined;
  const interpreted = echoText(inv.argv.slice(1), true);
  return interpreted === echoText(inv.argv.slice(1)) ? undefined : interpreted;
}

/** The backslash escapes of `printf` formats, `%b` and `echo -e`; `\c` ends the output. */
function interpretEscapes(text: string): { text: string; stop: boolean } {
  const stop = /\\c/.exec(text);
  const before = stop ? text.slice(0, stop.index) : text;
  const decoded = before.replace(/\\(0[0-7]{0,3}|[0-7]{1,3}|x[0-9a-fA-F]{1,2}|u[0-9a-fA-F]{1,4}|U[0-9a-fA-F]{1,8}|.)/gs, (whole, esc: string) => {
    if (/^[0-7]/.test(esc)) return String.fromCharCode(parseInt(esc, 8) & 0xff);
    if (/^[xuU]/.test(esc)) {
      const code = parseInt(esc.slice(1), 16);
      return code <= 0x10ffff ? String.fromCodePoint(code) : '';
    }
    return esc === '?' ? whole : (CHARACTER_ESCAPES[esc] ?? whole);
  });
  return { text: decoded, stop: stop !== null };
}

/**
 * What `printf FORMAT ARGS…` prints: the format is reused until the arguments run out, as printf does
 * (`printf '%s\n' 'rm -rf x' | sh` runs rm). Undefined for conversions we do not model.
 */
export function formatPrintf(args: string[]): string | undefined {
  const [format, ...values] = args;
  if (format === undefined) return undefined;
  let out = '';
  let next = 0;
  for (let round = 0; round < 10000; round++) {
    let consumed = false;
    let failed = false;
    let stopped = false;
    const piece = format.replace(
      /%([-+ #0]*\d*(?:\.\d*)?)([%sbcdiuxXoqfeEgG])|(\\(?:[0-7]{1,3}|x[0-9a-fA-F]{1,2}|.))/gs,
      (whole, flags: string, conversion: string, escape: string) => {
        if (stopped) return '';
        if (escape) {
          const decoded = interpretEscapes(escape);
          stopped = decoded.stop;
          return decoded.text;
        }
        if (conversion === '%') return '%';
        const value = values[next] ?? '';
        if (next < values.length) consumed = true;
        next++;
        switch (conversion) {
          case 's':
          case 'q':
            return value;
          case 'b': {
            const decoded = interpretEscapes(value);
            stopped = decoded.stop;
            return decoded.text;
          }
          case 'c':
            return value.charAt(0);
          case 'd':
          case 'i':
          case 'u':
            return /^[-+]?\d+$/.test(value.trim()) ? String(parseInt(value, 10)) : value === '' ? '0' : ((failed = true), '');
          default:
            failed = true;
            return whole + flags;
        }
      },
    );
    if (failed) return undefined;
    out += piece;
    // A long format repeated for many arguments: not worth holding in memory.
    if (out.length > 1024 * 1024) return undefined;
    if (stopped || !consumed || next >= values.length) break;
  }
  return out;
}
