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
  const quick = canonical(text);
  return quick !== undefined ? quick : parseIsoByRegex(text, lenient);
}

/** The general reader behind `parseIsoDateTime` (exported for the test that holds the fast path to it). */
export function parseIsoByRegex(text: string, lenient = false): EpochNanos | null {
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

/**
 * The form of nearly every event timestamp, `2024-06-03T09:00:00.000Z` (UTC, seconds, 0-9 fraction digits), read
 * by character codes: the regex and the Date objects cost a microsecond per event. Both readers agree on this form
 * in either mode; undefined means "not this form", for the general reader to decide.
 */
function canonical(t: string): EpochNanos | null | undefined {
  const n = t.length;
  if (n < 20 || n > 30 || n === 21 || t.charCodeAt(n - 1) !== 90 /* Z */) return undefined;
  if (t.charCodeAt(4) !== 45 || t.charCodeAt(7) !== 45 || t.charCodeAt(10) !== 84) return undefined;
  if (t.charCodeAt(13) !== 58 || t.charCodeAt(16) !== 58) return undefined;
  if (n > 20 && t.charCodeAt(19) !== 46 && t.charCodeAt(19) !== 44) return undefined;
  const year = digits(t, 0, 4);
  const month = digits(t, 5, 7);
  const day = digits(t, 8, 10);
  const hour = digits(t, 11, 13);
  const minute = digits(t, 14, 16);
  const second = digits(t, 17, 19);
  const fraction = n > 20 ? digits(t, 20, n - 1) : 0;
  if ((year | month | day | hour | minute | second | fraction) < 0) return undefined;
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null;
  if (hour > 23 || minute > 59 || second > 59) return null;
  // the fraction's digits, padded to nine: milliseconds and the nanoseconds below them
  const nine = n > 20 ? fraction * 10 ** (9 - (n - 21)) : 0;
  const ms =
    daysFromCivil(year, month, day) * 86_400_000 +
    hour * 3_600_000 +
    minute * 60_000 +
    second * 1000 +
    Math.floor(nine / 1e6);
  return [ms, nine % 1e6];
}

/** The number `t[from, to)` spells in ASCII digits, or -1 when another character is there. */
function digits(t: string, from: number, to: number): number {
  let v = 0;
  for (let i = from; i < to; i++) {
    const d = t.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return -1;
    v = v * 10 + d;
  }
  return v;
}

function daysInMonth(year: number, month: number): number {
  if (month !== 2) return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
  return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
}

/** Days from 1970-01-01 to a proleptic Gregorian date (H. Hinnant's days_from_civil). */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month > 2 ? month - 3 : month + 9) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146_097 + doe - 719_468;
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
