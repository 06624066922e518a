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
 *
 * The face of the reader: parse-file.ts makes a file's records events, reorder.ts orders them, merge.ts merges
 * files, read-cutoff.ts holds the early stop, external-sort.ts sorts the rest.
 */
import type { EngineEvent } from '../../engine/event.js';
import type { EventFileOptions } from './event-file-options.js';
import { newEventFileStats } from './event-file-stats.js';
import { externalSort } from './external-sort.js';
import { batched, flatten, mergeSorted } from './merge.js';
import { parseFile } from './parse-file.js';
import { ReadCutoff } from './read-cutoff.js';
import { reorder, REORDER_WINDOWS } from './reorder.js';

export type { EventFileOptions } from './event-file-options.js';
export { newEventFileStats, type EventFileStats } from './event-file-stats.js';
export { ReadCutoff } from './read-cutoff.js';
export { REORDER_WINDOWS, UnsortedInputError } from './reorder.js';

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
