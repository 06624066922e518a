/**
 * `:`, `like`, `like~`, `regex`, `regex~` on a field with constant patterns; any pattern matching suffices.
 *
 * - `:` is case-insensitive: a plain string is a `term` with `case_insensitive`, one with `*`/`?` a `wildcard`
 *   with `case_insensitive`. `like` is the same, case-sensitive unless `like~`.
 * - EQL patterns have no escape character (a backslash is itself); the wildcard query's backslash escapes, so
 *   backslashes are doubled.
 * - `regex` is a `regexp` query with the pattern unchanged: both are Lucene's syntax, with every optional
 *   operator (`flags: ALL`, as Elasticsearch's default) and ASCII case folding for `regex~`.
 * - On date and ip fields `:` with a plain string is an equality on the parsed value; wildcard and regex tests
 *   there work on the value's text, which no query sees: superset.
 */
import { hasWildcard } from '../mapping/wildcard.js';
import { eqlPatternToWildcard, matchNone, or, regexp, term, wildcard, type Query } from './dsl.js';
import { existsSuperset } from './exists.js';
import { fieldTarget, foldsLikeElasticsearch, isStringTarget } from './field-targets.js';
import { fieldTest } from './comparison.js';
import { orPieces } from './logic.js';
import { exactPiece, type OperatorTranslator, type Piece } from './piece.js';

export const pattern: OperatorTranslator = (e, t) => {
  if (e.type !== 'pattern' || e.left.type !== 'field') return null;
  if (!e.patterns.every((p) => p.type === 'literal')) return null;
  const target = fieldTarget(e.left, t.ctx.schema);
  const what = t.describe(e);
  const ci = e.op === ':' || e.caseInsensitive;
  const values = e.patterns.map((p) => (p.type === 'literal' ? p.value : null)).filter((v) => v !== null);
  if (values.length === 0) return exactPiece(matchNone());
  if (!values.every((v) => typeof v === 'string'))
    return existsSuperset(target, `${what} (non-string pattern)`);
  const strings = values as string[];
  if (ci && e.op !== 'regex' && !strings.every(foldsLikeElasticsearch))
    return existsSuperset(target, `${what} (non-ASCII case folding)`);
  if (isStringTarget(target)) {
    const f = target.exactField!;
    const queries: Query[] = strings.map((p) => {
      if (e.op === 'regex') return regexp(f, p, ci);
      return hasWildcard(p) ? wildcard(f, eqlPatternToWildcard(p), ci) : term(f, p, ci);
    });
    return exactPiece(or(queries));
  }
  if (e.op === ':' && (target.kind === 'date' || target.kind === 'ip') && !strings.some(hasWildcard)) {
    const pieces: Piece[] = [];
    for (let i = 0; i < e.patterns.length; i++) {
      const p = e.patterns[i]!;
      if (p.type === 'literal' && typeof p.value === 'string')
        pieces.push(fieldTest(target, '==', p.value, p, t));
    }
    return orPieces(pieces);
  }
  return existsSuperset(target, what);
};
