// npm run bench: every bench/*.bench.ts in turn (or the ones named), each printing its own numbers.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import path from 'node:path';

const named = process.argv.slice(2);
const files = named.length > 0 ? named : readdirSync('bench').filter((name) => name.endsWith('.bench.ts')).sort().map((name) => path.join('bench', name));
let failed = 0;
for (const file of files) {
  process.stdout.write(`\n== ${file}\n`);
  const result = spawnSync(process.execPath, ['--import', 'tsx', file], { stdio: 'inherit' });
  if (result.status !== 0) failed++;
}
process.exit(failed > 0 ? 1 : 0);
