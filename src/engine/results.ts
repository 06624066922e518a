/**
 * The execution engine's contract: events in (sorted by ordinal, see event.ts), query results out, shaped so
 * that they can be rendered exactly like an Elasticsearch EQL response.
 */
import type { EngineEvent } from './event.js';
import type { CaseFolding } from '../mapping/lucene-regex.js';
import type { Schema } from '../mapping/schema.js';

/** The placeholder Elasticsearch returns for a `![...]` stage: a hit without `_source`. */
export interface MissingEvent {
  missing: true;
  index: string;
}

/** Shape of an ES EQL response item (`hits.events[]` or `hits.sequences[].events[]`). */
export type Hit =
  { index: string; id: string; source: Record<string, unknown> } | { index: string; id: null; missing: true };

export type QueryResult =
  | { kind: 'event'; event: EngineEvent }
  | { kind: 'sequence' | 'sample'; joinKeys: unknown[]; events: Array<EngineEvent | MissingEvent> };

export interface ExecuteOptions {
  /** The mapping of everything searched (every index merged): verification, and which optional fields exist. */
  schema?: Schema;
  /**
   * One index's own mapping, when indices map fields differently (e.g. date formats): each index's events are
   * evaluated against it (falling back to `schema` when it returns undefined). Leave unset for a single index.
   */
  schemaFor?: (index: string) => Schema | undefined;
  /** Defaults to `event.category`. */
  eventCategoryField?: string;
  /** Defaults to `@timestamp`. */
  timestampField?: string;
  tiebreakerField?: string | null;
  /** Maximum number of results (events, sequences or samples); Elasticsearch's default is 10. */
  size?: number;
  /** Whether `size` keeps the first results (`head`, the default) or the last (`tail`, the EQL API's default). */
  resultPosition?: 'head' | 'tail';
  /** Samples per distinct join-key tuple; default 1. */
  maxSamplesPerKey?: number;
  /** How `regex~` folds case: as Elasticsearch 9 (default) or 8, whose answers differ beyond ASCII. */
  regexCaseFolding?: CaseFolding;
}

export interface MatcherStats {
  /** Events pushed into the executor. */
  eventsSeen: number;
  /** Stage filter matches (an event matching two stages counts twice), until and missing stages included. */
  stageHits: number;
  /** Extensions refused because the partial sequence started more than maxspan before the event. */
  rejectedByMaxspan: number;
  /** Partial sequences discarded by an `until` event with the same key. */
  rejectedByUntil: number;
  /** Partial sequences dropped by time because they can no longer complete within maxspan. */
  expiredByMaxspan: number;
  /** Complete candidate sequences discarded because a `![...]` event occurred. */
  rejectedByMissing: number;
  partialsAlive: number;
  partialsAlivePeak: number;
  /** Sequences (or samples) produced, before head/tail/size. */
  completed: number;
}

export interface Executor {
  push(e: EngineEvent): void;
  /**
   * `push` for each event in order, stopping once `done`; faster than a loop of `push` when the events are no
   * longer in cache (see prefetch.ts).
   */
  pushAll(events: readonly EngineEvent[]): void;
  /**
   * Whether `e` matches any stage, missing stage or `until`: pushing an event for which this is false changes
   * nothing. Pure and order-free, so a source may ask before it orders events and drop the rest early, where they
   * would otherwise wait in its reorder buffer long enough to be promoted to V8's old space.
   */
  wants(e: EngineEvent): boolean;
  /** Ends the input and returns the remaining results (all of them when nothing was drained before). */
  finish(): QueryResult[];
  /** Results already final, in order; lets a caller stream them before finish(). */
  drain(): QueryResult[];
  /** True when no further input can change the answer (e.g. `head N` reached): the caller may stop reading. */
  readonly done: boolean;
  stats(): MatcherStats;
}

export function isMissingEvent(e: EngineEvent | MissingEvent): e is MissingEvent {
  return (e as MissingEvent).missing === true;
}

export function toHit(e: EngineEvent | MissingEvent): Hit {
  if (isMissingEvent(e)) return { index: e.index, id: null, missing: true };
  return { index: e.index, id: e.id, source: e.source };
}
