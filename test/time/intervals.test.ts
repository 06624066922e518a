/**
 * Interval merge, subtract and clip, and Kibana's gap status (reference §6): named cases, then seeded property
 * tests against a model that samples time on a grid (an instant is covered or not), so that every result is
 * checked as a set of instants rather than by the same arithmetic. INTERVALS_SEED and INTERVALS_CASES replay or
 * lengthen a run.
 */
import { expect } from 'chai';
import {
  clipInterval,
  gapStatus,
  mergeIntervals,
  subtractIntervals,
  totalMs,
  unfilledIntervals,
  type Interval,
} from '../../src/time/intervals.js';
import type { Prng } from '../../src/generate/prng.js';
import { seededRun } from '../support/seeded.js';

const I = (gte: number, lte: number): Interval => ({ gte, lte });

describe('intervals: named cases', () => {
  const merges = [
    { name: 'disjoint stay apart, sorted', in: [I(5, 6), I(1, 2)], out: [I(1, 2), I(5, 6)] },
    { name: 'overlapping join', in: [I(1, 4), I(3, 6)], out: [I(1, 6)] },
    { name: 'touching join', in: [I(1, 3), I(3, 6)], out: [I(1, 6)] },
    { name: 'contained vanish', in: [I(1, 10), I(3, 4)], out: [I(1, 10)] },
    { name: 'empty ones dropped', in: [I(3, 3), I(5, 4)], out: [] },
  ];
  for (const c of merges) it(`merge: ${c.name}`, () => expect(mergeIntervals(c.in)).to.deep.equal(c.out));

  const subtracts = [
    { name: 'a hole in the middle', a: [I(0, 10)], b: [I(3, 5)], out: [I(0, 3), I(5, 10)] },
    { name: 'the start cut', a: [I(0, 10)], b: [I(-5, 2)], out: [I(2, 10)] },
    { name: 'all of it', a: [I(0, 10)], b: [I(0, 10)], out: [] },
    { name: 'nothing shared', a: [I(0, 10)], b: [I(10, 20)], out: [I(0, 10)] },
    {
      name: 'several cuts',
      a: [I(0, 10)],
      b: [I(1, 2), I(4, 5), I(9, 12)],
      out: [I(0, 1), I(2, 4), I(5, 9)],
    },
  ];
  for (const c of subtracts)
    it(`subtract: ${c.name}`, () => expect(subtractIntervals(c.a, c.b)).to.deep.equal(c.out));

  it('clip', () => {
    expect(clipInterval(I(0, 10), I(5, 20))).to.deep.equal(I(5, 10));
    expect(clipInterval(I(0, 10), I(10, 20))).to.equal(null);
  });

  const statuses = [
    { name: 'nothing filled', filled: [], inProgress: [], status: 'unfilled' },
    { name: 'filled outside the range only', filled: [I(20, 30)], inProgress: [], status: 'unfilled' },
    { name: 'all filled', filled: [I(0, 6), I(5, 10)], inProgress: [], status: 'filled' },
    { name: 'filled beyond the range', filled: [I(-5, 15)], inProgress: [], status: 'filled' },
    { name: 'part filled', filled: [I(0, 5)], inProgress: [], status: 'partially_filled' },
    { name: 'the rest in progress', filled: [I(0, 5)], inProgress: [I(5, 10)], status: 'partially_filled' },
    { name: 'in progress, nothing filled', filled: [], inProgress: [I(0, 10)], status: 'unfilled' },
  ] as const;
  for (const c of statuses)
    it(`gap status: ${c.name} → ${c.status}`, () =>
      expect(gapStatus({ range: I(0, 10), filled: c.filled, inProgress: c.inProgress })).to.equal(c.status));
});

/** Instants on a half-unit grid (so that a cut at an integer is seen on both sides). */
const GRID = Array.from({ length: 2 * 60 }, (_, k) => k / 2 + 0.25);
const covers = (list: readonly Interval[], t: number) => list.some((i) => i.gte <= t && t < i.lte);

function randomIntervals(rng: Prng): Interval[] {
  return Array.from({ length: rng.int(5) }, () => {
    const gte = rng.int(60);
    return I(gte, gte + rng.int(20) - 2);
  });
}

function isNormal(list: Interval[]): boolean {
  return list.every((i, k) => i.lte > i.gte && (k === 0 || list[k - 1]!.lte < i.gte));
}

describe('intervals: properties against a grid of instants', () => {
  const run = seededRun('INTERVALS_SEED', 'INTERVALS_CASES', { seed: 1516, cases: 600 });
  it(`merge, subtract, status (${run.cases} cases)`, () => {
    for (let i = 0; i < run.cases; i++) {
      const rng = run.rng(i);
      const at = run.reproduce(i);
      const a = randomIntervals(rng);
      const b = randomIntervals(rng);
      const merged = mergeIntervals(a);
      const diff = subtractIntervals(a, b);
      expect(isNormal(merged), at).to.equal(true);
      expect(isNormal(diff), at).to.equal(true);
      for (const t of GRID) {
        expect(covers(merged, t), `${at} merge at ${t}`).to.equal(covers(a, t));
        expect(covers(diff, t), `${at} subtract at ${t}`).to.equal(covers(a, t) && !covers(b, t));
      }
      expect(totalMs(diff) + totalMs(subtractIntervals(a, diff)), at).to.equal(totalMs(a));

      const range = I(rng.int(30), 30 + rng.int(30));
      const filled = randomIntervals(rng);
      const inProgress = rng.chance(0.5) ? randomIntervals(rng) : [];
      const gap = { range, filled, inProgress };
      const unfilled = unfilledIntervals(gap);
      const inRange = (t: number) => range.gte <= t && t < range.lte;
      for (const t of GRID)
        expect(covers(unfilled, t), `${at} unfilled at ${t}`).to.equal(
          inRange(t) && !covers(filled, t) && !covers(inProgress, t),
        );
      const anyFilled = GRID.some((t) => inRange(t) && covers(filled, t));
      const anyProgress = GRID.some((t) => inRange(t) && covers(inProgress, t));
      const expected = !anyFilled
        ? 'unfilled'
        : unfilled.length === 0 && !anyProgress
          ? 'filled'
          : 'partially_filled';
      expect(gapStatus(gap), at).to.equal(expected);
    }
  });
});
