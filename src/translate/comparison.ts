/**
 * `field OP constant` for `==`, `!=`, `<`, `<=`, `>`, `>=`, by the field's type, with the evaluator's rules for
 * literals of another type (evaluate/testers.ts `comparisonTest`): a string literal against a number field
 * matches the numbers whose text is that string; a number against a keyword matches every text that parses
 * to it (not expressible: superset); strings order by UTF-16 code units (a keyword range orders by UTF-8 bytes,
 * which agree below U+D800).
 *
 * At query level `x != lit` is `not (x == lit)` (a missing field matches). Written with a computed constant
 * (`x != 1 + 1`) the evaluator runs it as a script, which is true when SOME value differs: only `exists`.
 */
import { MIRRORED_OP, normalizeComparison, type Expr, type Field } from '../eql/syntax/ast.js';
import { comparisonTest } from '../eql/evaluate/testers.js';
import { toStringValue } from '../eql/evaluate/values.js';
import { parseNumber } from '../mapping/numbers.js';
import { constantValue, isConstant } from './constants.js';
import {
  exists,
  matchNone,
  range,
  term,
  terms,
  type Query,
  type RangeBounds,
  type TermValue,
} from './dsl.js';
import { existsSuperset, nullTest } from './exists.js';
import { fieldTarget, type FieldTarget } from './field-targets.js';
import { notPiece } from './logic.js';
import { exactPiece, supersetPiece, type OperatorTranslator, type Piece, type Translator } from './piece.js';
import { dateBound, dateEquals, literalFor, nanosBound } from './literals.js';

type OrderOp = '==' | '<' | '<=' | '>' | '>=';

const BOUND: Record<Exclude<OrderOp, '=='>, keyof RangeBounds> = {
  '<': 'lt',
  '<=': 'lte',
  '>': 'gt',
  '>=': 'gte',
};

export const comparison: OperatorTranslator = (e, t) => {
  if (e.type !== 'comparison') return null;
  const schema = t.ctx.schema;
  const n = normalizeComparison(e);
  if (n.kind === 'predicate') {
    const p = t.translate(n.expr);
    return n.negated ? notPiece(p, t.describe(n.expr)) : p;
  }
  const { left, right } = n;
  let op = n.op;
  const what = t.describe(e);
  // A leaf: a field against a constant (a literal, or one folded from literals in a script).
  let field: Field | null = null;
  let constant: Expr | null = null;
  let scripted = false;
  if (left.type === 'field' && isConstant(right, schema) && !isConstant(left, schema)) {
    [field, constant] = [left, right];
    scripted = right.type !== 'literal';
  } else if (right.type === 'field' && isConstant(left, schema) && !isConstant(right, schema)) {
    [field, constant] = [right, left];
    op = MIRRORED_OP[op];
    scripted = true;
  }
  if (!field || !constant) return null;
  const value = constant.type === 'literal' ? constant.value : constantValue(constant, schema, t.ctx.source);
  const target = fieldTarget(field, schema);
  if (value === null) return nullTest(target, op, what);
  if (op === '!=') {
    if (scripted) return existsSuperset(target, `${what} (script: some value differs)`);
    return notPiece(fieldTest(target, '==', value, constant, t), what);
  }
  return fieldTest(target, op, value, constant, t);
};

/** `field OP value` for a non-null value: true when ANY value of the field passes. */
export function fieldTest(target: FieldTarget, op: OrderOp, raw: unknown, at: Expr, t: Translator): Piece {
  const what = `${target.name} ${op} ${JSON.stringify(raw)}`;
  const lit = literalFor(raw, target, at.span, t.ctx.source);
  if (target.indexed || target.exactField === null) return existsSuperset(target, what);
  const f = target.exactField;
  switch (target.kind) {
    case 'string':
    case 'version':
      return stringTest(target, f, op, lit, what);
    case 'long':
    case 'double':
      return numberTest(target, f, op, lit, what);
    case 'date':
      return dateTest(f, op, lit, what);
    case 'ip':
      if (typeof lit !== 'string') return exactPiece(matchNone());
      // the evaluator orders canonical ip text, Elasticsearch orders addresses
      return op === '==' ? exactPiece(term(f, lit)) : existsSuperset(target, what);
    case 'boolean':
      return enumerated(target, f, [false, true], op, lit);
    default:
      return existsSuperset(target, what);
  }
}

function stringTest(target: FieldTarget, f: string, op: OrderOp, lit: unknown, what: string): Piece {
  if (typeof lit === 'boolean') {
    // a keyword "true"/"false" reads as that boolean
    return op === '==' ? exactPiece(term(f, lit ? 'true' : 'false')) : existsSuperset(target, what);
  }
  if (typeof lit !== 'string') return existsSuperset(target, `${what} (numeric text)`);
  if (op === '==') return exactPiece(term(f, lit));
  if (target.type === 'constant_keyword') return existsSuperset(target, what);
  if (target.kind === 'string' && /[\ud800-\uffff]/.test(lit))
    return existsSuperset(target, `${what} (code-unit order)`);
  return exactPiece(range(f, { [BOUND[op]]: lit }));
}

function numberTest(target: FieldTarget, f: string, op: OrderOp, lit: unknown, what: string): Piece {
  if (typeof lit === 'number') return exactPiece(op === '==' ? term(f, lit) : range(f, { [BOUND[op]]: lit }));
  if (typeof lit === 'string') {
    if (op !== '==') return existsSuperset(target, `${what} (text order)`);
    // equal when the number's text is the literal
    const n = parseNumber(lit);
    if (n === undefined || toStringValue(n) !== lit) return exactPiece(matchNone());
    if (target.kind === 'long' && !Number.isInteger(n)) return exactPiece(matchNone());
    return exactPiece(term(f, n));
  }
  return exactPiece(matchNone());
}

function dateTest(f: string, op: OrderOp, lit: unknown, what: string): Piece {
  if (typeof lit === 'bigint') {
    // a date_nanos field: the literal to the nanosecond, which a range reads exactly
    if (op === '==') return exactPiece(dateEquals(f, lit).query);
    const b = nanosBound(lit);
    return exactPiece(range(f, { [BOUND[op]]: b.value, format: b.format }));
  }
  if (typeof lit !== 'number') return exactPiece(matchNone());
  const lower = dateBound(lit, 'down');
  const upper = dateBound(lit, 'up');
  let q: Query;
  let exact: boolean;
  switch (op) {
    case '==': {
      const eq = dateEquals(f, lit);
      q = eq.query;
      exact = eq.exact;
      break;
    }
    case '<':
    case '<=': {
      const b = upper;
      q = range(f, { [b.exact ? BOUND[op] : 'lte']: b.value, format: b.format });
      exact = b.exact;
      break;
    }
    default: {
      const b = lower;
      q = range(f, { [b.exact ? BOUND[op] : 'gte']: b.value, format: b.format });
      exact = b.exact;
    }
  }
  return exact ? exactPiece(q) : supersetPiece(q, `${what} (sub-millisecond literal)`);
}

/** A field with few possible values (boolean): the values the evaluator's test accepts, as terms. */
function enumerated(target: FieldTarget, f: string, domain: TermValue[], op: OrderOp, lit: unknown): Piece {
  const test = comparisonTest(op, lit, target.kind);
  const ok = domain.filter((v) => test(v) === true);
  if (ok.length === 0) return exactPiece(matchNone());
  if (ok.length === domain.length) return exactPiece(exists(target.existsField));
  return exactPiece(terms(f, ok));
}
