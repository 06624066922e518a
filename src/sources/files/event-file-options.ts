/** What a read of event files is asked to do: the files, how their events are ordered, filtered and bounded. */
import type { Schema } from '../../mapping/schema.js';
import type { EngineEvent, Ordinal } from '../../engine/event.js';
import type { TextPrefilter } from '../../prefilter/text-prefilter.js';
import type { ReadCutoff } from './read-cutoff.js';

export interface EventFileOptions {
  files: string[];
  timestampField?: string;
  tiebreakerField?: string | null;
  schema?: Schema;
  /**
   * Per-index mappings (`--mapping` with several): an event's timestamp is read with its index's schema, `schema`
   * when this gives none.
   */
  schemaFor?: (index: string) => Schema | undefined;
  /** Lines for which this returns false are skipped unparsed (see prefilter/text-prefilter.ts). */
  prefilter?: TextPrefilter | null;
  /**
   * Parsed events for which this returns false are dropped before they are ordered (see Executor.wants): the
   * reorder buffer then holds only events that matter, instead of keeping every parsed one alive for a while.
   */
  wanted?: ((e: EngineEvent) => boolean) | null;
  /** Events outside the time range (`--from`/`--to`, see engine/event-range.ts) are dropped first, and counted. */
  inRange?: ((source: Record<string, unknown>, ordinal: Ordinal, index: string) => boolean) | null;
  /** `stream` (default) needs nearly sorted files; `external` sorts anything through temp files. */
  sort?: 'stream' | 'external';
  /** How far out of order an event may be (in wanted events) and still be streamed; see REORDER_WINDOWS. */
  reorderWindow?: number;
  /** Records per sorted run in external mode. */
  runSize?: number;
  /** Events per batch out of a merge of several files or runs (default 1,024). */
  mergeBatch?: number;
  /** Events without a timestamp are allowed (sample queries); they sort first. */
  timestampOptional?: boolean;
  /** The largest record, in UTF-8 bytes (see record-size.ts). */
  maxRecordSize?: number;
  /** A record that is not an event is an error, not counted and skipped; every record is parsed to tell. */
  strict?: boolean;
  /** Set by the consumer once it stops using events (see ReadCutoff); a streamed read then only checks order. */
  cutoff?: ReadCutoff;
}
