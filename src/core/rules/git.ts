// git. git destroys in two places: on the remote (force pushes, deleted or pruned branches, mirror pushes rewrite
// history other people share) and in this checkout (reset --hard, clean -f, checkout/restore over uncommitted work,
// dropped stashes, rewritten or pruned history, BFG). The GitHub and GitLab CLIs are in github.ts and gitlab.ts.
import path from 'node:path';
import type { EnvironmentHint } from '../environment';
import type { Invocation } from '../invocation';
import { resolvePath } from '../shellReader';
import type { EnvironmentVerdict } from '../types';
import { hasFlag, optionValue, positionals } from './args';
import { detection, type CommandRule, type Detection, type RuleContext } from './rule';

// ---------------------------------------------------------------------------------------------------------
// Reading the repository: where it is, its current branch, its config (aliases, upstreams).

interface Repository {
  /** The directory holding the checkout. */
  worktree: string;
  gitDir: string;
  /** Where config and refs live (a linked worktree points at its main repository's). */
  commonDir: string;
}

function findRepository(ctx: RuleContext, start: string, gitDirOption?: string): Repository | undefined {
  if (gitDirOption) {
    const gitDir = resolvePath(start, gitDirOption, ctx.home);
    return { worktree: start, gitDir, commonDir: commonDirOf(ctx, gitDir) };
  }
  let dir = start;
  for (let depth = 0; depth < 64; depth++) {
    const dotGit = path.join(dir, '.git');
    if (ctx.readText(path.join(dotGit, 'HEAD')) !== undefined) return { worktree: dir, gitDir: dotGit, commonDir: dotGit };
    // Linked worktrees and submodules: `.git` is a file saying `gitdir: <path>`.
    const pointer = /^gitdir:\s*(.+?)\s*$/m.exec(ctx.readText(dotGit) ?? '')?.[1];
    if (pointer) {
      const gitDir = path.resolve(dir, pointer);
      return { worktree: dir, gitDir, commonDir: commonDirOf(ctx, gitDir) };
    }
    const parent = path.dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  return undefined;
}

function commonDirOf(ctx: RuleContext, gitDir: string): string {
  const common = ctx.readText(path.join(gitDir, 'commondir'))?.trim();
  return common ? path.resolve(gitDir, common) : gitDir;
}

function currentBranch(ctx: RuleContext, repo: Repository | undefined): string | undefined {
  if (!repo) return undefined;
  const head = ctx.readText(path.join(repo.gitDir, 'HEAD'));
  return /^ref:\s*refs\/heads\/(.+?)\s*$/m.exec(head ?? '')?.[1];
}

type GitConfig = Map<string, string>;

/** A small git-config reader: `section.subsection.key` → last value. Enough for aliases and branch upstreams. */
function readConfig(text: string | undefined, into: GitConfig): void {
  if (!text) return;
  let section = '';
  for (const rawLine of text.split(/\r?\n/)) {
    const line = rawLine.trim();
    if (!line || line.startsWith('#') || line.startsWith(';')) continue;
    const header = /^\[\s*([A-Za-z0-9.-]+)(?:\s+"((?:[^"\\]|\\.)*)")?\s*\]/.exec(line);
    if (header) {
      section = header[2] !== undefined ? `${header[1].toLowerCase()}.${header[2]}` : header[1].toLowerCase();
      continue;
    }
    const entry = /^([A-Za-z][A-Za-z0-9-]*)\s*(?:=\s*(.*))?$/.exec(line);
    if (!entry || !section) continue;
    let value = entry[2] ?? 'true';
    value = value.replace(/\s+[#;].*$/, '');
    if (/^".*"$/.test(value)) value = value.slice(1, -1).replace(/\\(.)/g, '$1');
    into.set(`${section}.${entry[1].toLowerCase()}`, value.trim());
  }
}

function gitConfig(inv: Invocation, ctx: RuleContext, repo: Repository | undefined, overrides: string[]): GitConfig {
  const config: GitConfig = new Map();
  const xdg = inv.env.XDG_CONFIG_HOME ?? path.join(ctx.home, '.config');
  readConfig(ctx.readText(path.join(xdg, 'git', 'config')), config);
  readConfig(ctx.readText(path.join(ctx.home, '.gitconfig')), config);
  if (repo) readConfig(ctx.readText(path.join(repo.commonDir, 'config')), config);
  for (const override of overrides) {
    const eq = override.indexOf('=');
    const key = eq < 0 ? override : override.slice(0, eq);
    const dot = key.lastIndexOf('.');
    const first = key.indexOf('.');
    const normalised =
      first === dot ? key.toLowerCase() : `${key.slice(0, first).toLowerCase()}${key.slice(first, dot)}.${key.slice(dot + 1).toLowerCase()}`;
    config.set(normalised, eq < 0 ? 'true' : override.slice(eq + 1));
  }
  return config;
}

/** Splits an alias value into words the way git does (quotes and backslashes, no expansions). */
function splitWords(text: string): string[] {
  const words: string[] = [];
  let current = '';
  let quote: string | undefined;
  let started = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quote) {
      if (c === quote) quote = undefined;
      else if (c === '\\' && quote === '"' && i + 1 < text.length) current += text[++i];
      else current += c;
    } else if (c === '"' || c === "'") {
      quote = c;
      started = true;
    } else if (c === '\\' && i + 1 < text.length) {
      current += text[++i];
      started = true;
    } else if (/\s/.test(c)) {
      if (started || current) words.push(current);
      current = '';
      started = false;
    } else {
      current += c;
      started = true;
    }
  }
  if (started || current) words.push(current);
  return words;
}

// ---------------------------------------------------------------------------------------------------------
// One git command: global options read, aliases expanded.

/** git's own options before the subcommand that take a separate value (git(1)); `--exec-path[=…]` and `--list-cmds=…` only use `=`. */
const GIT_GLOBAL_VALUED = ['-C', '-c', '--git-dir', '--work-tree', '--namespace', '--config-env', '--super-prefix', '--attr-source'];

interface GitCommand {
  subcommand: string;
  args: string[];
  dir: string;
  repo?: Repository;
  config: GitConfig;
}

function readGitCommand(inv: Invocation, ctx: RuleContext): GitCommand | undefined {
  const args = inv.argv.slice(1);
  let dir = inv.cwd;
  let gitDir: string | undefined = inv.env.GIT_DIR;
  const overrides: string[] = [];
  let i = 0;
  for (; i < args.length; i++) {
    const arg = args[i];
    if (!arg.startsWith('-')) break;
    const eq = arg.indexOf('=');
    const name = eq > 0 && arg.startsWith('--') ? arg.slice(0, eq) : arg;
    if (!GIT_GLOBAL_VALUED.includes(name)) {
      if (arg === '--help' || arg === '--version' || arg === '-h' || arg === '-v') return undefined;
      continue;
    }
    const value = eq > 0 && arg.startsWith('--') ? arg.slice(eq + 1) : args[++i];
    if (value === undefined) return undefined;
    if (name === '-C') dir = resolvePath(dir, value, ctx.home);
    else if (name === '-c') overrides.push(value);
    else if (name === '--git-dir') gitDir = value;
  }
  if (i >= args.length) return undefined;
  const repo = findRepository(ctx, dir, gitDir);
  const config = gitConfig(inv, ctx, repo, overrides);
  let subcommand = args[i];
  let rest = args.slice(i + 1);
  // Aliases (`git pf` = `push --force`): expand the plain ones; `!shell` aliases are not followed here.
  for (let depth = 0; depth < 8; depth++) {
    const alias = config.get(`alias.${subcommand}`);
    if (!alias || alias.startsWith('!')) break;
    const words = splitWords(alias);
    if (words.length === 0 || words[0] === subcommand) break;
    subcommand = words[0];
    rest = [...words.slice(1), ...rest];
  }
  return { subcommand, args: rest, dir, repo, config };
}

function localEnvironment(inv: Invocation, ctx: RuleContext): EnvironmentVerdict {
  return ctx.environment(inv, [], 'local');
}

function repoName(command: GitCommand): string {
  return path.basename(command.repo?.worktree ?? command.dir) || command.dir;
}

function isDryRun(args: readonly string[]): boolean {
  return hasFlag(args, ['-n', '--dry-run']);
}

// ---------------------------------------------------------------------------------------------------------
// git push

/** `git push` options that take a separate value (git-push(1)). */
const PUSH_VALUED = ['--repo', '-o', '--push-option', '--receive-pack', '--exec'];

interface PushTarget {
  kind: 'branch' | 'tag' | 'ref' | 'branches' | 'tags';
  name: string;
  /** The command did not name it and it could not be read from the repository. */
  unknown?: boolean;
  protected: boolean;
}

function refTarget(ref: string, ctx: RuleContext): PushTarget {
  // `refs/heads/*`: a pattern refspec pushes many branches, protected ones included.
  if (ref.includes('*')) return { kind: 'branches', name: ref, protected: true };
  if (ref.startsWith('refs/tags/')) return { kind: 'tag', name: ref.slice('refs/tags/'.length), protected: false };
  if (ref.startsWith('refs/') && !ref.startsWith('refs/heads/')) return { kind: 'ref', name: ref, protected: false };
  const name = ref.replace(/^refs\/heads\//, '');
  return { kind: 'branch', name, protected: ctx.isProtectedBranch(name) };
}

/** The branch `git push` updates when no refspec is given: the current one (or its upstream, by push.default). */
function defaultPushTarget(command: GitCommand, ctx: RuleContext): PushTarget {
  const branch = currentBranch(ctx, command.repo);
  if (!branch) return { kind: 'branch', name: '(current branch)', unknown: true, protected: true };
  const upstream = command.config.get(`branch.${branch}.merge`)?.replace(/^refs\/heads\//, '');
  const mode = command.config.get('push.default') ?? 'simple';
  if (upstream && upstream !== branch && (mode === 'upstream' || mode === 'tracking')) return refTarget(upstream, ctx);
  return refTarget(branch, ctx);
}

function pushEnvironment(inv: Invocation, ctx: RuleContext, target: PushTarget, remote: string | undefined): EnvironmentVerdict {
  const hints: EnvironmentHint[] = [];
  // A remote named `production` or pointing at `app-prod.git` says where the push lands.
  if (remote) hints.push({ source: 'remote', value: remote });
  if (target.protected && !target.unknown) {
    hints.push({ source: target.kind === 'branches' ? 'push of' : 'protected branch', value: target.name, meaning: 'production' });
  } else if (!target.unknown) {
    hints.push({ source: target.kind, value: target.name });
  }
  const verdict = ctx.environment(inv, hints, 'remote');
  if (verdict.name !== 'unknown') return verdict;
  if (target.unknown) {
    return { name: 'unknown', evidence: 'the command names no branch and the current branch could not be read; treated as protected' };
  }
  if (!target.protected && (target.kind === 'branch' || target.kind === 'tag')) {
    return { name: 'development', evidence: `${target.kind} ${JSON.stringify(target.name)} is not a protected branch` };
  }
  return verdict;
}

function pushFindings(inv: Invocation, ctx: RuleContext, command: GitCommand): Detection[] {
  const args = command.args;
  if (isDryRun(args) || args.includes('--help')) return [];
  const words = positionals(args, PUSH_VALUED);
  // A remote URL may carry credentials (`https://user:token@host/…`): never show them.
  const remote = (optionValue(args, ['--repo']) ?? words[0])?.replace(/\/\/[^/@\s]*@/, '//');
  const refspecs = optionValue(args, ['--repo']) ? words : words.slice(1);
  const remoteName = remote ?? 'the default remote';
  const force = hasFlag(args, ['-f', '--force']);
  const lease = args.some((a) => a === '--force-with-lease' || a.startsWith('--force-with-lease='));
  const found: Detection[] = [];

  if (args.includes('--mirror')) {
    found.push(
      detection({
        rule: 'git.mirror-push',
        tool: inv.program,
        action: 'mirror push',
        resource: { kind: 'remote', name: remote ?? 'origin' },
        environment: ctx.environment(inv, remote ? [{ source: 'remote', value: remote }] : [], 'remote'),
        blastRadius: `makes ${remoteName} an exact copy of this repository: every branch and tag there is overwritten, and those that do not exist here are deleted`,
        risk: 'critical',
      }),
    );
    return found;
  }

  if (args.includes('--prune')) {
    found.push(
      detection({
        rule: 'git.prune-push',
        tool: inv.program,
        action: 'prune push',
        resource: { kind: 'remote', name: remote ?? 'origin' },
        environment: ctx.environment(inv, remote ? [{ source: 'remote', value: remote }] : [], 'remote'),
        blastRadius: `deletes every branch on ${remoteName} that has no counterpart in this repository`,
        risk: 'high',
      }),
    );
  }

  const deletions: PushTarget[] = [];
  const forced: { target: PushTarget; leaseOnly: boolean }[] = [];
  if (hasFlag(args, ['-d', '--delete'])) {
    deletions.push(...refspecs.map((spec) => refTarget(spec.replace(/^\+/, ''), ctx)));
  } else {
    for (const spec of refspecs) {
      const plus = spec.startsWith('+');
      const body = plus ? spec.slice(1) : spec;
      // `:branch` pushes nothing into it: git deletes it on the remote. A lone `:` pushes matching branches.
      if (body.startsWith(':') && body.length > 1) {
        deletions.push(refTarget(body.slice(1), ctx));
        continue;
      }
      if (!(force || lease || plus)) continue;
      const colon = body.indexOf(':');
      const destination = colon >= 0 ? body.slice(colon + 1) : body;
      const target =
        destination === 'HEAD' || destination === '@' || destination === ''
          ? body === ':'
            ? { kind: 'branches' as const, name: 'matching branches', protected: true }
            : defaultPushTarget(command, ctx)
          : refTarget(destination, ctx);
      forced.push({ target, leaseOnly: lease && !force && !plus });
    }
    if (refspecs.length === 0 && (force || lease)) {
      const target: PushTarget = hasFlag(args, ['--all', '--branches'])
        ? { kind: 'branches', name: 'all branches', protected: true }
        : args.includes('--tags')
          ? { kind: 'tags', name: 'all tags', protected: false }
          : defaultPushTarget(command, ctx);
      forced.push({ target, leaseOnly: lease && !force });
    }
  }

  for (const target of deletions) {
    found.push(
      detection({
        rule: target.kind === 'tag' ? 'git.delete-remote-tag' : 'git.delete-remote-branch',
        tool: inv.program,
        action: target.kind === 'tag' ? 'delete remote tag' : 'delete remote branch',
        resource: { kind: target.kind, name: target.name },
        environment: pushEnvironment(inv, ctx, target, remote),
        blastRadius: `deletes the ${target.kind} ${JSON.stringify(target.name)} on ${remoteName}; commits only it held are lost to everyone who has not fetched them`,
        risk: target.protected ? 'critical' : 'medium',
      }),
    );
  }

  for (const { target, leaseOnly } of forced) {
    // --force-with-lease refuses when the remote moved since the last fetch: fine for one's own branch,
    // but on a shared branch it still rewrites what others built on.
    if (leaseOnly && !target.protected) continue;
    const what =
      target.kind === 'branches' || target.kind === 'tags'
        ? `${target.name} on ${remoteName}`
        : `the ${target.kind} ${JSON.stringify(target.name)} on ${remoteName}`;
    const lease = leaseOnly ? ' (--force-with-lease only checks that nobody pushed since your last fetch)' : '';
    found.push(
      detection({
        rule: 'git.force-push',
        tool: inv.program,
        action: 'force push',
        resource: { kind: target.kind, name: target.name },
        environment: pushEnvironment(inv, ctx, target, remote),
        blastRadius:
          target.kind === 'tag' || target.kind === 'tags'
            ? `moves ${what} to what they name here, overwriting the remote's; releases and clones that rely on them now see other commits`
            : `rewrites the history of ${what}: commits there that are not in what you push are dropped for everyone who pulls it${lease}`,
        risk: target.protected ? 'critical' : 'high',
        confirmText: target.unknown ? 'force push' : undefined,
      }),
    );
  }
  return found;
}

// ---------------------------------------------------------------------------------------------------------
// Commands that destroy work in this checkout.

/** Is a bare argument to `git checkout` a path (not a branch)? `.`, globs, top-level magic, or an existing file. */
function looksLikePath(arg: string, command: GitCommand, ctx: RuleContext): boolean {
  if (arg === '.' || arg === '..' || arg.startsWith(':/') || arg.startsWith('./') || arg.startsWith('../') || /[*?[]/.test(arg)) return true;
  return ctx.readText(resolvePath(command.dir, arg, ctx.home)) !== undefined;
}

function discardFinding(inv: Invocation, ctx: RuleContext, rule: string, action: string, paths: string[]): Detection {
  const whole = paths.some((p) => ['.', ':/', '*', '..'].includes(p) || p.endsWith('/'));
  return detection({
    rule,
    tool: inv.program,
    action,
    resource: { kind: 'path', name: paths.join(' ') },
    environment: localEnvironment(inv, ctx),
    blastRadius: `overwrites ${paths.join(' ')} in the working tree with the committed version, discarding uncommitted changes there; git never stored them, so it cannot bring them back`,
    risk: whole ? 'high' : 'medium',
  });
}

type LocalHandler = (inv: Invocation, ctx: RuleContext, command: GitCommand) => Detection[];

const LOCAL_COMMANDS: Record<string, LocalHandler> = {
  reset(inv, ctx, { args }) {
    if (!args.includes('--hard')) return [];
    const target = positionals(args, ['--pathspec-from-file'])[0];
    return [
      detection({
        rule: 'git.reset-hard',
        tool: inv.program,
        action: 'reset hard',
        resource: { kind: 'working tree', name: target ?? 'HEAD' },
        environment: localEnvironment(inv, ctx),
        blastRadius: `discards every uncommitted change in the working tree and the index${target && target !== 'HEAD' ? ` and moves the current branch to ${target}; commits left behind stay only in the reflog` : ''}`,
        risk: 'high',
      }),
    ];
  },

  checkout(inv, ctx, command) {
    const args = command.args;
    if (hasFlag(args, ['-p', '--patch'])) return [];
    const dashes = args.indexOf('--');
    const valued = ['-b', '-B', '--orphan', '--conflict', '--pathspec-from-file'];
    if (dashes >= 0) {
      const paths = args.slice(dashes + 1);
      if (paths.length > 0) return [discardFinding(inv, ctx, 'git.checkout-discard', 'discard changes', paths)];
    }
    const words = positionals(args, valued);
    const creating = hasFlag(args, ['-b', '-B', '--orphan']);
    const paths = creating ? [] : words.filter((word) => looksLikePath(word, command, ctx));
    if (paths.length > 0) return [discardFinding(inv, ctx, 'git.checkout-discard', 'discard changes', paths)];
    if (hasFlag(args, ['-f', '--force'])) {
      return [
        detection({
          rule: 'git.checkout-force',
          tool: inv.program,
          action: 'force checkout',
          resource: { kind: 'working tree', name: words[0] ?? 'HEAD' },
          environment: localEnvironment(inv, ctx),
          blastRadius: 'switches with --force, throwing away every uncommitted change in the working tree and the index',
          risk: 'high',
        }),
      ];
    }
    return [];
  },

  switch(inv, ctx, { args }) {
    if (!hasFlag(args, ['-f', '--force', '--discard-changes'])) return [];
    const target = positionals(args, ['-c', '-C', '--create', '--force-create', '--orphan', '--conflict'])[0];
    return [
      detection({
        rule: 'git.switch-discard',
        tool: inv.program,
        action: 'switch discarding changes',
        resource: { kind: 'working tree', name: target ?? 'HEAD' },
        environment: localEnvironment(inv, ctx),
        blastRadius: 'switches branch throwing away every uncommitted change in the working tree and the index',
        risk: 'high',
      }),
    ];
  },

  restore(inv, ctx, { args }) {
    if (hasFlag(args, ['-p', '--patch'])) return [];
    const staged = hasFlag(args, ['-S', '--staged']);
    const worktree = hasFlag(args, ['-W', '--worktree']);
    // `--staged` alone only resets the index: the files on disk keep their changes.
    if (staged && !worktree) return [];
    const paths = positionals(args, ['-s', '--source', '--conflict', '--pathspec-from-file']);
    if (paths.length === 0 && !optionValue(args, ['--pathspec-from-file'])) return [];
    return [discardFinding(inv, ctx, 'git.restore-discard', 'discard changes', paths.length ? paths : ['(paths from file)'])];
  },

  clean(inv, ctx, { args }) {
    if (isDryRun(args)) return [];
    const forces =
      args.filter((a) => a === '--force').length + args.filter((a) => /^-[A-Za-z]+$/.test(a)).reduce((n, a) => n + (a.match(/f/g)?.length ?? 0), 0);
    // clean.requireForce (default true): without -f git clean refuses; -i asks interactively.
    if (forces === 0) return [];
    const dirs = hasFlag(args, ['-d']);
    const ignoredToo = hasFlag(args, ['-x']);
    const ignoredOnly = hasFlag(args, ['-X']);
    const paths = positionals(args, ['-e', '--exclude']);
    const where = paths.length ? paths.join(' ') : '.';
    const what = ignoredToo
      ? 'every untracked file, ignored ones included (.env files, local databases, build output)'
      : ignoredOnly
        ? 'every ignored file (.env files, local databases, build output)'
        : 'every untracked file';
    return [
      detection({
        rule: 'git.clean',
        tool: inv.program,
        action: 'clean',
        resource: { kind: 'path', name: where },
        environment: localEnvironment(inv, ctx),
        blastRadius: `deletes ${what}${dirs ? ' and directory' : ''} under ${where}${forces > 1 ? ', nested repositories too' : ''}; git never stored them, so it cannot bring them back`,
        risk: ignoredToo ? 'critical' : dirs || ignoredOnly ? 'high' : 'medium',
      }),
    ];
  },

  branch(inv, ctx, { args }) {
    const forced = hasFlag(args, ['-D']) || (hasFlag(args, ['-d', '--delete']) && hasFlag(args, ['-f', '--force']));
    // -r deletes remote-tracking refs only; the next fetch brings them back.
    if (!forced || hasFlag(args, ['-r', '--remotes'])) return [];
    return positionals(args, ['-u', '--set-upstream-to', '--format', '--sort', '--color', '--points-at']).map((name) =>
      detection({
        rule: 'git.branch-force-delete',
        tool: inv.program,
        action: 'force delete branch',
        resource: { kind: 'branch', name },
        environment: localEnvironment(inv, ctx),
        reversible: true,
        blastRadius: `deletes the local branch ${JSON.stringify(name)} even if its commits are merged nowhere; they can be recovered from the hash git prints until git gc prunes them`,
        risk: 'medium',
      }),
    );
  },

  stash(inv, ctx, { args }) {
    const words = positionals(args);
    if (words[0] === 'clear') {
      return [
        detection({
          rule: 'git.stash-clear',
          tool: inv.program,
          action: 'stash clear',
          resource: { kind: 'stash', name: 'all stashes' },
          environment: localEnvironment(inv, ctx),
          blastRadius: 'deletes every stash entry; the work saved in them is recoverable only by digging through git fsck until gc prunes it',
          risk: 'high',
        }),
      ];
    }
    if (words[0] === 'drop') {
      const name = words[1] ?? 'stash@{0}';
      return [
        detection({
          rule: 'git.stash-drop',
          tool: inv.program,
          action: 'stash drop',
          resource: { kind: 'stash', name },
          environment: localEnvironment(inv, ctx),
          reversible: true,
          blastRadius: `deletes the stash entry ${name}; git prints its hash, which can restore it until gc prunes it`,
          risk: 'low',
        }),
      ];
    }
    return [];
  },

  tag(inv, ctx, { args }) {
    if (!hasFlag(args, ['-d', '--delete'])) return [];
    return positionals(args).map((name) =>
      detection({
        rule: 'git.tag-delete',
        tool: inv.program,
        action: 'delete tag',
        resource: { kind: 'tag', name },
        environment: localEnvironment(inv, ctx),
        reversible: true,
        blastRadius: `deletes the local tag ${JSON.stringify(name)}; git prints the commit it pointed to, so it can be recreated`,
        risk: 'low',
      }),
    );
  },

  'update-ref'(inv, ctx, { args }) {
    if (!hasFlag(args, ['-d'])) return [];
    const ref = positionals(args, ['-m'])[0] ?? '(ref not named)';
    return [
      detection({
        rule: 'git.update-ref-delete',
        tool: inv.program,
        action: 'delete ref',
        resource: { kind: 'ref', name: ref },
        environment: localEnvironment(inv, ctx),
        blastRadius: `deletes the ref ${ref}; commits only it reached are lost once git gc prunes them`,
        risk: 'medium',
      }),
    ];
  },

  reflog(inv, ctx, command) {
    const words = positionals(command.args);
    const expireNow = command.args.some((a) => /^--expire(-unreachable)?=(now|all|0)$/.test(a));
    if (words[0] === 'expire' && expireNow) {
      return [
        detection({
          rule: 'git.reflog-expire',
          tool: inv.program,
          action: 'reflog expire',
          resource: { kind: 'reflog', name: command.args.includes('--all') ? 'all refs' : (words[1] ?? 'HEAD') },
          environment: localEnvironment(inv, ctx),
          blastRadius: `empties the reflog of ${repoName(command)}, the only record of commits dropped by resets, rebases and deleted branches; the next gc deletes them for good`,
          risk: 'high',
        }),
      ];
    }
    if (words[0] === 'delete') {
      return [
        detection({
          rule: 'git.reflog-delete',
          tool: inv.program,
          action: 'reflog delete',
          resource: { kind: 'reflog', name: words.slice(1).join(' ') || 'HEAD' },
          environment: localEnvironment(inv, ctx),
          blastRadius: 'deletes reflog entries, the record that lets dropped commits be found again',
          risk: 'medium',
        }),
      ];
    }
    return [];
  },

  gc(inv, ctx, command) {
    if (!command.args.some((a) => /^--prune=(now|all)$/.test(a))) return [];
    return [pruneFinding(inv, ctx, command, 'git.gc-prune-now', 'gc prune now')];
  },

  prune(inv, ctx, command) {
    if (isDryRun(command.args)) return [];
    const expire = optionValue(command.args, ['--expire']);
    if (expire && !/^(now|all|0)$/.test(expire)) return [];
    return [pruneFinding(inv, ctx, command, 'git.prune', 'prune')];
  },

  'filter-branch': (inv, ctx, command) => [rewriteFinding(inv, ctx, command, 'filter-branch')],

  // Plumbing behind checkout: with -f it overwrites files in the working tree with the index's copy.
  'checkout-index'(inv, ctx, { args }) {
    if (!hasFlag(args, ['-f', '--force'])) return [];
    const paths = positionals(args, ['--prefix', '--stage']);
    if (!hasFlag(args, ['-a', '--all']) && paths.length === 0) return [];
    return [discardFinding(inv, ctx, 'git.checkout-index-discard', 'discard changes', hasFlag(args, ['-a', '--all']) ? ['.'] : paths)];
  },

  // `submodule deinit -f` removes a submodule's working tree even when it holds local changes (git-submodule(1)).
  submodule(inv, ctx, { args }) {
    const words = positionals(args, ['--reference', '--depth', '--jobs', '-j', '--name', '-b', '--branch']);
    if (words[0] !== 'deinit' || !hasFlag(args, ['-f', '--force'])) return [];
    const paths = words.slice(1);
    const name = hasFlag(args, ['--all']) ? 'all submodules' : paths.join(' ') || '(submodule not named)';
    return [
      detection({
        rule: 'git.submodule-deinit-force',
        tool: inv.program,
        action: 'force deinit submodule',
        resource: { kind: 'submodule', name },
        environment: localEnvironment(inv, ctx),
        blastRadius: `removes the working tree of ${name} with --force: uncommitted changes and untracked files in it are deleted, and commits never pushed from it are lost`,
        risk: 'medium',
      }),
    ];
  },

  'filter-repo'(inv, ctx, command) {
    if (command.args.includes('--analyze') || command.args.includes('--dry-run')) return [];
    return [rewriteFinding(inv, ctx, command, 'filter-repo')];
  },

  rm(inv, ctx, { args }) {
    // Tracked files come back with `git checkout`; only --force throws away uncommitted changes in them.
    if (!hasFlag(args, ['-f', '--force']) || args.includes('--cached') || isDryRun(args)) return [];
    const paths = positionals(args, ['--pathspec-from-file']);
    return [
      detection({
        rule: 'git.rm-force',
        tool: inv.program,
        action: 'force remove',
        resource: { kind: 'path', name: paths.join(' ') || '(paths not named)' },
        environment: localEnvironment(inv, ctx),
        blastRadius: `deletes ${paths.join(' ') || 'the files'} from the working tree and the index, uncommitted changes in them included`,
        risk: 'medium',
      }),
    ];
  },

  worktree(inv, ctx, { args }) {
    const words = positionals(args);
    if (words[0] !== 'remove' || !hasFlag(args, ['-f', '--force'])) return [];
    return [
      detection({
        rule: 'git.worktree-remove-force',
        tool: inv.program,
        action: 'force remove worktree',
        resource: { kind: 'worktree', name: words[1] ?? '(worktree not named)' },
        environment: localEnvironment(inv, ctx),
        blastRadius: `deletes the worktree directory ${words[1] ?? ''} with its uncommitted changes and untracked files`.replace('  ', ' '),
        risk: 'high',
      }),
    ];
  },
};

function pruneFinding(inv: Invocation, ctx: RuleContext, command: GitCommand, rule: string, action: string): Detection {
  return detection({
    rule,
    tool: inv.program,
    action,
    resource: { kind: 'repository', name: repoName(command) },
    environment: localEnvironment(inv, ctx),
    blastRadius:
      'deletes every unreachable commit and object now instead of after the usual two-week grace period: dropped commits, stashes and branches can no longer be recovered',
    risk: 'medium',
  });
}

function rewriteFinding(inv: Invocation, ctx: RuleContext, command: GitCommand, tool: string): Detection {
  return detection({
    rule: `git.${tool}`,
    tool: inv.program,
    action: tool,
    resource: { kind: 'repository', name: repoName(command) },
    environment: localEnvironment(inv, ctx),
    blastRadius: `rewrites the history of ${repoName(command)} (${tool}): every rewritten commit gets a new id, what the filter removes is gone from history, and clones and forks no longer match`,
    risk: 'critical',
  });
}

/** BFG Repo-Cleaner (`bfg …` or `java -jar bfg.jar …`) rewrites every commit, like filter-repo. */
function bfgArgs(inv: Invocation): string[] | undefined {
  const args = inv.argv.slice(1);
  if (inv.program === 'bfg') return args;
  const jar = args.indexOf('-jar');
  if (inv.program !== 'java' || jar < 0 || !/(^|\/)bfg[\w.-]*\.jar$/i.test(args[jar + 1] ?? '')) return undefined;
  return args.slice(jar + 2);
}

const gitRule: CommandRule = {
  family: 'git',
  programs: ['git', 'git-filter-repo', 'bfg', 'java'],
  detect(inv, ctx) {
    if (inv.program === 'bfg' || inv.program === 'java') {
      const args = bfgArgs(inv);
      if (!args || args.length === 0 || args.some((a) => a === '--help' || a === '-h' || a === '--version')) return [];
      // The repository is the last argument that is not an option value, or the current directory.
      const repository =
        args.length > 1 && !args[args.length - 1].startsWith('-') && !args[args.length - 2].startsWith('-') ? args[args.length - 1] : undefined;
      const dir = repository ? resolvePath(inv.cwd, repository, ctx.home) : inv.cwd;
      const repo = repository ? undefined : findRepository(ctx, dir);
      const name = repoName({ subcommand: 'bfg', args, dir, repo, config: new Map() });
      return [
        detection({
          rule: 'git.bfg',
          tool: 'bfg',
          action: 'bfg',
          resource: { kind: 'repository', name },
          environment: localEnvironment(inv, ctx),
          blastRadius: `rewrites the history of ${name} (BFG Repo-Cleaner): every commit from the first changed one gets a new id, the removed files or text are gone from history, and clones and forks no longer match`,
          risk: 'critical',
        }),
      ];
    }
    if (inv.program === 'git-filter-repo') {
      const args = inv.argv.slice(1);
      if (args.includes('--help') || args.includes('-h')) return [];
      return LOCAL_COMMANDS['filter-repo'](inv, ctx, {
        subcommand: 'filter-repo',
        args,
        dir: inv.cwd,
        repo: findRepository(ctx, inv.cwd),
        config: new Map(),
      });
    }
    const command = readGitCommand(inv, ctx);
    if (!command || command.args.includes('--help') || command.args.includes('-h')) return [];
    if (command.subcommand === 'push') return pushFindings(inv, ctx, command);
    // Own properties only: `git constructor` must not reach Object.prototype.
    return Object.hasOwn(LOCAL_COMMANDS, command.subcommand) ? LOCAL_COMMANDS[command.subcommand](inv, ctx, command) : [];
  },
};

export const rules: readonly CommandRule[] = [gitRule];
