import { expect } from 'chai';
import { EXCLUSIONS_FILE_PATH, SPEC_DIR } from '../support/paths.js';
import { loadExclusions } from '../../tools/conformance/exclusions.js';
import { offlineEngine } from '../../tools/conformance/offline-engine.js';
import {
  formatReport,
  runConformance,
  specDirAvailable,
  type SuiteReport,
} from '../../tools/conformance/runner.js';

describe('EQL conformance (Elasticsearch QA suite, offline engine)', function () {
  let reports: SuiteReport[] = [];

  before(async function () {
    if (!specDirAvailable(SPEC_DIR)) {
      console.warn(`SKIPPED: the EQL spec suite is not at ${SPEC_DIR}; conformance not checked`);
      this.skip();
    }
    reports = await runConformance({
      specDir: SPEC_DIR,
      engineName: 'offline',
      engine: offlineEngine,
      exclusions: loadExclusions(EXCLUSIONS_FILE_PATH),
    });
    console.log(formatReport(reports, true));
  });

  it('runs every spec file the newest harness runs', () => {
    const files = new Set(reports.map((r) => r.suite.file));
    for (const f of [
      'test_queries.toml',
      'additional_test_queries.toml',
      'test_queries_date.toml',
      'test_queries_date_nanos.toml',
      'test_extra.toml',
      'test_missing_events.toml',
      'test_sample.toml',
      'test_sample_multi.toml',
    ])
      expect(files, f).to.include(f);
    expect(reports.reduce((n, r) => n + r.passed + r.failed, 0)).to.be.greaterThan(400);
  });

  it('passes every case that is not excluded', () => {
    const failed = reports.flatMap((r) =>
      r.outcomes.filter((o) => o.status === 'failed').map((o) => `${r.suite.label} ${o.name}: ${o.reason}`),
    );
    expect(failed).to.deep.equal([]);
  });
});
