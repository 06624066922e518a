/**
 * Date math that lies outside the dates there are (a Date holds ±8.64e15 ms, years -271821 to 275760) is the
 * user's error, never an Invalid Date that a range filter, a window or a message goes on with: `--from
 * now-99999999999y` once searched nothing and exited 0, and a rule with it was refused as "the same instant as
 * to". Seeded: DATE_RANGE_SEED and DATE_RANGE_CASES replay or lengthen a run.
 */
import { expect } from 'chai';
import type { Prng } from '../../src/generate/prng.js';
import { UserError } from '../../src/errors.js';
import { validateRule } from '../../src/rules/validate-rule.js';
import { parseDateMath } from '../../src/time/date-math.js';
import { DATE_MATH_UNITS } from '../../src/time/units.js';
import { windowAt } from '../../src/time/window.js';
import { runCli } from '../support/cli.js';
import { seededRun } from '../support/seeded.js';
import { tempDir } from '../support/tmp.js';

/** Amounts of every size, from ordinary to far past the range in every unit. */
function randomText(rng: Prng): string {
  const digits = () => String(rng.range(1, 9)) + '0'.repeat(rng.int(rng.chance(0.5) ? 6 : 21));
  if (rng.chance(0.2)) return digits().slice(0, 16); // epoch millis, up to 16 digits
  let s = 'now';
  for (let i = rng.range(1, 2); i > 0; i--)
    s += `${rng.pick(['-', '+'])}${digits()}${rng.pick(DATE_MATH_UNITS)}`;
  return rng.chance(0.2) ? `${s}/${rng.pick(DATE_MATH_UNITS)}` : s;
}

const RULE = {
  rule_id: 'r',
  name: 'R',
  description: 'd',
  type: 'eql',
  risk_score: 1,
  severity: 'low',
  query: 'process where true',
};

describe('date math out of range (seeded property)', () => {
  const run = seededRun('DATE_RANGE_SEED', 'DATE_RANGE_CASES', { seed: 0x0a11ce, cases: 1500 });
  const now = new Date(Date.UTC(2026, 0, 15, 12));

  it(`is an instant or the user's error, never an Invalid Date (${run.cases} cases from seed ${run.seed})`, () => {
    let refused = 0;
    for (let i = 0; i < run.cases; i++) {
      const text = randomText(run.rng(i));
      const why = `${text} (${run.reproduce(i)})`;
      let d: Date | undefined;
      try {
        d = parseDateMath(text, now, '--from');
      } catch (e) {
        expect(e, why).to.be.instanceOf(UserError);
        expect((e as UserError).code, why).to.equal('DATE_INVALID');
        expect((e as UserError).message, why).to.match(/^--from: /);
        refused++;
        continue;
      }
      expect(Number.isNaN(d.getTime()), `${why}: an Invalid Date`).to.equal(false);
    }
    expect(refused, 'texts refused').to.be.within(run.cases / 10, (run.cases * 9) / 10);
  });

  it('refuses a rule whose window leaves the range, saying so; a rule it accepts has windows', () => {
    for (let i = 0; i < run.cases / 5; i++) {
      const rng = run.rng(i);
      const [from, to] = rng.chance(0.5) ? [randomText(rng), 'now'] : ['now-5m', randomText(rng)];
      const why = `from ${from}, to ${to} (${run.reproduce(i)})`;
      const check = validateRule({ origin: 'r.json', value: { ...RULE, from, to } });
      let outside = false;
      for (const year of [2023, 2024])
        try {
          const w = windowAt({ from, to }, new Date(Date.UTC(year, 0, 1)));
          if (Number.isNaN(w.start.getTime()) || Number.isNaN(w.end.getTime())) outside = true;
        } catch {
          outside = true;
        }
      if (check.ok) expect(outside, `${why}: accepted, yet a run has no window`).to.equal(false);
      else if (outside)
        expect(
          check.problems.map((p) => p.message),
          why,
        ).to.satisfy((ms: string[]) => ms.some((m) => /outside the dates/.test(m)));
    }
  });

  it('is an error naming the flag in `query --from/--to`, exit 2', async () => {
    const t = tempDir();
    const events = t.file(
      'e.ndjson',
      '{"@timestamp":"2026-01-01T00:00:00Z","event":{"category":"process"}}\n',
    );
    for (const [flag, value] of [
      ['--from', 'now-99999999999y'],
      ['--to', '9999999999999999'],
      ['--to', 'now+1000000000000d'],
    ]) {
      const r = await runCli(['query', '--events', events, flag!, value!, 'any where true']);
      expect(r.code, `${flag} ${value}: ${r.stderr}`).to.equal(2);
      expect(r.stderr).to.match(new RegExp(`DATE_INVALID.*${flag}`));
      expect(r.stdout).to.equal('');
    }
    t.remove();
  });
});
