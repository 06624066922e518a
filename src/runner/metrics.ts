/**
 * The daemon's Prometheus metrics, through prom-client on a Registry of its own (never the global one, so that
 * two runners in one process, or a test, do not share series). Names follow Prometheus conventions: `_total` for
 * counters, seconds for time. Labels are kept to the run's status so that 100 rules do not make 100 series each.
 */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { ExecutionResult } from './execution.js';

/** Run durations run from a fraction of a second to the 5-minute timeout; schedule delays likewise. */
const SECONDS_BUCKETS = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600];

export class RunnerMetrics {
  readonly registry = new Registry();
  readonly runs: Counter<'status'>;
  readonly alertsWritten: Counter;
  readonly duplicates: Counter;
  readonly truncatedRuns: Counter;
  readonly truncatedAlerts: Counter;
  readonly writeFailures: Counter;
  readonly gaps: Counter;
  readonly gapSeconds: Counter;
  readonly timeouts: Counter;
  readonly runDuration: Histogram;
  readonly scheduleDelay: Histogram;
  readonly rulesLoaded: Gauge;
  readonly runsInProgress: Gauge;

  /** `processMetrics` adds prom-client's process and Node.js series (CPU, memory, event-loop lag). */
  constructor(opts: { processMetrics?: boolean } = {}) {
    const registers = [this.registry];
    const counter = (name: string, help: string) => new Counter({ name, help, registers });
    this.runs = new Counter({
      name: 'rule_runner_runs_total',
      help: 'Rule executions (one per window: catch-up windows count) by their final status',
      labelNames: ['status'],
      registers,
    });
    this.alertsWritten = counter('rule_runner_alerts_written_total', 'Alert documents created');
    this.duplicates = counter(
      'rule_runner_alerts_duplicate_total',
      'Alerts not written because their id was already in the alerts index',
    );
    this.truncatedRuns = counter(
      'rule_runner_runs_truncated_total',
      'Executions that found more alerts than max_signals',
    );
    this.truncatedAlerts = counter(
      'rule_runner_alerts_truncated_total',
      'Alerts not written because of max_signals',
    );
    this.writeFailures = counter(
      'rule_runner_alert_write_failures_total',
      'Alerts that still failed to be written after retries',
    );
    this.gaps = counter('rule_runner_gaps_total', 'Gaps recorded (time no run searched)');
    this.gapSeconds = counter('rule_runner_gap_seconds_total', 'Seconds of gaps recorded');
    this.timeouts = counter('rule_runner_run_timeouts_total', 'Runs aborted by the per-rule timeout');
    this.runDuration = new Histogram({
      name: 'rule_runner_run_duration_seconds',
      help: 'Duration of one execution (one window)',
      buckets: SECONDS_BUCKETS,
      registers,
    });
    this.scheduleDelay = new Histogram({
      name: 'rule_runner_schedule_delay_seconds',
      help: 'How late a scheduled run started after it was due',
      buckets: SECONDS_BUCKETS,
      registers,
    });
    this.rulesLoaded = new Gauge({
      name: 'rule_runner_rules_loaded',
      help: 'Enabled rules on the schedule',
      registers,
    });
    this.runsInProgress = new Gauge({
      name: 'rule_runner_runs_in_progress',
      help: 'Rule runs going on now',
      registers,
    });
    if (opts.processMetrics) collectDefaultMetrics({ register: this.registry });
  }

  /** What one execution did. */
  recordExecution(result: ExecutionResult): void {
    const c = result.counts;
    this.runs.inc({ status: result.status });
    this.alertsWritten.inc(c.alertsCreated);
    this.duplicates.inc(c.duplicatesSkipped);
    if (c.truncated > 0) {
      this.truncatedRuns.inc();
      this.truncatedAlerts.inc(c.truncated);
    }
    this.writeFailures.inc(c.writeFailures);
    this.runDuration.observe(result.durations.totalMs / 1000);
  }

  /** A run that could not execute at all (its state unreadable, its executor threw): a failed run. */
  recordFailedRun(): void {
    this.runs.inc({ status: 'failed' });
  }

  recordGap(gapMs: number): void {
    this.gaps.inc();
    this.gapSeconds.inc(gapMs / 1000);
  }

  /** The text format Prometheus scrapes, and its content type. */
  async text(): Promise<{ contentType: string; body: string }> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }
}
