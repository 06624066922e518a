/**
 * Shared by the benchmarks: the seed rule, number formatting, and the result line run-all.ts collects from each
 * benchmark (which runs in its own process, so heap and RSS figures are its own).
 */
import { readFileSync, realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { EngineEvent, QueryResult } from '../src/engine/index.js';
import type { PlantedSequence } from '../src/generate/index.js';

export const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));

export function ruleQuery(): string {
  const rule = JSON.parse(readFileSync(new URL('../../rule.json', import.meta.url), 'utf8')) as {
    query: string;
  };
  return rule.query;
}

/** One figure of a benchmark; `target` set when the brief gives one. */
export interface Figure {
  label: string;
  value: string;
  target?: string;
  ok?: boolean;
}

export interface BenchReport {
  bench: string;
  figures: Figure[];
}

export const RESULT_PREFIX = 'BENCH-RESULT ';

/** Prints the figures for people, and the machine-readable line run-all.ts picks up. */
export function report(r: BenchReport): void {
  console.log(`\n${r.bench}:`);
  for (const f of r.figures) {
    const verdict = f.ok === undefined ? '' : f.ok ? '  [ok]' : '  [MISSED]';
    console.log(`  ${f.label.padEnd(34)} ${f.value}${f.target ? `  (target ${f.target})` : ''}${verdict}`);
  }
  console.log(RESULT_PREFIX + JSON.stringify(r));
}

export function rate(n: number, seconds: number): string {
  return `${Math.round(n / seconds).toLocaleString('en-US')} events/s`;
}

export function mb(bytes: number): string {
  return `${(bytes / (1 << 20)).toFixed(1)} MB`;
}

export function int(n: number): string {
  return n.toLocaleString('en-US');
}

export function seconds(s: number): string {
  return `${s.toFixed(2)} s`;
}

/** Sequence results as sorted "stage1-id stage2-id" strings, to compare with the planted list. */
export function sequencePairs(results: QueryResult[]): string[] {
  return results
    .map((r) => (r.kind === 'event' ? r.event.id : r.events.map((e) => (e as EngineEvent).id).join(' ')))
    .sort();
}

export function plantedPairs(planted: PlantedSequence[]): string[] {
  return planted.map((p) => p.eventIds.join(' ')).sort();
}

export function sameList(a: string[], b: string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

/** Live heap after a full collection (needs --expose-gc; otherwise the current heap). */
export function liveHeap(): number {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc) gc();
  return process.memoryUsage().heapUsed;
}

/** True when this module file is the process's entry point (so a benchmark runs on its own). */
export function isMain(metaUrl: string): boolean {
  if (!process.argv[1]) return false;
  try {
    return realpathSync(process.argv[1]) === realpathSync(fileURLToPath(metaUrl));
  } catch {
    return false;
  }
}

/** The loop's result, kept observable so that no compiler can drop the loop. */
export let machineCheckSink = 0;

/**
 * Milliseconds for a fixed loop of 200,000,000 integer additions, best of `rounds`: how fast this machine runs
 * plain code right now. The development VM has taken from about 100 ms to over 400 ms for it within one hour,
 * and the benchmarks' figures move with it; printing it next to them says which phase a figure was measured in.
 * One round alone can include the loop's compilation (a single round once took 1.4 s in a busy process), hence
 * the best of three.
 */
export function machineCheck(rounds = 3): number {
  let best = Infinity;
  for (let r = 0; r < rounds; r++) {
    const start = performance.now();
    let x = 0;
    for (let i = 0; i < 200_000_000; i++) x = (x + i * 7) | 0;
    machineCheckSink ^= x;
    best = Math.min(best, performance.now() - start);
  }
  return best;
}
