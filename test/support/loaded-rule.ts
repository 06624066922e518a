/** A minimal valid EQL rule as the loader returns it, for tests of what runs rules (scheduler, ticks, daemon). */
import type { LoadedRule } from '../../src/rules/loaded-rule.js';
import { ruleSchema } from '../../src/rules/rule.js';

export function loadedRule(ruleId: string, extra: Record<string, unknown> = {}): LoadedRule {
  const rule = ruleSchema.parse({
    rule_id: ruleId,
    name: `Rule ${ruleId}`,
    description: 'd',
    type: 'eql',
    risk_score: 1,
    severity: 'low',
    query: 'process where true',
    ...extra,
  });
  return { origin: `${ruleId}.json`, rule, uuid: `uuid-${ruleId}`, exceptionItems: [], warnings: [] };
}
