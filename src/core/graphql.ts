// GraphQL: a small reader for operations, root fields and their arguments, enough to name what a mutation
// deletes. Shared by the HTTP clients' rules and `gh api graphql`.
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
          value +=
            escaped === 'n'
              ? '\n'
              : escaped === 't'
                ? '\t'
                : escaped === 'u'
                  ? String.fromCharCode(parseInt(source.slice(j + 2, j + 6), 16) || 0x3f)
                  : escaped;
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
const DESTRUCTIVE_WORD =
  /^(delete[sd]?|deletion|deleteall|deletemany|destroy(s|ed)?|remove[sd]?|removal|drop(s|ped)?|purge[sd]?|wipe[sd]?|truncate[sd]?|terminate[sd]?|erase[sd]?|nuke[sd]?)$/;
/** Words in a mutation name that say how, not what (`deleteManyUsers`, `delete_users_by_pk`). */
const FILLER_WORDS = new Set([
  'by',
  'pk',
  'many',
  'all',
  'one',
  'bulk',
  'batch',
  'permanently',
  'permanent',
  'hard',
  'soft',
  'force',
  'mutation',
  'schedule',
]);
const PREPOSITIONS = new Set(['from', 'in', 'on', 'of', 'for', 'to', 'with', 'at']);

/** True when a name (GraphQL field, URL segment) says it deletes. `dropdownUpdate` and `undelete` do not. */
export function namesDeletion(name: string): boolean {
  const words = nameWords(name);
  if (words.some((word) => DESTRUCTIVE_WORD.test(word))) return true;
  // `volumedelete`: one lowercase word; fall back to a substring match.
  return (
    words.length === 1 &&
    /^[a-z]+$/.test(name) &&
    DESTRUCTIVE_VERBS.some((verb) => name.includes(verb) && !name.startsWith(`un${verb}`) && name !== `${verb}d`)
  );
}

const IRREGULAR_SINGULAR: Record<string, string> = {
  heads: 'branch',
  refs: 'ref',
  indices: 'index',
  indexes: 'index',
  people: 'person',
  children: 'child',
  data: 'data',
  aliases: 'alias',
  statuses: 'status',
  addresses: 'address',
};

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
