/**
 * Mappings written as Kibana writes its field maps: a flat table of dotted field names and their types, nested
 * into Elasticsearch's `properties` here. A flat table reads like the schema it copies and is easy to check
 * field by field against Kibana's.
 */
export type FieldSpec = Record<string, unknown> & { type: string };
export type FieldMap = Record<string, FieldSpec>;

export interface Properties {
  [name: string]: { type?: string; properties?: Properties; [k: string]: unknown };
}

/** `{"a.b": {type: "keyword"}}` → `{a: {properties: {b: {type: "keyword"}}}}`; `{type: "object"}` nodes keep their children. */
export function nestFields(fields: FieldMap): Properties {
  const root: Properties = {};
  for (const name of Object.keys(fields).sort()) {
    const parts = name.split('.');
    let props = root;
    for (const part of parts.slice(0, -1)) {
      const node = (props[part] ??= {});
      props = node.properties ??= {};
    }
    const leaf = parts.at(-1)!;
    Object.assign((props[leaf] ??= {}), fields[name]);
  }
  return root;
}

/** Every field name a mapping's `properties` define, dotted (objects and multi-fields included). */
export function mappedFields(properties: unknown, prefix = ''): string[] {
  const out: string[] = [];
  for (const [name, def] of Object.entries((properties ?? {}) as Properties)) {
    const path = prefix + name;
    out.push(path);
    if (def.properties) out.push(...mappedFields(def.properties, `${path}.`));
    const fields = def.fields as Properties | undefined;
    if (fields) out.push(...Object.keys(fields).map((f) => `${path}.${f}`));
  }
  return out;
}
