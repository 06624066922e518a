/**
 * What the engine knows of field types: an Elasticsearch mapping (`properties` tree), optionally completed by
 * Elasticsearch's dynamic-mapping rules applied to sample documents. Without a schema every field is allowed
 * and read as it stands in `_source`.
 */

export interface FieldInfo {
  /** Full dotted name of the concrete field (an alias resolves to its target's name). */
  name: string;
  /** Elasticsearch field type: keyword, wildcard, text, long, double, date, date_nanos, ip, boolean, version, object... */
  type: string;
  /** A `text` field with a `keyword` sub-field (dynamic mapping gives strings both). */
  keywordSubfield?: string;
  /** The mapping's `null_value`: what a null in `_source` is indexed as. */
  nullValue?: unknown;
  /** Date format of a date field, when the mapping names one. */
  format?: string;
  /**
   * A keyword's `ignore_above` (for a text field, its keyword sub-field's, through which queries compare it):
   * longer strings are not indexed, so no query sees them.
   */
  ignoreAbove?: number;
  /** A `scaled_float`'s `scaling_factor`. */
  scalingFactor?: number;
  /** A `constant_keyword`'s `value`: every document has it, whatever `_source` holds. */
  constantValue?: string;
}

interface MappingNode {
  type?: string;
  path?: string;
  properties?: Record<string, MappingNode>;
  fields?: Record<string, MappingNode>;
  null_value?: unknown;
  format?: string;
  ignore_above?: number;
  scaling_factor?: number;
  value?: unknown;
}

const NUMERIC = new Set([
  'long',
  'integer',
  'short',
  'byte',
  'double',
  'float',
  'half_float',
  'scaled_float',
  'unsigned_long',
]);
const STRINGISH = new Set(['keyword', 'constant_keyword', 'wildcard', 'text', 'match_only_text', 'version']);

export function isNumericType(type: string): boolean {
  return NUMERIC.has(type);
}
export function isIntegerType(type: string): boolean {
  return (
    type === 'long' || type === 'integer' || type === 'short' || type === 'byte' || type === 'unsigned_long'
  );
}
export function isStringType(type: string): boolean {
  return STRINGISH.has(type);
}
export function isDateType(type: string): boolean {
  return type === 'date' || type === 'date_nanos';
}

/** Strings Elasticsearch's default `dynamic_date_formats` would map as `date`. */
const DYNAMIC_DATE =
  /^\d{4}-\d{2}-\d{2}(T\d{2}(:\d{2}(:\d{2}([.,]\d{1,9})?)?)?(Z|[+-]\d{2}(:?\d{2})?)?)?$|^\d{4}\/\d{2}\/\d{2}( \d{2}:\d{2}:\d{2})?( [+-]\d{4})?$/;

export class Schema {
  private readonly fields = new Map<string, FieldInfo>();
  private readonly aliases = new Map<string, string>();
  /** Object paths (`process`, `process.parent`) so that `process.parent` is known even though it holds no value. */
  private readonly objects = new Set<string>();

  /** Build from a mapping body: `{ "properties": {...} }`, `{ "mappings": { "properties": ... } }`, or a `_mapping` response. */
  static fromMapping(mapping: unknown): Schema {
    const schema = new Schema();
    schema.addMapping(mapping);
    return schema;
  }

  addMapping(mapping: unknown): void {
    const root = findProperties(mapping);
    if (root) this.walk(root, '');
  }

  /** Apply Elasticsearch's dynamic mapping to a document: every field not mapped yet gets the type ES would give it. */
  addDynamic(doc: Record<string, unknown>): void {
    this.dynamicWalk(doc, '');
  }

  /** The concrete field behind `name` (aliases followed), or undefined when the schema does not know it. */
  resolve(name: string): FieldInfo | undefined {
    const target = this.aliases.get(name) ?? name;
    return this.fields.get(target);
  }

  /** True when `name` is a field, an alias or an object path. */
  has(name: string): boolean {
    return this.fields.has(name) || this.aliases.has(name) || this.objects.has(name);
  }

  /** Alias name → target name, for readers that must look the target up in `_source`. */
  aliasTarget(name: string): string | undefined {
    return this.aliases.get(name);
  }

  fieldNames(): string[] {
    return [...this.fields.keys()];
  }

  /**
   * The fields of a `properties` tree, depth first (a node's own entry after its sub-fields), with an explicit
   * stack: a mapping's depth is the input's to choose.
   */
  private walk(root: Record<string, MappingNode>, rootPrefix: string): void {
    const frames: WalkFrame<MappingNode>[] = [{ entries: Object.entries(root), next: 0, prefix: rootPrefix }];
    while (frames.length > 0) {
      const top = frames[frames.length - 1]!;
      if (top.next >= top.entries.length) {
        frames.pop();
        top.then?.();
        continue;
      }
      const [key, node] = top.entries[top.next++]!;
      const name = top.prefix + key;
      if (node.type === 'alias' && node.path) {
        this.aliases.set(name, node.path);
        continue;
      }
      if (node.properties) {
        this.objects.add(name);
        const typed = !(!node.type || node.type === 'object' || node.type === 'nested');
        frames.push({
          entries: Object.entries(node.properties),
          next: 0,
          prefix: name + '.',
          then: typed ? () => this.addField(name, node) : undefined,
        });
        continue;
      }
      this.addField(name, node);
    }
  }

  private addField(name: string, node: MappingNode): void {
    const info: FieldInfo = { name, type: node.type ?? 'object' };
    if (node.null_value !== undefined) info.nullValue = node.null_value;
    if (node.format) info.format = node.format;
    if (typeof node.ignore_above === 'number' && info.type !== 'text') info.ignoreAbove = node.ignore_above;
    if (typeof node.scaling_factor === 'number') info.scalingFactor = node.scaling_factor;
    if (node.type === 'constant_keyword' && typeof node.value === 'string') info.constantValue = node.value;
    if (node.fields) {
      for (const [sub, subNode] of Object.entries(node.fields)) {
        const subName = `${name}.${sub}`;
        const subInfo: FieldInfo = { name: subName, type: subNode.type ?? 'keyword' };
        if (typeof subNode.ignore_above === 'number') subInfo.ignoreAbove = subNode.ignore_above;
        this.fields.set(subName, subInfo);
        if (subNode.type === 'keyword' && !info.keywordSubfield) {
          info.keywordSubfield = subName;
          if (info.type === 'text' && subInfo.ignoreAbove !== undefined)
            info.ignoreAbove = subInfo.ignoreAbove;
        }
      }
    }
    this.fields.set(name, info);
  }

  /** Dynamic mapping over a document, depth first with an explicit stack (a document's depth is its own). */
  private dynamicWalk(root: Record<string, unknown>, rootPrefix: string): void {
    const frames: WalkFrame<unknown>[] = [{ entries: Object.entries(root), next: 0, prefix: rootPrefix }];
    while (frames.length > 0) {
      const top = frames[frames.length - 1]!;
      if (top.next >= top.entries.length) {
        frames.pop();
        continue;
      }
      const [key, v] = top.entries[top.next++]!;
      const name = top.prefix + key;
      const sample = Array.isArray(v) ? v.find((x) => x !== null) : v;
      if (sample === null || sample === undefined) continue;
      if (typeof sample === 'object' && !Array.isArray(sample)) {
        this.objects.add(name);
        frames.push({
          entries: Object.entries(sample as Record<string, unknown>),
          next: 0,
          prefix: name + '.',
        });
        continue;
      }
      if (this.fields.has(name) || this.aliases.has(name)) continue;
      this.fields.set(name, dynamicField(name, sample));
    }
  }
}

/** One object being walked: its entries, the next to visit, its name prefix, and what to do once done. */
interface WalkFrame<V> {
  entries: [string, V][];
  next: number;
  prefix: string;
  then?: () => void;
}

function dynamicField(name: string, sample: unknown): FieldInfo {
  switch (typeof sample) {
    case 'boolean':
      return { name, type: 'boolean' };
    case 'number':
      return { name, type: Number.isInteger(sample) ? 'long' : 'float' };
    case 'string':
      if (DYNAMIC_DATE.test(sample)) return { name, type: 'date' };
      // dynamic mapping gives a string a keyword sub-field with ignore_above 256
      return { name, type: 'text', keywordSubfield: `${name}.keyword`, ignoreAbove: 256 };
    default:
      return { name, type: 'keyword' };
  }
}

function findProperties(mapping: unknown): Record<string, MappingNode> | undefined {
  if (!mapping || typeof mapping !== 'object') return undefined;
  const m = mapping as Record<string, unknown>;
  if (m.properties && typeof m.properties === 'object') return m.properties as Record<string, MappingNode>;
  if (m.mappings) return findProperties(m.mappings);
  // A GET _mapping response: { "<index>": { "mappings": {...} } } — merge every index.
  const merged: Record<string, MappingNode> = {};
  let found = false;
  for (const v of Object.values(m)) {
    const p = findProperties(v);
    if (p) {
      Object.assign(merged, p);
      found = true;
    }
  }
  return found ? merged : undefined;
}
