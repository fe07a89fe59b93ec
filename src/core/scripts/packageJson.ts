// package.json files and workspaces: a package's scripts, the nearest package.json, the workspace root
// (package.json `workspaces` or pnpm-workspace.yaml), its packages, and the ones a selector picks.
import path from 'node:path';
import { readdirSync } from 'node:fs';
import { minimatch } from 'minimatch';
import type { ReadText } from './readText';

export interface PackageInfo {
  dir: string;
  name?: string;
  scripts: Record<string, string>;
  /** `workspaces` globs (npm, yarn, bun). */
  workspaces: string[];
}

function readPackage(dir: string, readText: ReadText): PackageInfo | undefined {
  const text = readText(path.join(dir, 'package.json'));
  if (text === undefined) return undefined;
  try {
    const parsed = JSON.parse(text) as { name?: unknown; scripts?: Record<string, unknown>; workspaces?: unknown };
    const scripts: Record<string, string> = {};
    for (const [name, value] of Object.entries(parsed.scripts ?? {})) if (typeof value === 'string') scripts[name] = value;
    const declared = Array.isArray(parsed.workspaces) ? parsed.workspaces : (parsed.workspaces as { packages?: unknown } | undefined)?.packages;
    const workspaces = Array.isArray(declared) ? declared.filter((w): w is string => typeof w === 'string') : [];
    return { dir, name: typeof parsed.name === 'string' ? parsed.name : undefined, scripts, workspaces };
  } catch {
    return { dir, scripts: {}, workspaces: [] };
  }
}

export function findPackageJson(cwd: string, readText: ReadText): PackageInfo | undefined {
  let dir = cwd;
  for (let i = 0; i < 32; i++) {
    const found = readPackage(dir, readText);
    if (found) return found;
    const parent = path.dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
  return undefined;
}

/** The workspace root above `cwd`: the nearest package.json declaring workspaces, or a pnpm-workspace.yaml. */
export function findWorkspaceRoot(cwd: string, readText: ReadText): { root: PackageInfo; globs: string[] } | undefined {
  let dir = cwd;
  for (let i = 0; i < 32; i++) {
    const pnpm = readText(path.join(dir, 'pnpm-workspace.yaml'));
    const pkg = readPackage(dir, readText);
    if (pnpm !== undefined) return { root: pkg ?? { dir, scripts: {}, workspaces: [] }, globs: pnpmWorkspaceGlobs(pnpm) };
    if (pkg && pkg.workspaces.length > 0) return { root: pkg, globs: pkg.workspaces };
    const parent = path.dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
  return undefined;
}

/** `packages:` list items of pnpm-workspace.yaml. */
function pnpmWorkspaceGlobs(yaml: string): string[] {
  const globs: string[] = [];
  let inPackages = false;
  for (const line of yaml.split(/\r?\n/)) {
    if (/^\S/.test(line)) inPackages = /^packages\s*:/.test(line);
    const item = inPackages ? /^\s+-\s*['"]?([^'"#]+?)['"]?\s*(#.*)?$/.exec(line) : null;
    if (item) globs.push(item[1]);
  }
  return globs;
}

/** The packages a workspace's globs name (`packages/*`, `apps/**`, `web`), at most a few hundred. */
export function workspacePackages(root: PackageInfo, globs: string[], readText: ReadText): PackageInfo[] {
  const found = new Map<string, PackageInfo>();
  const excluded = globs.filter((g) => g.startsWith('!')).map((g) => g.slice(1));
  for (const glob of globs.filter((g) => !g.startsWith('!'))) {
    for (const dir of expandDirectories(root.dir, glob.replace(/\/+$/, '').split('/'), 0)) {
      if (found.size >= 300 || found.has(dir)) continue;
      if (excluded.some((ex) => minimatch(path.relative(root.dir, dir), ex))) continue;
      const pkg = readPackage(dir, readText);
      if (pkg) found.set(dir, pkg);
    }
  }
  return [...found.values()];
}

function expandDirectories(base: string, segments: string[], depth: number): string[] {
  if (segments.length === 0) return [base];
  const [segment, ...rest] = segments;
  if (segment === '.' || segment === '') return expandDirectories(base, rest, depth);
  if (!/[*?[{]/.test(segment)) return expandDirectories(path.join(base, segment), rest, depth);
  let entries: string[];
  try {
    entries = readdirSync(base, { withFileTypes: true })
      .filter((e) => e.isDirectory() && e.name !== 'node_modules' && !e.name.startsWith('.'))
      .map((e) => e.name);
  } catch {
    return [];
  }
  if (segment === '**') {
    const here = expandDirectories(base, rest, depth);
    if (depth >= 4) return here;
    return [...here, ...entries.flatMap((e) => expandDirectories(path.join(base, e), segments, depth + 1))];
  }
  return entries.filter((e) => minimatch(e, segment)).flatMap((e) => expandDirectories(path.join(base, e), rest, depth));
}

/** Workspaces picked by name or path (`-w web`, `--filter @acme/api`, `--filter ./apps/web`); all for `*`. */
export function selectWorkspaces(selectors: string[], all: PackageInfo[], root: PackageInfo, cwd: string): PackageInfo[] {
  return all.filter((pkg) =>
    selectors.some((selector) => {
      // Dependency graph selectors (`api...`, `...^web`, `[origin/main]`) name packages we cannot work out: take all.
      if (/\.\.\.|\^|\[|^!/.test(selector) || selector === '*') return true;
      const bare = selector.replace(/^\{(.*)\}$/, '$1');
      if (bare.startsWith('.') || bare.startsWith('/')) return [cwd, root.dir].some((dir) => path.resolve(dir, bare) === pkg.dir);
      return (pkg.name !== undefined && minimatch(pkg.name, bare)) || path.resolve(root.dir, bare) === pkg.dir;
    }),
  );
}
