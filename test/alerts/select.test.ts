/**
 * selectNew (dedup, then the max_signals cap keeping the newest) against a brute-force model over random groups,
 * random sets of ids already written and random caps: the model classifies each group on its own (repeated later
 * in the batch, nothing left to write, or new) and then keeps the last `cap` new ones; the properties below hold
 * whatever the model says.
 */
import { expect } from 'chai';
import { selectNew } from '../../src/alerts/select.js';
import type { AlertGroup } from '../../src/alerts/types.js';
import type { Prng } from '../../src/generate/prng.js';
import { seededRun } from '../support/seeded.js';

function randomGroups(rng: Prng): AlertGroup[] {
  const groups: AlertGroup[] = [];
  for (let i = rng.range(0, 12); i > 0; i--) {
    if (groups.length > 0 && rng.chance(0.15)) {
      groups.push(structuredClone(rng.pick(groups))); // the same match twice (a multi-value join key)
      continue;
    }
    const kind = rng.chance(0.5) ? 'event' : 'sequence';
    const n = kind === 'event' ? 1 : rng.range(2, 4);
    const base = `g${groups.length}-`;
    groups.push({
      kind,
      originalTime: `2026-12-01T10:00:${String(groups.length).padStart(2, '0')}.000Z`,
      docs: Array.from({ length: n }, (_, k) => ({ _id: base + k, _source: { k } })),
    });
  }
  return groups;
}

function randomExisting(rng: Prng, groups: AlertGroup[]): Set<string> {
  const existing = new Set<string>();
  for (const g of groups) {
    const mode = rng.int(3); // 0: nothing written, 1: all written, 2: a crash wrote some
    for (const d of g.docs) if (mode === 1 || (mode === 2 && rng.chance(0.5))) existing.add(d._id);
  }
  if (rng.chance(0.5)) existing.add('unrelated-id');
  return existing;
}

function model(groups: AlertGroup[], existing: Set<string>, cap: number) {
  const ids = (g: AlertGroup) => JSON.stringify(g.docs.map((d) => d._id));
  const verdicts = groups.map((g, i) => {
    if (groups.slice(i + 1).some((later) => ids(later) === ids(g))) return 'repeated';
    return g.docs.every((d) => existing.has(d._id)) ? 'written' : 'new';
  });
  const fresh = groups.filter((_, i) => verdicts[i] === 'new');
  const kept = cap >= fresh.length ? fresh : fresh.slice(fresh.length - cap);
  return {
    write: kept.map((g) => ({ ...g, docs: g.docs.filter((d) => !existing.has(d._id)) })),
    duplicates: verdicts.filter((v) => v !== 'new').length,
    truncated: fresh.length - kept.length,
  };
}

describe('selectNew: dedup, then the cap keeping the newest', () => {
  const run = seededRun('SELECT_SEED', 'SELECT_CASES', { seed: 31337, cases: 1000 });
  it(`agrees with the model over ${run.cases} random cases, and its properties hold`, function () {
    this.timeout(30_000);
    const seen = { truncated: 0, duplicates: 0, partial: 0 };
    for (let i = 0; i < run.cases; i++) {
      const rng = run.rng(i);
      const groups = randomGroups(rng);
      const existing = randomExisting(rng, groups);
      const cap = rng.range(1, 6);
      const before = JSON.stringify(groups);
      const got = selectNew(groups, existing, cap);
      const why = `case ${i} (${run.reproduce(i)}), cap ${cap}`;
      expect(got, why).to.deep.equal(model(groups, existing, cap));

      expect(JSON.stringify(groups), `${why}: input unchanged`).to.equal(before);
      expect(got.write.length, why).to.be.at.most(cap);
      expect(got.write.length + got.duplicates + got.truncated, why).to.equal(groups.length);
      for (const g of got.write) for (const d of g.docs) expect(existing.has(d._id), why).to.equal(false);
      const written = new Set(got.write.flatMap((g) => g.docs.map((d) => d._id)));
      // written groups keep result order; a truncation means a full cap; without one, every missing document is written
      const lastPlace = (id: string) => groups.findLastIndex((g) => g.docs.some((d) => d._id === id));
      const positions = got.write.map((w) => lastPlace(w.docs[0]!._id));
      expect(
        [...positions].sort((a, b) => a - b),
        `${why}: result order`,
      ).to.deep.equal(positions);
      if (got.truncated > 0) expect(got.write.length, why).to.equal(cap);
      if (got.truncated === 0)
        for (const g of groups)
          for (const d of g.docs)
            if (!existing.has(d._id)) expect(written.has(d._id), `${why}: ${d._id}`).to.equal(true);
      seen.truncated += got.truncated > 0 ? 1 : 0;
      seen.duplicates += got.duplicates > 0 ? 1 : 0;
      const whole = (w: AlertGroup) => groups[lastPlace(w.docs[0]!._id)]!.docs.length;
      seen.partial += got.write.some((w) => w.docs.length < whole(w)) ? 1 : 0;
    }
    // each situation came up often (the figures at the default seed are far above these floors)
    for (const [what, n] of Object.entries(seen)) expect(n, what).to.be.at.least(Math.floor(run.cases / 20));
  });

  it('writes the newest max_signals groups of new matches once the written ones are dropped', () => {
    const g = (id: string, n = 1): AlertGroup => ({
      kind: n === 1 ? 'event' : 'sequence',
      originalTime: '',
      docs: Array.from({ length: n }, (_, k) => ({ _id: `${id}${k}`, _source: {} })),
    });
    const groups = [g('a'), g('b', 3), g('c'), g('d'), g('e', 2)];
    const got = selectNew(groups, new Set(['d0', 'b1']), 2);
    expect(got.write.map((w) => w.docs.map((d) => d._id))).to.deep.equal([['c0'], ['e0', 'e1']]);
    expect(got).to.include({ duplicates: 1, truncated: 2 });
    const all = selectNew(groups, new Set(['d0', 'b1']), 100);
    expect(all.write.map((w) => w.docs.map((d) => d._id))).to.deep.equal([
      ['a0'],
      ['b0', 'b2'],
      ['c0'],
      ['e0', 'e1'],
    ]);
  });
});
