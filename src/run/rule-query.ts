/**
 * The query run of one rule execution, on any engine (raw search, the EQL API, event files), as Kibana's EQL
 * executor makes its one `_eql/search` (../shared/reference/kibana-detection-engine.md §1):
 * - the window is a filter on `timestamp_override` with the `@timestamp` fallback (Kibana's primary and secondary
 *   timestamps: the fallback is `@timestamp` whatever `timestamp_field` says), while events are still ordered,
 *   and sequences formed, by `timestamp_field`;
 * - the rule's filters and exceptions (`filter`, built by the caller) join the same `bool.filter`; over files the
 *   same semantics come as `keep`;
 * - alerts indices are never read (own-indices.ts);
 * - results are the most recent matches: `result_position: tail`, up to EXECUTION_SIZE.
 */
import type { Client, estypes } from '@elastic/elasticsearch';
import type { Statement } from '../eql/syntax/ast.js';
import type { QueryResult } from '../engine/results.js';
import { compileEventTimeRange } from '../engine/event-range.js';
import { timeRangeFilter } from '../translate/time-range.js';
import { queryCluster, type EngineChoice } from './es-auto.js';
import { queryEventFiles } from './offline.js';
import { isOwnIndex, ownIndicesFilter } from './own-indices.js';

type Query = estypes.QueryDslQueryContainer;

/**
 * Matches fetched per execution: the EQL API's most (`index.max_result_window`). Kibana asks for max_signals; this
 * runner asks for more so that the alerts already written are dropped before the max_signals cap (selectNew), as
 * the issue requires: a window whose newest matches were all written by the previous run still yields the older
 * ones it has not written.
 */
export const EXECUTION_SIZE = 10_000;

/** `timestamp_override`'s fallback field: Kibana's secondary timestamp. */
const FALLBACK_TIMESTAMP = '@timestamp';

export type RuleEventSource =
  | { kind: 'cluster'; client: Client; engine: EngineChoice; esMajor?: number }
  | { kind: 'files'; paths: string[]; emptyMeansNone?: boolean };

export interface RuleQueryInput {
  stmt: Statement;
  source: RuleEventSource;
  /** Both ends included. */
  window: { start: Date; end: Date };
  index: string[];
  /** Orders events (`timestamp_field`, default `@timestamp`). */
  timestampField: string;
  timestampOverride?: string;
  timestampOverrideFallbackDisabled?: boolean;
  tiebreakerField?: string;
  eventCategoryField: string;
  /** The rule's filters and exceptions as one required clause (null: none). */
  filter: Query | null;
  /** The same, for files. */
  keep?: (source: Record<string, unknown>) => boolean;
  /** More indices the runner writes to (the alerts target, state, execution log), never read. */
  excludeIndices?: string[];
  size?: number;
  signal?: AbortSignal;
  onWarning?: (message: string) => void;
}

export interface RuleQueryRun {
  results: QueryResult[];
  engine: 'search' | 'eql' | 'files';
  /** Why this engine (`--engine search`, `auto: …`, `files`). */
  chosenBy: string;
  /** Events read and handed to correlation (the EQL API says only how many its results hold). */
  eventsScanned: number;
}

/** The window's range clause, exactly as Kibana's buildTimeRangeFilter. */
export function windowFilter(
  input: Pick<RuleQueryInput, 'window' | 'timestampOverride' | 'timestampOverrideFallbackDisabled'>,
): Query {
  return timeRangeFilter(
    { gte: input.window.start.toISOString(), lte: input.window.end.toISOString() },
    FALLBACK_TIMESTAMP,
    input.timestampOverride,
    input.timestampOverrideFallbackDisabled === true,
  ) as Query;
}

export async function runRuleQuery(input: RuleQueryInput): Promise<RuleQueryRun> {
  const size = input.size ?? EXECUTION_SIZE;
  const settings = {
    timestampField: input.timestampField,
    tiebreakerField: input.tiebreakerField ?? null,
    eventCategoryField: input.eventCategoryField,
    size,
    resultPosition: 'tail' as const,
  };
  if (input.source.kind === 'files') {
    const inWindow = compileEventTimeRange(
      { gte: input.window.start.getTime(), lte: input.window.end.getTime() },
      {
        timestampField: FALLBACK_TIMESTAMP,
        timestampOverride: input.timestampOverride,
        timestampOverrideFallbackDisabled: input.timestampOverrideFallbackDisabled,
        // read from `_source`: the ordinal is timestamp_field's, the window is the override's
        timestampOptional: true,
      },
    );
    const keep = input.keep;
    const also = input.excludeIndices ?? [];
    const run = await queryEventFiles(input.stmt, {
      ...settings,
      events: input.source.paths,
      emptyDirsAreNone: input.source.emptyMeansNone,
      keep: (s, index) =>
        !isOwnIndex(index, also) &&
        inWindow(s, { ts: 0, nanos: 0, tiebreaker: null, seq: 0 }) &&
        (keep === undefined || keep(s)),
      signal: input.signal,
      onWarning: input.onWarning,
    });
    return {
      results: run.results,
      engine: 'files',
      chosenBy: 'files',
      eventsScanned: run.files.parsed - run.files.unwanted,
    };
  }
  const filter: Query[] = [windowFilter(input), ownIndicesFilter(input.excludeIndices)];
  if (input.filter) filter.push(input.filter);
  const run = await queryCluster(input.stmt, input.source.engine, {
    ...settings,
    client: input.source.client,
    index: input.index,
    filter,
    esMajor: input.source.esMajor,
    signal: input.signal,
    onWarning: input.onWarning,
  });
  return {
    results: run.results,
    engine: run.engine,
    chosenBy: run.chosenBy,
    eventsScanned: run.engine === 'search' ? run.search.events : eventsIn(run.results),
  };
}

function eventsIn(results: QueryResult[]): number {
  let n = 0;
  for (const r of results) n += r.kind === 'event' ? 1 : r.events.length;
  return n;
}
