/**
 * Which spec file runs on which indices, with which tiebreaker and id field: the newest Elasticsearch harness
 * (HARNESS.md §3). test_queries.toml runs twice, on millisecond and on nanosecond timestamps.
 */
export interface Suite {
  /** Row label in reports: `<file> @ <indices>`. */
  label: string;
  file: string;
  indices: string[];
  tiebreakerField: string | null;
  idField: string;
  /** Sample tests send no tiebreaker and their data may lack timestamps. */
  sample: boolean;
}

function suite(file: string, indices: string[], tiebreakerField: string | null, idField: string): Suite {
  return {
    label: `${file} @ ${indices.join(',')}`,
    file,
    indices,
    tiebreakerField,
    idField,
    sample: tiebreakerField === null,
  };
}

export const SUITES: Suite[] = [
  suite('test_queries.toml', ['endgame-140'], 'serial_event_id', 'serial_event_id'),
  suite('additional_test_queries.toml', ['endgame-140'], 'serial_event_id', 'serial_event_id'),
  suite('test_queries_date.toml', ['endgame-140'], 'serial_event_id', 'serial_event_id'),
  suite('test_queries_date_nanos.toml', ['endgame-140-nanos'], 'serial_event_id', 'serial_event_id'),
  suite('test_queries.toml', ['endgame-140-nanos'], 'serial_event_id', 'serial_event_id'),
  suite('test_extra.toml', ['extra'], 'sequence', 'sequence'),
  suite('test_missing_events.toml', ['missing-events'], 'sequence', 'sequence'),
  suite('test_sample.toml', ['sample1', 'sample2', 'sample3'], null, 'id'),
  suite('test_sample_multi.toml', ['sample-multi'], null, 'id'),
];
