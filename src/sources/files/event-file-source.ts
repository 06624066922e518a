/**
 * Events from NDJSON / JSON-array files, streamed in (timestamp, tiebreaker, input) order.
 *
 * Files are read one record at a time. Exports are nearly always time-ordered, so each file passes through a
 * small reorder buffer and the files are merged k-way. When a file is out of order beyond that buffer, the
 * source throws `UnsortedInputError` and the caller re-reads with `sort: 'external'`, which spills sorted runs to
 * a temp directory and merges them: memory stays bounded by the run size either way.
 *
 * A consumer that has all it needs before the end (`head N` reached) sets `cutoff.after` to the last event it
 * used and reads on: the rest is then only checked, never buffered or merged, for a wanted event that sorts
 * before that one, which a full sort would have given first (it throws `UnsortedInputError`, as a late event does).
 */
import { createWriteStream } from 'node:fs';
import { join } from 'node:path';
import { once } from 'node:events';
import { UserError } from '../../errors.js';
import { makeTempDir, removeTempDir } from './temp-dirs.js';
import type { Schema } from '../../mapping/schema.js';
import { makeOrdinal, type OrdinalOptions } from '../../engine/ordinal.js';
import type { EngineEvent, Ordinal } from '../../engine/event.js';
import { compareOrdinals } from '../../engine/event.js';
import { eventDepthProblem, mayHoldTooDeepEvent } from './event-depth.js';
import { indexNameOf } from './event-files.js';
import { readJsonRecordBatches, readJsonRecords } from './json-records.js';
import type { TextPrefilter } from '../../prefilter/text-prefilter.js';
import { MinHeap } from './min-heap.js';
import { MAX_RECORD_SIZE_LIMIT } from './record-size.js';
import { recordVerdicts } from './record-verdicts.js';
import { recordTimestampReader, skipPastCutoff } from './record-timestamp.js';
import { responseHits } from './response-hits.js';

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

/**
 * Where a consumer stopped using events: every event it was given up to `after` (the last one it used), none
 * after. Once set, the rest of the input is read only to check that no wanted event sorts before `after`: a full
 * sort would have given such an event first, and the answer could differ.
 */
export class ReadCutoff {
  after: Ordinal | null = null;
  /** Per file (by position), the records dropped past `after` by their timestamp alone, unparsed. */
  readonly unparsedPast: number[] = [];
}

export interface EventFileStats {
  records: number;
  skippedByPrefilter: number;
  parsed: number;
  /** Parsed events that `wanted` dropped. */
  unwanted: number;
  /** Parsed events outside the time range. */
  outOfRange: number;
  /** Records that cannot be events (see record-verdicts.ts), skipped. */
  invalid: number;
  /** Where the first few are, in file order (`file:line`, `:column` for a JSON syntax error). */
  firstInvalid?: string[];
  /** Copies of an earlier event that `--dedup` dropped (set by queryEventFiles). */
  duplicates?: number;
  /**
   * What was read after the consumer's cutoff only to check that none of it sorts before (see ReadCutoff): wanted
   * events, and records whose timestamp, read from their text, put them after it (see record-timestamp.ts).
   */
  drained: number;
  withoutTimestamp: number;
  /** File and line of the first event without a usable timestamp, for the warning. */
  firstWithoutTimestamp?: string;
  sort: 'stream' | 'external';
  /** The reorder window of a streamed read. */
  reorderWindow?: number;
  /**
   * How many times the files were read: a streamed read that meets an event further out of order than its window
   * holds is followed by a wider one or the external sort (set by queryEventFiles).
   */
  reads?: number;
}

/**
 * The reorder windows a streamed read tries, in order, before the external sort. The first is small because
 * each event it holds lives long enough to be copied into V8's old generation: on a 1.3 GB file 256 events
 * instead of 10,000 saved a tenth of the run. A file out of order beyond it is read again with the wider one,
 * which streams whatever the wider window streamed before; only beyond that is it sorted through temp files.
 */
export const REORDER_WINDOWS = [256, 10_000] as const;

export class UnsortedInputError extends Error {
  /**
   * @param displacedAtLeast a lower bound of how many earlier events sort after the late one: a window no wider
   *   cannot stream the file either, so a caller trying wider windows may skip those.
   */
  constructor(
    readonly where: string,
    readonly displacedAtLeast = 0,
  ) {
    super(`events are out of timestamp order at ${where}`);
  }
}

/** Released timestamps a reorder buffer remembers, to tell how far out of order a late event is. */
const RELEASED_MEMORY = REORDER_WINDOWS[REORDER_WINDOWS.length - 1];

export function newEventFileStats(): EventFileStats {
  return {
    records: 0,
    skippedByPrefilter: 0,
    parsed: 0,
    unwanted: 0,
    outOfRange: 0,
    invalid: 0,
    drained: 0,
    withoutTimestamp: 0,
    sort: 'stream',
  };
}

const before = (a: EngineEvent, b: EngineEvent) => compareOrdinals(a.ordinal, b.ordinal) < 0;
/** Room for a file's record numbers in the global input position (`seq`). */
const SEQ_PER_FILE = 1e10;

/** The events in order, in batches (arrays) so that the consumer's per-event work stays synchronous. */
export async function* readEventFileBatches(
  opts: EventFileOptions,
  stats = newEventFileStats(),
): AsyncGenerator<EngineEvent[]> {
  stats.sort = opts.sort ?? 'stream';
  if (stats.sort === 'external') {
    yield* externalSort(opts, stats);
    return;
  }
  const window = opts.reorderWindow ?? REORDER_WINDOWS[0];
  stats.reorderWindow = window;
  const cutoff = opts.cutoff ?? new ReadCutoff();
  const files = opts.files.map((f, i) =>
    reorder(parseFile(f, i, { ...opts, cutoff }, stats), window, f, i, cutoff, stats),
  );
  if (files.length === 1) yield* files[0]!;
  else yield* batched(mergeSorted(files.map(flatten)), opts.mergeBatch);
}

/** The events in order, one at a time (see `readEventFileBatches`). */
export async function* readEventFiles(
  opts: EventFileOptions,
  stats = newEventFileStats(),
): AsyncGenerator<EngineEvent> {
  yield* flatten(readEventFileBatches(opts, stats));
}

async function* flatten<T>(batches: AsyncIterable<T[]>): AsyncGenerator<T> {
  for await (const b of batches) yield* b;
}

async function* batched<T>(items: AsyncIterable<T>, size = 1024): AsyncGenerator<T[]> {
  let batch: T[] = [];
  for await (const x of items) {
    batch.push(x);
    if (batch.length >= size) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length > 0) yield batch;
}

/** Parses one file's records into events (prefilter first), in file order, a batch per chunk read. */
async function* parseFile(
  file: string,
  fileNo: number,
  opts: EventFileOptions,
  stats: EventFileStats,
): AsyncGenerator<EngineEvent[]> {
  const index = indexNameOf(file);
  const ordinalOpts = {
    timestampField: opts.timestampField ?? '@timestamp',
    tiebreakerField: opts.tiebreakerField ?? null,
    schema: opts.schema,
    timestampOptional: opts.timestampOptional,
  };
  const ordinalFor = perIndexOrdinal(opts.schemaFor, ordinalOpts);
  const skipped = { skipped: 0 };
  let skippedSeen = 0;
  const wanted = opts.wanted ?? null;
  const inRange = opts.inRange ?? null;
  // the input position of each event (a record may hold several: an Elasticsearch response)
  let eventNo = 0;
  let out: EngineEvent[] = [];
  // The record being read, and whether it is long enough to hold an event nested deeper than Elasticsearch
  // reads (asked once per record): only such a record's events are walked for their depth
  let recordText = '';
  let mayBeTooDeep: boolean | null = null;
  const tooDeep = (source: Record<string, unknown>, line: number): boolean => {
    if (!(mayBeTooDeep ??= mayHoldTooDeepEvent(recordText))) return false;
    const problem = eventDepthProblem(source, `${file}:${line}`);
    return problem !== null && verdicts.invalid(fileNo, line, () => problem) === null;
  };
  const accept = (source: Record<string, unknown>, ix: string, id: string, line: number) => {
    stats.parsed++;
    if (tooDeep(source, line)) return;
    let ordinal;
    try {
      ordinal = makeOrdinal(
        source,
        fileNo * SEQ_PER_FILE + ++eventNo,
        ordinalFor === null ? ordinalOpts : ordinalFor(ix),
      );
    } catch (e) {
      if (e instanceof UserError) throw new UserError(e.code, `${file}:${line}: ${e.message}`, { cause: e });
      throw e;
    }
    if (!ordinal) {
      stats.withoutTimestamp++;
      stats.firstWithoutTimestamp ??= `${file}:${line}`;
      return;
    }
    if (inRange && !inRange(source, ordinal, ix)) {
      stats.outOfRange++;
      return;
    }
    const e: EngineEvent = { index: ix, id, source, ordinal };
    if (wanted && !wanted(e)) stats.unwanted++;
    else out.push(e);
  };
  const verdicts = recordVerdicts(stats, opts.strict === true);
  const reading = { maxRecordSize: opts.maxRecordSize, parseRejected: opts.strict === true };
  const read = readJsonRecordBatches(file, opts.prefilter, skipped, reading);
  const cutoff = opts.cutoff;
  // under --strict every record is parsed, so none is passed over by its timestamp
  const sniff = cutoff && opts.strict !== true ? recordTimestampReader(ordinalOpts) : null;
  for await (const records of cutoff ? skipPastCutoff(read, cutoff, fileNo, sniff, stats) : read) {
    out = [];
    stats.records += records.length + skipped.skipped - skippedSeen;
    stats.skippedByPrefilter += skipped.skipped - skippedSeen;
    skippedSeen = skipped.skipped;
    for (const rec of records) {
      const obj = verdicts.parse(rec.text, file, fileNo, rec.line);
      if (obj === null) continue;
      recordText = rec.text;
      mayBeTooDeep = null;
      if (rec.rejected === true) {
        // read only to be judged: an event the prefilter rejected is skipped as any other
        if (!tooDeep(obj, rec.line)) stats.skippedByPrefilter++;
        continue;
      }
      const hits = responseHits(obj);
      if (hits === null) {
        if (isHit(obj)) accept(hitSource(obj), hitIndex(obj, index), hitId(obj, rec.record), rec.line);
        else accept(obj, index, String(rec.record), rec.line);
      } else
        for (const h of hits)
          if (isHit(h)) accept(hitSource(h), hitIndex(h, index), hitId(h, rec.record), rec.line);
    }
    if (out.length > 0) yield out;
  }
  stats.records += skipped.skipped - skippedSeen;
  stats.skippedByPrefilter += skipped.skipped - skippedSeen;
}

/** The ordinal options of each index, with its own schema; null without per-index schemas. */
function perIndexOrdinal(
  schemaFor: ((index: string) => Schema | undefined) | undefined,
  shared: OrdinalOptions,
): ((index: string) => OrdinalOptions) | null {
  if (!schemaFor) return null;
  const byIndex = new Map<string, OrdinalOptions>();
  return (index) => {
    let o = byIndex.get(index);
    if (!o) byIndex.set(index, (o = { ...shared, schema: schemaFor(index) ?? shared.schema }));
    return o;
  };
}

/** An Elasticsearch hit (`_index`, `_id`, `_source`): its `_source` is the event, its index and id are kept. */
function isHit(obj: Record<string, unknown>): boolean {
  const src = obj._source;
  return src !== null && typeof src === 'object' && !Array.isArray(src) && ('_id' in obj || '_index' in obj);
}

const hitSource = (hit: Record<string, unknown>) => hit._source as Record<string, unknown>;
const hitIndex = (hit: Record<string, unknown>, file: string) =>
  typeof hit._index === 'string' ? hit._index : file;
const hitId = (hit: Record<string, unknown>, record: number) =>
  hit._id !== undefined && hit._id !== null ? String(hit._id) : String(record);

/**
 * Re-orders events that are at most `window` events out of place; throws when one is further out. Sorted input
 * costs one comparison per event: it is appended, and the buffer's oldest event is released. A released slot is
 * cleared at once: an event the buffer still pointed to would outlive V8's young generation and be copied into
 * the old one, which cost a tenth of a run over a large file.
 *
 * Once `cutoff.after` is set (the consumer has stopped), nothing more is released: an event still buffered or
 * read later throws when it sorts before the cutoff, and is otherwise dropped (counted in `stats.drained`).
 */
async function* reorder(
  batches: AsyncIterable<EngineEvent[]>,
  window: number,
  file: string,
  fileNo: number,
  cutoff: ReadCutoff,
  stats: EventFileStats,
): AsyncGenerator<EngineEvent[]> {
  let buf: (EngineEvent | undefined)[] = [];
  let head = 0;
  let last: EngineEvent | undefined;
  // the last released timestamps, in release (ascending) order, kept only to size the error: one store per event
  const released = new Float64Array(RELEASED_MEMORY);
  let releasedCount = 0;
  /** `e` is late: `later` events read before it sort after it, besides the released ones that do. */
  const lateError = (e: EngineEvent, later: number) => {
    const ts = e.ordinal.ts + e.ordinal.nanos / 1e6;
    for (let k = 0; k < Math.min(releasedCount, RELEASED_MEMORY); k++) if (released[k]! > ts) later++;
    return new UnsortedInputError(`${file} (event ${e.id})`, later);
  };
  const releaseOne = (out: EngineEvent[]) => {
    const e = buf[head]!;
    buf[head++] = undefined;
    // every event still buffered sorts after e too: e was the buffer's first
    if (last && before(e, last)) throw lateError(e, buf.length - head);
    released[releasedCount++ % RELEASED_MEMORY] = e.ordinal.ts + e.ordinal.nanos / 1e6;
    last = e;
    out.push(e);
    if (head > 4096) {
      buf = buf.slice(head);
      head = 0;
    }
  };
  // After the cutoff the buffer is checked once (it is sorted: its first is its earliest), then dropped; what
  // follows is only compared with the cutoff. A late event sorts before everything read since that sorts after
  // the cutoff, which sizes its error: the wanted events (`pastCutoff`), and the records dropped unparsed by their
  // timestamp (see record-timestamp.ts). Those were kept by the prefilter but may match no stage, so the size may
  // exceed what a window would need, and the caller then sorts externally where a wider window might have done;
  // not counting them would instead make it read every file again with a window sure to fail.
  let pastCutoff = -1;
  const drain = (after: Ordinal, batch: readonly EngineEvent[]) => {
    if (pastCutoff < 0) {
      if (buf.length > head && compareOrdinals(buf[head]!.ordinal, after) < 0)
        throw lateError(buf[head]!, buf.length - head - 1);
      pastCutoff = buf.length - head;
      buf = [];
      head = 0;
    }
    for (const e of batch) {
      if (compareOrdinals(e.ordinal, after) < 0)
        throw lateError(e, pastCutoff + (cutoff.unparsedPast[fileNo] ?? 0));
      pastCutoff++;
      stats.drained++;
    }
  };
  for await (const batch of batches) {
    const after = cutoff.after;
    if (after !== null) {
      drain(after, batch);
      continue;
    }
    const out: EngineEvent[] = [];
    for (const e of batch) {
      const n = buf.length;
      if (n === head || !before(e, buf[n - 1]!)) buf.push(e);
      else {
        // binary search for the first buffered event after e (stable: equal ordinals keep input order)
        let lo = head;
        let hi = n;
        while (lo < hi) {
          const mid = (lo + hi) >> 1;
          if (before(e, buf[mid]!)) hi = mid;
          else lo = mid + 1;
        }
        buf.splice(lo, 0, e);
      }
      if (buf.length - head > window) releaseOne(out);
    }
    if (out.length > 0) yield out;
  }
  const after = cutoff.after;
  if (after !== null) {
    drain(after, []);
    return;
  }
  const out: EngineEvent[] = [];
  while (buf.length > head) releaseOne(out);
  if (out.length > 0) yield out;
}

/** k-way merge of sorted event streams. */
async function* mergeSorted(streams: AsyncGenerator<EngineEvent>[]): AsyncGenerator<EngineEvent> {
  if (streams.length === 1) {
    yield* streams[0]!;
    return;
  }
  type Head = { e: EngineEvent; s: AsyncGenerator<EngineEvent> };
  const heap = new MinHeap<Head>((a, b) => before(a.e, b.e));
  try {
    for (const s of streams) {
      const r = await s.next();
      if (!r.done) heap.push({ e: r.value, s });
    }
    while (heap.size > 0) {
      const h = heap.pop()!;
      yield h.e;
      const r = await h.s.next();
      if (!r.done) heap.push({ e: r.value, s: h.s });
    }
  } finally {
    await Promise.all(streams.map((s) => s.return(undefined)));
  }
}

/** Sorts any input: sorted runs of `runSize` events are spilled to temp NDJSON files, then merged. */
async function* externalSort(opts: EventFileOptions, stats: EventFileStats): AsyncGenerator<EngineEvent[]> {
  const dir = makeTempDir('rule-runner-sort-');
  try {
    const runSize = opts.runSize ?? 200_000;
    const runs: string[] = [];
    let buffer: EngineEvent[] = [];
    const spill = async () => {
      buffer.sort((a, b) => compareOrdinals(a.ordinal, b.ordinal));
      const path = join(dir, `run-${runs.length}.ndjson`);
      const out = createWriteStream(path);
      for (const e of buffer) {
        if (!out.write(JSON.stringify({ i: e.index, d: e.id, o: e.ordinal, s: e.source }) + '\n'))
          await once(out, 'drain');
      }
      out.end();
      await once(out, 'finish');
      runs.push(path);
      buffer = [];
    };
    for (const [i, f] of opts.files.entries()) {
      for await (const batch of parseFile(f, i, opts, stats)) {
        for (const e of batch) buffer.push(e);
        if (buffer.length >= runSize) await spill();
      }
    }
    if (runs.length === 0) {
      buffer.sort((a, b) => compareOrdinals(a.ordinal, b.ordinal));
      yield buffer;
      return;
    }
    if (buffer.length > 0) await spill();
    yield* batched(mergeSorted(runs.map(readRun)), opts.mergeBatch);
  } finally {
    removeTempDir(dir);
  }
}

async function* readRun(path: string): AsyncGenerator<EngineEvent> {
  // records this run wrote, which JSON.stringify may have made longer than the input was: not bounded again
  for await (const rec of readJsonRecords(path, { maxRecordSize: MAX_RECORD_SIZE_LIMIT })) {
    const r = JSON.parse(rec.text) as {
      i: string;
      d: string;
      o: EngineEvent['ordinal'];
      s: Record<string, unknown>;
    };
    yield { index: r.i, id: r.d, ordinal: r.o, source: r.s };
  }
}
