import type { Schema } from '../mapping/schema.js';
import type { ExecuteOptions } from '../engine/results.js';

/** What every engine needs to know to run a query the same way: Elasticsearch's EQL request parameters. */
export interface QuerySettings {
  /** Default `@timestamp`. */
  timestampField: string;
  tiebreakerField?: string | null;
  /** Default `event.category`. */
  eventCategoryField: string;
  /** Maximum results; Elasticsearch's default is 10. */
  size: number;
  /** `size` keeps the first results (default) or the last, as the EQL API's `result_position`. */
  resultPosition?: 'head' | 'tail';
  maxSamplesPerKey?: number;
}

/** The engine's options for running a query with these settings over events read against `schema`. */
export function executeOptions(
  settings: QuerySettings,
  schema: Schema | undefined,
  schemaFor?: ExecuteOptions['schemaFor'],
): ExecuteOptions {
  return {
    schema,
    schemaFor,
    eventCategoryField: settings.eventCategoryField,
    timestampField: settings.timestampField,
    tiebreakerField: settings.tiebreakerField ?? null,
    size: settings.size,
    resultPosition: settings.resultPosition,
    maxSamplesPerKey: settings.maxSamplesPerKey,
  };
}
