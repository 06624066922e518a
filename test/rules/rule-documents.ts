/**
 * Valid documents of every kind the rule loader reads, with every optional part filled in, for tests to change
 * one field of: a Kibana EQL rule, an exception item with one entry of each type, an exception list.
 */

export const VALID_RULE = {
  id: '5f0a4d6e-3a3b-4c8e-9a59-2d1f6b0c7e11',
  rule_id: 'valid-rule',
  name: 'Valid rule',
  description: 'Every field Kibana types, filled in',
  type: 'eql',
  language: 'eql',
  query: 'process where process.name == "bash"',
  index: ['logs-endpoint.events.*'],
  data_view_id: 'security-solution-default',
  interval: '5m',
  from: 'now-9m',
  to: 'now',
  max_signals: 100,
  enabled: true,
  severity: 'medium',
  risk_score: 47,
  version: 3,
  author: ['Elastic'],
  license: 'Elastic License v2',
  references: ['https://example.com/ref'],
  false_positives: ['admins'],
  tags: ['OS: macOS'],
  note: '## Triage',
  setup: '## Setup',
  namespace: 'ops',
  meta: { from: '1m' },
  rule_name_override: 'process.name',
  building_block_type: 'default',
  timestamp_override: 'event.ingested',
  timestamp_override_fallback_disabled: false,
  tiebreaker_field: 'event.sequence',
  event_category_override: 'event.category',
  timestamp_field: '@timestamp',
  threat: [
    {
      framework: 'MITRE ATT&CK',
      tactic: { id: 'TA0002', name: 'Execution', reference: 'https://attack.mitre.org/tactics/TA0002/' },
      technique: [
        {
          id: 'T1059',
          name: 'Command and Scripting Interpreter',
          reference: 'https://attack.mitre.org/techniques/T1059/',
          subtechnique: [
            {
              id: 'T1059.004',
              name: 'Unix Shell',
              reference: 'https://attack.mitre.org/techniques/T1059/004/',
            },
          ],
        },
      ],
    },
  ],
  filters: [
    { meta: { negate: false, disabled: false }, query: { match_phrase: { 'host.os.type': 'macos' } } },
  ],
  exceptions_list: [{ id: 'c1', list_id: 'shared-list', type: 'detection', namespace_type: 'single' }],
  severity_mapping: [{ field: 'event.severity', operator: 'equals', value: '9', severity: 'critical' }],
  risk_score_mapping: [{ field: 'event.risk_score', operator: 'equals', value: '', risk_score: 90 }],
  required_fields: [{ name: 'process.name', type: 'keyword', ecs: true }],
  related_integrations: [{ package: 'endpoint', version: '^8.2.0', integration: 'events' }],
  investigation_fields: { field_names: ['host.name'] },
};

export const VALID_ITEM = {
  item_id: 'valid-item',
  list_id: 'shared-list',
  name: 'Valid item',
  description: 'One entry of each type',
  type: 'simple',
  namespace_type: 'single',
  os_types: ['macos'],
  expire_time: '2100-01-01T00:00:00.000Z',
  entries: [
    { type: 'match', field: 'process.name', operator: 'included', value: 'bash' },
    { type: 'match_any', field: 'user.name', operator: 'excluded', value: ['root', 'admin'] },
    { type: 'exists', field: 'process.parent.name', operator: 'included' },
    { type: 'wildcard', field: 'process.executable', operator: 'included', value: '/usr/*/bash' },
    { type: 'list', field: 'source.ip', operator: 'included', list: { id: 'bad-ips', type: 'ip' } },
    {
      type: 'nested',
      field: 'file.Ext.code_signature',
      entries: [{ type: 'match', field: 'trusted', operator: 'included', value: 'true' }],
    },
  ],
};

export const VALID_LIST = {
  list_id: 'shared-list',
  name: 'Shared list',
  description: 'A detection list',
  type: 'detection',
  namespace_type: 'single',
};

/** A deep copy, so that a test may change it. */
export function copyOf<T>(doc: T): T {
  return JSON.parse(JSON.stringify(doc)) as T;
}

/** `threat[0].tactic.id` as keys: ['threat', 0, 'tactic', 'id']. */
export function pathKeys(path: string): Array<string | number> {
  return [...path.matchAll(/([^.[\]]+)|\[(\d+)\]/g)].map((m) => (m[2] !== undefined ? Number(m[2]) : m[1]!));
}

/** Sets (or, with `unset`, removes) the value at `path`, which must lead through existing objects and arrays. */
export function setAt(doc: unknown, path: string, value: unknown, unset = false): void {
  const keys = pathKeys(path);
  let cur = doc as Record<string | number, unknown>;
  for (const k of keys.slice(0, -1)) {
    const next = cur[k];
    if (next === null || typeof next !== 'object') throw new Error(`${path}: no object at ${String(k)}`);
    cur = next as Record<string | number, unknown>;
  }
  const last = keys[keys.length - 1]!;
  if (unset) {
    if (!(last in cur)) throw new Error(`${path}: nothing to remove`);
    if (Array.isArray(cur)) cur.splice(Number(last), 1);
    else delete cur[last];
  } else cur[last] = value;
}
