/**
 * buildAlertGroups: groups in result order, a sequence's shell first and then one building block per event it
 * holds (`![...]` placeholders dropped, `group.index` 0, 1, …), samples alike; a match holding an alert of this
 * same rule skipped and counted (Kibana's self-loop guard), an alert of another rule taken with its ancestry; the
 * engine's events left untouched; and no secret of the rule reaching any alert.
 */
import { expect } from 'chai';
import { buildAlertGroups } from '../../src/alerts/build-alerts.js';
import type { QueryResult } from '../../src/engine/results.js';
import { context, event, installerPair, missing, RULE_UUID, seedRule, sequence, single } from './fixtures.js';

describe('buildAlertGroups', () => {
  it('keeps result order; a sequence is its shell then its present events as blocks 0, 1, …', () => {
    const [p1, n1] = installerPair('h1');
    const [p2, n2] = installerPair('h2');
    const sample: QueryResult = { kind: 'sample', joinKeys: ['h2'], events: [p2, n2] };
    const { groups, skipped } = buildAlertGroups(
      [sequence([missing(), p1, missing(), n1, missing()]), single(p2), sample, single(n2)],
      seedRule(),
      context(),
    );
    expect(skipped).to.equal(0);
    expect(groups.map((g) => [g.kind, g.docs.length])).to.deep.equal([
      ['sequence', 3],
      ['event', 1],
      ['sequence', 3],
      ['event', 1],
    ]);
    for (const g of [groups[0]!, groups[2]!]) {
      const [shell, ...blocks] = g.docs;
      expect(shell!._source['kibana.alert.depth']).to.equal(2);
      expect(blocks.map((b) => b._source['kibana.alert.group.index'])).to.deep.equal([0, 1]);
      expect(blocks.map((b) => b._source['kibana.alert.group.id'])).to.deep.equal([shell!._id, shell!._id]);
      expect(shell!._source['kibana.alert.group.id']).to.equal(shell!._id);
    }
    const [shell, b0, b1] = groups[0]!.docs;
    expect(b0!._source['kibana.alert.ancestors']).to.deep.equal([
      { id: p1.id, type: 'event', index: p1.index, depth: 0 },
    ]);
    expect(shell!._source['kibana.alert.ancestors']).to.deep.equal([
      { id: p1.id, type: 'event', index: p1.index, depth: 0 },
      { id: b0!._id, type: 'signal', index: '', depth: 1, rule: RULE_UUID },
      { id: n1.id, type: 'event', index: n1.index, depth: 0 },
      { id: b1!._id, type: 'signal', index: '', depth: 1, rule: RULE_UUID },
    ]);
    expect(groups.map((g) => g.originalTime)).to.deep.equal([
      '2026-12-01T10:01:00.123Z',
      '2026-12-01T10:01:00.123Z',
      '2026-12-01T10:01:00.123Z',
      '2026-12-01T10:01:04.000Z',
    ]);
  });

  describe("skips a match that holds an alert of this rule (Kibana's self-loop guard) and counts it", () => {
    const [proc] = installerPair();
    const own = (extra: Record<string, unknown>) =>
      event('.internal.alerts-security.alerts-default-000001', 'own', {
        '@timestamp': '2026-12-01T10:00:00Z',
        ...extra,
      });
    const cases: Array<[string, Record<string, unknown>]> = [
      ['an alert of this rule', { 'kibana.alert.uuid': 'a', 'kibana.alert.rule.uuid': RULE_UUID }],
      [
        'an alert whose ancestry holds this rule',
        {
          'kibana.alert.uuid': 'a',
          'kibana.alert.rule.uuid': 'other-rule',
          'kibana.alert.ancestors': [{ id: 'x', index: 'i', type: 'signal', depth: 1, rule: RULE_UUID }],
        },
      ],
      ['a 7.x signal of this rule', { signal: { rule: { id: RULE_UUID }, depth: 1 } }],
    ];
    for (const [name, extra] of cases)
      it(name, () => {
        const { groups, skipped } = buildAlertGroups(
          [single(own(extra)), sequence([proc, own(extra)]), single(proc)],
          seedRule(),
          context(),
        );
        expect(skipped).to.equal(2);
        expect(groups).to.have.length(1);
        expect(groups[0]!.docs[0]!._source['kibana.alert.ancestors']).to.deep.equal([
          { id: proc.id, type: 'event', index: proc.index, depth: 0 },
        ]);
      });
  });

  it("takes an alert of another rule as an input, extending its ancestry (depth from the alert's)", () => {
    const other = event('.internal.alerts-security.alerts-default-000001', 'alert-1', {
      '@timestamp': '2026-12-01T10:00:00Z',
      'kibana.alert.uuid': 'alert-1',
      'kibana.alert.rule.uuid': 'other-rule',
      'kibana.alert.depth': 1,
      'kibana.alert.ancestors': [{ id: 'ev', type: 'event', index: 'logs', depth: 0 }],
      host: { name: 'h' },
    });
    const { groups } = buildAlertGroups([single(other)], seedRule(), context());
    const s = groups[0]!.docs[0]!._source;
    expect(s['kibana.alert.depth']).to.equal(2);
    expect(s['kibana.alert.ancestors']).to.deep.equal([
      { id: 'ev', type: 'event', index: 'logs', depth: 0 },
      { id: 'alert-1', type: 'signal', index: other.index, depth: 1, rule: 'other-rule' },
    ]);
    expect(s['kibana.alert.rule.uuid']).to.equal(RULE_UUID);
    expect(s.host).to.deep.equal({ name: 'h' });
  });

  it("leaves the engine's events as they were", () => {
    const [proc, net] = installerPair();
    const before = JSON.stringify([proc, net]);
    const built = buildAlertGroups([sequence([proc, net]), single(proc)], seedRule(), context());
    expect(JSON.stringify([proc, net])).to.equal(before);
    // and the documents are plain JSON: what is built is what is written
    expect(JSON.parse(JSON.stringify(built))).to.deep.equal(built);
  });

  it('never writes a secret of the rule: connectors, action parameters, keys, unknown fields', () => {
    const SECRET = 'hunter2-S3CR3T';
    const rule = seedRule({
      actions: [
        { id: `connector-${SECRET}`, group: 'default', action_type_id: '.webhook', params: { body: SECRET } },
      ],
      api_key: SECRET,
      apiKey: SECRET,
      password: SECRET,
      throttle: SECRET,
      execution_summary: { last_execution: { message: SECRET } },
      output_index: `.siem-signals-${SECRET}`,
      notify_when: SECRET,
      id: SECRET,
      outcome: SECRET,
      alias_target_id: SECRET,
    });
    const [proc, net] = installerPair();
    const built = buildAlertGroups([sequence([proc, net]), single(proc)], rule, context());
    const text = JSON.stringify(built);
    expect(text).to.not.include(SECRET);
    expect(text).to.include(JSON.stringify(rule.params.query)); // the rule's own fields do get through
  });
});
