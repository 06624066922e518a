/** A plain event query: every event its filter takes is a result, in stream order. */
import type { EventQuery } from '../eql/syntax/ast.js';
import type { StageCompiler } from './stage-compiler.js';
import type { ResultCollector } from './limits.js';
import { perIndex, type CompilerFor } from './per-index.js';
import { emptyStats } from './sequence/stats.js';
import { unionOfLeadPaths, type SingleExecutor } from './single-executor.js';
import type { EngineEvent } from './event.js';
import type { QueryResult } from './results.js';

export function eventExecutor(
  q: EventQuery,
  compiler: StageCompiler,
  collector: ResultCollector<QueryResult>,
  compilerFor?: CompilerFor,
): SingleExecutor {
  let filter = compiler.filter(q);
  const byIndex = perIndex(compilerFor, (c) => c.filter(q));
  let index: string | null = null;
  // an event from another index than the last one takes that index's own filter
  const follow = (e: EngineEvent) => {
    if (byIndex !== null && e.index !== index) {
      index = e.index;
      filter = byIndex(index);
    }
  };
  const stats = emptyStats();
  return {
    wants(e: EngineEvent) {
      follow(e);
      return filter(e.source);
    },
    push(e: EngineEvent) {
      stats.eventsSeen++;
      if (collector.done) return;
      follow(e);
      if (filter(e.source)) {
        stats.stageHits++;
        stats.completed++;
        collector.add({ kind: 'event', event: e });
      }
    },
    touchPaths: () => unionOfLeadPaths(compiler, [filter]),
    finish: () => collector.finish(),
    drain: () => collector.drain(),
    get done() {
      return collector.done;
    },
    stats: () => ({ ...stats }),
  };
}
