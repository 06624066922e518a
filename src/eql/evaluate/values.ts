/**
 * EQL runtime values and their conversions. A value is `string | number | boolean | null`; dates are epoch
 * milliseconds (a fraction carries sub-millisecond precision), ip addresses canonical strings. Which of those a
 * number or string stands for is a static `Kind` fixed at compile time, so the hot path never inspects types twice.
 */
import type { DateParser, NanosDateParser } from '../../mapping/date-format.js';
import { parseDefaultDate, toMillis } from '../../mapping/iso-date.js';
import {
  isDateType,
  isIntegerType,
  isNumericType,
  isStringType,
  type FieldInfo,
} from '../../mapping/schema.js';

export type Kind = 'string' | 'long' | 'double' | 'boolean' | 'date' | 'ip' | 'version' | 'null' | 'any';

/** The kind a mapped field's values take. Text fields are compared through their keyword form. */
export function kindOfField(info: FieldInfo | undefined): Kind {
  if (!info) return 'any';
  const t = info.type;
  if (t === 'version') return 'version';
  if (isStringType(t)) return 'string';
  if (isIntegerType(t)) return 'long';
  if (isNumericType(t)) return 'double';
  if (isDateType(t)) return 'date';
  if (t === 'ip') return 'ip';
  if (t === 'boolean') return 'boolean';
  return 'any';
}

export function isNumericKind(k: Kind): boolean {
  return k === 'long' || k === 'double';
}

// ---------------------------------------------------------------- conversions

/** Java's `Double.toString`, which Elasticsearch uses when a double becomes a string (`2.0`, `1.0E7`). */
export function javaDouble(d: number): string {
  if (Number.isNaN(d)) return 'NaN';
  if (d === Infinity) return 'Infinity';
  if (d === -Infinity) return '-Infinity';
  if (d === 0) return Object.is(d, -0) ? '-0.0' : '0.0';
  const abs = Math.abs(d);
  if (abs >= 1e-3 && abs < 1e7) {
    const s = String(d);
    return s.includes('.') ? s : `${s}.0`;
  }
  const [mant, exp] = d.toExponential().split('e');
  const m = mant!.includes('.') ? mant! : `${mant}.0`;
  return `${m}E${exp!.startsWith('+') ? exp!.slice(1) : exp}`;
}

/** A scalar as Elasticsearch would print it: longs plainly, doubles the Java way, dates as ISO-8601. */
export function toStringValue(v: unknown, kind: Kind = 'any'): string | null {
  switch (typeof v) {
    case 'string':
      return v;
    case 'number':
      if (kind === 'double') return javaDouble(v);
      if (kind === 'date') return formatDate(v);
      return Number.isInteger(v) ? String(v) : javaDouble(v);
    case 'boolean':
      return v ? 'true' : 'false';
    default:
      return null;
  }
}

const NUMERIC_TEXT = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** A number read from a string the way a numeric field's `coerce` would, or undefined. */
export function parseNumber(s: string): number | undefined {
  const t = s.trim();
  if (!NUMERIC_TEXT.test(t)) return undefined;
  const n = Number(t);
  return Number.isFinite(n) ? n : undefined;
}

/**
 * Convert one scalar from `_source` into the kind of its field. Undefined means "no value" (Elasticsearch would
 * have rejected or ignored it), which reads as null.
 */
export function convertScalar(
  v: unknown,
  kind: Kind,
  date?: DateParser | NanosDateParser,
): string | number | bigint | boolean | undefined {
  switch (kind) {
    case 'any':
      return typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' ? v : undefined;
    case 'string':
    case 'version':
      if (typeof v === 'string') return v;
      if (typeof v === 'number') return Number.isInteger(v) ? String(v) : javaDouble(v);
      if (typeof v === 'boolean') return v ? 'true' : 'false';
      return undefined;
    case 'long': {
      const n = typeof v === 'number' ? v : typeof v === 'string' ? parseNumber(v) : undefined;
      return n === undefined || !Number.isFinite(n) ? undefined : Math.trunc(n);
    }
    case 'double': {
      const n = typeof v === 'number' ? v : typeof v === 'string' ? parseNumber(v) : undefined;
      return n === undefined ? undefined : n;
    }
    case 'date':
      // A mapping's own format reads numbers as their text too (epoch_millis is just one possible format).
      if (date !== undefined)
        return typeof v === 'string' || typeof v === 'number' ? date(String(v)) : undefined;
      if (typeof v === 'number') return v;
      if (typeof v === 'string') return parseDate(v);
      return undefined;
    case 'ip':
      return typeof v === 'string' ? canonicalIp(v) : undefined;
    case 'boolean':
      if (typeof v === 'boolean') return v;
      if (v === 'true') return true;
      if (v === 'false' || v === '') return false;
      return undefined;
    case 'null':
      return undefined;
  }
}

/**
 * Bring a value to the kind of the other operand when that operand is a literal. Elasticsearch verifies that a
 * field and a literal have compatible types, so a mismatch at run time means `_source` holds the value in
 * another form than the mapping (a number in a keyword field, "123" in a long field) and the indexed form wins.
 */
export function coerceToLiteral(v: unknown, lit: unknown): unknown {
  if (v === null || lit === null || typeof v === typeof lit) return v;
  switch (typeof lit) {
    case 'string':
      return toStringValue(v);
    case 'number':
      return typeof v === 'string' ? (parseNumber(v) ?? v) : v;
    case 'boolean':
      return v === 'true' ? true : v === 'false' ? false : v;
    default:
      return v;
  }
}

// ---------------------------------------------------------------- narrower numbers

/**
 * How a `float`, `half_float` or `scaled_float` field rounds what it stores (its doc values are those, so scripts
 * see them), and how its term-level queries round a literal; undefined for the other types.
 */
export function numericNarrowing(info: FieldInfo | undefined): ((n: number) => number) | undefined {
  switch (info?.type) {
    case 'float':
      return Math.fround;
    case 'half_float':
      // a JSON number is read as a float first, then rounded to 16 bits
      return (n) => toHalfFloat(Math.fround(n));
    case 'scaled_float': {
      const f = info.scalingFactor;
      return f === undefined || !(f > 0) ? undefined : (n) => Math.round(n * f) / f;
    }
    default:
      return undefined;
  }
}

/** IEEE 754 binary16 rounding (to nearest, ties to even), as Lucene's HalfFloatPoint stores a value. */
export function toHalfFloat(x: number): number {
  if (!Number.isFinite(x) || x === 0) return x;
  const a = Math.abs(x);
  // 65520 is halfway between the largest half (65504) and the next power: it and above round to infinity
  if (a >= 65520) return x > 0 ? Infinity : -Infinity;
  let e = Math.floor(Math.log2(a));
  if (2 ** e > a) e--;
  else if (2 ** (e + 1) <= a) e++;
  // 10 fraction bits; below 2^-14 the spacing stays that of the subnormals
  const ulp = 2 ** (Math.max(e, -14) - 10);
  const m = a / ulp;
  let r = Math.round(m);
  if (r - m === 0.5 && r % 2 !== 0) r--;
  return Math.sign(x) * r * ulp;
}

// ---------------------------------------------------------------- dates

/**
 * Parse a date string the way Elasticsearch's default format `strict_date_optional_time||epoch_millis` does:
 * ISO-8601 (UTC unless an offset is given) or a number of epoch milliseconds. Undefined when it is neither.
 */
export function parseDate(s: string): number | undefined {
  const t = parseDefaultDate(s);
  return t ? toMillis(t) : undefined;
}

export function formatDate(ms: number): string {
  const whole = Math.floor(ms);
  const d = new Date(whole);
  if (Number.isNaN(d.getTime())) return String(ms);
  const iso = d.toISOString();
  const nanos = Math.round((ms - whole) * 1e6);
  if (nanos === 0) return iso;
  return `${iso.slice(0, -1)}${String(nanos).padStart(6, '0').replace(/0+$/, '')}Z`;
}

/** Epoch nanoseconds as ISO-8601 with at least three fraction digits, as `strict_date_optional_time_nanos` prints. */
export function formatNanos(nanos: bigint): string {
  const iso = new Date(Number(nanos / 1_000_000n)).toISOString();
  const below = String(nanos % 1_000_000n)
    .padStart(6, '0')
    .replace(/0+$/, '');
  return `${iso.slice(0, -1)}${below}Z`;
}

// ---------------------------------------------------------------- ip addresses

/** 16 bytes (IPv4 as IPv4-mapped IPv6, as Lucene indexes it), or undefined when `s` is no address. */
export function parseIp(input: string): Uint8Array | undefined {
  // A scope (`fe80::1%eth0`, even after an IPv4 address) is dropped, as Elasticsearch's InetAddresses does; it
  // may not be empty. Brackets (`[::1]`) are URI syntax, which it refuses.
  const pct = input.indexOf('%');
  if (pct === input.length - 1) return undefined;
  const s = pct === -1 ? input : input.slice(0, pct);
  const v4 = parseIpv4(s);
  if (v4) {
    const out = new Uint8Array(16);
    out[10] = 0xff;
    out[11] = 0xff;
    out.set(v4, 12);
    return out;
  }
  return parseIpv6(s);
}

function parseIpv4(s: string): number[] | undefined {
  const parts = s.split('.');
  if (parts.length !== 4) return undefined;
  const out: number[] = [];
  for (const p of parts) {
    // no leading zeros: whether 010 is octal has no clear answer, so Elasticsearch refuses it
    if (!/^(?:0|[1-9]\d{0,2})$/.test(p)) return undefined;
    const n = Number(p);
    if (n > 255) return undefined;
    out.push(n);
  }
  return out;
}

function parseIpv6(input: string): Uint8Array | undefined {
  let s = input;
  if (!s.includes(':')) return undefined;
  const words: number[] = [];
  let tail: number[] | undefined;
  const lastColon = s.lastIndexOf(':');
  const last = s.slice(lastColon + 1);
  if (last.includes('.')) {
    tail = parseIpv4(last);
    if (!tail) return undefined;
    s = s.slice(0, lastColon + 1) + '0:0';
  }
  const halves = s.split('::');
  if (halves.length > 2) return undefined;
  const parse = (part: string): number[] | undefined => {
    if (part === '') return [];
    const out: number[] = [];
    for (const w of part.split(':')) {
      // any number of leading zeros (`00001`), as long as the group fits 16 bits
      if (!/^[0-9a-fA-F]+$/.test(w)) return undefined;
      const v = parseInt(w, 16);
      if (v > 0xffff) return undefined;
      out.push(v);
    }
    return out;
  };
  const head = parse(halves[0]!);
  if (!head) return undefined;
  if (halves.length === 2) {
    const rest = parse(halves[1]!);
    if (!rest || head.length + rest.length > 7) return undefined;
    words.push(...head, ...new Array<number>(8 - head.length - rest.length).fill(0), ...rest);
  } else {
    if (head.length !== 8) return undefined;
    words.push(...head);
  }
  const out = new Uint8Array(16);
  for (let i = 0; i < 8; i++) {
    out[2 * i] = words[i]! >> 8;
    out[2 * i + 1] = words[i]! & 0xff;
  }
  if (tail) out.set(tail, 12);
  return out;
}

/** The form Elasticsearch returns an ip in: dotted IPv4 (also for IPv4-mapped), compressed lowercase IPv6. */
export function formatIp(b: Uint8Array): string {
  let mapped = true;
  for (let i = 0; i < 10; i++) if (b[i] !== 0) mapped = false;
  if (mapped && b[10] === 0xff && b[11] === 0xff) return `${b[12]}.${b[13]}.${b[14]}.${b[15]}`;
  const words: number[] = [];
  for (let i = 0; i < 8; i++) words.push((b[2 * i]! << 8) | b[2 * i + 1]!);
  let bestStart = -1;
  let bestLen = 0;
  for (let i = 0; i < 8;) {
    if (words[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && words[j] === 0) j++;
    if (j - i > bestLen && j - i > 1) {
      bestStart = i;
      bestLen = j - i;
    }
    i = j;
  }
  const hex = words.map((w) => w.toString(16));
  if (bestStart === -1) return hex.join(':');
  return `${hex.slice(0, bestStart).join(':')}::${hex.slice(bestStart + bestLen).join(':')}`;
}

export function canonicalIp(s: string): string | undefined {
  const b = parseIp(s);
  return b ? formatIp(b) : undefined;
}

// ---------------------------------------------------------------- versions

interface ParsedVersion {
  nums: number[];
  pre: string[] | null;
}

function parseVersion(s: string): ParsedVersion | undefined {
  const m = /^(\d+(?:\.\d+)*)(?:-([0-9A-Za-z.-]+))?(?:\+[0-9A-Za-z.-]+)?$/.exec(s);
  if (!m) return undefined;
  return { nums: m[1]!.split('.').map(Number), pre: m[2] ? m[2].split('.') : null };
}

/** Order of the `version` field type: semantic-version order; invalid versions after all valid ones. */
export function compareVersions(a: string, b: string): number {
  const pa = parseVersion(a);
  const pb = parseVersion(b);
  if (!pa || !pb) {
    if (pa) return -1;
    if (pb) return 1;
    return a < b ? -1 : a > b ? 1 : 0;
  }
  const n = Math.max(pa.nums.length, pb.nums.length);
  for (let i = 0; i < n; i++) {
    const x = pa.nums[i] ?? -1;
    const y = pb.nums[i] ?? -1;
    if (x !== y) return x < y ? -1 : 1;
  }
  if (!pa.pre || !pb.pre) return pa.pre ? -1 : pb.pre ? 1 : 0;
  const m = Math.max(pa.pre.length, pb.pre.length);
  for (let i = 0; i < m; i++) {
    const x = pa.pre[i];
    const y = pb.pre[i];
    if (x === undefined) return -1;
    if (y === undefined) return 1;
    const xn = /^\d+$/.test(x);
    const yn = /^\d+$/.test(y);
    if (xn && yn) {
      if (Number(x) !== Number(y)) return Number(x) < Number(y) ? -1 : 1;
    } else if (xn !== yn) {
      return xn ? -1 : 1;
    } else if (x !== y) {
      return x < y ? -1 : 1;
    }
  }
  return 0;
}

// ---------------------------------------------------------------- comparison (Elasticsearch script semantics)

/** Equality of two non-null scalars: numbers numerically, others only when of the same type. */
export function scalarEquals(a: unknown, b: unknown): boolean {
  return a === b;
}

/**
 * Order of two non-null scalars, or null when they do not compare (a string against a number, as a Java
 * `compareTo` across classes fails). Strings compare by UTF-16 code units, as Java's `String.compareTo`.
 */
export function compareScalars(a: unknown, b: unknown, versionOrder = false): number | null {
  const ta = typeof a;
  if (ta !== typeof b) return null;
  if (ta === 'number')
    return (a as number) < (b as number) ? -1 : (a as number) > (b as number) ? 1 : a === b ? 0 : null;
  if (ta === 'string') {
    if (versionOrder) return compareVersions(a as string, b as string);
    return (a as string) < (b as string) ? -1 : (a as string) > (b as string) ? 1 : 0;
  }
  if (ta === 'boolean') return a === b ? 0 : a ? 1 : -1;
  return null;
}
