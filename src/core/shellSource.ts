// Prepares command text for the bash grammar. tree-sitter-bash misreads heredocs in common shapes
// (`cat <<EOF; next`, `cat <<EOF > f | sh`, two heredocs on one line, `E"O"F` or `0<<EOF`), misreads a
// here-string written after another redirect (`cat > f <<< text`), and takes a backslash-newline inside a
// word for a word break where bash joins the halves (`r\⏎m -rf src` runs rm). So this pass first does what
// bash's own lexer does: it drops line continuations and lifts heredoc bodies and here-strings out of the
// text, leaving `< name` in their place; the reader looks the name up to learn what reaches stdin. It also
// writes backquotes as `$(…)` (the grammar does not nest escaped backquotes) and indents a line that starts
// with a backslash (the grammar glues it onto the line before). Text it cannot follow (an unterminated quote)
// is handed back unchanged, and the grammar reports it.

export interface LiftedInput {
  kind: 'heredoc' | 'herestring';
  /** Heredoc: the body as written (leading tabs already stripped for `<<-`). Here-string: the word as written. */
  text: string;
  /** The heredoc delimiter was quoted (`<<'EOF'`): bash takes the body literally. */
  quoted: boolean;
}

export interface PreparedSource {
  text: string;
  /** Placeholder file name → the heredoc or here-string it stands for. */
  inputs: Map<string, LiftedInput>;
}

/** How a lifted heredoc or here-string reads in the prepared text (and in what the approval view shows). */
const PLACEHOLDER = /^__(heredoc|here_string)_\d+__$/;

export function isLiftedInput(name: string): boolean {
  return PLACEHOLDER.test(name);
}

/** Characters that end an unquoted word. */
const METACHARACTER = /[ \t\n;&|()<>]/;

class Unterminated extends Error {}

export function prepareSource(source: string, nextId: () => number): PreparedSource {
  // Nothing to prepare: no heredoc or here-string, backquote, line continuation, line-leading backslash or `0<`.
  if (!/<<|`|\\\r?\n|\n\\|(^|\s)0</.test(source)) return { text: source, inputs: new Map() };
  const lexer = new Lexer(source, nextId);
  try {
    lexer.commands(null);
    if (lexer.pending.length > 0) lexer.readBodies();
    return { text: lexer.out.join(''), inputs: lexer.inputs };
  } catch (error) {
    // Unterminated text, or nesting deeper than the call stack: the grammar reads it as written.
    if (error instanceof Unterminated || error instanceof RangeError) return { text: source, inputs: new Map() };
    throw error;
  }
}

/**
 * An unquoted heredoc body as a double-quoted word: the same expansions (`$X`, `${…}`, `$(…)`, backquotes,
 * `$((…))`), with the body's own `"` made literal. The grammar reads such a word well, where it misreads
 * heredoc bodies (one starting with a backslash is lost). A body it cannot follow is taken as plain text.
 */
export function heredocAsDoubleQuoted(body: string, nextId: () => number): PreparedSource {
  const lexer = new Lexer(body, nextId);
  try {
    lexer.heredocBody();
    return { text: `"${lexer.out.join('')}"`, inputs: lexer.inputs };
  } catch (error) {
    if (!(error instanceof Unterminated || error instanceof RangeError)) throw error;
    return { text: `'${body.replace(/'/g, `'\\''`)}'`, inputs: new Map() };
  }
}

interface PendingHeredoc {
  placeholder: string;
  delimiter: string;
  quoted: boolean;
  stripTabs: boolean;
}

class Lexer {
  pos = 0;
  readonly out: string[] = [];
  readonly inputs = new Map<string, LiftedInput>();
  readonly pending: PendingHeredoc[] = [];
  /** Inside `$(…)` or `<(…)`: there bash also ends a heredoc at its delimiter followed by the closing `)`. */
  private substitutionDepth = 0;

  constructor(
    private readonly src: string,
    private readonly nextId: () => number,
  ) {}

  private peek(offset = 0): string {
    return this.src[this.pos + offset] ?? '';
  }

  private copy(count = 1): void {
    this.out.push(this.src.slice(this.pos, this.pos + count));
    this.pos += count;
  }

  /** The body of an unquoted heredoc, written out as the inside of a double-quoted word. */
  heredocBody(): void {
    while (this.pos < this.src.length) {
      const c = this.peek();
      if (c === '\\' && this.peek(1) === '"') {
        // In a heredoc `\"` is two characters; in double quotes that is `\\\"`.
        this.out.push('\\\\\\"');
        this.pos += 2;
      } else if (c === '\\' && this.peek(1) === '\n') this.pos += 2;
      else if (c === '\\') this.copy(2);
      else if (c === '"') {
        this.out.push('\\"');
        this.pos++;
      } else if (c === '$' || c === '`') this.dollarOrBackquote(true);
      else this.copy();
    }
  }

  /** Command text, up to the `)` that closes it when nested. */
  commands(close: ')' | null): void {
    let depth = 0;
    while (this.pos < this.src.length) {
      const c = this.peek();
      if (close === ')' && c === ')' && depth === 0) return;
      if (this.quotedOrExpanded(c)) continue;
      if (c === '#' && this.atWordStart()) {
        while (this.pos < this.src.length && this.peek() !== '\n') this.copy();
      } else if (c === '(' && this.peek(1) === '(') {
        this.arithmetic(2);
      } else if ((c === '<' || c === '>') && this.peek(1) === '(') {
        this.copy(2);
        this.nested();
      } else if (c === '<' && this.peek(1) === '<' && this.peek(2) === '<') {
        this.hereString();
      } else if (c === '<' && this.peek(1) === '<') {
        this.heredoc();
      } else if (c === '<' && this.stdinDescriptorBefore()) {
        // `0< file` is `< file`; the grammar reads a `0` before `<` as an argument.
        this.out.pop();
        this.copy();
      } else if (c === '\n') {
        this.copy();
        if (this.pending.length > 0) this.readBodies();
        // The grammar glues a line that starts with a backslash (`\rm -rf x`) onto the line before as one
        // more argument; an indent keeps it a command of its own.
        if (this.peek() === '\\') this.out.push(' ');
      } else {
        if (c === '(') depth++;
        if (c === ')') depth--;
        this.copy();
      }
    }
    if (close !== null) throw new Unterminated();
  }

  /** `$(…)`, `<(…)`: parsed on their own, so their heredocs are read at their own newlines, not the outer ones'. */
  private nested(): void {
    const outer = this.pending.splice(0);
    this.substitutionDepth++;
    this.commands(')');
    this.substitutionDepth--;
    this.pending.unshift(...outer);
    this.copy();
  }

  private atWordStart(): boolean {
    return this.pos === 0 || METACHARACTER.test(this.src[this.pos - 1]);
  }

  /** The last thing written is a lone `0` (an fd number) right before `<`. */
  private stdinDescriptorBefore(): boolean {
    const last = this.out[this.out.length - 1];
    const before = this.out[this.out.length - 2] ?? '';
    return last === '0' && (this.out.length === 1 || /\s$/.test(before));
  }

  private single(): void {
    const end = this.src.indexOf("'", this.pos + 1);
    if (end < 0) throw new Unterminated();
    this.copy(end + 1 - this.pos);
  }

  /** After the opening `"`: up to and including the closing one. */
  private double(): void {
    while (this.pos < this.src.length) {
      const c = this.peek();
      if (c === '"') {
        this.copy();
        return;
      }
      if (c === '\\') {
        if (this.peek(1) === '\n') this.pos += 2;
        else this.copy(2);
      } else if (c === '$' || c === '`') {
        this.dollarOrBackquote(true);
      } else {
        this.copy();
      }
    }
    throw new Unterminated();
  }

  /** `$…` and backquotes; inside double quotes `$'` and `$"` are plain text. */
  private dollarOrBackquote(inDouble = false): void {
    const c = this.peek();
    const next = this.peek(1);
    if (c === '`') {
      this.backquoted();
    } else if (inDouble && (next === "'" || next === '"')) {
      this.copy();
    } else if (next === '[') {
      // `$[1<<2]`, the old arithmetic form: `<<` in it is a shift.
      this.copy();
      this.bracketArithmetic();
    } else if (next === "'") {
      // $'…': backslash escapes, no expansions; a backslash-newline stays as it is.
      this.copy(2);
      while (this.pos < this.src.length && this.peek() !== "'") this.copy(this.peek() === '\\' ? 2 : 1);
      if (this.pos >= this.src.length) throw new Unterminated();
      this.copy();
    } else if (next === '"') {
      this.copy(2);
      this.double();
    } else if (next === '(' && this.peek(2) === '(') {
      this.copy();
      this.arithmetic(2);
    } else if (next === '(') {
      this.copy(2);
      this.nested();
    } else if (next === '{') {
      this.copy(2);
      this.parameter();
    } else {
      this.copy();
    }
  }

  /**
   * `` `cmd` `` as `$(cmd)`: inside backquotes a backslash before `` ` ``, `$` or `\` stands for that character,
   * which is how backquotes nest (`` `echo \`rm -rf x\`` ``); the grammar does not follow that, `$(…)` it does.
   */
  private backquoted(): void {
    let end = this.pos + 1;
    while (end < this.src.length && this.src[end] !== '`') end += this.src[end] === '\\' ? 2 : 1;
    if (end >= this.src.length) throw new Unterminated();
    const inner = this.src.slice(this.pos + 1, end).replace(/\\([`$\\])/g, '$1');
    this.pos = end + 1;
    const lexer = new Lexer(inner, this.nextId);
    lexer.commands(null);
    if (lexer.pending.length > 0) lexer.readBodies();
    for (const [name, input] of lexer.inputs) this.inputs.set(name, input);
    this.out.push(`$(${lexer.out.join('')})`);
  }

  /** After `${`: up to the matching `}`. */
  private parameter(): void {
    while (this.pos < this.src.length) {
      const c = this.peek();
      if (c === '}') {
        this.copy();
        return;
      }
      if (!this.quotedOrExpanded(c)) this.copy();
    }
    throw new Unterminated();
  }

  /** Copies a backslash escape, a quoted string or an expansion starting at `c`; false when `c` starts none. */
  private quotedOrExpanded(c: string): boolean {
    if (c === '\\') {
      if (this.peek(1) === '\n') this.pos += 2;
      else this.copy(2);
    } else if (c === "'") {
      this.single();
    } else if (c === '"') {
      this.copy();
      this.double();
    } else if (c === '$' || c === '`') {
      this.dollarOrBackquote();
    } else {
      return false;
    }
    return true;
  }

  private bracketArithmetic(): void {
    let depth = 0;
    do {
      const c = this.peek();
      if (c === '[') depth++;
      else if (c === ']') depth--;
      if (c === '$' || c === '`') this.dollarOrBackquote();
      else this.copy();
    } while (depth > 0 && this.pos < this.src.length);
    if (depth > 0) throw new Unterminated();
  }

  /** `((…))` and `$((…))`: `<<` in there is a shift, not a heredoc. */
  private arithmetic(opening: number): void {
    this.copy(opening);
    let depth = opening;
    while (this.pos < this.src.length && depth > 0) {
      const c = this.peek();
      if (c === '\\' && this.peek(1) === '\n') {
        this.pos += 2;
        continue;
      }
      if (c === '$' || c === '`' || c === '"' || c === "'") {
        if (c === '"') {
          this.copy();
          this.double();
        } else if (c === "'") this.single();
        else this.dollarOrBackquote();
        continue;
      }
      if (c === '(') depth++;
      if (c === ')') depth--;
      this.copy();
    }
    if (depth > 0) throw new Unterminated();
  }

  private placeholder(input: LiftedInput): string {
    const name = `__${input.kind === 'heredoc' ? 'heredoc' : 'here_string'}_${this.nextId()}__`;
    this.inputs.set(name, input);
    if (this.stdinDescriptorBefore()) this.out.pop();
    this.out.push(`< ${name}`);
    return name;
  }

  private hereString(): void {
    this.pos += 3;
    while (this.peek() === ' ' || this.peek() === '\t') this.pos++;
    const start = this.pos;
    const mark = this.out.length;
    this.word();
    const text = this.out.splice(mark).join('');
    if (this.pos === start) {
      // `<<<` with no word: bash rejects it; leave it to the grammar to report.
      this.out.push('<<<');
      return;
    }
    this.placeholder({ kind: 'herestring', text, quoted: false });
  }

  /** One shell word (quotes, expansions), written to the output; stops at an unquoted metacharacter. */
  private word(): void {
    while (this.pos < this.src.length) {
      const c = this.peek();
      if (METACHARACTER.test(c)) return;
      if (c === '\\') {
        if (this.peek(1) === '\n') this.pos += 2;
        else this.copy(2);
      } else if (c === "'") this.single();
      else if (c === '"') {
        this.copy();
        this.double();
      } else if (c === '$' || c === '`') this.dollarOrBackquote();
      else this.copy();
    }
  }

  private heredoc(): void {
    const operatorStart = this.pos;
    this.pos += 2;
    const stripTabs = this.peek() === '-';
    if (stripTabs) this.pos++;
    while (this.peek() === ' ' || this.peek() === '\t') this.pos++;
    // The delimiter is the word after quote removal; any quoting at all makes the body literal.
    let delimiter = '';
    let quoted = false;
    while (this.pos < this.src.length && !METACHARACTER.test(this.peek())) {
      const c = this.peek();
      if (c === "'" || c === '"') {
        const end = this.src.indexOf(c, this.pos + 1);
        if (end < 0) throw new Unterminated();
        delimiter += this.src.slice(this.pos + 1, end);
        quoted = true;
        this.pos = end + 1;
      } else if (c === '$' && (this.peek(1) === "'" || this.peek(1) === '"')) {
        this.pos++;
      } else if (c === '\\') {
        delimiter += this.peek(1);
        quoted = true;
        this.pos += 2;
      } else {
        delimiter += c;
        this.pos++;
      }
    }
    if (delimiter === '' && !quoted) {
      // `<<` without a word: a syntax error bash reports; keep the text for the grammar.
      this.out.push(this.src.slice(operatorStart, this.pos));
      return;
    }
    const placeholder = this.placeholder({ kind: 'heredoc', text: '', quoted });
    this.pending.push({ placeholder, delimiter, quoted, stripTabs });
  }

  /** After the newline that ends the line: each pending heredoc's body, in order, up to its delimiter line. */
  readBodies(): void {
    for (const heredoc of this.pending.splice(0)) {
      let body = '';
      while (this.pos < this.src.length) {
        const end = this.src.indexOf('\n', this.pos);
        const lineEnd = end < 0 ? this.src.length : end;
        const raw = this.src.slice(this.pos, lineEnd);
        const line = heredoc.stripTabs ? raw.replace(/^\t+/, '') : raw;
        if (this.substitutionDepth > 0 && line.startsWith(`${heredoc.delimiter})`)) {
          // `$(cat <<EOF … EOF)`: the body ends and the `)` closes the substitution.
          this.pos = lineEnd - (line.length - heredoc.delimiter.length);
          break;
        }
        this.pos = end < 0 ? this.src.length : end + 1;
        if (line === heredoc.delimiter) break;
        body += `${line}\n`;
      }
      this.inputs.set(heredoc.placeholder, { kind: 'heredoc', text: body, quoted: heredoc.quoted });
    }
  }
}
