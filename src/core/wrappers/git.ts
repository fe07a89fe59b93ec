// What `git` runs besides itself: aliases (`!` aliases are shell text), `submodule foreach`, `rebase --exec`,
// `bisect run`, hooks, core.sshCommand and the commit editor, with git settings read from -c and config files.
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Invocation } from '../invocation';
import { optionValues } from '../rules/args';
import type { Expansion, ReadContext } from '../shellReader';
import { resolvePath } from '../shellReader';
import { hasShortOption, type ReadText, shellQuote } from './options';
import { scriptFile } from './shells';

/**
 * `git x` where x is an alias: `!`-aliases are shell text (`git -c alias.x='!rm -rf y' x`), the others another
 * git command. Aliases come from `-c`, the repository's .git/config and ~/.gitconfig. Also `git submodule
 * foreach 'cmd'`, `git rebase --exec 'cmd'` and `git bisect run cmd`, which run commands.
 */
export function gitExpansion(inv: Invocation, args: string[], context: ReadContext, readText: ReadText): Expansion[] {
  const valued = ['-C', '-c', '--git-dir', '--work-tree', '--namespace', '--exec-path', '--config-env'];
  let i = 0;
  const configs: string[] = [];
  let cwd = inv.cwd;
  for (; i < args.length; i++) {
    if (args[i] === '-c' && args[i + 1]) configs.push(args[i + 1]);
    if (args[i] === '-C' && args[i + 1]) cwd = resolvePath(cwd, args[i + 1], context.home);
    if (valued.includes(args[i])) i++;
    else if (!args[i].startsWith('-')) break;
  }
  const [subcommand, ...rest] = args.slice(i);
  if (!subcommand) return [];
  if (subcommand === 'submodule' && rest[0] === 'foreach') {
    const words = rest.slice(1).filter((a) => a !== '--recursive' && a !== '-q' && a !== '--quiet');
    return words.length ? [{ via: 'git submodule foreach', script: words.join(' '), cwd }] : [];
  }
  if (subcommand === 'rebase') {
    const exec = optionValues(rest, ['-x', '--exec']);
    return exec.map((script) => ({ via: 'git rebase --exec', script, cwd }));
  }
  if (subcommand === 'bisect' && rest[0] === 'run' && rest.length > 1) return [{ via: 'git bisect run', argv: rest.slice(1), cwd }];
  if (GIT_COMMANDS.has(subcommand)) return gitRunsAlong(inv, subcommand, rest, configs, cwd, context, readText);
  const alias = gitConfig(`alias.${subcommand}`, configs, cwd, context, readText);
  if (alias === undefined) return [];
  if (alias.startsWith('!')) {
    const extra = rest.length ? ` ${rest.map(shellQuote).join(' ')}` : '';
    return [{ via: `git alias ${subcommand}`, script: alias.slice(1) + extra, cwd }];
  }
  return [{ via: `git alias ${subcommand}`, argv: ['git', ...alias.split(/\s+/).filter(Boolean), ...rest], cwd }];
}

/** Git's own commands are never aliases. */
const GIT_COMMANDS = new Set(
  (
    'add am apply archive bisect blame branch bundle checkout cherry-pick clean clone commit config describe diff fetch format-patch gc grep ' +
    'init log merge mv notes pull push range-diff rebase reflog remote reset restore revert rm shortlog show sparse-checkout stash status ' +
    'submodule switch tag worktree fsck prune filter-branch help version ls-files ls-remote rev-parse update-ref symbolic-ref cat-file lfs'
  ).split(' '),
);

/** Hooks git runs for a command (githooks(5)); `--no-verify` skips the ones marked. */
const GIT_HOOKS: Record<string, { hook: string; skippable?: boolean }[]> = {
  commit: [{ hook: 'pre-commit', skippable: true }, { hook: 'prepare-commit-msg' }, { hook: 'commit-msg', skippable: true }, { hook: 'post-commit' }],
  push: [{ hook: 'pre-push', skippable: true }],
  merge: [{ hook: 'pre-merge-commit', skippable: true }, { hook: 'post-merge' }],
  pull: [{ hook: 'post-merge' }],
  checkout: [{ hook: 'post-checkout' }],
  switch: [{ hook: 'post-checkout' }],
  rebase: [{ hook: 'pre-rebase', skippable: true }, { hook: 'post-rewrite' }],
  am: [{ hook: 'applypatch-msg', skippable: true }, { hook: 'pre-applypatch', skippable: true }, { hook: 'post-applypatch' }],
};
const GIT_NETWORK = new Set(['fetch', 'pull', 'push', 'clone', 'ls-remote', 'submodule']);

/**
 * What else a git command runs: its hooks (`.git/hooks/pre-commit`, or core.hooksPath), the ssh command of
 * core.sshCommand / GIT_SSH_COMMAND for network commands, and the editor for a commit without a message.
 */
function gitRunsAlong(
  inv: Invocation,
  subcommand: string,
  args: string[],
  configs: string[],
  cwd: string,
  context: ReadContext,
  readText: ReadText,
): Expansion[] {
  const expansions: Expansion[] = [];
  const root = gitRoot(cwd);
  const hooks = GIT_HOOKS[subcommand] ?? [];
  const noVerify = args.includes('--no-verify') || (subcommand === 'commit' && hasShortOption(args, 'n'));
  if (root && hooks.length > 0) {
    const hooksPath = gitConfig('core.hookspath', configs, cwd, context, readText);
    const dir = hooksPath ? resolvePath(root, hooksPath, context.home) : path.join(root, '.git', 'hooks');
    for (const { hook, skippable } of hooks) {
      if (skippable && noVerify) continue;
      const file = path.join(dir, hook);
      const text = readText(file);
      if (text !== undefined) expansions.push(...scriptFile(`git ${subcommand} (${hook} hook)`, file, text, [], []));
    }
  }
  if (GIT_NETWORK.has(subcommand)) {
    const ssh = gitConfig('core.sshcommand', configs, cwd, context, readText) ?? inv.env.GIT_SSH_COMMAND;
    if (ssh) expansions.push({ via: `git ${subcommand} (ssh command)`, script: ssh, cwd });
  }
  const messageGiven = args.some((a) => /^(-[a-zA-Z]*[mFC]|--message|--file|--reuse-message|--no-edit|--fixup)/.test(a));
  if (subcommand === 'commit' && !messageGiven) {
    const editor = inv.env.GIT_EDITOR ?? gitConfig('core.editor', configs, cwd, context, readText) ?? inv.env.VISUAL ?? inv.env.EDITOR;
    if (editor) expansions.push({ via: 'git commit (editor)', script: `${editor} .git/COMMIT_EDITMSG`, cwd });
  }
  return expansions;
}

/** The working tree holding `cwd`: the nearest folder with `.git`. */
function gitRoot(cwd: string): string | undefined {
  for (let dir = cwd, n = 0; n < 64; n++) {
    if (existsSync(path.join(dir, '.git'))) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
  return undefined;
}

/** A git setting (`alias.x`, `core.hooksPath`) from `-c`, the repository's .git/config or the user's config. */
function gitConfig(key: string, configs: string[], cwd: string, context: ReadContext, readText: ReadText): string | undefined {
  const [section, ...rest] = key.toLowerCase().split('.');
  const name = rest.join('.');
  const wanted = key.startsWith('alias.') ? key.slice(6) : name;
  for (const config of configs) {
    const match = /^([^=]+)=(.*)$/s.exec(config);
    if (match && match[1].toLowerCase() === key.toLowerCase()) return match[2];
  }
  const files: string[] = [];
  for (let dir = cwd, n = 0; n < 32; n++) {
    files.push(path.join(dir, '.git', 'config'));
    const parent = path.dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  files.push(path.join(context.home, '.gitconfig'), path.join(context.home, '.config', 'git', 'config'));
  for (const file of files) {
    const text = readText(file);
    if (text === undefined) continue;
    let inSection = false;
    for (const line of text.split('\n')) {
      const header = /^\s*\[\s*([^\]\s]+)/.exec(line);
      if (header) inSection = header[1].toLowerCase() === section;
      const entry = inSection ? /^\s*([\w.-]+)\s*=\s*(.*?)\s*$/.exec(line) : null;
      // Alias names keep their case; other keys do not.
      if (entry && (section === 'alias' ? entry[1] === wanted : entry[1].toLowerCase() === name)) return entry[2].replace(/^"(.*)"$/s, '$1');
    }
  }
  return undefined;
}
