/**
 * Reading a field out of `_source` the way Elasticsearch indexes it: `{"a.b":1}`, `{"a":{"b":1}}` and
 * `{"a":{"b.c":1}}`-style mixes name the same field; arrays of objects flatten; nested arrays flatten; objects
 * where a value is expected are no value. These readers give the raw scalars (a null as null); field-plan.ts
 * turns them into the field's values (`null_value`, the mapped type).
 *
 * A reader returns `undefined` (no value), one scalar, or an array of scalars (a multi-valued field). Every split
 * of the dotted path is precomputed once so that the per-event walk allocates nothing in the single-value case.
 */
import { generate } from './codegen.js';

export type Source = Record<string, unknown>;
/** undefined | scalar | scalar[] */
export type RawValues = unknown;
export type ValuesReader = (src: Source) => RawValues;

const hasOwn = Object.prototype.hasOwnProperty;

interface Collector {
  count: number;
  first: unknown;
  list: unknown[] | null;
}

/**
 * Compile a reader of the raw (unconverted) scalars at `path`. Nulls are reported as `null`.
 *
 * Almost every event nests its objects plainly (`{"a":{"b":{"c":1}}}`), so the reader first follows that chain and
 * checks that none of the other splits of the path (`"a.b"`, `"a.b.c"`, `"b.c"`) is a key on the way; only when
 * one is, or an object on the way is an array, does it run the full walk over every split.
 */
export function compilePathReader(path: string): ValuesReader {
  const segs = path.split('.');
  const unsafe = !isPlainChain(segs);
  const walk = compileWalkReader(segs, unsafe);
  if (unsafe) return walk;
  return compileChainReader(segs, walk);
}

/** Whether generated code may name every segment as a property (none reaches the prototype machinery). */
function isPlainChain(segs: readonly string[]): boolean {
  return !segs.some((s) => s === '__proto__' || s === 'constructor' || s === 'prototype');
}

/**
 * The plain-chain reader, generated so that every key is a constant property name: each read then gets its own
 * inline cache, and a missing dotted key costs a cached lookup. Keys enter the code as JSON string literals only.
 */
function compileChainReader(segs: string[], walk: ValuesReader): ValuesReader {
  const code = chainCode(segs, 'return walk(src);', 'return undefined;', (v) => `return leaf(${v});`);
  // the walk over every split gives the same values: the chain is its fast path
  return generate(
    ['walk', 'leaf'],
    `return function readChain(src) {\n${code}\n};`,
    [walk, leafValues],
    () => walk,
  );
}

/**
 * The plain-chain walk as code: `other` where another split of the path is a key or an array is on the way,
 * `none` where an object on the way is missing or a scalar, and `end(expr)` with the last key's value.
 */
function chainCode(segs: string[], other: string, none: string, end: (value: string) => string): string {
  const n = segs.length;
  const lit = (i: number, j: number): string => JSON.stringify(segs.slice(i, j).join('.'));
  let code = `if (src === null || typeof src !== 'object' || Array.isArray(src)) ${other}\nconst n0 = src;\n`;
  for (let i = 0; i < n - 1; i++) {
    for (let j = i + 2; j <= n; j++) code += `if (n${i}[${lit(i, j)}] !== undefined) ${other}\n`;
    const next = `n${i + 1}`;
    code += `const ${next} = n${i}[${lit(i, i + 1)}];\n`;
    code += `if (${next} === null || typeof ${next} !== 'object') ${none}\n`;
    code += `if (Array.isArray(${next})) ${other}\n`;
  }
  return code + end(`n${n - 1}[${lit(n - 1, n)}]`);
}

/**
 * A term-level test on a field whose raw value is the usual one string (or array of strings), as one generated
 * function: the chain walk and the test inline, without a reader call in between (on rule.json's stages about
 * half the cost of a clause). Anything else (dotted keys, arrays on the way, other values) goes to `slow`, the
 * general any-value test.
 * Null if the path cannot be walked as a plain chain (see `compilePathReader`).
 */
export function compileStringLeafTest(
  path: string,
  test: (v: unknown) => boolean | null,
  slow: (src: Source) => boolean,
): ((src: Source) => boolean) | null {
  const segs = path.split('.');
  if (!isPlainChain(segs)) return null;
  const code = chainCode(
    segs,
    'return slow(src);',
    'return false;',
    (v) =>
      `const v = ${v};\nif (typeof v === 'string') return test(v) === true;\n` +
      'if (v === undefined || v === null) return false;\n' +
      // an array of strings (ECS writes event.category and event.type so), nulls being no value
      'if (!Array.isArray(v)) return slow(src);\n' +
      'for (let i = 0; i < v.length; i++) {\nconst x = v[i];\n' +
      "if (typeof x === 'string') { if (test(x) === true) return true; }\n" +
      'else if (x !== null) return slow(src);\n}\nreturn false;',
  );
  return generate(
    ['test', 'slow'],
    `return function stringLeaf(src) {\n${code}\n};`,
    [test, slow],
    () => slow,
  );
}

/** The scalars of a value found at the end of the path: itself, or an array's (flattened). */
function leafValues(v: unknown): RawValues {
  if (v === undefined) return undefined;
  if (v === null || typeof v !== 'object') return typeof v === 'function' ? undefined : v;
  if (!Array.isArray(v)) return undefined;
  if (v.length === 1) {
    const x: unknown = v[0];
    if (x === null || (typeof x !== 'object' && typeof x !== 'function')) return x;
  }
  const out: unknown[] = [];
  flattenInto(v, out);
  return out.length === 0 ? undefined : out.length === 1 ? out[0] : out;
}

function flattenInto(v: unknown[], out: unknown[]): void {
  for (let k = 0; k < v.length; k++) {
    const x = v[k];
    if (Array.isArray(x)) flattenNested(x, out);
    else if (x === null || (typeof x !== 'object' && typeof x !== 'function' && x !== undefined)) out.push(x);
  }
}

/**
 * Each element of an array within an array that is not itself an array, in order, with an explicit stack rather
 * than a call per level: how deep arrays nest is the event's choice (flat arrays, nearly all of them, never get
 * here).
 */
function eachNested(v: unknown[], visit: (x: unknown) => void): void {
  const arrays: unknown[][] = [v];
  const next: number[] = [0];
  while (arrays.length > 0) {
    const top = arrays.length - 1;
    const a = arrays[top]!;
    const k = next[top]!;
    if (k >= a.length) {
      arrays.pop();
      next.pop();
      continue;
    }
    next[top] = k + 1;
    const x = a[k];
    if (Array.isArray(x)) {
      arrays.push(x);
      next.push(0);
    } else visit(x);
  }
}

/** The scalars of an array within an array, in order. */
function flattenNested(v: unknown[], out: unknown[]): void {
  eachNested(v, (x) => {
    if (x === null || (typeof x !== 'object' && typeof x !== 'function' && x !== undefined)) out.push(x);
  });
}

/** The objects of an array within an array, in order. */
function nestedObjects(v: unknown[], each: (o: Record<string, unknown>) => void): void {
  eachNested(v, (x) => {
    if (x !== null && typeof x === 'object') each(x as Record<string, unknown>);
  });
}

/** The full walk: every split of the path at every level, arrays of objects included (exported for tests). */
export function compileWalkReader(segs: string[], unsafe = false): ValuesReader {
  const n = segs.length;
  // keys[i][j]: the dotted key made of segments i..j-1
  const keys: string[][] = [];
  for (let i = 0; i < n; i++) {
    const row: string[] = [];
    for (let j = 0; j <= n; j++) row.push(j > i ? segs.slice(i, j).join('.') : '');
    keys.push(row);
  }
  const acc: Collector = { count: 0, first: undefined, list: null };

  const emit = (v: unknown): void => {
    if (acc.count === 0) acc.first = v;
    else if (acc.count === 1) acc.list = [acc.first, v];
    else acc.list!.push(v);
    acc.count++;
  };
  const emitScalar = (v: unknown): void => {
    if (v === null || (typeof v !== 'object' && typeof v !== 'function' && v !== undefined)) emit(v);
  };
  const emitLeaf = (v: unknown): void => {
    if (!Array.isArray(v)) return emitScalar(v);
    for (let k = 0; k < v.length; k++) {
      const x: unknown = v[k];
      if (!Array.isArray(x)) emitScalar(x);
      else {
        const inner: unknown[] = [];
        flattenNested(x, inner);
        for (let m = 0; m < inner.length; m++) emit(inner[m]);
      }
    }
  };
  // a walk recurses once per segment of the path, never once per level of arrays between them
  const descend = (v: unknown, i: number): void => {
    if (v === null || typeof v !== 'object') return;
    if (Array.isArray(v)) {
      for (let k = 0; k < v.length; k++) {
        const x: unknown = v[k];
        if (Array.isArray(x)) nestedObjects(x, (o) => walk(o, i));
        else if (x !== null && typeof x === 'object') walk(x as Record<string, unknown>, i);
      }
    } else {
      walk(v as Record<string, unknown>, i);
    }
  };
  const walk = (node: Record<string, unknown>, i: number): void => {
    const row = keys[i]!;
    for (let j = i + 1; j <= n; j++) {
      const key = row[j]!;
      const v = node[key];
      if (v === undefined || (unsafe && !hasOwn.call(node, key))) continue;
      if (j === n) emitLeaf(v);
      else descend(v, j);
    }
  };

  // Fast path for one segment: a plain property read.
  if (n === 1) {
    const key = segs[0]!;
    return (src) => {
      const v = src[key];
      if (v === undefined || (unsafe && !hasOwn.call(src, key))) return undefined;
      if (v === null || typeof v !== 'object') return typeof v === 'function' ? undefined : v;
      acc.count = 0;
      acc.first = undefined;
      acc.list = null;
      emitLeaf(v);
      return finish(acc);
    };
  }
  return (src) => {
    acc.count = 0;
    acc.first = undefined;
    acc.list = null;
    if (src !== null && typeof src === 'object') walk(src, 0);
    return finish(acc);
  };
}

function finish(acc: Collector): RawValues {
  if (acc.count === 0) return undefined;
  if (acc.count === 1) return acc.first;
  const list = acc.list!;
  acc.list = null;
  return list;
}

/** The raw value at `path` before flattening, for `field[i]` indexing: the first match in `_source`. */
function compileRawLookup(path: string): (src: Source) => unknown {
  const segs = path.split('.');
  const n = segs.length;
  const find = (node: unknown, i: number): unknown => {
    if (node === null || typeof node !== 'object' || Array.isArray(node)) return undefined;
    const obj = node as Record<string, unknown>;
    for (let j = n; j > i; j--) {
      const key = segs.slice(i, j).join('.');
      if (!hasOwn.call(obj, key)) continue;
      const v = obj[key];
      if (j === n) return v;
      const r = find(v, j);
      if (r !== undefined) return r;
    }
    return undefined;
  };
  return (src) => find(src, 0);
}

/** The raw scalars at `path[i][j]...`, for `field[i]` indexing. */
export function indexedReader(path: string, indexes: number[]): ValuesReader {
  const lookup = compileRawLookup(path);
  return (src) => {
    let v = lookup(src);
    for (const i of indexes) {
      if (Array.isArray(v)) v = v[i];
      else if (i !== 0) v = undefined;
      if (v === undefined) return undefined;
    }
    return flattenScalars(v);
  };
}

function flattenScalars(v: unknown): RawValues {
  if (!Array.isArray(v)) return v !== null && typeof v === 'object' ? undefined : v;
  const out: unknown[] = [];
  flattenNested(v, out);
  return out.length === 0 ? undefined : out.length === 1 ? out[0] : out;
}
