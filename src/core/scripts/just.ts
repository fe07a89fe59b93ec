// just (https://just.systems/man/): recipes with parameters, dependencies, variables and shebang bodies.
import path from 'node:path';
import type { Invocation } from '../invocation';
import { optionValue } from '../rules/args';
import type { Expansion, ReadContext } from '../shellReader';
import { resolvePath } from '../shellReader';
import type { ReadText } from './readText';

interface JustRecipe {
  name: string;
  params: { name: string; fallback?: string; variadic: boolean }[];
  dependencies: string[];
  body: string[];
}

const JUST_FILES = ['justfile', 'Justfile', 'JUSTFILE', '.justfile'];

export function justExpansion(inv: Invocation, context: ReadContext, readText: ReadText): Expansion[] {
  const args = inv.argv.slice(1);
  const informational = [
    '-l',
    '--list',
    '--summary',
    '--show',
    '-s',
    '--dump',
    '--fmt',
    '--init',
    '--edit',
    '-e',
    '--variables',
    '--help',
    '-h',
    '--version',
    '-V',
    '--completions',
    '--choose',
    '--groups',
    '--changelog',
  ];
  if (args.some((a) => informational.includes(a)) || args.includes('-n') || args.includes('--dry-run')) return [];
  const fileOption = optionValue(args, ['-f', '--justfile']);
  const dirOption = optionValue(args, ['-d', '--working-directory']);
  let file: string | undefined;
  let text: string | undefined;
  if (fileOption) {
    file = resolvePath(inv.cwd, fileOption, context.home);
    text = readText(file);
  } else {
    for (let dir = inv.cwd, n = 0; n < 32 && text === undefined; n++) {
      for (const name of JUST_FILES) {
        text = readText(path.join(dir, name));
        if (text !== undefined) {
          file = path.join(dir, name);
          break;
        }
      }
      const parent = path.dirname(dir);
      if (parent === dir) break;
      dir = parent;
    }
  }
  if (text === undefined || file === undefined) return [];
  const cwd = dirOption ? resolvePath(inv.cwd, dirOption, context.home) : path.dirname(file);
  const { recipes, variables, loadTime } = parseJustfile(text);
  const expansions: Expansion[] = loadTime.map((script) => ({ via: 'just (while reading the justfile)', script, cwd }));
  // `just a=1 recipe arg…`, `--set a 1`.
  const words: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '--set' && args[i + 2] !== undefined) {
      variables.set(args[i + 1], args[i + 2]);
      i += 2;
    } else if (
      [
        '-f',
        '--justfile',
        '-d',
        '--working-directory',
        '--shell',
        '--shell-arg',
        '--dotenv-filename',
        '--dotenv-path',
        '--color',
        '--command',
        '-c',
      ].includes(arg)
    )
      i++;
    else if (arg.startsWith('-')) continue;
    else {
      const assignment = /^([A-Za-z_][\w-]*)=(.*)$/s.exec(arg);
      if (assignment && words.length === 0) variables.set(assignment[1], assignment[2]);
      else words.push(arg);
    }
  }
  const calls: { recipe: JustRecipe; args: string[] }[] = [];
  for (const word of words) {
    const recipe = recipes.get(word);
    const open = calls[calls.length - 1];
    const wantsMore = open && (open.recipe.params.some((p) => p.variadic) || open.args.length < open.recipe.params.length);
    if (recipe && !wantsMore) calls.push({ recipe, args: [] });
    else if (open) open.args.push(word);
  }
  if (calls.length === 0 && words.length === 0) {
    const first = [...recipes.values()][0];
    if (first) calls.push({ recipe: first, args: [] });
  }
  const seen = new Set<string>();
  const run = (recipe: JustRecipe, values: string[], depth: number) => {
    if (depth > 16 || (values.length === 0 && seen.has(recipe.name))) return;
    seen.add(recipe.name);
    for (const dependency of recipe.dependencies) {
      const target = recipes.get(dependency);
      if (target) run(target, [], depth + 1);
    }
    const bound = new Map(variables);
    recipe.params.forEach((param, i) => {
      const value = param.variadic ? values.slice(i).join(' ') : (values[i] ?? param.fallback);
      if (value !== undefined) bound.set(param.name, value);
    });
    const interpolate = (line: string) => line.replace(/\{\{\s*([A-Za-z_][\w-]*)\s*\}\}/g, (match, name: string) => bound.get(name) ?? match);
    const lines = recipe.body.map(interpolate);
    const shebang = /^#!\s*(?:\/usr\/bin\/env\s+(?:-S\s+)?)?(\S+)/.exec(lines[0] ?? '');
    if (shebang) {
      const interpreter = path.basename(shebang[1]);
      const body = lines.slice(1).join('\n');
      const script = /^(ba|z|da|k)?sh$/.test(interpreter) ? body : `${interpreter} <<'BLASTDOOR_JUST_BODY'\n${body}\nBLASTDOOR_JUST_BODY`;
      expansions.push({ via: `just ${recipe.name}`, script, cwd });
      return;
    }
    for (const line of lines) {
      const script = line.replace(/^[@-]+/, '').trim();
      if (script) expansions.push({ via: `just ${recipe.name}`, script, cwd });
    }
  };
  for (const call of calls) run(call.recipe, call.args, 0);
  return expansions;
}

function parseJustfile(text: string): { recipes: Map<string, JustRecipe>; variables: Map<string, string>; loadTime: string[] } {
  const recipes = new Map<string, JustRecipe>();
  const variables = new Map<string, string>();
  const loadTime: string[] = [];
  const lines = text.split(/\r?\n/);
  let current: JustRecipe | undefined;
  for (const line of lines) {
    if (current && (/^[ \t]+\S/.test(line) || (line.trim() === '' && current.body.length > 0))) {
      current.body.push(line);
      continue;
    }
    current = undefined;
    const stripped = line.replace(/^\s*#.*$/, '').trimEnd();
    if (!stripped || stripped.startsWith('[') || /^(set|alias|import|mod)\s/.test(stripped)) continue;
    const assignment = /^(?:export\s+)?([A-Za-z_][\w-]*)\s*:=\s*(.*)$/.exec(stripped);
    if (assignment) {
      const value = assignment[2].trim();
      const backtick = /^`([^`]*)`$/.exec(value) ?? /^```([\s\S]*)```$/.exec(value);
      if (backtick) loadTime.push(backtick[1]);
      variables.set(assignment[1], value.replace(/^(['"])(.*)\1$/s, '$2'));
      continue;
    }
    const header = /^@?([A-Za-z_][\w-]*)([^:]*):(?!=)(.*)$/.exec(stripped);
    if (header) {
      const params = (header[2].match(/(?:[^\s'"]+|'[^']*'|"[^"]*")+/g) ?? []).map((p) => {
        const match = /^([+*]?)\$?([A-Za-z_][\w-]*)(?:=(.*))?$/s.exec(p);
        return { name: match?.[2] ?? p, fallback: match?.[3]?.replace(/^(['"])(.*)\1$/s, '$2'), variadic: !!match?.[1] };
      });
      const dependencies = [...header[3].matchAll(/\(?\s*([A-Za-z_][\w-]*)/g)].map((m) => m[1]).filter((d) => d !== '&&');
      current = { name: header[1], params, dependencies, body: [] };
      recipes.set(current.name, current);
    }
  }
  for (const recipe of recipes.values()) {
    while (recipe.body.length && recipe.body[recipe.body.length - 1].trim() === '') recipe.body.pop();
    const indent = Math.min(...recipe.body.filter((l) => l.trim()).map((l) => /^[ \t]*/.exec(l)![0].length));
    recipe.body = recipe.body.map((l) => l.slice(Number.isFinite(indent) ? indent : 0));
  }
  return { recipes, variables, loadTime };
}
