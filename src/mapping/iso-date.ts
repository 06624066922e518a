/**
 * The date forms every Elasticsearch date field reads by default: `strict_date_optional_time` (`date`) or
 * `strict_date_optional_time_nanos` (`date_nanos`), then `epoch_millis`. One parser for event timestamps, field
 * values, query literals and mapping formats, so they all agree on what is a date.
 *
 * Where the forms are ambiguous this follows what an Elasticsearch node does (test/es/timestamps.test.ts holds it
 * to 9.5 and 8.19): a year is four digits, with an optional `-` (`"2017"`, `"-2017"`), and a bare longer number is
 * epoch millis (`"20170101"`); epoch millis take no `+` sign and fit a Java long; no whitespace, only an upper-case
 * `T`; impossible days (`2017-02-30`) are no date. A `date` takes a partial time (`T10`, `T10:00`, even a bare `T`);
 * a `date_nanos` needs the seconds once there is a `T`, and holds 1970 to 2262-04-11T23:47:16.854775807 only. A zone
 * follows a time: `Z`, an offset up to ±18:00 (`+01`, `+0130`, `+01:30`, `+01:30:15`), `UTC`/`GMT`/`UT` with or
 * without an offset (`UTC+1`), or a tz database name (`Europe/Paris`), whose daylight-saving gaps and overlaps
 * resolve as java.time does.
 */

/** [epoch milliseconds, nanoseconds below the millisecond (0..999999)], UTC. */
export type EpochNanos = [millis: number, nanos: number];

const ZONE = String.raw`Z|[+-]\d{2}(?::\d{2}(?::\d{2})?|\d{2}(?:\d{2})?)?|(?:UTC|GMT|UT)(?:[+-]\d{1,2}(?::\d{2}(?::\d{2})?|\d{2}(?:\d{2})?)?)?|[A-Za-z][A-Za-z0-9_/+-]*`;
/** `strict_date_optional_time`. */
const ISO = new RegExp(
  String.raw`^(-?\d{4})(?:-(\d{2})(?:-(\d{2})(?:T(?:(\d{2})(?::(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)?(${ZONE})?)?)?)?)?$`,
);
/** `strict_date_optional_time_nanos`: seconds required after a `T`. */
const ISO_NANOS = new RegExp(
  String.raw`^(-?\d{4})(?:-(\d{2})(?:-(\d{2})(?:T(\d{2}):(\d{2}):(\d{2})(?:[.,](\d{1,9}))?(${ZONE})?)?)?)?$`,
);
/** `date_optional_time`: fields may have fewer digits. */
const ISO_LENIENT = new RegExp(
  String.raw`^([+-]?\d{1,9})(?:-(\d{1,2})(?:-(\d{1,2})(?:T(\d{1,2})(?::(\d{1,2})(?::(\d{1,2})(?:[.,](\d{1,9}))?)?)?)?)?)?(${ZONE})?$`,
);
const BARE_LONG_NUMBER = /^[+-]?\d{5,}$/;
const EPOCH = /^(-?)(\d+)(?:\.(\d+))?$/;
/** Elasticsearch reads epoch millis into a Java long. */
const MAX_EPOCH_MILLIS = 2 ** 63;
/** The last instant a `date_nanos` holds (a long of nanoseconds): 2262-04-11T23:47:16.854775807Z. */
const MAX_NANOS_MILLIS = 9_223_372_036_854;
const MAX_NANOS_BELOW = 775_807;

/**
 * `strict_date_optional_time||epoch_millis`, Elasticsearch's default date format; with `nanos`, the `date_nanos`
 * default `strict_date_optional_time_nanos||epoch_millis`, within the range a `date_nanos` holds.
 */
export function parseDefaultDate(text: string, nanos = false): EpochNanos | null {
  const t = parseIsoDateTime(text, false, nanos) ?? parseEpochMillis(text);
  return t !== null && nanos ? inNanosRange(t) : t;
}

/** `t` when a `date_nanos` can hold it, else null. */
export function inNanosRange(t: EpochNanos): EpochNanos | null {
  const [ms, below] = t;
  return ms < 0 || ms > MAX_NANOS_MILLIS || (ms === MAX_NANOS_MILLIS && below > MAX_NANOS_BELOW) ? null : t;
}

/**
 * `strict_date_optional_time` (with `nanos`, its `_nanos` twin; with `lenient`, `date_optional_time`): ISO-8601
 * date with optional time, fraction of up to 9 digits and zone; UTC when the zone is left out.
 */
export function parseIsoDateTime(text: string, lenient = false, nanos = false): EpochNanos | null {
  const quick = canonical(text);
  return quick !== undefined ? quick : parseIsoByRegex(text, lenient, nanos);
}

/** The general reader behind `parseIsoDateTime` (exported for the test that holds the fast path to it). */
export function parseIsoByRegex(text: string, lenient = false, nanos = false): EpochNanos | null {
  // a bare number with more than four digits is no year for Elasticsearch: it is left to epoch_millis
  if (!lenient && BARE_LONG_NUMBER.test(text)) return null;
  const m = (lenient ? ISO_LENIENT : nanos ? ISO_NANOS : ISO).exec(text);
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
  let below = 0;
  if (m[7]) {
    const frac = (m[7] + '000000000').slice(0, 9);
    ms += Number(frac.slice(0, 3));
    below = Number(frac.slice(3));
  }
  if (m[8]) {
    const instant = zonedToUtc(m[8], ms);
    if (instant === null) return null;
    ms = instant;
  }
  return [ms, below];
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
  if (ms >= MAX_EPOCH_MILLIS) return null;
  let nanos = m[3] ? Number((m[3] + '000000').slice(0, 6)) : 0;
  if (m[1] === '-') {
    ms = -ms || 0; // "-0" is the epoch, not -0
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

/** A zone-local time (epoch ms as if it were UTC) as UTC, or null when the zone is none Elasticsearch knows. */
function zonedToUtc(zone: string, local: number): number | null {
  if (zone === 'Z') return local;
  if (zone[0] === '+' || zone[0] === '-') {
    const off = fixedOffsetMs(zone);
    return off === null ? null : local - off;
  }
  const prefixed = /^(?:UTC|GMT|UT)([+-].*)?$/.exec(zone);
  if (prefixed) {
    const off = prefixed[1] === undefined ? 0 : fixedOffsetMs(prefixed[1]);
    return off === null ? null : local - off;
  }
  return regionToUtc(zone, local);
}

/** `+HH[[:]MM[[:]SS]]` in milliseconds; null beyond ±18:00, the widest offset java.time allows. */
function fixedOffsetMs(text: string): number | null {
  const m = /^([+-])(\d{1,2})(?::?(\d{2}))?(?::?(\d{2}))?$/.exec(text);
  if (!m) return null;
  const [h, mi, se] = [Number(m[2]), Number(m[3] ?? 0), Number(m[4] ?? 0)];
  if (mi > 59 || se > 59) return null;
  const seconds = h * 3600 + mi * 60 + se;
  if (seconds > 18 * 3600) return null;
  return (m[1] === '-' ? -seconds : seconds) * 1000;
}

/** Zone names java.time only knows as aliases (ZoneId.SHORT_IDS), which Elasticsearch's parser refuses. */
const SHORT_ONLY = new Set(['EST', 'MST', 'HST']);
const regionFormats = new Map<string, Intl.DateTimeFormat | null>();

/** An offset-printing formatter for a tz database name; null for a name java.time would not read. */
function regionFormat(id: string): Intl.DateTimeFormat | null {
  let f = regionFormats.get(id);
  if (f !== undefined) return f;
  f = null;
  if (!SHORT_ONLY.has(id)) {
    try {
      const candidate = new Intl.DateTimeFormat('en-US', { timeZone: id, timeZoneName: 'longOffset' });
      // ICU reads names in any case; java.time only as written (`Europe/Paris`, not `europe/paris`)
      const canonicalName = candidate.resolvedOptions().timeZone;
      if (canonicalName === id || canonicalName.toLowerCase() !== id.toLowerCase()) f = candidate;
    } catch {
      f = null;
    }
  }
  regionFormats.set(id, f);
  return f;
}

/** The zone's offset from UTC at `instant`, in milliseconds. */
function offsetAt(f: Intl.DateTimeFormat, instant: number): number {
  const name = f.formatToParts(new Date(instant)).find((p) => p.type === 'timeZoneName')?.value ?? 'GMT';
  return name === 'GMT' ? 0 : (fixedOffsetMs(name.slice(3)) ?? 0);
}

/**
 * A local time in a tz database zone as UTC, resolved as java.time's ZonedDateTime.ofLocal does: in an overlap
 * (clocks set back) the earlier instant, in a gap (clocks set forward) the time moved on by the gap's length.
 */
function regionToUtc(id: string, local: number): number | null {
  const f = regionFormat(id);
  if (f === null || !Number.isFinite(local) || Math.abs(local) > 8.63e15) return null;
  // one change of offset at most within a day either side, as in every zone of the tz database
  const before = offsetAt(f, local - 86_400_000);
  const after = offsetAt(f, local + 86_400_000);
  let best: number | null = null;
  for (const off of before === after ? [before] : [before, after]) {
    const t = local - off;
    if (offsetAt(f, t) === off && (best === null || t < best)) best = t;
  }
  return best ?? local - before;
}
