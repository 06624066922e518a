/**
 * A file's events in order when they are nearly so: a buffer that re-orders events a little out of place, and
 * the error that sends the caller to a wider window or the external sort when one is further out.
 */
import type { EngineEvent, Ordinal } from '../../engine/event.js';
import { compareOrdinals } from '../../engine/event.js';
import type { EventFileStats } from './event-file-stats.js';
import type { ReadCutoff } from './read-cutoff.js';

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

const before = (a: EngineEvent, b: EngineEvent) => compareOrdinals(a.ordinal, b.ordinal) < 0;

/**
 * Re-orders events that are at most `window` events out of place; throws when one is further out. Sorted input
 * costs one comparison per event: it is appended, and the buffer's oldest event is released. A released slot is
 * cleared at once: an event the buffer still pointed to would outlive V8's young generation and be copied into
 * the old one, which cost a tenth of a run over a large file.
 *
 * Once `cutoff.after` is set (the consumer has stopped), nothing more is released: an event still buffered or
 * read later throws when it sorts before the cutoff, and is otherwise dropped (counted in `stats.drained`).
 */
export async function* reorder(
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
