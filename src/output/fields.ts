/**
 * `query --fields`: the values of chosen fields beside each hit's `_source`, in the shape Elasticsearch's EQL
 * `fields` option gives them (`"fields": {"process.name": ["bash"]}`): every leaf under a dotted path, arrays
 * flattened (objects in arrays included), nulls left out, patterns with `*` allowed.
 */

/** Every leaf value of `source` by dotted path (a key holding dots counts as that path). */
export function leafValues(source: Record<string, unknown>): Map<string, unknown[]> {
  const out = new Map<string, unknown[]>();
  const walk = (v: unknown, path: string): void => {
    if (v === null || v === undefined) return;
    if (Array.isArray(v)) {
      for (const x of v) walk(x, path);
      return;
    }
    if (typeof v === 'object') {
      for (const [k, x] of Object.entries(v as Record<string, unknown>)) walk(x, path ? `${path}.${k}` : k);
      return;
    }
    let list = out.get(path);
    if (!list) out.set(path, (list = []));
    list.push(v);
  };
  walk(source, '');
  return out;
}

/** A test of dotted paths against field patterns (`*` matches any run of characters, dots included). */
export function fieldMatcher(patterns: readonly string[]): (path: string) => boolean {
  const exact = new Set(patterns.filter((p) => !p.includes('*')));
  const globs = patterns
    .filter((p) => p.includes('*'))
    .map((p) => new RegExp(`^${p.split('*').map(escapeRe).join('.*')}$`));
  return (path) => exact.has(path) || globs.some((g) => g.test(path));
}

/** The `fields` object of a hit: the matching leaves, in path order; empty when none has a value. */
export function selectFields(
  source: Record<string, unknown>,
  matches: (path: string) => boolean,
): Record<string, unknown[]> {
  const leaves = leafValues(source);
  const out: Record<string, unknown[]> = {};
  for (const path of [...leaves.keys()].filter(matches).sort()) out[path] = leaves.get(path)!;
  return out;
}

function escapeRe(s: string): string {
  return s.replace(/[\\^$.*+?()[\]{}|/-]/g, '\\$&');
}
