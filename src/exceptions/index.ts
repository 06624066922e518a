/**
 * What the rest of rule-runner uses of exceptions/: the rule filter for a cluster search or the EQL API
 * (ruleFilter), the same as a test on events read from files (compileRuleFilter), and the item types.
 */
export type * from './items.js';
export { exceptionsQuery, isExpired, type ExceptionsQuery } from './to-dsl.js';
export { filtersQuery, type FiltersQuery } from './kibana-filters.js';
export { ruleFilter, ruleFilterParts, type RuleFilter } from './rule-filter.js';
export { compileRuleFilter, type CompiledRuleFilter } from './matches.js';
export { nestedPathsOf } from './nested-paths.js';
