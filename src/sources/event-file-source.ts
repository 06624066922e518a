/**
 * Events from NDJSON / JSON-array files, streamed in (timestamp, tiebreaker, input) order.
 *
 * Files are read one record at a time. Exports are nearly always time-ordered, so each file passes through a
 * small reorder buffer and the files are merged k-way. When a file is out of order beyond that buffer, the
 * source throws `UnsortedInputError` and the caller re-reads with `sort: 'external'`, which spills sorted runs to
 * a temp directory and merges them: memory stays bounded by the run size either way.
 */
import { mkdtempSync, rmSync, createWriteStream } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import { UserError } from '../errors.js';
import type { Schema } from '../eql/schema.js';
import { makeOrdinal } from '../engine/ordinal.js';
import type { EngineEvent } from '../engine/types.js';
import { compareOrdinals } from '../sequence/ordinal.js';
import { indexNameOf } from './event-files.js';
import { readJsonRecords } from './json-records.js';
import { MinHeap } from './min-heap.js';

export interface EventFileOptions {
  files: string[];
  timestampField?: string;
  tiebreakerField?: string | null;
  schema?: Schema;
  /** Lines for which this returns false are skipped unparsed (see translate/text-prefilter.ts). */
  prefilter?: ((line: string) => boolean) | null;
  /** `stream` (default) needs nearly sorted files; `external` sorts anything through temp files. */
  sort?: 'stream' | 'external';
  /** How far out of order a record may be (in records) and still be streamed. */
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
  withoutTimestamp: number;
  /** File and line of the first event without a usable timestamp, for the warning. */
  firstWithoutTimestamp?: string;
  sort: 'stream' | 'external';
}

export class UnsortedInputError extends Error {
  constructor(readonly where: string) {
    super(`events are out of timestamp order at ${where}`);
  }
}

export function newEventFileStats(): EventFileStats {
  return { records: 0, skippedByPrefilter: 0, parsed: 0, withoutTimestamp: 0, sort: 'stream' };
}

const before = (a: EngineEvent, b: EngineEvent) => compareOrdinals(a.ordinal, b.ordinal) < 0;
/** Room for a file's record numbers in the global input position (`seq`). */
const SEQ_PER_FILE = 1e10;

export async function* readEventFiles(
  opts: EventFileOptions,
  stats = newEventFileStats(),
): AsyncGenerator<EngineEvent> {
  stats.sort = opts.sort ?? 'stream';
  if (stats.sort === 'external') {
    yield* externalSort(opts, stats);
    return;
  }
  const window = opts.reorderWindow ?? 10_000;
  yield* mergeSorted(opts.files.map((f, i) => reorder(parseFile(f, i, opts, stats), window, f)));
}

/** Parses one file's records into events (prefilter first), in file order. */
async function* parseFile(
  file: string,
  fileNo: number,
  opts: EventFileOptions,
  stats: EventFileStats,
): AsyncGenerator<EngineEvent> {
  const index = indexNameOf(file);
  const prefilter = opts.prefilter;
  const ordinalOpts = {
    timestampField: opts.timestampField ?? '@timestamp',
    tiebreakerField: opts.tiebreakerField ?? null,
    schema: opts.schema,
    timestampOptional: opts.timestampOptional,
  };
  for await (const rec of readJsonRecords(file)) {
    stats.records++;
    if (prefilter && !prefilter(rec.text)) {
      stats.skippedByPrefilter++;
      continue;
    }
    const event = toEvent(
      rec.text,
      file,
      rec.line,
      index,
      String(rec.record),
      fileNo * SEQ_PER_FILE + rec.record,
    );
    stats.parsed++;
    const ordinal = makeOrdinal(event.source, event.seq, ordinalOpts);
    if (!ordinal) {
      stats.withoutTimestamp++;
      stats.firstWithoutTimestamp ??= `${file}:${rec.line}`;
      continue;
    }
    yield { index: event.index, id: event.id, source: event.source, ordinal };
  }
}

/** A record as an event: a plain `_source` object, or an Elasticsearch hit (`_index`, `_id`, `_source`). */
function toEvent(text: string, file: string, line: number, index: string, id: string, seq: number) {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    throw new UserError('EVENT_INVALID_JSON', `${file}:${line}: invalid JSON event: ${(e as Error).message}`);
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value))
    throw new UserError('EVENT_NOT_OBJECT', `${file}:${line}: an event must be a JSON object`);
  const obj = value as Record<string, unknown>;
  const src = obj._source;
  if (src !== null && typeof src === 'object' && !Array.isArray(src) && ('_id' in obj || '_index' in obj)) {
    return {
      index: typeof obj._index === 'string' ? obj._index : index,
      id: obj._id !== undefined && obj._id !== null ? String(obj._id) : id,
      source: src as Record<string, unknown>,
      seq,
    };
  }
  return { index, id, source: obj, seq };
}

/** Re-orders events that are at most `window` records out of place; throws when one is further out. */
async function* reorder(
  events: AsyncIterable<EngineEvent>,
  window: number,
  file: string,
): AsyncGenerator<EngineEvent> {
  const heap = new MinHeap<EngineEvent>(before);
  let last: EngineEvent | undefined;
  const emit = (e: EngineEvent) => {
    if (last && before(e, last)) throw new UnsortedInputError(`${file} (event ${e.id})`);
    last = e;
    return e;
  };
  for await (const e of events) {
    heap.push(e);
    if (heap.size > window) yield emit(heap.pop()!);
  }
  while (heap.size > 0) yield emit(heap.pop()!);
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
async function* externalSort(opts: EventFileOptions, stats: EventFileStats): AsyncGenerator<EngineEvent> {
  const dir = mkdtempSync(join(tmpdir(), 'rule-runner-sort-'));
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
      for await (const e of parseFile(f, i, opts, stats)) {
        buffer.push(e);
        if (buffer.length >= runSize) await spill();
      }
    }
    if (runs.length === 0) {
      buffer.sort((a, b) => compareOrdinals(a.ordinal, b.ordinal));
      yield* buffer;
      return;
    }
    if (buffer.length > 0) await spill();
    yield* mergeSorted(runs.map(readRun));
  } finally {
    rmSync(dir, { recursive: true, force: true });
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
