/**
 * Typed builders for the Query DSL the translator emits, and the boolean combinators that keep the output small:
 * `and`/`or`/`not` fold match_all/match_none and flatten nested bools of the same shape, so a translated
 * condition reads like the query a person would write.
 */

/** A Query DSL query: one key naming the query type. */
export type Query = Record<string, unknown>;

export interface RangeBounds {
  gt?: string | number | boolean;
  gte?: string | number | boolean;
  lt?: string | number | boolean;
  lte?: string | number | boolean;
  format?: string;
}

export type TermValue = string | number | boolean;

export function matchAll(): Query {
  return { match_all: {} };
}

export function matchNone(): Query {
  return { match_none: {} };
}

export function isMatchAll(q: Query): boolean {
  return 'match_all' in q;
}

export function isMatchNone(q: Query): boolean {
  return 'match_none' in q;
}

/** `case_insensitive` is only sent when true: numeric, date, ip and boolean fields reject it. */
export function term(field: string, value: TermValue, caseInsensitive = false): Query {
  return { term: { [field]: caseInsensitive ? { value, case_insensitive: true } : { value } } };
}

export function terms(field: string, values: TermValue[]): Query {
  if (values.length === 1) return term(field, values[0]!);
  return { terms: { [field]: values } };
}

export function range(field: string, bounds: RangeBounds): Query {
  return { range: { [field]: { ...bounds } } };
}

export function prefix(field: string, value: string, caseInsensitive = false): Query {
  return { prefix: { [field]: caseInsensitive ? { value, case_insensitive: true } : { value } } };
}

/** `pattern` is already in the wildcard query's syntax (see escapeWildcard). */
export function wildcard(field: string, pattern: string, caseInsensitive = false): Query {
  return {
    wildcard: { [field]: caseInsensitive ? { value: pattern, case_insensitive: true } : { value: pattern } },
  };
}

/** Lucene regular expression with every optional operator, as EQL's `regex` uses (Elasticsearch's default flags). */
export function regexp(field: string, pattern: string, caseInsensitive = false): Query {
  const body: Record<string, unknown> = { value: pattern, flags: 'ALL' };
  if (caseInsensitive) body.case_insensitive = true;
  return { regexp: { [field]: body } };
}

export function exists(field: string): Query {
  return { exists: { field } };
}

export interface BoolClauses {
  filter?: Query[];
  should?: Query[];
  must_not?: Query[];
}

export function bool(clauses: BoolClauses): Query {
  const body: Record<string, unknown> = {};
  if (clauses.filter?.length) body.filter = clauses.filter;
  if (clauses.should?.length) {
    body.should = clauses.should;
    body.minimum_should_match = 1;
  }
  if (clauses.must_not?.length) body.must_not = clauses.must_not;
  return { bool: body };
}

/** The clauses of a bool query built by `bool`, or undefined for any other query. */
function boolBody(q: Query): Record<string, unknown> | undefined {
  const b = q.bool as Record<string, unknown> | undefined;
  return b && typeof b === 'object' ? b : undefined;
}

function onlyKey(body: Record<string, unknown>, key: string): boolean {
  return Object.keys(body).every((k) => k === key || (key === 'should' && k === 'minimum_should_match'));
}

/** Every query must match (filter context: no scoring). */
export function and(queries: Query[]): Query {
  const out: Query[] = [];
  for (const q of queries) {
    if (isMatchNone(q)) return matchNone();
    if (isMatchAll(q)) continue;
    const b = boolBody(q);
    if (b && b.filter && onlyKey(b, 'filter')) out.push(...(b.filter as Query[]));
    else out.push(q);
  }
  if (out.length === 0) return matchAll();
  if (out.length === 1) return out[0]!;
  return bool({ filter: out });
}

/** At least one query must match. */
export function or(queries: Query[]): Query {
  const out: Query[] = [];
  for (const q of queries) {
    if (isMatchAll(q)) return matchAll();
    if (isMatchNone(q)) continue;
    const b = boolBody(q);
    if (b && b.should && onlyKey(b, 'should')) out.push(...(b.should as Query[]));
    else out.push(q);
  }
  if (out.length === 0) return matchNone();
  if (out.length === 1) return out[0]!;
  return bool({ should: out });
}

/** Documents the query does not match (`must_not`; a double negation cancels). */
export function not(q: Query): Query {
  if (isMatchAll(q)) return matchNone();
  if (isMatchNone(q)) return matchAll();
  const b = boolBody(q);
  if (b && Array.isArray(b.must_not) && b.must_not.length === 1 && onlyKey(b, 'must_not'))
    return b.must_not[0] as Query;
  return bool({ must_not: [q] });
}

/**
 * A literal in a wildcard query: `*`, `?` and `\` are the query's metacharacters (backslash escapes), so each
 * is escaped to stand for itself.
 */
export function escapeWildcard(literal: string): string {
  return literal.replace(/[\\*?]/g, '\\$&');
}

/**
 * An EQL wildcard pattern (`*` any sequence, `?` one character, every other character itself — a backslash
 * included) in the wildcard query's syntax, where a backslash escapes.
 */
export function eqlPatternToWildcard(pattern: string): string {
  return pattern.replace(/\\/g, '\\\\');
}
