/**
 * What a raw search must fetch for a statement, so that client-side correlation sees every event it could use:
 * an event query's own filter; for a sequence or a sample, any stage's filter (the `until` stage and missing
 * `![...]` stages too: the engine must see the events that end or break a sequence). An event takes part in a
 * stage only when every non-optional join key has a value (the engine skips it otherwise, as Elasticsearch only
 * queries such events), so each stage also requires `exists` on those keys; an optional `?key` may be null.
 */
import type { EventQuery, Field, Statement } from '../eql/syntax/ast.js';
import { assertNever } from '../eql/syntax/ast.js';
import { exists } from './dsl.js';
import { fieldTarget } from './field-targets.js';
import { andPieces, orPieces } from './logic.js';
import { eventQueryPiece, toTranslation } from './translate.js';
import { exactPiece, type Piece, type TranslateContext, type Translation } from './piece.js';

function stagePiece(q: EventQuery, keys: readonly Field[], ctx: TranslateContext): Piece {
  const required: Piece[] = [];
  for (const key of keys) {
    if (key.optional) continue;
    const target = fieldTarget(key, ctx.schema);
    // an unmapped key may still be read from _source: no requirement
    if (target.kind === 'any') continue;
    required.push(exactPiece(exists(target.existsField)));
  }
  return andPieces([eventQueryPiece(q, ctx), ...required]);
}

export function translateCandidates(stmt: Statement, ctx: TranslateContext = {}): Translation {
  const c: TranslateContext = { ...ctx, source: ctx.source ?? stmt.source };
  const q = stmt.query;
  switch (q.type) {
    case 'event':
      return toTranslation(eventQueryPiece(q, c));
    case 'sequence': {
      const stages = [...q.stages, ...(q.until ? [q.until] : [])];
      return toTranslation(orPieces(stages.map((s) => stagePiece(s.query, [...q.by, ...s.by], c))));
    }
    case 'sample':
      return toTranslation(orPieces(q.stages.map((s) => stagePiece(s.query, [...q.by, ...s.by], c))));
    default:
      return assertNever(q, 'query');
  }
}
