/**
 * Java `DateTimeFormatter` patterns as a mapping's `format` writes them (`dd-MM-yyyy`, `yyyy-MM-dd'T'HH:mm:ssZ`),
 * and the built-in formats that are such patterns: one regular expression per pattern, whose groups set the
 * fields of a date, then resolved to an instant in UTC (an impossible date is none). Fields a pattern leaves out
 * take Elasticsearch's defaults (1970, January, the 1st, midnight, UTC).
 */
import { UserError } from '../errors.js';
import type { EpochNanos } from './iso-date.js';

/** Epoch [milliseconds, nanoseconds below them], exactly; null when the text is no date in this format. */
export type ExactParser = (text: string) => EpochNanos | null;

export function formatError(format: string, why: string): UserError {
  return new UserError('DATE_FORMAT', `invalid date format [${format}]: ${why}`);
}

interface Fields {
  year: number;
  month: number;
  day: number;
  dayOfYear: number;
  hour: number;
  hour12: number;
  pm: boolean | null;
  minute: number;
  second: number;
  nanos: number;
  offsetMinutes: number;
  /** Two-digit years (`yy`) are 2000-2099. */
  twoDigitYear: boolean;
}

function blankFields(): Fields {
  return {
    year: 1970,
    month: 1,
    day: 1,
    dayOfYear: 0,
    hour: 0,
    hour12: -1,
    pm: null,
    minute: 0,
    second: 0,
    nanos: 0,
    offsetMinutes: 0,
    twoDigitYear: false,
  };
}

type Setter = (f: Fields, text: string) => boolean;

interface Token {
  re: string;
  set: Setter;
}

/** English month and day names, as the root locale writes them (Monday first, as ISO counts days). */
export const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];
export const DAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];

const num =
  (apply: (f: Fields, n: number) => void): Setter =>
  (f, t) => {
    apply(f, Number(t));
    return true;
  };

/** Digits for a numeric field written with `count` letters: exact width for 2+ letters, 1-2 digits for one. */
function width(count: number, builtIn: boolean, strict: boolean, max = 2): string {
  if (builtIn && !strict) return `\\d{1,${Math.max(count, max)}}`;
  return count === 1 ? `\\d{1,${max}}` : `\\d{${count}}`;
}

function letterToken(letter: string, count: number, opts: PatternOpts, format: string): Token {
  const { builtIn, strict } = opts;
  switch (letter) {
    case 'y':
    case 'u':
      if (count === 2)
        return {
          re: '\\d{2}',
          set: (f, t) => {
            f.year = 2000 + Number(t);
            f.twoDigitYear = true;
            return true;
          },
        };
      return {
        re: builtIn && !strict ? '[+-]?\\d{1,9}' : count === 1 ? '[+-]?\\d{1,9}' : `[+-]?\\d{${count},9}`,
        set: num((f, n) => (f.year = n)),
      };
    case 'M':
    case 'L':
      if (count >= 4) return textToken(MONTHS, (f, i) => (f.month = i + 1));
      if (count === 3)
        return textToken(
          MONTHS.map((m) => m.slice(0, 3)),
          (f, i) => (f.month = i + 1),
        );
      return { re: width(count, builtIn, strict), set: num((f, n) => (f.month = n)) };
    case 'd':
      return { re: width(count, builtIn, strict), set: num((f, n) => (f.day = n)) };
    case 'D':
      return { re: width(count, builtIn, strict, 3), set: num((f, n) => (f.dayOfYear = n)) };
    case 'H':
      return { re: width(count, builtIn, strict), set: num((f, n) => (f.hour = n)) };
    case 'k':
      return { re: width(count, builtIn, strict), set: num((f, n) => (f.hour = n === 24 ? 0 : n)) };
    case 'h':
      return { re: width(count, builtIn, strict), set: num((f, n) => (f.hour12 = n === 12 ? 0 : n)) };
    case 'K':
      return { re: width(count, builtIn, strict), set: num((f, n) => (f.hour12 = n)) };
    case 'a':
      return textToken(['AM', 'PM'], (f, i) => (f.pm = i === 1));
    case 'm':
      return { re: width(count, builtIn, strict), set: num((f, n) => (f.minute = n)) };
    case 's':
      return { re: width(count, builtIn, strict), set: num((f, n) => (f.second = n)) };
    case 'S':
      return { re: `\\d{${count}}`, set: (f, t) => ((f.nanos = fractionNanos(t)), true) };
    case 'n':
      return { re: '\\d{1,9}', set: num((f, n) => (f.nanos = n)) };
    case 'E':
      // the day of the week is checked by nothing here: Elasticsearch's resolver ignores it as well
      return count >= 4
        ? textToken(DAYS, () => undefined)
        : textToken(
            DAYS.map((d) => d.slice(0, 3)),
            () => undefined,
          );
    case 'Z':
      if (count <= 3) return offsetToken('[+-]\\d{4}');
      if (count === 4) return offsetToken('Z|GMT|[+-]\\d{2}:\\d{2}(?::\\d{2})?|GMT[+-]\\d{1,2}(?::\\d{2})?');
      return offsetToken('Z|[+-]\\d{2}:\\d{2}');
    case 'X':
    case 'x': {
      const z = letter === 'X' ? 'Z|' : '';
      const body =
        count === 1
          ? '[+-]\\d{2}(?:\\d{2})?'
          : count === 2 || count === 4
            ? '[+-]\\d{4}'
            : '[+-]\\d{2}:\\d{2}';
      return offsetToken(z + body);
    }
    default:
      throw formatError(format, `pattern letter [${letter}] is not supported`);
  }
}

function textToken(names: string[], apply: (f: Fields, i: number) => void): Token {
  return {
    re: names.map(escapeRe).join('|'),
    set: (f, t) => {
      apply(f, names.indexOf(t));
      return true;
    },
  };
}

function offsetToken(re: string): Token {
  return {
    re,
    set: (f, t) => {
      f.offsetMinutes = parseOffset(t);
      return true;
    },
  };
}

export interface PatternOpts {
  builtIn: boolean;
  strict: boolean;
}

/** Java pattern syntax: letters, `'quoted'` literals (`''` a quote), `[optional]` sections, other chars literal. */
export function compilePattern(pattern: string, format: string, opts: PatternOpts): ExactParser {
  const setters: Setter[] = [];
  let re = '';
  let depth = 0;
  for (let i = 0; i < pattern.length;) {
    const c = pattern[i]!;
    if (c === "'") {
      const end = pattern.indexOf("'", i + 1);
      if (end < 0) throw formatError(format, 'unterminated quote');
      re += end === i + 1 ? "'" : escapeRe(pattern.slice(i + 1, end));
      i = end + 1;
      continue;
    }
    if (c === '[') {
      re += '(?:';
      depth++;
      i++;
      continue;
    }
    if (c === ']') {
      if (depth === 0) throw formatError(format, 'unbalanced ]');
      re += ')?';
      depth--;
      i++;
      continue;
    }
    if (opts.builtIn && (c === 'F' || c === 'O')) {
      const t: Token =
        c === 'F'
          ? { re: '[.,]\\d{1,9}', set: (f, s) => ((f.nanos = fractionNanos(s.slice(1))), true) }
          : offsetToken('Z|[+-]\\d{2}(?::?\\d{2})?');
      re += `(${t.re})`;
      setters.push(t.set);
      i++;
      continue;
    }
    if (/[A-Za-z]/.test(c)) {
      let j = i;
      while (j < pattern.length && pattern[j] === c) j++;
      const t = letterToken(c, j - i, opts, format);
      re += `(${t.re})`;
      setters.push(t.set);
      i = j;
      continue;
    }
    if (c === '{' || c === '}' || c === '#') throw formatError(format, `reserved character [${c}]`);
    re += escapeRe(c);
    i++;
  }
  if (depth !== 0) throw formatError(format, 'unbalanced [');
  const regex = new RegExp(`^(?:${re})$`);
  return (text) => {
    const m = regex.exec(text);
    if (!m) return null;
    const f = blankFields();
    for (let k = 0; k < setters.length; k++) {
      const g = m[k + 1];
      if (g !== undefined && !setters[k]!(f, g)) return null;
    }
    return resolve(f);
  };
}

function escapeRe(s: string): string {
  return s.replace(/[\\^$.*+?()[\]{}|/-]/g, '\\$&');
}

function fractionNanos(digits: string): number {
  return Number((digits + '000000000').slice(0, 9));
}

function parseOffset(z: string): number {
  if (z === 'Z' || z === 'GMT') return 0;
  const s = z.startsWith('GMT') ? z.slice(3) : z;
  const sign = s[0] === '-' ? -1 : 1;
  const parts = s.slice(1).includes(':') ? s.slice(1).split(':') : [s.slice(1, 3), s.slice(3, 5)];
  return sign * (Number(parts[0]) * 60 + (parts[1] ? Number(parts[1]) : 0));
}

/** Fields to epoch [ms, ns], rejecting what does not exist (month 13, 31 February, 25 o'clock). */
function resolve(f: Fields): EpochNanos | null {
  let hour = f.hour;
  if (f.hour12 >= 0) {
    if (f.hour12 > 11) return null;
    hour = f.hour12 + (f.pm ? 12 : 0);
  }
  if (hour > 23 || f.minute > 59 || f.second > 59) return null;
  let ms: number;
  if (f.dayOfYear > 0) {
    ms = utc(f.year, 0, 1, hour, f.minute, f.second) + (f.dayOfYear - 1) * 86400000;
    if (new Date(ms).getUTCFullYear() !== f.year) return null;
  } else {
    if (f.month < 1 || f.month > 12 || f.day < 1 || f.day > 31) return null;
    ms = utc(f.year, f.month - 1, f.day, hour, f.minute, f.second);
    if (new Date(ms).getUTCDate() !== f.day) return null;
  }
  if (Number.isNaN(ms)) return null;
  ms -= f.offsetMinutes * 60000;
  return [ms, f.nanos];
}

function utc(year: number, month: number, day: number, h: number, m: number, s: number): number {
  const d = new Date(Date.UTC(2000, month, day, h, m, s));
  d.setUTCFullYear(year);
  return d.getTime();
}
