// Files a command line writes before a later part of it reads them: `cat > x.sql <<EOF … EOF && psql -f x.sql`,
// `curl -o x.sh … && bash x.sh`. Reading the disk alone would miss both, so writes seen while reading are
// remembered in order; content we cannot know is remembered as unknown.
import { statSync } from 'node:fs';
import type { Invocation } from './invocation';
import { optionValue } from './rules/args';
import { resolvePath } from './shellReader';
import { producedText, stdinText } from './stdin';

type ReadText = (file: string) => string | undefined;

export class WrittenFiles {
  private readonly files = new Map<string, string | null>();

  constructor(
    private readonly readDisk: ReadText,
    private readonly home: string,
  ) {}

  /**
   * Reads what the command line wrote earlier, else the disk. Only regular files: opening a named pipe
   * (`bash ./fifo`) would block until something writes to it, and the analysis would never answer.
   */
  readonly readText: ReadText = (file) => {
    if (this.files.has(file)) return this.files.get(file) ?? undefined;
    try {
      if (!statSync(file).isFile()) return undefined;
    } catch {
      return undefined;
    }
    return this.readDisk(file);
  };

  /** True when an earlier part of the command line wrote this file with content we cannot know. */
  writtenUnknown(file: string): boolean {
    return this.files.has(file) && this.files.get(file) === null;
  }

  /** Called for every simple command in execution order. */
  readonly observe = (inv: Invocation): void => {
    for (const redirect of inv.redirects) {
      if (redirect.dynamic || !/^(>|>\||&>|>>|&>>)$/.test(redirect.operator)) continue;
      const file = resolvePath(inv.cwd, redirect.target, this.home);
      const output = this.output(inv);
      const append = redirect.operator.endsWith('>>');
      const before = append ? (this.readText(file) ?? '') : '';
      this.files.set(file, output === null || (append && this.writtenUnknown(file)) ? null : before + output);
    }
    for (const target of this.otherWrites(inv)) this.files.set(resolvePath(inv.cwd, target, this.home), null);
    // `tee x.sh <<EOF`: each file gets what arrives on stdin.
    if (inv.program === 'tee' && !inv.dynamic.some(Boolean)) {
      const fed = stdinText(inv.stdin, this.readText, this.home);
      const append = inv.argv.includes('-a') || inv.argv.includes('--append');
      if (fed?.known && !append)
        for (const target of inv.argv.slice(1).filter((a) => !a.startsWith('-'))) this.files.set(resolvePath(inv.cwd, target, this.home), fed.text);
    }
  };

  private output(inv: Invocation): string | null {
    if (inv.program === ':') return '';
    const produced = producedText(inv, this.readText, this.home, 0);
    if (produced?.known) return produced.text;
    if (inv.program === 'cat' && inv.argv.length === 1) {
      const fed = stdinText(inv.stdin, this.readText, this.home);
      if (fed?.known) return fed.text;
    }
    return null;
  }

  /** Downloads, copies and tees: the file exists afterwards, its content is unknown to us. */
  private otherWrites(inv: Invocation): string[] {
    const args = inv.argv.slice(1);
    switch (inv.program) {
      case 'curl': {
        const output = optionValue(args, ['-o', '--output']);
        return output ? [output] : [];
      }
      case 'wget': {
        const output = optionValue(args, ['-O', '--output-document']);
        return output && output !== '-' ? [output] : [];
      }
      case 'tee':
        return args.filter((a) => !a.startsWith('-'));
      case 'cp':
      case 'mv':
      case 'install':
      case 'ln': {
        const operands = args.filter((a) => !a.startsWith('-'));
        return operands.length >= 2 ? [operands[operands.length - 1]] : [];
      }
      default:
        return [];
    }
  }
}
