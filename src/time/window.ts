/**
 * The windows a rule's schedule searches, as pure functions of the schedule and a run's time: each run at `now`
 * searches [from, to], both date math against `now`, and the next run comes `interval` later. The clock is always
 * passed in.
 */
import { fixedOffsetMs, parseDateMath, requireDateMath } from './date-math.js';
import { durationMs } from './duration.js';

/** A rule's bounds, date math (`now-6m`, `now-1h/h`, an ISO date). */
export interface WindowBounds {
  from: string;
  to: string;
}

/** The bounds and how often a rule runs (an interval that validated, such as `5m`). */
export interface Schedule extends WindowBounds {
  interval: string;
}

/** What one run searches, both ends included. */
export interface TimeWindow {
  start: Date;
  end: Date;
}

/**
 * The window of a run at `now`; a bound that is no date math, or names no date at `now`, is the user's error,
 * naming `from` or `to`.
 */
export function windowAt(bounds: WindowBounds, now: Date): TimeWindow {
  return { start: parseDateMath(bounds.from, now, 'from'), end: parseDateMath(bounds.to, now, 'to') };
}

/** When the run after the one at `now` starts. */
export function nextRunAt(schedule: Schedule, now: Date): Date {
  return new Date(now.getTime() + durationMs(schedule.interval));
}

/**
 * How long the window of the run at `now` and the next run's window share, in milliseconds: 0 when one ends at the
 * instant the other starts (both hold it), negative when time between them is searched by neither.
 */
export function overlapAt(schedule: Schedule, now: Date): number {
  const window = windowAt(schedule, now);
  const next = windowAt(schedule, nextRunAt(schedule, now));
  return window.end.getTime() - next.start.getTime();
}

/** How a schedule whose window has a fixed length covers time, the same at every run. */
export interface Coverage {
  /** How long each window is (negative when from is after to). */
  lengthMs: number;
  intervalMs: number;
  /** Of every interval, the time no run searches; 0 when consecutive windows meet or overlap. */
  unsearchedMs: number;
  /** How long consecutive windows share; 0 when they do not overlap. */
  overlapMs: number;
}

/**
 * The coverage of a schedule whose bounds are both `now` with steps of fixed length (`now-9m`, `now+1h`); null for
 * an absolute date, a rounding (`now/d`) or a month or year step, whose windows change length from run to run.
 */
export function fixedCoverage(schedule: Schedule): Coverage | null {
  const from = fixedOffsetMs(requireDateMath(schedule.from, 'from'));
  const to = fixedOffsetMs(requireDateMath(schedule.to, 'to'));
  if (from === null || to === null) return null;
  const lengthMs = to - from;
  const intervalMs = durationMs(schedule.interval);
  return {
    lengthMs,
    intervalMs,
    unsearchedMs: Math.max(0, intervalMs - lengthMs),
    overlapMs: Math.max(0, lengthMs - intervalMs),
  };
}
