#!/usr/bin/env node
/**
 * `npm run conformance`: replays Elasticsearch's EQL QA suite (../shared/eql-spec) through the offline engine and
 * prints, per spec file, passed / total and the failing names. Exit 1 when a non-excluded case fails, 2 when the
 * suite is absent.
 *
 *   --spec-dir DIR     where the suite is (default ../shared/eql-spec beside the repo, or $EQL_SPEC_DIR)
 *   --file SUBSTR      only spec files whose name contains SUBSTR
 *   --name SUBSTR      only cases whose name contains SUBSTR
 *   --verbose          print why each failing case failed
 */
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadExclusions } from './exclusions.js';
import { offlineEngine } from './offline-engine.js';
import { formatReport, runConformance, specDirAvailable } from './runner.js';

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
export const DEFAULT_SPEC_DIR = process.env.EQL_SPEC_DIR ?? resolve(REPO_ROOT, '..', 'shared', 'eql-spec');
export const EXCLUSIONS_FILE = join(REPO_ROOT, 'conformance', 'exclusions.toml');

function arg(argv: string[], flag: string): string | undefined {
  const i = argv.indexOf(flag);
  return i >= 0 ? argv[i + 1] : undefined;
}

async function main(argv: string[]): Promise<number> {
  const specDir = arg(argv, '--spec-dir') ?? DEFAULT_SPEC_DIR;
  if (!specDirAvailable(specDir)) {
    process.stderr.write(
      `conformance: the EQL spec suite is not at ${specDir} (set --spec-dir or EQL_SPEC_DIR)\n`,
    );
    return 2;
  }
  const file = arg(argv, '--file');
  const name = arg(argv, '--name');
  const reports = await runConformance({
    specDir,
    engineName: 'offline',
    engine: offlineEngine,
    exclusions: loadExclusions(EXCLUSIONS_FILE),
    fileFilter: file ? (f) => f.includes(file) : undefined,
    nameFilter: name ? (n) => n.includes(name) : undefined,
  });
  process.stdout.write(formatReport(reports, argv.includes('--verbose')) + '\n');
  return reports.some((r) => r.failed > 0) ? 1 : 0;
}

main(process.argv.slice(2)).then(
  (code) => (process.exitCode = code),
  (e) => {
    process.stderr.write(`conformance: ${(e as Error).stack ?? String(e)}\n`);
    process.exitCode = 1;
  },
);
