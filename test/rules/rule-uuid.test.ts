/**
 * A rule's uuid, which every alert id hashes: the export's saved-object id when there is one, else UUID v5 of the
 * rule_id in rule-runner's fixed namespace, so the same on every run and machine and different for every rule.
 */
import { expect } from 'chai';
import { validate, version } from 'uuid';
import { Prng } from '../../src/generate/prng.js';
import { loadRules } from '../../src/rules/load-rules.js';
import { RULE_UUID_NAMESPACE, ruleUuid } from '../../src/rules/rule-uuid.js';
import { tempDir } from '../support/tmp.js';

describe('rule uuid', () => {
  const tmp = tempDir();
  after(() => tmp.remove());

  it('is pinned: the namespace never changes, or every alert written so far would be written again', () => {
    expect(RULE_UUID_NAMESPACE).to.equal('8ffb749d-e1e2-4692-9470-be38f5637af0');
    // the seed rule's id, derived once and written down: a change of formula or namespace breaks this line
    expect(ruleUuid({ rule_id: '99239e7d-b0d4-46e3-8609-acafcf99f68c' })).to.equal(
      'b66a1d2c-1e7d-5dc5-a7e9-18c9d0af96f9',
    );
  });

  it('is a v5 UUID, the same for the same rule_id and different for different ones', () => {
    const rng = new Prng(0x0001d);
    const ids = new Set<string>();
    for (let i = 0; i < 5000; i++)
      ids.add(rng.chance(0.5) ? rng.uuid() : `rule-${rng.hex(rng.range(1, 12))}`);
    ids.add('');
    ids.add('é');
    ids.add('e\u0301');
    const uuids = new Map<string, string>();
    for (const id of ids) {
      const u = ruleUuid({ rule_id: id });
      expect(validate(u) && version(u), id).to.equal(5);
      expect(ruleUuid({ rule_id: id }), 'again').to.equal(u);
      expect(uuids.has(u), `${id} and ${uuids.get(u)} share ${u}`).to.equal(false);
      uuids.set(u, id);
    }
    expect(uuids.size).to.equal(ids.size);
  });

  it("is the export's id when the rule has one, whatever its rule_id", () => {
    expect(ruleUuid({ id: 'saved-object-id', rule_id: 'r' })).to.equal('saved-object-id');
    expect(ruleUuid({ id: 'saved-object-id', rule_id: 'other' })).to.equal('saved-object-id');
  });

  it('is the same from every format and every load of one rule', () => {
    const fields = { name: 'N', description: 'd', type: 'eql', query: 'any where true', severity: 'low' };
    const json = tmp.file('r.json', JSON.stringify({ rule_id: 'same', risk_score: 1, ...fields }));
    const toml = tmp.file(
      'r.toml',
      `[rule]\nrule_id = "same"\nrisk_score = 1\n` +
        Object.entries(fields)
          .map(([k, v]) => `${k} = ${JSON.stringify(v)}`)
          .join('\n'),
    );
    const uuidOf = (file: string) => loadRules([file], { now: new Date(0) }).rules[0]!.uuid;
    expect(uuidOf(json)).to.equal(ruleUuid({ rule_id: 'same' }));
    expect(uuidOf(toml)).to.equal(uuidOf(json));
    expect(uuidOf(json)).to.equal(uuidOf(json));
  });
});
