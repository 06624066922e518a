/**
 * A rule's `filters` (Kibana's query-bar filters) as the Query DSL `@kbn/es-query`'s buildEsQuery makes of them:
 * disabled filters are ignored, the DSL is the filter's `query` (or, in the legacy shapes, every top-level key
 * besides `meta` and `$state`), a deprecated `match` of type `phrase` becomes `match_phrase`, a `combined` filter
 * is the AND or OR of its sub-filters, and `meta.negate: true` puts the DSL under `must_not`. Kibana does not
 * check the DSL; a filter it would send malformed (or drop, such as a non-boolean `negate`) is listed in
 * `problems` instead, so that the rules loader reports it and nothing is silently left out.
 */
import type { Query } from '../translate/dsl.js';

export interface FiltersQuery {
  filter: Query[];
  mustNot: Query[];
  problems: string[];
  /** Where each query of `filter` and `mustNot` comes from (`filters[2]`), for messages about it. */
  filterFrom: string[];
  mustNotFrom: string[];
}

function emptyResult(): FiltersQuery {
  return { filter: [], mustNot: [], problems: [], filterFrom: [], mustNotFrom: [] };
}

/** Query types of Elasticsearch's Query DSL a filter may hold (its own and the plugins' of the default distribution). */
const QUERY_TYPES = new Set([
  'bool',
  'boosting',
  'combined_fields',
  'constant_score',
  'dis_max',
  'distance_feature',
  'exists',
  'function_score',
  'fuzzy',
  'geo_bounding_box',
  'geo_distance',
  'geo_grid',
  'geo_polygon',
  'geo_shape',
  'has_child',
  'has_parent',
  'ids',
  'intervals',
  'knn',
  'match',
  'match_all',
  'match_bool_prefix',
  'match_none',
  'match_phrase',
  'match_phrase_prefix',
  'more_like_this',
  'multi_match',
  'nested',
  'parent_id',
  'percolate',
  'pinned',
  'prefix',
  'query_string',
  'range',
  'rank_feature',
  'regexp',
  'rule',
  'script',
  'script_score',
  'semantic',
  'shape',
  'simple_query_string',
  'span_containing',
  'span_field_masking',
  'span_first',
  'span_multi',
  'span_near',
  'span_not',
  'span_or',
  'span_term',
  'span_within',
  'sparse_vector',
  'term',
  'terms',
  'terms_set',
  'text_expansion',
  'weighted_tokens',
  'wildcard',
  'wrapper',
]);

export function filtersQuery(filters: readonly unknown[]): FiltersQuery {
  const out = emptyResult();
  filters.forEach((f, i) => addFilter(f, `filters[${i}]`, out));
  return out;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

function addFilter(raw: unknown, where: string, out: FiltersQuery): void {
  if (!isObject(raw)) {
    out.problems.push(`${where}: a filter is an object ({ meta, query }), not ${describe(raw)}`);
    return;
  }
  const meta = raw.meta;
  if (meta !== undefined && !isObject(meta)) {
    out.problems.push(`${where}.meta: must be an object, not ${describe(meta)}`);
    return;
  }
  const disabled = meta?.disabled;
  // Kibana reads a null `disabled` as false, as it reads a missing one
  if (disabled !== undefined && disabled !== null && typeof disabled !== 'boolean') {
    out.problems.push(`${where}.meta.disabled: must be true or false, not ${describe(disabled)}`);
    return;
  }
  if (disabled === true) return;
  const negate = meta?.negate;
  if (negate !== undefined && typeof negate !== 'boolean') {
    // Kibana keeps a filter only where negate is undefined, false (filter) or true (must_not): this one it drops
    out.problems.push(`${where}.meta.negate: must be true or false, not ${describe(negate)}`);
    return;
  }
  const dsl = filterDsl(raw, where, out.problems);
  if (dsl === undefined) return;
  if (negate === true) {
    out.mustNot.push(dsl);
    out.mustNotFrom.push(where);
  } else {
    out.filter.push(dsl);
    out.filterFrom.push(where);
  }
}

/** The filter's DSL as buildEsQuery takes it, or undefined after recording why there is none. */
function filterDsl(f: Record<string, unknown>, where: string, problems: string[]): Query | undefined {
  const meta = (f.meta ?? {}) as Record<string, unknown>;
  if (meta.type === 'combined') return combinedDsl(meta, where, problems);
  let dsl: Record<string, unknown>;
  let at: string;
  if (f.query !== undefined) {
    if (!isObject(f.query)) {
      problems.push(`${where}.query: must be a Query DSL object, not ${describe(f.query)}`);
      return undefined;
    }
    // buildEsQuery keeps only meta, query and $state once `query` is there
    dsl = f.query;
    at = `${where}.query`;
  } else {
    dsl = {};
    for (const [k, v] of Object.entries(f)) if (k !== 'meta' && k !== '$state') dsl[k] = v;
    at = where;
  }
  const keys = Object.keys(dsl);
  if (keys.length === 0) {
    problems.push(
      `${at}: the filter holds no query (a phrase, phrases, exists, range or custom filter has one)`,
    );
    return undefined;
  }
  if (keys.length > 1) {
    problems.push(`${at}: a query has one type, not several (${keys.join(', ')})`);
    return undefined;
  }
  const type = keys[0]!;
  if (!QUERY_TYPES.has(type)) {
    problems.push(`${at}: "${type}" is not a Query DSL query type`);
    return undefined;
  }
  if (!isObject(dsl[type])) {
    problems.push(`${at}.${type}: must be an object, not ${describe(dsl[type])}`);
    return undefined;
  }
  return migrateMatchPhrase(dsl);
}

/** Kibana's migrateFilter: `match: { f: { query, type: 'phrase' } }` is sent as `match_phrase: { f: { query } }`. */
function migrateMatchPhrase(dsl: Record<string, unknown>): Query {
  const match = dsl.match;
  if (!isObject(match)) return dsl;
  const field = Object.keys(match)[0];
  const params = field !== undefined ? match[field] : undefined;
  if (!isObject(params) || params.type !== 'phrase') return dsl;
  const rest: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(params)) if (k !== 'type') rest[k] = v;
  return { match_phrase: { [field!]: rest } };
}

/** Kibana's fromCombinedFilter: `meta.params` are sub-filters, ANDed (`relation: AND`) or ORed (otherwise). */
function combinedDsl(meta: Record<string, unknown>, where: string, problems: string[]): Query | undefined {
  const params = meta.params;
  if (!Array.isArray(params)) {
    problems.push(`${where}.meta.params: a combined filter lists its filters there, not ${describe(params)}`);
    return undefined;
  }
  const parts: FiltersQuery[] = [];
  let ok = true;
  params.forEach((sub, i) => {
    const part = emptyResult();
    addFilter(sub, `${where}.meta.params[${i}]`, part);
    problems.push(...part.problems);
    if (part.problems.length > 0) ok = false;
    parts.push(part);
  });
  if (!ok) return undefined;
  const boolOf = (p: FiltersQuery): Query => ({
    bool: { must: [], filter: p.filter, should: [], must_not: p.mustNot },
  });
  if (meta.relation === 'AND') {
    const all = emptyResult();
    for (const p of parts) {
      all.filter.push(...p.filter);
      all.mustNot.push(...p.mustNot);
    }
    return boolOf(all);
  }
  return { bool: { should: parts.map(boolOf), minimum_should_match: 1 } };
}

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'string') return `the string ${JSON.stringify(v.length > 40 ? v.slice(0, 40) + '…' : v)}`;
  return `${typeof v === 'object' ? 'an object' : `${typeof v} ${String(v)}`}`;
}
