/**
 * `and`, `or` and `not`: the bool skeleton, two-valued as the evaluator's (a `not` is `must_not`).
 *
 * Polarity rule: a non-exact piece is a SUPERSET of its expression, and `must_not` turns a superset into a
 * subset, which would lose events. So `not X` is `must_not X` only when X is exact; otherwise the whole `not`
 * matches everything (non-exact) and the evaluator decides. `and`/`or` keep supersets supersets, so they are
 * exact only when every operand is.
 */
import { and, matchAll, not, or } from './dsl.js';
import type { OperatorTranslator, Piece } from './piece.js';

export function andPieces(pieces: Piece[]): Piece {
  return {
    query: and(pieces.map((p) => p.query)),
    exact: pieces.every((p) => p.exact),
    notPushed: pieces.flatMap((p) => p.notPushed),
  };
}

export function orPieces(pieces: Piece[]): Piece {
  return {
    query: or(pieces.map((p) => p.query)),
    exact: pieces.every((p) => p.exact),
    notPushed: pieces.flatMap((p) => p.notPushed),
  };
}

/** The polarity rule for one negation. */
export function notPiece(p: Piece, what: string): Piece {
  if (p.exact) return { query: not(p.query), exact: true, notPushed: [] };
  const quoted = what.startsWith('(') && what.endsWith(')') ? what : `(${what})`;
  return { query: matchAll(), exact: false, notPushed: [`not ${quoted}`] };
}

export const logic: OperatorTranslator = (e, t) => {
  switch (e.type) {
    case 'logical': {
      const pieces = [t.translate(e.left), t.translate(e.right)];
      return e.op === 'and' ? andPieces(pieces) : orPieces(pieces);
    }
    case 'not':
      return notPiece(t.translate(e.operand), t.describe(e.operand));
    case 'literal':
      return { query: e.value === true ? matchAll() : { match_none: {} }, exact: true, notPushed: [] };
    default:
      return null;
  }
};
