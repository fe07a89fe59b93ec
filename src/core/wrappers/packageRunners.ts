// Package and environment runners: `npx pkg`, `npm exec`, `pnpm dlx`, `bundle exec`, `poetry run`, `uv run`,
// `nix develop -c` and friends, and the entry points `python manage.py` / `python -m module`.
import path from 'node:path';
import type { Invocation } from '../invocation';
import { optionValue } from '../rules/args';
import type { Expansion } from '../shellReader';
import { innerStart } from './options';

/** `bundle exec rails …`, `poetry run alembic …`: subcommand, then the command. */
export const RUNNER_SUBCOMMANDS: Record<string, { subcommands: readonly string[]; valued?: readonly string[] }> = {
  bundle: { subcommands: ['exec'] },
  poetry: { subcommands: ['run'] },
  pipenv: { subcommands: ['run'] },
  pdm: { subcommands: ['run'] },
  hatch: { subcommands: ['run'] },
  rye: { subcommands: ['run'] },
  uv: { subcommands: ['run'], valued: ['--with', '--python', '-p', '--project', '--directory', '--env-file'] },
  uvx: { subcommands: [] },
  pipx: { subcommands: ['run'] },
  conda: { subcommands: ['run'], valued: ['-n', '--name', '-p', '--prefix'] },
  mamba: { subcommands: ['run'], valued: ['-n', '--name', '-p', '--prefix'] },
  mise: { subcommands: ['exec', 'x'], valued: ['-C', '--cd', '-E', '--env'] },
  asdf: { subcommands: ['exec'] },
  direnv: { subcommands: ['exec'] },
  nix: { subcommands: ['develop', 'shell'] },
  dotnet: { subcommands: ['tool'] },
  npm: { subcommands: ['exec', 'x'], valued: ['-p', '--package', '-w', '--workspace'] },
  pnpm: { subcommands: ['dlx', 'exec'], valued: ['-C', '--dir', '--filter', '-F'] },
  yarn: { subcommands: ['dlx', 'exec'], valued: ['-p', '--package'] },
  bun: { subcommands: ['x'] },
  npx: { subcommands: [], valued: ['-p', '--package', '--call', '-c'] },
  bunx: { subcommands: [], valued: ['-p', '--package'] },
};

/** Package names whose binary has another name. */
const PACKAGE_BINARIES: Record<string, string> = {
  '@railway/cli': 'railway',
  'netlify-cli': 'netlify',
  'aws-cdk': 'cdk',
  'cdktf-cli': 'cdktf',
  'sequelize-cli': 'sequelize',
  'firebase-tools': 'firebase',
  '@planetscale/cli': 'pscale',
  '@neondatabase/cli': 'neonctl',
  supabase: 'supabase',
  prisma: 'prisma',
  '@prisma/cli': 'prisma',
  heroku: 'heroku',
};

function packageBinary(spec: string): string {
  const withoutVersion = spec.replace(/(?!^)@[^/]*$/, '');
  return PACKAGE_BINARIES[withoutVersion] ?? withoutVersion.split('/').pop() ?? withoutVersion;
}

/** `pnpm exec -c 'cmd'` / `--shell-mode`: the command words are shell text. */
export function shellModeScript(args: string[]): string | undefined {
  const flag = args.findIndex((a) => a === '-c' || a === '--shell-mode');
  if (flag < 0) return undefined;
  const rest = args.slice(flag + 1).filter((a) => a !== '--');
  return rest.length ? rest.join(' ') : undefined;
}

export function packageRunner(inv: Invocation, args: string[], valued: readonly string[], via = inv.program): Expansion[] {
  const index = innerStart(args, { valued });
  if (index === undefined) return [];
  const pkg = optionValue(args.slice(0, index), ['-p', '--package']);
  const binary = pkg && args[index] === packageBinary(pkg) ? args[index] : packageBinary(args[index]);
  return [{ via, argv: [binary, ...args.slice(index + 1)] }];
}

/** `python manage.py flush`, `python -m alembic downgrade base`. */
export function pythonEntry(args: string[]): Expansion[] {
  const module = optionValue(args, ['-m']);
  if (module) {
    const index = args.indexOf('-m') >= 0 ? args.indexOf('-m') + 2 : args.findIndex((a) => a.startsWith('-m')) + 1;
    const name = module === 'django' ? 'django-admin' : module;
    return [{ via: `python -m ${module}`, argv: [name, ...args.slice(index)] }];
  }
  const index = innerStart(args, { valued: ['-W', '-X', '-c'] });
  if (index === undefined || args.slice(0, index).includes('-c')) return [];
  const script = path.basename(args[index]);
  return script === 'manage.py' || script === 'alembic' ? [{ via: 'python', argv: [script, ...args.slice(index + 1)] }] : [];
}
