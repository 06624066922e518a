/**
 * The time units of date math (`now-1M/d`) and of durations (`5m`), in one table read by the date-math grammar,
 * the duration reader and the windows of a rule's schedule. EQL's `maxspan` keeps the EQL parser's own table
 * (src/eql/syntax/parser.ts): Elasticsearch's EQL takes `ms` there, which neither date math nor Kibana's rule
 * interval takes, and no week, month or year.
 */
export type TimeUnit = 'y' | 'M' | 'w' | 'd' | 'h' | 'm' | 's';

interface UnitRule {
  /** Milliseconds in one; null for months and years, whose length depends on the date. */
  ms: number | null;
  /** `n` of this unit later (earlier when negative), in UTC. */
  add: (d: Date, n: number) => Date;
  /** The unit's start at or before `d` (`/d` in date math), in UTC, as Elasticsearch rounds without a time zone. */
  floor: (d: Date) => Date;
}

/** `n` fixed-length units of `ms` later: in UTC a day is always 24 hours, whatever the machine's time zone. */
const stepBy =
  (ms: number) =>
  (d: Date, n: number): Date =>
    new Date(d.getTime() + n * ms);

const isLeap = (y: number) => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/**
 * `n` months later in UTC, at the same time of day, on the target month's last day when `d`'s day is past it
 * (as java.time's plusMonths, which Elasticsearch's date math uses: Mar 31 minus 1M is Feb 28 or 29).
 */
function addMonths(d: Date, n: number): Date {
  const r = new Date(d.getTime());
  const day = r.getUTCDate();
  r.setUTCDate(1);
  r.setUTCMonth(r.getUTCMonth() + n);
  const month = r.getUTCMonth();
  const last = month === 1 && isLeap(r.getUTCFullYear()) ? 29 : DAYS_IN_MONTH[month]!;
  r.setUTCDate(Math.min(day, last));
  return r;
}

/** A unit of fixed length. */
const fixed = (ms: number, floor: UnitRule['floor']): UnitRule => ({ ms, add: stepBy(ms), floor });

/** A copy of `d` with `set` applied, as `floor` works on copies. */
function startOf(d: Date, set: (r: Date) => void): Date {
  const r = new Date(d.getTime());
  set(r);
  return r;
}

export const UNITS: Readonly<Record<TimeUnit, UnitRule>> = {
  y: {
    ms: null,
    add: (d, n) => addMonths(d, 12 * n),
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
  w: fixed(604_800_000, (d) =>
    startOf(d, (r) => {
      r.setUTCDate(r.getUTCDate() - ((r.getUTCDay() + 6) % 7)); // weeks start on Monday
      r.setUTCHours(0, 0, 0, 0);
    }),
  ),
  d: fixed(86_400_000, (d) => startOf(d, (r) => r.setUTCHours(0, 0, 0, 0))),
  h: fixed(3_600_000, (d) => startOf(d, (r) => r.setUTCMinutes(0, 0, 0))),
  m: fixed(60_000, (d) => startOf(d, (r) => r.setUTCSeconds(0, 0))),
  s: fixed(1000, (d) => startOf(d, (r) => r.setUTCMilliseconds(0))),
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
