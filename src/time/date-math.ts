/**
 * Kibana / Elasticsearch date math for time ranges: `now`, `now-9m`, `now+1h/h`, an ISO 8601 date, or epoch
 * milliseconds (no `||` anchor after a date). Read once into a DateMath, then evaluated against a `now` that is
 * passed in, so that a run (or a test) evaluates every expression at one instant.
 */
import { UserError } from '../errors.js';
import { parseIsoDateTime } from '../mapping/iso-date.js';
import { DATE_MATH_UNITS, UNITS, unitClass, type TimeUnit } from './units.js';

/** One `+5m` or `-1d` of an expression: `amount` of `unit`, forwards (1) or back (-1). */
export interface DateMathStep {
  sign: 1 | -1;
  amount: number;
  unit: TimeUnit;
}

export type DateMath =
  /** `now`, then each step in order, then rounded down to the start of `round` when there is one. */
  | { anchor: 'now'; steps: DateMathStep[]; round: TimeUnit | null }
  /** An ISO date or epoch milliseconds: the same instant at every `now`. */
  | { anchor: 'date'; at: Date };

/**
 * The furthest a Date reaches from 1970, either way: an instant past it, by epoch milliseconds or by steps, is an
 * Invalid Date, which no range filter or window may go on with.
 */
const MAX_MS = 8.64e15;
export const OUTSIDE = `outside the dates there are (${new Date(-MAX_MS).toISOString()} to ${new Date(MAX_MS).toISOString()})`;

const UNIT = unitClass(DATE_MATH_UNITS);
const RELATIVE = new RegExp(`^now((?:[+-]\\d+${UNIT})*)(?:/(${UNIT}))?$`);
const STEP = new RegExp(`([+-])(\\d+)(${UNIT})`, 'g');
/** The ISO forms date math takes (a blank for the `T` too); without a zone a date is UTC. */
const ISO = /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

/** The expression `text` spells (blanks around it ignored), or null when it is no date math. */
export function readDateMath(text: string): DateMath | null {
  const s = text.trim();
  if (/^\d{1,16}$/.test(s)) return Number(s) <= MAX_MS ? { anchor: 'date', at: new Date(Number(s)) } : null;
  if (ISO.test(s)) {
    // read as Elasticsearch reads a date, not as Date does: Date rolls 2026-02-30 over into March
    const t = parseIsoDateTime(s.replace(' ', 'T'));
    if (t !== null) return { anchor: 'date', at: new Date(t[0]) };
  }
  const m = RELATIVE.exec(s);
  if (!m) return null;
  const steps = [...m[1]!.matchAll(STEP)].map(([, sign, amount, unit]) => ({
    sign: sign === '-' ? (-1 as const) : (1 as const),
    amount: Number(amount),
    unit: unit as TimeUnit,
  }));
  return { anchor: 'now', steps, round: (m[2] as TimeUnit | undefined) ?? null };
}

/** The instant `expr` names at `now`: an Invalid Date when it lies outside the dates there are. */
export function evaluateDateMath(expr: DateMath, now: Date): Date {
  if (expr.anchor === 'date') return new Date(expr.at.getTime());
  let d = new Date(now.getTime());
  for (const step of expr.steps) d = UNITS[step.unit].add(d, step.sign * step.amount);
  return expr.round ? UNITS[expr.round].floor(d) : d;
}

/** Reads `text`, or throws the user's error; `what` names the flag or field in it (e.g. `--from`). */
export function requireDateMath(text: string, what: string): DateMath {
  const expr = readDateMath(text);
  if (expr) return expr;
  if (/^\d{1,16}$/.test(text.trim()))
    throw new UserError('DATE_INVALID', `${what}: epoch milliseconds ${text.trim()} lie ${OUTSIDE}`);
  throw new UserError(
    'DATE_INVALID',
    `${what}: cannot read "${text}" as a date; use an ISO date (2026-01-31T12:00:00Z), epoch milliseconds, or date math such as now-9m, now-1d/d`,
  );
}

/** Parses `text` at `now`; `what` names the flag or field in errors (e.g. `--from`). */
export function parseDateMath(text: string, now: Date, what: string): Date {
  const d = evaluateDateMath(requireDateMath(text, what), now);
  if (Number.isNaN(d.getTime()))
    throw new UserError('DATE_INVALID', `${what}: "${text}" at ${now.toISOString()} lies ${OUTSIDE}`);
  return d;
}

/**
 * How far from `now` the expression always is, for one of `now` and steps of fixed length (no month or year, no
 * rounding); null for any other, whose distance from `now` depends on `now`.
 */
export function fixedOffsetMs(expr: DateMath): number | null {
  if (expr.anchor !== 'now' || expr.round !== null) return null;
  let ms = 0;
  for (const step of expr.steps) {
    const size = UNITS[step.unit].ms;
    if (size === null) return null;
    ms += step.sign * step.amount * size;
  }
  return ms;
}
