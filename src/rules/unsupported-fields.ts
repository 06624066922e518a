/**
 * Fields of a valid Kibana rule that rule-runner cannot honour as Kibana does: said when the rule loads (and by
 * `validate`), so that a rule never silently behaves otherwise than in Kibana.
 */
import type { Rule } from './rule.js';

export function unsupportedFields(rule: Rule): Array<{ field: string; message: string }> {
  const out: Array<{ field: string; message: string }> = [];
  if (rule.index === undefined && rule.data_view_id !== undefined)
    out.push({
      field: 'data_view_id',
      message:
        `data_view_id: data views live in Kibana, which rule-runner does not read: ` +
        `the rule cannot run until it has index patterns (index)`,
    });
  if (rule.alert_suppression !== undefined && rule.alert_suppression !== null)
    out.push({
      field: 'alert_suppression',
      message: 'alert_suppression: not supported: every alert is written, none is suppressed',
    });
  return out;
}
