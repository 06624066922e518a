/**
 * The `kibana.alert.*` bookkeeping of one alert from the documents it comes from (one event, or a shell's building
 * blocks): Kibana main's `buildAlertFields` (factories/utils/build_alert.ts) plus what the alerting framework adds
 * when it writes (`kibana.alert.rule.execution.*`, `kibana.alert.start`, `kibana.alert.last_detected`,
 * `kibana.version`). Every time comes from the execution context; nothing here reads a clock.
 */
import type { AlertContext, AlertRule } from './types.js';
import { ancestorsOf, parentOf } from './lineage.js';
import type { Overrides } from './overrides.js';
import { parseDefaultDate } from '../mapping/iso-date.js';

/** A document an alert is built from: a matched event, or (for a shell) a building block. */
export interface ParentDoc {
  index: string;
  id: string;
  source: Record<string, unknown>;
}

/**
 * `kibana.alert.original_time`: the first document's `@timestamp` (a top-level key, as Kibana's
 * `getValidDateFromDoc` reads it), an ISO date or epoch milliseconds, to the millisecond; absent when it is not a date.
 */
export function originalTime(source: Record<string, unknown>): string | undefined {
  const v = source['@timestamp'];
  let ms: number | undefined;
  if (typeof v === 'number') ms = v;
  else if (typeof v === 'string') ms = parseDefaultDate(v)?.[0];
  if (ms === undefined || !Number.isFinite(ms)) return undefined;
  const d = new Date(ms);
  return Number.isNaN(d.getTime()) ? undefined : d.toISOString();
}

/**
 * `kibana.alert.url`, when Kibana's public URL is known: its alert-details redirect, under `/s/<space>` for a space
 * other than `default` (Kibana's `getAlertDetailsUrl` and `addSpaceIdToPath`).
 */
export function alertUrl(ctx: AlertContext, alertId: string, timestamp: string): string | undefined {
  if (ctx.publicBaseUrl === undefined || ctx.publicBaseUrl === '') return undefined;
  const base = ctx.publicBaseUrl.endsWith('/') ? ctx.publicBaseUrl.slice(0, -1) : ctx.publicBaseUrl;
  const space = ctx.spaceId !== '' && ctx.spaceId !== 'default' ? `/s/${ctx.spaceId}` : '';
  const index = `.alerts-security.alerts-${ctx.spaceId}`;
  return `${base}${space}/app/security/alerts/redirect/${alertId}?index=${index}&timestamp=${timestamp}`;
}

export interface AlertFieldsInput {
  docs: readonly ParentDoc[];
  rule: AlertRule;
  /** The rule's part, built once per execution (ruleFields), shared by every alert as Kibana shares its params. */
  ruleFields: Record<string, unknown>;
  ctx: AlertContext;
  reason: string;
  alertId: string | undefined;
  /** A single-event alert's severity, risk score and rule name from the event (overrides.ts). */
  overrides?: Overrides;
}

/** The fields an alert adds to its body; undefined ones are left out (as JSON leaves them out). */
export function alertFields({ docs, rule, ruleFields, ctx, reason, alertId, overrides }: AlertFieldsInput) {
  const timestamp = ctx.writtenAt.toISOString();
  const depth = docs.reduce((max, d) => Math.max(max, parentOf(d.index, d.id, d.source).depth), 0) + 1;
  const manual = ctx.executionType === 'manual';
  const fields: Record<string, unknown> = {
    '@timestamp': timestamp,
    'kibana.space_ids': [ctx.spaceId],
    'event.kind': 'signal',
    'kibana.alert.original_time': docs.length > 0 ? originalTime(docs[0]!.source) : undefined,
    'kibana.alert.rule.consumer': 'siem',
    'kibana.alert.ancestors': docs.flatMap((d) => ancestorsOf(d.index, d.id, d.source)),
    'kibana.alert.status': 'active',
    'kibana.alert.workflow_status': 'open',
    'kibana.alert.depth': depth,
    'kibana.alert.reason': reason,
    'kibana.alert.building_block_type': rule.params.building_block_type,
    'kibana.alert.severity': overrides ? overrides.severity : rule.params.severity,
    'kibana.alert.risk_score': overrides ? overrides.riskScore : rule.params.risk_score,
    ...ruleFields,
    'kibana.alert.url': alertId === undefined ? undefined : alertUrl(ctx, alertId, timestamp),
    'kibana.alert.uuid': alertId,
    'kibana.alert.workflow_tags': [],
    'kibana.alert.workflow_assignee_ids': [],
    // Kibana: the backfill step's time for a manual run, the alert's own @timestamp for a scheduled one
    'kibana.alert.intended_timestamp': manual ? ctx.intendedTimestamp.toISOString() : timestamp,
    'kibana.alert.rule.execution.type': ctx.executionType,
    'kibana.alert.rule.execution.uuid': ctx.executionUuid,
    'kibana.alert.rule.execution.timestamp': timestamp,
    'kibana.alert.start': timestamp,
    'kibana.alert.last_detected': timestamp,
    'kibana.version': ctx.kibanaVersion,
  };
  if (overrides) fields['kibana.alert.rule.name'] = overrides.name;
  for (const [k, v] of Object.entries(fields)) if (v === undefined) delete fields[k];
  return fields;
}
