/**
 * Runs the data-driven cases of test/spec/date-math.toml: date math read and evaluated at the file's `now`,
 * durations as rules write them, and the windows of a schedule. Every unit of the table (src/time/units.ts) must
 * have a case that steps by it and one that rounds to it, and every interval unit an interval case.
 */
import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse as parseToml } from 'smol-toml';
import { UserError } from '../../src/errors.js';
import { parseDateMath, readDateMath } from '../../src/time/date-math.js';
import { durationMs, formatDuration, INTERVAL } from '../../src/time/duration.js';
import { DATE_MATH_UNITS, DURATION_UNITS } from '../../src/time/units.js';
import { fixedCoverage, overlapAt, windowAt } from '../../src/time/window.js';
import { REPO_ROOT } from '../support/paths.js';

interface DateMathCase {
  name: string;
  text: string;
  now?: string;
  at?: string;
  error?: string;
  read?: boolean;
}

interface DurationCase {
  name: string;
  text: string;
  ms?: number;
  interval: boolean;
}

interface ShownCase {
  name: string;
  ms: number;
  text: string;
}

interface WindowCase {
  name: string;
  from: string;
  to: string;
  interval: string;
  now?: string;
  start: string;
  end: string;
  overlap_ms: number;
  coverage?: { length_ms: number; unsearched_ms: number; overlap_ms: number };
}

const file = path.join(REPO_ROOT, 'test/spec/date-math.toml');
const doc = parseToml(readFileSync(file, 'utf8')) as unknown as {
  now: string;
  date_math: DateMathCase[];
  durations: DurationCase[];
  shown: ShownCase[];
  windows: WindowCase[];
};
const nowOf = (c: { now?: string }) => new Date(c.now ?? doc.now);

describe('date math, durations and windows (test/spec/date-math.toml)', () => {
  it('names each case once in each table, and tries every unit', () => {
    for (const table of [doc.date_math, doc.durations, doc.shown, doc.windows])
      expect(new Set(table.map((c) => c.name)).size).to.equal(table.length);
    const valid = doc.date_math.filter((c) => c.at !== undefined).map((c) => c.text.trim());
    for (const unit of DATE_MATH_UNITS) {
      expect(
        valid.some((t) => new RegExp(`[+-]\\d+${unit}`).test(t)),
        `a case that steps by ${unit}`,
      ).to.equal(true);
      expect(
        valid.some((t) => t.endsWith(`/${unit}`)),
        `a case that rounds to ${unit}`,
      ).to.equal(true);
    }
    for (const unit of DURATION_UNITS)
      expect(
        doc.durations.some((c) => c.interval && c.text.endsWith(unit)),
        `an interval in ${unit}`,
      ).to.equal(true);
  });

  for (const c of doc.date_math)
    it(`date math ${c.name}: ${JSON.stringify(c.text)} ${c.at ? `is ${c.at}` : `is ${c.error}`}`, () => {
      if (c.at !== undefined) {
        expect(readDateMath(c.text), 'read').to.not.equal(null);
        expect(parseDateMath(c.text, nowOf(c), 'from').toISOString()).to.equal(c.at);
        return;
      }
      expect(readDateMath(c.text) !== null, 'read').to.equal(c.read ?? false);
      let error: unknown;
      try {
        parseDateMath(c.text, nowOf(c), '--from');
      } catch (e) {
        error = e;
      }
      expect(error).to.be.instanceOf(UserError);
      expect((error as UserError).code).to.equal(c.error);
      expect((error as UserError).message).to.match(/^--from: /);
    });

  for (const c of doc.durations)
    it(`duration ${c.name}: ${JSON.stringify(c.text)}`, () => {
      if (c.ms === undefined) expect(() => durationMs(c.text)).to.throw(/not a duration/);
      else expect(durationMs(c.text)).to.equal(c.ms);
      expect(INTERVAL.test(c.text), 'a rule interval').to.equal(c.interval);
    });

  for (const c of doc.shown)
    it(`duration shown ${c.name}: ${c.ms} ms is ${c.text}`, () => {
      expect(formatDuration(c.ms)).to.equal(c.text);
    });

  for (const c of doc.windows)
    it(`window ${c.name}: from ${c.from} to ${c.to} every ${c.interval}`, () => {
      const schedule = { from: c.from, to: c.to, interval: c.interval };
      const w = windowAt(schedule, nowOf(c));
      expect({ start: w.start.toISOString(), end: w.end.toISOString() }).to.deep.equal({
        start: c.start,
        end: c.end,
      });
      expect(overlapAt(schedule, nowOf(c)), 'overlap with the next run').to.equal(c.overlap_ms);
      const coverage = fixedCoverage(schedule);
      if (c.coverage === undefined) expect(coverage, 'coverage').to.equal(null);
      else
        expect(coverage).to.deep.equal({
          lengthMs: c.coverage.length_ms,
          intervalMs: durationMs(c.interval),
          unsearchedMs: c.coverage.unsearched_ms,
          overlapMs: c.coverage.overlap_ms,
        });
      // a fixed window's overlap is the same at every run
      if (coverage) expect(overlapAt(schedule, new Date(0))).to.equal(c.overlap_ms);
    });
});
