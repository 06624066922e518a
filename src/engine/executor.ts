/**
 * The engine's entry points, bound to the EQL evaluator: `createExecutor` (synchronous, for the hot path) and
 * `execute` (an async generator over a sorted event stream).
 */
import type { Statement } from '../eql/syntax/ast.js';
import type { Schema } from '../mapping/schema.js';
import { compileEventFilter, compileFieldReader, leadPaths } from '../eql/evaluate/index.js';
import type { StageCompiler } from './stage-compiler.js';
import { createCoreExecutor } from './executor-core.js';
import type { EngineEvent } from './event.js';
import type { ExecuteOptions, Executor, QueryResult } from './results.js';

/**
 * The evaluator bound to a schema: `opts.schema` by default, or one index's (`schemaFor`), in which case
 * `opts.schema` (every searched index merged) still decides which optional fields exist at all.
 */
export function evaluatorCompiler(
  opts: ExecuteOptions,
  schema: Schema | undefined = opts.schema,
  source?: string,
): StageCompiler {
  const evalOpts = {
    schema,
    // the query's text: an error found while compiling (a bad ip or date literal, an invalid regex) points into it
    source,
    knownFields: opts.schema ?? schema,
    eventCategoryField: opts.eventCategoryField ?? 'event.category',
    regexCaseFolding: opts.regexCaseFolding,
  };
  return {
    filter: (q) => compileEventFilter(q, evalOpts),
    reader: (f, exact) => compileFieldReader(f, evalOpts, exact),
    leadPaths,
  };
}

export function createExecutor(stmt: Statement, opts: ExecuteOptions = {}): Executor {
  const schemaFor = opts.schemaFor;
  const compilerFor = schemaFor
    ? (index: string) => evaluatorCompiler(opts, schemaFor(index) ?? opts.schema, stmt.source)
    : undefined;
  return createCoreExecutor(stmt, opts, evaluatorCompiler(opts, opts.schema, stmt.source), compilerFor);
}

/**
 * Runs `stmt` over events sorted by ordinal, yielding results as soon as they are final (in order); stops reading
 * the input once no further event can change the answer.
 */
export async function* execute(
  stmt: Statement,
  events: AsyncIterable<EngineEvent> | Iterable<EngineEvent>,
  opts: ExecuteOptions = {},
): AsyncGenerator<QueryResult> {
  const ex = createExecutor(stmt, opts);
  yield* run(ex, events);
}

export async function* run(
  ex: Executor,
  events: AsyncIterable<EngineEvent> | Iterable<EngineEvent>,
): AsyncGenerator<QueryResult> {
  if (ex.done) {
    // `| head 0`: not one event is asked for
  } else if (Symbol.iterator in events) {
    // a plain loop: `for await` over a sync iterable costs a promise per event
    for (const e of events) {
      ex.push(e);
      if (ex.done) break;
    }
  } else {
    let n = 0;
    for await (const e of events) {
      ex.push(e);
      // drain in batches: a drain per event would allocate for nothing, results are rare
      if ((++n & 255) === 0 || ex.done) {
        for (const r of ex.drain()) yield r;
        if (ex.done) break;
      }
    }
  }
  for (const r of ex.finish()) yield r;
}
