/**
 * Dates printed as a mapping's `format` prints them (its first alternative), as Elasticsearch shows a date field
 * in `fields` and in sequence join keys: built-in names and Java `DateTimeFormatter` patterns, in UTC, with the
 * root locale's English names. `test/es/date-printer.test.ts` holds it to a node. A pattern letter this printer
 * does not know gives no printer (null): callers then show the value another way.
 */
import { NAMED_DATE_FORMATS } from './date-format.js';
import { DAYS, MONTHS } from './date-pattern.js';
import { formatNanos } from './default-date.js';

/** Prints an instant given as epoch nanoseconds (a `date` field's values are whole milliseconds of them). */
export type DatePrinter = (nanos: bigint) => string;

interface Parts {
  year: number;
  month: number;
  day: number;
  dayOfYear: number;
  /** Index into DAYS (0 for Monday). */
  weekday: number;
  hour: number;
  minute: number;
  second: number;
  /** Nanoseconds within the second. */
  nanos: number;
}

function partsOf(nanos: bigint): Parts {
  const ms = nanos / 1_000_000n - (nanos % 1_000_000n < 0n ? 1n : 0n);
  const d = new Date(Number(ms));
  const start = Date.UTC(d.getUTCFullYear(), 0, 1);
  return {
    year: d.getUTCFullYear(),
    month: d.getUTCMonth() + 1,
    day: d.getUTCDate(),
    dayOfYear: Math.floor((d.getTime() - start) / 86_400_000) + 1,
    weekday: (d.getUTCDay() + 6) % 7,
    hour: d.getUTCHours(),
    minute: d.getUTCMinutes(),
    second: d.getUTCSeconds(),
    nanos: Number(((nanos % 1_000_000_000n) + 1_000_000_000n) % 1_000_000_000n),
  };
}

const pad = (n: number, width: number) =>
  n < 0 ? '-' + String(-n).padStart(width, '0') : String(n).padStart(width, '0');
const trimmedFraction = (digits: string) => digits.replace(/0+$/, '');

type Piece = (p: Parts) => string;

/** The printer of one pattern letter repeated `count` times, or null for one this printer does not know. */
function letter(c: string, count: number): Piece | null {
  const num =
    (get: (p: Parts) => number, width = count) =>
    (p: Parts) =>
      pad(get(p), width);
  switch (c) {
    case 'y':
    case 'u':
      return count === 2 ? (p) => pad(((p.year % 100) + 100) % 100, 2) : num((p) => p.year);
    case 'M':
    case 'L':
      if (count <= 2) return num((p) => p.month);
      if (count === 3) return (p) => MONTHS[p.month - 1]!.slice(0, 3);
      if (count === 4) return (p) => MONTHS[p.month - 1]!;
      return (p) => MONTHS[p.month - 1]![0]!;
    case 'd':
      return count <= 2 ? num((p) => p.day) : null;
    case 'D':
      return count <= 3 ? num((p) => p.dayOfYear) : null;
    case 'E':
      if (count <= 3) return (p) => DAYS[p.weekday]!.slice(0, 3);
      return count === 4 ? (p) => DAYS[p.weekday]! : (p) => DAYS[p.weekday]![0]!;
    case 'a':
      return count === 1 ? (p) => (p.hour < 12 ? 'AM' : 'PM') : null;
    case 'H':
      return count <= 2 ? num((p) => p.hour) : null;
    case 'k':
      return count <= 2 ? num((p) => (p.hour === 0 ? 24 : p.hour)) : null;
    case 'K':
      return count <= 2 ? num((p) => p.hour % 12) : null;
    case 'h':
      return count <= 2 ? num((p) => (p.hour % 12 === 0 ? 12 : p.hour % 12)) : null;
    case 'm':
      return count <= 2 ? num((p) => p.minute) : null;
    case 's':
      return count <= 2 ? num((p) => p.second) : null;
    case 'S':
      return count <= 9 ? (p) => pad(p.nanos, 9).slice(0, count) : null;
    case 'n':
      return num((p) => p.nanos);
    case 'X':
      return count <= 5 ? () => 'Z' : null;
    case 'x':
      return count === 1 ? () => '+00' : count === 2 || count === 4 ? () => '+0000' : () => '+00:00';
    case 'Z':
      return count <= 3 ? () => '+0000' : count === 4 ? () => 'GMT' : () => 'Z';
    default:
      return null;
  }
}

/** A `DateTimeFormatter` pattern as a printer; the built-ins' `F` and `O` are their fraction and zone. */
function patternPrinter(pattern: string, builtIn: boolean): DatePrinter | null {
  const pieces: Piece[] = [];
  for (let i = 0; i < pattern.length;) {
    const c = pattern[i]!;
    if (c === "'") {
      const end = pattern.indexOf("'", i + 1);
      if (end < 0) return null;
      const text = end === i + 1 ? "'" : pattern.slice(i + 1, end);
      pieces.push(() => text);
      i = end + 1;
    } else if (c === '[' || c === ']') {
      i++; // an optional section prints: every field of an instant is there
    } else if (builtIn && c === 'F') {
      pieces.push((p) => '.' + pad(p.nanos, 9).slice(0, 3));
      i++;
    } else if (builtIn && c === 'O') {
      pieces.push(() => 'Z');
      i++;
    } else if (/[A-Za-z]/.test(c)) {
      let j = i;
      while (j < pattern.length && pattern[j] === c) j++;
      const piece = letter(c, j - i);
      if (!piece) return null;
      pieces.push(piece);
      i = j;
    } else {
      pieces.push(() => c);
      i++;
    }
  }
  return (nanos) => {
    const p = partsOf(nanos);
    let out = '';
    for (const piece of pieces) out += piece(p);
    return out;
  };
}

/**
 * The printer of a mapping's `format` (its first alternative) for a field of `type`, or null when this printer
 * cannot print it the way Elasticsearch does.
 */
export function dateFormatPrinter(format: string, type: 'date' | 'date_nanos'): DatePrinter | null {
  const first = format.split('||')[0]!.trim();
  const resolution = type === 'date_nanos' ? 9 : 3;
  switch (first) {
    case 'epoch_millis':
      return (n) => {
        const ms = n / 1_000_000n;
        const below = trimmedFraction(pad(Number(n % 1_000_000n), 6).slice(0, resolution - 3));
        return below ? `${ms}.${below}` : String(ms);
      };
    case 'epoch_second':
      return (n) => {
        const s = n / 1_000_000_000n;
        const below = trimmedFraction(pad(Number(n % 1_000_000_000n), 9).slice(0, resolution));
        return below ? `${s}.${below}` : String(s);
      };
    case 'strict_date_optional_time':
    case 'date_optional_time':
    case 'iso8601':
      return patternPrinter("yyyy-MM-dd'T'HH:mm:ssFO", true);
    case 'strict_date_optional_time_nanos':
      return formatNanos;
  }
  const base = first.startsWith('strict_') ? first.slice('strict_'.length) : first;
  const named = NAMED_DATE_FORMATS[base];
  if (named !== undefined) return patternPrinter(named, true);
  if (/^[a-z_]+$/.test(first) && first.includes('_')) return null;
  return patternPrinter(first, false);
}
