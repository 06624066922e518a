/** Sorted event streams merged into one, and the conversions between streams of events and of batches. */
import type { EngineEvent } from '../../engine/event.js';
import { compareOrdinals } from '../../engine/event.js';
import { MinHeap } from './min-heap.js';

const before = (a: EngineEvent, b: EngineEvent) => compareOrdinals(a.ordinal, b.ordinal) < 0;

/** k-way merge of sorted event streams. */
export async function* mergeSorted(streams: AsyncGenerator<EngineEvent>[]): AsyncGenerator<EngineEvent> {
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

export async function* flatten<T>(batches: AsyncIterable<T[]>): AsyncGenerator<T> {
  for await (const b of batches) yield* b;
}

export async function* batched<T>(items: AsyncIterable<T>, size = 1024): AsyncGenerator<T[]> {
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
