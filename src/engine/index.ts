/** The execution engine: ordinals, executors and result types. */
export type { EngineEvent, Ordinal } from './event.js';
export type { ExecuteOptions, Executor, Hit, MatcherStats, MissingEvent, QueryResult } from './results.js';
export { isMissingEvent, toHit } from './results.js';
export { makeOrdinal, parseTimestamp, type OrdinalOptions } from './ordinal.js';
export { compareOrdinals, readSourcePath } from './event.js';
export { createExecutor, execute, run, evaluatorCompiler } from './executor.js';
export { createCoreExecutor, DEFAULT_SIZE } from './executor-core.js';
export type { StageCompiler } from './stage-compiler.js';
export { prepareEvents, type RawDoc } from './prepare-events.js';
