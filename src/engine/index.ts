/** The execution engine: ordinals, executors and result types. */
export type {
  EngineEvent,
  ExecuteOptions,
  Executor,
  Hit,
  MatcherStats,
  MissingEvent,
  Ordinal,
  QueryResult,
} from './types.js';
export { isMissingEvent, toHit } from './types.js';
export { makeOrdinal, parseTimestamp, readSourcePath, type OrdinalOptions } from './ordinal.js';
export { compareOrdinals } from '../sequence/ordinal.js';
export { createExecutor, execute, run, evaluatorCompiler } from './executor.js';
export { createCoreExecutor, DEFAULT_SIZE } from './executor-core.js';
export type { StageCompiler } from './compiler.js';
export { prepareEvents, type RawDoc } from './events.js';
