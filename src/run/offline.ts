import type { Statement } from '../eql/syntax/ast.js';
import type { Schema } from '../mapping/schema.js';
import { createExecutor } from '../engine/executor.js';
import type { Ordinal } from '../engine/event.js';
import type { MatcherStats, QueryResult } from '../engine/results.js';
import { compareOrdinals } from '../engine/event.js';
import { expandEventPaths } from '../sources/files/event-files.js';
import {
  newEventFileStats,
  readEventFileBatches,
  ReadCutoff,
  REORDER_WINDOWS,
  UnsortedInputError,
  type EventFileStats,
} from '../sources/files/event-file-source.js';
import { DuplicateFilter } from '../engine/duplicates.js';
import { compileEventTimeRange, type EventTimeRange } from '../engine/event-range.js';
import { buildTextPrefilter, type TextPrefilter } from '../prefilter/text-prefilter.js';
import { executeOptions, type QuerySettings } from './settings.js';

export interface OfflineQueryOptions extends QuerySettings {
  events: string[];
  /** A directory with no event file yet is read as no events rather than refused (event-files.ts `emptyDirs`). */
  emptyDirsAreNone?: boolean;
  schema?: Schema;
  /**
   * Per-index mappings (a `--mapping` file of indices mapped differently): each event is read and evaluated with
   * its index's schema, as a cluster evaluates each shard with its own; `schema` (every index's merged) serves an
   * index `schemaFor` does not know, with a warning. `distinct` lists the schemas it gives.
   */
  perIndex?: { schemaFor: (index: string) => Schema | undefined; distinct: Schema[] };
  /** Called with each warning as it arises. */
  onWarning?: (message: string) => void;
  /** Only events in this range (`--from`/`--to`), as the cluster's range filter would return them. */
  timeRange?: EventTimeRange;
  timestampOverride?: string;
  timestampOverrideFallbackDisabled?: boolean;
  /**
   * Events for which this is false are dropped before correlation, as a cluster's extra filter drops them (a
   * rule's filters and exceptions, compiled to a test on `_source`); counted as unwanted.
   */
  keep?: (source: Record<string, unknown>, index: string) => boolean;
  /** Cancels the run between batches (a rule's timeout). */
  signal?: AbortSignal;
  /** Drop events whose `_source` repeats one read at the same timestamp (see sources/duplicates.ts). */
  dedup?: boolean;
  /** The largest record of an event file, in UTF-8 bytes (see sources/record-size.ts). */
  maxRecordSize?: number;
  /** A record that is not an event is an error (see sources/record-verdicts.ts). */
  strict?: boolean;
  /**
   * The reader's sizes, which tests make small: the reorder windows tried before the external sort (default
   * REORDER_WINDOWS), events per external sort run and per merged batch (see EventFileOptions).
   */
  buffers?: { reorderWindows?: readonly number[]; runSize?: number; mergeBatch?: number };
}

export interface OfflineQueryRun {
  engine: 'offline';
  results: QueryResult[];
  files: EventFileStats;
  matcher: MatcherStats;
}

function withReads(run: OfflineQueryRun, reads: number): OfflineQueryRun {
  run.files.reads = reads;
  return run;
}

/**
 * Runs a parsed statement over event files. Files out of order beyond the reorder window are read again with a
 * wider one, then through an external sort; results are only returned from the read that completed.
 */
export async function queryEventFiles(stmt: Statement, opts: OfflineQueryOptions): Promise<OfflineQueryRun> {
  const files = expandEventPaths(opts.events, { emptyDirs: opts.emptyDirsAreNone ? 'none' : 'error' });
  const schemaFor = opts.perIndex && noticingUnmapped(opts.perIndex.schemaFor, opts.onWarning);
  const prefilter = anyOfPrefilters(
    stmt,
    opts,
    opts.perIndex ? [opts.schema, ...opts.perIndex.distinct] : [opts.schema],
  );
  const timeRange = opts.timeRange;
  const keep = opts.keep;
  const rangeWith = (schema: Schema | undefined) =>
    compileEventTimeRange(timeRange!, {
      timestampField: opts.timestampField,
      timestampOverride: opts.timestampOverride,
      timestampOverrideFallbackDisabled: opts.timestampOverrideFallbackDisabled,
      schema,
      timestampOptional: stmt.query.type === 'sample',
    });
  const inRange =
    timeRange && (timeRange.gte !== undefined || timeRange.lte !== undefined)
      ? schemaFor
        ? byIndex((ix) => rangeWith(schemaFor(ix) ?? opts.schema))
        : rangeWith(opts.schema)
      : null;
  const attempt = async (sort: 'stream' | 'external', reorderWindow?: number): Promise<OfflineQueryRun> => {
    const executor = createExecutor(stmt, executeOptions(opts, opts.schema, schemaFor));
    const stats = newEventFileStats();
    // `| head 0` (or any zero limit): not one event is read
    if (executor.done)
      return { engine: 'offline', results: executor.finish(), files: stats, matcher: executor.stats() };
    const cutoff = new ReadCutoff();
    const batches = readEventFileBatches(
      {
        files,
        timestampField: opts.timestampField,
        tiebreakerField: opts.tiebreakerField ?? null,
        schema: opts.schema,
        schemaFor,
        prefilter,
        wanted: keep ? (e) => keep(e.source, e.index) && executor.wants(e) : (e) => executor.wants(e),
        inRange,
        sort,
        reorderWindow,
        runSize: opts.buffers?.runSize,
        mergeBatch: opts.buffers?.mergeBatch,
        cutoff,
        timestampOptional: stmt.query.type === 'sample',
        maxRecordSize: opts.maxRecordSize,
        strict: opts.strict,
      },
      stats,
    );
    const copies = opts.dedup ? new DuplicateFilter() : null;
    // one synchronous loop per batch: an await per event would cost more than evaluating it
    let last: Ordinal | null = null;
    outer: for await (const batch of batches) {
      opts.signal?.throwIfAborted();
      if (last === null) {
        for (const e of batch) {
          if (copies !== null && copies.isDuplicate(e)) continue;
          executor.push(e);
          if (executor.done) {
            // An external sort has given every event in order. A streamed read may still hold a wanted event
            // further on in a file that sorts before this one: it reads on to check (see ReadCutoff).
            if (sort === 'external') break outer;
            last = cutoff.after = e.ordinal;
            break;
          }
        }
      } else {
        // what the merge released before the cutoff sorts after it (every file's stream is in order): checked
        // all the same, as a wrong order here would be a wrong answer
        for (const e of batch)
          if (compareOrdinals(e.ordinal, last) < 0)
            throw new UnsortedInputError(`${e.index} (event ${e.id})`);
      }
    }
    if (copies !== null) stats.duplicates = copies.dropped;
    const results: QueryResult[] = executor.finish();
    return { engine: 'offline', results, files: stats, matcher: executor.stats() };
  };
  // Each read that fails tells how far out of order it found an event: windows no wider are not tried.
  let atLeast = 0;
  let reads = 0;
  for (const window of opts.buffers?.reorderWindows ?? REORDER_WINDOWS) {
    if (window <= atLeast) continue;
    try {
      reads++;
      return withReads(await attempt('stream', window), reads);
    } catch (e) {
      if (!(e instanceof UnsortedInputError)) throw e;
      atLeast = Math.max(atLeast, e.displacedAtLeast);
    }
  }
  return withReads(await attempt('external'), reads + 1);
}

/**
 * The text prefilter of each schema, one of which must let a line through: a literal is required only of a
 * string-typed field, and a field typed otherwise in one index must not drop that index's lines.
 */
function anyOfPrefilters(
  stmt: Statement,
  opts: OfflineQueryOptions,
  schemas: (Schema | undefined)[],
): TextPrefilter | null {
  const filters: TextPrefilter[] = [];
  for (const schema of schemas) {
    const f = buildTextPrefilter(stmt.query, { schema, eventCategoryField: opts.eventCategoryField });
    if (f === null) return null;
    filters.push(f);
  }
  if (filters.length === 1) return filters[0]!;
  return (text, start, end) => {
    for (const f of filters) if (f(text, start, end)) return true;
    return false;
  };
}

/** `schemaFor`, warning once of each index it knows nothing of: its events are read with the merged mapping. */
function noticingUnmapped(
  schemaFor: (index: string) => Schema | undefined,
  onWarning: ((message: string) => void) | undefined,
): (index: string) => Schema | undefined {
  const told = new Set<string>();
  return (index) => {
    const schema = schemaFor(index);
    if (schema === undefined && !told.has(index)) {
      told.add(index);
      onWarning?.(
        `index ${index} is not in the mapping file, whose indices are mapped differently: its events are read ` +
          "with their mappings merged (an event's index is its file's name without extension, or its hit's _index)",
      );
    }
    return schema;
  };
}

/** An event-range test per index, made on the first event of each. */
function byIndex(
  make: (index: string) => (source: Record<string, unknown>, ordinal: Ordinal) => boolean,
): (source: Record<string, unknown>, ordinal: Ordinal, index: string) => boolean {
  const tests = new Map<string, (source: Record<string, unknown>, ordinal: Ordinal) => boolean>();
  return (source, ordinal, index) => {
    let test = tests.get(index);
    if (!test) tests.set(index, (test = make(index)));
    return test(source, ordinal);
  };
}
