import { createAnalyzer, type Analyzer } from '../../src/core/analyzer';

let shared: Promise<Analyzer> | undefined;

/** One analyzer per test process: loading the grammar is the slow part. */
export function analyzer(): Promise<Analyzer> {
  shared ??= createAnalyzer();
  return shared;
}
