import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { QueryResult } from '../../src/engine/results.js';
import { judge } from './compare.js';
import { buildDataset, loadIndex, type Dataset, type KeywordType } from './datasets.js';
import { findExclusion, type Exclusion } from './exclusions.js';
import { loadSpecFile, type SpecCase } from './spec-file.js';
import { SUITES, type Suite } from './suites.js';

/** Runs one case and returns its results; offline, or through Elasticsearch. */
export type CaseEngine = (c: SpecCase, suite: Suite, dataset: Dataset) => Promise<QueryResult[]>;

export interface CaseOutcome {
  name: string;
  status: 'passed' | 'failed' | 'excluded';
  reason?: string;
}

export interface SuiteReport {
  suite: Suite;
  outcomes: CaseOutcome[];
  passed: number;
  failed: number;
  excluded: number;
}

export interface RunOptions {
  specDir: string;
  engineName: string;
  engine: CaseEngine;
  exclusions: Exclusion[];
  keywordType?: KeywordType;
  /** Only suites whose file name matches, and only cases whose name matches. */
  fileFilter?: (file: string) => boolean;
  nameFilter?: (name: string) => boolean;
}

export function specDirAvailable(specDir: string): boolean {
  return existsSync(join(specDir, 'HARNESS.md')) && existsSync(join(specDir, 'test_queries.toml'));
}

export async function runConformance(opts: RunOptions): Promise<SuiteReport[]> {
  const reports: SuiteReport[] = [];
  const datasets = new Map<string, Dataset>();
  for (const suite of SUITES) {
    if (opts.fileFilter && !opts.fileFilter(suite.file)) continue;
    const key = `${suite.indices.join(',')}|${suite.tiebreakerField}|${suite.idField}`;
    let dataset = datasets.get(key);
    if (!dataset) {
      const indices = suite.indices.map((n) => loadIndex(opts.specDir, n, opts.keywordType ?? 'keyword'));
      dataset = buildDataset(indices, suite.idField, suite.tiebreakerField, suite.sample);
      datasets.set(key, dataset);
    }
    const report: SuiteReport = { suite, outcomes: [], passed: 0, failed: 0, excluded: 0 };
    for (const c of loadSpecFile(join(opts.specDir, suite.file))) {
      if (opts.nameFilter && !opts.nameFilter(c.name)) continue;
      const exclusion = findExclusion(
        opts.exclusions,
        suite.file,
        suite.indices.join(','),
        c.name,
        opts.engineName,
      );
      if (exclusion) {
        report.outcomes.push({ name: c.name, status: 'excluded', reason: exclusion.reason });
        report.excluded++;
        continue;
      }
      let outcome: CaseOutcome;
      try {
        const verdict = judge(c, await opts.engine(c, suite, dataset), suite.idField);
        outcome = verdict.passed
          ? { name: c.name, status: 'passed' }
          : { name: c.name, status: 'failed', reason: verdict.reason };
      } catch (e) {
        const err = e as Error & { code?: string };
        outcome = {
          name: c.name,
          status: 'failed',
          reason: `${err.code ?? err.name}: ${err.message.split('\n')[0]}`,
        };
      }
      report.outcomes.push(outcome);
      if (outcome.status === 'passed') report.passed++;
      else report.failed++;
    }
    reports.push(report);
  }
  return reports;
}

/** Human-readable report: one line per suite (passed / total), then the failing names with reasons. */
export function formatReport(reports: SuiteReport[], verbose: boolean): string {
  const lines: string[] = [];
  let passed = 0;
  let total = 0;
  let excluded = 0;
  for (const r of reports) {
    const run = r.passed + r.failed;
    passed += r.passed;
    total += run;
    excluded += r.excluded;
    const ex = r.excluded ? ` (${r.excluded} excluded)` : '';
    lines.push(`${r.failed === 0 ? 'ok  ' : 'FAIL'} ${r.suite.label}: ${r.passed} / ${run}${ex}`);
    for (const o of r.outcomes) {
      if (o.status === 'failed')
        lines.push(`       ✗ ${o.name}${verbose && o.reason ? `: ${o.reason}` : ''}`);
    }
  }
  lines.push(`conformance: ${passed} / ${total} passed, ${total - passed} failed, ${excluded} excluded`);
  return lines.join('\n');
}
