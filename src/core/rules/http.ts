// HTTP clients talking to an API directly: curl, wget, HTTPie (`http`/`https`), xh, curlie and grpcurl. What
// destroys is a DELETE request (also as a POST with a method override), a POST to a delete endpoint, a gRPC method
// named for deleting, or a GraphQL mutation whose root field deletes something
// (the Railway incident was one `curl … volumeDelete` call). Reading, creating and updating stay allowed.
import type { EnvironmentHint } from '../environment';
import type { Invocation } from '../invocation';
import { resolvePath } from '../shellReader';
import { stdinText } from '../stdin';
import type { Risk } from '../types';
import { graphqlDeletions, graphqlRequestsInBody, namesDeletion, singular, type GraphqlRequest } from '../graphql';
import { detection, type CommandRule, type Detection, type RuleContext } from './rule';

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
  if (previous && !VERSION_SEGMENT.test(previous) && collection(beforePrevious))
    return { kind: singular(beforePrevious!), name: `${previous}/${last}` };
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
  volumeInstanceBackupDelete: {
    blastRadius: 'Railway: deletes this backup of the volume; the volume can no longer be restored from it',
    risk: 'high',
  },
  projectDelete: { blastRadius: 'Railway: deletes the project with every service, database, volume and backup in it', risk: 'critical' },
  projectScheduleDelete: {
    blastRadius: 'Railway: schedules the project for deletion with every service, database, volume and backup in it',
    risk: 'critical',
  },
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
  /** Request headers as written (`Name: value`). */
  headers?: string[];
}

/**
 * The method the server acts on: frameworks honour `X-HTTP-Method-Override: DELETE` (and its variants) on a POST,
 * and Rails, Laravel and Symfony a `_method=DELETE` parameter.
 */
function effectiveMethod(request: RequestFacts): string {
  const override = (request.headers ?? [])
    .map((header) => /^\s*x-(?:http-)?method(?:-override)?\s*:\s*([A-Za-z]+)\s*$/i.exec(header)?.[1])
    .find(Boolean);
  if (override) return override.toUpperCase();
  const parameter = [request.url?.query ?? '', ...request.bodies]
    .map((text) => /(?:^|[&?\s"{,])_method["']?\s*[=:]\s*["']?([A-Za-z]+)/.exec(text)?.[1])
    .find(Boolean);
  if (parameter && request.method.toUpperCase() === 'POST') return parameter.toUpperCase();
  return request.method.toUpperCase();
}

/** What one HTTP request destroys: DELETE, POST to a delete endpoint, GraphQL delete mutations. */
export function requestFindings(
  inv: Invocation,
  ctx: RuleContext,
  request: RequestFacts,
  family = 'http',
  extraHints: EnvironmentHint[] = [],
): Detection[] {
  const { url } = request;
  const hints = [...(url ? urlHints(url) : []), ...extraHints];
  const environment = () => ctx.environment(inv, hints, 'remote');
  const found: Detection[] = [];
  const method = effectiveMethod(request);

  const graphql: GraphqlRequest[] = request.bodies.flatMap(graphqlRequestsInBody);
  if (url && /(^|&)query=/.test(url.query)) graphql.push(...graphqlRequestsInBody(url.query));
  for (const { query, variables } of graphql) {
    for (const deletion of graphqlDeletions(query, variables)) {
      const railway = url && isRailwayApi(url) && Object.hasOwn(RAILWAY_MUTATIONS, deletion.field) ? RAILWAY_MUTATIONS[deletion.field] : undefined;
      const what =
        deletion.target !== undefined
          ? `the ${deletion.kind} ${JSON.stringify(deletion.target)}`
          : deletion.filtered
            ? `every ${deletion.kind} its filter matches`
            : `the ${deletion.kind}`;
      const api = url ? (isRailwayApi(url) ? 'Railway' : url.host) : 'the API';
      const blastRadius = railway
        ? `${railway.blastRadius} (GraphQL ${deletion.field} on ${what})`
        : `runs the GraphQL mutation ${deletion.field} on ${api}, which deletes ${what} and whatever the API deletes with it`;
      found.push(
        detection({
          rule: `${family}.graphql-delete`,
          tool: inv.program,
          action: 'graphql delete',
          resource: {
            kind: deletion.kind,
            name: deletion.target ?? (deletion.filtered ? `(every ${deletion.kind} matching the filter)` : `(${deletion.kind} not named)`),
          },
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
  if (
    ['POST', 'PUT', 'PATCH'].includes(method) &&
    lastSegment &&
    !/graphql/i.test(lastSegment) &&
    lastSegment.split(/[:]/).some((part) => namesDeletion(part))
  ) {
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

  if (
    method === 'POST' &&
    /graphql/i.test(url.path) &&
    request.opaqueBody &&
    graphql.length === 0 &&
    !request.bodies.some((b) => /\bquery\b|\{/.test(b))
  ) {
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
  '--abstract-unix-socket',
  '--alt-svc',
  '--aws-sigv4',
  '--cacert',
  '--capath',
  '--cert',
  '--cert-type',
  '--ciphers',
  '--config',
  '--connect-timeout',
  '--connect-to',
  '--continue-at',
  '--cookie',
  '--cookie-jar',
  '--create-file-mode',
  '--crlfile',
  '--curves',
  '--data',
  '--data-ascii',
  '--data-binary',
  '--data-raw',
  '--data-urlencode',
  '--delegation',
  '--dns-interface',
  '--dns-ipv4-addr',
  '--dns-ipv6-addr',
  '--dns-servers',
  '--doh-url',
  '--dump-header',
  '--ech',
  '--egd-file',
  '--engine',
  '--etag-compare',
  '--etag-save',
  '--expect100-timeout',
  '--form',
  '--form-string',
  '--ftp-account',
  '--ftp-alternative-to-user',
  '--ftp-method',
  '--ftp-port',
  '--ftp-ssl-ccc-mode',
  '--happy-eyeballs-timeout-ms',
  '--haproxy-clientip',
  '--header',
  '--hostpubmd5',
  '--hostpubsha256',
  '--hsts',
  '--interface',
  '--ip-tos',
  '--ipfs-gateway',
  '--json',
  '--keepalive-time',
  '--key',
  '--key-type',
  '--krb',
  '--libcurl',
  '--limit-rate',
  '--local-port',
  '--login-options',
  '--mail-auth',
  '--mail-from',
  '--mail-rcpt',
  '--max-filesize',
  '--max-redirs',
  '--max-time',
  '--netrc-file',
  '--noproxy',
  '--oauth2-bearer',
  '--output',
  '--output-dir',
  '--parallel-max',
  '--pass',
  '--pinnedpubkey',
  '--preproxy',
  '--proto',
  '--proto-default',
  '--proto-redir',
  '--proxy',
  '--proxy-cacert',
  '--proxy-capath',
  '--proxy-cert',
  '--proxy-cert-type',
  '--proxy-ciphers',
  '--proxy-crlfile',
  '--proxy-header',
  '--proxy-key',
  '--proxy-key-type',
  '--proxy-pass',
  '--proxy-pinnedpubkey',
  '--proxy-service-name',
  '--proxy-tls13-ciphers',
  '--proxy-tlsauthtype',
  '--proxy-tlspassword',
  '--proxy-tlsuser',
  '--proxy-user',
  '--proxy1.0',
  '--pubkey',
  '--quote',
  '--random-file',
  '--range',
  '--rate',
  '--referer',
  '--request',
  '--request-target',
  '--resolve',
  '--retry',
  '--retry-delay',
  '--retry-max-time',
  '--sasl-authzid',
  '--service-name',
  '--socks4',
  '--socks4a',
  '--socks5',
  '--socks5-gssapi-service',
  '--socks5-hostname',
  '--speed-limit',
  '--speed-time',
  '--stderr',
  '--telnet-option',
  '--tftp-blksize',
  '--time-cond',
  '--tls-max',
  '--tls13-ciphers',
  '--tlsauthtype',
  '--tlspassword',
  '--tlsuser',
  '--trace',
  '--trace-ascii',
  '--trace-config',
  '--unix-socket',
  '--upload-file',
  '--url',
  '--url-query',
  '--user',
  '--user-agent',
  '--variable',
  '--write-out',
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
        const value = eq > 0 ? arg.slice(eq + 1) : (args[++i] ?? '');
        current.options.push({ name, value, dynamic: eq > 0 ? dynamic : (inv.dynamic[i + 1] ?? false) });
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
        current.options.push({ name: CURL_SHORT_TO_LONG[letter] ?? `-${letter}`, value, dynamic: rest ? dynamic : (inv.dynamic[i + 1] ?? false) });
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

const CURL_DATA_OPTIONS = new Set([
  '--data',
  '--data-ascii',
  '--data-binary',
  '--data-raw',
  '--data-urlencode',
  '--json',
  '--form',
  '--form-string',
  '-F',
]);

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
      const headers = transfer.options.filter((o) => o.name === '--header').map((o) => o.value);
      if (urls.length === 0 && bodies.length > 0) found.push(...requestFindings(inv, ctx, { method, bodies, opaqueBody: opaque, headers }));
      for (const url of urls) found.push(...requestFindings(inv, ctx, { method, url, bodies, opaqueBody: opaque, headers }));
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
    const headers: string[] = [];
    let opaque = false;
    const urls: string[] = [];
    for (let i = 0; i < args.length; i++) {
      const arg = args[i];
      if (arg.startsWith('--')) {
        const eq = arg.indexOf('=');
        const name = eq > 0 ? arg.slice(0, eq) : arg;
        const valueOf = () => (eq > 0 ? arg.slice(eq + 1) : (args[++i] ?? ''));
        if (name === '--method') method = valueOf();
        else if (name === '--header') headers.push(valueOf());
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
        } else if (
          eq < 0 &&
          /^--(output-document|output-file|append-output|input-file|base|tries|timeout|wait|quota|directory-prefix|user-agent|execute|level|accept|reject|domains|include-directories|exclude-directories|user|password|http-user|http-password|referer|load-cookies|save-cookies|ca-certificate|certificate|private-key)$/.test(
            name,
          )
        ) {
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
      found.push(...requestFindings(inv, ctx, { method: method ?? 'GET', url, bodies, opaqueBody: opaque, headers }));
    }
    return found;
  },
};

// ---------------------------------------------------------------------------------------------------------
// HTTPie (`http`, `https`) and xh (`xh`, `xhs`): `http [flags] [METHOD] URL [items]`.

const HTTPIE_VALUED = new Set([
  '-a',
  '--auth',
  '-A',
  '--auth-type',
  '-o',
  '--output',
  '--session',
  '--session-read-only',
  '--verify',
  '--cert',
  '--cert-key',
  '--cert-key-pass',
  '--proxy',
  '--timeout',
  '--max-redirects',
  '-p',
  '--print',
  '-P',
  '--history-print',
  '--pretty',
  '-s',
  '--style',
  '--format-options',
  '--boundary',
  '--raw',
  '--default-scheme',
  '--ssl',
  '--ciphers',
  '--response-charset',
  '--response-mime',
  '--max-headers',
  '--chunked-size',
  '--bearer',
  '--unix-socket',
  '--http-version',
  '--resolve',
  '--interface',
  '--local-port',
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
  // curlie takes HTTPie's `[METHOD] URL [items]` (and curl's -X, read here as a method word).
  programs: ['http', 'https', 'xh', 'xhs', 'curlie'],
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
        if (name === '--raw')
          raw = {
            text: arg.includes('=') ? arg.slice(arg.indexOf('=') + 1) : (args[i + 1] ?? ''),
            dynamic: inv.dynamic[arg.includes('=') ? i + 1 : i + 2] ?? false,
          };
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
    const headers: string[] = [];
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
      if (split.separator === ':') headers.push(`${split.key}: ${split.value}`);
      else if (split.separator === '=') fields[split.key] = split.value;
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
    return requestFindings(inv, ctx, { method, url, bodies, opaqueBody: opaque, headers });
  },
};

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

// ---------------------------------------------------------------------------------------------------------
// grpcurl (github.com/fullstorydev/grpcurl): `grpcurl [flags] ADDRESS SERVICE/METHOD`. A method named for deleting
// (`DeleteUser`, `PurgeQueue`) deletes, as a DELETE request does; `list` and `describe` only read.

const GRPCURL_VALUED = new Set([
  '-d',
  '-H',
  '-rpc-header',
  '-reflect-header',
  '-import-path',
  '-proto',
  '-protoset',
  '-protoset-out',
  '-authority',
  '-cert',
  '-key',
  '-cacert',
  '-servername',
  '-connect-timeout',
  '-keepalive-time',
  '-max-msg-sz',
  '-format',
  '-user-agent',
  '-max-time',
  '-expand-headers',
  '-alts-handshaker-service',
  '-alts-target-service-account',
]);

const grpcurlRule: CommandRule = {
  family: 'http',
  programs: ['grpcurl'],
  detect(inv, ctx) {
    const args = inv.argv.slice(1);
    if (args.some((a) => a === '-help' || a === '--help' || a === '-version')) return [];
    const words: string[] = [];
    for (let i = 0; i < args.length; i++) {
      const name = args[i].replace(/^--/, '-').split('=')[0];
      if (args[i].startsWith('-')) {
        if (GRPCURL_VALUED.has(name) && !args[i].includes('=')) i++;
        continue;
      }
      words.push(args[i]);
    }
    const [address, symbol] = words;
    if (!address || !symbol || address === 'list' || address === 'describe' || symbol === 'list' || symbol === 'describe') return [];
    const method = symbol.split(/[/.]/).pop() ?? '';
    if (!namesDeletion(method)) return [];
    const host = address.replace(/^[a-z]+:\/\//i, '').replace(/:\d+$/, '');
    const target = /"(?:id|name|[a-z]+_?id)"\s*:\s*"?([^",}]+)"?/i.exec(args[args.indexOf('-d') + 1] ?? '')?.[1];
    return [
      detection({
        rule: 'http.grpc-delete',
        tool: inv.program,
        action: 'grpc delete',
        resource: target
          ? { kind: singular(method.replace(/^(delete|remove|destroy|purge|drop|truncate|wipe|erase|batchdelete)/i, '') || 'resource'), name: target }
          : { kind: 'grpc method', name: symbol },
        environment: ctx.environment(inv, [{ source: 'host', value: host }], 'remote'),
        reversible: false,
        blastRadius: `calls ${symbol} on ${host}, which deletes ${target ? `the object ${target}` : 'what the request names'} and whatever the service deletes with it`,
        risk: 'high',
        confirmText: target ?? method,
      }),
    ];
  },
};

export const rules: readonly CommandRule[] = [curlRule, wgetRule, httpieRule, grpcurlRule];
