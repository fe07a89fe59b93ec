// Option reading shared by the wrapper expanders: where a wrapper's own options end and the inner command
// starts, getopt bundles, positional words, shell quoting and the `via` label of an expansion.
import type { Invocation } from '../invocation';
import { optionValue } from '../rules/args';

export type ReadText = (file: string) => string | undefined;

export interface SkipSpec {
  /** Options that take a separate value. */
  valued?: readonly string[];
  /** Positionals consumed before the command (`timeout DURATION cmd`). */
  leading?: number;
  /** Options after which nothing runs (`command -v`, `sudo -l`). */
  stops?: readonly string[];
}

/**
 * Skips the wrapper's own options and returns the index where the inner command starts. Short options bundle
 * as getopt reads them: in `sudo -nu deploy rm`, `-u` ends the bundle and takes `deploy` as its value.
 */
export function innerStart(args: readonly string[], spec: SkipSpec): number | undefined {
  let leading = spec.leading ?? 0;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (spec.stops?.includes(arg)) return undefined;
    if (arg === '--') return leading === 0 && i + 1 < args.length ? i + 1 : undefined;
    if (arg.startsWith('-') && arg.length > 1) {
      if (spec.valued?.includes(arg)) i++;
      else if (/^-[A-Za-z0-9]{2,}$/.test(arg)) {
        for (let j = 1; j < arg.length; j++) {
          if (spec.stops?.includes(`-${arg[j]}`)) return undefined;
          if (spec.valued?.includes(`-${arg[j]}`)) {
            if (j === arg.length - 1) i++;
            break;
          }
        }
      }
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

/**
 * optionValue that also reads getopt bundles: `su -lc 'cmd'`, `script -qc 'cmd'` (the letter ends the bundle
 * and takes the next word) and `-qc'cmd'` (the rest of the bundle is the value).
 */
export function bundledValue(args: readonly string[], short: string, long?: string): string | undefined {
  const plain = optionValue(args, long ? [`-${short}`, long] : [`-${short}`]);
  if (plain !== undefined) return plain;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '--') break;
    if (!arg.startsWith('-') || arg.startsWith('--')) continue;
    const at = arg.indexOf(short, 1);
    if (at < 0 || !/^[A-Za-z]*$/.test(arg.slice(1, at))) continue;
    return arg.slice(at + 1) || args[i + 1];
  }
  return undefined;
}

/** True when a short option appears alone or in a bundle (`-u`, `-nu`). */
export function hasShortOption(args: readonly string[], letter: string): boolean {
  for (const arg of args) {
    if (arg === '--') return false;
    if (/^-[A-Za-z]+$/.test(arg) && arg.includes(letter)) return true;
  }
  return false;
}

export function positionalWords(args: string[], valued: readonly string[]): string[] {
  const words: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '--') return [...words, ...args.slice(i + 1)];
    if (arg.startsWith('-') && arg.length > 1 && words.length === 0) {
      if (valued.includes(arg)) i++;
      continue;
    }
    words.push(arg);
  }
  return words;
}

export function shellQuote(text: string): string {
  return /^[\w@%+=:,./-]+$/.test(text) ? text : `'${text.replace(/'/g, `'\\''`)}'`;
}

export function describe(inv: Invocation, index: number): string {
  return inv.argv
    .slice(0, index + 1)
    .join(' ')
    .slice(0, 60);
}
