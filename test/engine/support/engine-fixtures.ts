/**
 * Hand-built statements and a stand-in evaluator, so the engine can be tested without the parser or evaluator:
 * a stage's category names the rows it matches (`src.rows` holds the row letters of an event), and key fields
 * are read straight from `_source`.
 */
import type { EventQuery, Field, Pipe, SequenceStage, Statement } from '../../../src/eql/syntax/ast.js';
import type { StageCompiler } from '../../../src/engine/stage-compiler.js';
import type { EngineEvent } from '../../../src/engine/event.js';

const span = { start: 0, end: 0 };

export function field(name: string, optional = false): Field {
  return {
    type: 'field',
    name: name.replace(/^\?/, ''),
    indexes: [],
    optional: optional || name.startsWith('?'),
    span,
  };
}

export function eventQuery(category: string | null): EventQuery {
  return {
    type: 'event',
    category,
    condition: { type: 'literal', kind: 'boolean', value: true, span },
    span,
  };
}

export function stage(
  category: string,
  opts: { by?: string[]; runs?: number; missing?: boolean } = {},
): SequenceStage {
  return {
    query: eventQuery(category),
    by: (opts.by ?? []).map((n) => field(n)),
    runs: opts.runs ?? 1,
    missing: opts.missing ?? false,
    span,
  };
}

export function sequence(
  stages: SequenceStage[],
  opts: { by?: string[]; maxspanMs?: number | null; until?: SequenceStage | null; pipes?: Pipe[] } = {},
): Statement {
  return {
    query: {
      type: 'sequence',
      by: (opts.by ?? []).map((n) => field(n)),
      maxspanMs: opts.maxspanMs ?? null,
      stages,
      until: opts.until ?? null,
      span,
    },
    pipes: opts.pipes ?? [],
    source: '',
  };
}

export function pipe(type: 'head' | 'tail', count: number): Pipe {
  return { type, count, span };
}

/** Stage `X` matches events whose `rows` contain `X`; `any` (null category) matches everything. */
export const rowCompiler: StageCompiler = {
  filter: (q) => {
    const cat = q.category;
    if (cat === null) return () => true;
    return (src) => Array.isArray(src.rows) && (src.rows as string[]).includes(cat);
  },
  reader: (f) => (src) => src[f.name],
};

let seq = 0;
export function ev(
  ts: number,
  rows: string[],
  extra: Record<string, unknown> = {},
  id?: string,
): EngineEvent {
  const n = seq++;
  return {
    index: 'test',
    id: id ?? String(n),
    source: { rows, ...extra },
    ordinal: { ts, nanos: 0, tiebreaker: null, seq: n },
  };
}
