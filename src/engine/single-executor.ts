/**
 * What every query type's executor is before the core adds `pushAll` (executor-core.ts), and what they share.
 */
import type { Source, StageCompiler } from './stage-compiler.js';
import type { Executor } from './results.js';

/** An executor before `pushAll` is added (the same for every query type). */
export type SingleExecutor = Omit<Executor, 'pushAll'> & {
  /** The `_source` paths the filters read first, once they have settled (see prefetch.ts). */
  touchPaths?: () => string[];
};

/** The `_source` paths the given filters read first, each once. */
export function unionOfLeadPaths(
  compiler: StageCompiler,
  filters: Array<(src: Source) => boolean>,
): string[] {
  const out = new Set<string>();
  for (const f of filters) for (const p of compiler.leadPaths?.(f) ?? []) out.add(p);
  return [...out];
}
