/** The EQL-API engine: the whole query runs inside Elasticsearch (`_eql/search`), results mapped to ours. */
import type { Statement } from '../eql/syntax/ast.js';
import type { QueryResult } from '../engine/results.js';
import { buildEqlRequest, runEqlSearch } from '../sources/es-eql-source.js';
import type { EsQueryOptions } from './es-search.js';

export interface EsEqlRun {
  engine: 'eql';
  results: QueryResult[];
  isPartial: boolean;
  shardFailures: number;
  tookMs?: number;
  warnings: string[];
}

export async function queryViaEqlApi(stmt: Statement, opts: EsQueryOptions): Promise<EsEqlRun> {
  const request = buildEqlRequest({
    query: stmt.source,
    filter: opts.filter,
    timeRange: opts.timeRange,
    timestampOverride: opts.timestampOverride,
    timestampOverrideFallbackDisabled: opts.timestampOverrideFallbackDisabled,
    size: opts.size,
    // always sent: Elasticsearch's default is tail, while `size` keeps the first results by search and offline
    // unless told otherwise (settings.ts), and every engine must return the same ones
    resultPosition: opts.resultPosition ?? 'head',
    timestampField: opts.timestampField,
    tiebreakerField: opts.tiebreakerField ?? null,
    eventCategoryField: opts.eventCategoryField,
    maxSamplesPerKey: opts.maxSamplesPerKey,
    allowPartialSearchResults: false,
  });
  const res = await runEqlSearch(opts.client, opts.index, request, {
    map: { kind: stmt.query.type === 'sample' ? 'sample' : 'sequence' },
    signal: opts.signal,
  });
  const warnings: string[] = [];
  if (res.shardFailures.length > 0)
    warnings.push(`${res.shardFailures.length} shard failure(s): results may be partial`);
  if (res.timedOut) warnings.push('the EQL search timed out: results may be partial');
  warnings.forEach((w) => opts.onWarning?.(w));
  return {
    engine: 'eql',
    results: res.results,
    isPartial: res.isPartial,
    shardFailures: res.shardFailures.length,
    ...(res.took !== undefined ? { tookMs: res.took } : {}),
    warnings,
  };
}
