/**
 * A rule's filters and exception items as a test on events read from files: the very Query DSL rule-filter.ts
 * sends a cluster, evaluated on `_source` (dsl-predicate.ts), so that a run over files keeps the events a cluster
 * search would. Types come from the values unless a schema is given (a number in a keyword field is its string,
 * a string in a long field is coerced), and the mapping's nested paths (nested-paths.ts) hide the fields of
 * nested objects from queries outside a nested query, as a cluster does. A part the offline reading cannot
 * evaluate is left out with a warning naming it, never guessed.
 */
import type { Schema } from '../mapping/schema.js';
import { compileQuery, type SourceTest } from './dsl-predicate.js';
import type { ExceptionItem } from './items.js';
import { ruleFilterParts, type RuleFilterPart } from './rule-filter.js';
import { Unsupported } from './value-tests.js';

export interface CompiledRuleFilter {
  /** True when the event passes the rule's filters and no exception item matches it. */
  keep(source: Record<string, unknown>): boolean;
  warnings: string[];
}

export function compileRuleFilter(
  items: readonly ExceptionItem[],
  filters: readonly unknown[],
  opts: { now: Date; schema?: Schema; nestedPaths?: readonly string[] },
): CompiledRuleFilter {
  const parts = ruleFilterParts(items, filters, opts);
  const warnings = [...parts.warnings];
  const compile = (list: RuleFilterPart[]): SourceTest[] => {
    const tests: SourceTest[] = [];
    for (const part of list) {
      try {
        tests.push(
          compileQuery(part.query, { schema: opts.schema, now: opts.now, nestedPaths: opts.nestedPaths }),
        );
      } catch (e) {
        if (!(e instanceof Unsupported)) throw e;
        warnings.push(
          `${part.label} is not applied to events read from files: ${e.message} cannot be evaluated offline`,
        );
      }
    }
    return tests;
  };
  const required = compile(parts.required);
  const excluded = compile(parts.excluded);
  return {
    keep(source) {
      for (const t of required) if (!t(source)) return false;
      for (const t of excluded) if (t(source)) return false;
      return true;
    },
    warnings,
  };
}
