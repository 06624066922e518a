/**
 * The baseline of the ES benchmark: a bare PIT + search_after scan that sends exactly the requests
 * `searchEvents` sends for the same options (same query, sort, `_source` filter, page size) and does nothing
 * with the hits beyond counting them. What the client does with a response (reading and JSON-parsing it) is
 * shared by both, so the difference from `queryViaSearch` is rule-runner's own work.
 */
import type { Client, estypes } from '@elastic/elasticsearch';
import { searchQuery, searchSort, type SearchEventsOptions } from '../src/sources/es-search-source.js';
import { loadSchema } from '../src/es/mappings.js';
import type { Statement } from '../src/eql/syntax/ast.js';
import { sourceFieldsFor, translateCandidates } from '../src/translate/index.js';

export interface ScanStats {
  hits: number;
  pages: number;
  /** Wall time waiting for the client (request, response, JSON parsing), milliseconds. */
  requestMs: number;
  esTookMs: number;
}

/** `searchEvents`'s `_source` filter (not exported there): the requested fields plus timestamp and tiebreaker. */
function sourceFilter(opts: SearchEventsOptions): estypes.SearchSourceConfig {
  const inc = opts.sourceIncludes;
  if (inc === undefined || inc === true) return true;
  const fields = new Set(inc);
  fields.add(opts.timestampField ?? '@timestamp');
  if (opts.tiebreakerField) fields.add(opts.tiebreakerField);
  return { includes: [...fields] };
}

/**
 * The `searchEvents` options `queryViaSearch` builds for a statement (same mapping load, same translation), for
 * the baseline to replay. Kept in step with src/run/es-search.ts by hand; the benchmark checks that both fetch
 * the same number of hits and pages.
 */
export async function candidateSearch(
  client: Client,
  stmt: Statement,
  s: { index: string[]; pageSize: number; timestampField: string; eventCategoryField: string },
): Promise<SearchEventsOptions> {
  const mapping = await loadSchema(client, s.index, { timestampField: s.timestampField });
  const ctx = { schema: mapping.schema, eventCategoryField: s.eventCategoryField, source: stmt.source };
  const candidates = translateCandidates(stmt, ctx);
  return {
    client,
    index: s.index,
    query: candidates.query,
    timestampField: s.timestampField,
    tiebreakerField: null,
    pageSize: s.pageSize,
    sourceIncludes: sourceFieldsFor(stmt, {
      schema: mapping.schema,
      timestampField: s.timestampField,
      eventCategoryField: s.eventCategoryField,
    }),
    sortByTimestamp: true,
    schema: mapping.schema,
  };
}

export async function bareScan(opts: SearchEventsOptions): Promise<ScanStats> {
  const { client } = opts;
  const keepAlive = opts.keepAlive ?? '1m';
  const pageSize = opts.pageSize ?? 1000;
  const stats: ScanStats = { hits: 0, pages: 0, requestMs: 0, esTookMs: 0 };
  const timed = async <T>(p: Promise<T>): Promise<T> => {
    const t0 = performance.now();
    try {
      return await p;
    } finally {
      stats.requestMs += performance.now() - t0;
    }
  };
  const pit = await timed(
    client.openPointInTime(
      { index: opts.index, keep_alive: keepAlive, ignore_unavailable: opts.ignoreUnavailable ?? true },
      { querystring: { allow_no_indices: opts.allowNoIndices ?? true } },
    ),
  );
  let pitId = pit.id;
  const sort = searchSort(opts);
  const query = searchQuery(opts);
  const source = sourceFilter(opts);
  try {
    let searchAfter: estypes.FieldValue[] | undefined;
    for (;;) {
      const res = await timed(
        client.search<Record<string, unknown>>({
          pit: { id: pitId, keep_alive: keepAlive },
          size: pageSize,
          sort,
          query,
          _source: source,
          track_total_hits: false,
          allow_partial_search_results: false,
          ...(searchAfter ? { search_after: searchAfter } : {}),
        }),
      );
      if (res.pit_id) pitId = res.pit_id;
      stats.pages++;
      stats.esTookMs += res.took ?? 0;
      const hits = res.hits.hits;
      stats.hits += hits.length;
      if (hits.length < pageSize) break;
      searchAfter = hits[hits.length - 1]!.sort;
    }
  } finally {
    await timed(client.closePointInTime({ id: pitId }));
  }
  return stats;
}
