// npm run bench: speed of the decision point, printed as numbers (targets are in README.md, not in tests).
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { createAnalyzer } from '../src/core/analyzer';

const root = path.join(__dirname, '..');
const corpusDir = path.join(root, 'test', 'corpus');

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

function wallTimes(args: string[], runs: number): number[] {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = process.hrtime.bigint();
    const result = spawnSync(process.execPath, args, { stdio: 'ignore' });
    if (result.status !== 0) throw new Error(`${args.join(' ')} exited ${result.status}`);
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  return times.sort((a, b) => a - b);
}

async function main(): Promise<void> {
  const commands = readdirSync(corpusDir)
    .filter((f) => f.endsWith('.json'))
    .flatMap((f) => (JSON.parse(readFileSync(path.join(corpusDir, f), 'utf8')) as { command: string }[]).map((c) => c.command));

  const loadStart = process.hrtime.bigint();
  const analyzer = await createAnalyzer();
  const loadMs = Number(process.hrtime.bigint() - loadStart) / 1e6;

  const options = { cwd: root, env: { HOME: '/home/bench' } };
  for (const command of commands) analyzer.analyze(command, options); // warm up the JIT
  const samples: number[] = [];
  const rounds = 20;
  for (let round = 0; round < rounds; round++) {
    for (const command of commands) {
      const start = process.hrtime.bigint();
      analyzer.analyze(command, options);
      samples.push(Number(process.hrtime.bigint() - start) / 1e3);
    }
  }
  samples.sort((a, b) => a - b);

  const runs = 25;
  const bare = wallTimes(['-e', '0'], runs);
  const check = wallTimes([path.join(root, 'dist', 'cli.js'), 'check', '--', 'ls -la'], runs);
  const ratio = percentile(check, 50) / percentile(bare, 50);

  const lines = [
    `in-process check over the corpus: ${commands.length} commands x ${rounds} rounds = ${samples.length} checks`,
    `  engine load (grammar + rules):   ${loadMs.toFixed(1)} ms`,
    `  median per check:                ${percentile(samples, 50).toFixed(1)} us`,
    `  p99 per check:                   ${percentile(samples, 99).toFixed(1)} us   (target < 1000 us)`,
    `  max per check:                   ${samples[samples.length - 1].toFixed(1)} us`,
    `  resident memory after the run:   ${(process.memoryUsage().rss / 1024 / 1024).toFixed(0)} MB (max ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB)`,
    `process wall time, median of ${runs} runs:`,
    `  node -e 0:                       ${percentile(bare, 50).toFixed(1)} ms`,
    `  blastdoor check -- "ls -la":     ${percentile(check, 50).toFixed(1)} ms   (${ratio.toFixed(2)}x a bare Node start; target <= 2.5x)`,
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}

void main();
