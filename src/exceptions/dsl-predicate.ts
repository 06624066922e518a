/**
 * The Query DSL of a rule filter as a test on one event's `_source`, for runs over files: the clauses exception
 * items become (bool, match_phrase, exists, wildcard, nested) and those Kibana's filters hold (term, terms, match,
 * range, prefix, match_all/none, constant_score). What it cannot answer as a cluster would (text analysis,
 * scripts, query strings, options it does not know) throws Unsupported with the reason, and the caller reports
 * the filter as not applied to files rather than guessing.
 */
import type { FieldInfo, Schema } from '../mapping/schema.js';
import type { Query } from '../translate/dsl.js';
import { hasValue, nestedObjects, sourcePathOf, sourceValues } from './source-values.js';
import { equalsTest, keywordOf, rangeTest, Unsupported, type ValueTest } from './value-tests.js';
import { esWildcardTest } from './es-wildcard.js';
import { nestedOwner } from './nested-paths.js';

export type SourceTest = (source: Record<string, unknown>) => boolean;

export interface PredicateContext {
  schema?: Schema;
  now: Date;
  /** The mapping's nested fields (nested-paths.ts); without them every path is read as an object's. */
  nestedPaths?: readonly string[];
  /** The path of the nested query being compiled. */
  scope?: string;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** The test `query` makes, or throws Unsupported. */
export function compileQuery(query: Query, ctx: PredicateContext): SourceTest {
  const keys = Object.keys(query);
  if (keys.length !== 1) throw new Unsupported(`a query with ${keys.length} types`);
  const type = keys[0]!;
  const body = query[type];
  if (!isObject(body)) throw new Unsupported(`a ${type} query that is not an object`);
  switch (type) {
    case 'match_all':
      return () => true;
    case 'match_none':
      return () => false;
    case 'bool':
      return compileBool(body, ctx);
    case 'constant_score':
      only(body, ['filter', 'boost'], type);
      return compileQuery(asQuery(body.filter, 'constant_score.filter'), ctx);
    case 'exists': {
      only(body, ['field', 'boost'], type);
      if (typeof body.field !== 'string' || body.field.includes('*'))
        throw new Unsupported('an exists query whose field is a pattern or missing');
      return fieldTest(body.field, ctx, (v) => hasValue(v), true);
    }
    case 'term':
      return fieldQuery(body, ctx, 'value', ['case_insensitive'], (v, o, info) =>
        equalsTest(v, info, o.case_insensitive === true),
      );
    case 'terms':
      return compileTerms(body, ctx);
    case 'match_phrase':
      return fieldQuery(body, ctx, 'query', [], (v, _o, info) => equalsTest(v, info));
    case 'match':
      return fieldQuery(body, ctx, 'query', ['operator'], (v, _o, info) => equalsTest(v, info));
    case 'wildcard':
    case 'prefix':
      return fieldQuery(
        body,
        ctx,
        type === 'wildcard' ? 'value' : 'value',
        ['case_insensitive', 'rewrite'],
        (v, o, info) => patternTest(type, v, o.case_insensitive === true, info),
      );
    case 'range':
      return compileRange(body, ctx);
    case 'nested':
      return compileNested(body, ctx);
    default:
      throw new Unsupported(`the ${type} query`);
  }
}

function asQuery(v: unknown, where: string): Query {
  if (!isObject(v)) throw new Unsupported(`${where} that is not a query object`);
  return v;
}

function only(body: Record<string, unknown>, allowed: string[], type: string): void {
  for (const k of Object.keys(body))
    if (!allowed.includes(k)) throw new Unsupported(`the ${type} query's option ${k}`);
}

function clauses(v: unknown, where: string, ctx: PredicateContext): SourceTest[] {
  if (v === undefined) return [];
  const list = Array.isArray(v) ? v : [v];
  return list.map((q, i) => compileQuery(asQuery(q, `${where}[${i}]`), ctx));
}

function compileBool(body: Record<string, unknown>, ctx: PredicateContext): SourceTest {
  only(body, ['must', 'filter', 'should', 'must_not', 'minimum_should_match', 'boost', '_name'], 'bool');
  const all = [...clauses(body.must, 'must', ctx), ...clauses(body.filter, 'filter', ctx)];
  const should = clauses(body.should, 'should', ctx);
  const none = clauses(body.must_not, 'must_not', ctx);
  let msm: number;
  const raw = body.minimum_should_match;
  if (raw === undefined) msm = all.length === 0 && should.length > 0 ? 1 : 0;
  else if (typeof raw === 'number' && Number.isInteger(raw)) msm = raw;
  else if (typeof raw === 'string' && /^-?\d+$/.test(raw)) msm = Number(raw);
  else throw new Unsupported(`minimum_should_match ${JSON.stringify(raw)}`);
  if (msm < 0) msm = Math.max(0, should.length + msm);
  if (msm > should.length) return () => false;
  return (src) => {
    for (const t of all) if (!t(src)) return false;
    for (const t of none) if (t(src)) return false;
    if (msm === 0) return true;
    let n = 0;
    for (const t of should) if (t(src) && ++n >= msm) return true;
    return false;
  };
}

/** A test on every value of `field`: true when any value passes (`exists` passes nulls through `hasValue`). */
/** Fields a cluster keeps beside `_source` (a data-tier filter tests `_tier`): an event file has none of them. */
const METADATA =
  /^_(id|index|tier|routing|ignored|version|seq_no|primary_term|source|field_names|doc_count)$/;

function fieldTest(field: string, ctx: PredicateContext, test: ValueTest, keepNulls = false): SourceTest {
  if (METADATA.test(field)) throw new Unsupported(`the metadata field ${field}`);
  // a field of a nested object is in its hidden document: only a nested query on its own path sees it
  if (ctx.nestedPaths && nestedOwner(field, ctx.nestedPaths) !== ctx.scope) return () => false;
  const info = ctx.schema?.resolve(field);
  const path = sourcePathOf(field, ctx.schema);
  const nullValue = info?.nullValue;
  return (src) => {
    for (const v of sourceValues(src, path)) {
      const value = v === null && nullValue !== undefined ? nullValue : v;
      if (value === null && !keepNulls) continue;
      if (info && !isObject(value) && !indexed(value, info)) continue;
      if (test(value)) return true;
    }
    return false;
  };
}

/** False for a value the field does not index (a keyword longer than `ignore_above`). */
function indexed(v: unknown, info: FieldInfo): boolean {
  if (info.ignoreAbove === undefined || typeof v !== 'string') return true;
  return keywordOf(v, info) !== undefined;
}

type Options = Record<string, unknown>;

/** `{ field: value }` or `{ field: { <valueKey>: value, ...options } }`, as term-level and match queries take. */
function fieldQuery(
  body: Record<string, unknown>,
  ctx: PredicateContext,
  valueKey: string,
  options: string[],
  make: (value: unknown, opts: Options, info: FieldInfo | undefined) => ValueTest,
): SourceTest {
  const fields = Object.keys(body);
  if (fields.length !== 1) throw new Unsupported(`a query on ${fields.length} fields`);
  const field = fields[0]!;
  const spec = body[field];
  let value: unknown;
  let opts: Options = {};
  if (isObject(spec)) {
    only(spec, [valueKey, 'boost', '_name', ...options], `${field}'s`);
    value = spec[valueKey];
    opts = spec;
  } else value = spec;
  if (field.includes('*')) throw new Unsupported(`a field pattern ${field}`);
  const test = make(value, opts, ctx.schema?.resolve(field));
  return fieldTest(field, ctx, test);
}

function compileTerms(body: Record<string, unknown>, ctx: PredicateContext): SourceTest {
  const fields = Object.keys(body).filter((k) => k !== 'boost' && k !== '_name');
  if (fields.length !== 1) throw new Unsupported(`a terms query on ${fields.length} fields`);
  const field = fields[0]!;
  const values = body[field];
  if (!Array.isArray(values)) throw new Unsupported('a terms lookup');
  const info = ctx.schema?.resolve(field);
  const tests = values.map((v) => equalsTest(v, info));
  return fieldTest(field, ctx, (v) => tests.some((t) => t(v)));
}

function compileRange(body: Record<string, unknown>, ctx: PredicateContext): SourceTest {
  const fields = Object.keys(body);
  if (fields.length !== 1) throw new Unsupported(`a range query on ${fields.length} fields`);
  const field = fields[0]!;
  const spec = body[field];
  if (!isObject(spec)) throw new Unsupported('a range without bounds');
  only(spec, ['gt', 'gte', 'lt', 'lte', 'format', 'boost', '_name', 'time_zone'], 'range');
  if (
    spec.format !== undefined &&
    !/^(strict_date_optional_time|epoch_millis|\|\|)+$/.test(String(spec.format))
  )
    throw new Unsupported(`the range format ${JSON.stringify(spec.format)}`);
  const tz = spec.time_zone;
  if (tz !== undefined && tz !== 'UTC' && tz !== 'Z' && tz !== 'Zulu' && tz !== '+00:00')
    throw new Unsupported(`the range time zone ${JSON.stringify(tz)}`);
  return fieldTest(field, ctx, rangeTest(spec, ctx.schema?.resolve(field), ctx.now));
}

/** One object of the array at `path` must satisfy the query; outside the path a nested query sees nothing. */
function compileNested(body: Record<string, unknown>, ctx: PredicateContext): SourceTest {
  only(body, ['path', 'query', 'score_mode', 'ignore_unmapped', 'boost', '_name'], 'nested');
  if (typeof body.path !== 'string') throw new Unsupported('a nested query without a path');
  const path = body.path;
  if (ctx.nestedPaths && !ctx.nestedPaths.includes(path))
    throw new Unsupported(`a nested query on ${path}, which the mapping does not map as nested,`);
  const inner = compileQuery(asQuery(body.query, 'nested.query'), { ...ctx, scope: path });
  return (src) => nestedObjects(src, path).some((obj) => inner({ [path]: obj }));
}

function patternTest(
  type: 'wildcard' | 'prefix',
  value: unknown,
  caseInsensitive: boolean,
  info: FieldInfo | undefined,
): ValueTest {
  if (typeof value !== 'string') throw new Unsupported(`a ${type} value that is not a string`);
  if (info && info.type !== 'keyword' && info.type !== 'constant_keyword' && info.type !== 'wildcard')
    throw new Unsupported(`a ${type} query on the ${info.type} field ${info.name}`);
  const test =
    type === 'wildcard'
      ? esWildcardTest(value, caseInsensitive)
      : esWildcardTest(value.replace(/[\\*?]/g, '\\$&') + '*', caseInsensitive);
  return (v) => {
    // without a mapping only strings are taken as keywords: a number would be a numeric field, which refuses
    const s = info ? keywordOf(v, info) : typeof v === 'string' ? v : undefined;
    return s !== undefined && test(s);
  };
}
