/**
 * The static type of an expression as far as it can be known without a mapping: literals and the results of
 * operators and functions. A field is `unknown` (Elasticsearch would take its type from the mapping, and a
 * field holding a date or an ip compares with a string), so only mismatches between values whose type is
 * certain are reported — exactly the ones Elasticsearch rejects whatever the mapping says.
 */
import type { Expr } from '../syntax/ast.js';
import { assertNever } from '../syntax/ast.js';
import { lookupFunction, type ArgType } from '../functions/signatures.js';

export type StaticType = 'string' | 'numeric' | 'boolean' | 'null' | 'unknown';

export function staticType(expr: Expr): StaticType {
  switch (expr.type) {
    case 'literal':
      switch (expr.kind) {
        case 'string':
          return 'string';
        case 'integer':
        case 'float':
          return 'numeric';
        case 'boolean':
          return 'boolean';
        case 'null':
          return 'null';
        default:
          return assertNever(expr.kind, 'literal kind');
      }
    case 'field':
      return 'unknown';
    case 'comparison':
    case 'pattern':
    case 'in':
    case 'logical':
    case 'not':
      return 'boolean';
    case 'arithmetic':
    case 'negate':
      return 'numeric';
    case 'call': {
      const sig = lookupFunction(expr.name);
      if (!sig) return 'unknown';
      return sig.returns === 'integer' ? 'numeric' : sig.returns;
    }
    default:
      return assertNever(expr, 'expression');
  }
}

/** True when a value of type `actual` may stand where `expected` is required (null and unknown always may). */
export function fits(actual: StaticType, expected: Exclude<StaticType, 'null' | 'unknown'>): boolean {
  return actual === expected || actual === 'null' || actual === 'unknown';
}

/** Two certain types that can never be compared with each other. */
export function incompatible(a: StaticType, b: StaticType): boolean {
  if (a === 'null' || a === 'unknown' || b === 'null' || b === 'unknown') return false;
  return a !== b;
}

/** Whether an argument's static type satisfies a signature's argument type. */
export function fitsArg(expr: Expr, type: ArgType): boolean {
  const actual = staticType(expr);
  switch (type) {
    case 'any':
      return true;
    case 'string':
      return fits(actual, 'string');
    case 'numeric':
      return fits(actual, 'numeric');
    case 'boolean':
      return fits(actual, 'boolean');
    case 'integer':
      if (expr.type === 'literal' && expr.kind === 'float') return false;
      return fits(actual, 'numeric');
    default:
      return assertNever(type, 'argument type');
  }
}

/** How Elasticsearch names a type in its messages. */
export function typeName(expr: Expr): string {
  if (expr.type === 'literal') {
    switch (expr.kind) {
      case 'string':
        return 'keyword';
      case 'integer':
        return 'integer';
      case 'float':
        return 'double';
      case 'boolean':
        return 'boolean';
      case 'null':
        return 'null';
      default:
        return assertNever(expr.kind, 'literal kind');
    }
  }
  const t = staticType(expr);
  return t === 'string' ? 'keyword' : t === 'numeric' ? 'number' : t;
}

export function argTypeName(type: ArgType): string {
  switch (type) {
    case 'string':
      return 'string';
    case 'numeric':
      return 'numeric';
    case 'integer':
      return 'integer';
    case 'boolean':
      return 'boolean';
    case 'any':
      return 'any';
    default:
      return assertNever(type, 'argument type');
  }
}
