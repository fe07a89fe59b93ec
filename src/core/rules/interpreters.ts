// Code the reader cannot follow: scripts downloaded or decoded and piped into a shell or interpreter
// (`curl … | bash`, `bash <(curl …)`, `eval "$(curl …)"`), and inline programs (`python -c`, `node -e`,
// `perl -e`, `ruby -e`, `php -r`, `deno eval`, `osascript -e`, …) and framework consoles (`rails runner`,
// `manage.py shell -c`, `artisan tinker --execute`) whose code calls deletion APIs.
// Inline code that only reads or prints stays allowed; so do shells fed known text, which the wrapper
// layer reads again as shell.
import type { EnvironmentHint } from '../environment';
import type { Invocation } from '../invocation';
import { resolvePath } from '../shellReader';
import { stdinText } from '../stdin';
import { isRegenerable } from './files';
import { detection, type CommandRule, type Detection, type RuleContext } from './rule';

// ---------------------------------------------------------------------------------------------------------
// What a piece of code does that can destroy, per language.

type HitKind = 'files' | 'shell' | 'sql' | 'data' | 'http' | 'dynamic';

interface Pattern {
  kind: HitKind;
  /** A named group `path` captures a literal path; for `shell` and `dynamic` the call's arguments are read after the match. */
  re: RegExp;
  /** The call's arguments follow the match (`os.system(` …), to be read as a literal command or code. */
  call?: boolean;
}

interface Hit {
  kind: HitKind;
  path?: string;
}

const WHAT: Record<HitKind, string> = {
  files: 'deletes files',
  shell: 'runs shell commands that can delete',
  sql: 'runs SQL that drops or deletes data',
  data: 'deletes records or objects through a client library',
  http: 'sends HTTP DELETE requests',
  dynamic: 'runs code it only builds at runtime',
};

/** A literal first argument after `(`: the path a deletion call names. */
const LITERAL_ARG = String.raw`\s*(?:[rRbB]?['"\`](?<path>[^'"\`\n]+)['"\`])?`;
/** The same for calls that may omit parentheses (Perl, Ruby). */
const CALL_ARG = String.raw`\s*\(?` + LITERAL_ARG;

const COMMON: Pattern[] = [
  { kind: 'sql', re: /\b(DROP\s+(TABLE|DATABASE|SCHEMA|COLLECTION|VIEW|KEYSPACE)|TRUNCATE\s+(TABLE\s+)?[\w"`.]+|DELETE\s+FROM)\b/i },
  { kind: 'http', re: /method\s*[:=]\s*['"`]DELETE['"`]|-X\s*DELETE\b|--request\s*=?\s*DELETE\b/i },
  { kind: 'data', re: /\.(flushall|flushdb|flushAll|flushDb)\s*\(/ },
];

const PYTHON: Pattern[] = [
  { kind: 'files', re: new RegExp(String.raw`(?:\bos\.|(?<![\w.]))(?:remove|unlink|rmdir|removedirs)\s*\(` + LITERAL_ARG) },
  { kind: 'files', re: new RegExp(String.raw`\b(?:shutil\.)?rmtree\s*\(` + LITERAL_ARG) },
  // pathlib: `Path('x').unlink()`, `p.rmdir()`.
  { kind: 'files', re: /(?:Path\(\s*[rR]?['"](?<path>[^'"]+)['"]\s*\))?(?<!\bos)\.(?:unlink|rmdir)\s*\(/ },
  { kind: 'files', re: /\bos\.truncate\s*\(/ },
  { kind: 'shell', re: /\b(?:os\.(?:system|popen|exec\w*|spawn\w*)|subprocess\.\w+|pty\.spawn|commands\.getoutput)\s*\(/, call: true },
  { kind: 'shell', re: /(?<![\w.])(?:check_output|check_call|Popen|getoutput|getstatusoutput)\s*\(/, call: true },
  { kind: 'dynamic', re: /(?<![\w.])(?:exec|eval)\s*\(/, call: true },
  { kind: 'data', re: /\.(?:delete|delete_\w+|drop_all|drop_table|drop_database|drop_collection|truncate_table)\s*\(/ },
];

const JAVASCRIPT: Pattern[] = [
  {
    kind: 'files',
    re: new RegExp(
      String.raw`(?:\b(?:fs|fsp|fse|fsExtra|promises|Deno)|require\(\s*['"](?:node:)?fs(?:\/promises|-extra)?['"]\s*\)(?:\.promises)?)\.(?:rm|rmSync|rmdir|rmdirSync|unlink|unlinkSync|remove|removeSync|emptyDir|emptyDirSync|truncate|truncateSync)\s*\(` +
        LITERAL_ARG,
    ),
  },
  { kind: 'files', re: new RegExp(String.raw`(?<![\w.$])(?:rmSync|rmdirSync|unlinkSync|rimraf(?:\.sync)?|rimrafSync)\s*\(` + LITERAL_ARG) },
  { kind: 'files', re: /(?<![\w.$])(?:rm|rmdir|unlink)\s*\(\s*['"`](?<path>[^'"`]+)['"`]/ },
  {
    kind: 'shell',
    re: /\b(?:child_process|childProcess|cp|require\(\s*['"](?:node:)?child_process['"]\s*\))\.(?:exec\w*|spawn\w*|fork)\s*\(/,
    call: true,
  },
  { kind: 'shell', re: /(?<![\w.$])(?:execSync|execFileSync|spawnSync|execFile|spawn|exec)\s*\(/, call: true },
  { kind: 'shell', re: /\bBun\.(?:spawn|spawnSync)\s*\(/, call: true },
  { kind: 'shell', re: /(?:\bnew\s+)?\bDeno\.(?:run|Command)\s*\(/, call: true },
  // Bun Shell and zx: $`rm -rf x`.
  { kind: 'shell', re: /(?:\bBun\.|(?<![\w.]))\$`(?<args>[^`]*)`/ },
  { kind: 'dynamic', re: /(?<![\w.$])eval\s*\(|\bnew\s+Function\s*\(|\bvm\.runIn\w+\s*\(/, call: true },
  {
    kind: 'data',
    re: /\.(?:delete|deleteMany|deleteOne|delete[A-Z]\w*|dropDatabase|dropCollection|dropTable|truncate)\s*\(|\.destroy\s*\(\s*\{|\.drop\s*\(\s*\)/,
  },
];

const PERL: Pattern[] = [
  { kind: 'files', re: new RegExp(String.raw`(?<![\w$@%>:])(?:unlink|rmdir|rmtree|remove_tree)\b` + CALL_ARG) },
  { kind: 'shell', re: /(?<![\w$@%>:])(?:system|exec)\b/, call: true },
  { kind: 'shell', re: /`(?<args>[^`]*)`/ },
  { kind: 'shell', re: /\bqx\s*[({[/|!'](?<args>[^)}\]/|!']*)/ },
];

const RUBY: Pattern[] = [
  {
    kind: 'files',
    re: new RegExp(
      String.raw`\b(?:FileUtils|FU)\.(?:rm|rm_r|rm_rf|rm_f|remove|remove_dir|remove_entry|remove_entry_secure|remove_file|rmdir|rmtree|safe_unlink)\b` +
        CALL_ARG,
    ),
  },
  { kind: 'files', re: new RegExp(String.raw`\b(?:File|Dir|Pathname)\.(?:delete|unlink|rmdir)\b` + CALL_ARG) },
  { kind: 'files', re: /\.rmtree\b/ },
  { kind: 'shell', re: /(?<![\w.])(?:Kernel\.)?(?:system|exec|spawn)\b/, call: true },
  { kind: 'shell', re: /`(?<args>[^`]*)`/ },
  { kind: 'shell', re: /%x[({[|!](?<args>[^)}\]|!]*)/ },
  { kind: 'shell', re: /\bOpen3\.\w+|\bIO\.popen\b/, call: true },
  { kind: 'dynamic', re: /(?<![\w.])(?:eval|instance_eval)\b/, call: true },
  { kind: 'data', re: /\.(?:destroy_all|delete_all|destroy!?|drop_table|truncate)\b/ },
];

const PHP: Pattern[] = [
  { kind: 'files', re: new RegExp(String.raw`(?<![\w>$:])(?:unlink|rmdir)\s*\(` + LITERAL_ARG) },
  { kind: 'files', re: /\b(?:File|Storage)::(?:delete|deleteDirectory|cleanDirectory)\b/ },
  { kind: 'shell', re: /(?<![\w>$:])(?:shell_exec|exec|system|passthru|proc_open|popen|pcntl_exec)\s*\(/, call: true },
  { kind: 'shell', re: /`(?<args>[^`]*)`/ },
  { kind: 'dynamic', re: /(?<![\w>$:])eval\s*\(/, call: true },
  { kind: 'data', re: /->(?:delete|forceDelete|truncate|drop)\s*\(|::(?:truncate|destroy)\s*\(|Schema::drop(?:IfExists)?\s*\(/ },
];

const APPLESCRIPT: Pattern[] = [
  { kind: 'shell', re: /\bdo\s+shell\s+script\b/, call: true },
  { kind: 'files', re: /\bempty\s+(?:the\s+)?trash\b/i },
];

const R: Pattern[] = [
  { kind: 'files', re: new RegExp(String.raw`(?<![\w.])(?:unlink|file\.remove)\s*\(` + LITERAL_ARG) },
  { kind: 'shell', re: /(?<![\w.])(?:system2?|shell)\s*\(/, call: true },
  { kind: 'data', re: /\bdbRemoveTable\s*\(/ },
];

const LUA: Pattern[] = [
  { kind: 'files', re: new RegExp(String.raw`\bos\.remove\s*\(` + LITERAL_ARG) },
  { kind: 'shell', re: /\bos\.execute\s*\(|\bio\.popen\s*\(/, call: true },
];

const POWERSHELL: Pattern[] = [
  { kind: 'files', re: /(?<![\w-])(?:Remove-Item|ri|rm|rmdir|rd|del|erase)\b(?:\s+-[\w:$]+)*\s+['"]?(?<path>[^\s;|'"]+)?/i },
  { kind: 'files', re: /\b(?:Clear-Content|Clear-RecycleBin|Clear-Disk|Format-Volume)\b/i },
  { kind: 'data', re: /\bRemove-(?!Item\b)\w+/i },
  { kind: 'dynamic', re: /\b(?:Invoke-Expression|iex)\b/i },
];

/** Shell text inside code (`os.system('rm -rf x')`, perl backticks, `do shell script`). */
const SHELL_TEXT: Pattern[] = [
  { kind: 'files', re: /(?:^|[\s;&|('"`])(?:sudo\s+)?rm\s+(?:-{1,2}[\w-]+\s+)*(?<path>[^;&|'"`)\n]+)?/ },
  { kind: 'files', re: /(?:^|[\s;&|('"`])(?:rmdir|unlink|shred|wipefs|mkfs(?:\.\w+)?|truncate)\s/ },
  { kind: 'files', re: /\bfind\b[^;&|]*\s-delete\b|\bdd\s[^;&|]*\bof=/ },
  { kind: 'shell', re: /\bgit\s+(?:push\s[^;&|]*(?:\s-f\b|--force|\s\+\w)|reset\s+--hard|clean\s+-\w*f|branch\s+-D)/ },
  { kind: 'shell', re: /\b(?:delete|destroy|drop|purge|wipe|terminate|nuke|flushall|flushdb)\b|\b(?:volume|system)\s+prune\b/i },
  { kind: 'http', re: /-X\s*DELETE\b|--request\s*=?\s*DELETE\b|--method=DELETE\b/i },
];

function scanShellText(text: string): Hit[] {
  return scan(text, SHELL_TEXT, 'shell text', 0);
}

// ---------------------------------------------------------------------------------------------------------
// Reading call arguments: literal (we can judge them) or built at runtime (we cannot).

/** The argument text of a call whose name ends at `from`: balanced parentheses, or to the end of the statement. */
function callArguments(code: string, from: number): string {
  let i = from;
  while (i < code.length && /[ \t]/.test(code[i])) i++;
  if (code[i] !== '(') {
    const end = code.slice(i).search(/[;\n]|\s(?:and|or|if|unless)\s|&&|\|\|/);
    return code.slice(i, end < 0 ? undefined : i + end);
  }
  let depth = 0;
  let quote: string | undefined;
  for (let j = i; j < code.length && j < i + 2000; j++) {
    const c = code[j];
    if (quote) {
      if (c === '\\') j++;
      else if (c === quote) quote = undefined;
    } else if (c === '"' || c === "'" || c === '`') quote = c;
    else if (c === '(') depth++;
    else if (c === ')' && --depth === 0) return code.slice(i + 1, j);
  }
  return code.slice(i + 1, i + 2000);
}

/**
 * The literal strings of an argument list joined with spaces (`['rm', '-rf', 'x']` → `rm -rf x`), or
 * undefined when something is computed: a variable, an f-string, `${…}` or `#{…}` interpolation.
 */
function literalText(args: string): string | undefined {
  const parts: string[] = [];
  let computed = false;
  const literal = /(?<prefix>(?<!\w)[fFrRbBuU]{1,2})?(?<quote>'''|"""|['"`])(?<body>(?:\\.|(?!\k<quote>)[\s\S])*)\k<quote>/g;
  let rest = args.replace(literal, (...match) => {
    const groups = match[match.length - 1] as { prefix?: string; quote: string; body: string };
    const interpolated = /f/i.test(groups.prefix ?? '')
      ? /\{[^}]*\}/.test(groups.body)
      : groups.quote === '`'
        ? groups.body.includes('${')
        : groups.quote === '"'
          ? /#\{|\$\{|\$[A-Za-z_]/.test(groups.body)
          : false;
    if (interpolated) computed = true;
    parts.push(groups.body);
    return ` \u0000${parts.length - 1}\u0000 `;
  });
  if (computed) return undefined;
  // Keyword options (`shell=True`, `{ stdio: 'inherit' }`) say how, not what.
  rest = rest.replace(/\{[^{}]*\}/g, ' ').replace(/\b\w+\s*[=:]\s*(True|False|None|true|false|null|\d+|\w+)\b/g, ' ');
  const kept = [...rest.matchAll(/\u0000(\d+)\u0000/g)].map((m) => parts[Number(m[1])]);
  if (/[A-Za-z_$]/.test(rest.replace(/\u0000\d+\u0000/g, ' '))) return undefined;
  return kept.join(' ');
}

function scan(code: string, patterns: readonly Pattern[], language: string, depth: number): Hit[] {
  const hits: Hit[] = [];
  for (const pattern of [...patterns, ...(language === 'shell text' ? [] : COMMON)]) {
    const re = new RegExp(pattern.re.source, pattern.re.flags.includes('g') ? pattern.re.flags : `${pattern.re.flags}g`);
    for (const match of code.matchAll(re)) {
      const groups = match.groups ?? {};
      if (pattern.kind === 'shell' || pattern.kind === 'dynamic') {
        // Call patterns end at the name or at its `(`: read the arguments from the parenthesis on.
        const end = (match.index ?? 0) + match[0].length - (match[0].endsWith('(') ? 1 : 0);
        const args = groups.args ?? (pattern.call ? callArguments(code, end) : undefined);
        if (args === undefined) {
          hits.push({ kind: pattern.kind });
          continue;
        }
        const text = groups.args !== undefined ? (/\$\{|#\{|\$[A-Za-z_]/.test(args) ? undefined : args) : literalText(args);
        if (text === undefined) {
          // Computed: only runtime knows what it runs.
          hits.push({ kind: pattern.kind === 'shell' ? 'shell' : 'dynamic' });
        } else if (depth < 3) {
          // A literal command or program: judge what it says.
          const inner =
            pattern.kind === 'shell' || language === 'shell text' ? scanShellText(text) : scan(text, patternsFor(language), language, depth + 1);
          hits.push(...inner);
        }
        continue;
      }
      // `rm -rf dist src` in shell text names several paths.
      const paths = language === 'shell text' && groups.path ? groups.path.trim().split(/\s+/) : [groups.path];
      for (const path of paths) hits.push({ kind: pattern.kind, path });
    }
  }
  return hits;
}

// ---------------------------------------------------------------------------------------------------------
// Interpreters: where their code comes from.

interface Language {
  name: string;
  programs: readonly string[];
  patterns: readonly Pattern[];
  /** Options whose value is code (`-c`, `-e`, `--eval`). */
  codeOptions: readonly string[];
  /** Bundled short options ending in the code option (`perl -lne`, `ruby -ne`). */
  codeBundle?: RegExp;
  /** Options that take a separate value before the script. */
  valued: readonly string[];
  /** Options after which the rest is not code for us (`python -m`). */
  stops?: readonly string[];
  /** Reads its program from stdin when given no script (or `-`). */
  readsStdin: boolean;
  /** Import statements, removed before scanning: `from shutil import rmtree` calls nothing. */
  imports?: RegExp;
  /** Code given after a subcommand (`deno eval '…'`). */
  evalSubcommand?: string;
  caseInsensitive?: boolean;
}

const PYTHON_PROGRAMS = ['python', 'python2', 'python3', 'pypy', 'pypy3', ...Array.from({ length: 8 }, (_, i) => `python3.${i + 7}`)];

const LANGUAGES: readonly Language[] = [
  {
    name: 'Python',
    programs: PYTHON_PROGRAMS,
    patterns: PYTHON,
    codeOptions: ['-c'],
    codeBundle: /^-[bBdEhiIOqsSuvx]+c$/,
    valued: ['-W', '-X', '--check-hash-based-pycs'],
    stops: ['-m'],
    readsStdin: true,
    imports: /^[ \t]*(?:from\s+[\w.]+\s+)?import\s+[^\n;]*/gm,
  },
  {
    name: 'JavaScript',
    programs: ['node', 'nodejs'],
    patterns: JAVASCRIPT,
    codeOptions: ['-e', '--eval', '-p', '--print'],
    codeBundle: /^-(pe|ep)$/,
    valued: [
      '-r',
      '--require',
      '--import',
      '--loader',
      '--experimental-loader',
      '-C',
      '--conditions',
      '--title',
      '--env-file',
      '--input-type',
      '--stack-size',
    ],
    readsStdin: true,
  },
  {
    name: 'JavaScript',
    programs: ['bun'],
    patterns: JAVASCRIPT,
    codeOptions: ['-e', '--eval', '-p', '--print'],
    valued: ['-r', '--preload', '--cwd', '--env-file', '--config', '-c'],
    readsStdin: false,
  },
  {
    name: 'JavaScript',
    programs: ['deno'],
    patterns: JAVASCRIPT,
    codeOptions: [],
    valued: ['--ext', '--import-map', '--config', '-c', '--location', '--v8-flags', '--env-file'],
    readsStdin: false,
    evalSubcommand: 'eval',
  },
  {
    name: 'Perl',
    programs: ['perl'],
    patterns: PERL,
    codeOptions: ['-e', '-E'],
    codeBundle: /^-(?![MmIdxi.])[a-zA-Z0-9:]*[eE]$/,
    valued: [],
    readsStdin: true,
    imports: /\b(?:use|no)\s+[\w:]+[^;]*;?/g,
  },
  {
    name: 'Ruby',
    programs: ['ruby'],
    patterns: RUBY,
    codeOptions: ['-e'],
    codeBundle: /^-(?![rICEFx])[a-zA-Z]*e$/,
    valued: ['-r', '-I', '-C', '-E', '--encoding', '-F'],
    readsStdin: true,
  },
  {
    name: 'PHP',
    programs: ['php'],
    patterns: PHP,
    codeOptions: ['-r', '--run'],
    valued: ['-c', '-d', '-z', '--php-ini', '--define'],
    stops: ['-f', '--file', '-S', '--server', '-a', '--interactive', '-l', '--syntax-check', '-i', '--info', '-m', '--modules'],
    readsStdin: true,
  },
  { name: 'AppleScript', programs: ['osascript'], patterns: APPLESCRIPT, codeOptions: ['-e'], valued: ['-l', '-s'], readsStdin: true },
  { name: 'R', programs: ['Rscript'], patterns: R, codeOptions: ['-e'], valued: [], readsStdin: false },
  { name: 'Lua', programs: ['lua', 'luajit'], patterns: LUA, codeOptions: ['-e'], valued: ['-l'], readsStdin: false },
  {
    name: 'PowerShell',
    programs: ['pwsh', 'powershell'],
    patterns: POWERSHELL,
    codeOptions: ['-command', '-c'],
    valued: [
      '-file',
      '-f',
      '-executionpolicy',
      '-ep',
      '-workingdirectory',
      '-wd',
      '-configurationname',
      '-outputformat',
      '-of',
      '-inputformat',
      '-if',
      '-settingsfile',
    ],
    stops: ['-file', '-f'],
    readsStdin: false,
    caseInsensitive: true,
  },
];

function patternsFor(language: string): readonly Pattern[] {
  return LANGUAGES.find((l) => l.name === language)?.patterns ?? SHELL_TEXT;
}

interface CodeSource {
  /** How the code was given, for messages and the confirmation text: `python3 -c`. */
  via: string;
  code: string;
  dynamic: boolean;
}

/** Where an interpreter's program comes from: inline options, a script file, or stdin. */
function readInterpreter(inv: Invocation, language: Language): { inline: CodeSource[]; script?: { text: string; dynamic: boolean }; stdin: boolean } {
  const args = inv.argv.slice(1);
  const inline: CodeSource[] = [];
  const norm = (a: string) => (language.caseInsensitive ? a.toLowerCase() : a);
  if (language.evalSubcommand) {
    // `deno eval '…'`, not `deno run main.ts eval`.
    const index = args.findIndex((a) => !a.startsWith('-'));
    if (index < 0 || args[index] !== language.evalSubcommand) return { inline, stdin: false };
    const rest = args.slice(index + 1);
    for (let i = 0; i < rest.length; i++) {
      if (rest[i].startsWith('-')) {
        if (language.valued.includes(rest[i])) i++;
        continue;
      }
      inline.push({
        via: `${inv.program} ${language.evalSubcommand}`,
        code: rest.slice(i).join(' '),
        dynamic: inv.dynamic.slice(index + 2 + i).some(Boolean),
      });
      break;
    }
    return { inline, stdin: false };
  }
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    const name = norm(arg);
    const dynamicAt = (k: number) => inv.dynamic[k + 1] ?? false;
    if (language.stops?.some((stop) => name === stop || (stop.length === 2 && !name.startsWith('--') && name.startsWith(stop))))
      return { inline, stdin: false };
    if (language.codeOptions.includes(name) || language.codeBundle?.test(arg)) {
      if (i + 1 < args.length) inline.push({ via: `${inv.program} ${arg}`, code: args[i + 1], dynamic: dynamicAt(i + 1) });
      i++;
      continue;
    }
    // Attached code: `-c'print(1)'`, `-eprint`, `--eval=…` (PowerShell spells options out: `-ConfigurationName` is not `-c`).
    const attached = language.caseInsensitive
      ? undefined
      : language.codeOptions.find((option) =>
          option.startsWith('--')
            ? name.startsWith(`${option}=`)
            : option.length === 2 && name.startsWith(option) && arg.length > 2 && !arg.startsWith('--'),
        );
    if (attached) {
      inline.push({
        via: `${inv.program} ${attached}`,
        code: arg.slice(attached.length + (attached.startsWith('--') ? 1 : 0)),
        dynamic: dynamicAt(i),
      });
      continue;
    }
    if (arg === '-') return { inline, stdin: inline.length === 0 };
    if (arg === '--') {
      if (inline.length === 0 && i + 1 < args.length) return { inline, script: { text: args[i + 1], dynamic: dynamicAt(i + 1) }, stdin: false };
      break;
    }
    if (arg.startsWith('-')) {
      if (language.valued.includes(name) && !arg.includes('=')) i++;
      continue;
    }
    // The first positional is the script (or, after inline code, the script's arguments).
    if (inline.length === 0) return { inline, script: { text: arg, dynamic: dynamicAt(i) }, stdin: false };
    break;
  }
  return { inline, stdin: inline.length === 0 && language.readsStdin };
}

// ---------------------------------------------------------------------------------------------------------
// Opaque code: downloaded, decoded, or only known at runtime.

/** Text that fetches or decodes a program: `$(curl …)`, `<(wget -qO- …)`, `base64 -d`. */
const FETCHES =
  /\b(curl|wget2?|fetch|aria2c|xh|xhs|httpie|lynx|links|nc|ncat|socat|Invoke-WebRequest|iwr|Invoke-RestMethod|irm)\b|\bhttps?:\/\/|\bbase64\s+(-d|--decode|-D)\b|\bxxd\s+-r\b|\bopenssl\s+(enc|base64)\b[^|]*\s-d\b|\bgpg\s+(-d|--decrypt)\b/;
const FETCHERS = new Set([
  'curl',
  'wget',
  'wget2',
  'fetch',
  'aria2c',
  'http',
  'https',
  'xh',
  'xhs',
  'nc',
  'ncat',
  'socat',
  'lynx',
  'links',
  'iwr',
  'irm',
]);
/** The command that produced a pipe's text: the nearest fetcher upstream (through `gunzip`, `base64 -d`, `tee`…), else the nearest stage. */
function producerOf(inv: Invocation): Invocation | undefined {
  let source = inv.stdin;
  let nearest: Invocation | undefined;
  for (let depth = 0; depth < 8 && source?.kind === 'pipe'; depth++) {
    const producer = source.from;
    nearest ??= producer;
    if (FETCHERS.has(producer.program)) return producer;
    source = producer.stdin;
  }
  return nearest;
}

function urlOf(inv: Invocation | undefined): string | undefined {
  if (!inv) return undefined;
  const args = inv.argv.slice(1);
  const url =
    args.find((a) => /^[a-z][a-z0-9+.-]*:\/\//i.test(a)) ??
    (FETCHERS.has(inv.program) ? args.find((a) => !a.startsWith('-') && /^[\w.-]+\.[a-z]{2,}(:\d+)?(\/|$)/i.test(a)) : undefined);
  // The query string may hold a token: keep it out of messages.
  return url?.replace(/[?#].*$/, '').replace(/\/\/[^/@]*@/, '//');
}

function hostOfUrl(url: string): string {
  return /^(?:[a-z][a-z0-9+.-]*:\/\/)?([^/:?#]+)/i.exec(url)?.[1] ?? url;
}

function opaqueFinding(inv: Invocation, ctx: RuleContext, how: string, url: string | undefined, confirmText: string): Detection {
  return detection({
    rule: 'interpreters.opaque-pipe',
    tool: inv.program,
    action: 'run unseen script',
    resource: url ? { kind: 'script', name: url } : null,
    environment: ctx.environment(inv, [], 'local'),
    blastRadius: `${how}; its text is only known when it runs, so it can delete anything this user can`,
    risk: 'high',
    confirmText: url ? hostOfUrl(url) : confirmText,
  });
}

/** What reaches stdin as a program: known text (heredoc, `echo … |`), or unknown (a download, a decoder). */
function fedProgram(inv: Invocation, ctx: RuleContext): ReturnType<typeof stdinText> {
  return stdinText(inv.stdin, ctx.readText, ctx.home);
}

/** `… | bash`, `… | python`: the program arrives on stdin; judge it if known, else it is opaque. */
function stdinProgram(inv: Invocation, ctx: RuleContext, languageName: string, patterns: readonly Pattern[]): Detection[] {
  const fed = fedProgram(inv, ctx);
  if (!fed) return [];
  if (fed.known)
    return languageName === 'shell'
      ? []
      : codeFindings(inv, ctx, { via: `${inv.program} < ${fed.origin}`, code: fed.text, dynamic: false }, languageName, patterns);
  const producer = producerOf(inv);
  const url = urlOf(producer);
  const from = producer ? producer.program : fed.origin;
  const runner = inv.program === 'busybox' ? `busybox ${inv.argv[1] ?? 'sh'}` : inv.program;
  return [
    opaqueFinding(
      inv,
      ctx,
      `pipes the output of ${from}${url ? ` (${url})` : ''} into ${runner} as a program`,
      url,
      `${producer?.program ?? 'stdin'} | ${inv.program}`,
    ),
  ];
}

/** Dynamic code text that fetches or decodes: `"$(curl -fsSL …)"`, `<(wget -qO- …)`. */
function fetchedCode(inv: Invocation, ctx: RuleContext, text: string, how: string): Detection[] {
  if (!FETCHES.test(text)) return [];
  const url = /\b[a-z][a-z0-9+.-]*:\/\/[^\s'"`)]+/i
    .exec(text)?.[0]
    ?.replace(/[?#].*$/, '')
    .replace(/\/\/[^/@]*@/, '//');
  return [
    opaqueFinding(
      inv,
      ctx,
      `${how} ${url ? `downloaded from ${url}` : 'fetched or decoded at runtime'}`,
      url,
      `${inv.program} ${text.startsWith('<(') ? '<(…)' : '$(…)'}`,
    ),
  ];
}

/** Runs code given on the command line only when something in it deletes. */
function codeFindings(inv: Invocation, ctx: RuleContext, source: CodeSource, languageName: string, patterns: readonly Pattern[]): Detection[] {
  if (source.dynamic) {
    const fetched = fetchedCode(inv, ctx, source.code, `runs ${languageName} code`);
    if (fetched.length > 0) return fetched;
    if (/^\s*(\$\{?\w+\}?|\$\([\s\S]*\)|`[\s\S]*`)\s*$/.test(source.code)) {
      return [opaqueFinding(inv, ctx, `runs ${languageName} code held in ${source.code.trim().slice(0, 40)}`, undefined, source.via)];
    }
  }
  const imports = LANGUAGES.find((l) => l.name === languageName)?.imports;
  const code = imports ? source.code.replace(imports, ' ') : source.code;
  const hits = scan(code, patterns, languageName, 0).filter((hit) => !(hit.kind === 'files' && hit.path && regenerable(hit.path, inv, ctx)));
  if (hits.length === 0) return [];
  const kinds = [...new Set(hits.map((h) => h.kind))];
  const path = hits.find((h) => h.path)?.path;
  return [
    detection({
      rule: 'interpreters.inline-code',
      tool: inv.program,
      action: 'run code that deletes',
      resource: path ? { kind: 'path', name: path } : null,
      environment: ctx.environment(inv, [], 'local'),
      blastRadius: `runs ${languageName} code (${source.via}) that ${kinds.map((k) => WHAT[k]).join(', ')}${path ? `, starting with ${path}` : ''}`,
      risk: 'high',
      confirmText: path ?? source.via,
    }),
  ];
}

function regenerable(written: string, inv: Invocation, ctx: RuleContext): boolean {
  return isRegenerable({ written, absolute: resolvePath(inv.cwd, written, ctx.home), dynamic: false, glob: /[*?[]/.test(written) }, inv, ctx);
}

const interpreterRule: CommandRule = {
  family: 'interpreters',
  programs: LANGUAGES.flatMap((l) => l.programs),
  detect(inv, ctx) {
    const args = inv.argv.slice(1);
    const language = LANGUAGES.find((l) => l.programs.includes(inv.program));
    if (!language || args.some((a) => a === '--help' || a === '--version')) return [];
    if (language.name === 'PowerShell') {
      // -EncodedCommand takes base64 text: nothing can be judged before it runs.
      const encoded = args.findIndex((a) => /^-(e|ec|enc|encodedcommand)$/i.test(a));
      if (encoded >= 0) return [opaqueFinding(inv, ctx, 'runs a base64-encoded PowerShell command', undefined, `${inv.program} ${args[encoded]}`)];
    }
    const read = readInterpreter(inv, language);
    const found = read.inline.flatMap((source) => codeFindings(inv, ctx, source, language.name, language.patterns));
    if (read.script?.dynamic) found.push(...fetchedCode(inv, ctx, read.script.text, `runs a ${language.name} script`));
    if (read.stdin) found.push(...stdinProgram(inv, ctx, language.name, language.patterns));
    return found;
  },
};

// ---------------------------------------------------------------------------------------------------------
// Shells. Known text (`-c '…'`, heredocs, `echo … |`, readable scripts) is read again by the wrapper layer;
// here: what it cannot read.

const SHELLS = ['sh', 'bash', 'zsh', 'dash', 'ksh', 'mksh', 'ash', 'fish', 'busybox'];

const shellRule: CommandRule = {
  family: 'interpreters',
  programs: SHELLS,
  detect(inv, ctx) {
    let args = inv.argv.slice(1);
    let argOffset = 1;
    if (inv.program === 'busybox') {
      if (!args[0] || !['sh', 'ash', 'bash'].includes(args[0])) return [];
      args = args.slice(1);
      argOffset = 2;
    }
    if (args.includes('--help') || args.includes('--version')) return [];
    for (let i = 0; i < args.length; i++) {
      const arg = args[i];
      if (arg === '--') break;
      if (/^-[a-zA-Z]*c[a-zA-Z]*$/.test(arg) || arg === '--command') {
        const script = args[i + 1];
        const codeDynamic = inv.dynamic[i + argOffset + 1] ?? false;
        return script !== undefined && codeDynamic ? fetchedCode(inv, ctx, script, 'runs a shell script') : [];
      }
      if (arg === '-o' || arg === '+o' || arg === '--rcfile' || arg === '--init-file' || arg === '-C' || arg === '--init-command') {
        i++;
        continue;
      }
      // `-s`: the program comes from stdin and the words after it are its arguments (`curl … | bash -s stable`).
      if (/^-[a-zA-Z]*s[a-zA-Z]*$/.test(arg)) break;
      if (arg.startsWith('-') || arg.startsWith('+')) continue;
      // `bash <(curl …)`, `sh "$(…)"`: the script file itself comes from the network.
      const scriptDynamic = inv.dynamic[i + argOffset] ?? false;
      if (scriptDynamic) return fetchedCode(inv, ctx, arg, 'runs a shell script');
      // `curl -o x.sh … && bash x.sh`: written by this very command line with content we cannot see.
      if (ctx.writtenUnknown(resolvePath(inv.cwd, arg, ctx.home))) {
        return [
          opaqueFinding(
            inv,
            ctx,
            `runs ${arg}, which an earlier part of this command line wrote with content that cannot be read beforehand`,
            undefined,
            `${inv.program} ${arg}`,
          ),
        ];
      }
      return [];
    }
    // Known text on stdin is read again as shell by the wrapper layer; unknown text is opaque.
    const fed = fedProgram(inv, ctx);
    return fed && !fed.known ? stdinProgram(inv, ctx, 'shell', SHELL_TEXT) : [];
  },
};

/** `source <(curl …)`, `. /dev/stdin` fed by curl, `eval "$(curl …)"`. */
const sourceRule: CommandRule = {
  family: 'interpreters',
  programs: ['source', '.', 'eval'],
  detect(inv, ctx) {
    const args = inv.argv.slice(1);
    if (args.length === 0) return [];
    if (inv.program === 'eval') {
      const text = args.join(' ');
      return inv.dynamic.slice(1).some(Boolean) ? fetchedCode(inv, ctx, text, 'evaluates shell code') : [];
    }
    const file = args[0];
    if (inv.dynamic[1]) return fetchedCode(inv, ctx, file, 'sources a shell script');
    if (file === '/dev/stdin' || file === '-') {
      const fed = fedProgram(inv, ctx);
      if (fed && !fed.known) return stdinProgram(inv, ctx, 'shell', SHELL_TEXT);
    }
    return [];
  },
};

/** `$(cat cmd.txt) -rf src`, `"$TOOL" …`: the program itself is only known when it runs. */
const dynamicProgramRule: CommandRule = {
  family: 'interpreters',
  programs: ['*'],
  detect(inv, ctx) {
    if (!inv.dynamic[0]) return [];
    // `eval "$(tool init)"` is judged by sourceRule, which knows the tools that print shell setup; `eval "$CMD"`
    // runs whatever the variable holds and is judged here.
    if (inv.via[inv.via.length - 1] === 'eval' && /^(\$\(|`)/.test(inv.argv[0])) return [];
    // Only the shape is shown: the text of a substitution may hold a token.
    const shown = inv.argv[0].replace(/\$\([\s\S]*\)|`[\s\S]*`/g, '$(…)').slice(0, 60);
    return [
      detection({
        rule: 'interpreters.dynamic-program',
        tool: shown,
        action: 'run a program named at run time',
        resource: null,
        environment: ctx.environment(inv, [], 'local'),
        blastRadius: `runs whatever program ${shown} turns out to be; it cannot be checked beforehand`,
        risk: 'medium',
        confirmText: shown,
      }),
    ];
  },
};

// ---------------------------------------------------------------------------------------------------------
// Framework consoles that run one piece of application code: `rails runner`, `manage.py shell -c`,
// `artisan tinker --execute`. The code talks to the application's database, so the app's environment counts.

interface FrameworkCode {
  language: string;
  via: string;
  code: string;
  dynamic: boolean;
  hints: EnvironmentHint[];
}

function frameworkCode(inv: Invocation, ctx: RuleContext): FrameworkCode | undefined {
  const args = inv.argv.slice(1);
  const dynamicAt = (i: number) => inv.dynamic[i + 1] ?? false;
  const valueOf = (names: readonly string[]): { value: string; index: number } | undefined => {
    for (let i = 0; i < args.length; i++) {
      for (const name of names) {
        if (args[i] === name && i + 1 < args.length) return { value: args[i + 1], index: i + 1 };
        if (name.startsWith('--') && args[i].startsWith(`${name}=`)) return { value: args[i].slice(name.length + 1), index: i };
      }
    }
    return undefined;
  };
  const hint = (source: string, value: string | undefined): EnvironmentHint[] => (value ? [{ source, value }] : []);
  if (inv.program === 'rails' && (args[0] === 'runner' || args[0] === 'r')) {
    // `rails runner [-e ENV] CODE_OR_FILE [args]` (guides.rubyonrails.org/command_line.html#bin-rails-runner).
    for (let i = 1; i < args.length; i++) {
      if (args[i] === '-e' || args[i] === '--environment') {
        i++;
        continue;
      }
      if (args[i].startsWith('-')) continue;
      const file = /\.rb$/.test(args[i]) ? ctx.readText(resolvePath(inv.cwd, args[i], ctx.home)) : undefined;
      return {
        language: 'Ruby',
        via: `rails ${args[0]}`,
        code: file ?? args[i],
        dynamic: dynamicAt(i),
        hints: hint('-e', valueOf(['-e', '--environment'])?.value),
      };
    }
    return undefined;
  }
  if ((inv.program === 'manage.py' || inv.program === 'django-admin') && args[0] === 'shell') {
    const code = valueOf(['-c', '--command']);
    if (!code) return undefined;
    return {
      language: 'Python',
      via: `${inv.program} shell -c`,
      code: code.value,
      dynamic: dynamicAt(code.index),
      hints: hint('--settings', valueOf(['--settings'])?.value),
    };
  }
  if (inv.program === 'artisan' && args[0] === 'tinker') {
    const code = valueOf(['--execute']);
    if (!code) return undefined;
    return {
      language: 'PHP',
      via: 'artisan tinker --execute',
      code: code.value,
      dynamic: dynamicAt(code.index),
      hints: hint('--env', valueOf(['--env'])?.value),
    };
  }
  return undefined;
}

const frameworkRunnerRule: CommandRule = {
  family: 'interpreters',
  programs: ['rails', 'manage.py', 'django-admin', 'artisan'],
  detect(inv, ctx) {
    if (inv.argv.slice(1).some((a) => a === '--help' || a === '-h')) return [];
    const found = frameworkCode(inv, ctx);
    if (!found) return [];
    if (found.dynamic && /^\s*(\$\{?\w+\}?|\$\([\s\S]*\)|`[\s\S]*`)\s*$/.test(found.code)) {
      return [opaqueFinding(inv, ctx, `runs application code (${found.via}) held in ${found.code.trim().slice(0, 40)}`, undefined, found.via)];
    }
    const patterns = LANGUAGES.find((l) => l.name === found.language)?.patterns ?? [];
    const imports = LANGUAGES.find((l) => l.name === found.language)?.imports;
    const code = imports ? found.code.replace(imports, ' ') : found.code;
    const hits = scan(code, patterns, found.language, 0).filter((hit) => !(hit.kind === 'files' && hit.path && regenerable(hit.path, inv, ctx)));
    if (hits.length === 0) return [];
    const kinds = [...new Set(hits.map((h) => h.kind))];
    const path = hits.find((h) => h.path)?.path;
    // Records and SQL live in the application's database; files and shell commands on this machine.
    const database = kinds.some((kind) => kind === 'data' || kind === 'sql' || kind === 'dynamic');
    return [
      detection({
        rule: 'interpreters.framework-code',
        tool: inv.program,
        action: 'run code that deletes',
        resource: path ? { kind: 'path', name: path } : database ? { kind: 'database', name: 'the application database' } : null,
        environment: ctx.environment(inv, found.hints, database ? 'remote' : 'local'),
        blastRadius: `runs ${found.language} application code (${found.via}) that ${kinds.map((k) => WHAT[k]).join(', ')}${path ? `, starting with ${path}` : ''}`,
        risk: 'high',
        confirmText: path ?? found.via,
      }),
    ];
  },
};

export const rules: readonly CommandRule[] = [interpreterRule, shellRule, sourceRule, dynamicProgramRule, frameworkRunnerRule];
