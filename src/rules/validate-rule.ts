/**
 * One rule document checked as `validate` and the loader check it: Kibana's rule fields (rule.ts), the EQL query
 * (with the rule's own category, timestamp and tiebreaker fields, and against a mapping when given one), a window
 * that can search something, and, for a valid rule, what its schedule leaves unsearched (rule-timing.ts).
 */
import { EqlError } from '../eql/errors.js';
import type { Statement } from '../eql/syntax/ast.js';
import { checkQuery, tiebreakerProblem } from '../engine/check-query.js';
import { scheduleWarnings, windowProblem } from './rule-timing.js';
import type { Schema } from '../mapping/schema.js';
import { DEFAULT_FROM, DEFAULT_TO, ruleSchema, type Rule } from './rule.js';
import type { RawRule } from './rule-files.js';
import type { RuleProblem } from './rule-problem.js';
import { fieldIssues } from './schema-issues.js';

export type { RuleProblem } from './rule-problem.js';

export type RuleCheck =
  | {
      ok: true;
      rule: Rule;
      origin: string;
      /** What the rule's schedule leaves unsearched (see rule-timing.ts): worth knowing, not invalid. */
      warnings: RuleProblem[];
    }
  | { ok: false; problems: RuleProblem[] };

/**
 * Validates one rule document: its fields (every problem, not just the first) and its EQL query; with `schema`
 * (the indices' mapping) the query's fields and literals are checked against it too, as `query --mapping` does
 * before reading an event: unknown fields, literals of the wrong type, dates a field's format cannot read. An
 * absolute `from`/`to` is checked as a run at `now` would read it.
 */
export function validateRule(raw: RawRule, schema?: Schema, now = new Date()): RuleCheck {
  const v = raw.value as Record<string, unknown> | null;
  const label = v && typeof v === 'object' ? labelOf(v) : undefined;
  if (!v || typeof v !== 'object' || Array.isArray(v))
    return {
      ok: false,
      problems: [{ origin: raw.origin, code: 'RULE_INVALID', message: 'a rule must be a JSON object' }],
    };
  const problems: RuleProblem[] = [];
  const result = ruleSchema.safeParse(v);
  if (!result.success)
    for (const { field, message } of fieldIssues(result.error, v))
      problems.push({ origin: raw.origin, rule: label, field, code: 'RULE_INVALID', message });
  let stmt: Statement | null = null;
  if (typeof v.query === 'string' && v.query.trim()) {
    try {
      stmt = checkQuery(v.query, schema, {
        eventCategoryField:
          typeof v.event_category_override === 'string' ? v.event_category_override : undefined,
        timestampField: typeof v.timestamp_field === 'string' ? v.timestamp_field : undefined,
        tiebreakerField: typeof v.tiebreaker_field === 'string' ? v.tiebreaker_field : undefined,
      });
    } catch (e) {
      if (!(e instanceof EqlError)) throw e;
      problems.push({
        origin: raw.origin,
        rule: label,
        field: 'query',
        code: e.code,
        message: `query ${e.message}`,
      });
    }
  }
  const window = windowOf(v, now);
  if (window)
    problems.push({
      origin: raw.origin,
      rule: label,
      field: 'from',
      code: 'RULE_INVALID',
      message: `from: ${window}`,
    });
  if (schema && typeof v.tiebreaker_field === 'string') {
    const why = tiebreakerProblem(schema, v.tiebreaker_field);
    if (why)
      problems.push({
        origin: raw.origin,
        rule: label,
        field: 'tiebreaker_field',
        code: 'RULE_INVALID',
        message: `tiebreaker_field: ${v.tiebreaker_field} is ${why}`,
      });
  }
  if (problems.length > 0 || !result.success) return { ok: false, problems };
  const warnings = stmt
    ? scheduleWarnings(result.data, stmt).map((message) => ({
        origin: raw.origin,
        rule: label,
        field: 'from',
        code: 'RULE_SCHEDULE',
        message,
      }))
    : [];
  return { ok: true, rule: result.data, origin: raw.origin, warnings };
}

/** What leaves the rule's window empty (see windowProblem), once `from` and `to` read as dates. */
function windowOf(v: Record<string, unknown>, now: Date): string | null {
  const from = v.from ?? DEFAULT_FROM;
  const to = v.to ?? DEFAULT_TO;
  if (typeof from !== 'string' || typeof to !== 'string') return null;
  const fields = ruleSchema.pick({ from: true, to: true }).safeParse({ from, to });
  return fields.success ? windowProblem(from, to, now) : null;
}

/**
 * The rule's id, else its name, to show with its problems: only one that reads as text (a TOML table has no
 * prototype, and String() of one throws).
 */
function labelOf(v: Record<string, unknown>): string | undefined {
  for (const x of [v.rule_id, v.name])
    if ((typeof x === 'string' && x !== '') || typeof x === 'number') return String(x);
  return undefined;
}
