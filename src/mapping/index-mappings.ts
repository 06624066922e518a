/**
 * A `GET _mapping` response made into schemas: every index's own (`schemaFor`, for per-index evaluation) and all
 * of them merged into one for verification; a field mapped with different types is merged to the most general
 * one, and reported. Pure: the cluster's response (es/mappings.ts) and a `--mapping` file read alike.
 */
import { isDateType, isNumericType, isStringType, Schema } from './schema.js';

export interface LoadSchemaOptions {
  /** Checked to be mapped as `date` or `date_nanos`; default `@timestamp`. Null skips the check (samples). */
  timestampField?: string | null;
  /** Default true: a missing concrete index is skipped (and reported) instead of failing. */
  ignoreUnavailable?: boolean;
}

export interface LoadedSchema {
  /**
   * Every matched index merged; undefined when no index matched (the engine then reads fields unverified, and
   * a search finds nothing anyway).
   */
  schema: Schema | undefined;
  /** One index's own mapping (by concrete index name, as in a hit's `_index`), for `ExecuteOptions.schemaFor`. */
  schemaFor: (index: string) => Schema | undefined;
  /** The indices' different mappings, one schema each: indices mapped identically share one. */
  distinct: Schema[];
  /** Concrete indices matched, sorted. */
  indices: string[];
  /** Fields mapped with different types across indices: name → type → indices. */
  conflicts: Map<string, Map<string, string[]>>;
  /** Human-readable, one line each: no index matched, timestamp not a date, type conflicts, runtime fields. */
  warnings: string[];
}

export interface MappingNode {
  type?: string;
  path?: string;
  properties?: Record<string, MappingNode>;
  fields?: Record<string, MappingNode>;
  [k: string]: unknown;
}

export type MappingResponse = Record<
  string,
  { mappings?: { properties?: Record<string, MappingNode>; runtime?: Record<string, MappingNode> } }
>;

/** The pure part of `loadSchema`: a `GET _mapping` response body to schemas and warnings. */
export function schemaFromMappings(
  res: MappingResponse,
  target: string,
  opts: LoadSchemaOptions = {},
): LoadedSchema {
  const indices = Object.keys(res).sort();
  const warnings: string[] = [];
  const conflicts = new Map<string, Map<string, string[]>>();
  const perIndex = new Map<string, Schema>();
  const byMapping = new Map<string, Schema>();
  if (indices.length === 0) {
    warnings.push(`no index matches ${target}`);
    return { schema: undefined, schemaFor: () => undefined, distinct: [], indices, conflicts, warnings };
  }
  let merged: Record<string, MappingNode> = {};
  const runtime = new Set<string>();
  const seen = new Map<string, Map<string, string[]>>();
  for (const index of indices) {
    const props = res[index]?.mappings?.properties ?? {};
    // the backing indices of a data stream are mostly mapped alike: one schema serves them
    const text = JSON.stringify(props);
    let own = byMapping.get(text);
    if (!own) byMapping.set(text, (own = Schema.fromMapping({ properties: props })));
    perIndex.set(index, own);
    merged = mergeProperties(merged, props, '');
    for (const [name, type] of leafTypes(props, '', new Map())) {
      const byType = seen.get(name) ?? new Map<string, string[]>();
      seen.set(name, byType);
      push(byType, type, index);
      if (byType.size > 1) conflicts.set(name, byType);
    }
    for (const name of Object.keys(res[index]?.mappings?.runtime ?? {})) runtime.add(name);
  }
  const schema = Schema.fromMapping({ properties: merged });

  for (const [field, byType] of conflicts) {
    const list = [...byType].map(([t, ix]) => `[${t}] in ${describeIndices(ix)}`).join(', ');
    warnings.push(`field ${field} is mapped as ${list}; using [${schema.resolve(field)?.type ?? '?'}]`);
  }
  if (runtime.size > 0)
    warnings.push(
      `runtime fields (${[...runtime].sort().join(', ')}) are not in _source: a rule evaluated outside Elasticsearch ` +
        'sees them as missing',
    );
  const ts = opts.timestampField === undefined ? '@timestamp' : opts.timestampField;
  if (ts) {
    const unmapped: string[] = [];
    const wrong = new Map<string, string[]>();
    for (const index of indices) {
      const info = perIndex.get(index)!.resolve(ts);
      if (!info) unmapped.push(index);
      else if (!isDateType(info.type)) push(wrong, info.type, index);
    }
    if (unmapped.length > 0)
      warnings.push(
        `timestamp field ${ts} is not mapped in ${describeIndices(unmapped)}: their events have no timestamp`,
      );
    for (const [type, ix] of wrong)
      warnings.push(
        `timestamp field ${ts} is mapped as [${type}], not date or date_nanos, in ${describeIndices(ix)}: ` +
          'Elasticsearch cannot sort or range-filter it as a date',
      );
  }
  return {
    schema,
    schemaFor: (index) => perIndex.get(index),
    distinct: [...byMapping.values()],
    indices,
    conflicts,
    warnings,
  };
}

function describeIndices(ix: string[]): string {
  return ix.length <= 3 ? ix.join(', ') : `${ix.slice(0, 3).join(', ')} and ${ix.length - 3} more`;
}

function push(map: Map<string, string[]>, key: string, value: string): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** Deep merge of `properties` trees; `into` is not modified. */
function mergeProperties(
  into: Record<string, MappingNode>,
  from: Record<string, MappingNode>,
  prefix: string,
): Record<string, MappingNode> {
  const out: Record<string, MappingNode> = { ...into };
  for (const [key, node] of Object.entries(from)) {
    const name = prefix + key;
    const prev = out[key];
    if (!prev) {
      out[key] = node;
      continue;
    }
    const prevIsObject = !prev.type || prev.type === 'object' || prev.type === 'nested';
    const nodeIsObject = !node.type || node.type === 'object' || node.type === 'nested';
    if (prev.properties && node.properties && prevIsObject && nodeIsObject) {
      out[key] = { ...prev, properties: mergeProperties(prev.properties, node.properties, name + '.') };
      continue;
    }
    const a = typeOf(prev);
    const b = typeOf(node);
    if (a === b) {
      if (prev.fields || node.fields) out[key] = { ...prev, fields: { ...node.fields, ...prev.fields } };
      continue;
    }
    out[key] = moreGeneral(prev, node);
  }
  return out;
}

/** Leaf field name → type (aliases as `alias(target)`), for the conflict report. */
function leafTypes(
  props: Record<string, MappingNode>,
  prefix: string,
  out: Map<string, string>,
): Map<string, string> {
  for (const [key, node] of Object.entries(props)) {
    const name = prefix + key;
    if (node.properties && (!node.type || node.type === 'object' || node.type === 'nested'))
      leafTypes(node.properties, name + '.', out);
    else out.set(name, typeOf(node));
  }
  return out;
}

function typeOf(n: MappingNode): string {
  return n.type === 'alias' ? `alias(${n.path ?? '?'})` : (n.type ?? 'object');
}

const NUMERIC_RANK = [
  'byte',
  'short',
  'integer',
  'long',
  'unsigned_long',
  'half_float',
  'float',
  'scaled_float',
  'double',
];

/**
 * Of two mappings of one field, the one that loses least: date_nanos over date (both sort as nanos), the wider
 * number (double when integer meets floating), keyword over the other string types (exact matching is what EQL
 * does on them), a concrete field over an alias or object; otherwise the first seen.
 */
function moreGeneral(a: MappingNode, b: MappingNode): MappingNode {
  const ta = a.type ?? 'object';
  const tb = b.type ?? 'object';
  if (isDateType(ta) && isDateType(tb)) return ta === 'date_nanos' ? a : b;
  if (isNumericType(ta) && isNumericType(tb)) {
    const fa = NUMERIC_RANK.indexOf(ta) >= 4;
    const fb = NUMERIC_RANK.indexOf(tb) >= 4;
    if (fa !== fb) return { ...(fa ? a : b), type: 'double' };
    return NUMERIC_RANK.indexOf(ta) >= NUMERIC_RANK.indexOf(tb) ? a : b;
  }
  if (isStringType(ta) && isStringType(tb)) {
    if (ta === 'keyword') return { ...a, fields: { ...b.fields, ...a.fields } };
    if (tb === 'keyword') return { ...b, fields: { ...a.fields, ...b.fields } };
    return a;
  }
  if (ta === 'alias' || ta === 'object') return b;
  return a;
}
