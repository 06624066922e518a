import type { Client } from '@elastic/elasticsearch';
import { parse } from '../../src/eql/syntax/parser.js';
import { queryViaSearch } from '../../src/run/es-search.js';
import { specSettings } from './offline-engine.js';
import type { CaseEngine } from './runner.js';

/**
 * Runs a case through the raw-search engine against indices loaded by `loadIntoEs` under `prefix`, with the
 * request parameters the harness sends (HARNESS.md §4). A small page size makes every case cross pages.
 */
export function searchEngine(client: Client, prefix: string, pageSize = 7, esMajor?: number): CaseEngine {
  return async (c, suite) => {
    const run = await queryViaSearch(parse(c.query), {
      client,
      index: suite.indices.map((n) => prefix + n),
      ...specSettings(c, suite),
      pageSize,
      wholeEvents: false,
      extraFields: [suite.idField],
      esMajor,
    });
    return run.results;
  };
}
