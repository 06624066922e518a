/**
 * loadRules over the files a user has: a Kibana export (rules, an exception list and its items, a connector, the
 * summary line), an exceptions export beside rule files, a directory with a bad rule among good ones, rule ids
 * that clash across files, and Elastic's own detection-rules TOML with the seed rule.json.
 */
import { expect } from 'chai';
import { existsSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { loadRules } from '../../src/rules/load-rules.js';
import { ruleUuid } from '../../src/rules/rule-uuid.js';
import { REPO_ROOT } from '../support/paths.js';
import { tempDir } from '../support/tmp.js';

const NOW = new Date('2026-06-01T12:00:00.000Z');

const rule = (rule_id: string, over: Record<string, unknown> = {}) => ({
  rule_id,
  name: `Rule ${rule_id}`,
  description: 'd',
  type: 'eql',
  language: 'eql',
  query: 'process where process.name == "bash"',
  severity: 'low',
  risk_score: 21,
  ...over,
});

const ref = (list_id: string, over: Record<string, unknown> = {}) => ({
  id: `so-${list_id}`,
  list_id,
  type: 'detection',
  namespace_type: 'single',
  ...over,
});

const item = (item_id: string, over: Record<string, unknown> = {}) => ({
  item_id,
  list_id: 'shared',
  name: `Item ${item_id}`,
  description: 'd',
  type: 'simple',
  namespace_type: 'single',
  entries: [{ type: 'match', field: 'process.name', operator: 'included', value: item_id }],
  tags: [],
  comments: [],
  ...over,
});

const ndjson = (...docs: unknown[]) => docs.map((d) => JSON.stringify(d)).join('\n') + '\n';

describe('loadRules', () => {
  const tmp = tempDir();
  afterEach(() => tmp.remove());

  it('reads a Kibana export: two rules, one list, three items (one expired, one value list)', () => {
    const file = tmp.file(
      'export.ndjson',
      ndjson(
        rule('with-exceptions', {
          id: '1f5d2c1a-0c55-4b8e-8a61-6f8ed3c0b7aa',
          exceptions_list: [
            ref('shared'),
            ref('endpoint_list', { type: 'endpoint', namespace_type: 'agnostic' }),
          ],
        }),
        rule('missing-list', { exceptions_list: [ref('nowhere')], interval: '1m' }),
        { list_id: 'shared', name: 'Shared', description: 'd', type: 'detection', namespace_type: 'single' },
        item('kept'),
        item('expired', { expire_time: '2026-06-01T11:59:59.999Z' }),
        item('value-list', {
          entries: [
            { type: 'list', field: 'source.ip', operator: 'included', list: { id: 'ips', type: 'ip' } },
          ],
        }),
        // Elastic Defend's list and an item of it, in a shape no detection item has: passed over unread
        { list_id: 'endpoint_list', type: 'endpoint', namespace_type: 'agnostic', name: 'Endpoint' },
        item('defend', { list_id: 'endpoint_list', namespace_type: 'agnostic', entries: [{ type: 'hash' }] }),
        { id: 'c1', type: 'action', attributes: { actionTypeId: '.email', name: 'mail' }, references: [] },
        { exported_count: 7, exported_rules_count: 2, missing_rules: [], exported_exception_list_count: 1 },
      ),
    );
    const loaded = loadRules([file], { now: NOW });
    expect(loaded.problems).to.deep.equal([]);
    expect(loaded.rejected).to.equal(0);
    const [a, b] = loaded.rules;
    expect(loaded.rules).to.have.length(2);
    expect(a!.origin).to.equal(`${file}:1`);
    expect(a!.uuid, "the export's saved-object id").to.equal('1f5d2c1a-0c55-4b8e-8a61-6f8ed3c0b7aa');
    expect(a!.exceptionItems.map((i) => i.item_id)).to.deep.equal(['kept', 'value-list']);
    expect(a!.exceptionItems[1]!.entries[0]!.type).to.equal('list');
    expect(a!.warnings, "the endpoint list is Defend's: no warning").to.deep.equal([]);
    expect(a!.rule).to.include({
      interval: '5m',
      from: 'now-6m',
      to: 'now',
      max_signals: 100,
      enabled: true,
    });
    expect(a!.rule.version).to.equal(1);

    expect(b!.origin).to.equal(`${file}:2`);
    expect(b!.uuid).to.equal(ruleUuid({ rule_id: 'missing-list' }));
    expect(b!.exceptionItems).to.deep.equal([]);
    expect(b!.warnings).to.have.length(1);
    expect(b!.warnings[0]).to.include('"nowhere"').and.include('not applied');
    expect(b!.rule.interval).to.equal('1m');

    // `validate` hears of the missing list and of the value list, once each
    const said = loaded.warnings.map((w) => `${w.rule} ${w.code}: ${w.message}`);
    expect(said.filter((s) => s.startsWith('missing-list RULE_EXCEPTIONS')).join()).to.include('"nowhere"');
    expect(said.filter((s) => s.includes('value list'))).to.have.length(1);
  });

  it('keeps an item that expires at the very instant of the run, as Kibana does (before `now` only)', () => {
    const file = tmp.file(
      'edge.ndjson',
      ndjson(
        rule('r', { exceptions_list: [ref('shared')] }),
        item('at-now', { expire_time: NOW.toISOString() }),
        item('later', { expire_time: '2026-06-01T12:00:00.001Z' }),
        item('before', { expire_time: '2026-06-01T13:59:59+02:00' }),
      ),
    );
    const [r] = loadRules([file], { now: NOW }).rules;
    expect(r!.exceptionItems.map((i) => i.item_id)).to.deep.equal(['at-now', 'later']);
    const tomorrow = loadRules([file], { now: new Date('2026-06-02T00:00:00Z') }).rules[0]!;
    expect(tomorrow.exceptionItems).to.deep.equal([]);
  });

  it('joins an exceptions export beside the rules, by list_id and namespace_type, in any file order', () => {
    const lists = tmp.file(
      'a-exceptions.ndjson',
      ndjson(
        { list_id: 'shared', name: 'S', type: 'detection', namespace_type: 'agnostic' },
        item('agnostic-item', { namespace_type: 'agnostic' }),
        item('single-item'),
        { exported_exception_list_count: 1, exported_exception_list_item_count: 2 },
      ),
    );
    const rules = tmp.file(
      'b-rules.json',
      JSON.stringify([
        rule('agnostic', { exceptions_list: [ref('shared', { namespace_type: 'agnostic' })] }),
        rule('single', { exceptions_list: [ref('shared')] }),
        rule('both', { exceptions_list: [ref('shared'), ref('shared', { namespace_type: 'agnostic' })] }),
      ]),
    );
    for (const order of [
      [lists, rules],
      [rules, lists],
    ]) {
      const loaded = loadRules(order, { now: NOW });
      expect(loaded.problems).to.deep.equal([]);
      const items = Object.fromEntries(
        loaded.rules.map((r) => [r.rule.rule_id, r.exceptionItems.map((i) => i.item_id)]),
      );
      expect(items).to.deep.equal({
        agnostic: ['agnostic-item'],
        single: ['single-item'],
        both: ['single-item', 'agnostic-item'],
      });
      expect(loaded.rules.map((r) => r.origin)).to.deep.equal([1, 2, 3].map((n) => `${rules}#${n}`));
    }
  });

  it('loads the good rules of a directory and names the bad one, its field and what is wrong', () => {
    const dir = join(tmp.dir, 'rules');
    mkdirSync(join(dir, 'nested'), { recursive: true });
    tmp.file('rules/good.json', JSON.stringify(rule('good-1')));
    tmp.file(
      'rules/nested/good.toml',
      `[metadata]\nmaturity = "production"\n\n[rule]\n${toml(rule('good-2'))}`,
    );
    const bad = tmp.file(
      'rules/bad.json',
      JSON.stringify(rule('bad', { risk_score: 500, severity: 'urgent' })),
    );
    const loaded = loadRules([dir], { now: NOW });
    expect(loaded.rules.map((r) => r.rule.rule_id).sort()).to.deep.equal(['good-1', 'good-2']);
    expect(loaded.rejected).to.equal(1);
    expect(loaded.problems.map((p) => [p.origin, p.rule, p.field])).to.deep.equal([
      [bad, 'bad', 'severity'],
      [bad, 'bad', 'risk_score'],
    ]);
    expect(loaded.problems[1]!.message).to.equal('risk_score: must be an integer from 0 to 100');
  });

  it('refuses a rule_id or id already loaded, naming both origins, and keeps the first', () => {
    const first = tmp.file('first.json', JSON.stringify(rule('same', { name: 'first' })));
    const second = tmp.file(
      'second.ndjson',
      ndjson(rule('same', { name: 'second' }), rule('other', { id: ruleUuid({ rule_id: 'same' }) })),
    );
    const loaded = loadRules([first, second], { now: NOW });
    expect(loaded.rules.map((r) => r.rule.name)).to.deep.equal(['first']);
    expect(loaded.rejected).to.equal(2);
    expect(loaded.problems.map((p) => [p.origin, p.code, p.field])).to.deep.equal([
      [`${second}:1`, 'RULE_DUPLICATE', 'rule_id'],
      [`${second}:2`, 'RULE_DUPLICATE', 'id'],
    ]);
    for (const p of loaded.problems) expect(p.message).to.include(first);
  });

  it('reports a malformed item by file, item_id and field, and tells the rules that use its list', () => {
    const file = tmp.file(
      'export.ndjson',
      ndjson(
        rule('r', { exceptions_list: [ref('shared')] }),
        item('fine'),
        item('broken', { entries: [{ type: 'match', field: 'process.name', operator: 'is', value: 'x' }] }),
      ),
    );
    const loaded = loadRules([file], { now: NOW });
    expect(loaded.problems.map((p) => [p.origin, p.code, p.field])).to.deep.equal([
      [`${file}:3`, 'EXCEPTION_INVALID', 'entries[0].operator'],
    ]);
    expect(loaded.problems[0]!.message).to.match(/^exception item "broken": entries\[0\]\.operator: /);
    expect(loaded.rules[0]!.exceptionItems.map((i) => i.item_id)).to.deep.equal(['fine']);
    expect(loaded.rules[0]!.warnings).to.deep.equal([
      'exception list "shared": 1 malformed item is not applied',
    ]);
  });

  it('takes a list exported twice once, and refuses a second item of the same id with other content', () => {
    const a = tmp.file(
      'a.ndjson',
      ndjson(rule('r', { exceptions_list: [ref('shared')] }), item('x'), item('y')),
    );
    const b = tmp.file('b.ndjson', ndjson(item('x'), item('y', { name: 'changed' })));
    const loaded = loadRules([a, b], { now: NOW });
    expect(loaded.rules[0]!.exceptionItems.map((i) => `${i.item_id} ${i.name}`)).to.deep.equal([
      'x Item x',
      'y Item y',
    ]);
    expect(loaded.problems.map((p) => [p.origin, p.code])).to.deep.equal([[`${b}:2`, 'EXCEPTION_DUPLICATE']]);
    expect(loaded.problems[0]!.message).to.include(`${a}:3`);
  });

  it('lists problems in file order, whatever order they are found in', () => {
    const a = tmp.file(
      'a.ndjson',
      [
        JSON.stringify(item('bad-item', { entries: [] })),
        JSON.stringify(rule('bad-rule', { severity: 'urgent' })),
        '{ not json',
        JSON.stringify(item('bad-too', { name: '' })),
      ].join('\n'),
    );
    const b = tmp.file('b.json', JSON.stringify([rule('ok'), rule('bad-b', { risk_score: -1 })]));
    const loaded = loadRules([b, a, join(tmp.dir, 'missing.json')], { now: NOW });
    expect(loaded.problems.map((p) => p.origin)).to.deep.equal([
      join(tmp.dir, 'missing.json'),
      `${b}#2`,
      `${a}:1`,
      `${a}:2`,
      `${a}:3:3`,
      `${a}:4`,
    ]);
    expect(loaded.rejected).to.equal(6);
  });

  it('warns of what rule-runner cannot do as Kibana does: a data view without index, alert suppression', () => {
    const file = tmp.file(
      'r.ndjson',
      ndjson(
        rule('view', { data_view_id: 'security-solution-default' }),
        rule('view-and-index', { data_view_id: 'v', index: ['logs-*'] }),
        rule('suppressed', { alert_suppression: { group_by: ['host.name'] } }),
      ),
    );
    const loaded = loadRules([file], { now: NOW });
    expect(loaded.rules).to.have.length(3);
    expect(loaded.warnings.map((w) => [w.rule, w.code, w.field])).to.deep.equal([
      ['view', 'RULE_UNSUPPORTED', 'data_view_id'],
      ['suppressed', 'RULE_UNSUPPORTED', 'alert_suppression'],
    ]);
  });

  it('says a file with nothing in it is a problem, and a file of exception lists alone is not', () => {
    const empty = tmp.file('empty.ndjson', '\n');
    const summary = tmp.file('summary.ndjson', ndjson({ exported_count: 0, missing_rules: [] }));
    const lists = tmp.file('lists.json', JSON.stringify([{ list_id: 'l', type: 'detection' }, item('i')]));
    const loaded = loadRules([empty, summary, lists], { now: NOW });
    expect(loaded.problems.map((p) => [p.origin, p.message])).to.deep.equal([
      [empty, 'no rules or exception lists in this file'],
      [summary, 'no rules or exception lists in this file'],
    ]);
  });
});

describe('loadRules: Elastic detection-rules TOML and the seed rule', () => {
  // beside the repository, as the EQL spec suite is (test/support/paths.ts); DETECTION_RULES_SAMPLE overrides
  const sample =
    process.env.DETECTION_RULES_SAMPLE ?? resolve(REPO_ROOT, '..', 'shared', 'detection-rules-sample');
  const seed = join(REPO_ROOT, 'rule.json');

  before(function () {
    // as the EQL spec suite's tests do: skipped with a message saying why, never silently
    if (!existsSync(sample)) {
      console.log(
        `    skipped: ${sample}: Elastic's detection-rules sample is absent (set DETECTION_RULES_SAMPLE)`,
      );
      this.skip();
    }
  });

  it('loads the six rules of detection-rules and rule.json without a problem or a warning', () => {
    const rules = loadRules([sample], { now: NOW });
    expect(rules.problems).to.deep.equal([]);
    expect(rules.warnings).to.deep.equal([]);
    expect(rules.rules).to.have.length(6);
    const json = loadRules([seed], { now: NOW });
    expect(json.problems).to.deep.equal([]);
    expect(json.rules.map((r) => r.rule.version)).to.deep.equal([107]);
  });

  it('makes the [rule] table the rule: version 1, no [metadata] fields, threat and subtechniques as written', () => {
    const { rules } = loadRules([join(sample, 'execution_installer_package_spawned_network_event.toml')], {
      now: NOW,
    });
    const r = rules[0]!.rule;
    expect(r.version, 'detection-rules TOML has no version').to.equal(1);
    for (const key of ['metadata', 'creation_date', 'updated_date', 'maturity', 'integration', 'meta'])
      expect(r, key).to.not.have.property(key);
    expect(r.threat.map((t) => t.tactic.id)).to.deep.equal(['TA0002', 'TA0011']);
    expect(r.threat[0]!.technique![0]!.subtechnique!.map((s) => s.id)).to.deep.equal([
      'T1059.002',
      'T1059.004',
      'T1059.006',
      'T1059.007',
    ]);
    expect(r.from).to.equal('now-9m');
    expect(r.setup).to.match(/^## Setup/);
    expect(Object.getPrototypeOf(r.threat[0])).to.equal(Object.prototype);
  });

  it('reads the fields Kibana computes when a TOML carries them, and leaves [metadata] and [transform] out', () => {
    const tmp = tempDir();
    try {
      const file = tmp.file(
        'computed.toml',
        [
          '[metadata]',
          'creation_date = 2021-02-23',
          'maturity = "production"',
          'bypass_bbr_timing = true',
          '',
          '[rule]',
          toml(rule('computed', { building_block_type: 'default' })),
          '',
          '[[rule.related_integrations]]',
          'package = "endpoint"',
          'version = "^8.2.0"',
          '',
          '[[rule.required_fields]]',
          'name = "process.name"',
          'type = "keyword"',
          'ecs = true',
          '',
          '[[transform.osquery]]',
          'label = "Osquery - Retrieve DNS Cache"',
          'query = "SELECT * FROM dns_cache"',
        ].join('\n'),
      );
      const loaded = loadRules([file], { now: NOW });
      expect(loaded.problems).to.deep.equal([]);
      const r = loaded.rules[0]!.rule;
      expect(r.related_integrations).to.deep.equal([{ package: 'endpoint', version: '^8.2.0' }]);
      expect(r.required_fields).to.deep.equal([{ name: 'process.name', type: 'keyword', ecs: true }]);
      expect(r.building_block_type).to.equal('default');
      for (const key of ['transform', 'osquery', 'bypass_bbr_timing', 'creation_date', 'meta'])
        expect(r, key).to.not.have.property(key);
    } finally {
      tmp.remove();
    }
  });

  it('keeps timestamp_override where Elastic sets it', () => {
    const { rules } = loadRules([sample], { now: NOW });
    const overridden = rules.filter((r) => r.rule.timestamp_override === 'event.ingested');
    expect(overridden).to.have.length(2);
  });

  it('refuses rule.json beside the TOML of the same rule_id, naming both files', () => {
    const both = loadRules([sample, seed], { now: NOW });
    expect(both.rules).to.have.length(6);
    expect(both.problems).to.have.length(1);
    expect(both.problems[0]).to.include({ origin: seed, code: 'RULE_DUPLICATE', field: 'rule_id' });
    expect(both.problems[0]!.message).to.include('execution_installer_package_spawned_network_event.toml');
  });
});

/** A flat rule as TOML key = value lines (JSON strings and arrays of strings are TOML too). */
function toml(doc: Record<string, unknown>): string {
  return Object.entries(doc)
    .map(([k, v]) => `${k} = ${JSON.stringify(v)}`)
    .join('\n');
}
