/**
 * The daemon's schedule: every enabled rule runs every `interval`, as Kibana's Task Manager runs a rule's task.
 * - The next run is due `interval` after a run's start, never earlier than now; a restarted scheduler continues
 *   at the state's `lastStartedAt + interval` (at once when that is past: the run then catches up).
 * - Never two runs of one rule at once: a run still going when the next comes due delays it (logged at info as
 *   "delayed") until it ends, then it starts; it is not doubled and not dropped.
 * - At most `concurrency` runs over all rules (Kibana's default capacity, 10); due runs wait in a FIFO.
 * - A run longer than `timeoutMs` (Kibana's 5 minutes) has its AbortSignal aborted; the execution layer passes
 *   the signal to the client, which cancels the searches. The slot is held until the run has really ended.
 * - `stop`: nothing new starts (due runs that wait are dropped: a restart catches them up), running ones finish,
 *   and after `graceMs` they are aborted; it resolves when every run has ended.
 * Timers come from an injected TimeSource (ticker.ts), so tests drive the schedule with a manual clock.
 */
import type { Logger } from '../logging/logger.js';
import { nullLogger } from '../logging/logger.js';
import type { LoadedRule } from '../rules/loaded-rule.js';
import type { StateStore } from '../store/stores.js';
import { durationMs } from '../time/duration.js';
import type { RunnerMetrics } from './metrics.js';
import { callAt, systemTime, type TimeSource } from './ticker.js';

export const DEFAULT_CONCURRENCY = 10;
export const DEFAULT_TIMEOUT_MS = 5 * 60_000;

/** What one tick of one rule is handed. */
export interface TickContext {
  /** When it was due (the schedule delay is startedAt − scheduledAt). */
  scheduledAt: Date;
  startedAt: Date;
  /** Aborted on the per-rule timeout and after the shutdown grace. */
  signal: AbortSignal;
  /** The rule's child logger (`ruleId`, `ruleUuid`). */
  logger: Logger;
}

/** Runs one tick of one rule (scheduled-run.ts); a rejection is logged, the schedule goes on. */
export type RunTick = (rule: LoadedRule, ctx: TickContext) => Promise<unknown>;

export interface SchedulerOptions {
  rules: LoadedRule[];
  /** Where each rule's last start is read when the scheduler starts. */
  state: Pick<StateStore, 'get'>;
  run: RunTick;
  time?: TimeSource;
  concurrency?: number;
  timeoutMs?: number;
  logger?: Logger;
  metrics?: RunnerMetrics;
}

export interface SchedulerStatus {
  rules: number;
  running: number;
  queued: number;
  /** The start of the latest run, ISO; null before the first. */
  lastTickAt: string | null;
  stopping: boolean;
}

interface Entry {
  rule: LoadedRule;
  intervalMs: number;
  logger: Logger;
  cancelTimer: (() => void) | null;
  /** The run going on, if any. */
  running: { done: Promise<void>; controller: AbortController } | null;
  /** Due while a run was still going: when it was due. */
  delayedSince: Date | null;
  queued: boolean;
}

export class Scheduler {
  private readonly time: TimeSource;
  private readonly concurrency: number;
  private readonly timeoutMs: number;
  private readonly logger: Logger;
  private readonly entries: Entry[];
  private readonly queue: Array<{ entry: Entry; scheduledAt: Date }> = [];
  private runningCount = 0;
  private lastTickAt: Date | null = null;
  private stopping = false;
  private started = false;

  constructor(private readonly opts: SchedulerOptions) {
    this.time = opts.time ?? systemTime;
    this.concurrency = opts.concurrency ?? DEFAULT_CONCURRENCY;
    this.timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    if (!Number.isInteger(this.concurrency) || this.concurrency < 1)
      throw new Error(`concurrency must be a whole number from 1, not ${this.concurrency}`);
    this.logger = opts.logger ?? nullLogger;
    this.entries = opts.rules
      .filter((r) => r.rule.enabled)
      .map((rule) => ({
        rule,
        intervalMs: durationMs(rule.rule.interval),
        logger: this.logger.child({ ruleId: rule.rule.rule_id, ruleUuid: rule.uuid }),
        cancelTimer: null,
        running: null,
        delayedSince: null,
        queued: false,
      }));
  }

  /** Arms every enabled rule: at `lastStartedAt + interval` from its state, or now. */
  async start(): Promise<void> {
    if (this.started) throw new Error('the scheduler was started already');
    this.started = true;
    this.opts.metrics?.rulesLoaded.set(this.entries.length);
    for (const entry of this.entries) {
      let due = this.time.now();
      try {
        const state = await this.opts.state.get(entry.rule.uuid);
        if (state?.lastStartedAt) {
          const next = Date.parse(state.lastStartedAt) + entry.intervalMs;
          if (Number.isFinite(next) && next > due.getTime()) due = new Date(next);
        }
      } catch (e) {
        entry.logger.error('could not read the rule state; running it now', { error: String(e) });
      }
      if (this.stopping) return;
      entry.logger.info('scheduled', { nextRunAt: due.toISOString(), interval: entry.rule.rule.interval });
      this.arm(entry, due);
    }
  }

  status(): SchedulerStatus {
    return {
      rules: this.entries.length,
      running: this.runningCount,
      queued: this.queue.length,
      lastTickAt: this.lastTickAt?.toISOString() ?? null,
      stopping: this.stopping,
    };
  }

  /** No new runs; running ones get `graceMs` to finish, then are aborted; resolves when all have ended. */
  async stop(opts: { graceMs: number }): Promise<void> {
    this.stopping = true;
    for (const entry of this.entries) {
      entry.cancelTimer?.();
      entry.cancelTimer = null;
      entry.delayedSince = null;
      entry.queued = false;
    }
    if (this.queue.length > 0)
      this.logger.info('not starting due runs: shutting down', { dropped: this.queue.length });
    this.queue.length = 0;
    const running = this.entries.flatMap((e) => (e.running ? [e.running] : []));
    if (running.length === 0) return;
    this.logger.info('waiting for running rules to finish', {
      running: running.length,
      graceMs: opts.graceMs,
    });
    const cancelGrace = callAt(this.time, new Date(this.time.now().getTime() + opts.graceMs), () => {
      this.logger.warn('shutdown grace is over: aborting the running rules', { running: this.runningCount });
      for (const r of running) r.controller.abort(new Error('the runner is shutting down'));
    });
    await Promise.all(running.map((r) => r.done));
    cancelGrace();
  }

  private arm(entry: Entry, when: Date): void {
    entry.cancelTimer?.();
    entry.cancelTimer = null;
    let fired = false;
    const cancel = callAt(this.time, when, () => {
      fired = true;
      entry.cancelTimer = null;
      this.due(entry, when);
    });
    // a time already past runs `due` inside callAt, and the run it begins arms the next: keep that timer's cancel
    if (!fired) entry.cancelTimer = cancel;
  }

  private due(entry: Entry, scheduledAt: Date): void {
    if (this.stopping || entry.queued) return;
    if (entry.running) {
      if (!entry.delayedSince) {
        entry.delayedSince = scheduledAt;
        entry.logger.info('delayed: the previous run is still going', { dueAt: scheduledAt.toISOString() });
      }
      return;
    }
    entry.queued = true;
    this.queue.push({ entry, scheduledAt });
    this.pump();
  }

  private pump(): void {
    while (!this.stopping && this.runningCount < this.concurrency && this.queue.length > 0) {
      const { entry, scheduledAt } = this.queue.shift()!;
      entry.queued = false;
      this.begin(entry, scheduledAt);
    }
  }

  private begin(entry: Entry, scheduledAt: Date): void {
    const startedAt = this.time.now();
    this.lastTickAt = startedAt;
    this.runningCount++;
    this.opts.metrics?.runsInProgress.inc();
    this.opts.metrics?.scheduleDelay.observe(Math.max(0, startedAt.getTime() - scheduledAt.getTime()) / 1000);
    // Kibana's next run: interval after this start (a run longer than that is then delayed, not doubled)
    this.arm(entry, new Date(startedAt.getTime() + entry.intervalMs));

    const controller = new AbortController();
    const cancelTimeout = callAt(this.time, new Date(startedAt.getTime() + this.timeoutMs), () => {
      entry.logger.warn('run timed out: aborting it', { timeoutMs: this.timeoutMs });
      this.opts.metrics?.timeouts.inc();
      controller.abort(new Error(`the rule's run timed out after ${this.timeoutMs}ms`));
    });
    const ctx: TickContext = { scheduledAt, startedAt, signal: controller.signal, logger: entry.logger };
    const done = (async () => {
      try {
        await this.opts.run(entry.rule, ctx);
      } catch (e) {
        this.opts.metrics?.recordFailedRun();
        entry.logger.error('run failed', { error: e instanceof Error ? e.message : String(e) });
      } finally {
        cancelTimeout();
        this.runningCount--;
        this.opts.metrics?.runsInProgress.dec();
        entry.running = null;
        const delayed = entry.delayedSince;
        entry.delayedSince = null;
        if (delayed && !this.stopping) this.due(entry, delayed);
        this.pump();
      }
    })();
    entry.running = { done, controller };
  }
}
