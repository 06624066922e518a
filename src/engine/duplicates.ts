/**
 * `--dedup`: analysts load overlapping exports (the same window exported twice, a backup beside the original),
 * and each copy of an event would otherwise match, and alert, again. Two events are the same when their
 * `_source` is identical; they then share a timestamp, so in timestamp order copies arrive within one run of
 * equal timestamps, and only that run's events need remembering: memory stays bounded by the events of one
 * instant, not by the input.
 */
import type { EngineEvent } from './event.js';

export class DuplicateFilter {
  private ts = NaN;
  private nanos = NaN;
  private seen = new Set<string>();
  /** Events dropped as copies of an earlier one. */
  dropped = 0;

  /** True for a copy of an event already given (events must come in timestamp order); the first copy is kept. */
  isDuplicate(e: EngineEvent): boolean {
    const o = e.ordinal;
    if (o.ts !== this.ts || o.nanos !== this.nanos) {
      this.ts = o.ts;
      this.nanos = o.nanos;
      this.seen.clear();
    }
    const key = JSON.stringify(e.source);
    if (this.seen.has(key)) {
      this.dropped++;
      return true;
    }
    this.seen.add(key);
    return false;
  }
}
