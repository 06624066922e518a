/**
 * How a rule's schedule covers time, and where it cannot: each run searches [from, to] (date math against the
 * run's start) every `interval`. When the window is shorter than the interval, part of every interval is never
 * searched; when a sequence's maxspan is longer than the windows' overlap, a sequence that straddles a run's
 * start lies in no single window and can be missed (Elastic's own rules look back at least their maxspan).
 */
import type { Statement } from '../eql/ast.js';
import { TIME_UNITS } from '../eql/parser.js';
import { parseDateMath } from '../query/date-math.js';

export interface RuleSchedule {
  interval: string;
  from: string;
  to: string;
}

/** A duration such as `5m` in milliseconds. */
export function durationMs(text: string): number {
  const m = /^(\d+)([smhd])$/.exec(text);
  if (!m) throw new Error(`not a duration: ${text}`);
  return Number(m[1]) * TIME_UNITS[m[2]!]!;
}

/** A duration in the largest unit that divides it, as a rule would write it. */
function show(ms: number): string {
  if (ms === 0) return '0s';
  for (const unit of ['d', 'h', 'm', 's'])
    if (ms % TIME_UNITS[unit]! === 0) return `${ms / TIME_UNITS[unit]!}${unit}`;
  return `${ms}ms`;
}

/** What a security engineer should know about the rule's coverage; nothing when it has no gap. */
export function scheduleWarnings(rule: RuleSchedule, stmt: Statement): string[] {
  // windows relative to each run; an absolute or rounded (`now/d`) bound has no fixed length
  if (![rule.from, rule.to].every((s) => /^now([+-]\d+[smhdw])*$/.test(s))) return [];
  const now = new Date(Date.UTC(2026, 0, 15, 12));
  const length =
    parseDateMath(rule.to, now, 'to').getTime() - parseDateMath(rule.from, now, 'from').getTime();
  const interval = durationMs(rule.interval);
  const out: string[] = [];
  if (length < interval)
    out.push(
      `each run searches ${show(length)} (from ${rule.from} to ${rule.to}) but runs come every ${rule.interval}: ` +
        `${show(interval - length)} of every interval is never searched; set from to now-${show(interval)} or earlier`,
    );
  const q = stmt.query;
  const overlap = length - interval;
  if (q.type === 'sequence' && q.maxspanMs !== null && q.maxspanMs > Math.max(0, overlap))
    out.push(
      `maxspan=${show(q.maxspanMs)} is longer than the ${show(Math.max(0, overlap))} consecutive runs overlap ` +
        `(from ${rule.from}, every ${rule.interval}): a sequence that straddles a run's start can be missed; ` +
        `set from to now-${show(interval + q.maxspanMs)} or earlier`,
    );
  return out;
}
