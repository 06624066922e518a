/**
 * Runs a parsed statement over events sorted by ordinal: the executor of its query type (event-executor.ts,
 * sequence/sequence-executor.ts, sample/sampler.ts), with the batch push every type shares. The evaluator is
 * injected (StageCompiler) so that this glue stays testable on its own; `executor.ts` binds it to the real one.
 */
import type { Statement } from '../eql/syntax/ast.js';
import { canGenerate } from '../eql/evaluate/codegen.js';
import { LEARN_CALLS } from '../eql/evaluate/specialize.js';
import { eventExecutor } from './event-executor.js';
import { createSampler } from './sample/sampler.js';
import { sequenceExecutor } from './sequence/sequence-executor.js';
import type { SingleExecutor } from './single-executor.js';
import { limitOps, ResultCollector } from './limits.js';
import type { CompilerFor } from './per-index.js';
import { compileToucher, pushPrefetched, type Toucher } from './prefetch.js';
import type { StageCompiler } from './stage-compiler.js';
import type { EngineEvent } from './event.js';
import type { ExecuteOptions, Executor, QueryResult } from './results.js';

export const DEFAULT_SIZE = 10;

/**
 * `compiler` serves every event, unless `compilerFor` gives each index its own (see per-index.ts); `compiler` is
 * still used up front so that a query that cannot compile fails before any event.
 */
export function createCoreExecutor(
  stmt: Statement,
  opts: ExecuteOptions,
  compiler: StageCompiler,
  compilerFor?: CompilerFor,
): Executor {
  const collector = new ResultCollector<QueryResult>(
    limitOps(stmt.pipes, opts.size ?? DEFAULT_SIZE, opts.resultPosition),
  );
  const q = stmt.query;
  let ex: SingleExecutor;
  switch (q.type) {
    case 'event':
      ex = eventExecutor(q, compiler, collector, compilerFor);
      break;
    case 'sequence':
      ex = sequenceExecutor(q, compiler, collector, opts, compilerFor);
      break;
    case 'sample':
      ex = createSampler(q, compiler, collector, opts.maxSamplesPerKey ?? 1, compilerFor);
      break;
  }
  // Decided within pushAll, once the filters have settled their order (streaming callers only push, and need not
  // pay for it): the toucher loads ahead what each filter reads first, or nothing (null).
  let touch: Toucher | null | undefined;
  let learning = LEARN_CALLS;
  const push = ex.push;
  const done = () => ex.done;
  return Object.assign(ex, {
    pushAll: (events: readonly EngineEvent[]) => {
      let from = 0;
      if (touch === undefined) {
        for (; from < events.length && learning >= 0; from++, learning--) {
          push(events[from]!);
          if (done()) return;
        }
        if (learning >= 0) return;
        const paths = ex.touchPaths?.() ?? [];
        // without generated code, loading ahead is not worth a closure's cost (see prefetch.ts): plain pushes
        touch = paths.length > 0 && canGenerate ? compileToucher(paths) : null;
      }
      // no copy of the rest: on a large array in memory that allocation alone can start a full GC
      if (touch !== null) pushPrefetched(events, touch, push, done, from);
      else
        for (let i = from; i < events.length; i++) {
          push(events[i]!);
          if (done()) return;
        }
    },
  });
}
