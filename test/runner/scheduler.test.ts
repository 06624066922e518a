/**
 * The scheduler on a manual clock (no sleeps): cadence, one run per rule at a time (a late one delayed and logged),
 * the concurrency bound and its FIFO, the per-rule timeout, stop with its grace, and a restart from saved state.
 */
import { expect } from 'chai';
import { memoryLogger } from '../../src/logging/logger.js';
import type { LoadedRule } from '../../src/rules/loaded-rule.js';
import { RunnerMetrics } from '../../src/runner/metrics.js';
import { Scheduler, type TickContext } from '../../src/runner/scheduler.js';
import { ManualTime, callAt, type TimeSource } from '../../src/runner/ticker.js';
import type { RuleState } from '../../src/store/stores.js';
import { loadedRule } from '../support/loaded-rule.js';

const MIN = 60_000;
const T0 = new Date(Date.UTC(2026, 5, 1, 12, 0, 0));
const at = (ms: number) => new Date(T0.getTime() + ms).toISOString();

/** Resolves `ms` later on `time`, or rejects when `signal` aborts first. */
function sleep(time: TimeSource, ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const cancel = callAt(time, new Date(time.now().getTime() + ms), resolve);
    signal?.addEventListener('abort', () => {
      cancel();
      reject(signal.reason as Error);
    });
  });
}

/** Records every run: which rule, when due, when started and ended, and how many ran at once. */
function recorder(time: ManualTime, durationMs: (rule: LoadedRule) => number, honourAbort = true) {
  const runs: Array<{
    ruleId: string;
    scheduledAt: string;
    startedAt: string;
    endedAt?: string;
    aborted?: string;
  }> = [];
  let now = 0;
  let most = 0;
  const perRule = new Map<string, number>();
  let mostPerRule = 0;
  const run = async (rule: LoadedRule, ctx: TickContext) => {
    const rec = {
      ruleId: rule.rule.rule_id,
      scheduledAt: ctx.scheduledAt.toISOString(),
      startedAt: ctx.startedAt.toISOString(),
    } as (typeof runs)[number];
    runs.push(rec);
    most = Math.max(most, ++now);
    const n = (perRule.get(rec.ruleId) ?? 0) + 1;
    perRule.set(rec.ruleId, n);
    mostPerRule = Math.max(mostPerRule, n);
    try {
      await sleep(time, durationMs(rule), honourAbort ? ctx.signal : undefined);
    } catch (e) {
      rec.aborted = (e as Error).message;
    } finally {
      rec.endedAt = time.now().toISOString();
      now--;
      perRule.set(rec.ruleId, perRule.get(rec.ruleId)! - 1);
    }
  };
  return { runs, run, most: () => most, mostPerRule: () => mostPerRule };
}

const noState = { get: async () => null };

describe('Scheduler (manual clock)', () => {
  it('runs each enabled rule at start and every interval after a run’s start', async () => {
    const time = new ManualTime(T0);
    const r = recorder(time, () => 10_000);
    const rules = [
      loadedRule('a', { interval: '5m' }),
      loadedRule('b', { interval: '2m' }),
      loadedRule('off', { enabled: false }),
    ];
    const s = new Scheduler({ rules, state: noState, run: r.run, time });
    await s.start();
    await time.advance(11 * MIN);
    const starts = (id: string) => r.runs.filter((x) => x.ruleId === id).map((x) => x.startedAt);
    expect(starts('a')).to.deep.equal([at(0), at(5 * MIN), at(10 * MIN)]);
    expect(starts('b')).to.deep.equal([0, 2, 4, 6, 8, 10].map((m) => at(m * MIN)));
    expect(starts('off')).to.deep.equal([]);
    expect(s.status()).to.include({ rules: 2, running: 0, lastTickAt: at(10 * MIN) });
    await s.stop({ graceMs: MIN });
  });

  it('never runs a rule twice at once: a run longer than the interval delays the next, logged at info', async () => {
    const time = new ManualTime(T0);
    const logger = memoryLogger('info');
    const r = recorder(time, () => 7 * MIN);
    const s = new Scheduler({
      rules: [loadedRule('slow', { interval: '5m' })],
      state: noState,
      run: r.run,
      time,
      logger,
      timeoutMs: 30 * MIN,
    });
    await s.start();
    await time.advance(20 * MIN);
    expect(r.mostPerRule()).to.equal(1);
    expect(r.runs.map((x) => [x.scheduledAt, x.startedAt])).to.deep.equal([
      [at(0), at(0)],
      [at(5 * MIN), at(7 * MIN)], // due at 5m, started when the first ended
      [at(12 * MIN), at(14 * MIN)],
    ]);
    const delayed = logger.entries.filter((e) => e.message.startsWith('delayed'));
    expect(delayed.map((e) => [e.level, e.fields.ruleId, e.fields.dueAt])).to.deep.equal([
      ['info', 'slow', at(5 * MIN)],
      ['info', 'slow', at(12 * MIN)],
      ['info', 'slow', at(19 * MIN)], // the third run, started at 14m, is still going at 20m
    ]);
    await s.stop({ graceMs: 0 });
  });

  it('bounds runs over all rules by --concurrency, starting due runs first in first out', async () => {
    const time = new ManualTime(T0);
    const metrics = new RunnerMetrics();
    const r = recorder(time, () => MIN);
    const rules = ['r1', 'r2', 'r3', 'r4', 'r5'].map((id) => loadedRule(id, { interval: '1h' }));
    const s = new Scheduler({ rules, state: noState, run: r.run, time, concurrency: 2, metrics });
    await s.start();
    expect(s.status()).to.include({ running: 2, queued: 3 });
    await time.advance(3 * MIN);
    expect(r.most()).to.equal(2);
    expect(r.runs.map((x) => [x.ruleId, x.startedAt])).to.deep.equal([
      ['r1', at(0)],
      ['r2', at(0)],
      ['r3', at(MIN)],
      ['r4', at(MIN)],
      ['r5', at(2 * MIN)],
    ]);
    const text = await metrics.registry.metrics();
    expect(text).to.match(/rule_runner_schedule_delay_seconds_count 5/);
    expect(text).to.match(/rule_runner_schedule_delay_seconds_sum 240/); // 0 + 0 + 60 + 60 + 120
    expect(text).to.match(/rule_runner_rules_loaded 5/);
    expect(text).to.match(/rule_runner_runs_in_progress 0/);
    await s.stop({ graceMs: 0 });
  });

  it('aborts a run’s signal at the per-rule timeout', async () => {
    const time = new ManualTime(T0);
    const metrics = new RunnerMetrics();
    const r = recorder(time, () => 10 * MIN);
    const rules = [loadedRule('t', { interval: '1h' })];
    const s = new Scheduler({ rules, state: noState, run: r.run, time, timeoutMs: 30_000, metrics });
    await s.start();
    await time.advance(MIN);
    expect(r.runs).to.have.length(1);
    expect(r.runs[0]).to.include({ endedAt: at(30_000) });
    expect(r.runs[0]!.aborted).to.match(/timed out after 30000ms/);
    expect(await metrics.registry.metrics()).to.match(/rule_runner_run_timeouts_total 1/);
    expect(s.status().running).to.equal(0);
    await s.stop({ graceMs: 0 });
  });

  it('stop leaves no timer behind for a rule that ran at once (no state: due when the scheduler starts)', async () => {
    // the first run began inside the arming call and armed the next: that timer's cancel was overwritten, so
    // a daemon stopped by Ctrl-C before the next interval stayed up until it fired
    const time = new ManualTime(T0);
    const r = recorder(time, () => 1000);
    const s = new Scheduler({
      rules: [loadedRule('a', { interval: '5m' })],
      state: noState,
      run: r.run,
      time,
      concurrency: 1,
    });
    await s.start();
    await time.advance(MIN);
    expect(r.runs).to.have.length(1);
    await s.stop({ graceMs: 0 });
    expect(time.pending).to.equal(0);
  });

  it('stop starts nothing new and waits for the running runs to finish', async () => {
    const time = new ManualTime(T0);
    const r = recorder(time, () => 2 * MIN);
    const rules = [loadedRule('a', { interval: '5m' }), loadedRule('b', { interval: '5m' })];
    const s = new Scheduler({ rules, state: noState, run: r.run, time, concurrency: 1 });
    await s.start();
    await time.advance(MIN);
    let stoppedAt: string | null = null;
    void s.stop({ graceMs: 10 * MIN }).then(() => (stoppedAt = time.now().toISOString()));
    await time.advance(30_000);
    expect(stoppedAt).to.equal(null);
    await time.advance(30 * MIN);
    expect(stoppedAt).to.equal(at(2 * MIN));
    // b was queued behind a: dropped, not started
    expect(r.runs.map((x) => [x.ruleId, x.startedAt, x.endedAt, x.aborted])).to.deep.equal([
      ['a', at(0), at(2 * MIN), undefined],
    ]);
    expect(time.pending).to.equal(0);
  });

  it('stop aborts the runs still going when the grace is over, and resolves when they have ended', async () => {
    const time = new ManualTime(T0);
    const r = recorder(time, () => 10 * MIN);
    const s = new Scheduler({ rules: [loadedRule('a')], state: noState, run: r.run, time });
    await s.start();
    let stopped = false;
    void s.stop({ graceMs: 20_000 }).then(() => (stopped = true));
    await time.advance(19_000);
    expect(stopped).to.equal(false);
    await time.advance(1_000);
    expect(stopped).to.equal(true);
    expect(r.runs[0]).to.include({ endedAt: at(20_000), aborted: 'the runner is shutting down' });
  });

  it('a restarted scheduler continues at lastStartedAt + interval, or now when that is past', async () => {
    const time = new ManualTime(T0);
    const r = recorder(time, () => 1000);
    const states: Record<string, Partial<RuleState>> = {
      'uuid-recent': { lastStartedAt: at(-2 * MIN) },
      'uuid-old': { lastStartedAt: at(-60 * MIN) },
    };
    const state = { get: async (uuid: string) => (states[uuid] as RuleState | undefined) ?? null };
    const rules = ['recent', 'old', 'new'].map((id) => loadedRule(id, { interval: '5m' }));
    const s = new Scheduler({ rules, state, run: r.run, time });
    await s.start();
    await time.advance(4 * MIN);
    expect(r.runs.map((x) => [x.ruleId, x.scheduledAt, x.startedAt])).to.deep.equal([
      ['old', at(0), at(0)],
      ['new', at(0), at(0)],
      ['recent', at(3 * MIN), at(3 * MIN)],
    ]);
    await s.stop({ graceMs: 0 });
  });

  it('a run that throws is logged and the schedule goes on', async () => {
    const time = new ManualTime(T0);
    const logger = memoryLogger('info');
    const metrics = new RunnerMetrics();
    let calls = 0;
    const run = async () => {
      calls++;
      throw new Error('boom');
    };
    const s = new Scheduler({
      rules: [loadedRule('x', { interval: '1m' })],
      state: noState,
      run,
      time,
      logger,
      metrics,
    });
    await s.start();
    await time.advance(2 * MIN);
    expect(calls).to.equal(3);
    expect(await metrics.registry.metrics()).to.match(/^rule_runner_runs_total\{status="failed"\} 3$/m);
    expect(logger.entries.filter((e) => e.level === 'error').map((e) => e.fields.error)).to.deep.equal([
      'boom',
      'boom',
      'boom',
    ]);
    await s.stop({ graceMs: 0 });
  });
});
