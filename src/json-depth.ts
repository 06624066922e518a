/**
 * How deep JSON may nest. Elasticsearch reads every request body, documents and mappings alike, with Jackson,
 * whose `StreamReadConstraints.maxNestingDepth` is 1,000 by default; Elasticsearch overrides only its string and
 * name lengths (`XContentImplUtils.configure`, Jackson 2.15 from 8.8, 2.17 in 9.x), so a document nesting objects
 * and arrays deeper than 1,000 levels, its root object included, is refused ("Document nesting depth (1001)
 * exceeds the maximum allowed (1000, from `StreamReadConstraints.getMaxNestingDepth()`)"), and nor can it write a
 * response that deep. `test/es/nesting-limit.test.ts` holds this to a node. Such an event is one Elasticsearch
 * could never have returned, and such a mapping one it could neither take nor print.
 *
 * Everything here walks iteratively: the point is to judge input the recursive code elsewhere could not survive.
 */

export const MAX_JSON_DEPTH = 1000;

/** One step of a path into a JSON value: an object key, or an array position. */
export type JsonStep = string | number;

/**
 * Whether `text` can hold a value nesting deeper than `limit`: only with more than `limit` opening brackets
 * (counted quoted or not), which takes more than twice that many characters. Lines of normal events are shorter,
 * and cost one comparison; longer ones a search per bracket they hold.
 */
export function mayNestDeeper(text: string, limit = MAX_JSON_DEPTH): boolean {
  if (text.length <= 2 * limit + 1) return false;
  let count = 0;
  for (let i = text.indexOf('{'); i >= 0; i = text.indexOf('{', i + 1)) if (++count > limit) return true;
  for (let i = text.indexOf('['); i >= 0; i = text.indexOf('[', i + 1)) if (++count > limit) return true;
  return false;
}

interface Frame {
  value: object;
  keys: string[] | null;
  next: number;
}

/**
 * The path to the first container nested deeper than `limit` levels in `value` (itself at level 1), or null when
 * none is: the steps from `value` down to it, so that `path.length === limit` for the first level too deep.
 */
export function pathBeyondDepth(value: unknown, limit = MAX_JSON_DEPTH): JsonStep[] | null {
  if (value === null || typeof value !== 'object') return null;
  if (limit < 1) return [];
  const frames: Frame[] = [{ value, keys: Array.isArray(value) ? null : Object.keys(value), next: 0 }];
  const path: JsonStep[] = [];
  while (frames.length > 0) {
    const top = frames[frames.length - 1]!;
    const size = top.keys === null ? (top.value as unknown[]).length : top.keys.length;
    if (top.next >= size) {
      frames.pop();
      path.pop();
      continue;
    }
    const step: JsonStep = top.keys === null ? top.next : top.keys[top.next]!;
    top.next++;
    const child = (top.value as Record<string | number, unknown>)[step];
    if (child === null || typeof child !== 'object') continue;
    path.push(step);
    if (frames.length >= limit) return path;
    frames.push({ value: child, keys: Array.isArray(child) ? null : Object.keys(child), next: 0 });
  }
  return null;
}

/**
 * The offset in `text` of the bracket that opens level `limit + 1`, or -1 when the text never nests that deep;
 * strings are skipped, so that it also reads text that is not valid JSON (a truncated line) as far as it goes.
 */
export function offsetBeyondDepth(text: string, limit = MAX_JSON_DEPTH): number {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22) {
      for (i++; i < text.length; i++) {
        const k = text.charCodeAt(i);
        if (k === 0x5c) i++;
        else if (k === 0x22) break;
      }
    } else if (c === 0x7b || c === 0x5b) {
      if (++depth > limit) return i;
    } else if (c === 0x7d || c === 0x5d) depth--;
  }
  return -1;
}

/** A path for a message: `a.b[0].c`, its middle left out when long (`a.b.c.d.e.f.….z`). */
export function describeJsonPath(path: readonly JsonStep[], head = 6): string {
  const step = (s: JsonStep, first: boolean) => (typeof s === 'number' ? `[${s}]` : first ? s : `.${s}`);
  const show = (steps: readonly JsonStep[]) => steps.map((s, i) => step(s, i === 0)).join('');
  if (path.length <= head + 2) return show(path);
  return `${show(path.slice(0, head))}.…${step(path[path.length - 1]!, false)}`;
}
