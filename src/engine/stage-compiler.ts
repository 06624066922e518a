import type { EventQuery, Field } from '../eql/syntax/ast.js';

export type Source = Record<string, unknown>;

/**
 * What the executor needs from the evaluator: a predicate per stage and a reader per join-key field. Kept as an
 * interface so the correlation core can be tested with hand-written predicates.
 */
export interface StageCompiler {
  filter(q: EventQuery): (src: Source) => boolean;
  /**
   * The value as Elasticsearch would present it (e.g. keyword numbers as strings); arrays as they stand. With
   * `exact`, a `date_nanos` value as epoch nanoseconds (a bigint), for keys that must tell nanoseconds apart.
   */
  reader(f: Field, exact?: boolean): (src: Source) => unknown;
  /** The `_source` paths a filter tests first, once known: what a block of events should load ahead. */
  leadPaths?(filter: (src: Source) => boolean): readonly string[] | null;
}
