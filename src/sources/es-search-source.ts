/**
 * Events from Elasticsearch by plain search, in the order the engine needs: (timestamp, tiebreaker, arrival).
 *
 * One point in time (PIT) is opened over the index patterns and paged with `search_after`, so every document is
 * read exactly once from one consistent view, however many pages it takes and whatever is indexed meanwhile.
 * Pages are fetched as the consumer pulls: memory holds one page. The PIT is closed when the generator ends,
 * fails or is abandoned.
 *
 * The timestamp is sorted as `date_nanos` and returned as a nanosecond ISO string, so that `date` and
 * `date_nanos` indices sort together and nanoseconds survive JSON (an epoch-nanos number would not).
 */
import type { Client, estypes } from '@elastic/elasticsearch';
import { describeEsError } from '../es/client.js';
import { EsError, firstShardFailure, toEsError } from '../es/errors.js';
import { unreadableError } from '../es/privileges.js';
import { timeRangeFilter, type TimeRange } from '../translate/time-range.js';
import type { Schema } from '../mapping/schema.js';
import { makeOrdinal, parseTimestamp } from '../engine/ordinal.js';
import type { EngineEvent, Ordinal } from '../engine/event.js';

type Query = estypes.QueryDslQueryContainer;
type SortValue = estypes.FieldValue;

export { timeRangeFilter, type TimeRange };

export interface SearchEventsOptions {
  client: Client;
  /** Index names or patterns (wildcards allowed). */
  index: string[];
  /** Query DSL (from the translator); match_all when absent. Applied as a filter: scores are never needed. */
  query?: Query;
  /**
   * More required clauses beside `query` (a rule's filters and exceptions `must_not`, the alerts-index guard):
   * added to the same `bool.filter`, as Kibana adds them to the EQL request's `filter`.
   */
  filter?: Query[];
  timeRange?: TimeRange;
  /** Defaults to `@timestamp`. */
  timestampField?: string;
  /**
   * Kibana's timestamp override: the time range applies to this field instead, and to `timestampField` for
   * documents that lack it (unless `timestampOverrideFallbackDisabled`). Ordering still uses `timestampField`.
   */
  timestampOverride?: string;
  timestampOverrideFallbackDisabled?: boolean;
  tiebreakerField?: string | null;
  /** Hits per request; default 1000. */
  pageSize?: number;
  /** `_source` fields to fetch (the timestamp and tiebreaker are added), or `true` (default) for all. */
  sourceIncludes?: string[] | true;
  /** PIT keep-alive between pages; default `1m`. */
  keepAlive?: string;
  /** Missing concrete indices are skipped instead of failing; default true. */
  ignoreUnavailable?: boolean;
  /** Patterns matching nothing give no events instead of failing; default true. */
  allowNoIndices?: boolean;
  /**
   * Default true. `false` for sample queries, which need no timestamp: documents are read in `_shard_doc`
   * order (deterministic for one PIT) whether or not they have a timestamp, and the ordinal is read from
   * `_source` (ts 0 when there is none), as the offline source does.
   */
  sortByTimestamp?: boolean;
  /**
   * Sort the timestamp with nanosecond resolution (needed when some index maps it as date_nanos; fails on `date`
   * values before 1970 or after 2262). Default: true unless `schema` maps the timestamp as `date`.
   */
  timestampNanos?: boolean;
  /** Mapping of the searched indices (every index merged, as loadSchema gives it): the tiebreaker's type for shards where it is unmapped, ordinals from `_source`. */
  schema?: Schema;
  /** Called for each warning (also collected in `stats.warnings`). */
  onWarning?: (message: string) => void;
  /** Cancels the requests in flight (a rule's timeout); the point in time is still closed. */
  signal?: AbortSignal;
}

export interface SearchStats {
  /** Search requests that returned (the last one may be empty). */
  pages: number;
  /** Hits received. */
  hits: number;
  /** Events yielded (hits with a usable timestamp). */
  events: number;
  /** Hits dropped because their sort timestamp could not be read. */
  withoutTimestamp: number;
  /** Sum of Elasticsearch's own `took` (milliseconds). */
  esTookMs: number;
  /** Wall time spent waiting for Elasticsearch (open, pages, close), milliseconds. */
  requestMs: number;
  /** Shards the PIT covers; 0 when no index matched. */
  shards: number;
  /** The latest PIT id (for diagnostics and tests); undefined before the PIT opens. */
  pitId?: string;
  pitClosed: boolean;
  warnings: string[];
}

export function newSearchStats(): SearchStats {
  return {
    pages: 0,
    hits: 0,
    events: 0,
    withoutTimestamp: 0,
    esTookMs: 0,
    requestMs: 0,
    shards: 0,
    pitClosed: false,
    warnings: [],
  };
}

/** Nanosecond ISO output for sort values; accepted back in `search_after`. */
const SORT_DATE_FORMAT = 'strict_date_optional_time_nanos';

/**
 * Sorting as `date_nanos` merges date and date_nanos indices, but Elasticsearch then fails on `date` values
 * outside 1970..2262: so nanos only when a searched index maps the timestamp as date_nanos (or, without a
 * schema, by default).
 */
function timestampNanos(opts: SearchEventsOptions): boolean {
  if (opts.timestampNanos !== undefined) return opts.timestampNanos;
  const type = opts.schema?.resolve(opts.timestampField ?? '@timestamp')?.type;
  return type === undefined || type === 'date_nanos';
}

/** The `sort` of every page. */
export function searchSort(opts: SearchEventsOptions): estypes.SortCombinations[] {
  const sort: estypes.SortCombinations[] = [];
  if (opts.sortByTimestamp ?? true) {
    const tb = opts.tiebreakerField;
    sort.push({
      [opts.timestampField ?? '@timestamp']: {
        order: 'asc',
        format: SORT_DATE_FORMAT,
        numeric_type: timestampNanos(opts) ? 'date_nanos' : 'date',
        // an index without the field must not fail its shards (its documents are filtered out anyway)
        unmapped_type: 'date',
      },
    });
    if (tb) {
      const type = opts.schema?.resolve(tb)?.type;
      sort.push({ [tb]: { order: 'asc', unmapped_type: type && type !== 'object' ? type : 'long' } });
    }
  }
  sort.push({ _shard_doc: 'asc' });
  return sort;
}

/** The query of every page: the caller's query, the time range and, when sorting by time, a timestamp. */
export function searchQuery(opts: SearchEventsOptions): Query {
  const tsField = opts.timestampField ?? '@timestamp';
  const filter: Query[] = [];
  if (opts.query) filter.push(opts.query);
  if (opts.filter) filter.push(...opts.filter);
  if (opts.timeRange && (opts.timeRange.gte !== undefined || opts.timeRange.lte !== undefined))
    filter.push(
      timeRangeFilter(
        opts.timeRange,
        tsField,
        opts.timestampOverride,
        opts.timestampOverrideFallbackDisabled,
      ),
    );
  // EQL ignores events without a timestamp; without this filter they would sort last with a bogus value
  if (opts.sortByTimestamp ?? true) filter.push({ exists: { field: tsField } });
  return filter.length === 0 ? { match_all: {} } : { bool: { filter } };
}

function sourceFilter(opts: SearchEventsOptions): estypes.SearchSourceConfig {
  const inc = opts.sourceIncludes;
  if (inc === undefined || inc === true) return true;
  const fields = new Set(inc);
  fields.add(opts.timestampField ?? '@timestamp');
  if (opts.tiebreakerField) fields.add(opts.tiebreakerField);
  return { includes: [...fields] };
}

/**
 * A sort value Elasticsearch gives a document without the field (ascending, missing last): Long.MAX_VALUE for
 * integer and date types, "Infinity" for floating types, null for keywords. The engine's ordinal says null.
 */
/** Long.MAX_VALUE as JSON.parse reads it (2^63). */
const LONG_MAX_AS_DOUBLE = 2 ** 63;

function tiebreakerOf(v: SortValue | undefined): string | number | null {
  if (v === undefined || v === null) return null;
  if (typeof v === 'number') return v >= LONG_MAX_AS_DOUBLE ? null : v;
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (v === 'Infinity') return null;
  return String(v);
}

export async function* searchEvents(
  opts: SearchEventsOptions,
  stats: SearchStats = newSearchStats(),
): AsyncGenerator<EngineEvent> {
  const { client } = opts;
  const target = opts.index.join(',');
  const keepAlive = opts.keepAlive ?? '1m';
  const pageSize = opts.pageSize ?? 1000;
  const byTime = opts.sortByTimestamp ?? true;
  const warn = (m: string) => {
    stats.warnings.push(m);
    opts.onWarning?.(m);
  };
  const timed = async <T>(p: Promise<T>): Promise<T> => {
    const t0 = performance.now();
    try {
      return await p;
    } finally {
      stats.requestMs += performance.now() - t0;
    }
  };

  let pitId: string;
  try {
    const pit = await timed(
      client.openPointInTime(
        { index: opts.index, keep_alive: keepAlive, ignore_unavailable: opts.ignoreUnavailable ?? true },
        { querystring: { allow_no_indices: opts.allowNoIndices ?? true }, signal: opts.signal },
      ),
    );
    pitId = pit.id;
    stats.shards = pit._shards?.total ?? 0;
  } catch (e) {
    throw toEsError(e, `opening a point in time on ${target}`, 'ES_SEARCH');
  }
  stats.pitId = pitId;

  let pending: Promise<estypes.SearchResponse<Record<string, unknown>>> | undefined;
  try {
    if (stats.shards === 0) {
      const forbidden = await unreadableError(client, [opts.index].flat(), `searching ${target}`);
      if (forbidden) throw forbidden;
      warn(`no index matches ${target}: nothing to search`);
      return;
    }
    const sort = searchSort(opts);
    const query = searchQuery(opts);
    const source = sourceFilter(opts);
    const ordinalOpts = {
      timestampField: opts.timestampField ?? '@timestamp',
      tiebreakerField: opts.tiebreakerField ?? null,
      schema: opts.schema,
      timestampOptional: true,
    };
    let seq = 0;
    const fetchPage = async (searchAfter: SortValue[] | undefined) => {
      try {
        return await timed(
          client.search<Record<string, unknown>>(
            {
              pit: { id: pitId, keep_alive: keepAlive },
              size: pageSize,
              sort,
              query,
              _source: source,
              track_total_hits: false,
              allow_partial_search_results: false,
              ...(searchAfter ? { search_after: searchAfter } : {}),
            },
            { signal: opts.signal },
          ),
        );
      } catch (e) {
        throw toEsError(e, `searching ${target}`, 'ES_SEARCH');
      }
    };
    // The next page is requested as soon as this one arrives, so Elasticsearch works while the consumer
    // evaluates: memory holds at most two pages.
    pending = fetchPage(undefined);
    while (pending) {
      const res = await pending;
      pending = undefined;
      if (res.pit_id) pitId = stats.pitId = res.pit_id;
      stats.pages++;
      stats.esTookMs += res.took ?? 0;
      if ((res._shards?.failed ?? 0) > 0) {
        const why = firstShardFailure(res);
        throw new EsError(
          'ES_SHARD_FAILURE',
          `searching ${target}: ${res._shards.failed} of ${res._shards.total} shards failed${why ? ` — ${why}` : ''}`,
        );
      }
      if (res.timed_out) throw new EsError('ES_TIMEOUT', `searching ${target}: the search timed out`);
      const hits = res.hits.hits;
      stats.hits += hits.length;
      if (hits.length === pageSize) {
        const searchAfter = hits[hits.length - 1]!.sort;
        if (!searchAfter) throw new Error('search returned hits without sort values');
        pending = fetchPage(searchAfter);
        // settled in `finally` if the consumer stops first; never an unhandled rejection meanwhile
        pending.catch(() => undefined);
      }
      for (const hit of hits) {
        const source = hit._source ?? {};
        let ordinal: Ordinal | null;
        if (byTime) {
          const ts = parseTimestamp(hit.sort?.[0]);
          ordinal = ts
            ? {
                ts: ts[0],
                nanos: ts[1],
                tiebreaker: opts.tiebreakerField ? tiebreakerOf(hit.sort?.[1]) : null,
                seq,
              }
            : null;
        } else {
          ordinal = makeOrdinal(source, seq, ordinalOpts);
        }
        seq++;
        if (!ordinal) {
          stats.withoutTimestamp++;
          continue;
        }
        stats.events++;
        yield { index: hit._index, id: hit._id ?? '', source, ordinal };
      }
    }
  } finally {
    // a page still in flight must finish before its PIT is closed; its outcome no longer matters
    if (pending) await pending.catch(() => undefined);
    // a failure to close must not replace the error (or the result) that got us here: it only warns
    try {
      await timed(client.closePointInTime({ id: pitId }));
      stats.pitClosed = true;
    } catch (e) {
      warn(
        `could not close the point in time on ${target} (it expires after ${keepAlive}): ${describeEsError(e)}`,
      );
    }
  }
}
