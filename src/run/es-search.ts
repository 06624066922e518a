/**
 * The raw-search engine: the query's conditions are pushed down as Query DSL, candidate events are paged from
 * Elasticsearch in order, and rule-runner's own engine re-checks and correlates them. Works on any cluster.
 */
import type { Client, estypes } from '@elastic/elasticsearch';
import type { Statement } from '../eql/syntax/ast.js';
import { verify } from '../eql/verify/verify.js';
import { UserError } from '../errors.js';
import { tiebreakerProblem } from '../engine/check-query.js';
import { createExecutor, run } from '../engine/executor.js';
import type { ExecuteOptions, MatcherStats, QueryResult } from '../engine/results.js';
import type { EngineEvent } from '../engine/event.js';
import { loadSchema } from '../es/mappings.js';
import {
  newSearchStats,
  searchEvents,
  type SearchStats,
  type TimeRange,
} from '../sources/es-search-source.js';
import { sourceFieldsFor, translateCandidates } from '../translate/index.js';
import { executeOptions, type QuerySettings } from './settings.js';

export interface EsQueryOptions extends QuerySettings {
  client: Client;
  index: string[];
  timeRange?: TimeRange;
  /**
   * Required Query DSL clauses besides the query's own (a rule's filters, its exceptions as `must_not`): the
   * search's `bool.filter`, the EQL request's `filter`.
   */
  filter?: estypes.QueryDslQueryContainer[];
  timestampOverride?: string;
  timestampOverrideFallbackDisabled?: boolean;
  pageSize?: number;
  /** Fetch whole `_source` documents (default) or only the fields the query and output need. */
  wholeEvents?: boolean;
  /** Extra `_source` fields to fetch when not fetching whole events (e.g. what alerts copy). */
  extraFields?: string[];
  /**
   * The cluster's major version, where the engine's own answers must follow it: `regex~` folds ASCII letters only
   * before 9. Default: as 9.
   */
  esMajor?: number;
  onWarning?: (message: string) => void;
  /** Cancels the cluster requests (a rule's timeout). */
  signal?: AbortSignal;
}

export interface EsSearchRun {
  engine: 'search';
  results: QueryResult[];
  search: SearchStats;
  matcher: MatcherStats;
  /** True when the pushed-down query was exact for every stage (the engine re-checks either way). */
  pushdownExact: boolean;
  notPushed: string[];
  warnings: string[];
}

/** What a raw search needs before its first page: the mapping checked, the pushdown, the engine's options. */
export interface PreparedSearch {
  mapping: Awaited<ReturnType<typeof loadSchema>>;
  candidates: ReturnType<typeof translateCandidates>;
  /** The engine's options for these indices (their schemas, the cluster's regex case folding). */
  execute: ExecuteOptions;
  /** The candidate events in order; none when no index matched (loadSchema warned so). */
  events(stats: SearchStats): AsyncGenerator<EngineEvent>;
}

export async function prepareSearch(
  stmt: Statement,
  opts: EsQueryOptions,
  warn: (m: string) => void,
): Promise<PreparedSearch> {
  const isSample = stmt.query.type === 'sample';
  const mapping = await loadSchema(opts.client, opts.index, {
    timestampField: isSample ? null : opts.timestampField,
  });
  // the mapping request takes no signal: a run cancelled meanwhile stops before its search
  opts.signal?.throwIfAborted();
  mapping.warnings.forEach(warn);
  if (mapping.schema) verify(stmt, { schema: mapping.schema });
  const tiebreaker =
    mapping.schema && opts.tiebreakerField
      ? tiebreakerProblem(mapping.schema, opts.tiebreakerField, false)
      : null;
  if (tiebreaker)
    throw new UserError('TIEBREAKER_INVALID', `tiebreaker field ${opts.tiebreakerField}: ${tiebreaker}`);
  const ctx = { schema: mapping.schema, eventCategoryField: opts.eventCategoryField, source: stmt.source };
  const candidates = translateCandidates(stmt, ctx);
  const execute: ExecuteOptions = {
    ...executeOptions(opts, mapping.schema, mapping.indices.length > 1 ? mapping.schemaFor : undefined),
    regexCaseFolding: opts.esMajor !== undefined && opts.esMajor < 9 ? 'ascii' : 'unicode',
  };
  const events = async function* (stats: SearchStats): AsyncGenerator<EngineEvent> {
    if (mapping.indices.length === 0) return;
    yield* searchEvents(
      {
        client: opts.client,
        index: opts.index,
        query: candidates.query,
        filter: opts.filter,
        timeRange: opts.timeRange,
        timestampField: opts.timestampField,
        timestampOverride: opts.timestampOverride,
        timestampOverrideFallbackDisabled: opts.timestampOverrideFallbackDisabled,
        tiebreakerField: opts.tiebreakerField ?? null,
        pageSize: opts.pageSize,
        sourceIncludes:
          opts.wholeEvents === false
            ? sourceFieldsFor(stmt, {
                schema: mapping.schema,
                timestampField: opts.timestampField,
                tiebreakerField: opts.tiebreakerField ?? undefined,
                eventCategoryField: opts.eventCategoryField,
                extra: opts.extraFields,
              })
            : true,
        sortByTimestamp: !isSample,
        schema: mapping.schema,
        onWarning: warn,
        signal: opts.signal,
      },
      stats,
    );
  };
  return { mapping, candidates, execute, events };
}

export async function queryViaSearch(stmt: Statement, opts: EsQueryOptions): Promise<EsSearchRun> {
  const warnings: string[] = [];
  const warn = (m: string) => {
    warnings.push(m);
    opts.onWarning?.(m);
  };
  const prepared = await prepareSearch(stmt, opts, warn);
  const executor = createExecutor(stmt, prepared.execute);
  const search = newSearchStats();
  const results: QueryResult[] = [];
  for await (const r of run(executor, prepared.events(search))) results.push(r);
  return {
    engine: 'search',
    results,
    search,
    matcher: executor.stats(),
    pushdownExact: prepared.candidates.exact,
    notPushed: prepared.candidates.notPushed,
    warnings,
  };
}
