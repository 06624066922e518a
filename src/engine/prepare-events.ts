import type { Statement } from '../eql/syntax/ast.js';
import { compareOrdinals } from './event.js';
import { makeOrdinal, type OrdinalOptions } from './ordinal.js';
import type { EngineEvent } from './event.js';

export interface RawDoc {
  index: string;
  id: string;
  source: Record<string, unknown>;
}

/**
 * Turns documents into the sorted stream `execute` expects. Elasticsearch ignores events without a usable
 * timestamp, except in sample queries, which need none (those keep input order).
 */
export function prepareEvents(
  docs: Iterable<RawDoc>,
  stmt: Statement,
  opts: OrdinalOptions = {},
): EngineEvent[] {
  const timestampOptional = stmt.query.type === 'sample';
  const out: EngineEvent[] = [];
  let seq = 0;
  for (const d of docs) {
    const ordinal = makeOrdinal(d.source, seq++, { ...opts, timestampOptional });
    if (ordinal) out.push({ index: d.index, id: d.id, source: d.source, ordinal });
  }
  if (!timestampOptional) out.sort((a, b) => compareOrdinals(a.ordinal, b.ordinal));
  return out;
}
