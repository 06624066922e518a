import { expect } from 'chai';
import { parseDateMath } from '../../src/time/date-math.js';
import { windowProblem } from '../../src/rules/rule-timing.js';

/** Small seeded PRNG (mulberry32): the same windows on every run, and the seed to replay a failure. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const UNITS = ['s', 'm', 'h', 'd', 'w', 'M', 'y'];
const SMALL: Record<string, number> = { s: 90, m: 90, h: 50, d: 40, w: 6, M: 3, y: 2 };

/** A relative bound as rules write them: `now`, offsets in any unit, an optional rounding. */
function randomBound(random: () => number): string {
  const pick = <T>(xs: T[]) => xs[Math.floor(random() * xs.length)]!;
  let s = 'now';
  for (let i = Math.floor(random() * 3); i > 0; i--) {
    const unit = pick(UNITS);
    s += `${random() < 0.8 ? '-' : '+'}${Math.floor(random() * SMALL[unit]!)}${unit}`;
  }
  if (random() < 0.4) s += `/${pick(UNITS)}`;
  return s;
}

describe('a rule window that can search nothing (relative from/to), on random windows', () => {
  it('finds every run time at which from is after to, and each run time it names is one', function () {
    const seed = Number(process.env.WINDOW_SEED ?? 20_260_102);
    const random = prng(seed);
    // run times spread over years, at any millisecond: the oracle the sampled extremes must agree with
    const times = Array.from(
      { length: 1500 },
      () => new Date(Date.UTC(2021, 0, 1) + Math.floor(random() * 6 * 365 * 86_400_000)),
    );
    let refused = 0;
    for (let n = 0; n < 300; n++) {
      const [from, to] = [randomBound(random), randomBound(random)];
      const why = `from ${from}, to ${to} (WINDOW_SEED=${seed}, window ${n})`;
      const length = (t: Date) =>
        parseDateMath(to, t, 'to').getTime() - parseDateMath(from, t, 'from').getTime();
      const problem = windowProblem(from, to);
      const negative = times.find((t) => length(t) < 0);
      if (problem === null) {
        expect(negative, `${why}: from is after to for a run at ${negative?.toISOString()}`).to.equal(
          undefined,
        );
        expect(
          times.some((t) => length(t) > 0),
          `${why}: never any time`,
        ).to.equal(true);
        continue;
      }
      refused++;
      const at = /for a run at (\S+)/.exec(problem);
      if (at) expect(length(new Date(at[1]!)), `${why}: ${problem}`).to.be.below(0);
      else if (/every run searches nothing/.test(problem))
        expect(
          times.every((t) => length(t) < 0),
          `${why}: ${problem}`,
        ).to.equal(true);
      else {
        expect(problem, why).to.match(/same instant/);
        expect(
          times.every((t) => length(t) === 0),
          `${why}: ${problem}`,
        ).to.equal(true);
      }
    }
    // the generator must make both kinds, or the property says little
    expect(refused, 'windows refused').to.be.within(30, 270);
  });
});
