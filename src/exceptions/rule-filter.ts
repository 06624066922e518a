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
}

export interface RuleFilterParts {
  /** The rule's filters an event must match. */
  required: RuleFilterPart[];
  /** Its negated filters, then one part per exception item: an event matching any is left out. */
  excluded: RuleFilterPart[];
  /** The `must_not` clauses as a cluster gets them: the negated filters, then the items' OR. */
  mustNot: Query[];
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
  const required = f.filter.map((query, i) => ({ label: f.filterFrom[i]!, query }));
  const excluded = f.mustNot.map((query, i) => ({ label: `${f.mustNotFrom[i]!} (negated)`, query }));
  for (const item of ex.applied)
    excluded.push({
      label: `exception item "${item.name}"`,
      query: item.clauses.length === 1 ? item.clauses[0]! : { bool: { should: item.clauses } },
    });
  // Kibana's exception filter (negate: true) comes after the rule's own negated filters
  const mustNot = [...f.mustNot, ...(ex.mustNot ? [ex.mustNot] : [])];
  return { required, excluded, mustNot, warnings };
}

export function ruleFilter(
  items: readonly ExceptionItem[],
  filters: readonly unknown[],
  opts: { now: Date },
): RuleFilter {
  const { required, mustNot, warnings } = ruleFilterParts(items, filters, opts);
  if (required.length === 0 && mustNot.length === 0) return { query: null, warnings };
  const bool: Record<string, unknown> = {};
  if (required.length > 0) bool.filter = required.map((p) => p.query);
  if (mustNot.length > 0) bool.must_not = mustNot;
  return { query: { bool }, warnings };
}
