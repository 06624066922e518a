/**
 * A single-event alert's severity, risk score and rule name taken from the event, where the rule says so
 * (`severity_mapping`, `risk_score_mapping`, `rule_name_override`), as Kibana main's build_severity_from_mapping.ts,
 * build_risk_score_from_mapping.ts and build_rule_name_from_mapping.ts (rule_types/utils/mappings/) do. Kibana
 * applies them to single-event alerts only: a sequence's shell and building blocks keep the rule's own values.
 */
import type { AlertRule } from './types.js';
import { readPath } from './lineage.js';

export interface Overrides {
  name: string;
  severity: string;
  riskScore: unknown;
}

const SEVERITY_ORDER = new Map([
  ['low', 0],
  ['medium', 1],
  ['high', 2],
  ['critical', 3],
]);
/** ECS's `event.severity` is a long: Kibana compares it (and the mapping's value) as an integer. */
const ECS_SEVERITY = 'event.severity';

const isSafeInt = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v);

/** The highest severity whose mapping matches the event (a value of an array field is enough), else the rule's. */
function severityOf(rule: AlertRule, source: Record<string, unknown>): string {
  const fallback = String(rule.params.severity);
  const mappings = rule.params.severity_mapping;
  if (!Array.isArray(mappings) || mappings.length === 0) return fallback;
  const rank = (m: unknown) =>
    SEVERITY_ORDER.get(String((m as { severity?: unknown }).severity)) ?? Number.NaN;
  const sorted = [...mappings].sort((a, b) => rank(a) - rank(b));
  let match: string | undefined;
  for (const m of sorted as Array<{ field?: unknown; value?: unknown; severity?: unknown }>) {
    const field = String(m.field);
    const raw = readPath(source, field);
    const values = Array.isArray(raw) ? raw : [raw];
    const numeric = field === ECS_SEVERITY;
    const eventValues = new Set<unknown>(
      numeric
        ? values.filter(isSafeInt)
        : values.filter((v) => isSafeInt(v) || typeof v === 'string').map(String),
    );
    if (eventValues.has(numeric ? Math.floor(Number(m.value)) : m.value)) match = String(m.severity);
  }
  return match !== undefined && SEVERITY_ORDER.has(match) ? match : fallback;
}

/** The largest value 0..100 of the first mapping's field (a number, or a text of one), else the rule's score. */
function riskScoreOf(rule: AlertRule, source: Record<string, unknown>): unknown {
  const mappings = rule.params.risk_score_mapping;
  if (!Array.isArray(mappings) || mappings.length === 0) return rule.params.risk_score;
  const raw = readPath(source, String((mappings[0] as { field?: unknown }).field));
  const scores = (Array.isArray(raw) ? raw : [raw])
    .map((v) => (typeof v === 'number' ? v : typeof v === 'string' ? Number(v) : Number.NaN))
    .filter((n) => Number.isFinite(n) && n >= 0 && n <= 100);
  return scores.length > 0 ? scores.reduce((a, b) => Math.max(a, b)) : rule.params.risk_score;
}

/** The event's text at `rule_name_override`, else the rule's name. */
function nameOf(rule: AlertRule, source: Record<string, unknown>): string {
  const field = rule.params.rule_name_override;
  if (field !== undefined && field !== null) {
    const v = readPath(source, String(field));
    if (typeof v === 'string') return v;
  }
  return String(rule.params.name);
}

export function overridesFor(rule: AlertRule, source: Record<string, unknown>): Overrides {
  return {
    name: nameOf(rule, source),
    severity: severityOf(rule, source),
    riskScore: riskScoreOf(rule, source),
  };
}
