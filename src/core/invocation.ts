import type { EnvironmentHint } from './environment';

// One simple command as the shell would run it, after quotes, variables, wrappers and scripts are resolved.

export type StdinSource =
  | { kind: 'text'; text: string; origin: string }
  | { kind: 'file'; path: string }
  | { kind: 'pipe'; from: Invocation }
  | { kind: 'opaque'; origin: string };

export interface OutputRedirect {
  /** `>` truncates, `>>` appends. */
  operator: string;
  target: string;
  dynamic: boolean;
}

export interface Invocation {
  /** Arguments after quote removal; argv[0] is the program as written (`/usr/bin/rm`, `\rm`, `rm`). */
  argv: string[];
  /** Per argument: holds an expansion only runtime can resolve. */
  dynamic: boolean[];
  /** Per argument: unquoted glob characters. */
  glob: boolean[];
  /** Normalized program name: the basename without `.exe`; rules list every alias they answer to. */
  program: string;
  /** `VAR=value` written in front of this command. */
  assignments: Record<string, string>;
  /** Every variable this command would see that we know of (request env, exports, prefixes). */
  env: Record<string, string>;
  cwd: string;
  stdin?: StdinSource;
  redirects: OutputRedirect[];
  /** The command's own source text. */
  text: string;
  /** Wrappers and scripts it was reached through, outermost first (`sudo`, `bash -c`, `npm run db:reset`). */
  via: string[];
  /** Set when it runs on another machine (`ssh host …`, `kubectl exec pod …`). */
  remoteHost?: string;
  /** What wrappers said about the environment (`doppler run --config prd`, `dotenv -e .env.production`). */
  environmentHints: EnvironmentHint[];
}

/** `/usr/bin/rm`, `\\rm` (already unescaped), `rm.exe` all run `rm`. */
export function programName(argv0: string): string {
  const base = argv0.replace(/\\/g, '/').split('/').pop() ?? argv0;
  return base.replace(/\.(exe|cmd|bat|ps1)$/i, '');
}
