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
    maxSamplesPerKey: settings.maxSamplesPerKey,
  };
}
