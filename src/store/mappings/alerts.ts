/**
 * The alerts index mapping, after Kibana's security alerts index (`.alerts-security.alerts-<space>`): `dynamic:
 * false`, every `kibana.alert.*` field the runner's alerts carry with Kibana's type, and the ECS fields a security
 * user filters on. Field names and types are read from Kibana 9.x: `alertFieldMap`
 * (src/platform/packages/shared/kbn-alerts-as-data-utils/src/field_maps/alert_field_map.ts), the legacy alert field
 * map, and security_solution/common/field_maps/8.0.0/{alerts,rules}.ts. Kibana composes more (all of ECS, the
 * legacy `signal.*` aliases, suppression and enrichment fields); with `dynamic: false` what is not mapped here is
 * still kept in `_source`, and Kibana installing its own template over ours later maps the rest.
 *
 * Two Kibana types need plugins a minimal distribution lacks (the test node, integ-test-zip, has neither):
 * `match_only_text` (`kibana.alert.reason.text`) and `version` (`kibana.version`). `withoutPluginTypes` gives
 * the same mapping with `text` and `keyword` in their place; setup uses it only when the cluster refuses them.
 */
import { nestFields, type FieldMap } from './field-map.js';

const keyword = { type: 'keyword' };
const ecsKeyword = { type: 'keyword', ignore_above: 1024 };
const date = { type: 'date' };
const long = { type: 'long' };
const float = { type: 'float' };
const ip = { type: 'ip' };

/** Kibana's alert fields (alertFieldMap, the legacy map, the security alerts and rules maps). */
const KIBANA: FieldMap = {
  '@timestamp': date,
  'kibana.space_ids': keyword,
  'kibana.version': { type: 'version' },
  'kibana.alert.uuid': keyword,
  'kibana.alert.status': keyword,
  'kibana.alert.workflow_status': keyword,
  'kibana.alert.workflow_tags': keyword,
  'kibana.alert.workflow_assignee_ids': keyword,
  'kibana.alert.workflow_user': keyword,
  'kibana.alert.workflow_reason': keyword,
  'kibana.alert.reason': { type: 'keyword', fields: { text: { type: 'match_only_text' } } },
  'kibana.alert.severity': keyword,
  'kibana.alert.risk_score': float,
  'kibana.alert.start': date,
  'kibana.alert.end': date,
  'kibana.alert.last_detected': date,
  'kibana.alert.intended_timestamp': date,
  'kibana.alert.original_time': date,
  'kibana.alert.time_range': { type: 'date_range', format: 'epoch_millis||strict_date_optional_time' },
  'kibana.alert.duration.us': long,
  'kibana.alert.instance.id': keyword,
  'kibana.alert.action_group': keyword,
  'kibana.alert.flapping': { type: 'boolean' },
  'kibana.alert.maintenance_window_ids': keyword,
  'kibana.alert.case_ids': keyword,
  'kibana.alert.url': { type: 'keyword', index: false, ignore_above: 2048 },
  'kibana.alert.depth': long,
  'kibana.alert.building_block_type': keyword,
  'kibana.alert.group.id': keyword,
  'kibana.alert.group.index': { type: 'integer' },
  'kibana.alert.ancestors': { type: 'object' },
  'kibana.alert.ancestors.depth': long,
  'kibana.alert.ancestors.id': keyword,
  'kibana.alert.ancestors.index': keyword,
  'kibana.alert.ancestors.rule': keyword,
  'kibana.alert.ancestors.type': keyword,
  'kibana.alert.original_data_stream.dataset': keyword,
  'kibana.alert.original_data_stream.namespace': keyword,
  'kibana.alert.original_data_stream.type': keyword,
  'kibana.alert.rule.uuid': keyword,
  'kibana.alert.rule.rule_id': keyword,
  'kibana.alert.rule.name': keyword,
  'kibana.alert.rule.type': keyword,
  'kibana.alert.rule.version': keyword,
  'kibana.alert.rule.revision': long,
  'kibana.alert.rule.rule_type_id': keyword,
  'kibana.alert.rule.category': keyword,
  'kibana.alert.rule.producer': keyword,
  'kibana.alert.rule.consumer': keyword,
  'kibana.alert.rule.parameters': { type: 'flattened', ignore_above: 4096 },
  'kibana.alert.rule.tags': keyword,
  'kibana.alert.rule.author': keyword,
  'kibana.alert.rule.description': keyword,
  'kibana.alert.rule.enabled': keyword,
  'kibana.alert.rule.from': keyword,
  'kibana.alert.rule.to': keyword,
  'kibana.alert.rule.interval': keyword,
  'kibana.alert.rule.license': keyword,
  'kibana.alert.rule.note': keyword,
  'kibana.alert.rule.references': keyword,
  'kibana.alert.rule.rule_name_override': keyword,
  'kibana.alert.rule.created_at': date,
  'kibana.alert.rule.created_by': keyword,
  'kibana.alert.rule.updated_at': date,
  'kibana.alert.rule.updated_by': keyword,
  'kibana.alert.rule.building_block_type': keyword,
  'kibana.alert.rule.exceptions_list': { type: 'object' },
  'kibana.alert.rule.false_positives': keyword,
  'kibana.alert.rule.immutable': keyword,
  'kibana.alert.rule.max_signals': long,
  'kibana.alert.rule.timeline_id': keyword,
  'kibana.alert.rule.timeline_title': keyword,
  'kibana.alert.rule.timestamp_override': keyword,
  'kibana.alert.rule.threat.framework': keyword,
  'kibana.alert.rule.threat.tactic.id': keyword,
  'kibana.alert.rule.threat.tactic.name': keyword,
  'kibana.alert.rule.threat.tactic.reference': keyword,
  'kibana.alert.rule.threat.technique.id': keyword,
  'kibana.alert.rule.threat.technique.name': keyword,
  'kibana.alert.rule.threat.technique.reference': keyword,
  'kibana.alert.rule.threat.technique.subtechnique.id': keyword,
  'kibana.alert.rule.threat.technique.subtechnique.name': keyword,
  'kibana.alert.rule.threat.technique.subtechnique.reference': keyword,
  'kibana.alert.rule.execution.uuid': keyword,
  'kibana.alert.rule.execution.type': keyword,
  'kibana.alert.rule.execution.timestamp': date,
};

/** `kibana.alert.original_event.*`: the source event's `event.*`, copied (security alerts field map). */
const ORIGINAL_EVENT: FieldMap = Object.fromEntries(
  Object.entries({
    action: keyword,
    agent_id_status: keyword,
    category: keyword,
    code: keyword,
    created: date,
    dataset: keyword,
    duration: keyword,
    end: date,
    hash: keyword,
    id: keyword,
    ingested: date,
    kind: keyword,
    module: keyword,
    original: keyword,
    outcome: keyword,
    provider: keyword,
    reason: keyword,
    reference: keyword,
    risk_score: float,
    risk_score_norm: float,
    sequence: long,
    severity: long,
    start: date,
    timezone: keyword,
    type: keyword,
    url: keyword,
  }).map(([k, v]) => [`kibana.alert.original_event.${k}`, v]),
);

const ecs = (prefix: string, names: string[], spec: Record<string, unknown> = ecsKeyword): FieldMap =>
  Object.fromEntries(names.map((n) => [`${prefix}.${n}`, spec as { type: string }]));

/** The ECS fields of the source events a security user filters alerts on, with ECS's types. */
const ECS: FieldMap = {
  ...ecs('event', [
    'action',
    'category',
    'code',
    'dataset',
    'id',
    'kind',
    'module',
    'outcome',
    'provider',
    'type',
  ]),
  'event.original': { type: 'keyword', ignore_above: 32766 },
  'event.created': date,
  'event.ingested': date,
  'event.start': date,
  'event.end': date,
  'event.sequence': long,
  'event.severity': long,
  'event.risk_score': float,
  ...ecs('data_stream', ['dataset', 'namespace', 'type'], keyword),
  tags: ecsKeyword,
  message: { type: 'text' },
  ...ecs('agent', ['id', 'name', 'type', 'version']),
  ...ecs('host', ['name', 'hostname', 'id', 'mac', 'architecture', 'domain']),
  'host.ip': ip,
  ...ecs('host.os', ['family', 'name', 'platform', 'type', 'version', 'full', 'kernel']),
  ...ecs('user', ['name', 'id', 'domain', 'email', 'full_name']),
  ...ecs('user.target', ['name', 'id']),
  ...ecs('user.effective', ['name', 'id']),
  ...ecs('process', [
    'name',
    'entity_id',
    'executable',
    'command_line',
    'args',
    'working_directory',
    'title',
  ]),
  'process.pid': long,
  ...ecs('process.hash', ['md5', 'sha1', 'sha256']),
  ...ecs('process.code_signature', ['subject_name', 'signing_id', 'status']),
  'process.code_signature.trusted': { type: 'boolean' },
  ...ecs('process.parent', ['name', 'entity_id', 'executable', 'command_line', 'args']),
  'process.parent.pid': long,
  ...ecs('process.user', ['name', 'id']),
  ...ecs('source', ['address', 'domain']),
  'source.ip': ip,
  'source.port': long,
  ...ecs('destination', ['address', 'domain']),
  'destination.ip': ip,
  'destination.port': long,
  ...ecs('network', ['direction', 'protocol', 'transport', 'type']),
  ...ecs('file', ['name', 'path', 'extension']),
  ...ecs('file.hash', ['md5', 'sha1', 'sha256']),
  ...ecs('dns.question', ['name', 'type']),
  ...ecs('url', ['full', 'domain', 'path']),
  ...ecs('registry', ['path', 'key', 'value']),
};

export const ALERTS_FIELDS: FieldMap = { ...ECS, ...KIBANA, ...ORIGINAL_EVENT };

export function alertsMapping(fields: FieldMap = ALERTS_FIELDS) {
  return { dynamic: false, properties: nestFields(fields) };
}

/** The types a minimal distribution lacks, and what stands in for each. */
export const PLUGIN_TYPE_FALLBACK: Record<string, string> = { match_only_text: 'text', version: 'keyword' };

export function withoutPluginTypes(fields: FieldMap = ALERTS_FIELDS): FieldMap {
  const swap = (spec: Record<string, unknown>): Record<string, unknown> => {
    const out: Record<string, unknown> = { ...spec };
    if (typeof out.type === 'string' && PLUGIN_TYPE_FALLBACK[out.type])
      out.type = PLUGIN_TYPE_FALLBACK[out.type];
    if (out.fields)
      out.fields = Object.fromEntries(
        Object.entries(out.fields as Record<string, Record<string, unknown>>).map(([k, v]) => [k, swap(v)]),
      );
    return out;
  };
  return Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, swap(v) as FieldMap[string]]));
}

/**
 * Kibana's settings for its alerts indices (the alerts-as-data index template): hidden, a replica where there is a
 * node for it, malformed values of a source event kept in `_source` rather than refusing the alert, and its field
 * limit. Not its ILM policy: see setup.ts.
 */
export const ALERTS_SETTINGS = {
  'index.hidden': true,
  'index.auto_expand_replicas': '0-1',
  'index.mapping.ignore_malformed': true,
  'index.mapping.total_fields.limit': 2500,
  'index.mapping.total_fields.ignore_dynamic_beyond_limit': true,
};
