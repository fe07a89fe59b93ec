// The command corpus: hundreds of real commands from the tools' documentation with the decision,
// resource and environment a person would expect. One JSON file per tool family in test/corpus/.
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import { analyzer } from './helpers/analyzer';

interface CorpusCase {
  command: string;
  decision: 'allow' | 'confirm' | 'deny';
  /** Name of the resource some finding must target. */
  resource?: string;
  kind?: string;
  environment?: 'production' | 'staging' | 'development' | 'local' | 'unknown';
  /** Prefix of the rule id some finding must carry. */
  rule?: string;
  confirmText?: string;
  /** Files created in a temporary working directory (package.json, Makefile, SQL files). */
  files?: Record<string, string>;
  /** Working directory below the temporary directory (created). */
  cwd?: string;
  env?: Record<string, string>;
  note?: string;
}

const corpusDir = path.join(__dirname, 'corpus');
// Outside the system temp folder on purpose: paths under /tmp count as scratch space and are allowed.
const scratchRoot = path.join(__dirname, '..', 'test-results');
mkdirSync(scratchRoot, { recursive: true });
const scratch = mkdtempSync(path.join(scratchRoot, 'corpus-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

let counter = 0;
function workingDirectory(entry: CorpusCase): string {
  const root = path.join(scratch, String(counter++));
  mkdirSync(root, { recursive: true });
  for (const [file, content] of Object.entries(entry.files ?? {})) {
    mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    writeFileSync(path.join(root, file), content);
  }
  const cwd = path.join(root, entry.cwd ?? '');
  mkdirSync(cwd, { recursive: true });
  return cwd;
}

for (const file of readdirSync(corpusDir)
  .filter((f) => f.endsWith('.json'))
  .sort()) {
  const cases = JSON.parse(readFileSync(path.join(corpusDir, file), 'utf8')) as CorpusCase[];
  describe(`corpus ${file}`, () => {
    for (const entry of cases) {
      test(`${entry.decision}: ${entry.command.slice(0, 120)}`, async () => {
        const engine = await analyzer();
        const verdict = engine.analyze(entry.command, { cwd: workingDirectory(entry), env: { HOME: '/home/dev', ...entry.env } });
        const summary = JSON.stringify({ decision: verdict.decision, findings: verdict.findings, reasons: verdict.reasons }, null, 1);
        assert.equal(verdict.decision, entry.decision, summary);
        const matching = verdict.findings.filter(
          (f) =>
            (entry.resource === undefined || f.resource?.name === entry.resource) &&
            (entry.kind === undefined || f.resource?.kind === entry.kind) &&
            (entry.environment === undefined || f.environment.name === entry.environment) &&
            (entry.rule === undefined || f.rule.startsWith(entry.rule)) &&
            (entry.confirmText === undefined || f.confirmText === entry.confirmText),
        );
        if (entry.resource || entry.kind || entry.environment || entry.rule || entry.confirmText) {
          assert.ok(
            matching.length > 0,
            `no finding matches ${JSON.stringify({ resource: entry.resource, kind: entry.kind, environment: entry.environment, rule: entry.rule })}\n${summary}`,
          );
        }
        if (entry.decision === 'allow') assert.equal(verdict.findings.length, 0, summary);
      });
    }
  });
}
