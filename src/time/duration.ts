/** Durations as rules write them (`interval = "5m"`), read and shown with the units of time/units.ts. */
import { DURATION_UNITS, UNITS, unitClass, type TimeUnit } from './units.js';

const UNIT = unitClass(DURATION_UNITS);

/**
 * A rule's `interval` as Kibana's alerting framework takes it (`validateDuration` in its parse_duration.ts,
 * `/^[1-9][0-9]*[smhd]$/`): a whole number from 1, no leading zero, in seconds, minutes, hours or days.
 */
export const INTERVAL = new RegExp(`^[1-9]\\d*${UNIT}$`);

const DURATION = new RegExp(`^(\\d+)(${UNIT})$`);

/** A duration such as `5m` in milliseconds; for text already known to be one (an interval that validated). */
export function durationMs(text: string): number {
  const m = DURATION.exec(text);
  if (!m) throw new Error(`not a duration: ${text}`);
  return Number(m[1]) * UNITS[m[2] as TimeUnit].ms!;
}

/** A duration in the largest unit that divides it, as a rule would write it. */
export function formatDuration(ms: number): string {
  if (ms === 0) return '0s';
  for (const unit of DURATION_UNITS) {
    const size = UNITS[unit].ms!;
    if (ms % size === 0) return `${ms / size}${unit}`;
  }
  return `${ms}ms`;
}
