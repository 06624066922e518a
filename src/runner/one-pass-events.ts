/**
 * Where a one-pass backfill reads its range: one raw search over the whole range (one point in time, paged in
 * order, the rule's conditions pushed down as the windowed execution's search pushes them), or one read of the
 * event files. Either gives the events of every step's window once, in the engine's order, in batches, with the
 * engine options a windowed execution over the same indices would use (their mapping, the cluster's case folding).
 */
import type { Client, estypes } from '@elastic/elasticsearch';
import type { EngineEvent } from '../engine/event.js';
import { compileEventTimeRange } from '../engine/event-range.js';
import { parse } from '../eql/index.js';
import { buildTextPrefilter } from '../prefilter/text-prefilter.js';
import type { LoadedRule } from '../rules/loaded-rule.js';
import { prepareSearch } from '../run/es-search.js';
import { ownIndicesFilter } from '../run/own-indices.js';
import { windowFilter } from '../run/rule-query.js';
import { newSearchStats, type SearchStats } from '../sources/es-search-source.js';
import { expandEventPaths } from '../sources/files/event-files.js';
import { readEventFileBatches } from '../sources/files/event-file-source.js';
import { batched } from '../sources/files/merge.js';
import { ruleIndex } from './execute-rule.js';
import type { SinglePassInput } from './single-pass.js';

export interface PassEvents {
  events: AsyncIterable<readonly EngineEvent[]>;
  engine?: SinglePassInput['engine'];
  /** Filled as the search pages (cluster only). */
  search?: SearchStats;
}

export interface PassRange {
  start: Date;
  end: Date;
}

const PAGE = 2000;

/**
 * The rule's filters and exceptions are pushed down only when they are the same at every step (`dsl` is then
 * their one clause); otherwise the pass tests them per step in memory (single-pass.ts), as their date math says.
 */
export async function clusterPassEvents(
  loaded: LoadedRule,
  range: PassRange,
  opts: {
    client: Client;
    dsl: estypes.QueryDslQueryContainer | null;
    excludeIndices?: string[];
    signal?: AbortSignal;
    onWarning?: (message: string) => void;
  },
): Promise<PassEvents> {
  const { rule } = loaded;
  const stmt = parse(rule.query);
  const filter = [
    windowFilter({
      window: range,
      timestampOverride: rule.timestamp_override,
      timestampOverrideFallbackDisabled: rule.timestamp_override_fallback_disabled,
    }),
    ownIndicesFilter(opts.excludeIndices),
  ];
  if (opts.dsl) filter.push(opts.dsl);
  const prepared = await prepareSearch(
    stmt,
    {
      client: opts.client,
      index: ruleIndex(loaded),
      filter,
      timestampField: rule.timestamp_field ?? '@timestamp',
      tiebreakerField: rule.tiebreaker_field ?? null,
      eventCategoryField: rule.event_category_override ?? 'event.category',
      timestampOverride: rule.timestamp_override,
      timestampOverrideFallbackDisabled: rule.timestamp_override_fallback_disabled,
      size: 1,
      pageSize: PAGE,
      signal: opts.signal,
    },
    (m) => opts.onWarning?.(m),
  );
  const search = newSearchStats();
  const { execute } = prepared;
  return {
    events: batched(prepared.events(search), 1000),
    engine: {
      schema: execute.schema,
      schemaFor: execute.schemaFor,
      regexCaseFolding: execute.regexCaseFolding,
    },
    search,
  };
}

/** Events of the files in the range; `external` sorts them first (files out of order beyond the reorder buffer). */
export function filePassEvents(
  loaded: LoadedRule,
  range: PassRange,
  opts: { paths: string[]; sort: 'stream' | 'external' },
): PassEvents {
  const { rule } = loaded;
  const stmt = parse(rule.query);
  const eventCategoryField = rule.event_category_override ?? 'event.category';
  const inRange = compileEventTimeRange(
    { gte: range.start.getTime(), lte: range.end.getTime() },
    {
      timestampField: '@timestamp',
      timestampOverride: rule.timestamp_override,
      timestampOverrideFallbackDisabled: rule.timestamp_override_fallback_disabled,
      timestampOptional: true,
    },
  );
  return {
    events: readEventFileBatches({
      files: expandEventPaths(opts.paths),
      timestampField: rule.timestamp_field ?? '@timestamp',
      tiebreakerField: rule.tiebreaker_field ?? null,
      prefilter: buildTextPrefilter(stmt.query, { eventCategoryField }),
      inRange,
      sort: opts.sort,
      timestampOptional: stmt.query.type === 'sample',
    }),
  };
}
