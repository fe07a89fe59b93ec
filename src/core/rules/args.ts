// Option reading shared by the rules: long and short forms, `--opt=value`, `-ovalue`, bundled short flags.

/** True when any of `names` is present. Short names also match inside bundles (`-rf` has `-f`). */
export function hasFlag(args: readonly string[], names: readonly string[]): boolean {
  for (const arg of args) {
    if (arg === '--') return false;
    for (const name of names) {
      if (arg === name || (name.startsWith('--') && arg.startsWith(`${name}=`))) return true;
      if (/^-[A-Za-z]$/.test(name) && /^-[A-Za-z]+$/.test(arg) && arg.includes(name[1])) return true;
    }
  }
  return false;
}

/** The value given to an option: `--name value`, `--name=value`, `-n value`, `-nvalue`. Last one wins. */
export function optionValue(args: readonly string[], names: readonly string[]): string | undefined {
  let value: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '--') break;
    for (const name of names) {
      if (arg === name && i + 1 < args.length) value = args[i + 1];
      else if (name.startsWith('--') && arg.startsWith(`${name}=`)) value = arg.slice(name.length + 1);
      else if (/^-[A-Za-z]$/.test(name) && arg.startsWith(name) && arg.length > 2 && !arg.startsWith('--')) value = arg.slice(2);
    }
  }
  return value;
}

/** Every value given to a repeatable option. */
export function optionValues(args: readonly string[], names: readonly string[]): string[] {
  const values: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '--') break;
    for (const name of names) {
      if (arg === name && i + 1 < args.length) values.push(args[++i]);
      else if (name.startsWith('--') && arg.startsWith(`${name}=`)) values.push(arg.slice(name.length + 1));
    }
  }
  return values;
}

/**
 * Positional arguments, skipping options. `valued` lists options that take a separate value, so
 * `kubectl -n prod delete ns x` yields `delete ns x`.
 */
export function positionals(args: readonly string[], valued: readonly string[] = []): string[] {
  const result: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '--') {
      result.push(...args.slice(i + 1));
      break;
    }
    if (arg.startsWith('-') && arg !== '-') {
      if (valued.includes(arg)) i++;
      continue;
    }
    result.push(arg);
  }
  return result;
}

/** Anything asking only for help, a version or a dry run changes nothing. */
export function isInformational(args: readonly string[]): boolean {
  return args.some(
    (arg, i) =>
      ['--help', '--dry-run', '--dryrun', '--dry-run=client', '--dry-run=server', '--plan', '--what-if', '--preview'].includes(arg) ||
      // `supabase db reset --version 20240101000000` takes a value: that is a real reset, not a version query.
      (arg === '--version' && (args[i + 1] === undefined || args[i + 1].startsWith('-'))),
  );
}
