// Decides which environment a command acts on from what the command itself says: flags, variable
// prefixes, hostnames, URLs and directories. Nothing named means `unknown`, gated like production.
import { minimatch } from 'minimatch';
import type { EnvironmentName, EnvironmentVerdict } from './types';
import type { Invocation } from './invocation';

export interface EnvironmentHint {
  /** Where the value came from, as the person would recognise it: `--environment`, `-n`, `host in URL`. */
  source: string;
  value: string;
  /** The tool itself fixes the meaning (`vercel --prod`), whatever the value's words. */
  meaning?: EnvironmentName;
  /** Weak evidence (a file path, a directory): it may say production or staging, never lower the risk. */
  onlyRaise?: boolean;
}

export interface NamedEnvironments {
  /** Globs over names (contexts, profiles, hosts, projects) that a policy says mean this environment. */
  production?: string[];
  staging?: string[];
  development?: string[];
  local?: string[];
}

const SEVERITY: Record<EnvironmentName, number> = { unknown: 5, production: 4, staging: 3, development: 2, local: 1 };

const WORDS: [EnvironmentName, Set<string>][] = [
  ['production', new Set(['prod', 'production', 'prd', 'live', 'prods'])],
  ['staging', new Set(['staging', 'stage', 'stg', 'stag', 'preprod', 'uat', 'qa', 'acceptance'])],
  ['development', new Set(['dev', 'develop', 'development', 'test', 'testing', 'sandbox', 'preview', 'ci', 'demo', 'scratch'])],
];

const LOCAL_HOST = /^(localhost|127(\.\d{1,3}){3}|::1|\[::1\]|0\.0\.0\.0|host\.docker\.internal|[\w.-]+\.localhost|[\w-]+\.local)$/i;
const LOCAL_NAMES = new Set(['local', 'docker-desktop', 'minikube', 'orbstack', 'colima', 'rancher-desktop', 'desktop-linux']);
const LOCAL_PREFIXES = ['kind-', 'k3d-', 'minikube-'];

/** Variables frameworks read to pick their environment; honoured for every tool that runs app code. */
export const APP_ENVIRONMENT_VARIABLES = [
  'RAILS_ENV',
  'RACK_ENV',
  'NODE_ENV',
  'APP_ENV',
  'ENVIRONMENT',
  'ENV',
  'STAGE',
  'MIX_ENV',
  'FLASK_ENV',
  'DJANGO_SETTINGS_MODULE',
  'ASPNETCORE_ENVIRONMENT',
  'DOTNET_ENVIRONMENT',
  'SPRING_PROFILES_ACTIVE',
  'LARAVEL_ENV',
  'RAILWAY_ENVIRONMENT',
  'RAILWAY_ENVIRONMENT_NAME',
  'VERCEL_ENV',
  'DEPLOY_ENV',
  'TARGET_ENV',
];

/** Variables holding a connection URL whose host names the environment. */
export const CONNECTION_URL_VARIABLES = [
  'DATABASE_URL',
  'POSTGRES_URL',
  'POSTGRES_PRISMA_URL',
  'MYSQL_URL',
  'MONGODB_URI',
  'MONGO_URL',
  'REDIS_URL',
  'PGHOST',
];

function tokens(name: string): string[] {
  return name
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .map((token) => token.replace(/\d+$/, ''))
    .filter(Boolean);
}

export class EnvironmentResolver {
  constructor(private readonly named: NamedEnvironments = {}) {}

  /** The environment a single name suggests, or undefined when its words name none. */
  classify(name: string): EnvironmentName | undefined {
    const trimmed = name.trim();
    if (!trimmed) return undefined;
    for (const environment of ['production', 'staging', 'development', 'local'] as const) {
      if (this.named[environment]?.some((glob) => minimatch(trimmed, glob, { nocase: true, dot: true }))) return environment;
    }
    const host = hostOf(trimmed) ?? trimmed;
    if (LOCAL_HOST.test(host) || LOCAL_NAMES.has(trimmed.toLowerCase()) || LOCAL_PREFIXES.some((p) => trimmed.toLowerCase().startsWith(p))) {
      return 'local';
    }
    const words = tokens(trimmed);
    for (const [environment, vocabulary] of WORDS) {
      // Several words (`prod-copy-for-dev`) resolve to the most dangerous one: never guess low.
      if (words.some((word) => vocabulary.has(word))) return environment;
    }
    return undefined;
  }

  /**
   * Weighs everything the command says about its target. `kind: 'local'` tools (rm, git, docker without
   * a remote host) act on this machine unless run over ssh; remote tools are `unknown` until named.
   */
  resolve(inv: Invocation, hints: EnvironmentHint[], kind: 'local' | 'remote'): EnvironmentVerdict {
    const found: EnvironmentVerdict[] = [];
    const consider = (source: string, value: string, meaning?: EnvironmentName, onlyRaise = false) => {
      const name = meaning ?? this.classify(value);
      if (!name) return;
      if (onlyRaise && SEVERITY[name] < SEVERITY.staging) return;
      found.push({ name, evidence: `${source} ${JSON.stringify(value)}` });
    };

    if (inv.remoteHost) consider('remote host', inv.remoteHost);
    // What a wrapper says (doppler config, railway run -e) is about remote targets, or about the machine it logs into.
    const wrapperHints = kind === 'remote' || inv.remoteHost ? inv.environmentHints : [];
    for (const hint of [...hints, ...wrapperHints]) consider(hint.source, hint.value, hint.meaning, hint.onlyRaise);
    if (kind === 'remote') {
      for (const variable of APP_ENVIRONMENT_VARIABLES) {
        if (inv.assignments[variable] !== undefined) consider(`${variable}= prefix`, inv.assignments[variable]);
        else if (inv.env[variable] !== undefined) consider(`variable ${variable}`, inv.env[variable]);
      }
      for (const variable of CONNECTION_URL_VARIABLES) {
        const value = inv.env[variable];
        if (value) consider(`host in ${variable}`, hostOf(value) ?? value);
      }
      // A directory such as infra/prod says production; a directory named dev is too weak to lower the risk.
      consider('working directory', inv.cwd, undefined, true);
    }

    if (found.length > 0) {
      return found.reduce((worst, next) => (SEVERITY[next.name] > SEVERITY[worst.name] ? next : worst));
    }
    if (inv.remoteHost) {
      return { name: 'unknown', evidence: `runs on remote host ${JSON.stringify(inv.remoteHost)}, which names no environment` };
    }
    if (kind === 'local') return { name: 'local', evidence: 'acts on this machine' };
    const tried = hints.map((h) => `${h.source} ${JSON.stringify(h.value)}`).join(', ');
    return {
      name: 'unknown',
      evidence: tried
        ? `${tried} names no environment; treated as production`
        : 'no flag, variable, hostname or directory names the environment; treated as production',
    };
  }
}

/** The host part of a URL or `user@host:port`, if the value looks like one. */
export function hostOf(value: string): string | undefined {
  const url = /^[a-z][a-z0-9+.-]*:\/\/(?:[^@/?#]*@)?(\[[^\]]+\]|[^:/?#]+)/i.exec(value.trim());
  if (url) return url[1];
  const scp = /^(?:[^@\s]+@)?([A-Za-z0-9.-]+\.[A-Za-z]{2,}|localhost)(?::\d+)?$/.exec(value.trim());
  return scp ? scp[1] : undefined;
}
