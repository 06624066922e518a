/**
 * Loader for `test/spec/sequences.spec`: sequence behaviour written as ASCII timelines.
 *
 *   === name
 *   stages: A B !M C        stage rows in order; `!` marks a missing stage, `A*3` is `with runs=3`
 *   by: key                 optional: sequence by `key` (events give it with a `k|` prefix)
 *   maxspan: 5              optional, milliseconds
 *   pipes: head 2 | tail 1  optional
 *   size: 10                optional (default 50, as the conformance harness sends)
 *   A: 1 3 x|5              events of row A at those timestamps (`x|5`: key x)
 *   until: 4                events of the until stage
 *   expect: A1 B2 / x|A5 B6 sequences, separated by `/`; `-` stands for a missing event; `none` for no result
 *
 * An event is identified by key and timestamp: the same `k|ts` in two rows is one event matching both stages.
 * Events are ordered by timestamp, then key, then first appearance.
 */
import { createCoreExecutor } from '../../../src/engine/executor-core.js';
import { type EngineEvent } from '../../../src/engine/event.js';
import { isMissingEvent } from '../../../src/engine/results.js';
import type { SequenceStage } from '../../../src/eql/syntax/ast.js';
import { pipe, rowCompiler, sequence, stage } from './engine-fixtures.js';

export interface SeriesCase {
  name: string;
  line: number;
  stages: string[];
  by: string | null;
  maxspan: number | null;
  pipes: Array<{ type: 'head' | 'tail'; count: number }>;
  size: number;
  rows: Map<string, string[]>;
  expect: string[];
}

export function parseSeries(text: string): SeriesCase[] {
  const cases: SeriesCase[] = [];
  let cur: SeriesCase | null = null;
  text.split('\n').forEach((raw, i) => {
    const line = raw.replace(/#.*$/, '').trim();
    if (!line) return;
    if (line.startsWith('===')) {
      cur = {
        name: line.slice(3).trim(),
        line: i + 1,
        stages: [],
        by: null,
        maxspan: null,
        pipes: [],
        size: 50,
        rows: new Map(),
        expect: [],
      };
      cases.push(cur);
      return;
    }
    if (!cur) throw new Error(`line ${i + 1}: content before the first === header`);
    const c: SeriesCase = cur;
    const colon = line.indexOf(':');
    if (colon < 0) throw new Error(`line ${i + 1}: expected "name: value"`);
    const head = line.slice(0, colon).trim();
    const rest = line.slice(colon + 1).trim();
    switch (head) {
      case 'stages':
        c.stages = rest.split(/\s+/);
        break;
      case 'by':
        c.by = rest;
        break;
      case 'maxspan':
        c.maxspan = Number(rest);
        break;
      case 'size':
        c.size = Number(rest);
        break;
      case 'pipes':
        c.pipes = rest.split('|').map((p) => {
          const [type, count] = p.trim().split(/\s+/);
          if (type !== 'head' && type !== 'tail') throw new Error(`line ${i + 1}: bad pipe ${p}`);
          return { type, count: Number(count) };
        });
        break;
      case 'expect':
        c.expect = rest === 'none' ? [] : rest.split('/').map((s) => s.trim().split(/\s+/).join(' '));
        break;
      default:
        c.rows.set(head, rest.split(/\s+/).filter(Boolean));
    }
  });
  return cases;
}

interface Token {
  key: string | null;
  ts: number;
}

function token(t: string): Token {
  const bar = t.indexOf('|');
  return bar < 0 ? { key: null, ts: Number(t) } : { key: t.slice(0, bar), ts: Number(t.slice(bar + 1)) };
}

/** Runs a case and renders each sequence like the `expect` line: `A1 B2`, keys as `k|A1`, missing as `-`. */
export function runSeries(c: SeriesCase): string[] {
  const events = new Map<string, { key: string | null; ts: number; rows: string[]; order: number }>();
  let order = 0;
  for (const [row, tokens] of c.rows) {
    for (const t of tokens) {
      const tok = token(t);
      const id = `${tok.key ?? ''}|${tok.ts}`;
      let e = events.get(id);
      if (!e) {
        e = { ...tok, rows: [], order: order++ };
        events.set(id, e);
      }
      e.rows.push(row);
    }
  }
  const sorted = [...events.values()].sort(
    (a, b) => a.ts - b.ts || (a.key ?? '').localeCompare(b.key ?? '') || a.order - b.order,
  );
  const stages: SequenceStage[] = c.stages.map((s) => {
    const missing = s.startsWith('!');
    const [name, runs] = s.replace(/^!/, '').split('*');
    return stage(name, { missing, runs: runs ? Number(runs) : 1 });
  });
  const stmt = sequence(stages, {
    by: c.by ? [c.by] : [],
    maxspanMs: c.maxspan,
    until: c.rows.has('until') ? stage('until') : null,
    pipes: c.pipes.map((p) => pipe(p.type, p.count)),
  });
  const ex = createCoreExecutor(stmt, { size: c.size }, rowCompiler);
  sorted.forEach((e, i) => {
    const source: Record<string, unknown> = { rows: e.rows };
    if (c.by) source[c.by] = e.key;
    const engineEvent: EngineEvent = {
      index: 'series',
      id: `${e.key ? e.key + '|' : ''}${e.ts}`,
      source,
      ordinal: { ts: e.ts, nanos: 0, tiebreaker: null, seq: i },
    };
    ex.push(engineEvent);
  });
  const stageNames = c.stages.flatMap((s) => {
    const [name, runs] = s.replace(/^!/, '').split('*');
    return Array.from({ length: runs ? Number(runs) : 1 }, () => name);
  });
  return ex.finish().map((r) => {
    if (r.kind === 'event') throw new Error('sequence expected');
    return r.events
      .map((e, i) => {
        if (isMissingEvent(e)) return '-';
        const key = (e.source[c.by ?? ''] as string | null | undefined) ?? null;
        return `${key !== null && c.by ? key + '|' : ''}${stageNames[i]}${e.ordinal.ts}`;
      })
      .join(' ');
  });
}
