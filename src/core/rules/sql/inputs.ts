// What a client would run: statements given inline, files, and what reaches its stdin.
import { existsSync } from 'node:fs';
import type { Invocation } from '../../invocation';
import { resolvePath } from '../../shellReader';
import { stdinText } from '../../stdin';
import type { RuleContext } from '../rule';
import { type ParsedLine, isDynamic, values } from './commandLine';

export interface SqlInput {
  text?: string;
  /** Where it came from, for unreadable inputs: `file drop.sql`, `pipe from curl …`. */
  origin: string;
  /** A file that does not exist when checked: the client would stop with an error. */
  missing?: boolean;
}

/**
 * SQL given as an argument. A bare variable (`-c "$SQL"`, `-c "$(cat x.sql)"`) is text nobody can read yet; SQL
 * with a variable inside (`WHERE id = $ID`) still shows its shape and is scanned.
 */
export function textInput(inv: Invocation, text: string, origin: string): SqlInput {
  const opaque = isDynamic(inv, text) && /^\s*(\$\{?\w+\}?|\$\(.*\)|`.*`)\s*$/s.test(text);
  return opaque ? { origin: `${origin} ${text.length > 40 ? `${text.slice(0, 37)}…` : text}` } : { text, origin };
}

/** What reaches the client's stdin, as an input; undefined when nothing does (an interactive session). */
export function stdinInput(inv: Invocation, ctx: RuleContext): SqlInput | undefined {
  const fed = stdinText(inv.stdin, ctx.readText, ctx.home);
  if (!fed) return undefined;
  return fed.known ? { text: fed.text, origin: fed.origin } : { origin: fed.origin };
}

/** What a client reads when no statement or file is given: its stdin, if anything is fed to it. */
export function stdinInputs(inv: Invocation, ctx: RuleContext): SqlInput[] {
  const fed = stdinInput(inv, ctx);
  return fed ? [fed] : [];
}

export function fileInput(inv: Invocation, ctx: RuleContext, file: string): SqlInput {
  if (file === '-') return stdinInput(inv, ctx) ?? { origin: 'stdin' };
  const absolute = resolvePath(inv.cwd, file, ctx.home);
  const text = ctx.readText(absolute);
  // A file that does not exist (and nothing earlier in the line writes) runs nothing: the client stops with an error.
  const missing = text === undefined && !existsSync(absolute) && !ctx.writtenUnknown(absolute);
  return { text, origin: `file ${file}`, missing };
}

/** Inline statements, then files, then stdin when neither is given. */
export function collectInputs(
  inv: Invocation,
  ctx: RuleContext,
  line: ParsedLine,
  inline: readonly string[],
  files: readonly string[],
  origin: string,
): SqlInput[] {
  const inputs: SqlInput[] = values(line, inline).map((text) => textInput(inv, text, origin));
  for (const file of values(line, files)) inputs.push(fileInput(inv, ctx, file));
  if (inputs.length === 0) inputs.push(...stdinInputs(inv, ctx));
  return inputs;
}
