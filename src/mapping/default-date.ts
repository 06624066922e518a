/**
 * A date field without a `format`: its text read as the default format reads it, and an instant printed as the
 * default format's first alternative prints it (`strict_date_optional_time`, `_nanos` for `date_nanos`).
 */
import { parseDefaultDate, toMillis } from './iso-date.js';

/**
 * Parse a date string the way Elasticsearch's default format `strict_date_optional_time||epoch_millis` does:
 * ISO-8601 (UTC unless an offset is given) or a number of epoch milliseconds. Undefined when it is neither.
 */
export function parseDate(s: string): number | undefined {
  const t = parseDefaultDate(s);
  return t ? toMillis(t) : undefined;
}

export function formatDate(ms: number): string {
  const whole = Math.floor(ms);
  const d = new Date(whole);
  if (Number.isNaN(d.getTime())) return String(ms);
  const iso = d.toISOString();
  const nanos = Math.round((ms - whole) * 1e6);
  if (nanos === 0) return iso;
  return `${iso.slice(0, -1)}${String(nanos).padStart(6, '0').replace(/0+$/, '')}Z`;
}

/** Epoch nanoseconds as ISO-8601 with at least three fraction digits, as `strict_date_optional_time_nanos` prints. */
export function formatNanos(nanos: bigint): string {
  const iso = new Date(Number(nanos / 1_000_000n)).toISOString();
  const below = String(nanos % 1_000_000n)
    .padStart(6, '0')
    .replace(/0+$/, '');
  return `${iso.slice(0, -1)}${below}Z`;
}
