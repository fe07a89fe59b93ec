// Redirect helpers: the stand-in invocation that carries a redirect with no simple command of its own, and the
// text an unquoted heredoc delivers.
import type { Invocation, OutputRedirect } from './invocation';
import type { Node } from './parser';
import { knownVariables, type Scope } from './shellScope';
import { evaluateWord, type WordContext } from './words';

/** The program name of the stand-in that carries a compound command's output redirect. */
export const COMPOUND_OUTPUT = '{…}';

/** A stand-in for a redirect with no simple command of its own: `:` for a bare `> f`, COMPOUND_OUTPUT for `{ …; } > f`. */
export function syntheticRedirect(redirects: OutputRedirect[], text: string, scope: Scope, program: ':' | typeof COMPOUND_OUTPUT): Invocation {
  return {
    argv: [program],
    dynamic: [false],
    glob: [false],
    program,
    assignments: {},
    env: knownVariables(scope.vars),
    cwd: scope.cwd,
    redirects,
    text,
    via: scope.via,
    remoteHost: scope.remoteHost,
    environmentHints: scope.hints,
  };
}

/** The text an unquoted heredoc delivers: expansions replaced, and `\$`, `` \` ``, `\\`, `\⏎` unescaped. */
export function expandHeredoc(body: Node, context: WordContext): string {
  const literal = (text: string) => text.replace(/\\\n/g, '').replace(/\\([$`\\])/g, '$1');
  let text = '';
  let cursor = body.startIndex;
  const source = body.text;
  for (const child of body.namedChildren) {
    if (!child || !['simple_expansion', 'expansion', 'command_substitution'].includes(child.type)) continue;
    text += literal(source.slice(cursor - body.startIndex, child.startIndex - body.startIndex));
    text += evaluateWord(child, context).text;
    cursor = child.endIndex;
  }
  return text + literal(source.slice(cursor - body.startIndex));
}
