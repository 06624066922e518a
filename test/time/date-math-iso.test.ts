/**
 * An ISO date in date math is a date only when Elasticsearch would read it as one: a day the month has, a time
 * of day within 00:00:00-23:59:59, an offset within ±18:00 (java.time's bounds), never rolled over into the next
 * day or month as JavaScript's Date does. Seeded: DATE_ISO_SEED and DATE_ISO_CASES replay or lengthen a run.
 */
import { expect } from 'chai';
import type { Prng } from '../../src/generate/prng.js';
import { readDateMath } from '../../src/time/date-math.js';
import { seededRun } from '../support/seeded.js';

const pad = (n: number, width = 2) => String(n).padStart(width, '0');
const isLeap = (y: number) => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
const daysIn = (y: number, m: number) =>
  m === 2 ? (isLeap(y) ? 29 : 28) : [4, 6, 9, 11].includes(m) ? 30 : 31;

interface IsoCase {
  text: string;
  /** The instant it names, or null when it names none. */
  want: number | null;
}

/** Fields near and past their bounds, written in the forms date math takes. */
function randomIso(rng: Prng): IsoCase {
  const year = rng.chance(0.5) ? rng.range(1900, 2100) : rng.int(10_000);
  const month = rng.range(0, 13);
  const day = rng.chance(0.6) ? rng.range(27, 32) : rng.range(0, 32);
  let ok = month >= 1 && month <= 12 && day >= 1 && day <= daysIn(year, month);
  let text = `${pad(year, 4)}-${pad(month)}-${pad(day)}`;
  const [hour, minute, second] = [rng.range(0, 25), rng.range(0, 61), rng.range(0, 61)];
  let fields = { hour: 0, minute: 0, second: 0, fraction: '000' };
  let offsetMs = 0;
  if (rng.chance(0.8)) {
    text += `${rng.pick(['T', ' '])}${pad(hour)}:${pad(minute)}`;
    fields = { ...fields, hour, minute };
    ok &&= hour <= 23 && minute <= 59;
    if (rng.chance(0.7)) {
      text += `:${pad(second)}`;
      fields.second = second;
      ok &&= second <= 59;
      if (rng.chance(0.3)) {
        const digits = String(rng.int(1e9)).padStart(9, '0').slice(0, rng.range(1, 9));
        text += `.${digits}`;
        fields.fraction = (digits + '00').slice(0, 3);
      }
    }
    if (rng.chance(0.6)) {
      const [sign, h, m] = [rng.pick(['+', '-']), rng.range(0, 20), rng.pick([0, 30, 45, 59, 60])];
      if (rng.chance(0.2)) text += 'Z';
      else {
        text += rng.chance(0.5) ? `${sign}${pad(h)}:${pad(m)}` : `${sign}${pad(h)}${pad(m)}`;
        ok &&= m <= 59 && h * 60 + m <= 18 * 60;
        offsetMs = (sign === '-' ? -1 : 1) * (h * 60 + m) * 60_000;
      }
    }
  }
  if (!ok) return { text, want: null };
  const { hour: hh, minute: mi, second: ss, fraction } = fields;
  const utc = `${pad(year, 4)}-${pad(month)}-${pad(day)}T${pad(hh)}:${pad(mi)}:${pad(ss)}.${fraction}Z`;
  return { text, want: new Date(utc).getTime() - offsetMs };
}

describe('ISO dates in date math are dates Elasticsearch reads (seeded property)', () => {
  const run = seededRun('DATE_ISO_SEED', 'DATE_ISO_CASES', { seed: 0x150da7e1, cases: 3000 });

  it(`accepts a text exactly when its fields name an instant, and names that one (${run.cases} cases from seed ${run.seed})`, () => {
    let refused = 0;
    for (let i = 0; i < run.cases; i++) {
      const c = randomIso(run.rng(i));
      const expr = readDateMath(c.text);
      const got = expr?.anchor === 'date' ? expr.at.getTime() : null;
      const why = `${JSON.stringify(c.text)} (${run.reproduce(i)})`;
      expect(got === null ? null : new Date(got).toISOString(), why).to.equal(
        c.want === null ? null : new Date(c.want).toISOString(),
      );
      if (c.want === null) refused++;
    }
    // both kinds, or the property says little
    expect(refused, 'texts refused').to.be.within(run.cases / 10, (run.cases * 9) / 10);
  });
});
