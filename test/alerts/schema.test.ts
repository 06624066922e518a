/**
 * The alert documents carry every field of issue 14's list, with the type and value Kibana writes (one table row
 * per field, checked on each kind of document it belongs to), and every `kibana.*` field written is one Kibana's
 * alerts index maps (kibana-field-map.ts names the Kibana version and files) or one Kibana itself writes unmapped.
 */
import { expect } from 'chai';
import { buildAlertGroups } from '../../src/alerts/build-alerts.js';
import type { AlertContext, AlertDoc, AlertRule } from '../../src/alerts/types.js';
import { context, installerPair, RULE_UUID, seedRule, sequence, single } from './fixtures.js';
import { CONTAINER_FIELDS, KIBANA_ALERT_FIELDS, WRITTEN_BY_KIBANA_UNMAPPED } from './kibana-field-map.js';

type Kind = 'single' | 'shell' | 'block';
interface Built {
  rule: AlertRule;
  ctx: AlertContext;
  docs: Record<Kind, AlertDoc[]>;
}

function build(ruleExtra: Record<string, unknown> = {}, ctxOver: Partial<AlertContext> = {}): Built {
  const rule = seedRule(ruleExtra);
  const ctx = context(ctxOver);
  const [proc, net] = installerPair();
  const { groups } = buildAlertGroups([sequence([proc, net], ['host-1']), single(proc)], rule, ctx);
  const [shell, ...blocks] = groups[0]!.docs;
  return { rule, ctx, docs: { shell: [shell!], block: blocks, single: groups[1]!.docs } };
}

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const SHA256 = /^[0-9a-f]{64}$/;
const TYPES: Record<string, (v: unknown) => boolean> = {
  string: (v) => typeof v === 'string' && v.length > 0,
  number: (v) => typeof v === 'number' && Number.isFinite(v),
  boolean: (v) => typeof v === 'boolean',
  date: (v) => typeof v === 'string' && ISO.test(v) && !Number.isNaN(Date.parse(v)),
  sha256: (v) => typeof v === 'string' && SHA256.test(v),
  strings: (v) => Array.isArray(v) && v.every((x) => typeof x === 'string'),
  objects: (v) =>
    Array.isArray(v) && v.every((x) => x !== null && typeof x === 'object' && !Array.isArray(x)),
  object: (v) => v !== null && typeof v === 'object' && !Array.isArray(v),
};

interface Row {
  field: string;
  type: keyof typeof TYPES;
  on?: Kind[];
  /** The value expected, from the built documents (`doc` is the one checked). */
  value?: (b: Built, doc: AlertDoc, kind: Kind, i: number) => unknown;
}

const ALL: Kind[] = ['single', 'shell', 'block'];
const written = (b: Built) => b.ctx.writtenAt.toISOString();
const param = (name: string) => (b: Built) => b.rule.params[name];

const ROWS: Row[] = [
  { field: '@timestamp', type: 'date', value: written },
  { field: 'event.kind', type: 'string', value: () => 'signal' },
  {
    field: 'kibana.alert.original_time',
    type: 'date',
    // the event's time, to the millisecond; a shell's is its first block's @timestamp, the write time, as in Kibana
    value: (b, _d, kind, i) =>
      kind === 'shell'
        ? written(b)
        : ['2026-12-01T10:01:00.123Z', '2026-12-01T10:01:04.000Z'][kind === 'single' ? 0 : i],
  },
  { field: 'kibana.alert.uuid', type: 'sha256', value: (_b, d) => d._id },
  { field: 'kibana.alert.status', type: 'string', value: () => 'active' },
  { field: 'kibana.alert.workflow_status', type: 'string', value: () => 'open' },
  { field: 'kibana.alert.workflow_tags', type: 'strings', value: () => [] },
  { field: 'kibana.alert.workflow_assignee_ids', type: 'strings', value: () => [] },
  {
    field: 'kibana.alert.reason',
    type: 'string',
    value: (b, _d, kind, i) => {
      const name = String(b.rule.params.name);
      if (kind === 'shell') return `event by root on host-1.local created medium alert ${name}.`;
      if (kind === 'block' && i === 1)
        return `network event with process curl, destination 203.0.113.9 by root on host-1.local created medium alert ${name}.`;
      return `process event with process bash, parent process installer, by root on host-1.local created medium alert ${name}.`;
    },
  },
  { field: 'kibana.alert.severity', type: 'string', value: param('severity') },
  { field: 'kibana.alert.risk_score', type: 'number', value: param('risk_score') },
  { field: 'kibana.alert.depth', type: 'number', value: (_b, _d, kind) => (kind === 'shell' ? 2 : 1) },
  { field: 'kibana.alert.ancestors', type: 'objects' },
  { field: 'kibana.alert.original_event.action', type: 'string', on: ['single', 'block'] },
  { field: 'kibana.alert.original_event.category', type: 'strings', on: ['single', 'block'] },
  { field: 'kibana.alert.original_event.kind', type: 'string', value: () => 'event' },
  { field: 'kibana.alert.original_data_stream.dataset', type: 'string', on: ['single', 'block'] },
  { field: 'kibana.alert.rule.name', type: 'string', value: param('name') },
  { field: 'kibana.alert.rule.rule_id', type: 'string', value: param('rule_id') },
  { field: 'kibana.alert.rule.uuid', type: 'string', value: () => RULE_UUID },
  { field: 'kibana.alert.rule.type', type: 'string', value: () => 'eql' },
  { field: 'kibana.alert.rule.version', type: 'number', value: param('version') },
  { field: 'kibana.alert.rule.interval', type: 'string', value: () => '5m' },
  { field: 'kibana.alert.rule.from', type: 'string', value: () => 'now-9m' },
  { field: 'kibana.alert.rule.to', type: 'string', value: () => 'now' },
  { field: 'kibana.alert.rule.max_signals', type: 'number', value: () => 100 },
  { field: 'kibana.alert.rule.tags', type: 'strings', value: param('tags') },
  { field: 'kibana.alert.rule.threat', type: 'objects', value: param('threat') },
  { field: 'kibana.alert.rule.severity', type: 'string', value: param('severity') },
  { field: 'kibana.alert.rule.risk_score', type: 'number', value: param('risk_score') },
  { field: 'kibana.alert.rule.description', type: 'string', value: param('description') },
  { field: 'kibana.alert.rule.references', type: 'strings', value: param('references') },
  { field: 'kibana.alert.rule.author', type: 'strings', value: () => ['Elastic'] },
  { field: 'kibana.alert.rule.license', type: 'string', value: () => 'Elastic License v2' },
  { field: 'kibana.alert.rule.enabled', type: 'boolean', value: () => true },
  { field: 'kibana.alert.rule.exceptions_list', type: 'objects', value: () => [] },
  { field: 'kibana.alert.rule.false_positives', type: 'strings', value: param('false_positives') },
  { field: 'kibana.alert.rule.immutable', type: 'boolean', value: () => false },
  { field: 'kibana.alert.rule.indices', type: 'strings', value: () => ['logs-endpoint.events.*'] },
  { field: 'kibana.alert.rule.actions', type: 'objects', value: () => [] },
  { field: 'kibana.alert.rule.parameters', type: 'object' },
  { field: 'kibana.alert.rule.rule_type_id', type: 'string', value: () => 'siem.eqlRule' },
  { field: 'kibana.alert.rule.category', type: 'string', value: () => 'Event Correlation Rule' },
  { field: 'kibana.alert.rule.producer', type: 'string', value: () => 'siem' },
  { field: 'kibana.alert.rule.consumer', type: 'string', value: () => 'siem' },
  { field: 'kibana.alert.rule.revision', type: 'number', value: () => 0 },
  { field: 'kibana.alert.rule.execution.uuid', type: 'string', value: (b) => b.ctx.executionUuid },
  { field: 'kibana.alert.rule.execution.type', type: 'string', value: () => 'scheduled' },
  { field: 'kibana.alert.rule.execution.timestamp', type: 'date', value: written },
  { field: 'kibana.alert.intended_timestamp', type: 'date', value: written },
  { field: 'kibana.alert.start', type: 'date', value: written },
  { field: 'kibana.alert.last_detected', type: 'date', value: written },
  { field: 'kibana.space_ids', type: 'strings', value: () => ['default'] },
  { field: 'kibana.version', type: 'string', value: () => '9.2.0' },
  { field: 'kibana.alert.building_block_type', type: 'string', on: ['block'], value: () => 'default' },
  {
    field: 'kibana.alert.group.id',
    type: 'sha256',
    on: ['shell', 'block'],
    value: (b) => b.docs.shell[0]!._id,
  },
  { field: 'kibana.alert.group.index', type: 'number', on: ['block'], value: (_b, _d, _k, i) => i },
];

describe('alert documents: the fields of issue 14', () => {
  const b = build();
  for (const row of ROWS)
    for (const kind of row.on ?? ALL)
      it(`${row.field} on ${kind === 'single' ? 'a single-event alert' : `the ${kind}${kind === 'block' ? 's' : ''}`}`, () => {
        b.docs[kind].forEach((doc, i) => {
          const v = doc._source[row.field];
          expect(TYPES[row.type]!(v), `${row.field} is a ${row.type}: ${JSON.stringify(v)}`).to.equal(true);
          if (row.value) expect(v).to.deep.equal(row.value(b, doc, kind, i));
        });
      });

  it('leaves out what does not belong: group fields on single alerts, the group index and block type on the shell', () => {
    const only = (k: Kind, f: string) => b.docs[k].every((d) => !(f in d._source));
    expect(only('single', 'kibana.alert.group.id')).to.equal(true);
    expect(only('single', 'kibana.alert.group.index')).to.equal(true);
    expect(only('shell', 'kibana.alert.group.index')).to.equal(true);
    expect(only('shell', 'kibana.alert.building_block_type'), 'the rule has none').to.equal(true);
    expect(only('single', 'kibana.alert.url'), 'no public URL was given').to.equal(true);
    for (const d of [...b.docs.single, ...b.docs.shell, ...b.docs.block]) {
      expect(d._source['kibana.alert.rule.parameters']).to.not.have.property('output_index');
      expect(d._source).to.not.have.property('kibana.alert.rule.throttle');
    }
  });

  it("keeps the event's ECS fields nested as they came; the shell keeps those equal in both events", () => {
    const [proc] = installerPair();
    expect(b.docs.single[0]!._source.host).to.deep.equal(proc.source.host);
    expect(b.docs.single[0]!._source.process).to.deep.equal(proc.source.process);
    expect(b.docs.block[0]!._source.data_stream).to.deep.equal(proc.source.data_stream);
    const shell = b.docs.shell[0]!._source;
    expect(shell.host).to.deep.equal(proc.source.host);
    expect(shell.user).to.deep.equal({ name: 'root' });
    expect(shell.tags).to.deep.equal(['b']);
    expect(shell).to.not.have.property('process');
    expect(shell).to.not.have.property('destination');
  });

  it("takes a rule's building_block_type, timestamp_override and revision; a manual run's intended time", () => {
    const intended = new Date('2026-11-30T00:00:00.000Z');
    const m = build(
      { building_block_type: 'default', timestamp_override: 'event.ingested', revision: 3 },
      { executionType: 'manual', intendedTimestamp: intended },
    );
    for (const d of [...m.docs.single, ...m.docs.shell]) {
      expect(d._source['kibana.alert.building_block_type']).to.equal('default');
      expect(d._source['kibana.alert.rule.building_block_type']).to.equal('default');
    }
    for (const d of [...m.docs.single, ...m.docs.shell, ...m.docs.block]) {
      expect(d._source['kibana.alert.rule.timestamp_override']).to.equal('event.ingested');
      expect(d._source['kibana.alert.rule.revision']).to.equal(3);
      expect(d._source['kibana.alert.rule.execution.type']).to.equal('manual');
      expect(d._source['kibana.alert.intended_timestamp']).to.equal(intended.toISOString());
    }
  });

  it("writes kibana.alert.url as Kibana's alert-details redirect when its public URL is given", () => {
    const ts = '2026-12-01T10:05:02.345Z';
    const u = build({}, { publicBaseUrl: 'https://kibana.example.org/', spaceId: 'soc' });
    for (const d of [...u.docs.single, ...u.docs.shell, ...u.docs.block])
      expect(d._source['kibana.alert.url']).to.equal(
        `https://kibana.example.org/s/soc/app/security/alerts/redirect/${d._id}?index=.alerts-security.alerts-soc&timestamp=${ts}`,
      );
    const dflt = build({}, { publicBaseUrl: 'https://kb' }).docs.single[0]!;
    expect(dflt._source['kibana.alert.url']).to.match(/^https:\/\/kb\/app\/security\/alerts\/redirect\//);
  });
});

/** Every leaf path of a document, in `_source` terms: dotted keys and nesting alike, objects in arrays included. */
function leafPaths(value: unknown, prefix: string, out: Set<string>): Set<string> {
  if (CONTAINER_FIELDS.has(prefix)) out.add(prefix);
  else if (Array.isArray(value)) {
    if (value.length === 0) out.add(prefix);
    for (const v of value) leafPaths(v, prefix, out);
  } else if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) leafPaths(v, prefix === '' ? k : `${prefix}.${k}`, out);
  } else out.add(prefix);
  return out;
}

describe("alert documents: every kibana.* field is in Kibana's alerts index mapping", () => {
  it('holds for single alerts, shells and building blocks (rule with every optional field set)', () => {
    const full = build({
      building_block_type: 'default',
      timestamp_override: 'event.ingested',
      note: 'n',
      namespace: 'ns',
      rule_name_override: 'host.name',
      timeline_id: 't',
      timeline_title: 'tt',
      meta: { from: '1m', kibana_siem_app_url: 'https://kb/app/security' },
      exceptions_list: [{ id: 'x', list_id: 'l', namespace_type: 'single', type: 'detection' }],
      created_at: '2026-01-01T00:00:00Z',
      updated_at: '2026-01-02T00:00:00Z',
      created_by: 'elastic',
      updated_by: 'elastic',
    });
    const unknown = new Set<string>();
    for (const d of [...full.docs.single, ...full.docs.shell, ...full.docs.block])
      for (const path of leafPaths(d._source, '', new Set()))
        if (path.startsWith('kibana.') && !KIBANA_ALERT_FIELDS.has(path) && !isWrittenUnmapped(path))
          unknown.add(path);
    expect([...unknown].sort()).to.deep.equal([]);
  });

  it('the unmapped fields it allows are exactly ones no Kibana field map holds', () => {
    for (const f of WRITTEN_BY_KIBANA_UNMAPPED) expect(KIBANA_ALERT_FIELDS.has(f), f).to.equal(false);
  });
});

function isWrittenUnmapped(path: string): boolean {
  return WRITTEN_BY_KIBANA_UNMAPPED.some((f) => path === f || path.startsWith(`${f}.`));
}
