import { parse } from '../eql/parser.js';
import { verify } from '../eql/verify.js';
import { createExecutor } from '../engine/executor.js';
import type { CaseEngine } from './runner.js';

/** Size used when a spec gives none (HARNESS.md §4). */
export const DEFAULT_SPEC_SIZE = 50;

/** Runs a case with rule-runner's own engine over the dataset's sorted events, as `rule-runner query` does. */
export const offlineEngine: CaseEngine = async (c, suite, dataset) => {
  const stmt = parse(c.query);
  verify(stmt, { schema: dataset.schema });
  const executor = createExecutor(stmt, {
    schema: dataset.schema,
    // with several indices each one's events are read against its own mapping, as each shard does
    schemaFor: dataset.indexSchemas.size > 1 ? (index) => dataset.indexSchemas.get(index) : undefined,
    eventCategoryField: 'event.category',
    timestampField: '@timestamp',
    tiebreakerField: suite.tiebreakerField,
    size: c.size ?? DEFAULT_SPEC_SIZE,
    maxSamplesPerKey: c.maxSamplesPerKey && c.maxSamplesPerKey > 0 ? c.maxSamplesPerKey : undefined,
  });
  for (const e of dataset.events) {
    executor.push(e);
    if (executor.done) break;
  }
  return executor.finish();
};
