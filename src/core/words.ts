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

export type VariableLookup = (name: string) => string | undefined;

const ANSI_C_ESCAPES: Record<string, string> = {
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

function decodeAnsiC(body: string): string {
  return body.replace(/\\(x[0-9a-fA-F]{1,2}|[0-7]{1,3}|u[0-9a-fA-F]{1,4}|U[0-9a-fA-F]{1,8}|c.|.)/gs, (_, esc: string) => {
    if (esc[0] === 'x' || esc[0] === 'u' || esc[0] === 'U') {
      const code = parseInt(esc.slice(1), 16);
      return code <= 0x10ffff ? String.fromCodePoint(code) : '';
    }
    if (/^[0-7]/.test(esc)) return String.fromCharCode(parseInt(esc, 8) & 0xff);
    if (esc[0] === 'c') return String.fromCharCode(esc.charCodeAt(1) & 0x1f);
    return ANSI_C_ESCAPES[esc] ?? `\\${esc}`;
  });
}

function expansionName(node: Node): string | undefined {
  for (const child of node.namedChildren) {
    if (child && (child.type === 'variable_name' || child.type === 'special_variable_name')) return child.text;
  }
  return undefined;
}

/** `${NAME:-default}` and friends: the operator and the word after it, when the expansion has one. */
function expansionDefault(node: Node): string | undefined {
  const match = /^\$\{[A-Za-z_][A-Za-z0-9_]*:?[-=](.*)\}$/s.exec(node.text);
  return match ? match[1] : undefined;
}

export function evaluateWord(node: Node, lookup: VariableLookup): WordValue {
  switch (node.type) {
    case 'word':
    case 'number':
    case 'command_name': {
      if (node.type === 'command_name' && node.namedChildCount > 0) {
        return joinParts(node.namedChildren, lookup, false);
      }
      return { text: unescapeUnquoted(node.text), dynamic: false, glob: /(^|[^\\])[*?[]/.test(node.text) };
    }
    case 'raw_string':
      return { text: node.text.slice(1, -1), dynamic: false, glob: false };
    case 'ansi_c_string':
      return { text: decodeAnsiC(node.text.slice(2, -1)), dynamic: false, glob: false };
    case 'string':
    case 'translated_string':
      return evaluateDoubleQuoted(node, lookup);
    case 'string_content':
      return { text: unescapeDoubleQuoted(node.text), dynamic: false, glob: false };
    case 'concatenation':
      return joinParts(node.namedChildren, lookup, false);
    case 'simple_expansion':
    case 'expansion': {
      const name = expansionName(node);
      const value = name === undefined ? undefined : lookup(name);
      if (value !== undefined) return { text: value, dynamic: false, glob: false };
      const fallback = node.type === 'expansion' ? expansionDefault(node) : undefined;
      if (fallback !== undefined && !fallback.includes('$')) return { text: fallback, dynamic: false, glob: false };
      return { text: node.text, dynamic: true, glob: false };
    }
    case 'command_substitution': {
      // `$(which rm)`, `$(command -v psql)`: the path of a named program, which names the program.
      const located = /^\$\(\s*(?:which|command\s+-v|type\s+-[pP])\s+([\w.+-]+)\s*\)$/.exec(node.text);
      return located ? { text: located[1], dynamic: false, glob: false } : { text: node.text, dynamic: true, glob: false };
    }
    default:
      // arithmetic_expansion, process_substitution, brace expressions…
      return { text: node.text, dynamic: true, glob: false };
  }
}

function evaluateDoubleQuoted(node: Node, lookup: VariableLookup): WordValue {
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
    const part = evaluateWord(child, lookup);
    text += part.text;
    dynamic ||= part.dynamic;
    cursor = child.endIndex;
  }
  const end = base + inner.length;
  if (cursor < end) text += unescapeDoubleQuoted(inner.slice(cursor - base));
  return { text, dynamic, glob: false };
}

function joinParts(parts: (Node | null)[], lookup: VariableLookup, quoted: boolean): WordValue {
  let text = '';
  let dynamic = false;
  let glob = false;
  for (const part of parts) {
    if (!part) continue;
    const value = evaluateWord(part, lookup);
    text += value.text;
    dynamic ||= value.dynamic;
    glob ||= !quoted && value.glob;
  }
  return { text, dynamic, glob };
}

/**
 * The words bash makes of one argument after brace expansion (`{src,lib}`, `a{1..3}`) and field splitting of an
 * unquoted variable (`CMD="rm -rf x"; $CMD` runs `rm`): what a command really receives, word by word.
 */
export function expandWord(node: Node, lookup: VariableLookup): WordValue[] {
  const only = node.type === 'command_name' && node.namedChildCount === 1 ? node.namedChild(0) : null;
  if (only) return expandWord(only, lookup);
  const value = evaluateWord(node, lookup);
  if ((node.type === 'simple_expansion' || node.type === 'expansion') && !value.dynamic) {
    const fields = value.text.split(/[ \t\n]+/).filter(Boolean);
    return fields.map((text) => ({ text, dynamic: false, glob: /[*?[]/.test(text) }));
  }
  const unquoted = node.type === 'word' || node.type === 'brace_expression' || (node.type === 'concatenation' && !/['"$`\\]/.test(node.text));
  if (unquoted && /\{[^{}]*(,|\.\.)[^{}]*\}/.test(node.text)) {
    const expanded = (braces.expand as (pattern: string, options: object) => string[])(value.text, { rangeLimit: 1000 });
    if (expanded.length > 1 && expanded.length <= 1000) return expanded.map((text) => ({ text, dynamic: value.dynamic, glob: value.glob }));
  }
  return [value];
}
