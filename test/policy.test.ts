// Policy: a repository may only tighten; the user may loosen. Errors name the file, line and column.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { mergePolicies, parsePolicy, PolicyError } from '../src/core/policy';
import { analyzer } from './helpers/analyzer';

function repository(text: string) {
  return { file: '/repo/.blastdoor.json', policy: parsePolicy(text, '/repo/.blastdoor.json', 'repository') };
}
function user(text: string) {
  return { file: '/home/me/.config/blastdoor/config.json', policy: parsePolicy(text, '/home/me/.config/blastdoor/config.json', 'user') };
}

describe('policy', () => {
  test('a repository confirm rule gates a command no built-in rule flags', async () => {
    const engine = await analyzer();
    const policy = mergePolicies([repository('{"confirm": [{"id": "seed", "command": "npm run seed", "reason": "seeding wipes the demo data"}]}')]);
    const verdict = engine.analyze('npm run seed -- --reset', { cwd: '/repo', env: {}, policy });
    assert.equal(verdict.decision, 'confirm');
    assert.equal(verdict.findings[0].rule, 'policy.seed');
    assert.match(verdict.findings[0].blastRadius, /seeding wipes the demo data/);
    assert.equal(engine.analyze('npm run lint', { cwd: '/repo', env: {}, policy }).decision, 'allow');
  });

  test('a repository deny rule turns a confirmation into a deny', async () => {
    const engine = await analyzer();
    const policy = mergePolicies([repository('{"deny": [{"tool": "rm", "resource": "migrations*"}]}')]);
    assert.equal(engine.analyze('rm -rf migrations', { cwd: '/repo', env: {}, policy }).decision, 'deny');
    assert.equal(engine.analyze('rm -rf src', { cwd: '/repo', env: {}, policy }).decision, 'confirm');
  });

  test('a repository can name its production hosts', async () => {
    const engine = await analyzer();
    const before = engine.analyze('ssh acme-main rm -rf /srv/app', { cwd: '/repo', env: {} });
    assert.equal(before.findings[0].environment.name, 'unknown');
    const policy = mergePolicies([repository('{"environments": {"production": ["acme-main", "*.acme.internal"]}}')]);
    const after = engine.analyze('ssh acme-main rm -rf /srv/app', { cwd: '/repo', env: {}, policy });
    assert.equal(after.findings[0].environment.name, 'production');
    assert.match(after.findings[0].environment.evidence, /acme-main/);
  });

  test('a repository cannot allow, nor call its targets development or local', () => {
    for (const text of ['{"allow": [{"tool": "rm"}]}', '{"environments": {"development": ["prod-db"]}}', '{"environments": {"local": ["*"]}}']) {
      assert.throws(
        () => repository(text),
        (error: unknown) => error instanceof PolicyError && /only the user configuration/.test(error.message),
      );
    }
  });

  test('user allow rules drop confirmations but never a built-in deny', async () => {
    const engine = await analyzer();
    const policy = mergePolicies([user('{"allow": [{"tool": "rm"}]}')]);
    assert.equal(engine.analyze('rm -rf src', { cwd: '/repo', env: {}, policy }).decision, 'allow');
    assert.equal(engine.analyze('rm -rf /', { cwd: '/repo', env: {}, policy }).decision, 'deny');
  });

  test('a repository deny wins over a user allow', async () => {
    const engine = await analyzer();
    const policy = mergePolicies([repository('{"deny": [{"tool": "rm", "resource": "data"}]}'), user('{"allow": [{"tool": "rm"}]}')]);
    assert.equal(engine.analyze('rm -rf data', { cwd: '/repo', env: {}, policy }).decision, 'deny');
    assert.equal(engine.analyze('rm -rf src', { cwd: '/repo', env: {}, policy }).decision, 'allow');
  });

  test('schema errors say where and what', () => {
    const cases: [string, RegExp][] = [
      ['{"deny": [{"tool": 3}]}', /line 1, column 12 at deny\.0\.tool: must be string/],
      ['{"deny": [{}]}', /deny\.0/],
      ['{"deny": [{"reason": "x"}]}', /at least one of command, tool, action, resource or environment/],
      ['{"deny": [{"tool": "rm", "environment": "prod"}]}', /environment/],
      ['{"denny": []}', /unknown property "denny"/],
      ['{\n  "deny": [\n    {"tool": "rm",}\n  ]\n}', /line 3, column 19/],
      ['', /empty/],
      ['[1, 2]', /must be object/],
    ];
    for (const [text, expected] of cases) {
      assert.throws(
        () => repository(text),
        (error: unknown) => error instanceof PolicyError && expected.test(error.message) && error.message.includes('/repo/.blastdoor.json'),
        text,
      );
    }
  });

  test('comments are accepted, as in VS Code settings files', () => {
    const parsed = repository('{\n  // production clusters\n  "environments": {"production": ["gke_acme_*"]}\n}');
    assert.deepEqual(parsed.policy.environments, { production: ['gke_acme_*'] });
  });
});
