/**
 * `severity_mapping`, `risk_score_mapping` and `rule_name_override` on single-event alerts, case by case as
 * Kibana's mapping functions decide them; a sequence's alerts keep the rule's own values (Kibana passes
 * `applyOverrides: false` there, kibana #120521).
 */
import { expect } from 'chai';
import { buildAlertGroups } from '../../src/alerts/build-alerts.js';
import { context, event, installerPair, seedRule, sequence, single } from './fixtures.js';

const SEVERITY_MAPPING = [
  { field: 'host.name', operator: 'equals', value: 'crown-jewel', severity: 'critical' },
  { field: 'user.name', operator: 'equals', value: 'root', severity: 'high' },
  { field: 'event.severity', operator: 'equals', value: '3', severity: 'low' },
  { field: 'tags', operator: 'equals', value: '7', severity: 'high' },
];
const RISK_MAPPING = [{ field: 'event.risk_score', operator: 'equals', value: '', risk_score: undefined }];

function alertOf(source: Record<string, unknown>) {
  const rule = seedRule({
    severity_mapping: SEVERITY_MAPPING,
    risk_score_mapping: RISK_MAPPING,
    rule_name_override: 'rule.name',
  });
  const { groups } = buildAlertGroups([single(event('logs', 'e', source))], rule, context());
  return groups[0]!.docs[0]!._source;
}

describe('single-event overrides', () => {
  const cases: Array<[string, Record<string, unknown>, { severity: string; risk: number; name: string }]> = [
    [
      'nothing matches: the rule values',
      { user: { name: 'alice' } },
      { severity: 'medium', risk: 47, name: 'MacOS Installer Package Spawns Network Event' },
    ],
    [
      'the highest severity that matches wins',
      { host: { name: 'crown-jewel' }, user: { name: 'root' } },
      { severity: 'critical', risk: 47, name: 'MacOS Installer Package Spawns Network Event' },
    ],
    [
      'a value of an array field is enough; numbers compare as text',
      { tags: ['x', 7] },
      { severity: 'high', risk: 47, name: 'MacOS Installer Package Spawns Network Event' },
    ],
    [
      'event.severity is an integer on both sides',
      { event: { severity: 3 } },
      { severity: 'low', risk: 47, name: 'MacOS Installer Package Spawns Network Event' },
    ],
    [
      'event.severity as text does not match',
      { event: { severity: '3' } },
      { severity: 'medium', risk: 47, name: 'MacOS Installer Package Spawns Network Event' },
    ],
    [
      'the largest score in 0..100, text or number',
      { event: { risk_score: ['12', 99, 101, -1, 'x'] } },
      { severity: 'medium', risk: 99, name: 'MacOS Installer Package Spawns Network Event' },
    ],
    [
      'no score in range: the rule score',
      { event: { risk_score: [250] } },
      { severity: 'medium', risk: 47, name: 'MacOS Installer Package Spawns Network Event' },
    ],
    [
      'the rule name from a text field',
      { rule: { name: 'Renamed by event' } },
      { severity: 'medium', risk: 47, name: 'Renamed by event' },
    ],
    [
      'not from a number',
      { rule: { name: 5 } },
      { severity: 'medium', risk: 47, name: 'MacOS Installer Package Spawns Network Event' },
    ],
  ];
  for (const [name, source, want] of cases)
    it(name, () => {
      const s = alertOf(source);
      expect(s['kibana.alert.severity']).to.equal(want.severity);
      expect(s['kibana.alert.risk_score']).to.equal(want.risk);
      expect(s['kibana.alert.rule.name']).to.equal(want.name);
      expect(s['kibana.alert.reason']).to.match(
        new RegExp(` created ${want.severity} alert ${want.name}\\.$`),
      );
      // the legacy copies keep the rule's values, as Kibana's do
      expect(s['kibana.alert.rule.severity']).to.equal('medium');
      expect(s['kibana.alert.rule.risk_score']).to.equal(47);
    });

  it("does not apply to a sequence's alerts", () => {
    const rule = seedRule({ severity_mapping: SEVERITY_MAPPING, rule_name_override: 'user.name' });
    const { groups } = buildAlertGroups([sequence(installerPair())], rule, context());
    for (const d of groups[0]!.docs) {
      expect(d._source['kibana.alert.severity']).to.equal('medium');
      expect(d._source['kibana.alert.rule.name']).to.equal(rule.params.name);
    }
  });
});
