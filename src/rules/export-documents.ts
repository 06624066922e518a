/**
 * What each document of a Kibana export is. A rules export (NDJSON) holds the rules, then the exception lists
 * and items they reference, then action connectors (saved objects of type `action`), then a summary line
 * (`exported_count`, `exported_rules_count`, `missing_rules`...); an exceptions export holds lists, items and its
 * own summary (`exported_exception_list_count`...). A document is told by the keys only that kind has, so that a
 * rule missing a field is still a rule (and reported as one), never taken for something else.
 */

export type DocumentKind = 'rule' | 'exception-list' | 'exception-item' | 'connector' | 'summary';

/** Keys of the summary lines of every Kibana version's exports (older rules exports say `exported_rules_count`). */
const SUMMARY_KEYS = [
  'exported_count',
  'exported_rules_count',
  'missing_rules',
  'exported_exception_list_count',
  'exported_exception_list_item_count',
];

export function documentKind(value: unknown): DocumentKind {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return 'rule';
  const v = value as Record<string, unknown>;
  if ('rule_id' in v) return 'rule';
  if ('item_id' in v || ('entries' in v && 'list_id' in v)) return 'exception-item';
  if ('list_id' in v) return 'exception-list';
  if (SUMMARY_KEYS.some((k) => k in v)) return 'summary';
  // a connector is a saved object: { id, type: 'action', attributes: { actionTypeId, ... }, references }
  if (v.type === 'action' && typeof v.attributes === 'object') return 'connector';
  return 'rule';
}
