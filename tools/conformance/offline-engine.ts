import { parse } from '../../src/eql/syntax/parser.js';
import { verify } from '../../src/eql/verify/verify.js';
import { createExecutor } from '../../src/engine/executor.js';
import { executeOptions, type QuerySettings } from '../../src/run/settings.js';
import type { CaseEngine } from './runner.js';
import type { SpecCase } from './spec-file.js';
import type { Suite } from './suites.js';

/** Size used when a spec gives none (HARNESS.md §4). */
export const DEFAULT_SPEC_SIZE = 50;

/** The request parameters the harness sends for a case (HARNESS.md §4), whichever engine runs it. */
export function specSettings(c: SpecCase, suite: Suite): QuerySettings {
  return {
    timestampField: '@timestamp',
    tiebreakerField: suite.tiebreakerField,
    eventCategoryField: 'event.category',
    size: c.size ?? DEFAULT_SPEC_SIZE,
    maxSamplesPerKey: c.maxSamplesPerKey && c.maxSamplesPerKey > 0 ? c.maxSamplesPerKey : undefined,
  };
}

/** Runs a case with rule-runner's own engine over the dataset's sorted events, as `rule-runner query` does. */
export const offlineEngine: CaseEngine = async (c, suite, dataset) => {
  const stmt = parse(c.query);
  verify(stmt, { schema: dataset.schema });
  const executor = createExecutor(
    stmt,
    executeOptions(
      specSettings(c, suite),
      dataset.schema,
      // with several indices each one's events are read against its own mapping, as each shard does
      dataset.indexSchemas.size > 1 ? (index) => dataset.indexSchemas.get(index) : undefined,
    ),
  );
  // the datasets are parsed once and reused by every query: the in-memory path (see engine/prefetch.ts)
  executor.pushAll(dataset.events);
  return executor.finish();
};
