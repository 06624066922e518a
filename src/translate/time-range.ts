/** The time-range filter shared by the search and EQL sources. */
import type { Query } from './dsl.js';

export interface TimeRange {
  /** Inclusive bounds, ISO 8601 or epoch milliseconds. */
  gte?: string;
  lte?: string;
}

const RANGE_FORMAT = 'strict_date_optional_time||epoch_millis';

/** The filter for a time range, exactly as Kibana builds it for a timestamp override (a `should` of two ranges). */
export function timeRangeFilter(
  range: TimeRange,
  timestampField: string,
  override?: string,
  fallbackDisabled = false,
): Query {
  const bounds: { format: string; gte?: string; lte?: string } = { format: RANGE_FORMAT };
  if (range.gte !== undefined) bounds.gte = range.gte;
  if (range.lte !== undefined) bounds.lte = range.lte;
  if (!override || override === timestampField) return { range: { [timestampField]: bounds } };
  const should: Query[] = [{ range: { [override]: bounds } }];
  if (!fallbackDisabled)
    should.push({
      bool: {
        filter: [{ range: { [timestampField]: bounds } }],
        must_not: [{ exists: { field: override } }],
      },
    });
  return { bool: { should, minimum_should_match: 1 } };
}
