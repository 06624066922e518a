/**
 * Presence tests: `x == null` (no value: must_not exists), `x != null` (exists), and the superset every
 * field-against-constant test falls back to: such a test is only ever true for an event where the field has a
 * value, so `exists` contains it.
 */
import type { Expr } from '../eql/syntax/ast.js';
import { exists, matchNone, not } from './dsl.js';
import { fieldTarget, type FieldTarget } from './field-targets.js';
import { constantValue, isConstant } from './constants.js';
import {
  exactPiece,
  supersetPiece,
  unknownPiece,
  type OperatorTranslator,
  type Piece,
  type Translator,
} from './piece.js';

/**
 * A superset of "the field has a value and <what>". Fields the schema does not map (or maps as objects, binary,
 * ...) get match_all: Elasticsearch may not index what the evaluator reads from `_source`.
 */
export function existsSuperset(target: FieldTarget, what: string): Piece {
  if (target.kind === 'any') return unknownPiece(what);
  return supersetPiece(exists(target.existsField), what);
}

/** `field == null` / `field != null` (and `<`, `>`... with null, which are never true). */
export function nullTest(target: FieldTarget, op: string, what: string): Piece {
  if (op !== '==' && op !== '!=') return exactPiece(matchNone());
  if (target.indexed || target.kind === 'any') return unknownPiece(what);
  const q = exists(target.existsField);
  return exactPiece(op === '==' ? not(q) : q);
}

/** `field OP null` written with a null literal or a constant that folds to null. */
export const nullComparison: OperatorTranslator = (e: Expr, t: Translator) => {
  if (e.type !== 'comparison') return null;
  const schema = t.ctx.schema;
  let field: Expr | null = null;
  let other: Expr | null = null;
  if (e.left.type === 'field' && isConstant(e.right, schema)) [field, other] = [e.left, e.right];
  else if (e.right.type === 'field' && isConstant(e.left, schema)) [field, other] = [e.right, e.left];
  if (!field || field.type !== 'field' || !other) return null;
  if (constantValue(other, schema, t.ctx.source) !== null) return null;
  return nullTest(fieldTarget(field, schema), e.op, t.describe(e));
};
