/**
 * The time units of date math (`now-1M/d`) and of durations (`5m`), in one table read by the date-math grammar,
 * the duration reader and the windows of a rule's schedule. EQL's `maxspan` keeps the EQL parser's own table
 * (src/eql/syntax/parser.ts): Elasticsearch's EQL takes `ms` there, which neither date math nor Kibana's rule
 * interval takes, and no week, month or year.
 */
// one module per function: the package's index loads all of date-fns, a tenth of a second at every start
import { addDays } from 'date-fns/addDays';
import { addHours } from 'date-fns/addHours';
import { addMinutes } from 'date-fns/addMinutes';
import { addMonths } from 'date-fns/addMonths';
import { addSeconds } from 'date-fns/addSeconds';
import { addWeeks } from 'date-fns/addWeeks';
import { addYears } from 'date-fns/addYears';

export type TimeUnit = 'y' | 'M' | 'w' | 'd' | 'h' | 'm' | 's';

interface UnitRule {
  /** Milliseconds in one; null for months and years, whose length depends on the date. */
  ms: number | null;
  /** `n` of this unit later (earlier when negative). */
  add: (d: Date, n: number) => Date;
  /** The unit's start at or before `d` (`/d` in date math), in UTC, as Elasticsearch rounds without a time zone. */
  floor: (d: Date) => Date;
}

/** A copy of `d` with `set` applied, as `floor` works on copies. */
function startOf(d: Date, set: (r: Date) => void): Date {
  const r = new Date(d.getTime());
  set(r);
  return r;
}

export const UNITS: Readonly<Record<TimeUnit, UnitRule>> = {
  y: {
    ms: null,
    add: addYears,
    floor: (d) =>
      startOf(d, (r) => {
        r.setUTCMonth(0, 1);
        r.setUTCHours(0, 0, 0, 0);
      }),
  },
  M: {
    ms: null,
    add: addMonths,
    floor: (d) =>
      startOf(d, (r) => {
        r.setUTCDate(1);
        r.setUTCHours(0, 0, 0, 0);
      }),
  },
  w: {
    ms: 604_800_000,
    add: addWeeks,
    floor: (d) =>
      startOf(d, (r) => {
        r.setUTCDate(r.getUTCDate() - ((r.getUTCDay() + 6) % 7)); // weeks start on Monday
        r.setUTCHours(0, 0, 0, 0);
      }),
  },
  d: { ms: 86_400_000, add: addDays, floor: (d) => startOf(d, (r) => r.setUTCHours(0, 0, 0, 0)) },
  h: { ms: 3_600_000, add: addHours, floor: (d) => startOf(d, (r) => r.setUTCMinutes(0, 0, 0)) },
  m: { ms: 60_000, add: addMinutes, floor: (d) => startOf(d, (r) => r.setUTCSeconds(0, 0)) },
  s: { ms: 1000, add: addSeconds, floor: (d) => startOf(d, (r) => r.setUTCMilliseconds(0)) },
};

/** Date math's units, as Elasticsearch and Kibana write them (`now-1M`, `now/w`). */
export const DATE_MATH_UNITS: readonly TimeUnit[] = ['y', 'M', 'w', 'd', 'h', 'm', 's'];

/**
 * A rule interval's units: Kibana's alerting framework takes seconds, minutes, hours and days (`validateDuration`
 * in its parse_duration.ts), and the longest first is how a duration is shown.
 */
export const DURATION_UNITS: readonly TimeUnit[] = ['d', 'h', 'm', 's'];

/** A regex character class of `units`, for the grammars built from this table. */
export const unitClass = (units: readonly TimeUnit[]): string => `[${units.join('')}]`;
