// Hostile and random input: the engine must always answer with a valid verdict, never crash or hang,
// and never allow what it could not read.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { analyzer } from './helpers/analyzer';
import type { Verdict } from '../src/core/types';

/** `bash -c '…'` around `bash -c '…'`, quoted the way a shell needs it. */
function nestShells(command: string, levels: number): string {
  let result = command;
  for (let i = 0; i < levels; i++) result = `bash -c '${result.replace(/'/g, `'\\''`)}'`;
  return result;
}

const DECISIONS = new Set(['allow', 'confirm', 'deny']);
const RISKS = new Set(['none', 'low', 'medium', 'high', 'critical']);

function assertVerdict(verdict: Verdict): void {
  assert.ok(DECISIONS.has(verdict.decision), `decision ${verdict.decision}`);
  assert.ok(RISKS.has(verdict.risk), `risk ${verdict.risk}`);
  assert.ok(Array.isArray(verdict.findings) && Array.isArray(verdict.reasons));
  for (const finding of verdict.findings) {
    assert.equal(typeof finding.rule, 'string');
    assert.equal(typeof finding.confirmText, 'string');
    assert.ok(finding.confirmText.length > 0);
    assert.ok(['production', 'staging', 'development', 'local', 'unknown'].includes(finding.environment.name));
  }
  if (verdict.decision !== 'allow') assert.ok(verdict.reasons.length > 0, 'a non-allow verdict explains itself');
}

/** A small deterministic generator, so a failure can be replayed from its seed. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const FRAGMENTS = [
  'rm',
  '-rf',
  '/',
  'src',
  '"',
  "'",
  '`',
  '$(',
  ')',
  '(',
  '{',
  '}',
  ';',
  '&&',
  '||',
  '|',
  '&',
  '>',
  '>>',
  '<',
  '<<EOF\n',
  '\nEOF\n',
  '<<<',
  'sudo',
  'bash -c',
  'sh -c',
  'eval',
  'xargs',
  'env X=1',
  'ssh host',
  'npx',
  'kubectl delete ns prod',
  'psql -c',
  'DROP TABLE x;',
  'curl -X DELETE',
  'railway volume delete',
  'git push -f',
  'terraform destroy',
  '$HOME',
  '${X:-y}',
  '\\',
  '\n',
  '\t',
  ' ',
  '#',
  '*',
  '~',
  '\u0000',
  '\u202e',
  'р',
  'м',
  '－rf',
  '\uffff',
  '🙂',
  'for x in a; do',
  'done',
  'if true; then',
  'fi',
  'case x in',
  'esac',
  '$((1+',
];

describe('fuzz', () => {
  test('random fragment soup always yields a valid verdict', { timeout: 120_000 }, async () => {
    const engine = await analyzer();
    const next = random(20261125);
    for (let i = 0; i < 3000; i++) {
      const parts: string[] = [];
      const count = 1 + Math.floor(next() * 24);
      for (let j = 0; j < count; j++) parts.push(FRAGMENTS[Math.floor(next() * FRAGMENTS.length)]);
      const command = parts.join(next() < 0.7 ? ' ' : '');
      assertVerdict(engine.analyze(command, { cwd: '/work/project', env: {} }));
    }
  });

  test('random bytes, including NUL and invalid UTF-16, never crash', { timeout: 120_000 }, async () => {
    const engine = await analyzer();
    const next = random(42);
    for (let i = 0; i < 500; i++) {
      const length = Math.floor(next() * 400);
      let command = '';
      for (let j = 0; j < length; j++) command += String.fromCharCode(Math.floor(next() * 0x10000));
      assertVerdict(engine.analyze(command, { cwd: '/work/project', env: {} }));
    }
  });

  test('input that is not even a string is answered, not thrown', async () => {
    const engine = await analyzer();
    for (const bad of [undefined, null, 42, {}, ['rm', '-rf', '/']]) {
      const verdict = engine.analyze(bad as unknown as string, { cwd: '/work/project', env: {} });
      assert.equal(verdict.decision, 'confirm');
      assert.match(verdict.reasons[0], /could not analyse/);
    }
  });

  const adversarial: [string, string, Verdict['decision'] | undefined][] = [
    ['unterminated double quote', 'rm -rf "src', 'confirm'],
    ['unterminated single quote', "echo 'hello", undefined],
    ['unterminated heredoc', 'psql <<EOF\nDROP TABLE users;', undefined],
    ['unterminated substitution', 'echo $(rm -rf src', 'confirm'],
    ['NUL bytes', 'rm\u0000 -rf\u0000 /', undefined],
    ['a 1 MB harmless line (too long to read: a person decides)', `echo ${'x'.repeat(1_000_000)}`, 'confirm'],
    ['a 250 KB harmless line', `echo ${'x'.repeat(250_000)}`, 'allow'],
    ['a 250 KB line of separators', ';'.repeat(250_000), undefined],
    ['a 250 KB line of quotes', '"'.repeat(250_000), undefined],
    ['a 250 KB line of unterminated quotes and rm', `rm -rf src ${"'".repeat(250_001)}`, 'confirm'],
    ['deep command substitution', `${'$('.repeat(3000)}rm -rf src${')'.repeat(3000)}`, 'confirm'],
    ['deep subshells', `${'('.repeat(5000)}rm -rf src${')'.repeat(5000)}`, 'confirm'],
    ['deep braces', `${'{ '.repeat(3000)}rm -rf src${'; }'.repeat(3000)}`, 'confirm'],
    ['sh -c nested eight times', nestShells('rm -rf src', 8), 'confirm'],
    ['10 000 pipeline stages', Array.from({ length: 10_000 }, () => 'cat').join(' | '), undefined],
    ['10 000 chained rm', Array.from({ length: 10_000 }, (_, i) => `rm f${i}`).join(' && '), 'confirm'],
    ['a 250 KB word of backslashes', '\\'.repeat(250_000), undefined],
    ['Cyrillic look-alike program name', 'rм -rf /', undefined],
    ['fullwidth dash', 'rm －rf src', 'confirm'],
    ['right-to-left override', 'rm -rf \u202esrc', 'confirm'],
    ['zero-width joiner inside the program', 'r\u200dm -rf /', undefined],
    ['eval of eval of eval', `${'eval '.repeat(200)}rm -rf src`, 'confirm'],
    ['a script that runs itself', 'bash self.sh', undefined],
  ];
  for (const [name, command, expected] of adversarial) {
    test(`adversarial: ${name}`, { timeout: 60_000 }, async () => {
      const engine = await analyzer();
      const verdict = engine.analyze(command, { cwd: '/work/project', env: {} });
      assertVerdict(verdict);
      if (expected) assert.equal(verdict.decision, expected, JSON.stringify(verdict.reasons));
    });
  }
});
