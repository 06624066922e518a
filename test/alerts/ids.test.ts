/**
 * Alert ids are Kibana's (reference §2, §10): pinned by ids Kibana's own unit test expects, by a recomputation
 * here written from the reference's formulas (plain string concatenation hashed with sha256, not the module's
 * code), and by properties over random matches: deterministic, blind to everything but the events' index and id
 * and the rule (and the space, for single events), different for different event sets or orders, and unmoved by
 * `![...]` placeholders.
 */
import { createHash } from 'node:crypto';
import { expect } from 'chai';
import { buildAlertGroups } from '../../src/alerts/build-alerts.js';
import type { AlertGroup } from '../../src/alerts/types.js';
import type { EngineEvent } from '../../src/engine/event.js';
import type { MissingEvent } from '../../src/engine/results.js';
import type { Prng } from '../../src/generate/prng.js';
import { seededRun } from '../support/seeded.js';
import { context, event, missing, seedRule, sequence, single } from './fixtures.js';

const sha256 = (s: string) => createHash('sha256').update(s, 'utf8').digest('hex');

/** The reference's formulas, written out. */
const model = {
  single: (index: string, id: string, space: string, rule: string) =>
    sha256(index + id + 'undefined' + space + ':' + rule),
  blocks(events: Array<{ index: string; id: string }>, rule: string): string[] {
    const base = events.map((e) => e.id + e.index + rule).join('');
    return events.map((_, i) => sha256(base + i));
  },
  shell(events: Array<{ index: string; id: string }>, blocks: string[], rule: string): string {
    return sha256(events.map((e, i) => e.id + e.index + blocks[i] + '').join('') + rule);
  },
};

const ids = (g: AlertGroup) => g.docs.map((d) => d._id);

describe('alert ids', () => {
  it("are the ids Kibana's build_alert_group_from_sequence.test.ts expects for its two-event sequence", () => {
    // Kibana main, x-pack/solutions/security/plugins/security_solution/server/lib/detection_engine/rule_types/eql/
    // build_alert_group_from_sequence.test.ts: events d5e8eb51-… and 619389b2-… of index myFakeSignalIndex, rule
    // 04128c15-… (sampleRuleGuid), space "space"; the ids appear there inside the expected kibana.alert.url values
    const rule = seedRule({}, '04128c15-0d1b-4716-a4c5-46997ac7f3bd');
    const a = event('myFakeSignalIndex', 'd5e8eb51-a6a0-456d-8a15-4b79bfec3d71', {
      '@timestamp': '2020-04-20T21:27:45Z',
    });
    const b = event('myFakeSignalIndex', '619389b2-b077-400e-b40b-abde20d675d3', {
      '@timestamp': '2020-04-20T21:27:45Z',
    });
    const { groups } = buildAlertGroups([sequence([a, missing(), b])], rule, context({ spaceId: 'space' }));
    expect(ids(groups[0]!)).to.deep.equal([
      '1b7d06954e74257140f3bf73f139078483f9658fe829fd806cc307fc0388fb23',
      'f2db3574eaf8450e3f4d1cf4f416d70b110b035ae0a7a00026242df07f0a6c90',
      '1dbc416333244efbda833832eb83f13ea5d980a33c2f981ca8d2b35d82a045da',
    ]);
  });

  it('hash exactly the strings of the formulas (single event, blocks, shell), and each is its kibana.alert.uuid', () => {
    const rule = seedRule();
    const e1 = event('.ds-logs-a-2026.12.01-000001', 'Ab1', { '@timestamp': '2026-12-01T10:00:00Z' });
    const e2 = event('.ds-logs-b-2026.12.01-000002', 'Zz9', { '@timestamp': '2026-12-01T10:00:01Z' });
    const { groups } = buildAlertGroups(
      [single(e1), sequence([e1, e2])],
      rule,
      context({ spaceId: 'team-a' }),
    );
    const one = model.single(e1.index, e1.id, 'team-a', rule.uuid);
    expect(sha256(`.ds-logs-a-2026.12.01-000001Ab1undefinedteam-a:${rule.uuid}`)).to.equal(one);
    expect(ids(groups[0]!)).to.deep.equal([one]);
    const blocks = model.blocks([e1, e2], rule.uuid);
    expect(blocks[0]).to.equal(
      sha256(`Ab1.ds-logs-a-2026.12.01-000001${rule.uuid}Zz9.ds-logs-b-2026.12.01-000002${rule.uuid}0`),
    );
    expect(ids(groups[1]!)).to.deep.equal([model.shell([e1, e2], blocks, rule.uuid), ...blocks]);
    for (const g of groups) for (const d of g.docs) expect(d._source['kibana.alert.uuid']).to.equal(d._id);
  });

  describe('over random matches', () => {
    const run = seededRun('ALERT_IDS_SEED', 'ALERT_IDS_CASES', { seed: 4242, cases: 300 });
    const text = (rng: Prng) => {
      const alphabet = ['a', 'Z', '0', '-', '.', '_', 'é', '漢', ':', ' '];
      let s = '';
      for (let i = rng.range(1, 8); i > 0; i--) s += rng.pick(alphabet);
      return s;
    };
    const randomEvents = (rng: Prng, n: number): EngineEvent[] =>
      Array.from({ length: n }, (_, i) =>
        event(text(rng), text(rng) + i, { '@timestamp': 1_700_000_000_000 + rng.int(1e6), n: rng.int(5) }, i),
      );
    const withMissing = (rng: Prng, events: EngineEvent[]): Array<EngineEvent | MissingEvent> => {
      const out: Array<EngineEvent | MissingEvent> = [];
      for (const e of events) {
        while (rng.chance(0.3)) out.push(missing());
        out.push(e);
      }
      if (rng.chance(0.3)) out.push(missing());
      return out;
    };

    for (let i = 0; i < run.cases; i++)
      it(`case ${i} (${run.reproduce(i)})`, () => {
        const rng = run.rng(i);
        const rule = seedRule({}, `rule-${rng.int(3)}`);
        const space = rng.pick(['default', 'soc', 'ünï']);
        const events = randomEvents(rng, rng.range(1, 5));
        const ctx = context({ spaceId: space });
        const results = [sequence(withMissing(rng, events)), ...events.map(single)];
        const built = buildAlertGroups(results, rule, ctx);

        // the model, from index, id, rule and space alone; placeholders are not there
        const blocks = model.blocks(events, rule.uuid);
        expect(ids(built.groups[0]!)).to.deep.equal([model.shell(events, blocks, rule.uuid), ...blocks]);
        events.forEach((e, k) =>
          expect(ids(built.groups[k + 1]!)).to.deep.equal([model.single(e.index, e.id, space, rule.uuid)]),
        );

        // deterministic, and blind to the sources and to the execution (time, run, Kibana version)
        const again = buildAlertGroups(
          [sequence(events.map((e) => event(e.index, e.id, { other: rng.int(9) }))), ...events.map(single)],
          rule,
          context({ spaceId: space, writtenAt: new Date(9e12), executionUuid: 'x', kibanaVersion: '8.19.0' }),
        );
        expect(again.groups.map(ids)).to.deep.equal(built.groups.map(ids));

        // another order, or another set of events, is another match
        if (events.length > 1) {
          const swapped = [...events].reverse();
          const other = buildAlertGroups([sequence(swapped)], rule, ctx).groups[0]!;
          expect(ids(other)).to.not.include.members([ids(built.groups[0]!)[0]]);
          expect(ids(other).slice(1)).to.not.deep.equal(blocks);
        }
        const fewer = buildAlertGroups(
          [sequence(events.slice(0, -1).concat(randomEvents(rng, 1)))],
          rule,
          ctx,
        );
        const taken = new Set(ids(built.groups[0]!));
        for (const id of ids(fewer.groups[0]!))
          expect(taken.has(id), 'an id of another event set').to.equal(false);

        // a single-event alert's id depends on the space; a sequence's do not
        const elsewhere = buildAlertGroups(results, rule, context({ spaceId: space + '2' }));
        expect(ids(elsewhere.groups[0]!)).to.deep.equal(ids(built.groups[0]!));
        expect(ids(elsewhere.groups[1]!)).to.not.deep.equal(ids(built.groups[1]!));
      });
  });
});
