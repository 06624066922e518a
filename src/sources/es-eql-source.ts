/**
 * Running a query through Elasticsearch's own EQL API (`_eql/search`), for clusters that have it: the request
 * builder and response mapper are pure (tested against recorded responses), `runEqlSearch` does the I/O.
 *
 * Results come back in the engine's `QueryResult` shape so that callers treat both paths alike. The order of
 * results is Elasticsearch's own. Each event still needs an `Ordinal`: it is read from the event's `_source`
 * (`timestampField`, then `tiebreakerField`, as the offline source does), or from the `fields` section when the
 * request asked for them and `_source` lacks the value; `seq` is the event's position in the response. An event
 * without a readable timestamp (samples need none) gets ts 0.
 */
import type { Client, estypes } from '@elastic/elasticsearch';
import type { Schema } from '../mapping/schema.js';
import { makeOrdinal } from '../engine/ordinal.js';
import { readSourcePath, type EngineEvent } from '../engine/event.js';
import type { MissingEvent, QueryResult } from '../engine/results.js';
import { isNoHandlerError } from '../es/capabilities.js';
import { EqlApiUnavailableError, EsError, type ShardFailure, toEsError } from '../es/errors.js';
import { timeRangeFilter, type TimeRange } from '../translate/time-range.js';

type Query = estypes.QueryDslQueryContainer;

export interface EqlRequestOptions {
  query: string;
  /** Prebuilt filters (rule filters, the translated query...), all required. */
  filter?: Query | Query[];
  timeRange?: TimeRange;
  /** Kibana's timestamp override for the time range (see es-search-source.ts); ordering keeps `timestampField`. */
  timestampOverride?: string;
  timestampOverrideFallbackDisabled?: boolean;
  /** Exception items: a document matching any of them is excluded (`must_not`). */
  exceptions?: Query[];
  /** Results to return; Elasticsearch's default is 10. */
  size?: number;
  fields?: estypes.EqlSearchRequest['fields'];
  timestampField?: string;
  tiebreakerField?: string | null;
  eventCategoryField?: string;
  allowPartialSearchResults?: boolean;
  allowPartialSequenceResults?: boolean;
  maxSamplesPerKey?: number;
  resultPosition?: 'head' | 'tail';
}

/** The `_eql/search` body (no index: that goes in the path). Only options that were given are sent. */
export type EqlRequestBody = Omit<estypes.EqlSearchRequest, 'index'>;

export function buildEqlRequest(o: EqlRequestOptions): EqlRequestBody {
  const body: EqlRequestBody = { query: o.query };
  const filter: Query[] = o.filter === undefined ? [] : Array.isArray(o.filter) ? [...o.filter] : [o.filter];
  if (o.timeRange && (o.timeRange.gte !== undefined || o.timeRange.lte !== undefined))
    filter.push(
      timeRangeFilter(
        o.timeRange,
        o.timestampField ?? '@timestamp',
        o.timestampOverride,
        o.timestampOverrideFallbackDisabled,
      ),
    );
  const mustNot = o.exceptions ?? [];
  if (filter.length > 0 || mustNot.length > 0) {
    const bool: estypes.QueryDslBoolQuery = {};
    if (filter.length > 0) bool.filter = filter;
    if (mustNot.length > 0) bool.must_not = mustNot;
    body.filter = { bool };
  }
  if (o.size !== undefined) body.size = o.size;
  if (o.fields !== undefined) body.fields = o.fields;
  if (o.timestampField !== undefined) body.timestamp_field = o.timestampField;
  if (o.tiebreakerField) body.tiebreaker_field = o.tiebreakerField;
  if (o.eventCategoryField !== undefined) body.event_category_field = o.eventCategoryField;
  if (o.allowPartialSearchResults !== undefined)
    body.allow_partial_search_results = o.allowPartialSearchResults;
  if (o.allowPartialSequenceResults !== undefined)
    body.allow_partial_sequence_results = o.allowPartialSequenceResults;
  if (o.maxSamplesPerKey !== undefined) body.max_samples_per_key = o.maxSamplesPerKey;
  if (o.resultPosition !== undefined) body.result_position = o.resultPosition;
  return body;
}

export interface EqlMapOptions {
  /**
   * What `hits.sequences` holds: Elasticsearch returns samples there too, so the caller (who parsed the query)
   * says which. Default `sequence`.
   */
  kind?: 'sequence' | 'sample';
  timestampField?: string;
  tiebreakerField?: string | null;
  schema?: Schema;
}

export interface EqlResult {
  results: QueryResult[];
  shardFailures: ShardFailure[];
  isPartial: boolean;
  timedOut: boolean;
  took?: number;
}

interface RawHit {
  _index?: string;
  _id?: string;
  _source?: Record<string, unknown>;
  missing?: boolean;
  fields?: Record<string, unknown[]>;
}

interface RawBody {
  is_partial?: boolean;
  timed_out?: boolean;
  took?: number;
  shard_failures?: ShardFailure[];
  hits?: { events?: RawHit[]; sequences?: Array<{ join_keys?: unknown[]; events?: RawHit[] }> };
}

/**
 * A `![...]` stage's placeholder. Elasticsearch writes `{"_index": "", "_id": "", "missing": true}`; a hit with
 * an empty index, or with neither an id nor a `_source`, is taken as one too (nothing else could produce it).
 */
function isMissingHit(h: RawHit): boolean {
  return h.missing === true || h._index === '' || (!h._id && h._source === undefined);
}

export function mapEqlResponse(body: unknown, opts: EqlMapOptions = {}): EqlResult {
  const b = (body ?? {}) as RawBody;
  const tsField = opts.timestampField ?? '@timestamp';
  const tbField = opts.tiebreakerField ?? null;
  let seq = 0;
  const toEvent = (h: RawHit): EngineEvent | MissingEvent => {
    if (isMissingHit(h)) {
      seq++;
      return { missing: true, index: '' };
    }
    const source = h._source ?? {};
    // the ordinal reads _source; values only in `fields` (runtime fields, or _source disabled) are merged in
    const forOrdinal = withFieldValues(source, h.fields, [tsField, tbField]);
    const ordinal = makeOrdinal(forOrdinal, seq++, {
      timestampField: tsField,
      tiebreakerField: tbField,
      schema: opts.schema,
      timestampOptional: true,
    })!;
    return { index: h._index ?? '', id: h._id ?? '', source, ordinal };
  };
  const results: QueryResult[] = [];
  for (const h of b.hits?.events ?? []) {
    const e = toEvent(h);
    // an event query has no missing stages; a placeholder here would be a malformed response
    if ('missing' in e)
      throw new EsError('ES_EQL_RESPONSE', 'the EQL response holds a missing event outside a sequence');
    results.push({ kind: 'event', event: e });
  }
  const kind = opts.kind ?? 'sequence';
  for (const s of b.hits?.sequences ?? [])
    results.push({ kind, joinKeys: s.join_keys ?? [], events: (s.events ?? []).map(toEvent) });
  return {
    results,
    shardFailures: b.shard_failures ?? [],
    isPartial: b.is_partial === true,
    timedOut: b.timed_out === true,
    ...(typeof b.took === 'number' ? { took: b.took } : {}),
  };
}

function withFieldValues(
  source: Record<string, unknown>,
  fields: Record<string, unknown[]> | undefined,
  names: Array<string | null>,
): Record<string, unknown> {
  if (!fields) return source;
  let out = source;
  for (const name of names) {
    if (!name || readSourcePath(source, name) !== undefined) continue;
    const v = fields[name];
    if (!Array.isArray(v) || v.length === 0) continue;
    if (out === source) out = { ...source };
    out[name] = v[0];
  }
  return out;
}

export interface RunEqlOptions {
  /** Default true, as for the search source. */
  ignoreUnavailable?: boolean;
  allowNoIndices?: boolean;
  map?: EqlMapOptions;
  /** Cancels the request (a rule's timeout). */
  signal?: AbortSignal;
}

/**
 * Runs one EQL search. Fails with `EqlApiUnavailableError` when the cluster has no EQL API, and with an
 * `EsError` (message from `describeEsError`, never the request) for anything else.
 */
export async function runEqlSearch(
  client: Client,
  index: string[],
  request: EqlRequestBody,
  opts: RunEqlOptions = {},
): Promise<EqlResult> {
  const target = index.join(',');
  let res: unknown;
  try {
    res = await client.eql.search(
      {
        index,
        ignore_unavailable: opts.ignoreUnavailable ?? true,
        allow_no_indices: opts.allowNoIndices ?? true,
        ...request,
      },
      { signal: opts.signal },
    );
  } catch (e) {
    if (isNoHandlerError(e))
      throw new EqlApiUnavailableError(`POST ${target}/_eql/search`, { statusCode: 400 });
    throw toEsError(e, `EQL search on ${target}`, 'ES_EQL');
  }
  return mapEqlResponse(res, {
    timestampField: request.timestamp_field ?? '@timestamp',
    tiebreakerField: request.tiebreaker_field ?? null,
    ...opts.map,
  });
}
