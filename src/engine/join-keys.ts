import type { Field } from '../eql/syntax/ast.js';
import type { Source, StageCompiler } from './stage-compiler.js';
import { compareKeyValues, compositeKey } from './key-codec.js';

export interface KeyOf {
  id: string;
  values: unknown[];
}

const NONE: KeyOf[] = [];

/**
 * The distinct values a key field holds, in doc-value order (sorted, duplicates and nulls gone): Elasticsearch
 * correlates an event under every value of a multi-valued key, and under every combination of several.
 */
function keyValues(v: unknown): unknown[] {
  if (!Array.isArray(v)) return v === undefined || v === null ? NONE : [v];
  const out: unknown[] = [];
  for (const x of v) if (x !== null && x !== undefined && !out.includes(x)) out.push(x);
  return out.length > 1 ? out.sort(compareKeyValues) : out;
}

const NULL_ONLY: unknown[] = [null];

/**
 * Compiles a stage's key extractor: the sequence-level `by` fields, then the stage's own. Returns the event's key
 * tuples, none when a non-optional key has no value (Elasticsearch only queries events where every non-optional
 * key exists); an optional key without value is null. `exact` reads `date_nanos` keys to the nanosecond (bigints:
 * `present` must turn them into something printable).
 */
export function compileKeyExtractor(
  fields: readonly Field[],
  compiler: StageCompiler,
  present?: (f: Field) => ((v: unknown) => unknown) | null,
  exact = false,
): (src: Source) => KeyOf[] {
  const readers = fields.map((f) => compiler.reader(f, exact));
  const optional = fields.map((f) => f.optional);
  const shows = fields.map((f) => (present ? present(f) : null));
  if (readers.length === 0) {
    const none: KeyOf[] = [{ id: '', values: [] }];
    return () => none;
  }
  const n = readers.length;
  const shown = shows.some((s) => s !== null);
  return (src) => {
    // the common case, every key one scalar: one tuple, read once, with no per-field arrays
    const first = new Array<unknown>(n);
    let scalars = 0;
    for (; scalars < n; scalars++) {
      const v = readers[scalars](src);
      if (v === null || v === undefined || Array.isArray(v)) break;
      first[scalars] = v;
    }
    if (scalars === n) {
      const id = compositeKey(first);
      return [{ id, values: shown ? first.map((v, j) => (shows[j] ? shows[j]!(v) : v)) : first }];
    }
    const perField: unknown[][] = new Array<unknown[]>(n);
    for (let i = 0; i < n; i++) {
      let vs = keyValues(i < scalars ? first[i] : readers[i](src));
      if (vs.length === 0) {
        if (!optional[i]) return NONE;
        vs = NULL_ONLY;
      }
      perField[i] = vs;
    }
    const out: KeyOf[] = [];
    const raw = new Array<unknown>(n);
    const walk = (i: number): void => {
      if (i === n) {
        out.push({
          id: compositeKey(raw),
          values: raw.map((v, j) => (shows[j] && v !== null ? shows[j]!(v) : v)),
        });
        return;
      }
      for (const v of perField[i]) {
        raw[i] = v;
        walk(i + 1);
      }
    };
    walk(0);
    return out;
  };
}
