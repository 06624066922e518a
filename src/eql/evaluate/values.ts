/**
 * EQL runtime values and their conversions. A value is `string | number | boolean | null`; dates are epoch
 * milliseconds (a fraction carries sub-millisecond precision), ip addresses canonical strings. Which of those a
 * number or string stands for is a static `Kind` fixed at compile time, so the hot path never inspects types twice.
 * How Elasticsearch reads and prints each field type's values lives in src/mapping (numbers, dates, ip, version).
 */
import type { DateParser, NanosDateParser } from '../../mapping/date-format.js';
import { formatDate, parseDate } from '../../mapping/default-date.js';
import { canonicalIp } from '../../mapping/ip.js';
import { javaDouble, parseNumber } from '../../mapping/numbers.js';
import {
  isDateType,
  isIntegerType,
  isNumericType,
  isStringType,
  type FieldInfo,
} from '../../mapping/schema.js';
import { compareVersions } from '../../mapping/version.js';

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
