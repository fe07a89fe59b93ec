// Paths under the system temp folder are scratch space, but never the workspace itself.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { analyzer } from './helpers/analyzer';

describe('scratch space', () => {
  const cases: [string, string, 'allow' | 'confirm'][] = [
    ['/work/app', 'rm -rf /tmp/build-cache', 'allow'],
    ['/work/app', 'cd /tmp && rm -rf src', 'allow'],
    ['/tmp/cloned-project', 'rm -rf src', 'confirm'],
    ['/tmp/cloned-project', 'rm -rf /tmp/other-scratch', 'allow'],
    ['/tmp/cloned-project', 'rm -rf ..', 'confirm'],
    ['/tmp/cloned-project/packages/web', 'rm -rf /tmp/cloned-project', 'confirm'],
    ['/tmp', 'rm -rf leftover', 'allow'],
  ];
  for (const [cwd, command, expected] of cases) {
    test(`in ${cwd}: ${command} → ${expected}`, async () => {
      const engine = await analyzer();
      assert.equal(engine.analyze(command, { cwd, env: { HOME: '/home/dev' } }).decision, expected);
    });
  }
});
