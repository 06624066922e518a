/**
 * Constant folding, decided exactly as the evaluator decides it (evaluate/query-compiler.ts): an expression that
 * reads no field — optional fields that the schema does not know count as null literals — is evaluated once, and
 * as a filter it keeps every event when true and none otherwise. The evaluator itself computes the value, so the
 * translation cannot disagree with it.
 */
import type { Expr } from '../eql/syntax/ast.js';
import { compileCondition, compileExpression } from '../eql/evaluate/index.js';
import { exactPiece, type OperatorTranslator } from './piece.js';
import { matchAll, matchNone } from './dsl.js';
import type { Schema } from '../mapping/schema.js';

export function isConstant(e: Expr, schema: Schema | undefined): boolean {
  switch (e.type) {
    case 'literal':
      return true;
    case 'field':
      return e.optional && schema !== undefined && !schema.has(e.name);
    case 'comparison':
    case 'logical':
    case 'arithmetic':
      return isConstant(e.left, schema) && isConstant(e.right, schema);
    case 'not':
    case 'negate':
      return isConstant(e.operand, schema);
    case 'pattern':
      return isConstant(e.left, schema) && e.patterns.every((p) => isConstant(p, schema));
    case 'in':
      return isConstant(e.left, schema) && e.values.every((p) => isConstant(p, schema));
    case 'call':
      return e.args.every((a) => isConstant(a, schema));
    default:
      return false;
  }
}

/**
 * The value of a constant expression (null for an absent optional field). `source` is the query's text, so that an
 * error of folding it (`modulo(5, 0)`) points into the query.
 */
export function constantValue(e: Expr, schema: Schema | undefined, source: string | undefined): unknown {
  return compileExpression(e, { schema, source })({});
}

/** A constant condition: match_all when the evaluator finds it true, match_none otherwise. */
export const constantCondition: OperatorTranslator = (e, t) => {
  if (!isConstant(e, t.ctx.schema)) return null;
  const v = compileCondition(e, { schema: t.ctx.schema, source: t.ctx.source })({});
  return exactPiece(v ? matchAll() : matchNone());
};
