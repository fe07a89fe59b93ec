// Reads a command line the way bash would: walks the tree-sitter syntax tree in execution order,
// tracking the working directory and variables, and yields every simple command that would run,
// including those inside substitutions, loops, functions, heredoc pipelines and wrapped strings.
// The state it carries lives in shellScope.ts, the builtins that change it in shellBuiltins.ts, and the
// redirect stand-ins in shellRedirects.ts.
import { existsSync, readdirSync } from 'node:fs';
import { minimatch } from 'minimatch';
import path from 'node:path';
import type { EnvironmentHint } from './environment';
import type { BashParser, Node } from './parser';
import { applyBuiltin, assignedInArithmetic, type BuiltinState } from './shellBuiltins';
import { COMPOUND_OUTPUT, expandHeredoc, syntheticRedirect } from './shellRedirects';
import { forkScope, knownVariables, merge, POSITIONAL, resolvePath, setPositional, type FunctionBody, type Scope } from './shellScope';
import { heredocAsDoubleQuoted, isLiftedInput, prepareSource, type LiftedInput } from './shellSource';
import { producedText } from './stdin';
import { evaluateWord, expandWord, MAX_VALUE_LENGTH, type WordContext, type WordValue } from './words';
import { programName, type Invocation, type OutputRedirect, type StdinSource } from './invocation';

// Other modules import these from here.
export { COMPOUND_OUTPUT, resolvePath };

export interface ReadContext {
  cwd: string;
  env: Record<string, string>;
  home: string;
  /** What a process substitution written as an argument prints (`sh <(echo …)`), when the reader could tell. */
  processOutput?: (written: string) => string | undefined;
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
  /** Runs in the calling shell (`eval`, `source`, `command cd`): its `cd` and variables hold afterwards. */
  inShell?: boolean;
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

const STATEMENT_CONTAINERS = new Set([
  'program',
  'compound_statement',
  'else_clause',
  'case_item',
  'do_group',
  'negated_command',
  'test_command',
  'ternary_expression',
  'binary_expression',
  'unary_expression',
  'parenthesized_expression',
]);

/** Nodes walked as statements in their own right, so a substitution search does not enter them. */
const SUBSTITUTION_WALK_STOPS = new Set([
  ...[...STATEMENT_CONTAINERS].filter((type) => !type.endsWith('_expression')),
  'list',
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
  'command',
  'pipeline',
  'redirected_statement',
  'heredoc_redirect',
  'heredoc_body',
]);

export class ShellReader {
  private invocations: Invocation[] = [];
  private syntaxErrors: string[] = [];
  private incomplete = new Set<string>();
  private selections = new Map<string, string>();
  private aliases = new Map<string, string>();
  private functions = new Map<string, FunctionBody>();
  private calledFunctions = new Set<string>();
  private activeFunctions = new Set<string>();
  /** Heredocs and here-strings lifted out of the text, by placeholder (see shellSource.ts). */
  private lifted = new Map<string, LiftedInput>();
  private liftedCount = 0;
  /** What command substitutions of the tree being walked print, by node id, when it can be told. */
  private outputs = new Map<number, string>();
  /** The same for process substitutions, by their text, for wrappers (`sh <(echo …)`). */
  private processOutputs = new Map<string, string>();

  constructor(
    private readonly parser: BashParser,
    private readonly expanders: Expander[],
    /** Sees each simple command in execution order, before anything after it is read. */
    private readonly observe: (inv: Invocation) => void = () => undefined,
    /** Reads files that `cat` prints inside a substitution (`eval "$(cat setup.sh)"`). */
    private readonly readText: (file: string) => string | undefined = () => undefined,
  ) {}

  read(source: string, context: ReadContext): ReadResult {
    this.invocations = [];
    this.syntaxErrors = [];
    this.incomplete = new Set();
    this.selections = new Map();
    this.aliases = new Map();
    this.functions = new Map();
    this.calledFunctions = new Set();
    this.activeFunctions = new Set();
    this.lifted = new Map();
    this.processOutputs = new Map();
    // bash sets PWD itself when it starts; a PATH the request did not give is the usual one, so that
    // `PATH=./bin:$PATH ls` is seen to put ./bin first.
    const env = { PATH: '/usr/local/bin:/usr/bin:/bin', ...context.env, PWD: context.cwd };
    const readContext: ReadContext = { ...context, env, processOutput: (written) => this.processOutputs.get(written) };
    const scope: Scope = {
      cwd: context.cwd,
      dirStack: [],
      vars: new Map(Object.entries(env)),
      fds: new Map(),
      via: [],
      hints: [],
      expansionDepth: 0,
    };
    this.readSource(source, scope, readContext, undefined, true);
    // A function nobody calls in plain sight may still run (`trap f EXIT`, `"$cmd"`): read it once as written.
    for (const [name, body] of this.functions) {
      if (this.calledFunctions.has(name)) continue;
      this.calledFunctions.add(name);
      this.readSource(body.text, forkScope(scope), readContext, undefined, false);
    }
    return { invocations: this.invocations, syntaxErrors: this.syntaxErrors, incomplete: [...this.incomplete] };
  }

  private readSource(source: string, scope: Scope, context: ReadContext, stdin: StdinSource | undefined, topLevel: boolean): void {
    const prepared = prepareSource(source, () => this.liftedCount++);
    for (const [name, input] of prepared.inputs) this.lifted.set(name, input);
    const tree = this.parser.parse(prepared.text);
    const outerOutputs = this.outputs;
    this.outputs = new Map();
    try {
      if (tree.rootNode.hasError) this.collectSyntaxErrors(tree.rootNode, prepared.text, topLevel);
      this.walk(tree.rootNode, scope, context, stdin, 0);
    } finally {
      this.outputs = outerOutputs;
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
      case 'list':
        return this.list(node, scope, context, stdin, depth);
      case 'if_statement':
      case 'case_statement':
      case 'while_statement':
      case 'c_style_for_statement':
        return this.branches(node, scope, context, stdin, depth);
      case 'subshell':
      case 'command_substitution':
      case 'process_substitution':
        return this.walkChildren(node, forkScope(scope), context, stdin, depth);
      case 'variable_assignment':
        this.assign(node, scope, context, depth);
        return undefined;
      case 'variable_assignments':
      case 'declaration_command':
        this.declaration(node, scope, context, depth);
        return undefined;
      case 'for_statement':
        return this.forLoop(node, scope, context, stdin, depth);
      case 'function_definition':
        this.defineFunction(node);
        return undefined;
      case 'unset_command':
        this.unset(node, scope, context, depth);
        return undefined;
      case 'ERROR':
        return this.walkChildren(node, scope, context, stdin, depth);
      default:
        if (node.type === 'compound_statement' && node.text.startsWith('((')) this.arithmetic(node, scope, context, depth);
        else if (STATEMENT_CONTAINERS.has(node.type)) return this.walkChildren(node, scope, context, stdin, depth);
        else this.walkSubstitutions(node, scope, context, depth);
        return undefined;
    }
  }

  private walkChildren(node: Node, scope: Scope, context: ReadContext, stdin: StdinSource | undefined, depth: number): Invocation | undefined {
    let last: Invocation | undefined;
    for (const child of node.namedChildren) {
      if (!child || child.type === 'comment') continue;
      last = this.walk(child, scope, context, stdin, depth + 1) ?? last;
    }
    return last;
  }

  /**
   * `a && b || c`: only the first command surely runs. The rest is read in order on a copy of the state, as if
   * each step succeeded, and afterwards any directory or variable it may have changed is no longer known.
   */
  private list(node: Node, scope: Scope, context: ReadContext, stdin: StdinSource | undefined, depth: number): Invocation | undefined {
    // The grammar nests `a && b || c` as ((a && b) || c): follow the left spine without recursing.
    const operands: Node[] = [];
    let current: Node | undefined = node;
    while (current) {
      const children: Node[] = current.namedChildren.filter((c): c is Node => c !== null && c.type !== 'comment');
      const [first, ...rest] = children;
      operands.unshift(...rest);
      if (first?.type === 'list') current = first;
      else {
        if (first) operands.unshift(first);
        current = undefined;
      }
    }
    if (operands.length === 0) return undefined;
    let last = this.walk(operands[0], scope, context, stdin, depth + 1);
    if (operands.length === 1) return last;
    const maybe = forkScope(scope);
    for (const next of operands.slice(1)) last = this.walk(next, maybe, context, stdin, depth + 1) ?? last;
    merge(scope, maybe, context);
    return last;
  }

  /**
   * if/elif/else, case, while/until and `for ((…))`: conditions run; each branch or loop body may or may not,
   * so each is read on its own copy of the state and what it changes is afterwards unknown.
   */
  private branches(node: Node, scope: Scope, context: ReadContext, stdin: StdinSource | undefined, depth: number): Invocation | undefined {
    let last: Invocation | undefined;
    let inCondition = node.type === 'if_statement' || node.type === 'elif_clause' || node.type === 'while_statement';
    const optional: Node[] = [];
    node.children.forEach((child, index) => {
      if (!child || child.type === 'comment') return;
      if (child.type === 'then' || child.type === 'do_group') inCondition = false;
      if (!child.isNamed) return;
      if (node.type === 'case_statement' && node.fieldNameForChild(index) === 'value') this.walk(child, scope, context, undefined, depth + 1);
      else if (node.type === 'c_style_for_statement' && child.type !== 'do_group' && child.type !== 'compound_statement') {
        this.walk(child, scope, context, undefined, depth + 1);
        this.arithmetic(child, scope, context, depth);
      } else if (inCondition) last = this.walk(child, scope, context, stdin, depth + 1) ?? last;
      else optional.push(child);
    });
    // Statements of the then-branch are siblings in the grammar: read them together on one copy.
    const groups: Node[][] = [];
    for (const child of optional) {
      const own = ['elif_clause', 'else_clause', 'case_item', 'do_group', 'compound_statement'].includes(child.type);
      if (own || groups.length === 0 || groups[groups.length - 1].some((n) => ['elif_clause', 'else_clause', 'case_item'].includes(n.type)))
        groups.push([child]);
      else groups[groups.length - 1].push(child);
    }
    for (const group of groups) {
      const maybe = forkScope(scope);
      for (const child of group) {
        last =
          (child.type === 'elif_clause'
            ? this.branches(child, maybe, context, stdin, depth + 1)
            : this.walk(child, maybe, context, stdin, depth + 1)) ?? last;
      }
      merge(scope, maybe, context);
    }
    return last;
  }

  /**
   * `for d in src lib; do rm -rf $d; done`: over literal values the body surely runs once per value, in order,
   * in this shell, so targets are named and a `cd` in it holds afterwards. Over anything else (`$(ls)`, globs,
   * `select`) it may run any number of times: read once, with what it changes unknown afterwards.
   */
  private forLoop(node: Node, scope: Scope, context: ReadContext, stdin: StdinSource | undefined, depth: number): Invocation | undefined {
    this.walkSubstitutions(node, scope, context, depth, 'body');
    const body = node.childForFieldName('body');
    const variable = node.childForFieldName('variable')?.text;
    if (!body || !variable) return undefined;
    const wordContext = this.wordContext(scope);
    const values = node
      .childrenForFieldName('value')
      .filter((v): v is Node => v !== null)
      .flatMap((v) => expandWord(v, wordContext));
    const select = node.children[0]?.type === 'select';
    const literal = !select && values.length > 0 && values.length <= 16 && values.every((v) => !v.dynamic && !v.glob);
    if (!literal) {
      const maybe = forkScope(scope);
      maybe.vars.set(variable, null);
      const last = this.walk(body, maybe, context, stdin, depth + 1);
      merge(scope, maybe, context);
      return last;
    }
    let last: Invocation | undefined;
    for (const value of values) {
      scope.vars.set(variable, value.text);
      last = this.walk(body, scope, context, stdin, depth + 1) ?? last;
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
    const fds = new Map<string, StdinSource>();
    for (const redirect of node.childrenForFieldName('redirect')) {
      if (!redirect) continue;
      this.walkSubstitutions(redirect, scope, context, depth);
      const found = this.redirect(redirect, scope, context, depth, fds);
      if (found.stdin) input = found.stdin;
      redirects.push(...found.outputs);
      afterwards.push(...found.afterwards);
    }
    let last: Invocation | undefined;
    if (body?.type === 'command') {
      // tree-sitter-bash drops a lone `-` written just before a heredoc (`kubectl apply -f - <<EOF`): put it back.
      const firstRedirect = node.childrenForFieldName('redirect').find((r) => r !== null);
      const gap = firstRedirect ? node.text.slice(body.endIndex - node.startIndex, firstRedirect.startIndex - node.startIndex) : '';
      last = this.command(body, scope, context, input, redirects, depth + 1, gap.trim() === '-' ? ['-'] : [], fds);
    } else if (body) {
      last = this.walk(body, scope, context, input, depth + 1);
      // `{ …; } > f`, `a | b > f`: the file receives the compound's output.
      if (redirects.length > 0) last = this.emit(syntheticRedirect(redirects, node.text, scope, COMPOUND_OUTPUT), scope, context) ?? last;
    } else if (redirects.length > 0) {
      // `> file` alone: bash opens (and empties) the file and runs nothing.
      last = this.emit(syntheticRedirect(redirects, node.text, scope, ':'), scope, context);
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
    fds: Map<string, StdinSource>,
  ): { stdin?: StdinSource; outputs: OutputRedirect[]; afterwards: { node: Node; pipe: boolean }[] } {
    const outputs: OutputRedirect[] = [];
    const afterwards: { node: Node; pipe: boolean }[] = [];
    const wordContext = this.wordContext(scope);
    let stdin: StdinSource | undefined;
    if (node.type === 'heredoc_redirect') {
      let bodyText = '';
      const quotedDelimiter = /['"\\]/.test(node.namedChildren.find((c) => c?.type === 'heredoc_start')?.text ?? '');
      node.children.forEach((child, index) => {
        if (!child) return;
        const field = node.fieldNameForChild(index);
        if (child.type === 'heredoc_body') {
          if (!quotedDelimiter) this.walkSubstitutions(child, scope, context, depth);
          bodyText = quotedDelimiter ? child.text : expandHeredoc(child, this.wordContext(scope));
        } else if (field === 'redirect') outputs.push(...this.redirect(child, scope, context, depth, fds).outputs);
        else if (child.isNamed && !['heredoc_start', 'heredoc_end', 'heredoc_content'].includes(child.type)) {
          afterwards.push({ node: child, pipe: child.type === 'pipeline' || field !== 'right' });
        }
      });
      stdin = { kind: 'text', text: bodyText, origin: 'heredoc' };
    } else if (node.type === 'herestring_redirect') {
      const word = node.namedChildren.find((c) => c && c.type !== 'file_descriptor');
      if (word) {
        const value = evaluateWord(word, wordContext);
        stdin = value.dynamic
          ? { kind: 'opaque', origin: `here-string ${word.text.slice(0, 60)}` }
          : { kind: 'text', text: value.text, origin: 'here-string' };
      }
    } else if (node.type === 'file_redirect') {
      const destination = node.childForFieldName('destination') ?? node.namedChildren.find((c) => c && c.type !== 'file_descriptor') ?? null;
      const operator = node.children.find((c) => c && !c.isNamed)?.text ?? '>';
      const descriptor = node.namedChildren.find((c) => c?.type === 'file_descriptor')?.text;
      if (destination) {
        const value = evaluateWord(destination, wordContext);
        let input: StdinSource | undefined;
        if (operator === '<' && isLiftedInput(destination.text)) input = this.liftedInput(destination.text, scope, context, depth);
        else if (operator === '<' && destination.type === 'process_substitution') {
          const output = this.processOutputs.get(destination.text);
          input =
            output !== undefined
              ? { kind: 'text', text: output, origin: destination.text.slice(0, 60) }
              : { kind: 'opaque', origin: destination.text.slice(0, 60) };
        } else if (operator === '<')
          input = value.dynamic
            ? { kind: 'opaque', origin: `file ${value.text}` }
            : { kind: 'file', path: resolvePath(scope.cwd, value.text, context.home) };
        else if (operator === '<&' && /^\d+$/.test(value.text))
          input = fds.get(value.text) ?? scope.fds.get(value.text) ?? { kind: 'opaque', origin: `descriptor ${value.text}` };
        else if (!operator.includes('&') || !/^\d+$|^-$/.test(value.text)) outputs.push({ operator, target: value.text, dynamic: value.dynamic });
        if (input && (descriptor === undefined || descriptor === '0')) stdin = input;
        else if (input && descriptor) fds.set(descriptor, input);
      }
    }
    return { stdin, outputs, afterwards };
  }

  /** A heredoc or here-string the source preparation lifted out: read it as bash would expand it. */
  private liftedInput(placeholder: string, scope: Scope, context: ReadContext, depth: number): StdinSource {
    const input = this.lifted.get(placeholder)!;
    if (input.kind === 'heredoc' && input.quoted) return { kind: 'text', text: input.text, origin: 'heredoc' };
    // Read as the argument of a command, a shape the grammar reads well; its substitutions run first.
    let word = input.text;
    if (input.kind === 'heredoc') {
      const prepared = heredocAsDoubleQuoted(input.text, () => this.liftedCount++);
      for (const [name, nested] of prepared.inputs) this.lifted.set(name, nested);
      word = prepared.text;
    }
    const tree = this.parser.parse(`: ${word}`);
    try {
      const command = findNode(tree.rootNode, 'command');
      const argument = command?.namedChildren[1];
      if (!command || !argument) return { kind: 'opaque', origin: input.kind };
      this.walkSubstitutions(command, scope, context, depth);
      const value = evaluateWord(argument, this.wordContext(scope));
      if (input.kind === 'heredoc') return { kind: 'text', text: value.text, origin: 'heredoc' };
      return value.dynamic
        ? { kind: 'opaque', origin: `here-string ${input.text.slice(0, 60)}` }
        : { kind: 'text', text: value.text, origin: 'here-string' };
    } finally {
      tree.delete();
    }
  }

  private command(
    node: Node,
    scope: Scope,
    context: ReadContext,
    stdin: StdinSource | undefined,
    outerRedirects: OutputRedirect[],
    depth: number,
    trailingWords: string[] = [],
    outerFds: Map<string, StdinSource> = new Map(),
  ): Invocation | undefined {
    const assignments: Record<string, string> = {};
    const unknownAssignments = new Set<string>();
    const words: WordValue[] = [];
    const redirects = [...outerRedirects];
    const afterwards: { node: Node; pipe: boolean }[] = [];
    const fds = new Map(outerFds);
    let input = stdin;
    // Substitutions in the words read the command's own stdin (`… | eval "$(cat)"`).
    this.walkSubstitutions(node, scope, context, depth, undefined, stdin);
    const wordContext: WordContext = {
      ...this.wordContext(scope),
      variable: (name) => (unknownAssignments.has(name) ? null : (assignments[name] ?? scope.vars.get(name))),
    };
    for (const child of node.namedChildren) {
      if (!child) continue;
      if (child.type === 'variable_assignment') {
        const name = child.childForFieldName('name')?.text;
        const value = child.childForFieldName('value');
        const evaluated = value ? evaluateWord(value, wordContext) : { text: '', dynamic: false };
        if (name && evaluated.dynamic) unknownAssignments.add(name);
        else if (name) assignments[name] = evaluated.text;
        if (name === 'IFS') this.incomplete.add('the command changes IFS, so how bash splits words cannot be predicted');
      } else if (child.type === 'file_redirect' || child.type === 'herestring_redirect' || child.type === 'heredoc_redirect') {
        const found = this.redirect(child, scope, context, depth, fds);
        if (found.stdin) input = found.stdin;
        redirects.push(...found.outputs);
        afterwards.push(...found.afterwards);
      } else if (child.type === 'subshell' || child.type === 'compound_statement') {
        // Only `coproc ( … )` puts a compound command among a command's words; it runs.
        this.walk(child, child.type === 'subshell' ? forkScope(scope) : scope, context, undefined, depth + 1);
      } else if (child.type !== 'comment') {
        this.assignDefaults(child, scope, wordContext);
        words.push(...expandWord(child, wordContext));
      }
    }
    if (words.length === 0) {
      for (const [name, value] of Object.entries(assignments)) scope.vars.set(name, value);
      for (const name of unknownAssignments) scope.vars.set(name, null);
      if (redirects.length > 0) return this.emit(syntheticRedirect(redirects, node.text, scope, ':'), scope, context);
      return undefined;
    }
    words.push(...trailingWords.map((text) => ({ text, dynamic: false, glob: false })));
    // A reserved word is never a command's name: the grammar misread a compound command (`! { rm -rf x; }`,
    // `time for …; do rm -rf x; done`) and hands over its keyword as a word. The words after it run.
    const written = node.namedChildren.find((c) => c?.type === 'command_name')?.text;
    while (words.length > 0 && RESERVED_WORDS.has(words[0].text) && written === words[0].text) words.shift();
    if (words.length === 0) return undefined;
    // zsh runs `=rm` as the path of rm; for bash it is a command that does not exist, so reading it as rm errs safe.
    if (/^=[\w.+-]+$/.test(words[0].text) && !words[0].dynamic) words[0] = { ...words[0], text: words[0].text.slice(1) };
    // `/bin/r? -rf x`: the shell expands a pattern in the command name to the files it matches.
    if (words[0].glob && !words[0].dynamic) words.splice(0, 1, ...expandProgramGlob(words[0], scope.cwd));
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
    // `exec 3<<EOF` with no command opens the descriptor for the rest of the script.
    if (words.length === 1 && words[0].text === 'exec') for (const [fd, source] of fds) scope.fds.set(fd, source);
    const invocation: Invocation = {
      argv: words.map((w) => w.text),
      dynamic: words.map((w) => w.dynamic),
      glob: words.map((w) => w.glob),
      program: programName(words[0].text),
      assignments,
      env: { ...Object.fromEntries(this.selections), ...knownVariables(scope.vars), ...assignments },
      cwd: scope.cwd,
      stdin: input,
      redirects,
      text: node.text,
      via: scope.via,
      remoteHost: scope.remoteHost,
      environmentHints: scope.hints,
    };
    applyBuiltin(invocation, scope, context, this.builtinState());
    let last = this.emit(invocation, scope, context);
    if (!invocation.dynamic[0]) this.callFunction(invocation, scope, context);
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
        const vars = new Map(scope.vars);
        for (const [name, value] of Object.entries({ ...Object.fromEntries(this.selections), ...invocation.assignments, ...expansion.env }))
          vars.set(name, value);
        const inner: Scope = {
          cwd: expansion.cwd ?? invocation.cwd,
          previousCwd: scope.previousCwd,
          dirStack: scope.dirStack,
          vars: expansion.inShell ? scope.vars : vars,
          fds: scope.fds,
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
          const innerInvocation: Invocation = {
            ...invocation,
            argv: expansion.argv,
            dynamic: expansion.dynamic ?? expansion.argv.map((_, i) => invocation.dynamic[i + offset] ?? false),
            glob: expansion.argv.map((_, i) => invocation.glob[i + offset] ?? false),
            program: programName(expansion.argv[0]),
            env: knownVariables(vars),
            cwd: inner.cwd,
            stdin: innerStdin,
            via: inner.via,
            remoteHost: inner.remoteHost,
            environmentHints: inner.hints,
          };
          if (expansion.inShell) applyBuiltin(innerInvocation, inner, context, this.builtinState());
          this.emit(innerInvocation, inner, context);
        }
        // `eval cd x`, `source env.sh`, `command cd x`: the calling shell moved.
        if (expansion.inShell) {
          scope.cwd = inner.cwd;
          scope.previousCwd = inner.previousCwd;
          scope.dirStack = inner.dirStack;
        }
      }
    }
    return invocation;
  }

  private assign(node: Node, scope: Scope, context: ReadContext, depth: number): void {
    this.walkSubstitutions(node, scope, context, depth);
    const name = node.childForFieldName('name')?.text;
    const value = node.childForFieldName('value');
    if (!name) return;
    if (name === 'IFS') this.incomplete.add('the command changes IFS, so how bash splits words cannot be predicted');
    const wordContext = this.wordContext(scope);
    const evaluated = value ? evaluateWord(value, wordContext) : { text: '', dynamic: false };
    // `X+=…` appends.
    const append = /^[^=]*\+=/.test(node.text);
    const before = scope.vars.get(name);
    if (evaluated.dynamic || (append && before === null)) scope.vars.set(name, null);
    else {
      const text = append ? (before ?? '') + evaluated.text : evaluated.text;
      scope.vars.set(name, text.length > MAX_VALUE_LENGTH ? null : text);
    }
    if (value?.type === 'arithmetic_expansion' || value?.type === 'array') scope.vars.set(name, null);
  }

  /** `export A=1 B=$(…)`, `declare -n ref=X`: the same as assignments, with a nameref holding no value. */
  private declaration(node: Node, scope: Scope, context: ReadContext, depth: number): void {
    const nameref = node.namedChildren.some((c) => c?.type === 'word' && /^-[a-zA-Z]*n/.test(c.text));
    for (const child of node.namedChildren) {
      if (child?.type !== 'variable_assignment') continue;
      this.assign(child, scope, context, depth);
      const name = child.childForFieldName('name')?.text;
      if (nameref && name) scope.vars.set(name, null);
    }
    this.walkSubstitutions(node, scope, context, depth);
  }

  /** `unset X` makes X unset again, so `${X:-default}` takes the default; `unset -f f` forgets a function. */
  private unset(node: Node, scope: Scope, context: ReadContext, depth: number): void {
    this.walkSubstitutions(node, scope, context, depth);
    const functionsOnly = node.namedChildren.some((c) => c?.type === 'word' && c.text === '-f');
    for (const child of node.namedChildren) {
      if (!child || child.text.startsWith('-')) continue;
      const value = child.type === 'variable_name' ? { text: child.text, dynamic: false } : evaluateWord(child, this.wordContext(scope));
      if (functionsOnly) this.functions.delete(value.text);
      else if (value.dynamic) this.incomplete.add('the command unsets a variable named only at run time');
      else scope.vars.delete(value.text);
    }
  }

  /** `(( x = 1 ))`, `$(( i++ ))`: variables an arithmetic expression assigns. */
  private arithmetic(node: Node, scope: Scope, context: ReadContext, depth: number): void {
    this.walkSubstitutions(node, scope, context, depth);
    for (const variable of assignedInArithmetic(node.text)) scope.vars.set(variable, null);
  }

  /** `${X:=default}` assigns the default when X is unset (`: ${X:=rm}; $X -rf src`). */
  private assignDefaults(node: Node, scope: Scope, wordContext: WordContext): void {
    const stack: Node[] = [node];
    while (stack.length > 0) {
      const current = stack.pop()!;
      if (current.type === 'expansion') {
        const match = /^\$\{([A-Za-z_][A-Za-z0-9_]*)(:?)=/.exec(current.text);
        const before = match ? scope.vars.get(match[1]) : undefined;
        if (match && before !== null && (before === undefined || (match[2] === ':' && before === ''))) {
          const value = evaluateWord(current, wordContext);
          scope.vars.set(match[1], value.dynamic ? null : value.text);
        }
      }
      if (current.type !== 'command_substitution') for (const child of current.namedChildren) if (child) stack.push(child);
    }
  }

  private defineFunction(node: Node): void {
    const name = node.childForFieldName('name')?.text;
    const body = node.childForFieldName('body');
    if (!name || !body) return;
    this.functions.set(name, { text: body.text, subshell: body.type === 'subshell' });
    this.calledFunctions.delete(name);
  }

  /** A call of a function defined earlier runs its body here, with the call's words as `$1`, `$2`, …. */
  private callFunction(invocation: Invocation, scope: Scope, context: ReadContext): void {
    const name = invocation.argv[0];
    const body = this.functions.get(name);
    if (!body || this.activeFunctions.has(name)) return;
    if (this.activeFunctions.size >= READ_LIMITS.maxExpansionDepth) {
      this.incomplete.add(`functions call one another deeper than ${READ_LIMITS.maxExpansionDepth} levels`);
      return;
    }
    this.calledFunctions.add(name);
    this.activeFunctions.add(name);
    const callScope = body.subshell ? forkScope(scope) : scope;
    const saved = POSITIONAL.map((p) => [p, callScope.vars.get(p)] as const);
    setPositional(callScope, invocation.argv.slice(1), invocation.dynamic.slice(1).some(Boolean));
    try {
      this.readSource(body.text, callScope, context, invocation.stdin, false);
    } finally {
      this.activeFunctions.delete(name);
      for (const [p, value] of saved) {
        if (value === undefined) callScope.vars.delete(p);
        else callScope.vars.set(p, value);
      }
    }
  }

  /** Command substitutions run before the command that holds them; read them first. */
  private walkSubstitutions(node: Node, scope: Scope, context: ReadContext, depth: number, skipField?: string, stdin?: StdinSource): void {
    const stack: Node[] = [];
    node.namedChildren.forEach((child, index) => {
      if (child && (!skipField || node.fieldNameForChild(index) !== skipField)) stack.push(child);
    });
    while (stack.length > 0) {
      const current = stack.pop()!;
      if (current.type === 'command_substitution' || current.type === 'process_substitution') {
        const last = this.walk(current, scope, context, current.type === 'command_substitution' ? stdin : undefined, depth + 1);
        this.rememberOutput(current, last, context.home);
      } else if (!SUBSTITUTION_WALK_STOPS.has(current.type)) {
        for (const child of current.namedChildren) if (child) stack.push(child);
      }
    }
  }

  /** `$(cat <<EOF …)`, `<(echo …)`: when a substitution is one command that prints known text, keep it. */
  private rememberOutput(node: Node, last: Invocation | undefined, home: string): void {
    const statements = node.namedChildren.filter((c) => c && c.type !== 'comment');
    if (!last || statements.length !== 1) return;
    const made = temporaryPath(last);
    if (made !== undefined && node.type === 'command_substitution') {
      this.outputs.set(node.id, made);
      return;
    }
    const printed = producedText(last, this.readText, home, 0);
    if (!printed?.known) return;
    if (node.type === 'command_substitution') this.outputs.set(node.id, printed.text.replace(/\n+$/, ''));
    else this.processOutputs.set(node.text, printed.text);
  }

  /** What builtins may change besides the scope (see shellBuiltins.ts). */
  private builtinState(): BuiltinState {
    return { selections: this.selections, aliases: this.aliases, functions: this.functions, incomplete: this.incomplete };
  }

  private wordContext(scope: Scope): WordContext {
    return { variable: (name) => scope.vars.get(name), output: (node) => this.outputs.get(node.id) };
  }
}

const RESERVED_WORDS = new Set([
  '!',
  '{',
  '}',
  'do',
  'done',
  'then',
  'else',
  'elif',
  'fi',
  'if',
  'while',
  'until',
  'for',
  'in',
  'case',
  'esac',
  'select',
  'function',
  '[[',
  ']]',
]);

/**
 * What `mktemp` prints: a new name in the temp folder (`$TMPDIR`, else /tmp), or in the folder `-p`/`--tmpdir`
 * names; a bare template without -t/-p is made in the working directory. The X's stay as they are.
 */
function temporaryPath(inv: Invocation): string | undefined {
  if (inv.program !== 'mktemp' || inv.dynamic.some(Boolean)) return undefined;
  const args = inv.argv.slice(1);
  let directory: string | undefined;
  let template: string | undefined;
  let inTemp = false;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '-p' || arg === '--tmpdir') directory = args[++i];
    else if (arg.startsWith('--tmpdir=')) directory = arg.slice(9);
    else if (arg === '--tmpdir' || arg === '-t') inTemp = true;
    else if (arg === '--suffix') i++;
    else if (!arg.startsWith('-')) template = arg;
  }
  const tmp = inv.env.TMPDIR || '/tmp';
  if (template === undefined) return path.join(directory ?? tmp, 'tmp.XXXXXXXXXX');
  if (directory !== undefined || inTemp) return path.join(directory ?? tmp, template);
  return path.resolve(inv.cwd, template);
}

/** The files a glob in a command name matches, in bash's order; the word as written when none does. */
function expandProgramGlob(word: WordValue, cwd: string): WordValue[] {
  const absolute = path.resolve(cwd, word.text);
  const segments = absolute.split('/').filter(Boolean);
  let candidates = ['/'];
  for (const segment of segments) {
    const next: string[] = [];
    for (const dir of candidates) {
      if (!/[*?[]/.test(segment)) {
        next.push(path.join(dir, segment));
        continue;
      }
      try {
        for (const entry of readdirSync(dir).sort()) if (minimatch(entry, segment)) next.push(path.join(dir, entry));
      } catch {
        // unreadable: nothing matches there
      }
    }
    candidates = next.slice(0, 64);
    if (candidates.length === 0) return [word];
  }
  const found = candidates.filter((c) => existsSync(c));
  return found.length ? found.map((text) => ({ text, dynamic: false, glob: false })) : [word];
}

function findNode(root: Node, type: string): Node | undefined {
  const stack: Node[] = [root];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (node.type === type) return node;
    for (const child of node.namedChildren) if (child) stack.push(child);
  }
  return undefined;
}

function hasUnbalancedQuote(source: string): boolean {
  const unescaped = source.replace(/\\./gs, '');
  return (unescaped.match(/'/g)?.length ?? 0) % 2 === 1 || (unescaped.match(/"/g)?.length ?? 0) % 2 === 1;
}
