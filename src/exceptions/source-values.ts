/**
 * The values a document holds for a field, as Elasticsearch indexes them from `_source`: dotted keys and nested
 * objects both spell a path (`{"a.b": 1}`, `{a: {b: 1}}`, and mixed), arrays of objects contribute every
 * object's value (an `object` field flattens them), and arrays of values are flattened. A field read this way
 * sees what a query on it sees; engine/event.ts's readSourcePath returns one spelling's value only, which is the
 * EQL evaluator's reading and not an index's.
 */
import type { Schema } from '../mapping/schema.js';

type Doc = Record<string, unknown>;

function isDoc(v: unknown): v is Doc {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** Every value at `path` (nulls included, arrays flattened; an object where the path ends at one). */
export function sourceValues(source: Doc, path: string): unknown[] {
  const out: unknown[] = [];
  collect(source, path.split('.'), 0, out);
  return out;
}

function collect(obj: Doc, parts: string[], from: number, out: unknown[]): void {
  let key = '';
  for (let end = from + 1; end <= parts.length; end++) {
    key = end === from + 1 ? parts[from]! : `${key}.${parts[end - 1]!}`;
    if (!Object.prototype.hasOwnProperty.call(obj, key)) continue;
    const v = obj[key];
    if (end === parts.length) flattenInto(v, out);
    else descend(v, parts, end, out);
  }
}

function descend(v: unknown, parts: string[], from: number, out: unknown[]): void {
  if (isDoc(v)) collect(v, parts, from, out);
  else if (Array.isArray(v)) for (const x of v) descend(x, parts, from, out);
}

function flattenInto(v: unknown, out: unknown[]): void {
  if (Array.isArray(v)) for (const x of v) flattenInto(x, out);
  else out.push(v);
}

/** The objects of the `nested` (or object) field at `path`: what a `nested` query tests one at a time. */
export function nestedObjects(source: Doc, path: string): Doc[] {
  return sourceValues(source, path).filter(isDoc);
}

/**
 * Where a field's values lie in `_source`: an alias reads its target, and a multi-field (`name.keyword`) its
 * parent's value, since Elasticsearch indexes the one value both ways.
 */
export function sourcePathOf(field: string, schema: Schema | undefined): string {
  if (!schema) return field;
  const target = schema.aliasTarget(field);
  if (target !== undefined) return target;
  const dot = field.lastIndexOf('.');
  if (dot > 0 && schema.resolve(field)) {
    const parent = schema.resolve(field.slice(0, dot));
    if (parent && parent.type !== 'object' && parent.type !== 'nested') return parent.name;
  }
  return field;
}

/** True when a value counts for `exists`: not null, and for an object some non-null value inside it. */
export function hasValue(v: unknown): boolean {
  if (v === null || v === undefined) return false;
  if (Array.isArray(v)) return v.some(hasValue);
  if (isDoc(v)) return Object.values(v).some(hasValue);
  return true;
}
