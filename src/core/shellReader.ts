// Reads a command line the way bash would: walks the tree-sitter syntax tree in execution order,
// tracking the working directory and variables, and yields every simple command that would run,
// including those inside substitutions, loops, functions, heredoc pipelines and wrapped strings.
import path from 'node:path';
import type { EnvironmentHint } from './environment';
import type { BashParser, Node } from './parser';
import { evaluateWord, expandWord, type WordValue } from './words';
import { programName, type Invocation, type OutputRedirect, type StdinSource } from './invocation';

export interface ReadContext {
  cwd: string;
  env: Record<string, string>;
  home: string;
}

/** What a wrapper or script runner hands on: another argv, or shell text to read again. */
export interface Expansion {
  via: string;
  argv?: string[];
  script?: string;
  cwd?: string;
  env?: Record<string, string>;
  remoteHost?: string;
  /** Stdin of the inner command, when the wrapper feeds it something else. */
  stdin?: StdinSource;
  /** Per inner argument: only runtime knows it (`xargs` appends what arrives on stdin). */
  dynamic?: boolean[];
  /** What the wrapper says about the environment (`doppler run --config prd`). */
  hints?: EnvironmentHint[];
}

export type Expander = (inv: Invocation, context: ReadContext) => Expansion[];

export interface ReadResult {
  invocations: Invocation[];
  /** Places bash itself would reject (unterminated quotes, stray tokens), with their column. */
  syntaxErrors: string[];
  /** Limits that stopped the reading early; an incomplete reading can never allow. */
  incomplete: string[];
}

export const READ_LIMITS = {
  /** Wrappers, `sh -c` strings and scripts inside one another. */
  maxExpansionDepth: 12,
  /** Syntax tree nesting (subshells, substitutions) we follow. */
  maxTreeDepth: 200,
  /** Simple commands read from one command line. */
  maxInvocations: 4000,
};

interface Scope {
  cwd: string;
  /** Where `cd -` returns to. */
  previousCwd?: string;
  vars: Map<string, string>;
  via: string[];
  remoteHost?: string;
  hints: EnvironmentHint[];
  expansionDepth: number;
}

const STATEMENT_CONTAINERS = new Set([
  'program',
  'list',
  'compound_statement',
  'do_group',
  'subshell',
  'if_statement',
  'elif_clause',
  'else_clause',
  'while_statement',
  'for_statement',
  'c_style_for_statement',
  'case_statement',
  'case_item',
  'function_definition',
  'negated_command',
  'test_command',
  'ternary_expression',
  'binary_expression',
  'unary_expression',
  'parenthesized_expression',
]);

/** Commands that select what later commands act on, and the variable the tool itself reads for it. */
const SELECTIONS: { programs: string[]; path: string[]; variable: string }[] = [
  { programs: ['terraform', 'tofu'], path: ['workspace', 'select'], variable: 'TF_WORKSPACE' },
  { programs: ['terraform', 'tofu'], path: ['workspace', 'new'], variable: 'TF_WORKSPACE' },
  { programs: ['pulumi'], path: ['stack', 'select'], variable: 'PULUMI_STACK' },
  { programs: ['railway'], path: ['environment', 'link'], variable: 'RAILWAY_ENVIRONMENT' },
  { programs: ['railway'], path: ['environment'], variable: 'RAILWAY_ENVIRONMENT' },
];
const NOT_A_SELECTION = new Set(['new', 'delete', 'rm', 'remove', 'link', 'list', 'ls', 'show', 'edit', 'select']);

/** Nodes walked as statements in their own right, so a substitution search does not enter them. */
const SUBSTITUTION_WALK_STOPS = new Set([...STATEMENT_CONTAINERS, 'command', 'pipeline', 'redirected_statement', 'heredoc_redirect', 'heredoc_body']);

export class ShellReader {
  private invocations: Invocation[] = [];
  private syntaxErrors: string[] = [];
  private incomplete = new Set<string>();
  private selections = new Map<string, string>();
  private aliases = new Map<string, string>();

  constructor(
    private readonly parser: BashParser,
    private readonly expanders: Expander[],
    /** Sees each simple command in execution order, before anything after it is read. */
    private readonly observe: (inv: Invocation) => void = () => undefined,
  ) {}

  read(source: string, context: ReadContext): ReadResult {
    this.invocations = [];
    this.syntaxErrors = [];
    this.incomplete = new Set();
    this.selections = new Map();
    this.aliases = new Map();
    const scope: Scope = { cwd: context.cwd, vars: new Map(Object.entries(context.env)), via: [], hints: [], expansionDepth: 0 };
    this.readSource(source, scope, context, undefined, true);
    return { invocations: this.invocations, syntaxErrors: this.syntaxErrors, incomplete: [...this.incomplete] };
  }

  private readSource(source: string, scope: Scope, context: ReadContext, stdin: StdinSource | undefined, topLevel: boolean): void {
    const tree = this.parser.parse(source);
    try {
      if (tree.rootNode.hasError) this.collectSyntaxErrors(tree.rootNode, source, topLevel);
      this.walk(tree.rootNode, scope, context, stdin, 0);
    } finally {
      tree.delete();
    }
  }

  private collectSyntaxErrors(root: Node, source: string, topLevel: boolean): void {
    const stack: Node[] = [root];
    while (stack.length > 0 && this.syntaxErrors.length < 5) {
      const node = stack.pop()!;
      if (node.type === 'ERROR' || node.isMissing) {
        const where = topLevel
          ? `column ${node.startPosition.column + 1}${node.startPosition.row ? ` of line ${node.startPosition.row + 1}` : ''}`
          : 'inside a wrapped command';
        const quote = hasUnbalancedQuote(source) ? ' (an unterminated quote?)' : '';
        this.syntaxErrors.push(`bash would reject this command: syntax error at ${where}${quote}`);
        continue;
      }
      if (node.hasError) for (const child of node.children) if (child) stack.push(child);
    }
  }

  /** Walks a statement; returns the last simple command it ran, so a pipe can feed the next stage. */
  private walk(node: Node, scope: Scope, context: ReadContext, stdin: StdinSource | undefined, depth: number): Invocation | undefined {
    if (depth > READ_LIMITS.maxTreeDepth) {
      this.incomplete.add(`the command nests deeper than ${READ_LIMITS.maxTreeDepth} levels`);
      return undefined;
    }
    if (this.invocations.length >= READ_LIMITS.maxInvocations) {
      this.incomplete.add(`the command holds more than ${READ_LIMITS.maxInvocations} simple commands`);
      return undefined;
    }
    switch (node.type) {
      case 'command':
        return this.command(node, scope, context, stdin, [], depth);
      case 'pipeline':
        return this.pipeline(node, scope, context, stdin, depth);
      case 'redirected_statement':
        return this.redirected(node, scope, context, stdin, depth);
      case 'subshell':
      case 'command_substitution':
      case 'process_substitution':
        return this.walkChildren(node, forkScope(scope), context, stdin, depth);
      case 'variable_assignment':
        this.assign(node, scope, context, depth);
        return undefined;
      case 'variable_assignments':
      case 'declaration_command':
        for (const child of node.namedChildren) if (child?.type === 'variable_assignment') this.assign(child, scope, context, depth);
        this.walkSubstitutions(node, scope, context, depth);
        return undefined;
      case 'for_statement':
        return this.forLoop(node, scope, context, stdin, depth);
      case 'function_definition':
        // Defining a function runs nothing, but a later call might: read its body as if it ran.
        return this.walkChildren(node.childForFieldName('body') ?? node, forkScope(scope), context, undefined, depth);
      case 'ERROR':
        return this.walkChildren(node, scope, context, stdin, depth);
      default:
        if (STATEMENT_CONTAINERS.has(node.type)) return this.walkChildren(node, scope, context, stdin, depth);
        this.walkSubstitutions(node, scope, context, depth);
        return undefined;
    }
  }

  /** `for d in src lib; do rm -rf $d; done`: read the body once per literal value, so targets are named. */
  private forLoop(node: Node, scope: Scope, context: ReadContext, stdin: StdinSource | undefined, depth: number): Invocation | undefined {
    this.walkSubstitutions(node, scope, context, depth, 'body');
    const body = node.childForFieldName('body');
    if (!body) return undefined;
    const variable = node.childForFieldName('variable')?.text;
    const lookup = this.lookup(scope);
    const values = node
      .childrenForFieldName('value')
      .filter((v): v is Node => v !== null)
      .map((v) => evaluateWord(v, lookup));
    const literal = variable && values.length > 0 && values.length <= 16 && values.every((v) => !v.dynamic && !v.glob);
    if (!literal) return this.walk(body, forkScope(scope), context, stdin, depth + 1);
    let last: Invocation | undefined;
    for (const value of values) {
      const iteration = forkScope(scope);
      iteration.vars.set(variable, value.text);
      last = this.walk(body, iteration, context, stdin, depth + 1) ?? last;
    }
    return last;
  }

  private walkChildren(node: Node, scope: Scope, context: ReadContext, stdin: StdinSource | undefined, depth: number): Invocation | undefined {
    let last: Invocation | undefined;
    for (const child of node.namedChildren) {
      if (!child || child.type === 'comment') continue;
      last = this.walk(child, scope, context, stdin, depth + 1) ?? last;
    }
    return last;
  }

  private pipeline(node: Node, scope: Scope, context: ReadContext, stdin: StdinSource | undefined, depth: number): Invocation | undefined {
    let input = stdin;
    let last: Invocation | undefined;
    for (const stage of node.namedChildren) {
      if (!stage || stage.type === 'comment') continue;
      // Each stage of a pipeline runs in its own subshell: a `cd` there does not leak out.
      last = this.walk(stage, forkScope(scope), context, input, depth + 1);
      input = last ? { kind: 'pipe', from: last } : { kind: 'opaque', origin: stage.text.slice(0, 80) };
    }
    return last;
  }

  private redirected(node: Node, scope: Scope, context: ReadContext, stdin: StdinSource | undefined, depth: number): Invocation | undefined {
    const body = node.childForFieldName('body');
    const redirects: OutputRedirect[] = [];
    let input = stdin;
    const afterwards: { node: Node; pipe: boolean }[] = [];
    const lookup = this.lookup(scope);
    for (const redirect of node.childrenForFieldName('redirect')) {
      if (!redirect) continue;
      this.walkSubstitutions(redirect, scope, context, depth);
      const found = this.redirect(redirect, scope, context, depth, lookup);
      if (found.stdin) input = found.stdin;
      redirects.push(...found.outputs);
      afterwards.push(...found.afterwards);
    }
    let last: Invocation | undefined;
    if (body?.type === 'command') {
      // tree-sitter-bash drops a lone `-` written just before a heredoc (`kubectl apply -f - <<EOF`): put it back.
      const firstRedirect = node.childrenForFieldName('redirect').find((r) => r !== null);
      const gap = firstRedirect ? node.text.slice(body.endIndex - node.startIndex, firstRedirect.startIndex - node.startIndex) : '';
      last = this.command(body, scope, context, input, redirects, depth + 1, gap.trim() === '-' ? ['-'] : []);
    } else if (body) {
      last = this.walk(body, scope, context, input, depth + 1);
      if (redirects.length > 0) last = this.emit(syntheticRedirect(redirects, node.text, scope), scope, context) ?? last;
    } else if (redirects.length > 0) {
      // `> file` alone: bash opens (and empties) the file and runs nothing.
      last = this.emit(syntheticRedirect(redirects, node.text, scope), scope, context);
    }
    for (const next of afterwards) {
      const stageInput: StdinSource | undefined = next.pipe ? (last ? { kind: 'pipe', from: last } : undefined) : undefined;
      last = this.walk(next.node, next.pipe ? forkScope(scope) : scope, context, stageInput, depth + 1) ?? last;
    }
    return last;
  }

  private redirect(
    node: Node,
    scope: Scope,
    context: ReadContext,
    depth: number,
    lookup: (name: string) => string | undefined,
  ): { stdin?: StdinSource; outputs: OutputRedirect[]; afterwards: { node: Node; pipe: boolean }[] } {
    const outputs: OutputRedirect[] = [];
    const afterwards: { node: Node; pipe: boolean }[] = [];
    let stdin: StdinSource | undefined;
    if (node.type === 'heredoc_redirect') {
      let bodyText = '';
      const quotedDelimiter = /^['"\\]/.test(node.namedChildren.find((c) => c?.type === 'heredoc_start')?.text ?? '');
      node.children.forEach((child, index) => {
        if (!child) return;
        const field = node.fieldNameForChild(index);
        if (child.type === 'heredoc_body') bodyText = quotedDelimiter ? child.text : expandHeredoc(child, lookup);
        else if (field === 'redirect') outputs.push(...this.redirect(child, scope, context, depth, lookup).outputs);
        else if (child.isNamed && !['heredoc_start', 'heredoc_end', 'heredoc_content'].includes(child.type)) {
          afterwards.push({ node: child, pipe: child.type === 'pipeline' || field !== 'right' });
        }
      });
      stdin = { kind: 'text', text: bodyText, origin: 'heredoc' };
    } else if (node.type === 'herestring_redirect') {
      const word = node.namedChildren.find((c) => c && c.type !== 'file_descriptor');
      if (word) {
        const value = evaluateWord(word, lookup);
        stdin = value.dynamic
          ? { kind: 'opaque', origin: `here-string ${word.text.slice(0, 60)}` }
          : { kind: 'text', text: value.text, origin: 'here-string' };
      }
    } else if (node.type === 'file_redirect') {
      const destination = node.childForFieldName('destination') ?? node.namedChildren.find((c) => c && c.type !== 'file_descriptor') ?? null;
      const operator = node.children.find((c) => c && !c.isNamed)?.text ?? '>';
      if (destination) {
        const value = evaluateWord(destination, lookup);
        if (operator === '<')
          stdin = value.dynamic
            ? { kind: 'opaque', origin: `file ${value.text}` }
            : { kind: 'file', path: resolvePath(scope.cwd, value.text, context.home) };
        else if (!operator.includes('&') || !/^\d+$|^-$/.test(value.text)) outputs.push({ operator, target: value.text, dynamic: value.dynamic });
      }
    }
    return { stdin, outputs, afterwards };
  }

  private command(
    node: Node,
    scope: Scope,
    context: ReadContext,
    stdin: StdinSource | undefined,
    outerRedirects: OutputRedirect[],
    depth: number,
    trailingWords: string[] = [],
  ): Invocation | undefined {
    const lookup = this.lookup(scope);
    const assignments: Record<string, string> = {};
    const words: WordValue[] = [];
    const redirects = [...outerRedirects];
    const afterwards: { node: Node; pipe: boolean }[] = [];
    let input = stdin;
    this.walkSubstitutions(node, scope, context, depth);
    for (const child of node.namedChildren) {
      if (!child) continue;
      if (child.type === 'variable_assignment') {
        const name = child.childForFieldName('name')?.text;
        const value = child.childForFieldName('value');
        if (name) assignments[name] = value ? evaluateWord(value, lookup).text : '';
        if (name === 'IFS') this.incomplete.add('the command changes IFS, so how bash splits words cannot be predicted');
      } else if (child.type === 'file_redirect' || child.type === 'herestring_redirect' || child.type === 'heredoc_redirect') {
        const found = this.redirect(child, scope, context, depth, lookup);
        if (found.stdin) input = found.stdin;
        redirects.push(...found.outputs);
        afterwards.push(...found.afterwards);
      } else if (child.type !== 'comment') {
        words.push(...expandWord(child, (name) => assignments[name] ?? lookup(name)));
      }
    }
    if (words.length === 0) {
      for (const [name, value] of Object.entries(assignments)) scope.vars.set(name, value);
      if (redirects.length > 0) return this.emit(syntheticRedirect(redirects, node.text, scope), scope, context);
      return undefined;
    }
    words.push(...trailingWords.map((text) => ({ text, dynamic: false, glob: false })));
    // An alias defined earlier (`alias r='rm -rf'`) takes effect on a later line; expanding it always errs safe.
    const alias = this.aliases.get(words[0].text);
    if (alias !== undefined && !words[0].dynamic) {
      words.splice(
        0,
        1,
        ...alias
          .split(/[ \t]+/)
          .filter(Boolean)
          .map((text) => ({ text, dynamic: false, glob: false })),
      );
      if (words.length === 0) return undefined;
    }
    const invocation: Invocation = {
      argv: words.map((w) => w.text),
      dynamic: words.map((w) => w.dynamic),
      glob: words.map((w) => w.glob),
      program: programName(words[0].text),
      assignments,
      env: { ...Object.fromEntries(this.selections), ...Object.fromEntries(scope.vars), ...assignments },
      cwd: scope.cwd,
      stdin: input,
      redirects,
      text: node.text,
      via: scope.via,
      remoteHost: scope.remoteHost,
      environmentHints: scope.hints,
    };
    this.applyBuiltin(invocation, scope, context);
    let last = this.emit(invocation, scope, context);
    for (const next of afterwards) {
      const stageInput: StdinSource | undefined = next.pipe ? { kind: 'pipe', from: last } : undefined;
      last = this.walk(next.node, next.pipe ? forkScope(scope) : scope, context, stageInput, depth + 1) ?? last;
    }
    return last;
  }

  /** Records a command, then reads whatever it runs in turn (wrappers, `sh -c`, scripts). */
  private emit(invocation: Invocation, scope: Scope, context: ReadContext): Invocation {
    this.invocations.push(invocation);
    this.observe(invocation);
    if (scope.expansionDepth >= READ_LIMITS.maxExpansionDepth) {
      this.incomplete.add(`wrappers and scripts nest deeper than ${READ_LIMITS.maxExpansionDepth} levels`);
      return invocation;
    }
    for (const expand of this.expanders) {
      for (const expansion of expand(invocation, context)) {
        const inner: Scope = {
          cwd: expansion.cwd ?? invocation.cwd,
          vars: new Map([...Object.entries(invocation.env), ...Object.entries(expansion.env ?? {})]),
          via: [...invocation.via, expansion.via],
          remoteHost: expansion.remoteHost ?? invocation.remoteHost,
          hints: [...invocation.environmentHints, ...(expansion.hints ?? [])],
          expansionDepth: scope.expansionDepth + 1,
        };
        const innerStdin = expansion.stdin ?? invocation.stdin;
        if (expansion.script !== undefined) {
          this.readSource(expansion.script, inner, context, innerStdin, false);
        } else if (expansion.argv && expansion.argv.length > 0) {
          const offset = invocation.argv.length - expansion.argv.length;
          this.emit(
            {
              ...invocation,
              argv: expansion.argv,
              dynamic: expansion.dynamic ?? expansion.argv.map((_, i) => invocation.dynamic[i + offset] ?? false),
              glob: expansion.argv.map((_, i) => invocation.glob[i + offset] ?? false),
              program: programName(expansion.argv[0]),
              env: Object.fromEntries(inner.vars),
              cwd: inner.cwd,
              stdin: innerStdin,
              via: inner.via,
              remoteHost: inner.remoteHost,
              environmentHints: inner.hints,
            },
            inner,
            context,
          );
        }
      }
    }
    return invocation;
  }

  /** Builtins that change what later commands see: the directory and exported variables. */
  private applyBuiltin(invocation: Invocation, scope: Scope, context: ReadContext): void {
    const [name, target] = invocation.argv;
    if ((name === 'cd' || name === 'pushd') && !scope.remoteHost) {
      const from = scope.cwd;
      if (target === undefined || target === '~') scope.cwd = context.home;
      else if (target === '-') scope.cwd = scope.previousCwd ?? scope.cwd;
      else scope.cwd = resolvePath(scope.cwd, target, context.home);
      scope.previousCwd = from;
    } else if (!scope.remoteHost) {
      // `terraform workspace select prod && terraform destroy`: the tool stores the selection on disk, so it
      // holds for every later command, subshells included; we pass it on as the variable the tool reads.
      const selection = SELECTIONS.find(
        (entry) => entry.programs.includes(invocation.program) && entry.path.every((word, i) => invocation.argv[i + 1] === word),
      );
      const selected = selection ? invocation.argv[selection.path.length + 1] : undefined;
      if (selection && selected && !selected.startsWith('-') && !NOT_A_SELECTION.has(selected)) this.selections.set(selection.variable, selected);
    }
    if (name === 'alias') {
      for (const arg of invocation.argv.slice(1)) {
        const match = /^([^=\s]+)=(.*)$/s.exec(arg);
        if (match) this.aliases.set(match[1], match[2]);
      }
    }
    if (name === 'export' || name === 'declare' || name === 'typeset' || name === 'local' || name === 'readonly') {
      for (const arg of invocation.argv.slice(1)) {
        const match = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/s.exec(arg);
        if (match) scope.vars.set(match[1], match[2]);
        if (match?.[1] === 'IFS') this.incomplete.add('the command changes IFS, so how bash splits words cannot be predicted');
      }
    }
  }

  private assign(node: Node, scope: Scope, context: ReadContext, depth: number): void {
    this.walkSubstitutions(node, scope, context, depth);
    const name = node.childForFieldName('name')?.text;
    const value = node.childForFieldName('value');
    if (!name) return;
    if (name === 'IFS') this.incomplete.add('the command changes IFS, so how bash splits words cannot be predicted');
    const evaluated = value ? evaluateWord(value, this.lookup(scope)) : { text: '', dynamic: false };
    if (evaluated.dynamic) scope.vars.delete(name);
    else scope.vars.set(name, evaluated.text);
  }

  /** Command substitutions run before the command that holds them; read them first. */
  private walkSubstitutions(node: Node, scope: Scope, context: ReadContext, depth: number, skipField?: string): void {
    const stack: Node[] = [];
    node.namedChildren.forEach((child, index) => {
      if (child && (!skipField || node.fieldNameForChild(index) !== skipField)) stack.push(child);
    });
    while (stack.length > 0) {
      const current = stack.pop()!;
      if (current.type === 'command_substitution' || current.type === 'process_substitution') {
        this.walk(current, scope, context, undefined, depth + 1);
      } else if (!SUBSTITUTION_WALK_STOPS.has(current.type)) {
        for (const child of current.namedChildren) if (child) stack.push(child);
      }
    }
  }

  private lookup(scope: Scope): (name: string) => string | undefined {
    return (name) => scope.vars.get(name);
  }
}

function hasUnbalancedQuote(source: string): boolean {
  const unescaped = source.replace(/\\./gs, '');
  return (unescaped.match(/'/g)?.length ?? 0) % 2 === 1 || (unescaped.match(/"/g)?.length ?? 0) % 2 === 1;
}

function forkScope(scope: Scope): Scope {
  return { ...scope, vars: new Map(scope.vars) };
}

function syntheticRedirect(redirects: OutputRedirect[], text: string, scope: Scope): Invocation {
  return {
    argv: [':'],
    dynamic: [false],
    glob: [false],
    program: ':',
    assignments: {},
    env: Object.fromEntries(scope.vars),
    cwd: scope.cwd,
    redirects,
    text,
    via: scope.via,
    remoteHost: scope.remoteHost,
    environmentHints: scope.hints,
  };
}

function expandHeredoc(body: Node, lookup: (name: string) => string | undefined): string {
  let text = '';
  let cursor = body.startIndex;
  const source = body.text;
  for (const child of body.namedChildren) {
    if (!child || (child.type !== 'simple_expansion' && child.type !== 'expansion')) continue;
    text += source.slice(cursor - body.startIndex, child.startIndex - body.startIndex);
    text += evaluateWord(child, lookup).text;
    cursor = child.endIndex;
  }
  return text + source.slice(cursor - body.startIndex);
}

export function resolvePath(cwd: string, target: string, home: string): string {
  const expanded = target === '~' ? home : target.startsWith('~/') ? path.join(home, target.slice(2)) : target;
  return path.resolve(cwd, expanded);
}
