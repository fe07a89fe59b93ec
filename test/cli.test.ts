// The `blastdoor check` contract, exercised on the built CLI as a real process.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, describe, test } from 'node:test';

const cli = path.join(__dirname, '..', 'dist', 'cli.js');
const scratchRoot = path.join(__dirname, '..', 'test-results');
mkdirSync(scratchRoot, { recursive: true });
const scratch = mkdtempSync(path.join(scratchRoot, 'cli-'));
const home = path.join(scratch, 'home');
mkdirSync(home, { recursive: true });
after(() => rmSync(scratch, { recursive: true, force: true }));

function run(args: string[], options: { input?: string; cwd?: string; env?: Record<string, string> } = {}) {
  const result = spawnSync(process.execPath, [cli, ...args], {
    input: options.input ?? '',
    cwd: options.cwd ?? scratch,
    env: { PATH: process.env.PATH ?? '', HOME: home, ...options.env },
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('blastdoor check', () => {
  test('the incident command needs a person and names the volume', () => {
    const { code, stdout } = run(['check', '--json', '--', 'railway volume delete --volume pg-data --yes']);
    assert.equal(code, 3);
    const verdict = JSON.parse(stdout);
    assert.equal(verdict.decision, 'confirm');
    assert.deepEqual(Object.keys(verdict).sort(), ['decision', 'findings', 'reasons', 'risk']);
    const finding = verdict.findings[0];
    assert.deepEqual(Object.keys(finding).sort(), ['action', 'blastRadius', 'confirmText', 'environment', 'resource', 'reversible', 'rule', 'tool']);
    assert.deepEqual(finding.resource, { kind: 'volume', name: 'pg-data' });
    assert.equal(finding.environment.name, 'unknown');
    assert.equal(finding.confirmText, 'pg-data');
    assert.equal(finding.reversible, false);
    assert.ok(['high', 'critical'].includes(verdict.risk));
  });

  test('exit codes: 0 allow, 3 confirm, 4 deny, 2 bad usage', () => {
    assert.equal(run(['check', '--', 'ls -la']).code, 0);
    assert.equal(run(['check', '--', 'git push --force origin main']).code, 3);
    assert.equal(run(['check', '--', 'rm -rf /']).code, 4);
    assert.equal(run(['check']).code, 2);
    assert.equal(run(['check', '--bogus', '--', 'ls']).code, 2);
    assert.equal(run(['frobnicate']).code, 2);
  });

  test('several arguments are joined into one command line', () => {
    const { code, stdout } = run(['check', '--json', '--', 'rm', '-rf', 'src']);
    assert.equal(code, 3);
    assert.equal(JSON.parse(stdout).findings[0].resource.name, 'src');
  });

  test('the human summary shows target, environment, blast radius and what to type', () => {
    const { stdout } = run(['check', '--', 'kubectl --context prod-eu delete namespace payments']);
    assert.match(stdout, /^CONFIRM/);
    assert.match(stdout, /namespace payments/);
    assert.match(stdout, /environment: +production/);
    assert.match(stdout, /to approve, type: payments/);
  });

  test('a credential written into the command is masked in the summary and the verdict', () => {
    const secret = 'hunter2SECRETvalue';
    const command = `PGPASSWORD=${secret} psql postgres://app:${secret}@db.prod.acme.com/app -c 'DROP TABLE users'`;
    const human = run(['check', '--', command]);
    const json = run(['check', '--json', '--', command]);
    assert.equal(human.code, 3);
    assert.ok(!human.stdout.includes(secret), human.stdout);
    assert.ok(!json.stdout.includes(secret), json.stdout);
    assert.match(human.stdout, /PGPASSWORD=hunt…alue/);
  });

  test('--cwd sets where paths and scripts are resolved', () => {
    const project = path.join(scratch, 'project');
    mkdirSync(project, { recursive: true });
    writeFileSync(path.join(project, 'package.json'), JSON.stringify({ scripts: { reset: 'rm -rf data' } }));
    const { code, stdout } = run(['check', '--cwd', project, '--json', '--', 'npm run reset']);
    assert.equal(code, 3);
    assert.equal(JSON.parse(stdout).findings[0].resource.name, 'data');
    assert.equal(run(['check', '--cwd', '/tmp', '--', 'rm -rf scratch-dir']).code, 0);
  });

  test('--jsonl answers each line in order, errors included, and keeps going', () => {
    const lines = [
      JSON.stringify({ command: 'ls' }),
      'this is not json',
      JSON.stringify({ command: 'rm -rf src', cwd: scratch }),
      JSON.stringify({ nope: 1 }),
      JSON.stringify({ command: 'psql -c "DROP TABLE users"', env: { PGHOST: 'db.prod.internal' } }),
      JSON.stringify({ command: 'ls', env: { BAD: 1 } }),
      JSON.stringify({ command: 'rm -rf /' }),
    ];
    const { code, stdout } = run(['check', '--jsonl'], { input: `${lines.join('\n')}\n` });
    assert.equal(code, 0);
    const verdicts = stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    assert.deepEqual(
      verdicts.map((v) => v.decision),
      ['allow', 'error', 'confirm', 'error', 'confirm', 'error', 'deny'],
    );
    assert.match(verdicts[1].error, /not JSON/);
    assert.match(verdicts[3].error, /"command" must be a string/);
    assert.equal(verdicts[4].findings[0].environment.name, 'production');
  });

  test('--jsonl flushes each verdict before the next line arrives', async () => {
    const child = spawn(process.execPath, [cli, 'check', '--jsonl'], { env: { PATH: process.env.PATH ?? '', HOME: home } });
    const received: string[] = [];
    const next = () =>
      new Promise<string>((resolve) => {
        let buffer = '';
        const onData = (chunk: Buffer) => {
          buffer += chunk.toString();
          if (buffer.includes('\n')) {
            child.stdout.off('data', onData);
            resolve(buffer);
          }
        };
        child.stdout.on('data', onData);
      });
    child.stdin.write(`${JSON.stringify({ command: 'rm -rf src', cwd: scratch })}\n`);
    received.push(await next());
    child.stdin.write(`${JSON.stringify({ command: 'ls' })}\n`);
    received.push(await next());
    child.stdin.end();
    await new Promise((resolve) => child.on('close', resolve));
    assert.equal(JSON.parse(received[0]).decision, 'confirm');
    assert.equal(JSON.parse(received[1]).decision, 'allow');
  });

  test('a megabyte-long command gets a clear answer, not a crash', () => {
    const long = `echo ${'a'.repeat(256 * 1024 - 10)}`;
    const tooLong = `echo ${'a'.repeat(1024 * 1024)}`;
    const { code, stdout } = run(['check', '--jsonl'], { input: `${JSON.stringify({ command: long })}\n${JSON.stringify({ command: tooLong })}\n` });
    assert.equal(code, 0);
    const [first, second] = stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    assert.equal(first.decision, 'allow');
    assert.equal(second.decision, 'confirm');
    assert.match(second.reasons[0], /characters long/);
  });

  test('a repository policy can add a deny rule, reported with its reason', () => {
    const repo = path.join(scratch, 'policy-deny');
    mkdirSync(repo, { recursive: true });
    writeFileSync(
      path.join(repo, '.blastdoor.json'),
      JSON.stringify({ deny: [{ id: 'no-deploy', command: 'npm run deploy', reason: 'deploys go through CI' }] }),
    );
    const { code, stdout } = run(['check', '--cwd', repo, '--json', '--', 'npm run deploy -- --prod']);
    assert.equal(code, 4);
    assert.ok(JSON.parse(stdout).reasons.some((r: string) => r.includes('deploys go through CI')));
  });

  test('a repository policy cannot allow, and its error names the line and column', () => {
    const repo = path.join(scratch, 'policy-allow');
    mkdirSync(repo, { recursive: true });
    writeFileSync(path.join(repo, '.blastdoor.json'), '{\n  "allow": [\n    {"tool": "rm"}\n  ]\n}\n');
    const { code, stderr } = run(['check', '--cwd', repo, '--', 'rm -rf src']);
    assert.equal(code, 2);
    assert.match(stderr, /\.blastdoor\.json/);
    assert.match(stderr, /line 2, column 3/);
    assert.match(stderr, /only the user configuration/);
  });

  test('a corrupt policy file is a clear error with its position', () => {
    const repo = path.join(scratch, 'policy-corrupt');
    mkdirSync(repo, { recursive: true });
    writeFileSync(path.join(repo, '.blastdoor.json'), '{ "deny": [ { "tool": "rm" } \n');
    const { code, stderr } = run(['check', '--cwd', repo, '--', 'ls']);
    assert.equal(code, 2);
    assert.match(stderr, /line \d+, column \d+/);
  });

  test('user configuration may allow what the built-in rules would confirm', () => {
    const userHome = path.join(scratch, 'user-home');
    mkdirSync(path.join(userHome, '.config', 'blastdoor'), { recursive: true });
    writeFileSync(path.join(userHome, '.config', 'blastdoor', 'config.json'), JSON.stringify({ allow: [{ tool: 'rm', resource: 'scratch*' }] }));
    const project = path.join(scratch, 'user-allow');
    mkdirSync(project, { recursive: true });
    assert.equal(run(['check', '--cwd', project, '--', 'rm -rf scratch-data'], { env: { HOME: userHome } }).code, 0);
    assert.equal(run(['check', '--cwd', project, '--', 'rm -rf src'], { env: { HOME: userHome } }).code, 3);
    assert.equal(run(['check', '--cwd', project, '--', 'rm -rf /'], { env: { HOME: userHome } }).code, 4);
  });
});
