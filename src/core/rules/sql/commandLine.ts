// Command-line reading shared by the clients: getopt-style option parsing and its lookups.
import type { Invocation } from '../../invocation';

export interface OptionSyntax {
  /** Short options taking a value (getopt letters). */
  short?: string;
  /** Long options taking a value (`--command`), or single-dash long ones for sqlite3 (`-cmd`). */
  long?: readonly string[];
  /** sqlite3 and goose style: `-word` is one option, never a bundle. */
  singleDashLong?: boolean;
}

export interface ParsedLine {
  options: { name: string; value?: string }[];
  positionals: string[];
}

/** getopt-style reading: bundles (`-Atc SQL`), `--opt=value`, `--opt value`, `-ovalue`, `--`. */
export function parseCommandLine(args: readonly string[], syntax: OptionSyntax): ParsedLine {
  const options: ParsedLine['options'] = [];
  const positionals: string[] = [];
  const long = new Set(syntax.long ?? []);
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '--') {
      positionals.push(...args.slice(i + 1));
      break;
    }
    if (arg.startsWith('--') || (syntax.singleDashLong && /^-[A-Za-z]{2,}/.test(arg))) {
      const normalized = syntax.singleDashLong ? `-${arg.replace(/^-+/, '')}` : arg;
      const eq = normalized.indexOf('=');
      if (eq > 0) options.push({ name: normalized.slice(0, eq), value: normalized.slice(eq + 1) });
      else if (long.has(normalized) && i + 1 < args.length) options.push({ name: normalized, value: args[++i] });
      else options.push({ name: normalized });
      continue;
    }
    if (arg.startsWith('-') && arg.length > 1) {
      for (let k = 1; k < arg.length; k++) {
        const letter = arg[k];
        if (syntax.short?.includes(letter)) {
          const attached = arg.slice(k + 1);
          if (attached) options.push({ name: `-${letter}`, value: attached });
          else if (i + 1 < args.length) options.push({ name: `-${letter}`, value: args[++i] });
          else options.push({ name: `-${letter}` });
          break;
        }
        options.push({ name: `-${letter}` });
      }
      continue;
    }
    positionals.push(arg);
  }
  return { options, positionals };
}

/** An argument holding a variable nobody set (`"$DATABASE_URL"`): its text names nothing. */
export function isDynamic(inv: Invocation, value: string): boolean {
  const index = inv.argv.lastIndexOf(value);
  return index >= 0 ? inv.dynamic[index] : /\$/.test(value);
}
export function known(inv: Invocation, value: string | undefined): string | undefined {
  return value !== undefined && !isDynamic(inv, value) ? value : undefined;
}

export function values(line: ParsedLine, names: readonly string[]): string[] {
  return line.options.filter((o) => names.includes(o.name) && o.value !== undefined).map((o) => o.value!);
}
export function last(line: ParsedLine, names: readonly string[]): string | undefined {
  return values(line, names).pop();
}
export function present(line: ParsedLine, names: readonly string[]): boolean {
  return line.options.some((o) => names.includes(o.name));
}
