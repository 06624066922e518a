/**
 * The `kibana.alert.rule.*` fields every alert of a rule carries, as Kibana main's `buildAlertFields`
 * (factories/utils/build_alert.ts) and the alerting framework's common fields write them for `siem.eqlRule`.
 * `kibana.alert.rule.parameters` is an allow-list (Kibana's `commonParamsCamelToSnake` + the EQL arm of
 * `typeSpecificCamelToSnake`), never the rule as loaded: a rule file's other fields, and above all `actions` (its
 * connectors and their parameters), never reach an alert. rule-runner runs no actions, so
 * `kibana.alert.rule.actions` is always `[]`.
 */
import type { AlertRule } from './types.js';
import { flattenWithPrefix } from './source.js';
import { parseDefaultDate } from '../mapping/iso-date.js';

/** Kibana's common rule params, in its order (`output_index` is left out of alerts). */
const COMMON_PARAMS = [
  'description',
  'risk_score',
  'severity',
  'building_block_type',
  'namespace',
  'note',
  'license',
  'timeline_id',
  'timeline_title',
  'meta',
  'rule_name_override',
  'timestamp_override',
  'timestamp_override_fallback_disabled',
  'investigation_fields',
  'author',
  'false_positives',
  'from',
  'rule_id',
  'max_signals',
  'risk_score_mapping',
  'severity_mapping',
  'threat',
  'to',
  'references',
  'version',
  'exceptions_list',
  'immutable',
  'rule_source',
  'related_integrations',
  'required_fields',
  'setup',
] as const;

/** The EQL rule type's own params. */
const EQL_PARAMS = [
  'type',
  'language',
  'index',
  'data_view_id',
  'query',
  'filters',
  'timestamp_field',
  'event_category_override',
  'tiebreaker_field',
  'alert_suppression',
  'response_actions',
] as const;

/** What Kibana's create-rule API fills in when a rule leaves it out, so alerts say what Kibana's would. */
const PARAM_DEFAULTS: Record<string, unknown> = {
  author: [],
  false_positives: [],
  references: [],
  risk_score_mapping: [],
  severity_mapping: [],
  threat: [],
  exceptions_list: [],
  related_integrations: [],
  required_fields: [],
  setup: '',
  language: 'eql',
};

function param(rule: AlertRule, key: string): unknown {
  const v = rule.params[key];
  return v === undefined ? structuredClone(PARAM_DEFAULTS[key]) : structuredClone(v);
}

/**
 * `kibana.alert.rule.parameters`. `immutable` is false: a rule run here is not Kibana's installed prebuilt rule.
 * An `investigation_fields` array (8.10) is written as 8.11+ store it, `{field_names: [...]}`.
 */
export function ruleParameters(rule: AlertRule): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of [...COMMON_PARAMS, ...EQL_PARAMS]) {
    const v = key === 'immutable' ? false : key === 'type' ? 'eql' : param(rule, key);
    if (v !== undefined) out[key] = v;
  }
  if (Array.isArray(out.investigation_fields))
    out.investigation_fields = { field_names: out.investigation_fields };
  return out;
}

/** A rule's `created_at`/`updated_at` as an ISO instant, when the rule file has a date there. */
function isoDate(v: unknown): string | undefined {
  if (typeof v !== 'string') return undefined;
  const t = parseDefaultDate(v);
  return t === null ? undefined : new Date(t[0]).toISOString();
}

/** The rule's part of every alert (the same for a single alert, a shell and each building block). */
export function ruleFields(rule: AlertRule): Record<string, unknown> {
  const p = (key: string) => param(rule, key);
  const fields: Record<string, unknown> = {
    'kibana.alert.rule.parameters': ruleParameters(rule),
    'kibana.alert.rule.actions': [],
    'kibana.alert.rule.author': p('author'),
    'kibana.alert.rule.created_at': isoDate(rule.params.created_at),
    'kibana.alert.rule.created_by': typeof rule.params.created_by === 'string' ? rule.params.created_by : '',
    'kibana.alert.rule.description': p('description'),
    'kibana.alert.rule.enabled': rule.params.enabled ?? true,
    'kibana.alert.rule.exceptions_list': p('exceptions_list'),
    'kibana.alert.rule.false_positives': p('false_positives'),
    'kibana.alert.rule.from': p('from'),
    'kibana.alert.rule.immutable': false,
    'kibana.alert.rule.interval': p('interval'),
    'kibana.alert.rule.indices': p('index') ?? [],
    'kibana.alert.rule.license': p('license'),
    'kibana.alert.rule.max_signals': p('max_signals'),
    'kibana.alert.rule.name': p('name'),
    'kibana.alert.rule.namespace': p('namespace'),
    'kibana.alert.rule.note': p('note'),
    'kibana.alert.rule.references': p('references'),
    'kibana.alert.rule.risk_score_mapping': p('risk_score_mapping'),
    'kibana.alert.rule.rule_id': p('rule_id'),
    'kibana.alert.rule.rule_name_override': p('rule_name_override'),
    'kibana.alert.rule.severity_mapping': p('severity_mapping'),
    'kibana.alert.rule.tags': p('tags') ?? [],
    'kibana.alert.rule.threat': p('threat'),
    'kibana.alert.rule.timeline_id': p('timeline_id'),
    'kibana.alert.rule.timeline_title': p('timeline_title'),
    'kibana.alert.rule.timestamp_override': p('timestamp_override'),
    'kibana.alert.rule.to': p('to'),
    'kibana.alert.rule.type': 'eql',
    'kibana.alert.rule.updated_at': isoDate(rule.params.updated_at),
    'kibana.alert.rule.updated_by': typeof rule.params.updated_by === 'string' ? rule.params.updated_by : '',
    'kibana.alert.rule.uuid': rule.uuid,
    'kibana.alert.rule.version': p('version'),
    ...flattenWithPrefix('kibana.alert.rule.meta', p('meta')),
    // not in the alerts mapping (Kibana writes them anyway, for its own readers)
    'kibana.alert.rule.risk_score': p('risk_score'),
    'kibana.alert.rule.severity': p('severity'),
    'kibana.alert.rule.building_block_type': p('building_block_type'),
    // the alerting framework's common fields for the rule type
    'kibana.alert.rule.category': 'Event Correlation Rule',
    'kibana.alert.rule.consumer': 'siem',
    'kibana.alert.rule.producer': 'siem',
    'kibana.alert.rule.revision': Number.isInteger(rule.params.revision) ? rule.params.revision : 0,
    'kibana.alert.rule.rule_type_id': 'siem.eqlRule',
  };
  for (const [k, v] of Object.entries(fields)) if (v === undefined) delete fields[k];
  return fields;
}
