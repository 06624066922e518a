/**
 * `field in (constants)`, `in~`, `not in`: exact equality with any listed value (no wildcards); `not in` is
 * `must_not` of the list (a missing field matches). Values are brought to the field's kind as the evaluator does
 * (evaluate/testers.ts `inTest`): a string in the list matches a number whose text it is, a number in the list
 * matches every keyword text that parses to it (superset), a null in the list matches nothing.
 *
 * `terms` takes no `case_insensitive`, so `in~` on a keyword field is a should of case-insensitive terms.
 */
import { toStringValue } from '../eql/evaluate/values.js';
import { parseNumber } from '../mapping/numbers.js';
import { matchNone, or, term, terms, type Query, type TermValue } from './dsl.js';
import { existsSuperset } from './exists.js';
import { fieldTarget, foldsLikeElasticsearch, isStringTarget, type FieldTarget } from './field-targets.js';
import { notPiece } from './logic.js';
import { exactPiece, supersetPiece, type OperatorTranslator, type Piece } from './piece.js';
import { dateEquals, literalFor } from './literals.js';

export const inList: OperatorTranslator = (e, t) => {
  if (e.type !== 'in') return null;
  // the evaluator's `not in` is the negation of `in`, whatever the operands
  if (e.negated) return notPiece(t.translate({ ...e, negated: false }), t.describe(e));
  if (e.left.type !== 'field') return null;
  if (!e.values.every((v) => v.type === 'literal')) return null;
  const target = fieldTarget(e.left, t.ctx.schema);
  const what = t.describe(e);
  const values = e.values.map((v) =>
    literalFor(v.type === 'literal' ? v.value : null, target, v.span, t.ctx.source),
  );
  return listTest(target, values, e.caseInsensitive, what);
};

function listTest(target: FieldTarget, lits: unknown[], ci: boolean, what: string): Piece {
  const present = lits.filter((v) => v !== null);
  if (present.length === 0) return exactPiece(matchNone());
  if (target.indexed || target.exactField === null) return existsSuperset(target, what);
  const f = target.exactField;
  const uniq = <T>(xs: T[]): T[] => [...new Set(xs)];
  switch (target.kind) {
    case 'string':
    case 'version': {
      if (!isStringTarget(target)) return existsSuperset(target, what);
      if (present.some((v) => typeof v === 'number')) return existsSuperset(target, `${what} (numeric text)`);
      // booleans match the texts "true"/"false" exactly (case-sensitively, even for in~)
      const bools = uniq(present.filter((v) => typeof v === 'boolean').map((v) => (v ? 'true' : 'false')));
      const strings = uniq(
        present.filter((v): v is string => typeof v === 'string').map((s) => (ci ? s.toLowerCase() : s)),
      );
      const queries: Query[] = [];
      if (ci && !strings.every(foldsLikeElasticsearch))
        return existsSuperset(target, `${what} (non-ASCII case folding)`);
      if (ci) queries.push(...strings.map((s) => term(f, s, true)));
      else if (strings.length) queries.push(terms(f, strings));
      if (bools.length) queries.push(terms(f, bools));
      return exactPiece(or(queries));
    }
    case 'long':
    case 'double': {
      const nums: number[] = [];
      for (const v of present) {
        if (typeof v === 'number') nums.push(v);
        else if (typeof v === 'string') {
          // a string matches a number whose text (the field kind's form) is that string
          const s = ci ? v.toLowerCase() : v;
          const n = parseNumber(s);
          if (n !== undefined && toStringValue(n, target.kind) === s) nums.push(n);
        }
      }
      const ok = uniq(target.kind === 'long' ? nums.filter((n) => Number.isInteger(n)) : nums);
      return exactPiece(ok.length ? terms(f, ok) : matchNone());
    }
    case 'ip': {
      const ips = uniq(present.filter((v): v is string => typeof v === 'string'));
      return exactPiece(ips.length ? terms(f, ips) : matchNone());
    }
    case 'boolean': {
      const bools: TermValue[] = [];
      for (const v of present) {
        if (typeof v === 'boolean') bools.push(v);
        else if (v === 'true' || v === 'false') bools.push(v === 'true');
      }
      const ok = uniq(bools);
      return exactPiece(ok.length ? terms(f, ok) : matchNone());
    }
    case 'date': {
      const instants = uniq(
        present.filter((v): v is number | bigint => typeof v === 'number' || typeof v === 'bigint'),
      );
      const pieces = instants.map((at) => {
        const eq = dateEquals(f, at);
        return eq.exact ? exactPiece(eq.query) : supersetPiece(eq.query, `${what} (sub-millisecond)`);
      });
      if (pieces.length === 0) return exactPiece(matchNone());
      return {
        query: or(pieces.map((p) => p.query)),
        exact: pieces.every((p) => p.exact),
        notPushed: pieces.flatMap((p) => p.notPushed),
      };
    }
    default:
      return existsSuperset(target, what);
  }
}
