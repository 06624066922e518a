/**
 * What of a matched event's `_source` an alert keeps, as Kibana's `traverseAndMutateDoc` and `transformHitToAlert`
 * (factories/utils/, Kibana main) prepare it: top-level `kibana`, `signal` and `threshold_result` removed (dotted
 * keys by their first segment too), empty arrays and objects removed, every `event.*` and `data_stream.*` copied
 * to `kibana.alert.original_event.*` / `kibana.alert.original_data_stream.*` as flat dotted keys, then the source's
 * own `event.kind` removed (the alert writes `event.kind: signal`). The event's ECS fields stay nested as they came.
 *
 * Kibana also drops values that do not fit the ECS field type of their path (it reads ECS's field map); this does
 * not, so a value of the wrong type for an ECS field reaches the alert as it was in the event.
 */

const BANNED_TOP_LEVEL = new Set(['kibana', 'signal', 'threshold_result']);
const COPIED_NAMESPACES = new Map([
  ['event', 'kibana.alert.original_event'],
  ['data_stream', 'kibana.alert.original_data_stream'],
]);

export function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * `obj[key] = value` for a key that comes from input: a `__proto__` key (JSON.parse makes it an own data key) stays
 * a data key instead of replacing the object's prototype.
 */
export function put(obj: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__')
    Object.defineProperty(obj, key, { value, writable: true, enumerable: true, configurable: true });
  else obj[key] = value;
}

/** A deep copy without the empty arrays and objects (undefined when nothing is left), as Kibana's traversal does. */
function cleaned(value: unknown): unknown {
  if (Array.isArray(value)) {
    const out: unknown[] = [];
    for (const item of value) {
      const c = cleaned(item);
      if (c !== undefined) out.push(c);
    }
    return out.length > 0 ? out : undefined;
  }
  if (isPlainObject(value)) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      const c = cleaned(v);
      if (c !== undefined) put(out, k, c);
    }
    return Object.keys(out).length > 0 ? out : undefined;
  }
  return value;
}

/** `@kbn/securitysolution-rules` flattenWithPrefix: plain objects become dotted keys, anything else is a leaf. */
export function flattenWithPrefix(prefix: string, value: unknown, into: Record<string, unknown> = {}) {
  if (isPlainObject(value)) {
    for (const [k, v] of Object.entries(value)) flattenWithPrefix(`${prefix}.${k}`, v, into);
  } else {
    put(into, prefix, value);
  }
  return into;
}

/** The event's `_source` as its alert carries it (a new object; the event is not changed). */
export function alertBodyOf(source: Record<string, unknown>): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  const copies: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(source)) {
    const first = key.split('.')[0]!;
    if (BANNED_TOP_LEVEL.has(first)) continue;
    const kept = cleaned(value);
    if (kept === undefined) continue;
    put(body, key, kept);
    const root = COPIED_NAMESPACES.get(first);
    if (root !== undefined) flattenWithPrefix(root + key.slice(first.length), structuredClone(kept), copies);
  }
  for (const [k, v] of Object.entries(copies)) put(body, k, v);
  removeEventKind(body);
  return body;
}

/** Kibana sets the source's `event.kind` to undefined wherever it is, so only the alert's `event.kind` remains. */
function removeEventKind(body: Record<string, unknown>): void {
  delete body['event.kind'];
  const event = body.event;
  if (isPlainObject(event)) delete event.kind;
}
