/**
 * Kibana / Elasticsearch date math for time ranges: `now`, `now-9m`, `now+1h/h`, an ISO 8601 date, or epoch
 * milliseconds. The clock is passed in, so a run (or a test) evaluates every expression at one instant.
 */
// one module per function: the package's index loads all of date-fns, a tenth of a second at every start
import { addDays } from 'date-fns/addDays';
import { addHours } from 'date-fns/addHours';
import { addMinutes } from 'date-fns/addMinutes';
import { addMonths } from 'date-fns/addMonths';
import { addSeconds } from 'date-fns/addSeconds';
import { addWeeks } from 'date-fns/addWeeks';
import { addYears } from 'date-fns/addYears';
import { UserError } from '../errors.js';

const UNITS: Record<string, (d: Date, n: number) => Date> = {
  s: addSeconds,
  m: addMinutes,
  h: addHours,
  d: addDays,
  w: addWeeks,
  M: addMonths,
  y: addYears,
};

const ISO = /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

/** Parses `text` at `now`; `what` names the flag or field in errors (e.g. `--from`). */
export function parseDateMath(text: string, now: Date, what: string): Date {
  const s = text.trim();
  if (/^\d{1,16}$/.test(s)) return new Date(Number(s));
  if (ISO.test(s)) {
    const iso = /^\d{4}-\d{2}-\d{2}$/.test(s)
      ? `${s}T00:00:00Z`
      : /Z|[+-]\d{2}:?\d{2}$/.test(s)
        ? s
        : `${s}Z`;
    const d = new Date(iso.replace(' ', 'T'));
    if (!Number.isNaN(d.getTime())) return d;
  }
  const m = /^now((?:[+-]\d+[smhdwMy])*)(?:\/([smhdwMy]))?$/.exec(s);
  if (!m) {
    throw new UserError(
      'DATE_INVALID',
      `${what}: cannot read "${text}" as a date; use an ISO date (2026-01-31T12:00:00Z), epoch milliseconds, or date math such as now-9m, now-1d/d`,
    );
  }
  let d = new Date(now.getTime());
  for (const step of m[1]!.matchAll(/([+-])(\d+)([smhdwMy])/g)) {
    d = UNITS[step[3]!]!(d, (step[1] === '-' ? -1 : 1) * Number(step[2]));
  }
  if (m[2]) d = roundDown(d, m[2]);
  return d;
}

/** `/unit` rounding in UTC, as Elasticsearch rounds date math without a time zone. */
function roundDown(d: Date, unit: string): Date {
  const r = new Date(d.getTime());
  switch (unit) {
    case 'y':
      r.setUTCMonth(0, 1);
      r.setUTCHours(0, 0, 0, 0);
      break;
    case 'M':
      r.setUTCDate(1);
      r.setUTCHours(0, 0, 0, 0);
      break;
    case 'w': {
      const day = (r.getUTCDay() + 6) % 7; // weeks start on Monday
      r.setUTCDate(r.getUTCDate() - day);
      r.setUTCHours(0, 0, 0, 0);
      break;
    }
    case 'd':
      r.setUTCHours(0, 0, 0, 0);
      break;
    case 'h':
      r.setUTCMinutes(0, 0, 0);
      break;
    case 'm':
      r.setUTCSeconds(0, 0);
      break;
    case 's':
      r.setUTCMilliseconds(0);
      break;
  }
  return r;
}
