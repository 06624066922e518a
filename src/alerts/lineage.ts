/**
 * Where an alert comes from: the ancestors of a document that matched (an event, or itself an alert of some rule),
 * as Kibana's `buildParent`/`buildAncestors` (factories/utils/build_alert.ts) and `getField` (utils/utils.ts) read
 * them. The self-loop guard and every id formula start from these lists, so they live apart from the documents.
 */
import type { Ancestor } from './ids.js';

/**
 * lodash's `get(obj, path)`, which Kibana reads fields with: the whole path when the object has it as a key
 * (`"host.name": …`), else one nested key per dot (`{host: {name: …}}`), but never a mix of the two.
 */
export function readPath(obj: unknown, path: string): unknown {
  if (obj === null || obj === undefined) return undefined;
  if (typeof obj === 'object' && path in obj) return (obj as Record<string, unknown>)[path];
  let cur: unknown = obj;
  for (const key of path.split('.')) {
    if (cur === null || cur === undefined || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[key];
  }
  return cur;
}

/** A document is a detection alert when its `_source` has a `kibana.alert.uuid` key (dotted, as alerts are written). */
function isDetectionAlert(source: Record<string, unknown>): boolean {
  return source['kibana.alert.uuid'] != null;
}

/** A 7.x signal (`signal.*`), which a rule may still find in an old `.siem-signals-*` index. */
function isLegacySignal(source: Record<string, unknown>): boolean {
  return source.signal != null;
}

/** Kibana's `getField` for the alert fields lineage needs: `kibana.alert.*` on alerts, `signal.*` on old signals. */
function alertField(source: Record<string, unknown>, field: 'depth' | 'ancestors' | 'rule.uuid'): unknown {
  if (isDetectionAlert(source)) return readPath(source, `kibana.alert.${field}`);
  if (isLegacySignal(source))
    return readPath(source, field === 'rule.uuid' ? 'signal.rule.id' : `signal.${field}`);
  return readPath(source, `kibana.alert.${field}`);
}

/** The entry a document adds to its child alert's ancestors. */
export function parentOf(index: string, id: string, source: Record<string, unknown>): Ancestor {
  if (!isDetectionAlert(source) && !isLegacySignal(source)) return { id, type: 'event', index, depth: 0 };
  const depth = alertField(source, 'depth');
  const rule = alertField(source, 'rule.uuid');
  const parent: Ancestor = { id, type: 'signal', index, depth: typeof depth === 'number' ? depth : 1 };
  if (rule !== undefined && rule !== null) parent.rule = String(rule);
  return parent;
}

/** A document's own ancestors (when it is an alert) followed by the document itself. */
export function ancestorsOf(index: string, id: string, source: Record<string, unknown>): Ancestor[] {
  const existing = alertField(source, 'ancestors');
  const before = Array.isArray(existing) ? existing.filter(isAncestorLike).map(toAncestor) : [];
  return [...before, parentOf(index, id, source)];
}

function isAncestorLike(a: unknown): a is Record<string, unknown> {
  return a !== null && typeof a === 'object' && !Array.isArray(a);
}

/** An ancestor as its writer stored it, copied as it is: ids hash what Kibana would hash. */
function toAncestor(a: Record<string, unknown>): Ancestor {
  return { ...a } as unknown as Ancestor;
}
