/**
 * Memory-level parallelism for events that are no longer in cache.
 *
 * Reading a field of a parsed event is a chain of dependent loads (event → `_source` → `process` → `parent`),
 * and on events parsed long ago each is a cache miss (about 100 ns). Evaluated one event at a time, those chains
 * run one after another. A toucher walks the same paths for a block of events first, in a loop small enough for
 * the CPU to overlap the chains of neighbouring events; the evaluation that follows then finds them in cache.
 * Which paths matters: only those the stage filters test first once they have settled their order (see
 * `adaptiveAllOf`), since every other line loaded is one most events never need. In interleaved A/B runs over
 * 600,000 parsed events (bench/inmemory.ts's data), rule.json's sequence ran at a median 1.26M events/s touching
 * every path the query names, 1.43M touching nothing, and 1.70-1.78M touching the lead paths (`process.name`).
 * Events just parsed are in cache anyway: streaming sources keep using `push`.
 *
 * The toucher only reads: its answer is a count that callers fold into a sink so that the compiler keeps the loads.
 * Which paths it walks does not change any result; a path that is not there costs one load.
 */
import { generate } from '../eql/evaluate/codegen.js';
import type { Source } from './stage-compiler.js';

/** Touches `events[start, end)` (at most PREFETCH_BLOCK of them); the count it returns means nothing. */
export type Toucher = (events: readonly TouchedEvent[], start: number, end: number) => number;

interface TouchedEvent {
  source: Source;
  ordinal: { ts: number };
}

interface Trie {
  children: Map<string, Trie>;
  id: number;
  depth: number;
}

/**
 * A block toucher for `_source` paths (dotted names, as `sourceFieldsFor` gives them): `touch(events, start, end)`
 * walks the paths of those events level by level (every event's `_source`, then every event's `process`, ...),
 * so that the loads of one level are independent of each other and their misses overlap. A leaf string's length
 * and an array's first element are read too: the evaluation compares them next.
 */
export function compileToucher(paths: readonly string[]): Toucher {
  const root: Trie = { children: new Map(), id: 0, depth: 0 };
  const nodes: Trie[] = [root];
  for (const p of paths) {
    let node = root;
    for (const seg of p.split('.')) {
      let next = node.children.get(seg);
      if (!next) {
        next = { children: new Map(), id: nodes.length, depth: node.depth + 1 };
        nodes.push(next);
        node.children.set(seg, next);
      }
      node = next;
    }
  }
  const inner = nodes.filter((n) => n.children.size > 0);
  let code = 'let n = 0;\nconst len = end - start;\n';
  code += 'for (let i = 0; i < len; i++) o0[i] = events[start + i].source;\n';
  const maxDepth = Math.max(0, ...inner.map((x) => x.depth));
  for (let d = 0; d <= maxDepth; d++) {
    code += 'for (let i = 0; i < len; i++) {\n';
    for (const parent of inner.filter((x) => x.depth === d)) {
      code += `  const p${parent.id} = o${parent.id}[i];\n`;
      code += `  if (p${parent.id} !== null && typeof p${parent.id} === 'object' && !Array.isArray(p${parent.id})) {\n`;
      for (const [seg, child] of parent.children) {
        const v = `p${parent.id}[${JSON.stringify(seg)}]`;
        if (child.children.size > 0) code += `    o${child.id}[i] = ${v};\n`;
        else
          code += `    { const v = ${v}; if (typeof v === 'string') n += v.length; else if (Array.isArray(v) && v[0] !== undefined) n++; }\n`;
      }
      code += '  } else {\n';
      for (const child of parent.children.values())
        if (child.children.size > 0) code += `    o${child.id}[i] = undefined;\n`;
      code += '  }\n';
    }
    code += '}\n';
  }
  code += 'return n;';
  const names = inner.map((x) => `o${x.id}`);
  const scratch = inner.map(() => new Array<unknown>(PREFETCH_BLOCK).fill(undefined));
  // without generated code, loading ahead is not worth a closure's cost: touch nothing (pushAll does not ask)
  return generate<Toucher>(
    names,
    `return function touch(events, start, end) {\n${code}\n};`,
    scratch,
    () => () => 0,
  );
}

/** Events per block: enough misses in flight to fill the CPU's buffers, few enough to stay in cache. */
export const PREFETCH_BLOCK = 32;

let sink = 0;

/**
 * Touches a block's events, then hands them to `push` one by one, from `events[from]` on; stops after the block
 * where `done()` holds.
 */
export function pushPrefetched<E extends TouchedEvent>(
  events: readonly E[],
  touch: Toucher,
  push: (e: E) => void,
  done: () => boolean,
  from = 0,
): void {
  let acc = 0;
  for (let start = from; start < events.length; start += PREFETCH_BLOCK) {
    const end = Math.min(events.length, start + PREFETCH_BLOCK);
    acc += touch(events, start, end);
    // every push is a no-op once done: asking once per block is enough
    for (let i = start; i < end; i++) push(events[i]!);
    if (done()) break;
  }
  sink += acc;
}

/** Keeps the sink observable, so that no compiler can prove the touches dead. */
export function prefetchSink(): number {
  return sink;
}
