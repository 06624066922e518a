/**
 * Whether one `_source` value satisfies a term-level comparison (equality for `term`, `terms`, `match_phrase` on a
 * non-text field; order for `range`) as the field's type makes Elasticsearch index and compare it. With a schema
 * the mapping's type decides; without one (or for a field it does not know) the value's own JSON type does, as
 * the offline engine reads events: a number compares as a number, a string exactly as a keyword, a boolean as one.
 * A comparison the offline reading cannot decide throws Unsupported, which makes the caller report the filter.
 */
import { asciiLower } from '../mapping/ascii-case.js';
import { parseIp } from '../mapping/ip.js';
import { parseDefaultDate, parseEpochMillis, toMillis } from '../mapping/iso-date.js';
import { numericNarrowing, parseNumber } from '../mapping/numbers.js';
import { isDateType, isIntegerType, isNumericType, type FieldInfo } from '../mapping/schema.js';
import { evaluateDateMath, readDateMath } from '../time/date-math.js';
import { UNITS, type TimeUnit } from '../time/units.js';

export class Unsupported extends Error {}

export type ValueTest = (v: unknown) => boolean;

const KEYWORDISH = new Set(['keyword', 'constant_keyword', 'wildcard']);

/** How a field of this type turns a `_source` scalar into its indexed string, or undefined when it indexes none. */
export function keywordOf(v: unknown, info: FieldInfo | undefined): string | undefined {
  let s: string;
  if (typeof v === 'string') s = v;
  else if (typeof v === 'number' || typeof v === 'boolean') s = String(v);
  else return undefined;
  if (info?.ignoreAbove !== undefined && [...s].length > info.ignoreAbove) return undefined;
  return s;
}

function sourceNumber(v: unknown, info: FieldInfo | undefined): number | undefined {
  let n: number | undefined;
  if (typeof v === 'number') n = v;
  else if (typeof v === 'string') n = parseNumber(v);
  if (n === undefined) return undefined;
  if (info && isIntegerType(info.type)) return Math.trunc(n);
  const narrow = numericNarrowing(info);
  return narrow ? narrow(n) : n;
}

function sourceBoolean(v: unknown): boolean | undefined {
  if (typeof v === 'boolean') return v;
  if (v === 'true') return true;
  if (v === 'false') return false;
  return undefined;
}

function sourceDate(v: unknown): number | undefined {
  if (typeof v === 'number') return Number.isFinite(v) ? Math.trunc(v) : undefined;
  if (typeof v !== 'string') return undefined;
  const t = parseDefaultDate(v) ?? parseEpochMillis(v);
  return t ? toMillis(t) : undefined;
}

function checkType(info: FieldInfo | undefined, what: string): void {
  if (!info) return;
  if (info.type === 'text' || info.type === 'match_only_text')
    throw new Unsupported(`${what} on the text field ${info.name} depends on its analyzer`);
  if (!KEYWORDISH.has(info.type) && !isNumericType(info.type) && !isDateType(info.type))
    if (info.type !== 'boolean' && info.type !== 'ip' && info.type !== 'version')
      throw new Unsupported(`${what} on the ${info.type} field ${info.name}`);
}

/** Equality with `query` (a term's value, a phrase's text), `caseInsensitive` as `term`'s flag (ASCII folding). */
export function equalsTest(query: unknown, info: FieldInfo | undefined, caseInsensitive = false): ValueTest {
  if (query === null || typeof query === 'object') throw new Unsupported('a term value that is not a scalar');
  checkType(info, 'a term');
  const type = info?.type;
  if (type === undefined) {
    const qs = String(query);
    const qn = typeof query === 'number' ? query : parseNumber(qs);
    const fold = (s: string): string => (caseInsensitive ? asciiLower(s) : s);
    const qf = fold(qs);
    return (v) => {
      if (typeof v === 'string') return fold(v) === qf;
      if (typeof v === 'number') return qn !== undefined && v === qn;
      if (typeof v === 'boolean') return qs === String(v);
      return false;
    };
  }
  if (KEYWORDISH.has(type) || type === 'version') {
    const q = caseInsensitive ? asciiLower(String(query)) : String(query);
    return (v) => {
      const s = keywordOf(v, info);
      return s !== undefined && (caseInsensitive ? asciiLower(s) : s) === q;
    };
  }
  if (isNumericType(type)) {
    let q = typeof query === 'number' ? query : parseNumber(String(query));
    if (q === undefined)
      throw new Unsupported(`the number field ${info!.name} compared with ${String(query)}`);
    if (isIntegerType(type) && !Number.isInteger(q)) return () => false;
    const narrow = numericNarrowing(info);
    if (narrow) q = narrow(q);
    const target = q;
    return (v) => sourceNumber(v, info) === target;
  }
  if (isDateType(type)) {
    // a date term is the range of instants its text names: `2026-01-01` is the whole day
    const q = dateTextBounds(query);
    if (q === undefined) throw new Unsupported(`the date field ${info!.name} compared with ${String(query)}`);
    return (v) => {
      const d = sourceDate(v);
      return d !== undefined && d >= q[0] && d <= q[1];
    };
  }
  if (type === 'boolean') {
    const q = sourceBoolean(query);
    if (q === undefined)
      throw new Unsupported(`the boolean field ${info!.name} compared with ${String(query)}`);
    return (v) => sourceBoolean(v) === q;
  }
  return ipTest(String(query), info!);
}

/** An ip field's term: an address, or a CIDR network (`10.0.0.0/8`; an IPv4 prefix counts in its mapped form). */
function ipTest(query: string, info: FieldInfo): ValueTest {
  const slash = query.indexOf('/');
  const addrText = slash < 0 ? query : query.slice(0, slash);
  const addr = parseIp(addrText);
  const v4 = !addrText.includes(':');
  let prefix = 128;
  if (slash >= 0) {
    const bitsText = query.slice(slash + 1);
    const bits = /^\d{1,3}$/.test(bitsText) ? Number(bitsText) : Infinity;
    prefix = bits <= (v4 ? 32 : 128) ? (v4 ? bits + 96 : bits) : -1;
  }
  if (!addr || prefix < 0) throw new Unsupported(`the ip field ${info.name} compared with ${query}`);
  return (v) => {
    const b = typeof v === 'string' ? parseIp(v) : undefined;
    if (!b) return false;
    for (let i = 0; 8 * i < prefix; i++) {
      const left = prefix - 8 * i;
      const mask = left >= 8 ? 0xff : (0xff << (8 - left)) & 0xff;
      if ((b[i]! & mask) !== (addr[i]! & mask)) return false;
    }
    return true;
  };
}

export interface RangeSpec {
  gt?: unknown;
  gte?: unknown;
  lt?: unknown;
  lte?: unknown;
}

type Cmp = (v: unknown) => number | undefined;

/** A `range` query's test: each bound in the field type's order, date math read at `now` (rounded as ES rounds). */
export function rangeTest(spec: RangeSpec, info: FieldInfo | undefined, now: Date): ValueTest {
  checkType(info, 'a range');
  const type = info?.type;
  const bounds = (['gt', 'gte', 'lt', 'lte'] as const).filter(
    (k) => spec[k] !== undefined && spec[k] !== null,
  );
  const tests: ValueTest[] = [];
  for (const k of bounds) {
    const cmp = boundComparator(spec[k], k, type, info, now);
    tests.push((v) => {
      const c = cmp(v);
      if (c === undefined) return false;
      return k === 'gt' ? c > 0 : k === 'gte' ? c >= 0 : k === 'lt' ? c < 0 : c <= 0;
    });
  }
  return (v) => tests.every((t) => t(v));
}

/** Compares a source value with the bound: negative below it, 0 equal, positive above, undefined incomparable. */
function boundComparator(
  bound: unknown,
  kind: 'gt' | 'gte' | 'lt' | 'lte',
  type: string | undefined,
  info: FieldInfo | undefined,
  now: Date,
): Cmp {
  if (typeof bound === 'object') throw new Unsupported('a range bound that is not a scalar');
  if (type !== undefined && isDateType(type)) {
    const b = dateBound(bound, kind, now);
    return (v) => {
      const d = sourceDate(v);
      return d === undefined ? undefined : d - b;
    };
  }
  if (type !== undefined && isNumericType(type)) {
    const b = typeof bound === 'number' ? bound : parseNumber(String(bound));
    if (b === undefined) throw new Unsupported(`the number field ${info!.name} ranged by ${String(bound)}`);
    return (v) => {
      const n = sourceNumber(v, info);
      return n === undefined ? undefined : n - b;
    };
  }
  if (type !== undefined) {
    if (!KEYWORDISH.has(type)) throw new Unsupported(`a range on the ${type} field ${info!.name}`);
    const b = String(bound);
    return (v) => {
      const s = keywordOf(v, info);
      return s === undefined ? undefined : compareCodePoints(s, b);
    };
  }
  // no schema: the value's own type, as dynamic mapping would have typed it
  const bn = typeof bound === 'number' ? bound : parseNumber(String(bound));
  const bs = String(bound);
  return (v) => {
    if (typeof v === 'number') return bn === undefined ? undefined : v - bn;
    if (typeof v === 'string') {
      const d = /^\d{4}-\d{2}-\d{2}/.test(v) ? sourceDate(v) : undefined;
      if (d !== undefined) return d - dateBound(bound, kind, now);
      return compareCodePoints(v, bs);
    }
    return undefined;
  };
}

/** A date bound in epoch ms: `gt`/`lte` take the last millisecond of what the text names (`now/d`, `2026-01`). */
function dateBound(bound: unknown, kind: string, now: Date): number {
  const up = kind === 'gt' || kind === 'lte';
  const text = String(bound);
  if (typeof bound === 'string' && bound.startsWith('now')) {
    const expr = readDateMath(text);
    const d = expr ? evaluateDateMath(expr, now).getTime() : NaN;
    if (!expr || expr.anchor !== 'now' || Number.isNaN(d))
      throw new Unsupported(`the date bound ${JSON.stringify(text)}`);
    return expr.round && up ? UNITS[expr.round].add(new Date(d), 1).getTime() - 1 : d;
  }
  const b = dateTextBounds(bound);
  if (!b) throw new Unsupported(`the date bound ${JSON.stringify(text)}`);
  return up ? b[1] : b[0];
}

/** Precision of an ISO date's text: the fields it gives (year, month, day, hour, minute, second, fraction). */
const ISO_PRECISION =
  /^-?\d{4}(?:-(\d{2})(?:-(\d{2})(?:T(?:(\d{2})(?::(\d{2})(?::(\d{2})([.,]\d)?)?)?)?)?)?)?/;
// Elasticsearch's round-up parser defaults a missing month and day to 1 and a missing time to its last instant,
// so `2026` and `2026-01` both end with January 1st
const UNIT_AFTER: Array<TimeUnit | null> = ['d', 'd', 'd', 'h', 'm', 's', null];

/**
 * The first and last millisecond a date literal names, as Elasticsearch reads a term or a bound on a date field
 * (its default format): a missing time runs over its whole range, a missing month or day is 1 (`2026` is January
 * 1st), and epoch millis name one instant.
 */
export function dateTextBounds(literal: unknown): [number, number] | undefined {
  if (typeof literal === 'number')
    return Number.isFinite(literal) ? [Math.trunc(literal), Math.trunc(literal)] : undefined;
  if (typeof literal !== 'string') return undefined;
  const t = parseDefaultDate(literal);
  if (!t) return undefined;
  const lo = toMillis(t);
  const m = ISO_PRECISION.exec(literal);
  if (!m || (/^-?\d+$/.test(literal) && literal.replace('-', '').length !== 4)) return [lo, lo];
  let given = 0;
  while (given < 6 && m[given + 1] !== undefined) given++;
  const unit = UNIT_AFTER[given]!;
  return unit === null ? [lo, lo] : [lo, UNITS[unit].add(new Date(lo), 1).getTime() - 1];
}

/** Order of strings by code point, as a keyword's terms (UTF-8 bytes) sort. */
export function compareCodePoints(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.codePointAt(i)!;
    const y = b.codePointAt(i)!;
    if (x !== y) return x - y;
    if (x > 0xffff) i++;
  }
  return a.length - b.length;
}
