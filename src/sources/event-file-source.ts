/**
 * Events from NDJSON / JSON-array files, streamed in (timestamp, tiebreaker, input) order.
 *
 * Files are read one record at a time. Exports are nearly always time-ordered, so each file passes through a
 * small reorder buffer and the files are merged k-way. When a file is out of order beyond that buffer, the
 * source throws `UnsortedInputError` and the caller re-reads with `sort: 'external'`, which spills sorted runs to
 * a temp directory and merges them: memory stays bounded by the run size either way.
 */
import { createWriteStream } from 'node:fs';
import { join } from 'node:path';
import { once } from 'node:events';
import { UserError } from '../errors.js';
import { makeTempDir, removeTempDir } from '../temp-dirs.js';
import { locateJsonError } from '../json-position.js';
import type { Schema } from '../eql/schema.js';
import { makeOrdinal, type OrdinalOptions } from '../engine/ordinal.js';
import type { EngineEvent, Ordinal } from '../engine/types.js';
import { compareOrdinals } from '../sequence/ordinal.js';
import { checkEventDepth, mayHoldTooDeepEvent, tooDeepRecordText } from './event-depth.js';
import { indexNameOf } from './event-files.js';
import { readJsonRecordBatches, readJsonRecords } from './json-records.js';
import type { TextPrefilter } from '../translate/text-prefilter.js';
import { MinHeap } from './min-heap.js';
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
  /** Lines for which this returns false are skipped unparsed (see translate/text-prefilter.ts). */
  prefilter?: TextPrefilter | null;
  /**
   * Parsed events for which this returns false are dropped before they are ordered (see Executor.wants): the
   * reorder buffer then holds only events that matter, instead of keeping every parsed one alive for a while.
   */
  wanted?: ((e: EngineEvent) => boolean) | null;
  /** Events outside the time range (`--from`/`--to`, see event-time-range.ts) are dropped first, and counted. */
  inRange?: ((source: Record<string, unknown>, ordinal: Ordinal, index: string) => boolean) | null;
  /** `stream` (default) needs nearly sorted files; `external` sorts anything through temp files. */
  sort?: 'stream' | 'external';
  /** How far out of order an event may be (in wanted events) and still be streamed; see REORDER_WINDOWS. */
  reorderWindow?: number;
  /** Records per sorted run in external mode. */
  runSize?: number;
  /** Events without a timestamp are allowed (sample queries); they sort first. */
  timestampOptional?: boolean;
}

export interface EventFileStats {
  records: number;
  skippedByPrefilter: number;
  parsed: number;
  /** Parsed events that `wanted` dropped. */
  unwanted: number;
  /** Parsed events outside the time range. */
  outOfRange: number;
  /** Copies of an earlier event that `--dedup` dropped (set by queryEventFiles). */
  duplicates?: number;
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
  const files = opts.files.map((f, i) => reorder(parseFile(f, i, opts, stats), window, f));
  if (files.length === 1) yield* files[0]!;
  else yield* batched(mergeSorted(files.map(flatten)));
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
  // reads: asked by its first kept event only, as only kept events go on to code that walks them whole (printing,
  // --dedup, the external sort); what comes before reads fields, any depth of nesting
  let recordText = '';
  let mayBeTooDeep: boolean | null = null;
  const accept = (source: Record<string, unknown>, ix: string, id: string, line: number) => {
    stats.parsed++;
    const ordinal = makeOrdinal(
      source,
      fileNo * SEQ_PER_FILE + ++eventNo,
      ordinalFor === null ? ordinalOpts : ordinalFor(ix),
    );
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
    else {
      if ((mayBeTooDeep ??= mayHoldTooDeepEvent(recordText))) checkEventDepth(source, `${file}:${line}`);
      out.push(e);
    }
  };
  for await (const records of readJsonRecordBatches(file, opts.prefilter, skipped)) {
    out = [];
    stats.records += records.length + skipped.skipped - skippedSeen;
    stats.skippedByPrefilter += skipped.skipped - skippedSeen;
    skippedSeen = skipped.skipped;
    for (const rec of records) {
      const obj = parseRecord(rec.text, file, rec.line);
      recordText = rec.text;
      mayBeTooDeep = null;
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

/** A record's JSON: an event, an Elasticsearch hit or an Elasticsearch response (see response-hits.ts). */
function parseRecord(text: string, file: string, line: number): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    // too deep is checked first: Elasticsearch's parser refuses the level too many as it reaches it, and the
    // locator below walks the text recursively
    const tooDeep = tooDeepRecordText(text, file, line);
    if (tooDeep) throw tooDeep;
    const { where, caret } = locateJsonError(file, text, e, line);
    throw new UserError(
      'EVENT_INVALID_JSON',
      `${where}: invalid JSON event: ${(e as Error).message}${caret}`,
    );
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value))
    throw new UserError('EVENT_NOT_OBJECT', `${file}:${line}: an event must be a JSON object`);
  return value as Record<string, unknown>;
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
 */
async function* reorder(
  batches: AsyncIterable<EngineEvent[]>,
  window: number,
  file: string,
): AsyncGenerator<EngineEvent[]> {
  let buf: (EngineEvent | undefined)[] = [];
  let head = 0;
  let last: EngineEvent | undefined;
  // the last released timestamps, in release (ascending) order, kept only to size the error: one store per event
  const released = new Float64Array(RELEASED_MEMORY);
  let releasedCount = 0;
  const releaseOne = (out: EngineEvent[]) => {
    const e = buf[head]!;
    buf[head++] = undefined;
    const ts = e.ordinal.ts + e.ordinal.nanos / 1e6;
    if (last && before(e, last)) {
      // every event still buffered sorts after e too: e was the buffer's first
      let later = buf.length - head;
      for (let k = 0; k < Math.min(releasedCount, RELEASED_MEMORY); k++) if (released[k]! > ts) later++;
      throw new UnsortedInputError(`${file} (event ${e.id})`, later);
    }
    released[releasedCount++ % RELEASED_MEMORY] = ts;
    last = e;
    out.push(e);
    if (head > 4096) {
      buf = buf.slice(head);
      head = 0;
    }
  };
  for await (const batch of batches) {
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
    yield* batched(mergeSorted(runs.map(readRun)));
  } finally {
    removeTempDir(dir);
  }
}

async function* readRun(path: string): AsyncGenerator<EngineEvent> {
  for await (const rec of readJsonRecords(path)) {
    const r = JSON.parse(rec.text) as {
      i: string;
      d: string;
      o: EngineEvent['ordinal'];
      s: Record<string, unknown>;
    };
    yield { index: r.i, id: r.d, ordinal: r.o, source: r.s };
  }
}
