/**
 * Time intervals `{gte, lte}` as Kibana's gap code handles them (reference §6, `interval_utils.ts` and
 * `gap/index.ts`): merge, subtract and clip, and a gap's status from what of it is filled or in progress. Used to
 * find what of a gap a backfill must search and to record what it filled. Intervals are measured, not counted: an
 * interval of no length covers nothing and is dropped from every result. Pure, in epoch milliseconds.
 */
/** Kibana's gap statuses (the same union as the store's GapStatus, which time/ may not import). */
export type GapStatus = 'unfilled' | 'partially_filled' | 'filled';

export interface Interval {
  gte: number;
  lte: number;
}

const hasLength = (i: Interval) => i.lte > i.gte;

/** Sorted, with overlapping or touching intervals joined: the same time, as few intervals as can hold it. */
export function mergeIntervals(intervals: readonly Interval[]): Interval[] {
  const sorted = intervals.filter(hasLength).sort((a, b) => a.gte - b.gte);
  const out: Interval[] = [];
  for (const i of sorted) {
    const last = out[out.length - 1];
    if (last && i.gte <= last.lte) last.lte = Math.max(last.lte, i.lte);
    else out.push({ gte: i.gte, lte: i.lte });
  }
  return out;
}

/** The part of `interval` inside `bounds`, or null when they share no time. */
export function clipInterval(interval: Interval, bounds: Interval): Interval | null {
  const c = { gte: Math.max(interval.gte, bounds.gte), lte: Math.min(interval.lte, bounds.lte) };
  return hasLength(c) ? c : null;
}

/** The time in `from` and in none of `remove`, merged. */
export function subtractIntervals(from: readonly Interval[], remove: readonly Interval[]): Interval[] {
  const cuts = mergeIntervals(remove);
  const out: Interval[] = [];
  for (const piece of mergeIntervals(from)) {
    let at = piece.gte;
    for (const c of cuts) {
      if (c.lte <= at || c.gte >= piece.lte) continue;
      if (c.gte > at) out.push({ gte: at, lte: c.gte });
      at = Math.max(at, c.lte);
    }
    if (at < piece.lte) out.push({ gte: at, lte: piece.lte });
  }
  return out;
}

/** How long the intervals cover together, overlaps counted once. */
export function totalMs(intervals: readonly Interval[]): number {
  return mergeIntervals(intervals).reduce((sum, i) => sum + (i.lte - i.gte), 0);
}

export interface GapParts {
  range: Interval;
  filled: readonly Interval[];
  inProgress?: readonly Interval[];
}

/** What of the gap's range is neither filled nor in progress (Kibana's `unfilled_intervals`). */
export function unfilledIntervals(gap: GapParts): Interval[] {
  return subtractIntervals([gap.range], [...gap.filled, ...(gap.inProgress ?? [])]);
}

/**
 * Kibana's gap status: `unfilled` while nothing of it is filled, `filled` once nothing is unfilled and nothing in
 * progress, else `partially_filled`. Only the part of the intervals inside the range counts.
 */
export function gapStatus(gap: GapParts): GapStatus {
  const inside = (list: readonly Interval[]) =>
    list.map((i) => clipInterval(i, gap.range)).filter((i): i is Interval => i !== null);
  const filled = totalMs(inside(gap.filled));
  const inProgress = totalMs(inside(gap.inProgress ?? []));
  if (filled === 0) return 'unfilled';
  if (totalMs(unfilledIntervals(gap)) === 0 && inProgress === 0) return 'filled';
  return 'partially_filled';
}

/** ISO `{gte, lte}`, as gap records hold them, in milliseconds. */
export const fromIso = (i: { gte: string; lte: string }): Interval => ({
  gte: Date.parse(i.gte),
  lte: Date.parse(i.lte),
});

export const toIso = (i: Interval): { gte: string; lte: string } => ({
  gte: new Date(i.gte).toISOString(),
  lte: new Date(i.lte).toISOString(),
});
