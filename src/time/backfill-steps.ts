/**
 * A backfill's range and its steps, as Kibana's manual rule run computes them (reference §6): the range is checked
 * as `validateBackfillSchedule` checks it (valid dates, start before end, neither in the future, a bounded length),
 * then split as `calculate_schedule` splits it: runAt = start + k·interval for k = 1, 2, … while the previous
 * runAt is before end (a do-while, so the last step may pass end). Each step then runs as a scheduled execution at
 * its runAt would. Pure: `now` is passed in.
 */
import { UserError } from '../errors.js';
import { parseDateMath } from './date-math.js';
import { INTERVAL, durationMs } from './duration.js';

/** Kibana's MAX_SCHEDULE_BACKFILL_LOOKBACK_WINDOW_DAYS, the default of `--max-range`. */
export const DEFAULT_MAX_RANGE = '90d';

export interface BackfillRange {
  start: Date;
  end: Date;
}

/** `--max-range` (a duration such as `90d`, `12h`) in milliseconds, or the user's error naming the flag. */
export function parseMaxRange(text: string): number {
  if (!INTERVAL.test(text.trim()))
    throw new UserError(
      'BACKFILL_RANGE',
      `--max-range: "${text}" is no duration; write a whole number and a unit, such as 90d or 12h`,
    );
  return durationMs(text.trim());
}

/**
 * `--from` and `--to` (ISO dates or date math, read at `now`) as a range a backfill may take, or the user's error
 * naming the flag and what is wrong.
 */
export function parseBackfillRange(
  from: string,
  to: string,
  now: Date,
  maxRangeMs: number = durationMs(DEFAULT_MAX_RANGE),
): BackfillRange {
  const start = parseDateMath(from, now, '--from');
  const end = parseDateMath(to, now, '--to');
  const at = now.toISOString();
  if (start.getTime() > now.getTime())
    throw new UserError('BACKFILL_RANGE', `--from: ${start.toISOString()} is in the future (now is ${at})`);
  if (end.getTime() > now.getTime())
    throw new UserError('BACKFILL_RANGE', `--to: ${end.toISOString()} is in the future (now is ${at})`);
  if (start.getTime() >= end.getTime())
    throw new UserError(
      'BACKFILL_RANGE',
      `--from: ${start.toISOString()} must be before --to (${end.toISOString()})`,
    );
  const lengthMs = end.getTime() - start.getTime();
  if (lengthMs > maxRangeMs)
    throw new UserError(
      'BACKFILL_RANGE',
      `--from/--to: the range is ${hours(lengthMs)}, longer than the limit of ${hours(maxRangeMs)} (--max-range)`,
    );
  return { start, end };
}

const hours = (ms: number) => `${Math.round((ms / 3_600_000) * 100) / 100}h`;

/** The steps' runAt times of `range` for a rule run every `intervalMs`, oldest first. */
export function backfillSteps(range: BackfillRange, intervalMs: number): Date[] {
  if (!(intervalMs > 0)) throw new Error(`interval must be positive, not ${intervalMs}`);
  const steps: Date[] = [];
  const end = range.end.getTime();
  let runAt = range.start.getTime();
  do {
    runAt += intervalMs;
    steps.push(new Date(runAt));
  } while (runAt < end);
  return steps;
}
