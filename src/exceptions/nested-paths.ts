/**
 * The `nested` fields of a mapping. A cluster indexes each object of a nested field as a hidden document of its
 * own, so a query outside a `nested` query never sees their fields, and a `nested` query on a path that is not
 * nested is refused. mapping/schema.ts's Schema keeps field types, not this, so a run over files that has the
 * mapping hands these paths to compileRuleFilter beside its schema.
 */

interface Node {
  type?: unknown;
  properties?: unknown;
  mappings?: unknown;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** From a mapping body (`{ properties }`), `{ mappings: ... }`, or a `GET _mapping` response (every index). */
export function nestedPathsOf(mapping: unknown): string[] {
  const out = new Set<string>();
  const roots: unknown[] = [mapping];
  while (roots.length > 0) {
    const m = roots.pop();
    if (!isObject(m)) continue;
    if (isObject(m.properties)) walk(m.properties, '', out);
    else if (m.mappings !== undefined) roots.push(m.mappings);
    else for (const v of Object.values(m)) if (isObject(v) && isObject((v as Node).mappings)) roots.push(v);
  }
  return [...out].sort();
}

function walk(properties: Record<string, unknown>, prefix: string, out: Set<string>): void {
  const stack: Array<[Record<string, unknown>, string]> = [[properties, prefix]];
  while (stack.length > 0) {
    const [props, pre] = stack.pop()!;
    for (const [key, node] of Object.entries(props)) {
      if (!isObject(node)) continue;
      const name = pre + key;
      if (node.type === 'nested') out.add(name);
      if (isObject(node.properties)) stack.push([node.properties, name + '.']);
    }
  }
}

/** The deepest nested path a field lies under or is (`users` for `users.name` and `users`), or undefined. */
export function nestedOwner(field: string, paths: readonly string[]): string | undefined {
  let owner: string | undefined;
  for (const p of paths)
    if ((field === p || field.startsWith(p + '.')) && (owner === undefined || p.length > owner.length))
      owner = p;
  return owner;
}
