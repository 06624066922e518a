/**
 * Date formats as Elasticsearch mappings name them: built-in names (`strict_date_optional_time`, `epoch_millis`,
 * `basic_date`, ...) and Java `DateTimeFormatter` patterns (`dd-MM-yyyy`, `yyyy-MM-dd'T'HH:mm:ss.SSSZ`), several
 * joined by `||` (the first that parses wins). Parsing yields epoch milliseconds in UTC; a fraction of a
 * millisecond carries nanoseconds. Fields a pattern leaves out take Elasticsearch's defaults (1970, January, the
 * 1st, midnight, UTC), and an impossible date (31-02-2022) is no date. This file reads a format's names and
 * alternatives; date-pattern.ts compiles the patterns.
 */
import { compilePattern, formatError, type ExactParser } from './date-pattern.js';
import {
  parseDefaultDate,
  parseEpochMillis,
  parseIsoDateTime,
  toMillis,
  type EpochNanos,
} from './iso-date.js';

/** Epoch milliseconds, or undefined when the text is no date in this format. */
export type DateParser = (text: string) => number | undefined;

/** Elasticsearch's default for a `date` field without `format`. */
export const DEFAULT_DATE_FORMAT = 'strict_date_optional_time||epoch_millis';

const cache = new Map<string, { exact: ExactParser; millis: DateParser }>();

function formatParsers(format: string): { exact: ExactParser; millis: DateParser } {
  let p = cache.get(format);
  if (!p) {
    const parts = format.split('||').map((f) => f.trim());
    if (parts.some((f) => f === '')) throw formatError(format, 'empty alternative');
    const parsers = parts.map(singleFormat);
    const exact: ExactParser =
      parsers.length === 1
        ? parsers[0]!
        : (text) => {
            for (let i = 0; i < parsers.length; i++) {
              const v = parsers[i]!(text);
              if (v !== null) return v;
            }
            return null;
          };
    p = { exact, millis: (text) => orUndefined(exact(text)) };
    cache.set(format, p);
  }
  return p;
}

/** The parser for a mapping's `format`; throws a UserError (`DATE_FORMAT`) for a format Elasticsearch would reject. */
export function dateFormatParser(format: string): DateParser {
  return formatParsers(format).millis;
}

/** Epoch nanoseconds, exactly (a double of milliseconds holds them to about a quarter of a microsecond only). */
export type NanosDateParser = (text: string) => bigint | undefined;

/**
 * How a `date_nanos` field reads a date to the nanosecond: its `format` (or the default), within the field's
 * range. Comparisons on such a field use it (see eql/evaluate/query-compiler.ts), so that values a nanosecond
 * apart stay apart.
 */
export function fieldNanosParser(format: string | undefined): NanosDateParser {
  const exact: ExactParser = isDefaultDateFormat(format)
    ? (t) => parseDefaultDate(t, true)
    : formatParsers(format!).exact;
  return (t) => {
    const v = exact(t);
    return v === null ? undefined : BigInt(v[0]) * 1_000_000n + BigInt(v[1]);
  };
}

/** True when `format` reads dates exactly as the default does (so the built-in fast path may be used). */
export function isDefaultDateFormat(format: string | undefined): boolean {
  if (format === undefined) return true;
  const f = format.replace(/\s+/g, '');
  return f === DEFAULT_DATE_FORMAT || f === 'date_optional_time||epoch_millis';
}

/**
 * How a date field reads a date: its `format` (or the default one for its type), at its resolution. A `date` keeps
 * whole milliseconds, so `2020-01-01T00:00:00.1239Z` is stored, and compared, as `.123`; a `date_nanos` keeps the
 * fraction, within its range.
 */
export function fieldDateParser(type: 'date' | 'date_nanos', format: string | undefined): DateParser {
  if (type === 'date_nanos')
    return isDefaultDateFormat(format)
      ? (t) => orUndefined(parseDefaultDate(t, true))
      : dateFormatParser(format!);
  if (isDefaultDateFormat(format)) return (t) => parseDefaultDate(t)?.[0];
  const parse = dateFormatParser(format!);
  return (t) => {
    const ms = parse(t);
    return ms === undefined ? undefined : Math.floor(ms);
  };
}

// ---------------------------------------------------------------- built-in formats

const EPOCH = /^[+-]?\d+(?:\.\d+)?$/;

/**
 * Named formats that are plain patterns. Fractions in built-in formats take 1 to 9 digits (`F`), zones `Z` or an
 * offset (`O`). The `strict_` companions need full-width fields; the others accept fewer digits.
 */
export const NAMED_DATE_FORMATS: Record<string, string> = {
  basic_date: 'yyyyMMdd',
  basic_date_time: "yyyyMMdd'T'HHmmssFO",
  basic_date_time_no_millis: "yyyyMMdd'T'HHmmssO",
  basic_ordinal_date: 'yyyyDDD',
  basic_ordinal_date_time: "yyyyDDD'T'HHmmssFO",
  basic_ordinal_date_time_no_millis: "yyyyDDD'T'HHmmssO",
  basic_time: 'HHmmssFO',
  basic_time_no_millis: 'HHmmssO',
  basic_t_time: "'T'HHmmssFO",
  basic_t_time_no_millis: "'T'HHmmssO",
  date: 'yyyy-MM-dd',
  date_hour: "yyyy-MM-dd'T'HH",
  date_hour_minute: "yyyy-MM-dd'T'HH:mm",
  date_hour_minute_second: "yyyy-MM-dd'T'HH:mm:ss",
  date_hour_minute_second_fraction: "yyyy-MM-dd'T'HH:mm:ssF",
  date_hour_minute_second_millis: "yyyy-MM-dd'T'HH:mm:ssF",
  date_time: "yyyy-MM-dd'T'HH:mm:ssFO",
  date_time_no_millis: "yyyy-MM-dd'T'HH:mm:ssO",
  hour: 'HH',
  hour_minute: 'HH:mm',
  hour_minute_second: 'HH:mm:ss',
  hour_minute_second_fraction: 'HH:mm:ssF',
  hour_minute_second_millis: 'HH:mm:ssF',
  ordinal_date: 'yyyy-DDD',
  ordinal_date_time: "yyyy-DDD'T'HH:mm:ssFO",
  ordinal_date_time_no_millis: "yyyy-DDD'T'HH:mm:ssO",
  time: 'HH:mm:ssFO',
  time_no_millis: 'HH:mm:ssO',
  t_time: "'T'HH:mm:ssFO",
  t_time_no_millis: "'T'HH:mm:ssO",
  year: 'yyyy',
  year_month: 'yyyy-MM',
  year_month_day: 'yyyy-MM-dd',
};

/** Week-based built-ins: Elasticsearch has them, this engine does not read ISO week dates yet. */
const WEEK_FORMATS = new Set([
  'basic_week_date',
  'basic_week_date_time',
  'basic_week_date_time_no_millis',
  'week_date',
  'week_date_time',
  'week_date_time_no_millis',
  'weekyear',
  'weekyear_week',
  'weekyear_week_day',
]);

function singleFormat(f: string): ExactParser {
  switch (f) {
    case 'epoch_millis':
      return parseEpochMillis;
    case 'epoch_second':
      return (t) => (EPOCH.test(t) ? ofMillis(Number(t) * 1000) : null);
    case 'strict_date_optional_time':
    case 'iso8601':
      return (t) => parseIsoDateTime(t);
    case 'strict_date_optional_time_nanos':
      return (t) => parseIsoDateTime(t, false, true);
    case 'date_optional_time':
      return (t) => parseIsoDateTime(t, true);
  }
  const strict = f.startsWith('strict_');
  const base = strict ? f.slice('strict_'.length) : f;
  const named = NAMED_DATE_FORMATS[base];
  // basic_* formats have no separators, so their fields are fixed-width whether strict_ or not
  if (named !== undefined)
    return compilePattern(named, f, { builtIn: true, strict: strict || base.startsWith('basic_') });
  if (WEEK_FORMATS.has(base)) throw formatError(f, 'ISO week-date formats are not supported');
  if (/^[a-z_]+$/.test(f) && f.includes('_')) throw formatError(f, 'unknown built-in format');
  return compilePattern(f, f, { builtIn: false, strict: true });
}

function orUndefined(t: EpochNanos | null): number | undefined {
  return t ? toMillis(t) : undefined;
}

/** A (fractional) number of milliseconds as [ms, ns]. */
function ofMillis(x: number): EpochNanos {
  const ms = Math.floor(x);
  return [ms, Math.round((x - ms) * 1e6)];
}
