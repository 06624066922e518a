/** What a read of event files counts, for `--stats` and the warnings. */

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
