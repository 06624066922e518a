import type { Field } from '../eql/ast.js';
import type { Source, StageCompiler } from './compiler.js';
import { compositeKey, keyValue } from './keys.js';

export interface KeyOf {
  id: string;
  values: unknown[];
}

/**
 * Compiles a stage's key extractor: the sequence-level `by` fields, then the stage's own. A null value drops the
 * event from the stage unless its field is optional (`?field`); Elasticsearch only queries events where every
 * non-optional key exists.
 */
export function compileKeyExtractor(
  fields: readonly Field[],
  compiler: StageCompiler,
): (src: Source) => KeyOf | null {
  const readers = fields.map((f) => compiler.reader(f));
  const optional = fields.map((f) => f.optional);
  if (readers.length === 0) {
    const none: KeyOf = { id: '', values: [] };
    return () => none;
  }
  if (readers.length === 1) {
    const read = readers[0];
    const opt = optional[0];
    return (src) => {
      const v = keyValue(read(src));
      if (v === null && !opt) return null;
      const values = [v];
      return { id: compositeKey(values), values };
    };
  }
  return (src) => {
    const values = new Array<unknown>(readers.length);
    for (let i = 0; i < readers.length; i++) {
      const v = keyValue(readers[i](src));
      if (v === null && !optional[i]) return null;
      values[i] = v;
    }
    return { id: compositeKey(values), values };
  };
}
