/**
 * Literals brought to a field's kind the way the evaluator brings them (evaluate/testers.ts `literalForKind`),
 * and date bounds in a form Elasticsearch reads without rounding.
 */
import type { Span } from '../eql/syntax/ast.js';
import { EqlSemanticError } from '../eql/errors.js';
import { literalForKind, literalNanos } from '../eql/evaluate/testers.js';
import type { FieldTarget } from './field-targets.js';
import { range, type Query } from './dsl.js';

/**
 * The literal as the evaluator compares it with this field (dates → epoch millis, on a `date_nanos` field epoch
 * nanoseconds as a bigint, ips → canonical).
 */
export function literalFor(value: unknown, target: FieldTarget, span: Span, source = ''): unknown {
  const failer = {
    fail(code: string, reason: string, sp: Span): never {
      throw new EqlSemanticError(code, reason, source, sp);
    },
  };
  if (target.parseNanos) {
    const n = literalNanos(value, target.parseNanos, span, failer);
    if (n !== null) return n;
  }
  return literalForKind(value, target.kind, span, failer, target.parseDate);
}

const MAX_ISO_MS = 253402300799999; // 9999-12-31T23:59:59.999Z

export interface DateBound {
  value: string;
  format: string;
  /** False when the bound is not an exact millisecond (the query is then widened to whole milliseconds). */
  exact: boolean;
}

/**
 * An instant as a range bound. Whole milliseconds are written as ISO-8601 with all nine fraction digits: with
 * every component present Elasticsearch has nothing to round (a `lte` bound with missing components rounds up
 * to the end of the period). `direction` widens a fractional millisecond outward (down for lower bounds).
 */
export function dateBound(ms: number, direction: 'down' | 'up'): DateBound {
  const whole = direction === 'down' ? Math.floor(ms) : Math.ceil(ms);
  const exact = whole === ms;
  if (whole >= 0 && whole <= MAX_ISO_MS) {
    const iso = new Date(whole).toISOString();
    return { value: `${iso.slice(0, -1)}000000Z`, format: 'strict_date_optional_time_nanos', exact };
  }
  return { value: String(whole), format: 'epoch_millis', exact: false };
}

/** An instant in epoch nanoseconds (a `date_nanos` value: 1970 to 2262) as an exact range bound. */
export function nanosBound(nanos: bigint): DateBound {
  const ms = nanos / 1_000_000n;
  const iso = new Date(Number(ms)).toISOString();
  const below = String(nanos % 1_000_000n).padStart(6, '0');
  return { value: `${iso.slice(0, -1)}${below}Z`, format: 'strict_date_optional_time_nanos', exact: true };
}

/** `field == instant` on a date field, and whether the range is exactly that instant. */
export function dateEquals(field: string, at: number | bigint): { query: Query; exact: boolean } {
  if (typeof at === 'bigint') {
    const b = nanosBound(at);
    return { query: range(field, { gte: b.value, lte: b.value, format: b.format }), exact: true };
  }
  const ms = at;
  const lo = dateBound(ms, 'down');
  const hi = dateBound(ms, 'up');
  if (lo.format !== hi.format)
    return {
      query: range(field, {
        gte: String(Math.floor(ms)),
        lte: String(Math.ceil(ms)),
        format: 'epoch_millis',
      }),
      exact: false,
    };
  return {
    query: range(field, { gte: lo.value, lte: hi.value, format: lo.format }),
    exact: lo.exact && hi.exact,
  };
}
