/**
 * `sample by ...`: for every join-key tuple found by all filters, up to `max_samples_per_key` samples, each one
 * distinct event per filter (an event may serve in several samples, never twice in one). Samples need no
 * timestamp or order between events. Elasticsearch walks keys in composite-aggregation order (null first) and
 * picks events per filter in the order it reads them; for each key it enumerates combinations depth-first, first
 * filter outermost, which is what `build` does over the events kept per filter in input order.
 */
import type { SampleQuery } from '../../eql/syntax/ast.js';
import type { Source, StageCompiler } from '../stage-compiler.js';
import { compileKeyExtractor, type KeyOf } from '../join-keys.js';
import { compareKeyTuples } from '../key-codec.js';
import type { ResultCollector } from '../limits.js';
import { perIndex, type CompilerFor } from '../per-index.js';
import type { EngineEvent } from '../event.js';
import type { QueryResult } from '../results.js';
import type { SingleExecutor } from '../single-executor.js';
import { emptyStats } from '../sequence/stats.js';

interface KeyBucket {
  values: unknown[];
  /** Per filter, the first events that matched it. */
  stages: EngineEvent[][];
}

export function createSampler(
  q: SampleQuery,
  compiler: StageCompiler,
  collector: ResultCollector<QueryResult>,
  maxSamplesPerKey: number,
  compilerFor?: CompilerFor,
): SingleExecutor {
  const n = q.stages.length;
  const perKey = Math.max(1, maxSamplesPerKey);
  // enough candidates per filter to find perKey distinct combinations whatever the other filters hold
  const keep = perKey + n - 1;
  const compileStages = (c: StageCompiler) =>
    q.stages.map((s) => ({
      filter: c.filter(s.query),
      key: compileKeyExtractor([...q.by, ...s.by], c) as (src: Source) => KeyOf[],
    }));
  let stages = compileStages(compiler);
  const byIndex = perIndex(compilerFor, compileStages);
  let index: string | null = null;
  const buckets = new Map<string, KeyBucket>();
  const stats = emptyStats();
  let finished = false;
  // an event from another index than the last one takes that index's own stages
  const follow = (e: EngineEvent) => {
    if (byIndex !== null && e.index !== index) {
      index = e.index;
      stages = byIndex(index);
    }
  };

  return {
    wants(e: EngineEvent) {
      follow(e);
      for (let i = 0; i < n; i++) if (stages[i].filter(e.source)) return true;
      return false;
    },
    push(e: EngineEvent) {
      stats.eventsSeen++;
      follow(e);
      for (let i = 0; i < n; i++) {
        const st = stages[i];
        if (!st.filter(e.source)) continue;
        stats.stageHits++;
        for (const k of st.key(e.source)) {
          let b = buckets.get(k.id);
          if (b === undefined) {
            b = { values: k.values, stages: Array.from({ length: n }, () => []) };
            buckets.set(k.id, b);
          }
          const list = b.stages[i];
          if (list.length < keep) list.push(e);
        }
      }
      stats.partialsAlive = buckets.size;
      if (stats.partialsAlive > stats.partialsAlivePeak) stats.partialsAlivePeak = stats.partialsAlive;
    },
    finish() {
      if (!finished) {
        finished = true;
        const complete = [...buckets.values()].filter((b) => b.stages.every((l) => l.length > 0));
        complete.sort((a, b) => compareKeyTuples(a.values, b.values));
        for (const b of complete) {
          if (collector.done) break;
          for (const events of build(b.stages, perKey)) {
            stats.completed++;
            collector.add({ kind: 'sample', joinKeys: b.values, events });
          }
        }
        buckets.clear();
      }
      return collector.finish();
    },
    drain: () => [],
    get done() {
      return false;
    },
    stats: () => ({ ...stats }),
  };
}

/** Up to `limit` combinations of distinct events, one per filter, depth-first with the first filter outermost. */
export function build(stages: EngineEvent[][], limit: number): EngineEvent[][] {
  const out: EngineEvent[][] = [];
  const pick: EngineEvent[] = [];
  const walk = (i: number): void => {
    if (out.length >= limit) return;
    if (i === stages.length) {
      out.push(pick.slice());
      return;
    }
    for (const e of stages[i]) {
      if (pick.includes(e)) continue;
      pick.push(e);
      walk(i + 1);
      pick.pop();
      if (out.length >= limit) return;
    }
  };
  walk(0);
  return out;
}
