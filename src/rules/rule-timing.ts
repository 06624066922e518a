/**
 * How a rule's schedule covers time, and where it cannot: each run searches [from, to] (date math against the
 * run's start) every `interval`. When the window is shorter than the interval, part of every interval is never
 * searched; when a sequence's maxspan is longer than the windows' overlap, a sequence that straddles a run's
 * start lies in no single window and can be missed (Elastic's own rules look back at least their maxspan).
 * The windows' arithmetic is src/time's (window.ts, empty-window.ts); this file words what it finds for `validate`.
 */
import type { Statement } from '../eql/syntax/ast.js';
import { OUTSIDE } from '../time/date-math.js';
import { formatDuration as show } from '../time/duration.js';
import { emptyWindow } from '../time/empty-window.js';
import { fixedCoverage, type Schedule } from '../time/window.js';

export type RuleSchedule = Schedule;

/** What a security engineer should know about the rule's coverage; nothing when it has no gap. */
export function scheduleWarnings(rule: RuleSchedule, stmt: Statement): string[] {
  // windows relative to each run; an absolute or rounded (`now/d`) bound has no fixed length
  const c = fixedCoverage(rule);
  if (!c) return [];
  const out: string[] = [];
  if (c.unsearchedMs > 0)
    out.push(
      `each run searches ${show(c.lengthMs)} (from ${rule.from} to ${rule.to}) but runs come every ${rule.interval}: ` +
        `${show(c.unsearchedMs)} of every interval is never searched; set from to now-${show(c.intervalMs)} or earlier`,
    );
  const q = stmt.query;
  if (q.type === 'sequence' && q.maxspanMs !== null && q.maxspanMs > c.overlapMs)
    out.push(
      `maxspan=${show(q.maxspanMs)} is longer than the ${show(c.overlapMs)} consecutive runs overlap ` +
        `(from ${rule.from}, every ${rule.interval}): a sequence that straddles a run's start can be missed; ` +
        `set from to now-${show(c.intervalMs + q.maxspanMs)} or earlier`,
    );
  return out;
}

/**
 * What makes a rule's window [from, to] search nothing, or null (see time/empty-window.ts). Bounds must already
 * read as dates; with an absolute date the window is as it is at `now`.
 */
export function windowProblem(from: string, to: string, now = new Date()): string | null {
  const empty = emptyWindow({ from, to }, now);
  if (empty === null) return null;
  if (empty.kind === 'outside')
    return `${from} to ${to} lies ${OUTSIDE} for a run at ${empty.run.toISOString()}: no run can search it`;
  if (empty.kind === 'same-instant')
    return `${from} is the same instant as to (${to}) at every run: each run searches no time; set from before to`;
  const when = empty.everyRun
    ? ''
    : ` for a run at ${empty.run.toISOString()}${empty.atNow ? ' (now)' : ''} (from ${empty.start.toISOString()}, to ${empty.end.toISOString()})`;
  return `${from} is after to (${to})${when}: ${empty.everyRun ? 'every run' : 'such a run'} searches nothing`;
}
