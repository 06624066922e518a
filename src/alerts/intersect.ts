/**
 * The body of a sequence's shell alert: what all its building blocks share, as Kibana main's
 * `objectArrayIntersection` / `objectPairIntersection` (rule_types/eql/build_alert_group_from_sequence.ts) compute it.
 * A dotted key and the same path nested (`"user.id"` and `user: {id}`) are one path; a leaf is kept when its
 * values are `===`; arrays (or an array and a single value) keep the values both hold, first array's order, once
 * each, compared as lodash's `intersection` compares them, so objects inside arrays never match another document's
 * and arrays of objects intersect to `[]`; objects with nothing left are dropped. A path that was a dotted key in
 * both documents stays a dotted key, every other path comes out nested.
 */
import { isPlainObject, put } from './source.js';

type Path = string[];

/** Leaf paths in Kibana's traversal order (an object's leaves first, then its objects, the last one first). */
function leaves(obj: Record<string, unknown>): { pathValues: Array<[Path, unknown]>; dotted: Set<string> } {
  const pathValues: Array<[Path, unknown]> = [];
  const dotted = new Set<string>();
  const pending: Array<[Record<string, unknown>, Path]> = [[obj, []]];
  while (pending.length > 0) {
    const [o, prefix] = pending.pop()!;
    for (const [k, v] of Object.entries(o)) {
      const path = prefix.concat(k.split('.'));
      if (isPlainObject(v)) pending.push([v, path]);
      else {
        pathValues.push([path, v]);
        if (k.includes('.')) dotted.add(path.join('.'));
      }
    }
  }
  return { pathValues, dotted };
}

const INDEX = /^(?:0|[1-9]\d*)$/;

/**
 * lodash `set`: at each step an object is kept, anything else replaced by a new one (an array when the next key is
 * an array index, as lodash does); the last write of a path wins.
 */
function setPath(target: Record<string, unknown>, path: Path, value: unknown): void {
  let cur = target;
  for (let i = 0; i < path.length - 1; i++) {
    const key = path[i]!;
    const next = Object.hasOwn(cur, key) ? cur[key] : undefined;
    if (next !== null && typeof next === 'object') cur = next as Record<string, unknown>;
    else {
      const created = (INDEX.test(path[i + 1]!) ? [] : {}) as Record<string, unknown>;
      put(cur, key, created);
      cur = created;
    }
  }
  put(cur, path[path.length - 1]!, value);
}

function nested(pathValues: Array<[Path, unknown]>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [path, value] of pathValues) setPath(out, path, value);
  return out;
}

/** lodash `intersection` of two arrays: SameValueZero, each value once, in the first array's order. */
function arrayIntersection(a: readonly unknown[], b: readonly unknown[]): unknown[] {
  return [...new Set(a)].filter((v) => b.includes(v));
}

/** The shared part of two normalised (nested) objects, without the objects that end up empty. */
function shared(a: Record<string, unknown>, b: Record<string, unknown>): Record<string, unknown> | undefined {
  const out: Record<string, unknown> = {};
  for (const [key, av] of Object.entries(a)) {
    if (!Object.hasOwn(b, key)) continue;
    const bv = b[key];
    if (isPlainObject(av) && isPlainObject(bv)) {
      const inner = shared(av, bv);
      if (inner !== undefined) put(out, key, inner);
    } else if (av === bv) {
      if (av !== undefined) put(out, key, av);
    } else if (Array.isArray(av) || Array.isArray(bv)) {
      put(out, key, arrayIntersection(Array.isArray(av) ? av : [av], Array.isArray(bv) ? bv : [bv]));
    }
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

export function objectPairIntersection(
  a: Record<string, unknown> | undefined,
  b: Record<string, unknown> | undefined,
): Record<string, unknown> | undefined {
  if (a === undefined || b === undefined) return undefined;
  const la = leaves(a);
  const lb = leaves(b);
  const both = shared(nested(la.pathValues), nested(lb.pathValues));
  if (both === undefined) return undefined;
  const out: Record<string, unknown> = {};
  for (const [path, value] of leaves(both).pathValues) {
    const key = path.join('.');
    if (la.dotted.has(key) && lb.dotted.has(key)) put(out, key, value);
    else setPath(out, path, value);
  }
  return out;
}

/** The intersection of all; one object is its own intersection, returned as it is (as Kibana does). */
export function objectArrayIntersection(
  objects: readonly Record<string, unknown>[],
): Record<string, unknown> | undefined {
  if (objects.length === 0) return undefined;
  let acc: Record<string, unknown> | undefined = objects[0];
  for (let i = 1; i < objects.length; i++) acc = objectPairIntersection(acc, objects[i]);
  return acc;
}
