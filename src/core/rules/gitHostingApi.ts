// `gh api` and `glab api`, shared by github.ts and gitlab.ts: any REST or GraphQL request the GitHub or GitLab CLI
// sends, judged like the same request sent with curl.
import type { Invocation } from '../invocation';
import { resolvePath } from '../shellReader';
import { stdinText } from '../stdin';
import { optionValue, optionValues, positionals } from './args';
import { parseUrl, requestFindings } from './http';
import type { CommandRule, RuleContext } from './rule';
import { hintsFromVariables } from './subcommands';

/** `gh api` options that take a value (gh api --help). */
const GH_API_VALUED = [
  '-X',
  '--method',
  '-f',
  '--raw-field',
  '-F',
  '--field',
  '-H',
  '--header',
  '--input',
  '-q',
  '--jq',
  '-t',
  '--template',
  '-p',
  '--preview',
  '--hostname',
  '--cache',
];

/** `-F` turns `true`, `false`, `null` and integers into JSON and reads `@file` (gh api --help, "typed fields"). */
function typedField(value: string, inv: Invocation, ctx: RuleContext): unknown {
  if (value.startsWith('@')) return readFile(value.slice(1), inv, ctx) ?? value;
  if (value === 'true' || value === 'false' || value === 'null') return JSON.parse(value);
  if (/^-?\d+$/.test(value)) return Number(value);
  return value;
}

function readFile(file: string, inv: Invocation, ctx: RuleContext): string | undefined {
  if (file === '-') {
    const fed = stdinText(inv.stdin, ctx.readText, ctx.home);
    return fed?.known ? fed.text : undefined;
  }
  return ctx.readText(resolvePath(inv.cwd, file, ctx.home));
}

export interface ApiCli {
  family: string;
  program: string;
  /** Options before `api` that take a value, so `api` is found. */
  valued: readonly string[];
  /** Where requests go: `--hostname`, the CLI's host variable, or the public API. */
  url: (endpoint: string, host: string | undefined) => string;
  hostVariable: string;
  repoVariables: readonly string[];
}

/** `gh api` and `glab api`: any REST or GraphQL request, judged like the same request sent with curl. */
export function apiRule(cli: ApiCli): CommandRule {
  return {
    family: cli.family,
    programs: [cli.program],
    detect(inv, ctx) {
      const all = inv.argv.slice(1);
      const words = positionals(all, cli.valued);
      if (words[0] !== 'api' || all.includes('--help')) return [];
      const args = all.slice(all.indexOf('api') + 1);
      const endpoint = positionals(args, GH_API_VALUED)[0];
      if (!endpoint) return [];
      const raw = optionValues(args, ['-f', '--raw-field']).map((f) => ({ f, typed: false }));
      const typed = optionValues(args, ['-F', '--field']).map((f) => ({ f, typed: true }));
      const fields: Record<string, unknown> = {};
      for (const { f, typed: isTyped } of [...raw, ...typed]) {
        const eq = f.indexOf('=');
        if (eq > 0) fields[f.slice(0, eq)] = isTyped ? typedField(f.slice(eq + 1), inv, ctx) : f.slice(eq + 1);
      }
      const input = optionValue(args, ['--input']);
      const bodies: string[] = [];
      let opaque = inv.dynamic.some(Boolean);
      if (input) {
        const text = readFile(input, inv, ctx);
        if (text === undefined) opaque = true;
        else bodies.push(text);
      }
      const graphql = endpoint === 'graphql';
      if (graphql && typeof fields.query === 'string') {
        // For `gh api graphql` every field other than query and operationName is a GraphQL variable.
        const { query, operationName: _operationName, ...variables } = fields;
        bodies.push(JSON.stringify({ query, variables }));
      } else if (Object.keys(fields).length > 0) {
        bodies.push(JSON.stringify(fields));
      }
      const method = optionValue(args, ['-X', '--method']) ?? (bodies.length > 0 || input ? 'POST' : 'GET');
      const host = optionValue(args, ['--hostname']) ?? inv.env[cli.hostVariable];
      const url = parseUrl(cli.url(endpoint.replace(/^\//, ''), host));
      if (!url) return [];
      const hints = hintsFromVariables(inv, cli.repoVariables);
      return requestFindings(inv, ctx, { method, url, bodies, opaqueBody: opaque }, cli.family, hints);
    },
  };
}
