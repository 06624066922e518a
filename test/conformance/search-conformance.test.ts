import { expect } from 'chai';
import type { Connection } from '../../src/es/client.js';
import { loadExclusions } from '../../tools/conformance/exclusions.js';
import { loadIntoEs, KeywordTypeUnavailableError } from '../../tools/conformance/es-datasets.js';
import { offlineEngine } from '../../tools/conformance/offline-engine.js';
import {
  formatReport,
  runConformance,
  specDirAvailable,
  type SuiteReport,
} from '../../tools/conformance/runner.js';
import { searchEngine } from '../../tools/conformance/search-engine.js';
import { SUITES } from '../../tools/conformance/suites.js';
import type { KeywordType } from '../../tools/conformance/datasets.js';
import { EXCLUSIONS_FILE_PATH, SPEC_DIR } from '../support/paths.js';
import { testConnection } from '../support/es.js';

const passedSet = (reports: SuiteReport[]) =>
  reports.flatMap((r) =>
    r.outcomes.filter((o) => o.status === 'passed').map((o) => `${r.suite.label} ${o.name}`),
  );

for (const keywordType of ['keyword', 'wildcard'] as KeywordType[]) {
  describe(`EQL conformance through Elasticsearch, raw-search engine, ${keywordType} mappings @es`, function () {
    this.timeout(600_000);
    let conn: Connection;
    let search: SuiteReport[] = [];
    let offline: SuiteReport[] = [];
    const prefix = `rr-conf-${keywordType}-`;

    before(async function () {
      if (!specDirAvailable(SPEC_DIR)) {
        console.warn(
          `SKIPPED: the EQL spec suite is not at ${SPEC_DIR}; conformance through Elasticsearch not checked`,
        );
        this.skip();
      }
      conn = await testConnection();
      const names = [...new Set(SUITES.flatMap((s) => s.indices))];
      try {
        for (const n of names) {
          const loaded = await loadIntoEs(conn.client, SPEC_DIR, n, keywordType, prefix);
          if (loaded.substituted.length)
            console.warn(
              `NOTE: ${loaded.esIndex}: no [${loaded.substituted.join(', ')}] field type on this cluster; mapped as keyword`,
            );
        }
      } catch (e) {
        if (e instanceof KeywordTypeUnavailableError) {
          console.warn(
            `SKIPPED: ${e.message} (Elasticsearch ${conn.version}); the ${keywordType} run is not possible here`,
          );
          this.skip();
        }
        throw e;
      }
      const exclusions = loadExclusions(EXCLUSIONS_FILE_PATH);
      search = await runConformance({
        specDir: SPEC_DIR,
        engineName: 'search',
        engine: searchEngine(conn.client, prefix, undefined, conn.major),
        exclusions,
        keywordType,
      });
      offline = await runConformance({
        specDir: SPEC_DIR,
        engineName: 'search',
        engine: offlineEngine,
        exclusions,
        keywordType,
      });
      console.log(formatReport(search, true));
    });

    after(async () => {
      if (!conn) return;
      await conn.client.indices.delete({
        index: `${prefix}*`,
        ignore_unavailable: true,
        allow_no_indices: true,
      });
      await conn.client.close();
    });

    it('passes the same cases as the offline engine', () => {
      expect(passedSet(search)).to.deep.equal(passedSet(offline));
    });

    it('passes every case that is not excluded', () => {
      const failed = search.flatMap((r) =>
        r.outcomes.filter((o) => o.status === 'failed').map((o) => `${r.suite.label} ${o.name}: ${o.reason}`),
      );
      expect(failed).to.deep.equal([]);
    });
  });
}
