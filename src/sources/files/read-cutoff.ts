/**
 * The early stop: once a consumer has all it needs, the rest of the input is only checked for an event that a full
 * sort would have given first (reorder.ts checks the parsed ones; records whose timestamp, read from their text,
 * puts them after the cutoff are passed over unparsed here).
 */
import type { Ordinal } from '../../engine/event.js';
import type { RawRecord } from './json-records.js';
import { objectEnvelope } from './record-verdicts.js';

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

/**
 * The record batches of file `fileNo`, less (once `cutoff.after` is set) the records whose timestamp alone shows
 * that they sort after it: strictly, as an equal instant leaves it to the tiebreaker and input position, which
 * need the parsed record; and only records with the ends of a JSON object (see record-verdicts.ts). Dropped records are counted in `stats.records` (they were read), `stats.drained` and
 * `cutoff.unparsedPast`.
 */
export async function* skipPastCutoff(
  batches: AsyncIterable<RawRecord[]>,
  cutoff: ReadCutoff,
  fileNo: number,
  timestampOf: ((text: string) => Ordinal | null) | null,
  stats: { records: number; drained: number },
): AsyncGenerator<RawRecord[]> {
  for await (const records of batches) {
    const after = cutoff.after;
    if (after === null || timestampOf === null) {
      yield records;
      continue;
    }
    const kept: RawRecord[] = [];
    for (const r of records) {
      const o = timestampOf(r.text);
      // passed over unparsed, a record is judged as a prefilter's reject is, by its ends: one that fails them is
      // kept, parsed and counted invalid, so an early stop never changes which records a run calls invalid
      if (
        o !== null &&
        objectEnvelope(r.text, 0, r.text.length) &&
        (o.ts > after.ts || (o.ts === after.ts && o.nanos > after.nanos))
      )
        continue;
      kept.push(r);
    }
    const dropped = records.length - kept.length;
    stats.records += dropped;
    stats.drained += dropped;
    cutoff.unparsedPast[fileNo] = (cutoff.unparsedPast[fileNo] ?? 0) + dropped;
    yield kept;
  }
}
