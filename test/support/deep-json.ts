/**
 * JSON texts nested to an exact depth, written as text (JSON.stringify cannot write what is deep enough to matter).
 * The depth counts every object and array, the outermost included, as Elasticsearch's parser does.
 */
import type { Prng } from '../../src/generate/prng.js';

/**
 * An event object (with a timestamp, at level 1) whose deepest container is at level `depth`, shaped by `rng`:
 * each level an object or an array, with scalars before or after the way down; plain `{"a":{"a":...}}` without
 * `rng`.
 */
export function deepEventText(depth: number, rng?: Prng, timestamp = '2026-01-01T00:00:00Z'): string {
  const open: string[] = [`{"@timestamp":"${timestamp}","x":`];
  const close: string[] = ['}'];
  for (let level = 2; level <= depth; level++) {
    const last = level === depth;
    if (!rng) {
      open.push(last ? '{"a":1' : '{"a":');
      close.push('}');
      continue;
    }
    const array = rng.chance(0.4);
    const before = rng.chance(0.5) ? (array ? `${rng.int(9)},` : `"s${rng.int(9)}":"v",`) : '';
    const after = rng.chance(0.3) ? (array ? ',"tail"' : `,"t${rng.int(9)}":${rng.int(99)}`) : '';
    if (last) {
      // the deepest container: empty, or holding scalars only
      const inner = rng.chance(0.3) ? '' : array ? '1,"b",null' : '"a":1,"b":[]'.replace('[]', 'true');
      open.push(array ? `[${inner}` : `{${inner}`);
    } else open.push(array ? `[${before}` : `{${before}"k${rng.int(3)}":`);
    close.push(array ? `${last ? '' : after}]` : `${last ? '' : after}}`);
  }
  return open.join('') + close.reverse().join('');
}

/**
 * A record cut short: the event's object, then `levels` unclosed objects under `x`, ending after a colon (where
 * JSON.parse's message gives no position).
 */
export function truncatedDeepText(levels: number): string {
  return `{"@timestamp":"2026-01-01T00:00:00Z","x":` + '{"a":'.repeat(levels);
}

/** The nesting depth of a JSON text (strings skipped), to check the generators. */
export function textDepth(text: string): number {
  let depth = 0;
  let max = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"') {
      for (i++; i < text.length && text[i] !== '"'; i++) if (text[i] === '\\') i++;
    } else if (c === '{' || c === '[') max = Math.max(max, ++depth);
    else if (c === '}' || c === ']') depth--;
  }
  return max;
}

/** How a mapping file wraps its `properties`: a mapping body, a create-index body, a `GET _mapping` response. */
export type MappingWrapper = 'body' | 'mappings' | 'response';
/** JSON levels above the first field's node: `{properties`, `{mappings{properties`, `{index{mappings{properties`. */
export const WRAPPER_LEVELS: Record<MappingWrapper, number> = { body: 1, mappings: 2, response: 3 };

/**
 * A mapping whose deepest field is `fieldLevels` fields deep (`f0.f1.….fn`), a keyword, or with `multiField` a text
 * field with a keyword sub-field (two levels more); `rng` adds sibling fields on the way. Its JSON depth is
 * `2 * fieldLevels + WRAPPER_LEVELS[wrapper]` (+ 2 with `multiField`).
 */
export function deepMappingText(
  fieldLevels: number,
  wrapper: MappingWrapper,
  multiField: boolean,
  rng?: Prng,
): { text: string; field: string[] } {
  const field = Array.from({ length: fieldLevels }, () => (rng ? rng.pick(['a', 'b', 'c']) : 'a'));
  let node = multiField ? '{"type":"text","fields":{"kw":{"type":"keyword"}}}' : '{"type":"keyword"}';
  for (let i = fieldLevels - 1; i >= 1; i--) {
    const sibling = rng?.chance(0.2) ? `,"s${i}":{"type":"long"}` : '';
    node = `{"properties":{"${field[i]}":${node}${sibling}}}`;
  }
  const props = `{"properties":{"${field[0]}":${node}}}`;
  const text =
    wrapper === 'body'
      ? props
      : wrapper === 'mappings'
        ? `{"mappings":${props}}`
        : `{"ix":{"mappings":${props}}}`;
  return { text, field };
}
