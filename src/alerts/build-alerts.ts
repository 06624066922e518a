/**
 * Query results → the alert documents Kibana would write for them (../shared/reference/kibana-detection-engine.md
 * §2, §3; Kibana main's wrap_hits.ts, rule_types/eql/build_alert_group_from_sequence.ts): a single event becomes
 * one alert; a sequence (or a sample, which the EQL API also returns as a sequence) becomes a shell alert followed
 * by one building block per event it holds, its `![...]` placeholders dropped. A match that contains an alert of
 * this same rule is skipped (Kibana's guard against a rule alerting on its own alerts, kibana #82868).
 *
 * Pure: the same results, rule and context always give the same documents; ids depend on the events and the rule
 * only, so whichever engine found a match (raw search, EQL API, files) writes it under the same ids.
 */
import type { EngineEvent } from '../engine/event.js';
import { isMissingEvent, type QueryResult } from '../engine/results.js';
import { alertFields, originalTime, alertUrl, type ParentDoc } from './alert-fields.js';
import { buildingBlockIds, eventAlertId, shellAlertId, type Ancestor } from './ids.js';
import { objectArrayIntersection } from './intersect.js';
import { ancestorsOf } from './lineage.js';
import { overridesFor } from './overrides.js';
import { buildReason } from './reason.js';
import { ruleFields } from './rule-fields.js';
import { alertBodyOf } from './source.js';
import type { AlertContext, AlertDoc, AlertGroup, AlertRule } from './types.js';

export interface BuiltAlerts {
  /** In result order (which is time order: the cap keeps the tail). */
  groups: AlertGroup[];
  /** Matches skipped because one of their events is an alert of this rule. */
  skipped: number;
}

/** What every alert of one execution shares (the rule's fields by reference, as Kibana shares its params). */
interface Execution {
  rule: AlertRule;
  ctx: AlertContext;
  ruleFields: Record<string, unknown>;
  name: string;
  severity: string;
}

export function buildAlertGroups(
  results: readonly QueryResult[],
  rule: AlertRule,
  ctx: AlertContext,
): BuiltAlerts {
  const ex: Execution = {
    rule,
    ctx,
    ruleFields: ruleFields(rule),
    name: String(rule.params.name),
    severity: String(rule.params.severity),
  };
  const groups: AlertGroup[] = [];
  let skipped = 0;
  for (const result of results) {
    const events = result.kind === 'event' ? [result.event] : result.events.filter((e) => !isMissingEvent(e));
    const docs = (events as EngineEvent[]).map(toParent);
    if (docs.length === 0) continue; // no event to alert on (not a result the engines return)
    if (isOwnAlert(docs, rule.uuid)) {
      skipped++;
      continue;
    }
    groups.push(result.kind === 'event' ? singleAlert(docs[0]!, ex) : sequenceAlerts(docs, ex));
  }
  return { groups, skipped };
}

function toParent(e: EngineEvent): ParentDoc {
  return { index: e.index, id: e.id, source: e.source };
}

/** Kibana's self-loop guard: some event's ancestry (itself included) names this rule. */
function isOwnAlert(docs: readonly ParentDoc[], ruleUuid: string): boolean {
  return docs.some((d) => ancestorsOf(d.index, d.id, d.source).some((a) => a.rule === ruleUuid));
}

function singleAlert(doc: ParentDoc, ex: Execution): AlertGroup {
  const id = eventAlertId(doc.index, doc.id, ex.ctx.spaceId, ex.rule.uuid);
  const overrides = overridesFor(ex.rule, doc.source);
  const reason = buildReason(overrides.name, overrides.severity, doc.source);
  const fields = alertFields({ docs: [doc], ...ex, reason, alertId: id, overrides });
  const alert: AlertDoc = { _id: id, _source: { ...alertBodyOf(doc.source), ...fields } };
  return { kind: 'event', docs: [alert], originalTime: originalTime(doc.source) ?? '' };
}

/** The shell first, then the building blocks in sequence order. */
function sequenceAlerts(docs: readonly ParentDoc[], ex: Execution): AlertGroup {
  // building blocks start as single-event alerts (no rule-name, severity or risk-score overrides), ids to come
  const bases = docs.map((doc) => ({
    ...alertBodyOf(doc.source),
    ...alertFields({
      docs: [doc],
      ...ex,
      reason: buildReason(ex.name, ex.severity, doc.source),
      alertId: undefined,
    }),
  }));
  const blockIds = buildingBlockIds(
    bases.map((b) => b['kibana.alert.ancestors'] as Ancestor[]),
    ex.rule.uuid,
  );
  const blocks = bases.map((b, i) => ({ ...b, 'kibana.alert.uuid': blockIds[i]! }));

  // what every block shares; as in Kibana main this includes the shared part of `kibana.alert.rule.parameters`
  // nested under `kibana` (the blocks hold it under a dotted key whose leaves are not dotted), beside the whole
  // parameters the shell's own fields write under the dotted key
  const merged = objectArrayIntersection(blocks);
  const blockParents = blocks.map((source, i) => ({ index: '', id: blockIds[i]!, source }));
  const shellFields = alertFields({
    docs: blockParents,
    ...ex,
    reason: buildReason(ex.name, ex.severity, merged),
    alertId: undefined,
  });
  const shellId = shellAlertId(shellFields['kibana.alert.ancestors'] as Ancestor[], ex.rule.uuid);
  const timestamp = ex.ctx.writtenAt.toISOString();
  const shell: AlertDoc = {
    _id: shellId,
    _source: withoutUndefined({
      ...merged,
      ...shellFields,
      'kibana.alert.uuid': shellId,
      'kibana.alert.group.id': shellId,
      'kibana.alert.url': alertUrl(ex.ctx, shellId, timestamp),
    }),
  };
  const finished: AlertDoc[] = blocks.map((b, i) => ({
    _id: blockIds[i]!,
    _source: withoutUndefined({
      ...b,
      'kibana.alert.building_block_type': 'default',
      'kibana.alert.group.id': shellId,
      'kibana.alert.group.index': i,
      'kibana.alert.url': alertUrl(ex.ctx, blockIds[i]!, timestamp),
    }),
  }));
  return { kind: 'sequence', docs: [shell, ...finished], originalTime: originalTime(docs[0]!.source) ?? '' };
}

function withoutUndefined(o: Record<string, unknown>): Record<string, unknown> {
  for (const [k, v] of Object.entries(o)) if (v === undefined) delete o[k];
  return o;
}
