/**
 * `rule-runner setup`'s work, and the check every writing command makes first. Setup installs, idempotently, an
 * index template with an explicit mapping and the index itself for each store: the alerts index in Kibana's
 * layout (template `.alerts-security.alerts-<space>-index-template`, backing index
 * `.internal.alerts-security.alerts-<space>-000001` behind the write alias `.alerts-security.alerts-<space>`,
 * all hidden as Kibana's are, so 9.x does not warn about dot-prefixed names), the run state, the execution log,
 * the gaps and the backfills. A second setup changes nothing: each template carries a schema version and is rewritten only when it
 * differs. Where the alerts target already exists (Kibana installed it, or the user named an index of their own),
 * setup leaves it and Kibana's template alone and only checks that it can write there.
 *
 * Not installed: Kibana's ILM policy (rollover at 30 days or 50 GB). A distribution without ILM (the test node)
 * would refuse it; the backing index is named for rollover so a policy can be attached later.
 */
import type { Client } from '@elastic/elasticsearch';
import { esStatus, esErrorType, toEsError } from '../es/errors.js';
import { alertsTargetKind, checkAlertsWritable, type AlertsTargetKind } from './alerts-target.js';
import { setupMissing } from './errors.js';
import { ALERTS_FIELDS, ALERTS_SETTINGS, alertsMapping, withoutPluginTypes } from './mappings/alerts.js';
import {
  BACKFILLS_MAPPING,
  EXECUTIONS_MAPPING,
  GAPS_MAPPING,
  STATE_MAPPING,
} from './mappings/runner-indices.js';
import { DEFAULT_SPACE, kibanaAlertsAlias, type StoreNames } from './names.js';

/** Bumped whenever a mapping here changes, so that setup rewrites the templates (and adds fields) once. */
export const SCHEMA_VERSION = 1;
const MANAGED_BY = 'rule-runner';
/** Above a catch-all template's usual 0..100, so an overlapping user template does not take the index. */
const PRIORITY = 500;

export interface SetupAction {
  what: 'index template' | 'index' | 'alias' | 'alerts target';
  name: string;
  outcome: 'created' | 'updated' | 'unchanged' | 'kept';
  note?: string;
}

export interface SetupReport {
  actions: SetupAction[];
  alertsTarget: AlertsTargetKind;
  /** Deprecation and other warnings Elasticsearch sent back while setting up (none expected). */
  warnings: string[];
  notes: string[];
}

interface TemplateBody {
  index_patterns: string[];
  priority: number;
  version: number;
  _meta: Record<string, unknown>;
  template: { settings: Record<string, unknown>; mappings: unknown };
}

type Existing = { ours: boolean; version: number | undefined } | null;

async function existingTemplate(client: Client, name: string): Promise<Existing> {
  try {
    const res = await client.indices.getIndexTemplate({ name });
    const t = res.index_templates[0]?.index_template;
    if (!t) return null;
    return { ours: t._meta?.managed_by === MANAGED_BY, version: t.version ?? undefined };
  } catch (e) {
    if (esStatus(e) === 404) return null;
    throw toEsError(e, `reading index template ${name}`);
  }
}

/** Whether the cluster refused a mapping for a field type it lacks (a plugin type on a minimal distribution). */
function unknownFieldType(e: unknown): boolean {
  const reason = JSON.stringify((e as { meta?: { body?: unknown } }).meta?.body ?? '');
  // "template after composition is invalid", caused by a mapper_parsing_exception naming the type
  return esStatus(e) === 400 && /The mapper type \[[a-z_]+\] declared/.test(reason);
}

async function putTemplate(client: Client, name: string, body: TemplateBody): Promise<void> {
  try {
    await client.indices.putIndexTemplate({ name, ...body } as never);
  } catch (e) {
    throw toEsError(e, `installing index template ${name}`);
  }
}

function templateBody(
  patterns: string[],
  settings: Record<string, unknown>,
  mappings: unknown,
): TemplateBody {
  return {
    index_patterns: patterns,
    priority: PRIORITY,
    version: SCHEMA_VERSION,
    _meta: { managed_by: MANAGED_BY, schema_version: SCHEMA_VERSION },
    template: { settings, mappings },
  };
}

async function createIndex(
  client: Client,
  index: string,
  settings: Record<string, unknown>,
  aliases?: Record<string, unknown>,
): Promise<boolean> {
  try {
    await client.indices.create({ index, settings, ...(aliases ? { aliases } : {}) } as never);
    return true;
  } catch (e) {
    if (esErrorType(e) === 'resource_already_exists_exception') return false;
    throw toEsError(e, `creating index ${index}`);
  }
}

/** Installs or refreshes our alerts template, never one that is not ours; returns the template found before. */
async function ensureAlertsTemplate(
  client: Client,
  names: StoreNames,
  report: SetupReport,
): Promise<Existing> {
  const a = names.alerts;
  const existing = await existingTemplate(client, a.template);
  if (existing && !existing.ours) {
    report.actions.push({
      what: 'index template',
      name: a.template,
      outcome: 'kept',
      note: 'not rule-runner’s (Kibana’s, or another’s): left as it is',
    });
    return existing;
  }
  if (existing?.version === SCHEMA_VERSION) {
    report.actions.push({ what: 'index template', name: a.template, outcome: 'unchanged' });
    return existing;
  }
  const body = templateBody([a.indexPattern], ALERTS_SETTINGS, alertsMapping());
  try {
    await client.indices.putIndexTemplate({ name: a.template, ...body } as never);
  } catch (e) {
    if (!unknownFieldType(e)) throw toEsError(e, `installing index template ${a.template}`);
    const mappings = alertsMapping(withoutPluginTypes(ALERTS_FIELDS));
    await putTemplate(client, a.template, { ...body, template: { ...body.template, mappings } });
    report.notes.push(
      `${a.template}: the cluster lacks the match_only_text and version field types; kibana.alert.reason.text is text and kibana.version keyword`,
    );
  }
  report.actions.push({
    what: 'index template',
    name: a.template,
    outcome: existing ? 'updated' : 'created',
  });
  return existing;
}

async function setupAlerts(client: Client, names: StoreNames, report: SetupReport): Promise<void> {
  const a = names.alerts;
  const kind = await alertsTargetKind(client, a.alias);
  if (kind) {
    // Kibana's (or the user's) target stays as it is; only a template of ours is brought up to date
    const template = await existingTemplate(client, a.template);
    if (template?.ours && template.version !== SCHEMA_VERSION) {
      await ensureAlertsTemplate(client, names, report);
      // the indices made by an older setup gain the new fields (a mapping only ever gains fields)
      const mappings = (await client.indices.getIndexTemplate({ name: a.template })).index_templates[0]
        ?.index_template.template?.mappings;
      try {
        await client.indices.putMapping({ index: a.alias, ...(mappings as object) } as never);
      } catch (e) {
        throw toEsError(e, `updating the mapping of ${a.alias}`);
      }
    } else if (template?.ours)
      report.actions.push({ what: 'index template', name: a.template, outcome: 'unchanged' });
    report.alertsTarget = kind;
    report.actions.push({
      what: 'alerts target',
      name: a.alias,
      outcome: 'kept',
      note: `an existing ${kind}: left as it is, and checked writable`,
    });
    report.notes.push(...(await checkAlertsWritable(client, a.alias, kind)));
    return;
  }
  await ensureAlertsTemplate(client, names, report);
  const aliases = { [a.alias]: { is_write_index: true, is_hidden: true } };
  if (await createIndex(client, a.backingIndex, { 'index.hidden': true }, aliases)) {
    report.actions.push({ what: 'index', name: a.backingIndex, outcome: 'created' });
    report.actions.push({ what: 'alias', name: a.alias, outcome: 'created' });
  } else {
    // the backing index is there without the alias (an interrupted setup): give it the alias
    try {
      await client.indices.updateAliases({
        actions: [{ add: { index: a.backingIndex, alias: a.alias, is_write_index: true, is_hidden: true } }],
      });
    } catch (e) {
      throw toEsError(e, `adding alias ${a.alias} to ${a.backingIndex}`);
    }
    report.actions.push({ what: 'alias', name: a.alias, outcome: 'created' });
  }
  report.alertsTarget = 'alias';
}

async function setupRunnerIndex(client: Client, index: string, mappings: unknown, report: SetupReport) {
  const template = `${index}-template`;
  // a dot-prefixed name is hidden, as Kibana's are, so 9.x does not warn about it
  const settings: Record<string, unknown> = {
    'index.number_of_shards': 1,
    'index.auto_expand_replicas': '0-1',
  };
  if (index.startsWith('.')) settings['index.hidden'] = true;
  const existing = await existingTemplate(client, template);
  const current = existing?.ours && existing.version === SCHEMA_VERSION;
  if (!current) await putTemplate(client, template, templateBody([index], settings, mappings));
  report.actions.push({
    what: 'index template',
    name: template,
    outcome: current ? 'unchanged' : existing ? 'updated' : 'created',
  });
  const created = await createIndex(client, index, index.startsWith('.') ? { 'index.hidden': true } : {});
  if (!created && !current)
    try {
      // an index made by an older setup gets the new fields (mappings only ever gain fields)
      await client.indices.putMapping({ index, ...(mappings as object) } as never);
    } catch (e) {
      throw toEsError(e, `updating the mapping of ${index}`);
    }
  report.actions.push({
    what: 'index',
    name: index,
    outcome: created ? 'created' : current ? 'unchanged' : 'updated',
  });
}

/** Installs every store's template and index; a second call changes nothing. */
export async function setupStores(client: Client, names: StoreNames): Promise<SetupReport> {
  const report: SetupReport = { actions: [], alertsTarget: 'alias', warnings: [], notes: [] };
  const onResponse = (_err: unknown, result: { warnings?: string[] | null } | null) => {
    for (const w of result?.warnings ?? []) if (!report.warnings.includes(w)) report.warnings.push(w);
  };
  client.diagnostic.on('response', onResponse);
  try {
    await setupAlerts(client, names, report);
    await setupRunnerIndex(client, names.state, STATE_MAPPING, report);
    await setupRunnerIndex(client, names.executions, EXECUTIONS_MAPPING, report);
    await setupRunnerIndex(client, names.gaps, GAPS_MAPPING, report);
    await setupRunnerIndex(client, names.backfills, BACKFILLS_MAPPING, report);
  } finally {
    client.diagnostic.off('response', onResponse);
  }
  return report;
}

/** The flags that name these stores, for the hint to run setup with the same ones. */
function setupHint(names: StoreNames): string {
  let hint = names.spaceId === DEFAULT_SPACE ? '' : ` --space ${names.spaceId}`;
  if (names.alerts.alias !== kibanaAlertsAlias(names.spaceId))
    hint += ` --alerts-index ${names.alerts.alias}`;
  return hint;
}

/**
 * Throws SETUP_MISSING, naming what is missing and the setup command to run, unless every store is in place.
 * Returns what the alerts target is (an alias is written with `require_alias`).
 */
export async function checkSetup(
  client: Client,
  names: StoreNames,
): Promise<{ alertsTarget: AlertsTargetKind }> {
  const missing: string[] = [];
  const kind = await alertsTargetKind(client, names.alerts.alias);
  if (!kind) missing.push(`the alerts index ${names.alerts.alias}`);
  const runner: Array<[string, string]> = [
    [names.state, 'the run-state index'],
    [names.executions, 'the execution-log index'],
    [names.gaps, 'the gaps index'],
    [names.backfills, 'the backfills index'],
  ];
  for (const [index, what] of runner) {
    try {
      if (!(await client.indices.exists({ index, expand_wildcards: 'all' })))
        missing.push(`${what} ${index}`);
    } catch (e) {
      throw toEsError(e, `looking for ${what} ${index}`);
    }
  }
  if (missing.length > 0 || !kind) throw setupMissing(missing, setupHint(names));
  return { alertsTarget: kind };
}
