/**
 * The date forms every Elasticsearch date field reads by default: `strict_date_optional_time` (its `_nanos` twin
 * reads the same text with nanosecond precision) and `epoch_millis`, tried in that order. One parser for event
 * timestamps, field values, query literals and mapping formats, so they all agree on what is a date.
 *
 * Where the forms are ambiguous this follows what an Elasticsearch node does (checked against 9.5): a bare
 * four-digit number is a year (`"2017"`, `"-2017"`), a longer one is epoch millis (`"20170101"`); epoch millis
 * take no `+` sign; no surrounding or inner whitespace, only an upper-case `T` and `Z`; impossible days
 * (`2017-02-30`) are no date.
 */

/** [epoch milliseconds, nanoseconds below the millisecond (0..999999)], UTC. */
export type EpochNanos = [millis: number, nanos: number];

const ISO =
  /^([+-]?\d{4,9})(?:-(\d{2})(?:-(\d{2})(?:T(\d{2})(?::(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)?)?)?)?(Z|[+-]\d{2}(?::?\d{2})?)?$/;
/** `date_optional_time`: fields may have fewer digits. */
const ISO_LENIENT =
  /^([+-]?\d{1,9})(?:-(\d{1,2})(?:-(\d{1,2})(?:T(\d{1,2})(?::(\d{1,2})(?::(\d{1,2})(?:[.,](\d{1,9}))?)?)?)?)?)?(Z|[+-]\d{2}(?::?\d{2})?)?$/;
const BARE_LONG_NUMBER = /^[+-]?\d{5,}$/;
const EPOCH = /^(-?)(\d+)(?:\.(\d+))?$/;
/** Elasticsearch reads epoch millis into a Java long. */
const MAX_EPOCH_MILLIS = 2 ** 63;

/** `strict_date_optional_time||epoch_millis`, Elasticsearch's default date format. */
export function parseDefaultDate(text: string): EpochNanos | null {
  return parseIsoDateTime(text) ?? parseEpochMillis(text);
}

/**
 * `strict_date_optional_time` (or with `lenient`, `date_optional_time`): ISO-8601 date with optional time,
 * fraction of up to 9 digits and zone (`Z`, `+01`, `+0130`, `+01:30`); UTC when the zone is left out.
 */
export function parseIsoDateTime(text: string, lenient = false): EpochNanos | null {
  // a bare number with more than four digits is no year for Elasticsearch: it is left to epoch_millis
  if (!lenient && BARE_LONG_NUMBER.test(text)) return null;
  const m = (lenient ? ISO_LENIENT : ISO).exec(text);
  if (!m) return null;
  const year = Number(m[1]);
  const month = m[2] ? Number(m[2]) : 1;
  const day = m[3] ? Number(m[3]) : 1;
  const hour = m[4] ? Number(m[4]) : 0;
  const minute = m[5] ? Number(m[5]) : 0;
  const second = m[6] ? Number(m[6]) : 0;
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 59) return null;
  // built in a leap year, then moved: Date.UTC would read years 0-99 as 1900-1999
  const d = new Date(Date.UTC(2000, month - 1, day, hour, minute, second));
  d.setUTCFullYear(year);
  if (d.getUTCDate() !== day) return null;
  let ms = d.getTime();
  if (Number.isNaN(ms)) return null;
  let nanos = 0;
  if (m[7]) {
    const frac = (m[7] + '000000000').slice(0, 9);
    ms += Number(frac.slice(0, 3));
    nanos = Number(frac.slice(3));
  }
  if (m[8]) ms -= offsetMinutes(m[8]) * 60000;
  return [ms, nanos];
}

/** `epoch_millis`: an integer or decimal number of milliseconds; the fraction's first 6 digits are kept. */
export function parseEpochMillis(text: string): EpochNanos | null {
  const m = EPOCH.exec(text);
  if (!m) return null;
  let ms = Number(m[2]);
  if (ms > MAX_EPOCH_MILLIS) return null;
  let nanos = m[3] ? Number((m[3] + '000000').slice(0, 6)) : 0;
  if (m[1] === '-') {
    ms = -ms;
    // -1.5 is 1.5 ms before the epoch: millisecond -2 plus 500000 ns
    if (nanos > 0) {
      ms -= 1;
      nanos = 1e6 - nanos;
    }
  }
  return [ms, nanos];
}

/** Epoch milliseconds with the nanoseconds as a fraction, the form the evaluator compares. */
export function toMillis([ms, nanos]: EpochNanos): number {
  return nanos === 0 ? ms : ms + nanos / 1e6;
}

function offsetMinutes(zone: string): number {
  if (zone === 'Z') return 0;
  const sign = zone[0] === '-' ? -1 : 1;
  const digits = zone.slice(1).replace(':', '');
  return sign * (Number(digits.slice(0, 2)) * 60 + (digits.length > 2 ? Number(digits.slice(2)) : 0));
}
