/**
 * The scheduler's time source, injectable so that tests drive it with a manual clock instead of sleeping.
 *
 * Why a timer of our own and not node-cron: Kibana schedules a rule's next run `interval` after the last run's
 * start, never earlier than now (Task Manager's get_next_run_at.ts), and a restarted runner continues at
 * `lastStartedAt + interval`. Cron fires on wall-clock boundaries instead: a restart or a delayed run would be
 * followed by the next boundary, not a full interval later, which bunches runs after a late one and makes the
 * first run wait up to an interval; and cron cannot express most intervals a rule may have (7m, 90s, 25h, 2d are
 * not divisors of their next unit). One timer per rule, armed for an instant, serves every interval the same way,
 * so node-cron is not used even for the intervals it could express (1m, 5m, 15m, 1h).
 */

export type TimerHandle = { readonly id: unknown };

export interface TimeSource {
  now(): Date;
  /** Calls `fn` once, `ms` from now. */
  setTimer(fn: () => void, ms: number): TimerHandle;
  clearTimer(handle: TimerHandle): void;
}

/**
 * The process's clock and timers. The timers keep the process alive (they are not unref'd): between ticks they are
 * all a daemon without `--metrics-port` has pending, and signal listeners do not hold the event loop open.
 */
export const systemTime: TimeSource = {
  now: () => new Date(),
  setTimer: (fn, ms) => ({ id: setTimeout(fn, ms) }),
  clearTimer: (handle) => clearTimeout(handle.id as ReturnType<typeof setTimeout>),
};

/** setTimeout's longest delay (about 24.8 days); a later instant is reached in steps. */
const MAX_DELAY_MS = 2 ** 31 - 1;

/**
 * Calls `fn` at `when` (at once when it is past): a timer that fires early or is longer than setTimeout takes is
 * re-armed for the rest, so `fn` never runs before `when` by the source's clock. Returns how to cancel it.
 */
export function callAt(time: TimeSource, when: Date, fn: () => void): () => void {
  let handle: TimerHandle | null = null;
  let cancelled = false;
  const arm = () => {
    const left = when.getTime() - time.now().getTime();
    if (left <= 0) {
      handle = null;
      if (!cancelled) fn();
      return;
    }
    handle = time.setTimer(arm, Math.min(left, MAX_DELAY_MS));
  };
  arm();
  return () => {
    cancelled = true;
    if (handle) time.clearTimer(handle);
    handle = null;
  };
}

/**
 * A clock that moves only when told to, for tests and simulations: `advance` runs the timers that come due in
 * order, each at its own instant, and lets the promises they start settle before the next one.
 */
export class ManualTime implements TimeSource {
  private current: number;
  private timers: Array<{ id: number; at: number; fn: () => void }> = [];
  private nextId = 0;

  constructor(start: Date) {
    this.current = start.getTime();
  }

  now(): Date {
    return new Date(this.current);
  }

  setTimer(fn: () => void, ms: number): TimerHandle {
    const id = this.nextId++;
    this.timers.push({ id, at: this.current + Math.max(0, ms), fn });
    return { id };
  }

  clearTimer(handle: TimerHandle): void {
    this.timers = this.timers.filter((t) => t.id !== handle.id);
  }

  /** How many timers are armed. */
  get pending(): number {
    return this.timers.length;
  }

  /** Moves the clock `ms` forward, firing what comes due (timers armed meanwhile included). */
  async advance(ms: number): Promise<void> {
    const target = this.current + ms;
    await settle();
    for (;;) {
      const due = this.timers.filter((t) => t.at <= target).sort((a, b) => a.at - b.at || a.id - b.id)[0];
      if (!due) break;
      this.timers = this.timers.filter((t) => t !== due);
      this.current = Math.max(this.current, due.at);
      due.fn();
      await settle();
    }
    this.current = target;
    await settle();
  }
}

/** Lets pending promise chains (a fake store's, a fake run's) run to their next wait on a timer. */
export async function settle(turns = 20): Promise<void> {
  for (let i = 0; i < turns; i++) await new Promise<void>((resolve) => setImmediate(resolve));
}
