/**
 * A rule must never read alerts, its own or another rule's (Kibana #82868: an EQL rule alerting on the alerts it
 * wrote). A rule's index patterns may well match the alerts target (`*`, `.alerts-*`), so every execution's search
 * excludes, by `_index`, the indices alerts live in: Kibana's layout (the alias `.alerts-security.alerts-<space>`
 * over hidden `.internal.alerts-security.alerts-<space>-00000N`, the legacy `.siem-signals-<space>`, previews) and
 * whatever else the runner writes to (a configured alerts index, the state and execution-log indices). A
 * `must_not` on `_index` holds wherever the pattern list came from and whichever engine runs; `-pattern`
 * exclusions in the index list would depend on their position and on the patterns before them.
 */
import type { estypes } from '@elastic/elasticsearch';

/** Prefixes of the concrete indices Kibana keeps alerts in (aliases resolve to these). */
export const ALERT_INDEX_PREFIXES = [
  '.internal.alerts-',
  '.alerts-',
  '.siem-signals-',
  '.preview.alerts-',
  '.internal.preview.alerts-',
] as const;

/**
 * The filter clause that drops documents of the alerts indices and of `also` (index or alias names: each excludes
 * the index of that name and backing indices `<name>-00000N`, `.internal.<name>-00000N`).
 */
export function ownIndicesFilter(also: readonly string[] = []): estypes.QueryDslQueryContainer {
  const mustNot: estypes.QueryDslQueryContainer[] = ALERT_INDEX_PREFIXES.map((p) => ({
    prefix: { _index: p },
  }));
  for (const name of new Set(also)) {
    mustNot.push(
      { term: { _index: name } },
      { prefix: { _index: `${name}-` } },
      { prefix: { _index: `.internal.${name}-` } },
    );
  }
  return { bool: { must_not: mustNot } };
}

/** The same test on an event's index, for runs over files (an event's index is its file's name or hit `_index`). */
export function isOwnIndex(index: string, also: readonly string[] = []): boolean {
  if (ALERT_INDEX_PREFIXES.some((p) => index.startsWith(p))) return true;
  return also.some(
    (name) => index === name || index.startsWith(`${name}-`) || index.startsWith(`.internal.${name}-`),
  );
}
