/**
 * Per-index compilation. Indices searched together may map a field differently (a date in `dd-MM-yyyy` here,
 * `yyyy-MM-dd` there), and Elasticsearch evaluates each shard against its own mapping, so stage filters and key
 * readers are compiled once per index name, on the first event of that index. With one schema for everything
 * (no `compilerFor`) nothing is per index and the executors skip the index check altogether.
 */
import type { StageCompiler } from './stage-compiler.js';

/** The compiler for one index, when the caller has per-index schemas. */
export type CompilerFor = (index: string) => StageCompiler;

/**
 * `build` applied to the compiler of each index, cached by index name; null without `compilerFor`, meaning the
 * plan built on the shared compiler serves every event.
 */
export function perIndex<T>(
  compilerFor: CompilerFor | undefined,
  build: (compiler: StageCompiler, index: string) => T,
): ((index: string) => T) | null {
  if (!compilerFor) return null;
  const cache = new Map<string, T>();
  return (index) => {
    let plan = cache.get(index);
    if (plan === undefined) {
      plan = build(compilerFor(index), index);
      cache.set(index, plan);
    }
    return plan;
  };
}
