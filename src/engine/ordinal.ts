/**
 * Building an event's ordinal from its `_source`: the timestamp (as Elasticsearch's default date format
 * `strict_date_optional_time||epoch_millis` reads it) and the optional tiebreaker field.
 */
import { dateFormatParser, isDefaultDateFormat, type DateParser } from '../mapping/date-format.js';
import { inNanosRange, parseDefaultDate, parseEpochMillis } from '../mapping/iso-date.js';
import { isDateType, type Schema } from '../mapping/schema.js';
import { UserError } from '../errors.js';
import { readSourcePath, type Ordinal } from './event.js';

export interface OrdinalOptions {
  timestampField?: string;
  tiebreakerField?: string | null;
  schema?: Schema;
  /**
   * Sample queries need no timestamp: with `true` an event without one gets ts 0 instead of being dropped.
   */
  timestampOptional?: boolean;
}

/**
 * How a timestamp is read: as a `date` field (milliseconds kept), a `date_nanos` field (its own ISO form and
 * range), or unmapped (a `date`'s forms, every digit of the fraction kept).
 */
export type TimestampType = 'date' | 'date_nanos' | 'unmapped';

/**
 * [epoch millis, nanos below the millisecond], or null when the value is no date Elasticsearch would accept in a
 * field of that type with the default format.
 */
export function parseTimestamp(value: unknown, type: TimestampType = 'unmapped'): [number, number] | null {
  if (Array.isArray(value)) value = value.length > 0 ? value[0] : undefined;
  let t: [number, number] | null;
  if (typeof value === 'number') {
    // a JSON number reaches Elasticsearch as its text, which for a fraction is what String() gives back
    t = Number.isInteger(value)
      ? Math.abs(value) < 2 ** 63
        ? [value, 0]
        : null
      : parseEpochMillis(String(value));
  } else if (value instanceof Date) {
    const ms = value.getTime();
    t = Number.isNaN(ms) ? null : [ms, 0];
  } else if (typeof value === 'string') {
    t = parseDefaultDate(value, type === 'date_nanos');
  } else {
    return null;
  }
  if (t === null) return null;
  if (type === 'date_nanos') return inNanosRange(t);
  return type === 'date' ? [t[0], 0] : t;
}

/** A timestamp in the mapping's own `format` (numbers are read as their text, as Elasticsearch does). */
function parseWithFormat(
  value: unknown,
  parse: DateParser,
  nanosResolution: boolean,
): [number, number] | null {
  if (Array.isArray(value)) value = value.length > 0 ? value[0] : undefined;
  if (typeof value !== 'string' && typeof value !== 'number') return null;
  const t = parse(String(value));
  if (t === undefined) return null;
  const ms = Math.floor(t);
  return [ms, nanosResolution ? Math.round((t - ms) * 1e6) : 0];
}

/**
 * A tiebreaker field that holds an object in an event. Elasticsearch maps such a field as an object, and its EQL
 * analyzer refuses an object wherever a field is named, the tiebreaker included ("Cannot use field [x] type
 * [object] only its subfields"): the query fails, so it fails here too. Readers add where the event is.
 */
export class ObjectTiebreakerError extends UserError {
  constructor(readonly field: string) {
    super(
      'TIEBREAKER_INVALID',
      `the tiebreaker field ${field} holds an object; Elasticsearch maps it as one and refuses it as tiebreaker ` +
        `("Cannot use field [${field}] type [object] only its subfields"): name one of its fields`,
    );
  }
}

function readTiebreaker(value: unknown, field: string): string | number | null {
  if (Array.isArray(value)) value = value.length > 0 ? value[0] : null;
  if (typeof value === 'number' || typeof value === 'string') return value;
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (value !== null && typeof value === 'object') throw new ObjectTiebreakerError(field);
  return null;
}

export function makeOrdinal(
  source: Record<string, unknown>,
  seq: number,
  opts: OrdinalOptions = {},
): Ordinal | null {
  const tsField = opts.timestampField ?? '@timestamp';
  const target = opts.schema?.aliasTarget(tsField) ?? tsField;
  const info = opts.schema?.resolve(tsField);
  // a `date` field keeps milliseconds only; `date_nanos` (or no mapping) keeps what the value holds
  const nanosResolution = !info || info.type !== 'date';
  const value = readSourcePath(source, target);
  const parsed =
    info && isDateType(info.type) && !isDefaultDateFormat(info.format)
      ? parseWithFormat(value, dateFormatParser(info.format!), nanosResolution)
      : parseTimestamp(value, info?.type === 'date' || info?.type === 'date_nanos' ? info.type : 'unmapped');
  let tiebreaker: string | number | null = null;
  if (opts.tiebreakerField) {
    const tbTarget = opts.schema?.aliasTarget(opts.tiebreakerField) ?? opts.tiebreakerField;
    tiebreaker = readTiebreaker(readSourcePath(source, tbTarget), opts.tiebreakerField);
  }
  if (!parsed) {
    if (!opts.timestampOptional) return null;
    return { ts: 0, nanos: 0, tiebreaker, seq };
  }
  return { ts: parsed[0], nanos: parsed[1], tiebreaker, seq };
}
