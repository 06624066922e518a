/**
 * `--from`/`--to` over event files: the events Elasticsearch's range filter would return (see translate/time-range.ts,
 * which builds that filter for a cluster), so that an offline run over an export of a window answers as the
 * cluster does for that window.
 */
import type { Schema } from '../mapping/schema.js';
import { makeOrdinal } from './ordinal.js';
import type { Ordinal } from './event.js';

export interface EventTimeRange {
  /** Inclusive bounds, epoch milliseconds. */
  gte?: number;
  lte?: number;
}

export interface EventTimeRangeOptions {
  timestampField: string;
  /** Kibana's timestamp override: the range applies to this field, else (fallback) to `timestampField`. */
  timestampOverride?: string;
  timestampOverrideFallbackDisabled?: boolean;
  schema?: Schema;
  /** Events may lack a timestamp (sample queries; their ordinal then says ts 0, which is no timestamp here). */
  timestampOptional?: boolean;
}

/**
 * Whether an event is in `range`. A bound given in milliseconds compares whole milliseconds, except on a
 * `date_nanos` field, which keeps its nanoseconds (`lte` of `…00.000Z` then excludes `…00.000000001Z`).
 * Unmapped timestamps compare as the `date` Elasticsearch's dynamic mapping makes of them. An event without the
 * field is outside any range, as a range query never matches a missing field.
 */
export function compileEventTimeRange(
  range: EventTimeRange,
  opts: EventTimeRangeOptions,
): (source: Record<string, unknown>, ordinal: Ordinal) => boolean {
  const { gte, lte } = range;
  const schema = opts.schema;
  const inRange = (field: string) => {
    const nanos = schema?.resolve(field)?.type === 'date_nanos';
    return (o: Ordinal) =>
      (gte === undefined || o.ts >= gte) &&
      (lte === undefined || o.ts < lte || (o.ts === lte && (!nanos || o.nanos === 0)));
  };
  const timestampOf = (field: string) => (source: Record<string, unknown>) =>
    makeOrdinal(source, 0, { timestampField: field, schema });
  const own = inRange(opts.timestampField);
  const override = opts.timestampOverride;
  if (!override || override === opts.timestampField) {
    if (!opts.timestampOptional) return (_source, ordinal) => own(ordinal);
    const read = timestampOf(opts.timestampField);
    return (source) => {
      const t = read(source);
      return t !== null && own(t);
    };
  }
  const readOverride = timestampOf(override);
  const overridden = inRange(override);
  const readOwn = timestampOf(opts.timestampField);
  return (source) => {
    const t = readOverride(source);
    if (t !== null) return overridden(t);
    if (opts.timestampOverrideFallbackDisabled) return false;
    const o = readOwn(source);
    return o !== null && own(o);
  };
}
