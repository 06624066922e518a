/**
 * Everything a rule excludes or requires besides its query and window, as one Query DSL clause: the rule's
 * `filters` and its exception items, combined as Kibana's getQueryFilter combines them for an EQL rule
 * (`bool { filter: [filters], must_not: [negated filters, exceptions] }`). The runner adds it to a cluster
 * search's `filter` and to the EQL API's `filter`; matches.ts evaluates the same parts on events read from files.
 */
import type { Query } from '../translate/dsl.js';
import type { ExceptionItem } from './items.js';
import { filtersQuery } from './kibana-filters.js';
import { exceptionsQuery } from './to-dsl.js';

export interface RuleFilter {
  /** The clause to AND with the search (null when the rule has neither filters nor applicable exceptions). */
  query: Query | null;
  /** What is not applied: exception items Kibana's way cannot be built here, filters that are malformed. */
  warnings: string[];
}

/** One labelled part of the rule filter: matches.ts reports a part it cannot evaluate by its label. */
export interface RuleFilterPart {
  label: string;
  query: Query;
  /** True for a `must_not` part. */
  negated: boolean;
}

export interface RuleFilterParts {
  parts: RuleFilterPart[];
  warnings: string[];
}

export function ruleFilterParts(
  items: readonly ExceptionItem[],
  filters: readonly unknown[],
  opts: { now: Date },
): RuleFilterParts {
  const f = filtersQuery(filters);
  const ex = exceptionsQuery(items, opts);
  const warnings = f.problems.map((p) => `filter not applied: ${p}`);
  ex.skipped.forEach((name, i) =>
    warnings.push(`exception item "${name}" not applied: ${ex.reasons[i] ?? 'it cannot be built'}`),
  );
  const parts: RuleFilterPart[] = [];
  f.filter.forEach((q, i) => parts.push({ label: f.filterFrom[i]!, query: q, negated: false }));
  f.mustNot.forEach((q, i) => parts.push({ label: f.mustNotFrom[i]!, query: q, negated: true }));
  if (ex.mustNot) parts.push({ label: 'the exception items', query: ex.mustNot, negated: true });
  return { parts, warnings };
}

export function ruleFilter(
  items: readonly ExceptionItem[],
  filters: readonly unknown[],
  opts: { now: Date },
): RuleFilter {
  const { parts, warnings } = ruleFilterParts(items, filters, opts);
  if (parts.length === 0) return { query: null, warnings };
  const filter = parts.filter((p) => !p.negated).map((p) => p.query);
  // Kibana puts the exception filter (negate: true) after the rule's negated filters
  const mustNot = parts.filter((p) => p.negated).map((p) => p.query);
  const bool: Record<string, unknown> = {};
  if (filter.length > 0) bool.filter = filter;
  if (mustNot.length > 0) bool.must_not = mustNot;
  return { query: { bool }, warnings };
}
