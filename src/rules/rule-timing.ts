/**
 * How a rule's schedule covers time, and where it cannot: each run searches [from, to] (date math against the
 * run's start) every `interval`. When the window is shorter than the interval, part of every interval is never
 * searched; when a sequence's maxspan is longer than the windows' overlap, a sequence that straddles a run's
 * start lies in no single window and can be missed (Elastic's own rules look back at least their maxspan).
 */
import type { Statement } from '../eql/syntax/ast.js';
import { parseDateMath } from '../time/date-math.js';
import { durationMs, formatDuration as show } from '../time/duration.js';

export interface RuleSchedule {
  interval: string;
  from: string;
  to: string;
}

/** What a security engineer should know about the rule's coverage; nothing when it has no gap. */
export function scheduleWarnings(rule: RuleSchedule, stmt: Statement): string[] {
  // windows relative to each run; an absolute or rounded (`now/d`) bound has no fixed length
  if (![rule.from, rule.to].every((s) => /^now([+-]\d+[smhdw])*$/.test(s.trim()))) return [];
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

/**
 * Run times at which a window of relative bounds (`now-6m`, `now-1h/h`, `now-1M`) is at its extremes: the first
 * instants of every month of a leap and a common year (whole seconds, minutes, hours, days, months, years, and
 * Mondays among them), shifted by each bound's own offsets so that its rounding unit turns over there, and a
 * millisecond either side. A window's length only changes where a bound's rounding turns over or where its
 * month or year steps meet months of other lengths, so its shortest length is found at one of these.
 */
function runTimes(bounds: string[]): Date[] {
  const out: Date[] = [];
  for (const year of [2023, 2024])
    for (let month = 0; month < 12; month++) {
      const base = new Date(Date.UTC(year, month, 1));
      const starts = [base];
      for (const b of bounds) {
        const steps = b.replace(/^now/, '').replace(/\/[smhdwMy]$/, '');
        // the run time at which `now` plus the steps is `base`: the steps undone, last first
        const undo = [...steps.matchAll(/([+-])(\d+[smhdwMy])/g)]
          .reverse()
          .map(([, sign, step]) => `${sign === '-' ? '+' : '-'}${step}`)
          .join('');
        starts.push(parseDateMath(`now${undo}`, base, 'from'));
      }
      for (const t of starts) out.push(new Date(t.getTime() - 1), t, new Date(t.getTime() + 1));
    }
  return out;
}

/**
 * What makes a rule's window [from, to] search nothing, or null: `from` after `to` at some run (`now+5m` to
 * `now`, `now/d` to `now-1h` just after midnight, `now-1M` to `now-30d` on the first of March), or the two always
 * the same instant (`now-1m` to `now-60s`). Bounds must already read as dates. Relative bounds are tried at the
 * run times where they are at their extremes (see runTimes); with an absolute date the window is as it is `now`.
 */
export function windowProblem(from: string, to: string, now = new Date()): string | null {
  const relative = isRelative(from) && isRelative(to);
  const times = relative ? runTimes([from.trim(), to.trim()]) : [now];
  let after: Date | null = null;
  let afterCount = 0;
  let someLength = false;
  for (const t of times) {
    const start = parseDateMath(from, t, 'from').getTime();
    const end = parseDateMath(to, t, 'to').getTime();
    if (start > end) {
      after ??= t;
      afterCount++;
    } else if (start < end) someLength = true;
  }
  if (after) {
    const at = (s: string) => parseDateMath(s, after!, 'from').toISOString();
    // two absolute dates, or relative bounds wrong at every run: every run; else the run that shows it
    const every = afterCount === times.length && (relative || (!isRelative(from) && !isRelative(to)));
    const when = every
      ? ''
      : ` for a run at ${after.toISOString()}${relative ? '' : ' (now)'} (from ${at(from)}, to ${at(to)})`;
    return `${from} is after to (${to})${when}: ${every ? 'every run' : 'such a run'} searches nothing`;
  }
  if (!someLength)
    return `${from} is the same instant as to (${to}) at every run: each run searches no time; set from before to`;
  return null;
}

const isRelative = (bound: string) => /^now/.test(bound.trim());
