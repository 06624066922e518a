/**
 * Catch-up windows and gaps as Kibana's getRuleRangeTuples computes them (reference §5): the worked examples, the
 * messages Kibana's own tests show, and a seeded property test against a model that finds the catch-up by
 * coverage (add shifted windows until the oldest reaches back to the previous run's window) rather than by the
 * gap formula. CATCH_UP_SEED and CATCH_UP_CASES replay or lengthen a run.
 */
import { expect } from 'chai';
import { UserError } from '../../src/errors.js';
import { MAX_RULE_GAP_RATIO, gapMessage, humanizeDuration, ruleTuples } from '../../src/time/catch-up.js';
import { windowAt, type Schedule } from '../../src/time/window.js';
import { seededRun } from '../support/seeded.js';

const MIN = 60_000;
const T0 = new Date(Date.UTC(2026, 5, 1, 12, 0, 0));
const ago = (ms: number) => new Date(T0.getTime() - ms);
const iso = (d: Date) => d.toISOString();

describe('ruleTuples: the worked examples of §5', () => {
  const schedule: Schedule = { interval: '5m', from: 'now-9m', to: 'now' };
  const cases = [
    { name: 'first run (no previous start)', previousMs: null, catchUp: 0, gapMs: 0 },
    { name: 'on time (5 minutes ago)', previousMs: 5 * MIN, catchUp: 0, gapMs: 0 },
    { name: 'exactly the window late (9 minutes ago)', previousMs: 9 * MIN, catchUp: 0, gapMs: 0 },
    { name: '14 minutes ago: one extra tuple, no gap', previousMs: 14 * MIN, catchUp: 1, gapMs: 0 },
    { name: '15 minutes ago: ceil(6m / 5m) = 2', previousMs: 15 * MIN, catchUp: 2, gapMs: 0 },
    { name: '29 minutes ago: 4 extra, no gap', previousMs: 29 * MIN, catchUp: 4, gapMs: 0 },
    { name: '40 minutes ago: 4 extra, 11m gap', previousMs: 40 * MIN, catchUp: 4, gapMs: 11 * MIN },
    { name: 'a missed hour (69m): 4 extra, 40m gap', previousMs: 69 * MIN, catchUp: 4, gapMs: 40 * MIN },
  ];
  for (const c of cases)
    it(c.name, () => {
      const prev = c.previousMs === null ? null : ago(c.previousMs);
      const r = ruleTuples(schedule, T0, prev);
      expect(r.catchUp).to.equal(c.catchUp);
      expect(r.tuples).to.have.length(c.catchUp + 1);
      expect(r.gapMs).to.equal(c.gapMs);
      if (c.gapMs === 0) expect(r.gap).to.equal(null);
      else
        expect({ gte: iso(r.gap!.gte), lte: iso(r.gap!.lte) }).to.deep.equal({
          gte: iso(prev!),
          lte: iso(new Date(prev!.getTime() + c.gapMs)),
        });
    });

  it('40 minutes ago: the tuples are the current window shifted back 5m at a time, oldest first', () => {
    const r = ruleTuples(schedule, T0, ago(40 * MIN));
    expect(r.tuples.map((t) => [iso(t.runAt), iso(t.start), iso(t.end)])).to.deep.equal(
      [20, 15, 10, 5, 0].map((k) => [iso(ago(k * MIN)), iso(ago((k + 9) * MIN)), iso(ago(k * MIN))]),
    );
  });

  it('shifts a rounded window instead of re-reading its date math (as Kibana shifts moments)', () => {
    const r = ruleTuples({ interval: '1h', from: 'now-2h/h', to: 'now' }, T0, ago(4 * 60 * MIN));
    // from = 10:00, to = 12:00 at T0; gap = 4h − 2h = 2h → two tuples back
    expect(r.tuples.map((t) => iso(t.start))).to.deep.equal([
      '2026-06-01T08:00:00.000Z',
      '2026-06-01T09:00:00.000Z',
      '2026-06-01T10:00:00.000Z',
    ]);
  });

  it('an interval that is no interval is the user error, naming interval', () => {
    expect(() => ruleTuples({ interval: '5 minutes', from: 'now-6m', to: 'now' }, T0, null))
      .to.throw(UserError)
      .with.property('message')
      .that.matches(/^interval: /);
  });
});

describe('gapMessage and humanizeDuration (moment humanize, English)', () => {
  const cases: Array<[number, string]> = [
    [244_689, '4 minutes'], // Kibana's rule-execution-log test
    [51_658_063, '14 hours'], // a Kibana status seen in the wild
    [11 * MIN, '11 minutes'],
    [40 * MIN, '40 minutes'],
    [1_000, 'a few seconds'],
    [44_499, 'a few seconds'],
    [44_500, 'a minute'],
    [89_999, 'a minute'],
    [90_000, '2 minutes'],
    [44 * MIN + 29_999, '44 minutes'],
    [44 * MIN + 30_000, 'an hour'],
    [90 * MIN, '2 hours'],
    [77_364_000, '21 hours'],
    [21.5 * 60 * MIN, 'a day'],
    [36 * 60 * MIN, '2 days'],
    [25 * 24 * 60 * MIN, '25 days'],
    [26 * 24 * 60 * MIN, 'a month'],
    [100 * 24 * 60 * MIN, '3 months'],
    [320 * 24 * 60 * MIN, 'a year'],
    [800 * 24 * 60 * MIN, '2 years'],
  ];
  for (const [ms, text] of cases) it(`${ms}ms → ${text}`, () => expect(humanizeDuration(ms)).to.equal(text));

  it('the message is Kibana’s text', () => {
    expect(gapMessage(244_689)).to.equal(
      '4 minutes (244689ms) were not queried between this rule execution and the last execution, so signals may ' +
        'have been missed. Consider increasing your look behind time or adding more Kibana instances',
    );
  });
});

/** The model: coverage, found by adding windows one by one. */
function model(schedule: Schedule, startedAt: Date, prev: Date | null, intervalMs: number) {
  const now = windowAt(schedule, startedAt);
  if (prev === null) return { catchUp: 0, uncoveredMs: 0 };
  const prevEnd = windowAt(schedule, prev).end.getTime();
  let k = 0;
  // the oldest window's start must reach back to the previous run's end (the drift tolerance is the length)
  while (k < MAX_RULE_GAP_RATIO && now.start.getTime() - k * intervalMs > prevEnd) k++;
  return { catchUp: k, uncoveredMs: Math.max(0, now.start.getTime() - k * intervalMs - prevEnd) };
}

describe('ruleTuples against a coverage model (seeded property)', () => {
  const run = seededRun('CATCH_UP_SEED', 'CATCH_UP_CASES', { seed: 0xc47c, cases: 3000 });
  const units: Array<[string, number]> = [
    ['s', 1000],
    ['m', MIN],
    ['h', 60 * MIN],
    ['d', 24 * 60 * MIN],
  ];
  it(`${run.cases} random schedules, look-backs and delays`, () => {
    for (let i = 0; i < run.cases; i++) {
      const rng = run.rng(i);
      const [unit, size] = rng.pick(units);
      const amount = rng.range(1, unit === 's' ? 600 : unit === 'm' ? 120 : unit === 'h' ? 48 : 3);
      const intervalMs = amount * size;
      // look-back beyond the interval: none, some, or shorter than the interval (windows that leave holes)
      const lengthS = Math.max(
        1,
        Math.round((intervalMs / 1000) * rng.pick([0.5, 1, 1.8, 3]) + rng.range(0, 300)),
      );
      const schedule: Schedule = { interval: `${amount}${unit}`, from: `now-${lengthS}s`, to: 'now' };
      const startedAt = new Date(T0.getTime() + rng.range(0, 10_000_000));
      const delayMs = rng.chance(0.1) ? 0 : rng.range(0, 8 * intervalMs + lengthS * 1000);
      const prev = rng.chance(0.05) ? null : new Date(startedAt.getTime() - delayMs);
      const why = `case ${i} (${run.reproduce(i)}): ${JSON.stringify(schedule)} delay ${delayMs}ms`;

      const got = ruleTuples(schedule, startedAt, prev);
      const want = model(schedule, startedAt, prev, intervalMs);
      expect(got.catchUp, why).to.equal(want.catchUp);
      expect(got.gapMs, why).to.equal(want.uncoveredMs);
      expect(got.gap === null, why).to.equal(want.uncoveredMs === 0);
      if (got.gap)
        expect([got.gap.gte.getTime(), got.gap.lte.getTime()], why).to.deep.equal([
          prev!.getTime(),
          prev!.getTime() + want.uncoveredMs,
        ]);
      expect(got.tuples, why).to.have.length(want.catchUp + 1);
      got.tuples.forEach((t, j) => {
        const k = got.tuples.length - 1 - j;
        const w = windowAt(schedule, new Date(startedAt.getTime() - k * intervalMs));
        expect(
          [t.runAt, t.start, t.end].map((d) => d.getTime()),
          why,
        ).to.deep.equal([startedAt.getTime() - k * intervalMs, w.start.getTime(), w.end.getTime()]);
      });
    }
  });
});
