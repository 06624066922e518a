/**
 * EQL conditions → Elasticsearch Query DSL. An ordered list of operator translators (one module per family),
 * tried in turn for each expression, as Elasticsearch's own QueryTranslator does; the first that knows the
 * expression answers. What none knows becomes the widest sound query (see `fallback`).
 *
 * The result follows the evaluator's query-level semantics (src/eql/evaluate/query-compiler.ts): a field against
 * constants is true when ANY value passes, `not` is `must_not`, everything else is a script that no query can
 * run. Soundness: the query never misses an event the evaluator accepts; `exact` says it adds none.
 */
import type { EventQuery, Expr } from '../eql/syntax/ast.js';
import { categoryFilter } from './category.js';
import { comparison } from './comparison.js';
import { constantCondition, isConstant } from './constants.js';
import { describeExpr } from './describe.js';
import { existsSuperset, nullComparison } from './exists.js';
import { fieldTarget } from './field-targets.js';
import { functions, requiredField } from './functions.js';
import { inList } from './in-list.js';
import { andPieces, logic } from './logic.js';
import { pattern } from './pattern.js';
import type { OperatorTranslator, Piece, TranslateContext, Translation, Translator } from './piece.js';
import { unknownPiece } from './piece.js';

/** Tried in this order; the constant folder first, so that no family sees a foldable expression. */
const TRANSLATORS: readonly OperatorTranslator[] = [
  constantCondition,
  logic,
  nullComparison,
  comparison,
  pattern,
  inList,
  functions,
];

/**
 * A script no query can run. It is null — no match — when a field it compares or tests has no value, so
 * `exists` of that field contains it; otherwise nothing is known (match_all).
 */
function fallback(e: Expr, t: Translator): Piece {
  const what = t.describe(e);
  const schema = t.ctx.schema;
  let needed: Expr | null = null;
  if (e.type === 'comparison' || e.type === 'pattern' || e.type === 'in') {
    if (e.left.type === 'field' && !isConstant(e.left, schema)) needed = e.left;
    else if (e.type === 'comparison' && e.right.type === 'field' && !isConstant(e.right, schema))
      needed = e.right;
  } else {
    needed = requiredField(e);
  }
  if (needed && needed.type === 'field' && !isConstant(needed, schema))
    return existsSuperset(fieldTarget(needed, schema), what);
  return unknownPiece(what);
}

class ExprTranslator implements Translator {
  constructor(readonly ctx: TranslateContext) {}

  translate(e: Expr): Piece {
    for (const tr of TRANSLATORS) {
      const p = tr(e, this);
      if (p) return p;
    }
    return fallback(e, this);
  }

  describe(e: Expr): string {
    return describeExpr(e, this.ctx.source);
  }
}

function toTranslation(p: Piece): Translation {
  return { query: p.query, exact: p.exact, notPushed: [...new Set(p.notPushed)] };
}

export function conditionPiece(e: Expr, ctx: TranslateContext): Piece {
  return new ExprTranslator(ctx).translate(e);
}

export function eventQueryPiece(q: EventQuery, ctx: TranslateContext): Piece {
  return andPieces([categoryFilter(q.category, ctx), conditionPiece(q.condition, ctx)]);
}

/** The query for a condition alone. */
export function translateCondition(e: Expr, ctx: TranslateContext = {}): Translation {
  return toTranslation(conditionPiece(e, ctx));
}

/** The query for `<category> where <condition>`: the category filter AND the condition. */
export function translateEventQuery(q: EventQuery, ctx: TranslateContext = {}): Translation {
  return toTranslation(eventQueryPiece(q, ctx));
}

export { toTranslation };
