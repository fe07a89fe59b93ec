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

  const corpusRss = process.memoryUsage().rss;
  // Hostile input: each is checked once; the figure shows the time stays bounded.
  const hostile: [string, string][] = [
    ['1 MB harmless line (over the cap)', `echo ${'x'.repeat(1_000_000)}`],
    ['250 KB harmless line', `echo ${'x'.repeat(250_000)}`],
    ['250 KB of quotes', '"'.repeat(250_000)],
    ['250 KB of separators', ';'.repeat(250_000)],
    ['250 KB of backslashes', '\\'.repeat(250_000)],
    ['3,000 nested substitutions', `${'$('.repeat(3000)}rm -rf src${')'.repeat(3000)}`],
    ['5,000 nested subshells', `${'('.repeat(5000)}rm -rf src${')'.repeat(5000)}`],
    ['10,000 pipeline stages', Array.from({ length: 10_000 }, () => 'cat').join(' | ')],
    ['10,000 chained commands', Array.from({ length: 10_000 }, (_, i) => `rm f${i}`).join(' && ')],
    ['200 nested evals', `${'eval '.repeat(200)}rm -rf src`],
  ];
  const hostileTimes = hostile.map(([name, command]) => {
    const start = process.hrtime.bigint();
    const verdict = analyzer.analyze(command, options);
    return { name, ms: Number(process.hrtime.bigint() - start) / 1e6, decision: verdict.decision };
  });

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
    `  resident memory after the corpus: ${(corpusRss / 1024 / 1024).toFixed(0)} MB (bench process, corpus loaded)`,
    `hostile input, one check each:`,
    ...hostileTimes.map((h) => `  ${h.name.padEnd(34)} ${h.ms.toFixed(1).padStart(8)} ms  ${h.decision}`),
    `  resident memory after them:       ${(process.memoryUsage().rss / 1024 / 1024).toFixed(0)} MB`,
    `process wall time, median of ${runs} runs:`,
    `  node -e 0:                       ${percentile(bare, 50).toFixed(1)} ms`,
    `  blastdoor check -- "ls -la":     ${percentile(check, 50).toFixed(1)} ms   (${ratio.toFixed(2)}x a bare Node start; target <= 2.5x)`,
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}

void main();
