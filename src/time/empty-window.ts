/**
 * When a rule's window [from, to] searches nothing: `from` after `to` at some run (`now+5m` to `now`, `now/d` to
 * `now-1h` just after midnight, `now-1M` to `now-30d` on the first of March), or the two always the same instant
 * (`now-1m` to `now-60s`). Relative bounds are tried at the run times where they are at their extremes (see
 * runTimes); with an absolute date the window is as it is at the `now` passed in.
 */
import { evaluateDateMath, requireDateMath, type DateMath } from './date-math.js';
import type { WindowBounds } from './window.js';

export type EmptyWindow =
  | {
      kind: 'from-after-to';
      /** A run whose window is empty: the first one found, or `now` when a bound is an absolute date. */
      run: Date;
      /** The window's bounds at that run. */
      start: Date;
      end: Date;
      /** Whether every run's window is empty, not only some. */
      everyRun: boolean;
      /** Whether `run` is the `now` passed in (a bound is an absolute date), not one of the sampled run times. */
      atNow: boolean;
    }
  | { kind: 'same-instant' }
  /** A bound lies outside the dates there are at `run` (`now-99999999999y`). */
  | { kind: 'outside'; run: Date };

/** Why every run, or some, searches nothing (or cannot search); null when each run searches some time. */
export function emptyWindow(bounds: WindowBounds, now: Date): EmptyWindow | null {
  const from = requireDateMath(bounds.from, 'from');
  const to = requireDateMath(bounds.to, 'to');
  const relative = from.anchor === 'now' && to.anchor === 'now';
  const times = relative ? runTimes([from, to]) : [now];
  let after: Date | null = null;
  let afterCount = 0;
  let someLength = false;
  for (const t of times) {
    const start = evaluateDateMath(from, t).getTime();
    const end = evaluateDateMath(to, t).getTime();
    if (Number.isNaN(start) || Number.isNaN(end)) return { kind: 'outside', run: t };
    if (start > end) {
      after ??= t;
      afterCount++;
    } else if (start < end) someLength = true;
  }
  if (after)
    return {
      kind: 'from-after-to',
      run: after,
      start: evaluateDateMath(from, after),
      end: evaluateDateMath(to, after),
      // two absolute dates, or relative bounds wrong at every run: every run
      everyRun: afterCount === times.length && (relative || (from.anchor === 'date' && to.anchor === 'date')),
      atNow: !relative,
    };
  return someLength ? null : { kind: 'same-instant' };
}

/**
 * Run times at which a window of relative bounds (`now-6m`, `now-1h/h`, `now-1M`) is at its extremes: the first
 * instants of every month of a leap and a common year (whole seconds, minutes, hours, days, months, years, and
 * Mondays among them), shifted by each bound's own offsets so that its rounding unit turns over there, and a
 * millisecond either side. A window's length only changes where a bound's rounding turns over or where its
 * month or year steps meet months of other lengths, so its shortest length is found at one of these.
 */
function runTimes(bounds: DateMath[]): Date[] {
  const out: Date[] = [];
  for (const year of [2023, 2024])
    for (let month = 0; month < 12; month++) {
      const base = new Date(Date.UTC(year, month, 1));
      const starts = [base];
      for (const b of bounds) {
        if (b.anchor !== 'now') continue;
        // the run time at which `now` plus the steps is `base`: the steps undone, last first
        const undo: DateMath = {
          anchor: 'now',
          steps: [...b.steps].reverse().map((s) => ({ ...s, sign: s.sign === -1 ? 1 : -1 })),
          round: null,
        };
        starts.push(evaluateDateMath(undo, base));
      }
      for (const t of starts) out.push(new Date(t.getTime() - 1), t, new Date(t.getTime() + 1));
    }
  // a bound's steps undone can leave the dates there are (`now-99999999999y`): no run is then
  return out.filter((t) => !Number.isNaN(t.getTime()));
}
