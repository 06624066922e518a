/**
 * One scheduled tick with a fake ExecuteRule and in-memory stores: the catch-up after a missed hour (4 extra
 * windows oldest first, one gap with Kibana's range and message), the state written only after the executions (a
 * crash mid-tick redoes the same windows), statuses as Kibana combines them, and an aborted tick keeping its state.
 */
import { expect } from 'chai';
import { memoryLogger, nullLogger } from '../../src/logging/logger.js';
import type { ExecutionRequest, ExecutionResult } from '../../src/runner/execution.js';
import { RunnerMetrics } from '../../src/runner/metrics.js';
import { runScheduledTick, type ScheduledRunDeps } from '../../src/runner/scheduled-run.js';
import type { TickContext } from '../../src/runner/scheduler.js';
import { memoryData, memoryStores } from '../../src/store/memory.js';
import type { RuleState, Stores } from '../../src/store/stores.js';
import { gapMessage } from '../../src/time/catch-up.js';
import { loadedRule } from '../support/loaded-rule.js';

const MIN = 60_000;
const T0 = new Date(Date.UTC(2026, 5, 1, 12, 0, 0));
const at = (ms: number) => new Date(T0.getTime() + ms).toISOString();

// one rule throughout: rule.json's schedule (every 5m, from now-9m)
const ruleR1 = (extra: Record<string, unknown> = {}) =>
  loadedRule('r1', { name: 'Rule one', interval: '5m', from: 'now-9m', ...extra });

/**
 * The memory stores from main (Elasticsearch's semantics: state written only over the version last read, gaps
 * replaced by id); `states` and `gaps` read their data, `restart()` is a new runner's stores over the same data.
 */
function fakeStores(initial?: Partial<RuleState>) {
  const data = memoryData();
  if (initial)
    data.state.set('uuid-r1', {
      state: { ruleUuid: 'uuid-r1', ruleId: 'r1', name: 'Rule one', updatedAt: at(-MIN), ...initial },
      version: 1,
    });
  const states = { get: (uuid: string) => data.state.get(uuid)?.state };
  return { stores: memoryStores(data), states, gaps: data.gaps, restart: () => memoryStores(data) };
}

type Outcome = Partial<Pick<ExecutionResult, 'status' | 'warnings' | 'error'>> | Error;

/** An ExecuteRule that records its requests (and the state it saw) and answers with `outcomes[i]` or success. */
function fakeExecute(
  stores: Stores,
  outcomes: Outcome[] = [],
  onCall?: (i: number) => Promise<never> | void,
) {
  const calls: Array<{ request: ExecutionRequest; signal?: AbortSignal; stateSeen: string | undefined }> = [];
  const execute = async (
    request: ExecutionRequest,
    deps: { signal?: AbortSignal },
  ): Promise<ExecutionResult> => {
    const i = calls.length;
    calls.push({
      request,
      signal: deps.signal,
      stateSeen: (await stores.state.get('uuid-r1'))?.lastStartedAt,
    });
    const hang = onCall?.(i);
    if (hang) await hang;
    const o = outcomes[i] ?? {};
    if (o instanceof Error) throw o;
    return {
      executionUuid: `exec-${i}`,
      status: o.status ?? 'succeeded',
      warnings: o.warnings ?? [],
      ...(o.error ? { error: o.error } : {}),
      window: request.window!,
      counts: {
        eventsScanned: 10,
        matches: 2,
        alertsCreated: 2,
        duplicatesSkipped: 1,
        truncated: 0,
        writeFailures: 0,
      },
      durations: { searchMs: 5, indexingMs: 3, totalMs: 1500 },
    };
  };
  return { calls, execute };
}

function deps(
  stores: Stores,
  execute: ScheduledRunDeps['execute'],
  metrics?: RunnerMetrics,
): ScheduledRunDeps {
  const execution = {
    events: { kind: 'files' as const, paths: [] },
    stores,
    clock: () => new Date(T0.getTime() + 2000),
    spaceId: 'default',
    kibanaVersion: '9.4.0',
  };
  return { execute, execution, ...(metrics ? { metrics } : {}) };
}

function tick(signal = new AbortController().signal, logger = nullLogger): TickContext {
  return { scheduledAt: new Date(T0.getTime() - 1000), startedAt: T0, signal, logger };
}

describe('runScheduledTick', () => {
  it('a missed hour: 4 catch-up executions and the current one, oldest first, and one gap with Kibana’s range', async () => {
    // the last run started 65 minutes ago: gap = 65m − 9m = 56m; 4 × 5m caught up; 36m remain
    const { stores, states, gaps } = fakeStores({ lastStartedAt: at(-65 * MIN), lastStatus: 'succeeded' });
    const { calls, execute } = fakeExecute(stores);
    const metrics = new RunnerMetrics();
    const logger = memoryLogger('info');
    const r = await runScheduledTick(ruleR1(), tick(undefined, logger), deps(stores, execute, metrics));

    expect(
      calls.map((c) => [
        c.request.runAt.toISOString(),
        c.request.window!.start.toISOString(),
        c.request.window!.end.toISOString(),
      ]),
    ).to.deep.equal([20, 15, 10, 5, 0].map((k) => [at(-k * MIN), at(-(k + 9) * MIN), at(-k * MIN)]));
    for (const c of calls) {
      expect(c.request).to.include({ executionType: 'scheduled' });
      expect(c.request.intendedTimestamp.getTime()).to.equal(c.request.runAt.getTime());
      expect(c.request.scheduledAt.toISOString()).to.equal(at(-1000));
      expect(c.request.rule.uuid).to.equal('uuid-r1');
    }
    expect([...gaps.values()]).to.deep.equal([
      {
        id: `uuid-r1:${at(-65 * MIN)}`,
        ruleUuid: 'uuid-r1',
        ruleId: 'r1',
        range: { gte: at(-65 * MIN), lte: at(-29 * MIN) },
        status: 'unfilled',
        filledIntervals: [],
        recordedAt: at(2000),
      },
    ]);
    const message = gapMessage(36 * MIN);
    expect(message).to.match(/^36 minutes \(2160000ms\) were not queried/);
    expect(r).to.include({ status: 'failed', completed: true, message });
    expect(states.get('uuid-r1')).to.deep.include({
      lastStartedAt: at(0),
      lastStatus: 'failed',
      lastMessage: message,
      lastExecutionUuid: 'exec-4',
    });
    expect(states.get('uuid-r1')!.lastSucceededAt).to.equal(undefined);
    expect(logger.entries.find((e) => e.level === 'error')?.message).to.equal(message);

    const text = await metrics.registry.metrics();
    expect(text).to.match(/^rule_runner_gaps_total 1$/m);
    expect(text).to.match(/^rule_runner_gap_seconds_total 2160$/m);
    expect(text).to.match(/^rule_runner_runs_total\{status="succeeded"\} 5$/m);
    expect(text).to.match(/^rule_runner_alerts_written_total 10$/m);
    expect(text).to.match(/^rule_runner_alerts_duplicate_total 5$/m);
    expect(text).to.match(/^rule_runner_run_duration_seconds_count 5$/m);
  });

  it('writes the state only after the executions, so a crash mid-tick redoes the same windows and gap', async () => {
    const { stores, states, gaps, restart } = fakeStores({ lastStartedAt: at(-65 * MIN) });
    // the "crash": the process dies in the third execution (here: the tick never gets past it)
    const crash = new Promise<never>(() => {});
    const first = fakeExecute(stores, [], (i) => (i === 2 ? crash : undefined));
    void runScheduledTick(ruleR1(), tick(), deps(stores, first.execute));
    await new Promise((r) => setImmediate(r));
    expect(first.calls).to.have.length(3);
    expect(first.calls.every((c) => c.stateSeen === at(-65 * MIN))).to.equal(true);
    expect(states.get('uuid-r1')!.lastStartedAt).to.equal(at(-65 * MIN));

    // the restarted runner's tick at the same instant: the same five windows, the same gap (rewritten, not added)
    const restarted = restart();
    const again = fakeExecute(restarted);
    await runScheduledTick(ruleR1(), tick(), deps(restarted, again.execute));
    expect(again.calls.map((c) => c.request.runAt.toISOString())).to.deep.equal(
      first.calls.map((c) => c.request.runAt.toISOString()).concat([at(-5 * MIN), at(0)]),
    );
    expect(gaps.size).to.equal(1);
    expect(states.get('uuid-r1')!.lastStartedAt).to.equal(at(0));
  });

  const statusCases: Array<{
    name: string;
    previousMs: number | null;
    outcomes: Outcome[];
    status: string;
    message: string | RegExp;
    calls: number;
  }> = [
    {
      name: 'first run: one window, succeeded',
      previousMs: null,
      outcomes: [],
      status: 'succeeded',
      message: 'Rule execution completed successfully',
      calls: 1,
    },
    {
      name: 'on time: one window',
      previousMs: 5 * MIN,
      outcomes: [],
      status: 'succeeded',
      message: 'Rule execution completed successfully',
      calls: 1,
    },
    {
      name: '14 minutes late: one catch-up, no gap',
      previousMs: 14 * MIN,
      outcomes: [],
      status: 'succeeded',
      message: 'Rule execution completed successfully',
      calls: 2,
    },
    {
      name: 'a warning in one window makes the tick a partial failure',
      previousMs: 14 * MIN,
      outcomes: [{}, { status: 'partial failure', warnings: ['This rule reached the maximum alert limit'] }],
      status: 'partial failure',
      message: 'This rule reached the maximum alert limit',
      calls: 2,
    },
    {
      name: 'an error thrown by an execution fails the tick; the other windows still run',
      previousMs: 14 * MIN,
      outcomes: [new Error('index_not_found')],
      status: 'failed',
      message: 'An error occurred during rule execution: message: "index_not_found"',
      calls: 2,
    },
  ];
  for (const c of statusCases)
    it(c.name, async () => {
      const { stores, states } = fakeStores(
        c.previousMs === null ? undefined : { lastStartedAt: at(-c.previousMs) },
      );
      const { calls, execute } = fakeExecute(stores, c.outcomes);
      const r = await runScheduledTick(ruleR1(), tick(), deps(stores, execute));
      expect(calls).to.have.length(c.calls);
      expect(r.status).to.equal(c.status);
      expect(r.message).to.match(
        typeof c.message === 'string'
          ? new RegExp(`^${c.message.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`)
          : c.message,
      );
      const s = states.get('uuid-r1')!;
      expect(s).to.include({ lastStartedAt: at(0), lastStatus: c.status, ruleId: 'r1', name: 'Rule one' });
      expect(s.lastSucceededAt).to.equal(c.status === 'succeeded' ? at(2000) : undefined);
    });

  it('an aborted tick stops before its next window and keeps the previous lastStartedAt', async () => {
    const { stores, states } = fakeStores({ lastStartedAt: at(-20 * MIN) });
    const controller = new AbortController();
    const { calls, execute } = fakeExecute(stores, [], (i) => {
      if (i === 1) controller.abort(new Error('the runner is shutting down'));
    });
    const r = await runScheduledTick(ruleR1(), tick(controller.signal), deps(stores, execute));
    expect(calls).to.have.length(2); // of 4 (gap 20m − 9m = 11m: 3 catch-ups), the abort came in the second
    expect(calls[0]!.signal).to.equal(controller.signal);
    expect(r.completed).to.equal(false);
    expect(states.get('uuid-r1')).to.include({
      lastStartedAt: at(-20 * MIN),
      lastStatus: 'failed',
      lastExecutionUuid: 'exec-1',
    });
    expect(states.get('uuid-r1')!.lastMessage).to.match(/^aborted: the runner is shutting down; /);
  });
});
