/**
 * Missed runs, as Kibana's detection engine catches up on them (`getRuleRangeTuples`, reference §5): when the time
 * since the previous run's start is longer than a window covers, up to MAX_RULE_GAP_RATIO extra windows, each the
 * current one shifted back by a whole number of intervals (overlap kept, as EQL sequences need), run oldest first;
 * what they still do not reach is a gap, recorded and reported with Kibana's message. Pure: both instants are passed in.
 */
import { UserError } from '../errors.js';
import { INTERVAL, durationMs } from './duration.js';
import { windowAt, type Schedule } from './window.js';

/** Kibana's cap on catch-up windows per run (`MAX_RULE_GAP_RATIO`). */
export const MAX_RULE_GAP_RATIO = 4;

/** One window a run searches: `runAt` is the instant it stands for (its `intended_timestamp`). */
export interface RangeTuple {
  runAt: Date;
  start: Date;
  end: Date;
}

export interface RuleTuples {
  /** Oldest first; the run's own window (date math at startedAt) last. */
  tuples: RangeTuple[];
  /** How many of the tuples are catch-up windows (tuples.length − 1). */
  catchUp: number;
  /** Kibana's gap range: from the previous start, as long as the remaining gap; null when there is none. */
  gap: { gte: Date; lte: Date } | null;
  /** The remaining gap in milliseconds (0 when there is none). */
  gapMs: number;
}

/**
 * The windows the run started at `startedAt` searches. Kibana's gap is `(startedAt − previousStartedAt) − (to −
 * from)` (the window's length is its "drift tolerance"); each extra interval of catch-up takes one interval off it.
 * Catch-up windows shift the current window's ends back rather than re-reading date math at an earlier instant, as
 * Kibana does (they differ only for rounding such as `now/h`).
 */
export function ruleTuples(schedule: Schedule, startedAt: Date, previousStartedAt: Date | null): RuleTuples {
  if (!INTERVAL.test(schedule.interval))
    throw new UserError(
      'RULE_INVALID',
      `interval: "${schedule.interval}" is no interval (a whole number of s, m, h or d, such as 5m)`,
    );
  const intervalMs = durationMs(schedule.interval);
  const current = windowAt(schedule, startedAt);
  const driftToleranceMs = current.end.getTime() - current.start.getTime();
  const gapMs =
    previousStartedAt === null ? 0 : startedAt.getTime() - previousStartedAt.getTime() - driftToleranceMs;
  const catchUp = gapMs > 0 ? Math.min(Math.ceil(gapMs / intervalMs), MAX_RULE_GAP_RATIO) : 0;

  const tuples: RangeTuple[] = [];
  for (let k = catchUp; k >= 0; k--) {
    const shift = k * intervalMs;
    tuples.push({
      runAt: new Date(startedAt.getTime() - shift),
      start: new Date(current.start.getTime() - shift),
      end: new Date(current.end.getTime() - shift),
    });
  }
  const remainingMs = Math.max(gapMs - catchUp * intervalMs, 0);
  const gap =
    remainingMs > 0 && previousStartedAt !== null
      ? {
          gte: new Date(previousStartedAt.getTime()),
          lte: new Date(previousStartedAt.getTime() + remainingMs),
        }
      : null;
  return { tuples, catchUp, gap, gapMs: remainingMs };
}

/**
 * Kibana's status message for a remaining gap (the security rule wrapper's, which makes the run `failed`), with the
 * duration humanized as moment's `Duration.humanize()` writes it in English: "4 minutes (244689ms) were not
 * queried …".
 */
export function gapMessage(gapMs: number): string {
  return (
    `${humanizeDuration(gapMs)} (${gapMs}ms) were not queried between this rule execution and the last ` +
    'execution, so signals may have been missed. Consider increasing your look behind time or adding more Kibana ' +
    'instances'
  );
}

const DAY_MS = 86_400_000;

/**
 * A duration as moment's `humanize()` says it (its default thresholds: 44 s, 45 s, 45 min, 22 h, 26 d, 11 months;
 * each unit rounded half up; months are days × 4800 / 146097), so that our message reads as Kibana's does.
 */
export function humanizeDuration(ms: number): string {
  const abs = Math.abs(ms);
  const seconds = Math.round(abs / 1000);
  const minutes = Math.round(abs / 60_000);
  const hours = Math.round(abs / 3_600_000);
  const days = Math.round(abs / DAY_MS);
  const exactMonths = ((abs / DAY_MS) * 4800) / 146097;
  const months = Math.round(exactMonths);
  const years = Math.round(exactMonths / 12);
  if (seconds <= 44) return 'a few seconds';
  if (seconds < 45) return `${seconds} seconds`;
  if (minutes <= 1) return 'a minute';
  if (minutes < 45) return `${minutes} minutes`;
  if (hours <= 1) return 'an hour';
  if (hours < 22) return `${hours} hours`;
  if (days <= 1) return 'a day';
  if (days < 26) return `${days} days`;
  if (months <= 1) return 'a month';
  if (months < 11) return `${months} months`;
  if (years <= 1) return 'a year';
  return `${years} years`;
}
