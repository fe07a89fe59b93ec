// Turns a tree-sitter word node into the string bash would pass as an argument (quote removal,
// escapes, known variables); what only runtime can know is kept as written and flagged dynamic.
import braces from 'braces';
import type { Node } from './parser';

export interface WordValue {
  text: string;
  /** Holds an expansion we could not resolve ($VAR unknown, $(…), $((…))). */
  dynamic: boolean;
  /** Has an unquoted glob character, so the shell may expand it to many paths. */
  glob: boolean;
}

/**
 * A variable's value; `undefined` when it is not set (defaults such as `${X:-dist}` apply), `null` when the
 * command line set it to something only runtime knows (`read X`, `X=$(…)`), so no default can be assumed.
 */
export type VariableLookup = (name: string) => string | null | undefined;

export interface WordContext {
  variable: VariableLookup;
  /** What a command or process substitution prints, when the reader could tell (`$(cat <<EOF …)`). */
  output?: (node: Node) => string | undefined;
}

/** Longer values are not followed: `X=$X$X` repeated would otherwise exhaust memory. */
export const MAX_VALUE_LENGTH = 64 * 1024;
/** Values that pattern operators (`${X/a/b}`, `${X%.*}`) are worked out on; longer ones stay unknown. */
const MAX_PATTERN_SUBJECT = 256;

/** Single-character backslash escapes shared by `$'…'`, `printf` and `echo -e`. */
export const CHARACTER_ESCAPES: Record<string, string> = {
  n: '\n',
  t: '\t',
  r: '\r',
  a: '\x07',
  b: '\b',
  e: '\x1b',
  E: '\x1b',
  f: '\f',
  v: '\v',
  '\\': '\\',
  "'": "'",
  '"': '"',
  '?': '?',
};

function unescapeUnquoted(text: string): string {
  return text.replace(/\\\n/g, '').replace(/\\(.)/gs, '$1');
}

function unescapeDoubleQuoted(text: string): string {
  return text.replace(/\\\n/g, '').replace(/\\([$`"\\])/g, '$1');
}

export function decodeAnsiC(body: string): string {
  return body.replace(/\\(x[0-9a-fA-F]{1,2}|[0-7]{1,3}|u[0-9a-fA-F]{1,4}|U[0-9a-fA-F]{1,8}|c.|.)/gs, (_, esc: string) => {
    if (esc[0] === 'x' || esc[0] === 'u' || esc[0] === 'U') {
      const code = parseInt(esc.slice(1), 16);
      return code <= 0x10ffff ? String.fromCodePoint(code) : '';
    }
    if (/^[0-7]/.test(esc)) return String.fromCharCode(parseInt(esc, 8) & 0xff);
    if (esc[0] === 'c') return String.fromCharCode(esc.charCodeAt(1) & 0x1f);
    return CHARACTER_ESCAPES[esc] ?? `\\${esc}`;
  });
}

const UNKNOWN = (node: Node): WordValue => ({ text: node.text, dynamic: true, glob: false });
const known = (text: string): WordValue =>
  text.length > MAX_VALUE_LENGTH ? { text: text.slice(0, 80), dynamic: true, glob: false } : { text, dynamic: false, glob: false };

/** Words nest (`${X:-${Y:-…}}`); past this depth a word is left unknown rather than exhausting the stack. */
const MAX_WORD_DEPTH = 64;
let wordDepth = 0;

export function evaluateWord(node: Node, context: WordContext): WordValue {
  if (wordDepth >= MAX_WORD_DEPTH) return UNKNOWN(node);
  wordDepth++;
  try {
    return evaluateNode(node, context);
  } finally {
    wordDepth--;
  }
}

function evaluateNode(node: Node, context: WordContext): WordValue {
  switch (node.type) {
    case 'word':
    case 'number':
    case 'regex':
    case 'extglob_pattern':
    case 'command_name': {
      if (node.type === 'command_name' && node.namedChildCount > 0) {
        return joinParts(node.namedChildren, context);
      }
      return { text: unescapeUnquoted(node.text), dynamic: false, glob: /(^|[^\\])[*?[]/.test(node.text) };
    }
    case 'raw_string':
      return { text: node.text.slice(1, -1), dynamic: false, glob: false };
    case 'ansi_c_string':
      return { text: decodeAnsiC(node.text.slice(2, -1)), dynamic: false, glob: false };
    case 'string':
    case 'translated_string':
      return evaluateDoubleQuoted(node, context);
    case 'string_content':
      return { text: unescapeDoubleQuoted(node.text), dynamic: false, glob: false };
    case 'concatenation':
      return joinParts(node.namedChildren, context);
    case 'simple_expansion':
    case 'expansion':
      return evaluateExpansion(node, context);
    case 'command_substitution': {
      const output = context.output?.(node);
      if (output !== undefined) return known(output);
      // `$(which rm)`, `$(command -v psql)`: the path of a named program, which names the program.
      const located = /^\$\(\s*(?:which|command\s+-v|type\s+-[pP])\s+([\w.+-]+)\s*\)$/.exec(node.text);
      return located ? known(located[1]) : UNKNOWN(node);
    }
    default:
      // arithmetic_expansion, process_substitution, brace expressions…
      return UNKNOWN(node);
  }
}

function evaluateDoubleQuoted(node: Node, context: WordContext): WordValue {
  const inner = node.text.startsWith('$"') ? node.text.slice(2, -1) : node.text.slice(1, -1);
  if (node.namedChildCount === 0) return { text: unescapeDoubleQuoted(inner), dynamic: false, glob: false };
  // Children cover only part of the text (whitespace between them is not a node), so rebuild from offsets.
  const base = node.startIndex + (node.text.startsWith('$"') ? 2 : 1);
  let cursor = base;
  let text = '';
  let dynamic = false;
  for (const child of node.namedChildren) {
    if (!child) continue;
    if (child.startIndex > cursor) text += unescapeDoubleQuoted(inner.slice(cursor - base, child.startIndex - base));
    const part = evaluateWord(child, context);
    text += part.text;
    dynamic ||= part.dynamic;
    cursor = child.endIndex;
  }
  const end = base + inner.length;
  if (cursor < end) text += unescapeDoubleQuoted(inner.slice(cursor - base));
  return { ...known(text), dynamic: dynamic || text.length > MAX_VALUE_LENGTH };
}

function joinParts(parts: (Node | null)[], context: WordContext): WordValue {
  let text = '';
  let dynamic = false;
  let glob = false;
  for (const part of parts) {
    if (!part) continue;
    const value = evaluateWord(part, context);
    text += value.text;
    dynamic ||= value.dynamic;
    glob ||= value.glob;
  }
  if (text.length > MAX_VALUE_LENGTH) return { text: text.slice(0, 80), dynamic: true, glob };
  return { text, dynamic, glob };
}

// ---------------------------------------------------------------------------------------------------------
// Parameter expansion. Every operator bash applies must be applied here too: `X=rmx; ${X%x} -rf src` runs
// rm, so reading `${X%x}` as plain `$X` would hide it. Operators we do not work out leave the word unknown.

/** The parts of `${…}`: an optional `!` or `#` prefix, the name, the operator and what follows it. */
function expansionParts(node: Node): { prefix: string; name?: string; subscript: boolean; operator: string; operands: Node[] } {
  let prefix = '';
  let name: string | undefined;
  let subscript = false;
  let operator = '';
  const operands: Node[] = [];
  for (const child of node.children) {
    if (!child || child.type === '${' || child.type === '}' || child.type === '$') continue;
    if (name === undefined && !child.isNamed && (child.type === '!' || child.type === '#')) prefix = child.type;
    else if (name === undefined && (child.type === 'variable_name' || child.type === 'special_variable_name')) name = child.text;
    else if (name === undefined && child.type === 'subscript') {
      name = child.namedChildren[0]?.text;
      subscript = true;
    } else if (!child.isNamed) {
      // Later unnamed tokens are separators (`${X/a/b}`, `${X:1:2}`), except the form letter of `${X@U}`.
      if (operator === '') operator = child.text;
      else if (operator === '@') operator += child.text;
    } else operands.push(child);
  }
  return { prefix, name, subscript, operator, operands };
}

function evaluateExpansion(node: Node, context: WordContext): WordValue {
  if (node.type === 'simple_expansion') {
    const name = node.namedChildren.find((c) => c?.type === 'variable_name' || c?.type === 'special_variable_name')?.text;
    const value = name === undefined ? null : context.variable(name);
    return typeof value === 'string' ? known(value) : UNKNOWN(node);
  }
  const { prefix, name, subscript, operator, operands } = expansionParts(node);
  if (name === undefined || subscript) return UNKNOWN(node);
  let value = context.variable(name);
  if (prefix === '!') {
    // `${!ref}`: the variable whose name ref holds.
    if (operator !== '' || typeof value !== 'string' || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(value)) return UNKNOWN(node);
    value = context.variable(value);
  }
  if (prefix === '#') return typeof value === 'string' && operator === '' ? known(String([...value].length)) : UNKNOWN(node);
  const operand = () => joinParts(operands, context);
  switch (operator) {
    case '':
      return typeof value === 'string' ? known(value) : UNKNOWN(node);
    case ':-':
    case ':=':
    case '-':
    case '=': {
      if (value === null) return UNKNOWN(node);
      const unset = value === undefined || (operator.startsWith(':') && value === '');
      if (!unset) return known(value!);
      const fallback = operand();
      return fallback.dynamic ? UNKNOWN(node) : known(fallback.text);
    }
    case ':+':
    case '+': {
      if (value === null) return UNKNOWN(node);
      const unset = value === undefined || (operator.startsWith(':') && value === '');
      if (unset) return known('');
      const alternative = operand();
      return alternative.dynamic ? UNKNOWN(node) : known(alternative.text);
    }
    case ':?':
    case '?':
      return typeof value === 'string' ? known(value) : UNKNOWN(node);
  }
  if (typeof value !== 'string' || value.length > MAX_PATTERN_SUBJECT) return UNKNOWN(node);
  const result = applyOperator(value, operator, operands, context);
  return result === undefined ? UNKNOWN(node) : known(result);
}

function applyOperator(value: string, operator: string, operands: Node[], context: WordContext): string | undefined {
  switch (operator) {
    case '#':
    case '##':
    case '%':
    case '%%': {
      const pattern = globPattern(operands, context);
      if (!pattern) return undefined;
      const longest = operator.length === 2;
      if (operator[0] === '#') {
        // Prefixes that match, shortest first.
        const ends = matchEnds(pattern, value, 0);
        const cut = longest ? ends.lastIndexOf(true) : ends.indexOf(true);
        return cut < 0 ? value : value.slice(cut);
      }
      // Suffixes that match, from the shortest (start at the end) or the longest.
      const starts = [...Array(value.length + 1).keys()].filter((start) => matchEnds(pattern, value, start)[value.length]);
      if (starts.length === 0) return value;
      return value.slice(0, longest ? starts[0] : starts[starts.length - 1]);
    }
    case '/':
    case '//':
    case '/#':
    case '/%':
      return substitute(value, operator, operands, context);
    case '^^':
      return operands.length ? undefined : value.toUpperCase();
    case ',,':
      return operands.length ? undefined : value.toLowerCase();
    case '^':
      return operands.length ? undefined : value.charAt(0).toUpperCase() + value.slice(1);
    case ',':
      return operands.length ? undefined : value.charAt(0).toLowerCase() + value.slice(1);
    case ':': {
      // `${X:offset}` and `${X:offset:length}` with literal numbers.
      const numbers = operands.map((n) => n.text.trim());
      if (numbers.length === 0 || numbers.length > 2 || numbers.some((n) => !/^-?\d+$/.test(n))) return undefined;
      const offset = Number(numbers[0]);
      const start = offset < 0 ? Math.max(0, value.length + offset) : offset;
      if (numbers.length === 1) return value.slice(start);
      const length = Number(numbers[1]);
      return length < 0 ? value.slice(start, Math.max(start, value.length + length)) : value.slice(start, start + length);
    }
    case '@U':
      return value.toUpperCase();
    case '@L':
      return value.toLowerCase();
    case '@u':
      return value.charAt(0).toUpperCase() + value.slice(1);
    default:
      return undefined;
  }
}

/** `${X/pattern/replacement}` and its `//` (all), `/#` (at the start), `/%` (at the end) forms. */
function substitute(value: string, operator: string, operands: Node[], context: WordContext): string | undefined {
  // The grammar gives the pattern as the first operand and the replacement as the rest.
  const [patternNode, ...replacementNodes] = operands;
  const pattern = patternNode ? globPattern([patternNode], context) : [];
  if (!pattern) return undefined;
  const replacement = joinParts(replacementNodes, context);
  if (replacement.dynamic) return undefined;
  /** The end of the longest non-empty match starting at `start`. */
  const matchAt = (start: number): number | undefined => {
    const end = matchEnds(pattern, value, start).lastIndexOf(true);
    return end > start ? end : undefined;
  };
  if (operator === '/#') {
    const end = matchAt(0);
    return end === undefined ? value : replacement.text + value.slice(end);
  }
  if (operator === '/%') {
    for (let start = 0; start < value.length; start++)
      if (matchEnds(pattern, value, start)[value.length]) return value.slice(0, start) + replacement.text;
    return value;
  }
  let result = '';
  let start = 0;
  while (start < value.length) {
    const end = matchAt(start);
    if (end === undefined) {
      result += value[start];
      start++;
      continue;
    }
    result += replacement.text;
    start = end;
    if (operator === '/') return result + value.slice(start);
  }
  return result;
}

/** One element of a bash pattern: `*`, `?`, a bracket class, or a literal character. */
type GlobToken = { kind: 'star' } | { kind: 'one'; matches: (c: string) => boolean };

/** A bash pattern as tokens; quoted parts match literally. Undefined when a part is only known at runtime. */
function globPattern(operands: Node[], context: WordContext): GlobToken[] | undefined {
  const tokens: GlobToken[] = [];
  const literal = (text: string) => {
    for (const c of text) tokens.push({ kind: 'one', matches: (x) => x === c });
  };
  for (const node of operands) {
    if (node.type !== 'word' && node.type !== 'regex' && node.type !== 'extglob_pattern') {
      const value = evaluateWord(node, context);
      if (value.dynamic) return undefined;
      literal(value.text);
      continue;
    }
    const glob = node.text;
    for (let i = 0; i < glob.length; i++) {
      const c = glob[i];
      const close = c === '[' ? glob.indexOf(']', i + 2) : -1;
      if (c === '\\' && i + 1 < glob.length) literal(glob[++i]);
      else if (c === '*') tokens.push({ kind: 'star' });
      else if (c === '?') tokens.push({ kind: 'one', matches: () => true });
      else if (close > 0) {
        const set = glob.slice(i + 1, close);
        const negated = set.startsWith('!') || set.startsWith('^');
        let test: RegExp;
        try {
          test = new RegExp(`^[${negated ? '^' : ''}${(negated ? set.slice(1) : set).replace(/\\/g, '\\\\')}]$`, 's');
        } catch {
          return undefined;
        }
        tokens.push({ kind: 'one', matches: (x) => test.test(x) });
        i = close;
      } else literal(c);
    }
  }
  return tokens;
}

/**
 * For each end position, whether `value.slice(start, end)` matches the whole pattern. A set-of-states walk
 * (linear in value × pattern): regular expressions built from `*a*a*a…` backtrack without end.
 */
function matchEnds(pattern: GlobToken[], value: string, start: number): boolean[] {
  const ends: boolean[] = new Array(value.length + 1).fill(false);
  const close = (states: Set<number>) => {
    for (let i = 0; i < pattern.length; i++) if (states.has(i) && pattern[i].kind === 'star') states.add(i + 1);
    return states;
  };
  let states = close(new Set([0]));
  if (states.has(pattern.length)) ends[start] = true;
  for (let position = start; position < value.length && states.size > 0; position++) {
    const c = value[position];
    const next = new Set<number>();
    for (const state of states) {
      const token = pattern[state];
      if (!token) continue;
      if (token.kind === 'star') next.add(state);
      else if (token.matches(c)) next.add(state + 1);
    }
    states = close(next);
    if (states.has(pattern.length)) ends[position + 1] = true;
  }
  return ends;
}

/**
 * The words bash makes of one argument after brace expansion (`{src,lib}`, `a{1..3}`) and field splitting of an
 * unquoted variable (`CMD="rm -rf x"; $CMD` runs `rm`): what a command really receives, word by word.
 */
export function expandWord(node: Node, context: WordContext): WordValue[] {
  const only = node.type === 'command_name' && node.namedChildCount === 1 ? node.namedChild(0) : null;
  if (only) return expandWord(only, context);
  const value = evaluateWord(node, context);
  const splits = node.type === 'simple_expansion' || node.type === 'expansion' || node.type === 'command_substitution';
  if (splits && !value.dynamic) {
    const fields = value.text.split(/[ \t\n]+/).filter(Boolean);
    return fields.map((text) => ({ text, dynamic: false, glob: /[*?[]/.test(text) }));
  }
  // `"$@"`: one word per positional parameter.
  if (node.type === 'string' && /^"\$(\{@\}|@)"$/.test(node.text) && !value.dynamic) {
    return value.text
      .split(' ')
      .filter(Boolean)
      .map((text) => ({ text, dynamic: false, glob: false }));
  }
  const unquoted = node.type === 'word' || node.type === 'brace_expression' || (node.type === 'concatenation' && !/['"$`\\]/.test(node.text));
  if (unquoted && /\{[^{}]*(,|\.\.)[^{}]*\}/.test(node.text)) {
    let expanded: string[];
    try {
      expanded = (braces.expand as (pattern: string, options: object) => string[])(value.text, { rangeLimit: 1000 });
    } catch {
      // A range too large to list (`{1..100000}`): bash makes that many words, none of which we can name.
      return [{ text: value.text, dynamic: true, glob: value.glob }];
    }
    if (expanded.length > 1 && expanded.length <= 1000) return expanded.map((text) => ({ text, dynamic: value.dynamic, glob: value.glob }));
    if (expanded.length > 1000) return [{ text: value.text, dynamic: true, glob: value.glob }];
  }
  return [value];
}
