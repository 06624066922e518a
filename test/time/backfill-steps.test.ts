/**
 * A backfill's range checks and steps (reference §6, `validateBackfillSchedule` and `calculate_schedule`): a table
 * of named cases for the checks and the split, and a seeded property test that the steps are interval apart, start
 * one interval after the range's start, and the last is the first to reach the range's end.
 * BACKFILL_STEPS_SEED and BACKFILL_STEPS_CASES replay or lengthen a run.
 */
import { expect } from 'chai';
import { UserError } from '../../src/errors.js';
import { backfillSteps, parseBackfillRange, parseMaxRange } from '../../src/time/backfill-steps.js';
import { seededRun } from '../support/seeded.js';

const MIN = 60_000;
const NOW = new Date('2026-06-01T12:00:00.000Z');

describe('parseBackfillRange: the checks of validateBackfillSchedule', () => {
  const valid = [
    {
      name: 'ISO dates',
      from: '2026-06-01T10:00:00Z',
      to: '2026-06-01T11:00:00Z',
      start: '2026-06-01T10:00:00.000Z',
      end: '2026-06-01T11:00:00.000Z',
    },
    {
      name: 'date math read at now',
      from: 'now-2h',
      to: 'now-1h',
      start: '2026-06-01T10:00:00.000Z',
      end: '2026-06-01T11:00:00.000Z',
    },
    {
      name: 'up to now itself',
      from: 'now-1d/d',
      to: 'now',
      start: '2026-05-31T00:00:00.000Z',
      end: '2026-06-01T12:00:00.000Z',
    },
    {
      name: 'exactly 90 days',
      from: 'now-90d',
      to: 'now',
      start: '2026-03-03T12:00:00.000Z',
      end: '2026-06-01T12:00:00.000Z',
    },
  ];
  for (const c of valid)
    it(c.name, () => {
      const r = parseBackfillRange(c.from, c.to, NOW);
      expect([r.start.toISOString(), r.end.toISOString()]).to.deep.equal([c.start, c.end]);
    });

  const invalid = [
    { name: 'from no date', from: 'yesterday', to: 'now', flag: '--from', code: 'DATE_INVALID' },
    { name: 'to no date', from: 'now-1h', to: '2026-02-30', flag: '--to', code: 'DATE_INVALID' },
    { name: 'from after to', from: 'now-1h', to: 'now-2h', flag: '--from', code: 'BACKFILL_RANGE' },
    { name: 'from equal to to', from: 'now-1h', to: 'now-1h', flag: '--from', code: 'BACKFILL_RANGE' },
    { name: 'to in the future', from: 'now-1h', to: 'now+1m', flag: '--to', code: 'BACKFILL_RANGE' },
    { name: 'from in the future', from: 'now+1h', to: 'now+2h', flag: '--from', code: 'BACKFILL_RANGE' },
    { name: 'longer than 90 days', from: 'now-91d', to: 'now', flag: '--max-range', code: 'BACKFILL_RANGE' },
  ];
  for (const c of invalid)
    it(`refuses ${c.name}, naming ${c.flag}`, () => {
      let err: unknown;
      try {
        parseBackfillRange(c.from, c.to, NOW);
      } catch (e) {
        err = e;
      }
      expect(err).to.be.instanceOf(UserError);
      expect((err as UserError).code).to.equal(c.code);
      expect((err as UserError).message).to.include(c.flag);
    });

  it('takes another limit from --max-range', () => {
    expect(() => parseBackfillRange('now-13h', 'now', NOW, parseMaxRange('12h'))).to.throw(UserError, /12h/);
    expect(parseBackfillRange('now-12h', 'now', NOW, parseMaxRange('12h')).start.toISOString()).to.equal(
      '2026-06-01T00:00:00.000Z',
    );
    for (const bad of ['0d', '90', '-1d', 'lots'])
      expect(() => parseMaxRange(bad), bad).to.throw(UserError, /--max-range/);
  });
});

describe('backfillSteps: calculate_schedule', () => {
  const T = (m: number) => new Date(Date.UTC(2026, 5, 1, 10, m)).toISOString();
  const cases = [
    { name: 'a whole number of intervals ends on end', span: 15, interval: 5, steps: [5, 10, 15] },
    { name: 'a remainder overshoots end (do-while)', span: 12, interval: 5, steps: [5, 10, 15] },
    { name: 'a range shorter than an interval is one step', span: 2, interval: 5, steps: [5] },
    { name: 'one interval exactly is one step', span: 5, interval: 5, steps: [5] },
    { name: 'one-minute interval', span: 3, interval: 1, steps: [1, 2, 3] },
  ];
  for (const c of cases)
    it(c.name, () => {
      const start = new Date(T(0));
      const steps = backfillSteps({ start, end: new Date(start.getTime() + c.span * MIN) }, c.interval * MIN);
      expect(steps.map((d) => d.toISOString())).to.deep.equal(c.steps.map(T));
    });

  it('288 steps for 24 hours at 5 minutes', () => {
    const start = new Date('2026-05-31T00:00:00Z');
    const steps = backfillSteps({ start, end: new Date(start.getTime() + 24 * 60 * MIN) }, 5 * MIN);
    expect(steps).to.have.length(288);
  });

  const run = seededRun('BACKFILL_STEPS_SEED', 'BACKFILL_STEPS_CASES', { seed: 1515, cases: 500 });
  it(`property: steps interval apart, the last the first to reach end (${run.cases} cases)`, () => {
    for (let i = 0; i < run.cases; i++) {
      const rng = run.rng(i);
      const intervalMs = rng.range(1, 3 * 3_600_000);
      const start = new Date(NOW.getTime() - rng.range(1, 90 * 24 * 3_600_000));
      const end = new Date(start.getTime() + rng.range(1, 200 * intervalMs));
      const steps = backfillSteps({ start, end }, intervalMs).map((d) => d.getTime());
      const at = run.reproduce(i);
      expect(steps[0], at).to.equal(start.getTime() + intervalMs);
      for (let k = 1; k < steps.length; k++) expect(steps[k]! - steps[k - 1]!, at).to.equal(intervalMs);
      const last = steps[steps.length - 1]!;
      expect(last, at).to.be.at.least(end.getTime());
      expect(last - intervalMs, at).to.be.below(end.getTime());
      expect(steps.length, at).to.equal(Math.ceil((end.getTime() - start.getTime()) / intervalMs));
    }
  });
});
