/**
 * Arithmetic with Elasticsearch's long/double rules: two longs give a long (division truncates toward zero,
 * `%` takes the sign of the dividend, as Java); any double makes the operation a double one. Whether an operand
 * is a long is known statically (literal kind, mapped field type) or, for an unmapped value, from the value.
 *
 * Where Java throws (long overflow, integer division or modulo by zero) Elasticsearch fails the search; per
 * event we cannot fail, so the result is null. Folding literals at compile time reports these as errors instead.
 */
import type { ArithmeticOp } from '../syntax/ast.js';
import type { Kind } from './values.js';

const LONG_MAX = 2 ** 63;
const LONG_MIN = -(2 ** 63);

/** Why an arithmetic operation has no result, for compile-time folding. */
export type ArithmeticFailure = 'overflow' | 'division by zero' | null;
let lastFailure: ArithmeticFailure = null;
export function takeArithmeticFailure(): ArithmeticFailure {
  const f = lastFailure;
  lastFailure = null;
  return f;
}

export function resultKind(a: Kind, b: Kind): Kind {
  if (a === 'double' || b === 'double') return 'double';
  if (a === 'long' && b === 'long') return 'long';
  return 'any';
}

function isLong(v: number, k: Kind): boolean {
  return k === 'long' || (k !== 'double' && Number.isInteger(v));
}

export function arithmetic(op: ArithmeticOp, a: unknown, b: unknown, ka: Kind, kb: Kind): number | null {
  if (typeof a !== 'number' || typeof b !== 'number') return null;
  const integer = isLong(a, ka) && isLong(b, kb);
  let r: number;
  switch (op) {
    case '+':
      r = a + b;
      break;
    case '-':
      r = a - b;
      break;
    case '*':
      r = a * b;
      break;
    case '/':
      if (integer) {
        if (b === 0) {
          lastFailure = 'division by zero';
          return null;
        }
        r = Math.trunc(a / b);
      } else r = a / b;
      break;
    case '%':
      if (integer && b === 0) {
        lastFailure = 'division by zero';
        return null;
      }
      r = a % b;
      if (Object.is(r, -0) && integer) r = 0;
      break;
  }
  if (integer && (r >= LONG_MAX || r < LONG_MIN)) {
    lastFailure = 'overflow';
    return null;
  }
  return r;
}

export function negate(a: unknown): number | null {
  if (typeof a !== 'number') return null;
  return a === 0 ? 0 : -a;
}
