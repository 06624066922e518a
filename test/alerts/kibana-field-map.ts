/**
 * Test data: the `kibana.*` field names of the alerts index Kibana installs for security rules (`.alerts-security.
 * alerts-<space>`): `securityRuleTypeFieldMap` (x-pack/solutions/security/plugins/security_solution/server/lib/
 * detection_engine/rule_types/create_security_rule_type_wrapper.ts) = the rule registry's technicalRuleFieldMap
 * (alertFieldMap + legacyAlertFieldMap) + the security alertsFieldMap + rulesFieldMap (+ legacy `signal.*`
 * aliases), ECS mapped beside them. Copied as names only from elastic/kibana main (security field map version
 * 9.6.0), in these files:
 * - src/platform/packages/shared/kbn-alerts-as-data-utils/src/field_maps/alert_field_map.ts (alertFieldMap), with
 *   the names of src/platform/packages/shared/kbn-rule-data-utils/src/default_alerts_as_data.ts and
 *   technical_field_names.ts;
 * - src/platform/packages/shared/kbn-alerts-as-data-utils/src/field_maps/legacy_alert_field_map.ts
 *   (legacyAlertFieldMap), names from kbn-rule-data-utils/src/legacy_alerts_as_data.ts;
 * - x-pack/solutions/security/plugins/security_solution/common/field_maps/{8.0.0,8.4.0,8.13.0,8.16.0,8.18.0,
 *   8.19.0,9.2.0,9.3.0,9.3.1,9.6.0}/alerts.ts (securityAlertFieldMap, each version adding to the last) and
 *   x-pack/plugins/security_solution/common/field_maps/{8.0.0,8.10.0}/rules.ts (rulesFieldMap), names from
 *   common/field_maps/field_names.ts.
 * Names whose constant's text was not read are left out (none of them is written by rule-runner).
 */

/** Mapped as `object` or `flattened`: what is under them stays in `_source` (the index is `dynamic: false`). */
export const CONTAINER_FIELDS = new Set([
  'kibana.alert.ancestors',
  'kibana.alert.rule.parameters',
  'kibana.alert.rule.exceptions_list',
  'kibana.alert.threshold_result.cardinality',
  'kibana.alert.threshold_result.terms',
]);

export const ALERT_FIELD_MAP = [
  '@timestamp',
  'event.action',
  'event.kind',
  'event.original',
  'tags',
  'data_stream.type',
  'data_stream.dataset',
  'data_stream.namespace',
  'kibana.space_ids',
  'kibana.version',
  'kibana.alert.action_group',
  'kibana.alert.case_ids',
  'kibana.alert.duration.us',
  'kibana.alert.end',
  'kibana.alert.flapping',
  'kibana.alert.flapping_history',
  'kibana.alert.maintenance_window_ids',
  'kibana.alert.consecutive_matches',
  'kibana.alert.pending_recovered_count',
  'kibana.alert.instance.id',
  'kibana.alert.last_detected',
  'kibana.alert.previous_action_group',
  'kibana.alert.reason',
  'kibana.alert.rule.category',
  'kibana.alert.rule.consumer',
  'kibana.alert.rule.execution.timestamp',
  'kibana.alert.rule.execution.type',
  'kibana.alert.intended_timestamp',
  'kibana.alert.rule.execution.uuid',
  'kibana.alert.rule.name',
  'kibana.alert.rule.parameters',
  'kibana.alert.rule.producer',
  'kibana.alert.rule.revision',
  'kibana.alert.rule.tags',
  'kibana.alert.rule.rule_type_id',
  'kibana.alert.rule.uuid',
  'kibana.alert.severity',
  'kibana.alert.severity_improving',
  'kibana.alert.start',
  'kibana.alert.status',
  'kibana.alert.time_range',
  'kibana.alert.url',
  'kibana.alert.uuid',
  'kibana.alert.workflow_status',
  'kibana.alert.workflow_tags',
  'kibana.alert.workflow_assignee_ids',
  'kibana.alert.index_pattern',
];

export const LEGACY_ALERT_FIELD_MAP = [
  'kibana.alert.risk_score',
  'kibana.alert.rule.author',
  'kibana.alert.rule.created_at',
  'kibana.alert.rule.created_by',
  'kibana.alert.rule.description',
  'kibana.alert.rule.enabled',
  'kibana.alert.rule.from',
  'kibana.alert.rule.interval',
  'kibana.alert.rule.license',
  'kibana.alert.rule.note',
  'kibana.alert.rule.references',
  'kibana.alert.rule.rule_id',
  'kibana.alert.rule.rule_name_override',
  'kibana.alert.rule.to',
  'kibana.alert.rule.type',
  'kibana.alert.rule.updated_at',
  'kibana.alert.rule.updated_by',
  'kibana.alert.rule.version',
  'kibana.alert.severity',
  'kibana.alert.suppression.docs_count',
  'kibana.alert.suppression.end',
  'kibana.alert.suppression.terms.field',
  'kibana.alert.suppression.start',
  'kibana.alert.suppression.terms.value',
  'kibana.alert.system_status',
  'kibana.alert.workflow_reason',
  'kibana.alert.workflow_user',
  'kibana.alert.workflow_status_updated_at',
  'ecs.version',
];

const ORIGINAL_EVENT = [
  'action',
  'agent_id_status',
  'category',
  'code',
  'created',
  'dataset',
  'duration',
  'end',
  'hash',
  'id',
  'ingested',
  'kind',
  'module',
  'original',
  'outcome',
  'provider',
  'reason',
  'reference',
  'risk_score',
  'risk_score_norm',
  'sequence',
  'severity',
  'start',
  'timezone',
  'type',
  'url',
];

export const SECURITY_ALERT_FIELD_MAP = [
  'kibana.alert.ancestors',
  'kibana.alert.ancestors.depth',
  'kibana.alert.ancestors.id',
  'kibana.alert.ancestors.index',
  'kibana.alert.ancestors.rule',
  'kibana.alert.ancestors.type',
  'kibana.alert.building_block_type',
  'kibana.alert.depth',
  'kibana.alert.group.id',
  'kibana.alert.group.index',
  ...ORIGINAL_EVENT.map((f) => `kibana.alert.original_event.${f}`),
  'kibana.alert.original_time',
  'kibana.alert.reason',
  'kibana.alert.threshold_result.cardinality',
  'kibana.alert.threshold_result.cardinality.field',
  'kibana.alert.threshold_result.cardinality.value',
  'kibana.alert.threshold_result.count',
  'kibana.alert.threshold_result.from',
  'kibana.alert.threshold_result.terms',
  'kibana.alert.threshold_result.terms.field',
  'kibana.alert.threshold_result.terms.value',
  // 8.4.0
  'kibana.alert.new_terms',
  // 8.13.0
  'kibana.alert.host.criticality_level',
  'kibana.alert.user.criticality_level',
  // 8.19.0
  'kibana.alert.original_data_stream.dataset',
  'kibana.alert.original_data_stream.namespace',
  'kibana.alert.original_data_stream.type',
];

export const RULES_FIELD_MAP = [
  'kibana.alert.rule.building_block_type',
  'kibana.alert.rule.exceptions_list',
  'kibana.alert.rule.false_positives',
  'kibana.alert.rule.custom_highlighted_fields',
  'kibana.alert.rule.immutable',
  'kibana.alert.rule.max_signals',
  'kibana.alert.rule.threat.framework',
  'kibana.alert.rule.threat.tactic.id',
  'kibana.alert.rule.threat.tactic.name',
  'kibana.alert.rule.threat.tactic.reference',
  'kibana.alert.rule.threat.technique.id',
  'kibana.alert.rule.threat.technique.name',
  'kibana.alert.rule.threat.technique.reference',
  'kibana.alert.rule.threat.technique.subtechnique.id',
  'kibana.alert.rule.threat.technique.subtechnique.name',
  'kibana.alert.rule.threat.technique.subtechnique.reference',
  'kibana.alert.rule.timeline_id',
  'kibana.alert.rule.timeline_title',
  'kibana.alert.rule.timestamp_override',
];

/**
 * Fields Kibana's `buildAlertFields` (x-pack/solutions/security/plugins/security_solution/server/lib/
 * detection_engine/rule_types/factories/utils/build_alert.ts) writes although no field map maps them: the index
 * keeps them in `_source` only. Its own comment says so of the last two. rule-runner writes them as Kibana does.
 */
export const WRITTEN_BY_KIBANA_UNMAPPED = [
  'kibana.alert.rule.actions',
  'kibana.alert.rule.indices',
  'kibana.alert.rule.namespace',
  'kibana.alert.rule.risk_score_mapping',
  'kibana.alert.rule.severity_mapping',
  'kibana.alert.rule.meta',
  'kibana.alert.rule.risk_score',
  'kibana.alert.rule.severity',
];

export const KIBANA_ALERT_FIELDS = new Set([
  ...ALERT_FIELD_MAP,
  ...LEGACY_ALERT_FIELD_MAP,
  ...SECURITY_ALERT_FIELD_MAP,
  ...RULES_FIELD_MAP,
]);
