// HTTP clients talking to an API directly: curl, wget, HTTPie (`http`/`https`) and xh. What destroys is a
// DELETE request, a POST to a delete endpoint, or a GraphQL mutation whose root field deletes something
// (the Railway incident was one `curl … volumeDelete` call). Reading, creating and updating stay allowed.
import type { EnvironmentHint } from '../environment';
import type { Invocation } from '../invocation';
import { resolvePath } from '../shellReader';
import { stdinText } from '../stdin';
import type { Risk } from '../types';
import { detection, type CommandRule, type Detection, type RuleContext } from './rule';

// ---------------------------------------------------------------------------------------------------------
// GraphQL: a small reader for operations, root fields and their arguments (enough to name what is deleted).

type GraphqlValue = string | GraphqlValue[] | { [key: string]: GraphqlValue } | VariableRef;

class VariableRef {
  constructor(readonly name: string) {}
}

interface Token {
  type: 'punct' | 'name' | 'string' | 'number' | 'variable';
  value: string;
}

function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < source.length) {
    const c = source[i];
    if (/[\s,\ufeff]/.test(c)) {
      i++;
    } else if (c === '#') {
      while (i < source.length && source[i] !== '\n') i++;
    } else if (source.startsWith('"""', i)) {
      const end = source.indexOf('"""', i + 3);
      const stop = end < 0 ? source.length : end;
      tokens.push({ type: 'string', value: source.slice(i + 3, stop) });
      i = stop + 3;
    } else if (c === '"') {
      let j = i + 1;
      let value = '';
      while (j < source.length && source[j] !== '"' && source[j] !== '\n') {
        if (source[j] === '\\' && j + 1 < source.length) {
          const escaped = source[j + 1];
          value += escaped === 'n' ? '\n' : escaped === 't' ? '\t' : escaped === 'u' ? String.fromCharCode(parseInt(source.slice(j + 2, j + 6), 16) || 0x3f) : escaped;
          j += escaped === 'u' ? 6 : 2;
        } else {
          value += source[j++];
        }
      }
      tokens.push({ type: 'string', value });
      i = j + 1;
    } else if (c === '$') {
      const name = /^[_A-Za-z][_0-9A-Za-z]*/.exec(source.slice(i + 1))?.[0] ?? '';
      tokens.push({ type: 'variable', value: name });
      i += 1 + name.length;
    } else if (/[_A-Za-z]/.test(c)) {
      const name = /^[_A-Za-z][_0-9A-Za-z]*/.exec(source.slice(i))![0];
      tokens.push({ type: 'name', value: name });
      i += name.length;
    } else if (/[-0-9]/.test(c)) {
      const number = /^-?[0-9]+(\.[0-9]+)?([eE][+-]?[0-9]+)?/.exec(source.slice(i))?.[0] || c;
      tokens.push({ type: 'number', value: number });
      i += number.length;
    } else if (source.startsWith('...', i)) {
      tokens.push({ type: 'punct', value: '...' });
      i += 3;
    } else {
      tokens.push({ type: 'punct', value: c });
      i++;
    }
  }
  return tokens;
}

interface RootField {
  name: string;
  args: Record<string, GraphqlValue>;
}

interface Operation {
  type: 'query' | 'mutation' | 'subscription';
  fields: RootField[];
}

class GraphqlReader {
  private pos = 0;
  constructor(private readonly tokens: Token[]) {}

  operations(): Operation[] {
    const operations: Operation[] = [];
    while (this.pos < this.tokens.length) {
      const token = this.tokens[this.pos];
      if (token.type === 'name' && (token.value === 'query' || token.value === 'mutation' || token.value === 'subscription')) {
        this.pos++;
        if (this.peek('name')) this.pos++;
        if (this.peekPunct('(')) this.skipBalanced('(', ')');
        this.skipDirectives();
        if (this.peekPunct('{')) operations.push({ type: token.value, fields: this.selectionSet() });
      } else if (token.type === 'punct' && token.value === '{') {
        operations.push({ type: 'query', fields: this.selectionSet() });
      } else if (token.type === 'name' && token.value === 'fragment') {
        while (this.pos < this.tokens.length && !this.peekPunct('{')) this.pos++;
        if (this.peekPunct('{')) this.skipBalanced('{', '}');
      } else {
        this.pos++;
      }
    }
    return operations;
  }

  private peek(type: Token['type']): boolean {
    return this.tokens[this.pos]?.type === type;
  }

  private peekPunct(value: string): boolean {
    const token = this.tokens[this.pos];
    return token?.type === 'punct' && token.value === value;
  }

  private skipBalanced(open: string, close: string): void {
    let depth = 0;
    while (this.pos < this.tokens.length) {
      const token = this.tokens[this.pos++];
      if (token.type !== 'punct') continue;
      if (token.value === open) depth++;
      else if (token.value === close && --depth <= 0) return;
    }
  }

  private skipDirectives(): void {
    while (this.peekPunct('@')) {
      this.pos++;
      if (this.peek('name')) this.pos++;
      if (this.peekPunct('(')) this.skipBalanced('(', ')');
    }
  }

  /** The fields of one selection set; nested selections are what the mutation returns, not what it does. */
  private selectionSet(): RootField[] {
    const fields: RootField[] = [];
    this.pos++; // {
    while (this.pos < this.tokens.length && !this.peekPunct('}')) {
      if (this.peekPunct('...')) {
        this.pos++;
        if (this.tokens[this.pos]?.value === 'on') this.pos += 2;
        else if (this.peek('name')) this.pos++;
        this.skipDirectives();
        if (this.peekPunct('{')) fields.push(...this.selectionSet());
        continue;
      }
      if (!this.peek('name')) {
        this.pos++;
        continue;
      }
      let name = this.tokens[this.pos++].value;
      if (this.peekPunct(':')) {
        this.pos++;
        if (this.peek('name')) name = this.tokens[this.pos++].value;
      }
      const args = this.peekPunct('(') ? this.arguments() : {};
      this.skipDirectives();
      if (this.peekPunct('{')) this.skipBalanced('{', '}');
      fields.push({ name, args });
    }
    this.pos++; // }
    return fields;
  }

  private arguments(): Record<string, GraphqlValue> {
    const args: Record<string, GraphqlValue> = {};
    this.pos++; // (
    while (this.pos < this.tokens.length && !this.peekPunct(')')) {
      if (!this.peek('name')) {
        this.pos++;
        continue;
      }
      const key = this.tokens[this.pos++].value;
      if (!this.peekPunct(':')) continue;
      this.pos++;
      args[key] = this.value();
    }
    this.pos++; // )
    return args;
  }

  private value(): GraphqlValue {
    const token = this.tokens[this.pos++];
    if (!token) return '';
    if (token.type === 'variable') return new VariableRef(token.value);
    if (token.type === 'punct' && token.value === '[') {
      const list: GraphqlValue[] = [];
      while (this.pos < this.tokens.length && !this.peekPunct(']')) list.push(this.value());
      this.pos++;
      return list;
    }
    if (token.type === 'punct' && token.value === '{') {
      const object: Record<string, GraphqlValue> = {};
      while (this.pos < this.tokens.length && !this.peekPunct('}')) {
        if (!this.peek('name')) {
          this.pos++;
          continue;
        }
        const key = this.tokens[this.pos++].value;
        if (this.peekPunct(':')) this.pos++;
        object[key] = this.value();
      }
      this.pos++;
      return object;
    }
    return token.value;
  }
}

/** Words of a field name: `volumeDelete` → volume, delete; `delete_users_by_pk` → delete, users, by, pk. */
function nameWords(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
}

const DESTRUCTIVE_VERBS = ['delete', 'destroy', 'remove', 'drop', 'purge', 'wipe', 'truncate', 'terminate', 'erase', 'nuke'];
/** A destructive verb with its inflections (`deletes`, `deletion`, `removal`, `dropped`, `deleteall`). */
const DESTRUCTIVE_WORD = /^(delete[sd]?|deletion|deleteall|deletemany|destroy(s|ed)?|remove[sd]?|removal|drop(s|ped)?|purge[sd]?|wipe[sd]?|truncate[sd]?|terminate[sd]?|erase[sd]?|nuke[sd]?)$/;
/** Words in a mutation name that say how, not what (`deleteManyUsers`, `delete_users_by_pk`). */
const FILLER_WORDS = new Set(['by', 'pk', 'many', 'all', 'one', 'bulk', 'batch', 'permanently', 'permanent', 'hard', 'soft', 'force', 'mutation', 'schedule']);
const PREPOSITIONS = new Set(['from', 'in', 'on', 'of', 'for', 'to', 'with', 'at']);

/** True when a name (GraphQL field, URL segment) says it deletes. `dropdownUpdate` and `undelete` do not. */
export function namesDeletion(name: string): boolean {
  const words = nameWords(name);
  if (words.some((word) => DESTRUCTIVE_WORD.test(word))) return true;
  // `volumedelete`: one lowercase word; fall back to a substring match.
  return words.length === 1 && /^[a-z]+$/.test(name) && DESTRUCTIVE_VERBS.some((verb) => name.includes(verb) && !name.startsWith(`un${verb}`) && name !== `${verb}d`);
}

const IRREGULAR_SINGULAR: Record<string, string> = { heads: 'branch', refs: 'ref', indices: 'index', indexes: 'index', people: 'person', children: 'child', data: 'data', aliases: 'alias', statuses: 'status', addresses: 'address' };

export function singular(word: string): string {
  const lower = word.toLowerCase();
  if (IRREGULAR_SINGULAR[lower]) return IRREGULAR_SINGULAR[lower];
  if (/ies$/.test(lower)) return lower.slice(0, -3) + 'y';
  if (/(ss|us|is)$/.test(lower)) return lower;
  if (/(sses|xes|ches|shes)$/.test(lower)) return lower.slice(0, -2);
  if (/s$/.test(lower)) return lower.slice(0, -1);
  return lower;
}

/** `volumeDelete` → volume, `deleteRepository` → repository, `delete_users_by_pk` → user. */
export function kindFromMutation(name: string): string {
  const words: string[] = [];
  let seenVerb = false;
  for (const word of nameWords(name)) {
    if (DESTRUCTIVE_WORD.test(word)) {
      seenVerb = true;
      continue;
    }
    if (PREPOSITIONS.has(word)) {
      if (words.length > 0 && seenVerb) break;
      continue;
    }
    if (!FILLER_WORDS.has(word)) words.push(word);
  }
  if (words.length === 0) return 'object';
  words[words.length - 1] = singular(words[words.length - 1]);
  return words.join(' ');
}

const ID_KEY = /^(id|ids|uuid|pk|.*Id|.*Ids|.*_id|.*_ids|.*ID|.*IDs)$/;
const NAME_KEY = /^(name|slug|key|number|tag|tagName|ref|branch|path|owner)$/;

function resolveValue(value: GraphqlValue, variables: Record<string, unknown>): unknown {
  if (value instanceof VariableRef) return value.name in variables ? variables[value.name] : `$${value.name}`;
  if (Array.isArray(value)) return value.map((v) => resolveValue(v, variables));
  if (typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resolveValue(v, variables)]));
  return value;
}

function firstScalar(value: unknown): string | undefined {
  if (value === null || value === undefined) return undefined;
  if (typeof value !== 'object') return String(value);
  if (Array.isArray(value)) {
    const scalars = value.map(firstScalar).filter((v): v is string => v !== undefined);
    return scalars.length ? scalars.join(', ') : undefined;
  }
  for (const inner of Object.values(value)) {
    const found = firstScalar(inner);
    if (found !== undefined) return found;
  }
  return undefined;
}

/**
 * The id (or else the name) an argument tree points at, searching `input: {…}` and `where: {…}` too.
 * Preference: the key naming the kind (`volumeId` for a volume), then `id`, then the last id-like key
 * (`removeMember(teamId:, userId:)`: the container comes first, the thing removed last).
 */
function targetOf(args: unknown, pattern: RegExp, kind: string, depth = 0): { key: string; value: string } | undefined {
  if (!args || typeof args !== 'object' || Array.isArray(args) || depth > 6) return undefined;
  const kindKey = kind.replace(/\s+(\w)/g, (_, c: string) => c.toUpperCase()).toLowerCase();
  const candidates = Object.entries(args)
    .filter(([key]) => pattern.test(key))
    .map(([key, value]) => ({ key, value: firstScalar(value) }))
    .filter((c): c is { key: string; value: string } => c.value !== undefined && c.value !== '');
  const byKind = candidates.find((c) => c.key.toLowerCase().replace(/_/g, '').startsWith(kindKey));
  const plainId = candidates.find((c) => c.key === 'id' || c.key === 'ids');
  const chosen = byKind ?? plainId ?? candidates[candidates.length - 1];
  if (chosen) return chosen;
  for (const value of Object.values(args)) {
    const found = targetOf(value, pattern, kind, depth + 1);
    if (found !== undefined) return found;
  }
  return undefined;
}

export interface GraphqlDeletion {
  field: string;
  kind: string;
  /** The id or name as written (or as the variables give it); undefined when the arguments name none. */
  target?: string;
  /** `where:` style filters that may match many rows. */
  filtered: boolean;
}

/** Root fields of mutation operations whose names delete, with the id they delete. */
export function graphqlDeletions(document: string, variables: Record<string, unknown> = {}): GraphqlDeletion[] {
  if (!/\bmutation\b/.test(document)) return [];
  const found: GraphqlDeletion[] = [];
  for (const operation of new GraphqlReader(tokenize(document)).operations()) {
    if (operation.type !== 'mutation') continue;
    for (const field of operation.fields) {
      if (!namesDeletion(field.name)) continue;
      const resolved = resolveValue(field.args, variables);
      let kind = kindFromMutation(field.name);
      const target = targetOf(resolved, ID_KEY, kind) ?? targetOf(resolved, NAME_KEY, kind);
      // `scheduleRemoval(itemId: …)`: the name says no kind, the id's key does.
      const keyKind = /^(.+?)(Id|Ids|_id|_ids|ID|IDs)$/.exec(target?.key ?? '')?.[1];
      if (kind === 'object' && keyKind) kind = kindFromMutation(keyKind);
      found.push({
        field: field.name,
        kind,
        target: target?.value,
        filtered: 'where' in field.args || 'filter' in field.args,
      });
    }
  }
  return found;
}

export interface GraphqlRequest {
  query: string;
  variables: Record<string, unknown>;
}

function asVariables(value: unknown): Record<string, unknown> {
  if (typeof value === 'string') {
    try {
      return asVariables(JSON.parse(value));
    } catch {
      return {};
    }
  }
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

function fromJson(value: unknown): GraphqlRequest[] {
  if (Array.isArray(value)) return value.flatMap(fromJson);
  if (value && typeof value === 'object' && typeof (value as { query?: unknown }).query === 'string') {
    const body = value as { query: string; variables?: unknown };
    return [{ query: body.query, variables: asVariables(body.variables) }];
  }
  return [];
}

function decodeForm(text: string): string {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '));
  } catch {
    return text;
  }
}

/** GraphQL requests inside a request body: JSON (`{"query": …, "variables": …}`, batches), form or raw. */
export function graphqlRequestsInBody(body: string): GraphqlRequest[] {
  const text = body.trim();
  if (!/mutation/i.test(text)) return [];
  if (text.startsWith('{') || text.startsWith('[')) {
    try {
      const requests = fromJson(JSON.parse(text));
      if (requests.length > 0) return requests;
    } catch {
      // Not valid JSON (shell variables left in, a stray quote): read the query string out of it below.
    }
    const query = /"query"\s*:\s*"((?:[^"\\]|\\.)*)"/s.exec(text)?.[1];
    if (query !== undefined) {
      let decoded = query;
      try {
        decoded = JSON.parse(`"${query}"`) as string;
      } catch {
        decoded = query.replace(/\\(.)/g, '$1');
      }
      const variables = /"variables"\s*:\s*(\{[^{}]*(?:\{[^{}]*\}[^{}]*)*\})/s.exec(text)?.[1];
      return [{ query: decoded, variables: asVariables(variables) }];
    }
    return [{ query: text.replace(/\\"/g, '"'), variables: {} }];
  }
  // application/x-www-form-urlencoded: query=mutation…&variables=…
  if (/(^|&)query=/.test(text)) {
    const params = new Map<string, string>();
    for (const pair of text.split('&')) {
      const eq = pair.indexOf('=');
      if (eq > 0) params.set(pair.slice(0, eq), decodeForm(pair.slice(eq + 1)));
    }
    return [{ query: params.get('query') ?? '', variables: asVariables(params.get('variables')) }];
  }
  // application/graphql: the document itself.
  return [{ query: text, variables: {} }];
}

// ---------------------------------------------------------------------------------------------------------
// URLs and REST resources.

export interface ParsedUrl {
  host: string;
  path: string;
  query: string;
}

/** Host, path and query of what a client accepts as a URL: `https://h/p`, `h/p`, `localhost:3000/p`, `:3000/p`. */
export function parseUrl(written: string): ParsedUrl | undefined {
  const match = /^(?:[a-z][a-z0-9+.-]*:\/\/)?(?:[^@/?#\s]*@)?(\[[^\]]*\]|[^:/?#\s]*)(?::[^/?#]*)?([^?#]*)(?:\?([^#]*))?/i.exec(written.trim());
  if (!match) return undefined;
  const host = match[1] === '' && written.trim().startsWith(':') ? 'localhost' : match[1];
  if (!host) return undefined;
  return { host: host.toLowerCase(), path: match[2] || '/', query: match[3] ?? '' };
}

const VERSION_SEGMENT = /^(v\d+[a-z0-9.]*|api|rest|latest)$/i;
/** Plural path words that group endpoints rather than list items (`/repos/o/r/actions/caches`). */
const NAMESPACE_SEGMENT = /^(actions|settings|admin|apis|internal|ops|tools|extensions)$/i;

/** `/v1/users/42` → user 42; `/repos/octo/app` → repo octo/app; `/my-index` → resource my-index. */
export function restResource(urlPath: string, host: string): { kind: string; name: string } {
  const segments = urlPath.split('/').filter(Boolean);
  const last = segments[segments.length - 1];
  if (!last) return { kind: 'site', name: host };
  const collection = (segment: string | undefined) => !!segment && !VERSION_SEGMENT.test(segment) && /^[A-Za-z][A-Za-z_-]*s$/.test(segment);
  const previous = segments[segments.length - 2];
  const beforePrevious = segments[segments.length - 3];
  // DELETE on a collection itself (`/v1/users`, `/actions/caches`) empties it.
  if (collection(last) && (!collection(previous) || NAMESPACE_SEGMENT.test(previous!))) return { kind: 'collection', name: last };
  if (collection(previous)) return { kind: singular(previous!), name: last };
  if (previous && !VERSION_SEGMENT.test(previous) && collection(beforePrevious)) return { kind: singular(beforePrevious!), name: `${previous}/${last}` };
  return { kind: 'resource', name: last };
}

/** Host-only hint: the path may hold ids and the query string may hold tokens; neither goes into messages. */
function urlHints(url: ParsedUrl): EnvironmentHint[] {
  return [{ source: 'host in URL', value: url.host }];
}

function shown(url: ParsedUrl): string {
  return `${url.host}${url.path === '/' ? '' : url.path}`;
}

function isRailwayApi(url: ParsedUrl): boolean {
  return /^backboard\.railway\.(app|com)$/.test(url.host);
}

/** Railway's public API (https://docs.railway.com/reference/public-api): what each delete mutation takes with it. */
const RAILWAY_MUTATIONS: Record<string, { blastRadius: string; risk: Risk }> = {
  volumeDelete: { blastRadius: 'Railway: deletes the volume, its data and every backup of it', risk: 'critical' },
  volumeInstanceBackupDelete: { blastRadius: 'Railway: deletes this backup of the volume; the volume can no longer be restored from it', risk: 'high' },
  projectDelete: { blastRadius: 'Railway: deletes the project with every service, database, volume and backup in it', risk: 'critical' },
  projectScheduleDelete: { blastRadius: 'Railway: schedules the project for deletion with every service, database, volume and backup in it', risk: 'critical' },
  environmentDelete: { blastRadius: 'Railway: deletes the environment with every service deployment, volume and variable in it', risk: 'critical' },
  serviceDelete: { blastRadius: 'Railway: deletes the service in every environment, with its deployments, variables and domains', risk: 'high' },
  pluginDelete: { blastRadius: 'Railway: deletes the database plugin and the data in it', risk: 'critical' },
  variableDelete: { blastRadius: 'Railway: deletes the variable; services reading it break on their next deploy', risk: 'medium' },
  deploymentRemove: { blastRadius: 'Railway: removes the deployment', risk: 'medium' },
  customDomainDelete: { blastRadius: 'Railway: deletes the custom domain; traffic to it stops', risk: 'medium' },
  serviceDomainDelete: { blastRadius: 'Railway: deletes the service domain; traffic to it stops', risk: 'medium' },
};

// ---------------------------------------------------------------------------------------------------------
// Findings, shared with `gh api` in git.ts.

export interface RequestFacts {
  method: string;
  url?: ParsedUrl;
  /** Bodies we could read, literal or from files. */
  bodies: string[];
  /** A body exists but its text is unknown (a variable, `$(…)`, a missing file, stdin). */
  opaqueBody: boolean;
}

/** What one HTTP request destroys: DELETE, POST to a delete endpoint, GraphQL delete mutations. */
export function requestFindings(inv: Invocation, ctx: RuleContext, request: RequestFacts, family = 'http', extraHints: EnvironmentHint[] = []): Detection[] {
  const { url } = request;
  const hints = [...(url ? urlHints(url) : []), ...extraHints];
  const environment = () => ctx.environment(inv, hints, 'remote');
  const found: Detection[] = [];
  const method = request.method.toUpperCase();

  const graphql: GraphqlRequest[] = request.bodies.flatMap(graphqlRequestsInBody);
  if (url && /(^|&)query=/.test(url.query)) graphql.push(...graphqlRequestsInBody(url.query));
  for (const { query, variables } of graphql) {
    for (const deletion of graphqlDeletions(query, variables)) {
      const railway = url && isRailwayApi(url) && Object.hasOwn(RAILWAY_MUTATIONS, deletion.field) ? RAILWAY_MUTATIONS[deletion.field] : undefined;
      const what = deletion.target !== undefined ? `the ${deletion.kind} ${JSON.stringify(deletion.target)}` : deletion.filtered ? `every ${deletion.kind} its filter matches` : `the ${deletion.kind}`;
      const api = url ? (isRailwayApi(url) ? 'Railway' : url.host) : 'the API';
      const blastRadius = railway
        ? `${railway.blastRadius} (GraphQL ${deletion.field} on ${what})`
        : `runs the GraphQL mutation ${deletion.field} on ${api}, which deletes ${what} and whatever the API deletes with it`;
      found.push(
        detection({
          rule: `${family}.graphql-delete`,
          tool: inv.program,
          action: 'graphql delete',
          resource: { kind: deletion.kind, name: deletion.target ?? (deletion.filtered ? `(every ${deletion.kind} matching the filter)` : `(${deletion.kind} not named)`) },
          environment: environment(),
          reversible: false,
          blastRadius,
          risk: railway?.risk ?? 'high',
          confirmText: deletion.target ?? deletion.field,
        }),
      );
    }
  }
  if (found.length > 0 || !url) return found;

  if (method === 'DELETE') {
    const resource = restResource(url.path, url.host);
    found.push(
      detection({
        rule: `${family}.delete`,
        tool: inv.program,
        action: 'delete',
        resource,
        environment: environment(),
        reversible: false,
        blastRadius:
          resource.kind === 'collection'
            ? `sends DELETE ${shown(url)}, which deletes the whole ${resource.name} collection and whatever the API deletes with it`
            : `sends DELETE ${shown(url)}, which deletes the ${resource.kind} ${JSON.stringify(resource.name)} and whatever the API deletes with it`,
        risk: 'high',
      }),
    );
    return found;
  }

  const lastSegment = url.path.split('/').filter(Boolean).pop() ?? '';
  if (['POST', 'PUT', 'PATCH'].includes(method) && lastSegment && !/graphql/i.test(lastSegment) && lastSegment.split(/[:]/).some((part) => namesDeletion(part))) {
    // Delete endpoints reached by POST: `/users/42/delete`, `/my-index/_delete_by_query`, `/projects/p:purge`.
    const parent = url.path.split('/').filter(Boolean).slice(0, -1);
    const resource =
      parent.length === 0
        ? { kind: 'endpoint', name: lastSegment }
        : lastSegment.startsWith('_') && parent.length === 1
          ? { kind: 'index', name: parent[0] } // Elasticsearch/OpenSearch: `/<index>/_delete_by_query`
          : parent.length === 1
            ? { kind: 'resource', name: parent[0] }
            : restResource(`/${parent.join('/')}`, url.host);
    found.push(
      detection({
        rule: `${family}.delete-endpoint`,
        tool: inv.program,
        action: 'delete endpoint',
        resource,
        environment: environment(),
        reversible: false,
        blastRadius: `sends ${method} to the delete endpoint ${shown(url)}, which deletes what it names on ${url.host}`,
        risk: 'high',
      }),
    );
    return found;
  }

  if (method === 'POST' && /graphql/i.test(url.path) && request.opaqueBody && graphql.length === 0 && !request.bodies.some((b) => /\bquery\b|\{/.test(b))) {
    found.push(
      detection({
        rule: `${family}.graphql-unseen-operation`,
        tool: inv.program,
        action: 'graphql unseen operation',
        resource: { kind: 'graphql endpoint', name: url.host },
        environment: environment(),
        reversible: false,
        blastRadius: `sends a GraphQL request to ${shown(url)} whose operation is only known when it runs; it may be a mutation that deletes`,
        risk: 'medium',
      }),
    );
  }
  return found;
}

// ---------------------------------------------------------------------------------------------------------
// curl

/** curl options that take a value (curl(1)); everything else is a flag. */
const CURL_VALUED_SHORT = new Set('bcCdDeEFHKmoPQrtTuUwxXyYzA'.split(''));
const CURL_VALUED_LONG = new Set([
  '--abstract-unix-socket', '--alt-svc', '--aws-sigv4', '--cacert', '--capath', '--cert', '--cert-type', '--ciphers', '--config',
  '--connect-timeout', '--connect-to', '--continue-at', '--cookie', '--cookie-jar', '--create-file-mode', '--crlfile', '--curves',
  '--data', '--data-ascii', '--data-binary', '--data-raw', '--data-urlencode', '--delegation', '--dns-interface', '--dns-ipv4-addr',
  '--dns-ipv6-addr', '--dns-servers', '--doh-url', '--dump-header', '--ech', '--egd-file', '--engine', '--etag-compare', '--etag-save',
  '--expect100-timeout', '--form', '--form-string', '--ftp-account', '--ftp-alternative-to-user', '--ftp-method', '--ftp-port',
  '--ftp-ssl-ccc-mode', '--happy-eyeballs-timeout-ms', '--haproxy-clientip', '--header', '--hostpubmd5', '--hostpubsha256', '--hsts',
  '--interface', '--ip-tos', '--ipfs-gateway', '--json', '--keepalive-time', '--key', '--key-type', '--krb', '--libcurl', '--limit-rate',
  '--local-port', '--login-options', '--mail-auth', '--mail-from', '--mail-rcpt', '--max-filesize', '--max-redirs', '--max-time',
  '--netrc-file', '--noproxy', '--oauth2-bearer', '--output', '--output-dir', '--parallel-max', '--pass', '--pinnedpubkey', '--preproxy',
  '--proto', '--proto-default', '--proto-redir', '--proxy', '--proxy-cacert', '--proxy-capath', '--proxy-cert', '--proxy-cert-type',
  '--proxy-ciphers', '--proxy-crlfile', '--proxy-header', '--proxy-key', '--proxy-key-type', '--proxy-pass', '--proxy-pinnedpubkey',
  '--proxy-service-name', '--proxy-tls13-ciphers', '--proxy-tlsauthtype', '--proxy-tlspassword', '--proxy-tlsuser', '--proxy-user',
  '--proxy1.0', '--pubkey', '--quote', '--random-file', '--range', '--rate', '--referer', '--request', '--request-target', '--resolve',
  '--retry', '--retry-delay', '--retry-max-time', '--sasl-authzid', '--service-name', '--socks4', '--socks4a', '--socks5',
  '--socks5-gssapi-service', '--socks5-hostname', '--speed-limit', '--speed-time', '--stderr', '--telnet-option', '--tftp-blksize',
  '--time-cond', '--tls-max', '--tls13-ciphers', '--tlsauthtype', '--tlspassword', '--tlsuser', '--trace', '--trace-ascii', '--trace-config',
  '--unix-socket', '--upload-file', '--url', '--url-query', '--user', '--user-agent', '--variable', '--write-out',
]);
const CURL_SHORT_TO_LONG: Record<string, string> = { d: '--data', X: '--request', F: '--form', T: '--upload-file', H: '--header', u: '--user' };

interface CurlOption {
  name: string;
  value: string;
  dynamic: boolean;
}

interface CurlTransfer {
  options: CurlOption[];
  flags: Set<string>;
  urls: string[];
}

/** Splits curl's arguments into transfers (`--next` starts a new one) of options, flags and URLs. */
function readCurl(inv: Invocation): CurlTransfer[] {
  const args = inv.argv.slice(1);
  const transfers: CurlTransfer[] = [{ options: [], flags: new Set(), urls: [] }];
  let current = transfers[0];
  let onlyUrls = false;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    const dynamic = inv.dynamic[i + 1] ?? false;
    if (onlyUrls || !arg.startsWith('-') || arg === '-') {
      current.urls.push(arg);
      continue;
    }
    if (arg === '--') {
      onlyUrls = true;
      continue;
    }
    if (arg === '-:' || arg === '--next') {
      current = { options: [], flags: new Set(), urls: [] };
      transfers.push(current);
      continue;
    }
    if (arg.startsWith('--')) {
      const eq = arg.indexOf('=');
      const name = eq > 0 ? arg.slice(0, eq) : arg;
      if (CURL_VALUED_LONG.has(name)) {
        // curl itself only takes the next argument; `--request=DELETE` is accepted here too, to be lenient.
        const value = eq > 0 ? arg.slice(eq + 1) : args[++i] ?? '';
        current.options.push({ name, value, dynamic: eq > 0 ? dynamic : inv.dynamic[i + 1] ?? false });
      } else {
        current.flags.add(name);
      }
      continue;
    }
    // Short options bundle (`-sSfL`); a valued one takes the rest of the word or the next argument (`-XDELETE`, `-sX DELETE`).
    for (let j = 1; j < arg.length; j++) {
      const letter = arg[j];
      if (CURL_VALUED_SHORT.has(letter)) {
        const rest = arg.slice(j + 1);
        const value = rest || (args[++i] ?? '');
        current.options.push({ name: CURL_SHORT_TO_LONG[letter] ?? `-${letter}`, value, dynamic: rest ? dynamic : inv.dynamic[i + 1] ?? false });
        break;
      }
      current.flags.add(`-${letter}`);
    }
  }
  for (const transfer of transfers) {
    for (const option of transfer.options) if (option.name === '--url') transfer.urls.push(option.value);
  }
  return transfers;
}

const CURL_DATA_OPTIONS = new Set(['--data', '--data-ascii', '--data-binary', '--data-raw', '--data-urlencode', '--json', '--form', '--form-string', '-F']);

/** The text a `@file` or `@-` argument stands for, when it can be read now. */
function readArgumentFile(inv: Invocation, ctx: RuleContext, file: string): string | undefined {
  if (file === '-') {
    const fed = stdinText(inv.stdin, ctx.readText, ctx.home);
    return fed?.known ? fed.text : undefined;
  }
  return ctx.readText(resolvePath(inv.cwd, file, ctx.home));
}

function curlBodies(inv: Invocation, ctx: RuleContext, transfer: CurlTransfer): { bodies: string[]; opaque: boolean } {
  const bodies: string[] = [];
  let opaque = false;
  const add = (text: string | undefined, dynamic: boolean) => {
    if (text === undefined) opaque = true;
    else {
      bodies.push(text);
      if (dynamic) opaque = true;
    }
  };
  for (const option of transfer.options) {
    if (!CURL_DATA_OPTIONS.has(option.name)) continue;
    const value = option.value;
    if (option.name === '--data-raw' || option.name === '--form-string') add(value, option.dynamic);
    else if (option.name === '--data-urlencode') {
      // `content`, `=content`, `name=content`, `@file`, `name@file` (curl(1) --data-urlencode).
      const at = /^([^=@]*)@(.+)$/.exec(value);
      if (at) add(readArgumentFile(inv, ctx, at[2]), option.dynamic);
      else add(value.replace(/^=/, ''), option.dynamic);
    } else if (option.name === '--form') {
      // `name=value`, `name=@file` (upload), `name=<file` (file content as the value).
      const file = /^[^=]*=[<@]([^;]+)/.exec(value);
      add(file ? readArgumentFile(inv, ctx, file[1]) : value.replace(/^[^=]*=/, ''), option.dynamic);
    } else if (value.startsWith('@')) add(readArgumentFile(inv, ctx, value.slice(1)), option.dynamic);
    else add(value, option.dynamic);
  }
  if (transfer.options.some((o) => o.name === '--upload-file')) opaque = true;
  return { bodies, opaque };
}

function curlMethod(transfer: CurlTransfer): string {
  const explicit = transfer.options.filter((o) => o.name === '--request').pop()?.value;
  if (explicit) return explicit;
  if (transfer.flags.has('-I') || transfer.flags.has('--head')) return 'HEAD';
  if (transfer.flags.has('-G') || transfer.flags.has('--get')) return 'GET';
  if (transfer.options.some((o) => o.name === '--upload-file')) return 'PUT';
  return transfer.options.some((o) => CURL_DATA_OPTIONS.has(o.name)) ? 'POST' : 'GET';
}

const curlRule: CommandRule = {
  family: 'http',
  programs: ['curl'],
  detect(inv, ctx) {
    const args = inv.argv.slice(1);
    if (args.some((a) => ['--help', '-h', '--version', '-V', '--manual', '-M'].includes(a))) return [];
    const found: Detection[] = [];
    for (const transfer of readCurl(inv)) {
      const method = curlMethod(transfer);
      const { bodies, opaque } = curlBodies(inv, ctx, transfer);
      const urls = transfer.urls.map(parseUrl).filter((u): u is ParsedUrl => !!u);
      if (urls.length === 0 && bodies.length > 0) found.push(...requestFindings(inv, ctx, { method, bodies, opaqueBody: opaque }));
      for (const url of urls) found.push(...requestFindings(inv, ctx, { method, url, bodies, opaqueBody: opaque }));
    }
    return found;
  },
};

// ---------------------------------------------------------------------------------------------------------
// wget

const WGET_VALUED_SHORT = new Set('OoaiBtTwQPUelARDIX'.split(''));

const wgetRule: CommandRule = {
  family: 'http',
  programs: ['wget', 'wget2'],
  detect(inv, ctx) {
    const args = inv.argv.slice(1);
    if (args.some((a) => ['--help', '-h', '--version', '-V', '--spider'].includes(a))) return [];
    let method: string | undefined;
    const bodies: string[] = [];
    let opaque = false;
    const urls: string[] = [];
    for (let i = 0; i < args.length; i++) {
      const arg = args[i];
      if (arg.startsWith('--')) {
        const eq = arg.indexOf('=');
        const name = eq > 0 ? arg.slice(0, eq) : arg;
        const valueOf = () => (eq > 0 ? arg.slice(eq + 1) : args[++i] ?? '');
        if (name === '--method') method = valueOf();
        else if (name === '--body-data' || name === '--post-data') {
          const dynamic = inv.dynamic[eq > 0 ? i + 1 : i + 2] ?? false;
          const value = valueOf();
          bodies.push(value);
          opaque ||= dynamic;
          method ??= name === '--post-data' ? 'POST' : undefined;
        } else if (name === '--body-file' || name === '--post-file') {
          const text = readArgumentFile(inv, ctx, valueOf());
          if (text === undefined) opaque = true;
          else bodies.push(text);
          method ??= name === '--post-file' ? 'POST' : undefined;
        } else if (eq < 0 && /^--(output-document|output-file|append-output|input-file|base|tries|timeout|wait|quota|directory-prefix|user-agent|execute|level|accept|reject|domains|include-directories|exclude-directories|header|user|password|http-user|http-password|referer|load-cookies|save-cookies|ca-certificate|certificate|private-key)$/.test(name)) {
          i++;
        }
        continue;
      }
      if (arg.startsWith('-') && arg.length > 1) {
        const valued = [...arg.slice(1)].findIndex((letter) => WGET_VALUED_SHORT.has(letter));
        if (valued >= 0 && valued === arg.length - 2) i++;
        continue;
      }
      urls.push(arg);
    }
    const found: Detection[] = [];
    for (const url of urls.map(parseUrl).filter((u): u is ParsedUrl => !!u)) {
      found.push(...requestFindings(inv, ctx, { method: method ?? 'GET', url, bodies, opaqueBody: opaque }));
    }
    return found;
  },
};

// ---------------------------------------------------------------------------------------------------------
// HTTPie (`http`, `https`) and xh (`xh`, `xhs`): `http [flags] [METHOD] URL [items]`.

const HTTPIE_VALUED = new Set([
  '-a', '--auth', '-A', '--auth-type', '-o', '--output', '--session', '--session-read-only', '--verify', '--cert', '--cert-key',
  '--cert-key-pass', '--proxy', '--timeout', '--max-redirects', '-p', '--print', '-P', '--history-print', '--pretty', '-s', '--style',
  '--format-options', '--boundary', '--raw', '--default-scheme', '--ssl', '--ciphers', '--response-charset', '--response-mime',
  '--max-headers', '--chunked-size', '--bearer', '--unix-socket', '--http-version', '--resolve', '--interface', '--local-port',
]);

/** HTTPie picks the separator that comes first in an item, the longest at that place (httpie docs, "Request items"). */
function splitItem(item: string): { key: string; separator: string; value: string } | undefined {
  const separators = [':=@', '==@', '=@', '==', ':=', '=', '@', ':'];
  let best: { index: number; separator: string } | undefined;
  for (const separator of separators) {
    let index = item.indexOf(separator);
    // An escaped separator (`a\=b`) is part of the key.
    while (index > 0 && item[index - 1] === '\\') index = item.indexOf(separator, index + 1);
    if (index < 0) continue;
    if (!best || index < best.index || (index === best.index && separator.length > best.separator.length)) best = { index, separator };
  }
  if (!best) return undefined;
  return { key: item.slice(0, best.index), separator: best.separator, value: item.slice(best.index + best.separator.length) };
}

const httpieRule: CommandRule = {
  family: 'http',
  programs: ['http', 'https', 'xh', 'xhs'],
  detect(inv, ctx) {
    const args = inv.argv.slice(1);
    if (args.some((a) => ['--help', '-h', '--version', '--offline', '--curl', '--curl-long'].includes(a))) return [];
    const positional: { text: string; dynamic: boolean }[] = [];
    let raw: { text: string; dynamic: boolean } | undefined;
    for (let i = 0; i < args.length; i++) {
      const arg = args[i];
      if (arg === '--') {
        positional.push(...args.slice(i + 1).map((text, k) => ({ text, dynamic: inv.dynamic[i + 2 + k] ?? false })));
        break;
      }
      if (arg.startsWith('-') && arg.length > 1) {
        const name = arg.includes('=') ? arg.slice(0, arg.indexOf('=')) : arg;
        if (name === '--raw') raw = { text: arg.includes('=') ? arg.slice(arg.indexOf('=') + 1) : args[i + 1] ?? '', dynamic: inv.dynamic[arg.includes('=') ? i + 1 : i + 2] ?? false };
        if (HTTPIE_VALUED.has(name) && !arg.includes('=')) i++;
        continue;
      }
      positional.push({ text: arg, dynamic: inv.dynamic[i + 1] ?? false });
    }
    if (positional.length === 0) return [];
    let method: string | undefined;
    if (positional.length >= 2 && /^[A-Za-z]+$/.test(positional[0].text)) method = positional.shift()!.text.toUpperCase();
    const url = parseUrl(positional[0].text);
    if (!url) return [];
    const fields: Record<string, unknown> = {};
    const bodies: string[] = [];
    let opaque = false;
    for (const item of positional.slice(1)) {
      const split = splitItem(item.text);
      if (!split) continue;
      opaque ||= item.dynamic;
      const fileText = (file: string) => {
        const text = readArgumentFile(inv, ctx, file);
        if (text === undefined) opaque = true;
        return text ?? '';
      };
      if (split.separator === '=') fields[split.key] = split.value;
      else if (split.separator === ':=') fields[split.key] = parseJson(split.value);
      else if (split.separator === '=@') fields[split.key] = fileText(split.value);
      else if (split.separator === ':=@') fields[split.key] = parseJson(fileText(split.value));
    }
    if (Object.keys(fields).length > 0) bodies.push(JSON.stringify(fields));
    if (raw) {
      bodies.push(raw.text);
      opaque ||= raw.dynamic;
    } else if (inv.stdin && !args.includes('--ignore-stdin') && !args.includes('-I')) {
      const fed = stdinText(inv.stdin, ctx.readText, ctx.home);
      if (fed?.known) bodies.push(fed.text);
      else opaque = true;
    }
    method ??= bodies.length > 0 || opaque ? 'POST' : 'GET';
    return requestFindings(inv, ctx, { method, url, bodies, opaqueBody: opaque });
  },
};

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

export const rules: readonly CommandRule[] = [curlRule, wgetRule, httpieRule];
