/**
 * Date math is UTC whatever the machine's time zone, as Elasticsearch evaluates it without a `time_zone`: a day
 * is 24 hours, a month step keeps the time of day and lands on the target month's last day when the day is past
 * it. Seeded: DATE_ZONE_SEED and DATE_ZONE_CASES replay or lengthen a run.
 */
import { expect } from 'chai';
import type { Prng } from '../../src/generate/prng.js';
import { evaluateDateMath, fixedOffsetMs, type DateMath } from '../../src/time/date-math.js';
import { DATE_MATH_UNITS } from '../../src/time/units.js';
import { seededRun } from '../support/seeded.js';

/** Zones with daylight saving on both hemispheres, a 30-minute shift, and offsets off the hour. */
const ZONES = [
  'Europe/Berlin',
  'America/Sao_Paulo',
  'Australia/Lord_Howe',
  'America/St_Johns',
  'Asia/Kathmandu',
];
const AMOUNT: Record<string, number> = { y: 3, M: 30, w: 60, d: 400, h: 5000, m: 90_000, s: 200_000 };

type Relative = Extract<DateMath, { anchor: 'now' }>;

function randomExpression(rng: Prng): Relative {
  const steps = Array.from({ length: rng.range(1, 3) }, () => {
    const unit = rng.pick(DATE_MATH_UNITS);
    return { sign: rng.chance(0.7) ? (-1 as const) : (1 as const), amount: rng.int(AMOUNT[unit]! + 1), unit };
  });
  return { anchor: 'now', steps, round: rng.chance(0.3) ? rng.pick(DATE_MATH_UNITS) : null };
}

/** A run time in 2000-2040, at any millisecond, often within a day of a daylight-saving change. */
function randomNow(rng: Prng): Date {
  const t = Date.UTC(2000, 0, 1) + rng.int(40 * 365) * 86_400_000;
  if (rng.chance(0.5)) return new Date(t + rng.int(86_400_000));
  // the last Sunday of March or October (Europe), where a local-time day step would be 23 or 25 hours
  const d = new Date(t);
  const month = rng.chance(0.5) ? 2 : 9;
  const last = new Date(Date.UTC(d.getUTCFullYear(), month + 1, 0));
  last.setUTCDate(last.getUTCDate() - last.getUTCDay());
  return new Date(last.getTime() + rng.range(-86_400_000, 86_400_000));
}

const daysIn = (year: number, month: number) => new Date(Date.UTC(year, month + 1, 0)).getUTCDate();

describe('date math is UTC in every time zone (seeded property)', () => {
  const saved = process.env.TZ;
  afterEach(() => {
    if (saved === undefined) delete process.env.TZ;
    else process.env.TZ = saved;
  });
  const run = seededRun('DATE_ZONE_SEED', 'DATE_ZONE_CASES', { seed: 0x7a0e0001, cases: 400 });
  const cases = Array.from({ length: run.cases }, (_, i) => {
    const rng = run.rng(i);
    return { i, expr: randomExpression(rng), now: randomNow(rng) };
  });
  const show = (c: (typeof cases)[number]) =>
    `${JSON.stringify(c.expr)} at ${c.now.toISOString()} (${run.reproduce(c.i)})`;

  it(`gives the same instant under ${ZONES.length} zones as under UTC (${run.cases} cases from seed ${run.seed})`, () => {
    process.env.TZ = 'UTC';
    const utc = cases.map((c) => evaluateDateMath(c.expr, c.now).getTime());
    for (const zone of ZONES) {
      process.env.TZ = zone;
      cases.forEach((c, k) =>
        expect(evaluateDateMath(c.expr, c.now).getTime(), `${zone}: ${show(c)}`).to.equal(utc[k]),
      );
    }
  });

  it('steps by fixed lengths exactly, and by months and years to the same time of day', () => {
    process.env.TZ = ZONES[0];
    for (const c of cases) {
      const got = evaluateDateMath(c.expr, c.now);
      const offset = fixedOffsetMs(c.expr);
      if (offset !== null) expect(got.getTime() - c.now.getTime(), show(c)).to.equal(offset);
      const [step] = c.expr.steps;
      if (c.expr.steps.length !== 1 || c.expr.round !== null || (step!.unit !== 'M' && step!.unit !== 'y'))
        continue;
      const months = step!.sign * step!.amount * (step!.unit === 'y' ? 12 : 1);
      const total = c.now.getUTCFullYear() * 12 + c.now.getUTCMonth() + months;
      const [year, month] = [Math.floor(total / 12), total % 12];
      const want = new Date(c.now.getTime());
      want.setUTCFullYear(year, month, Math.min(c.now.getUTCDate(), daysIn(year, month)));
      expect(got.toISOString(), show(c)).to.equal(want.toISOString());
    }
  });
});
