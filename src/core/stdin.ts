// What text reaches a command's stdin, when it can be known before running: heredocs, here-strings,
// `< file`, and pipes from echo, printf or cat.
import type { Invocation, StdinSource } from './invocation';
import { resolvePath } from './shellReader';

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
  if (inv.program === 'echo') {
    const words = args.filter((a) => !/^-[neE]+$/.test(a));
    return { known: true, text: words.join(' '), origin };
  }
  if (inv.program === 'printf') return { known: true, text: args.join(' '), origin };
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
