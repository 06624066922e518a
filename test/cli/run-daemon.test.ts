/**
 * `rule-runner run` in-process, with the parts (rules, stores, the execution) handed in as memory ones, a manual
 * clock and an EventEmitter for the process's signals: it runs each enabled rule on schedule, serves /healthz and
 * /metrics, and on SIGTERM lets the running rule finish, saves the state and returns (exit 0); a second signal
 * aborts at once; bad flags and a taken port are the user's errors.
 */
import { EventEmitter } from 'node:events';
import { expect } from 'chai';
import { Command } from 'commander';
import { registerRun, type DaemonParts } from '../../src/cli/commands/run.js';
import type { CliIo } from '../../src/cli/program.js';
import type { LoadedRule } from '../../src/rules/loaded-rule.js';
import type { ExecutionRequest, ExecutionResult } from '../../src/runner/execution.js';
import { ManualTime, callAt, settle } from '../../src/runner/ticker.js';
import { memoryData, memoryStores } from '../../src/store/memory.js';
import type { RuleState } from '../../src/store/stores.js';
import { isUserError } from '../../src/errors.js';
import { runCli } from '../support/cli.js';
import { loadedRule } from '../support/loaded-rule.js';
import { tempDir } from '../support/tmp.js';

const MIN = 60_000;
const T0 = new Date(Date.UTC(2026, 5, 1, 12, 0, 0));
const at = (ms: number) => new Date(T0.getTime() + ms).toISOString();

function harness(opts: { runMs?: number; rules?: LoadedRule[]; states?: RuleState[] } = {}) {
  const time = new ManualTime(T0);
  // the memory stores from main, with Elasticsearch's semantics (state versions, gaps replaced by id)
  const data = memoryData();
  for (const st of opts.states ?? []) data.state.set(st.ruleUuid, { state: st, version: 1 });
  const stores = memoryStores(data);
  const states = { get: (uuid: string) => data.state.get(uuid)?.state };
  const gaps = data.gaps;
  const executions: Array<{ ruleId: string; runAt: string; endedAt?: string; aborted?: boolean }> = [];
  let closed = 0;
  const parts: DaemonParts = {
    rules: opts.rules ?? [
      loadedRule('a', { interval: '5m' }),
      loadedRule('b', { interval: '10m', from: 'now-11m' }),
      loadedRule('off', { enabled: false }),
    ],
    stores,
    events: { kind: 'files', paths: [] },
    kibanaVersion: '9.4.0',
    execute: async (request: ExecutionRequest, deps): Promise<ExecutionResult> => {
      const rec: (typeof executions)[number] = {
        ruleId: request.rule.rule.rule_id,
        runAt: request.runAt.toISOString(),
      };
      executions.push(rec);
      await new Promise<void>((resolve) => {
        const cancel = callAt(time, new Date(time.now().getTime() + (opts.runMs ?? 1000)), resolve);
        deps.signal?.addEventListener('abort', () => {
          cancel();
          rec.aborted = true;
          resolve();
        });
      });
      rec.endedAt = time.now().toISOString();
      return {
        executionUuid: `x-${executions.length}`,
        status: rec.aborted ? 'failed' : 'succeeded',
        warnings: [],
        window: request.window!,
        counts: {
          eventsScanned: 1,
          matches: 1,
          alertsCreated: 1,
          duplicatesSkipped: 0,
          truncated: 0,
          writeFailures: 0,
        },
        durations: { searchMs: 1, indexingMs: 1, totalMs: 1000 },
      };
    },
    close: async () => void closed++,
  };
  const signals = new EventEmitter();
  let stderr = '';
  const io: CliIo = { stdout: () => {}, stderr: (s) => (stderr += s), env: {} };
  const program = new Command('rule-runner')
    .exitOverride()
    .configureOutput({ writeErr: (s) => (stderr += s), writeOut: () => {} })
    .option('--log-format <format>', '', 'text')
    .option('--log-level <level>', '', 'info');
  registerRun(program, io, { resolveParts: async () => parts, signals, time });
  const logs = () =>
    stderr
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l) as Record<string, unknown>);
  return {
    time,
    states,
    gaps,
    executions,
    signals,
    program,
    logs,
    closed: () => closed,
    stderr: () => stderr,
  };
}

/** Every daemon a test started, stopped after it whatever happened, so that none outlives its test. */
const live: Array<{ h: ReturnType<typeof harness>; done: Promise<void> }> = [];

/** Starts `run` and waits until it logged that it started. */
async function startRun(h: ReturnType<typeof harness>, args: string[]) {
  let ended = false;
  let error: unknown;
  const done = h.program.parseAsync(['run', '--rules', 'x', ...args], { from: 'user' }).then(
    () => void (ended = true),
    (e: unknown) => {
      ended = true;
      error = e;
    },
  );
  // real time, not a count of turns: a loaded machine may take a while to load winston
  const deadline = Date.now() + 15_000;
  while (!ended && !h.logs().some((l) => l.message === 'rule runner started') && Date.now() < deadline)
    await settle();
  live.push({ h, done });
  return { done, ended: () => ended, error: () => error };
}

describe('rule-runner run (in-process, manual clock)', () => {
  afterEach(async () => {
    for (const { h, done } of live.splice(0)) {
      h.signals.emit('SIGTERM');
      h.signals.emit('SIGTERM');
      await h.time.advance(24 * 60 * MIN);
      await done;
    }
  });

  it('runs each enabled rule on schedule, serves /healthz and /metrics, and stops on SIGTERM with the state saved', async () => {
    const h = harness();
    const run = await startRun(h, ['--metrics-port', '0']);
    const started = h.logs().find((l) => l.message === 'rule runner started')!;
    expect(started).to.include({ rules: 2, disabled: 1, concurrency: 10, level: 'info' });
    const url = started.metricsUrl as string;
    expect(url).to.match(/^http:\/\/127\.0\.0\.1:\d+$/);

    await h.time.advance(11 * MIN);
    const runAts = (id: string) => h.executions.filter((e) => e.ruleId === id).map((e) => e.runAt);
    expect(runAts('a')).to.deep.equal([at(0), at(5 * MIN), at(10 * MIN)]);
    expect(runAts('b')).to.deep.equal([at(0), at(10 * MIN)]);
    expect(runAts('off')).to.deep.equal([]);

    const health = (await (await fetch(`${url}/healthz`)).json()) as Record<string, unknown>;
    expect(health).to.deep.include({ ok: true, rules: 2, running: 0, lastTick: at(10 * MIN) });
    const metrics = await (await fetch(`${url}/metrics`)).text();
    expect(metrics).to.match(/^rule_runner_runs_total\{status="succeeded"\} 5$/m);
    expect(metrics).to.match(/^rule_runner_alerts_written_total 5$/m);
    expect(metrics).to.include('process_cpu_user_seconds_total');

    // JSON logs with a child per rule and per run
    const executed = h.logs().filter((l) => l.message === 'rule executed');
    expect(executed).to.have.length(5);
    expect(executed.every((l) => typeof l.ruleId === 'string' && typeof l.executionId === 'string')).to.equal(
      true,
    );

    h.signals.emit('SIGTERM');
    await run.done;
    expect(run.error()).to.equal(undefined);
    expect(h.closed()).to.equal(1);
    expect(h.states.get('uuid-a')).to.include({ lastStartedAt: at(10 * MIN), lastStatus: 'succeeded' });
    expect(h.states.get('uuid-b')).to.include({ lastStartedAt: at(10 * MIN) });
    expect(h.logs().map((l) => l.message)).to.include.members([
      'SIGTERM: stopping',
      'rule runner stopped: state saved',
    ]);
    const refused = await fetch(`${url}/healthz`).then(
      () => 'answered',
      () => 'refused',
    );
    expect(refused).to.equal('refused');
  });

  it('on SIGINT a running rule finishes within the grace and its state is saved; nothing new starts', async () => {
    const h = harness({ runMs: 2 * MIN, rules: [loadedRule('a', { interval: '1m' })] });
    const run = await startRun(h, ['--shutdown-grace', '5m']);
    await h.time.advance(30_000);
    h.signals.emit('SIGINT');
    await h.time.advance(60_000);
    expect(run.ended()).to.equal(false);
    await h.time.advance(10 * MIN);
    await run.done;
    expect(h.executions).to.deep.equal([{ ruleId: 'a', runAt: at(0), endedAt: at(2 * MIN) }]);
    expect(h.states.get('uuid-a')).to.include({ lastStartedAt: at(0), lastStatus: 'succeeded' });
  });

  it('a second signal aborts the running rules at once; the aborted tick keeps the previous start', async () => {
    const h = harness({ runMs: 10 * MIN, rules: [loadedRule('a', { interval: '1h' })] });
    const run = await startRun(h, ['--shutdown-grace', '5m', '--timeout', '1h']);
    h.signals.emit('SIGTERM');
    await h.time.advance(MIN);
    expect(run.ended()).to.equal(false);
    h.signals.emit('SIGTERM');
    await settle();
    await run.done;
    expect(h.executions).to.deep.equal([{ ruleId: 'a', runAt: at(0), endedAt: at(MIN), aborted: true }]);
    const s = h.states.get('uuid-a')!;
    expect(s.lastStartedAt).to.equal(undefined);
    expect(s.lastMessage).to.match(/^aborted: the runner is shutting down/);
  });

  it('restarted after a missed hour: 4 catch-up runs oldest first, then the current one, and one gap', async () => {
    const h = harness({
      rules: [loadedRule('a', { interval: '5m', from: 'now-9m' })],
      states: [
        {
          ruleUuid: 'uuid-a',
          ruleId: 'a',
          name: 'Rule a',
          lastStartedAt: at(-65 * MIN),
          updatedAt: at(-65 * MIN),
        },
      ],
    });
    const run = await startRun(h, []);
    await h.time.advance(30_000);
    expect(h.executions.map((e) => e.runAt)).to.deep.equal([20, 15, 10, 5, 0].map((k) => at(-k * MIN)));
    expect([...h.gaps.values()].map((g) => [g.range, g.status])).to.deep.equal([
      [{ gte: at(-65 * MIN), lte: at(-29 * MIN) }, 'unfilled'],
    ]);
    expect(h.states.get('uuid-a')).to.include({ lastStartedAt: at(0), lastStatus: 'failed' });
    h.signals.emit('SIGTERM');
    await run.done;
  });

  const badFlags: Array<[string, string[], RegExp]> = [
    ['--concurrency 0', ['--concurrency', '0'], /--concurrency needs a whole number from 1/],
    ['--timeout 5 minutes', ['--timeout', '5 minutes'], /--timeout needs a duration such as 30s/],
    ['--timeout 0s', ['--timeout', '0s'], /--timeout needs a duration/],
    ['--shutdown-grace 1x', ['--shutdown-grace', '1x'], /--shutdown-grace needs a duration/],
    [
      '--metrics-port 70000',
      ['--metrics-port', '70000'],
      /--metrics-port needs a whole number from 0 to 65535/,
    ],
    ['--engine sql', ['--engine', 'sql'], /--engine must be one of auto, search, eql/],
  ];
  for (const [name, args, message] of badFlags)
    it(`refuses ${name}`, async () => {
      const h = harness();
      const run = await startRun(h, args);
      await run.done;
      expect(String(run.error())).to.match(/CommanderError/);
      expect(h.stderr()).to.match(message);
      expect(h.executions).to.have.length(0);
    });

  it('needs --rules', async () => {
    const h = harness();
    const error = await h.program.parseAsync(['run'], { from: 'user' }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(String(error)).to.match(/CommanderError/);
    expect(h.stderr()).to.match(/required option '--rules <path>' not specified/);
  });

  it('through the CLI: rules that do not load, or local mode without its events directory, are the user’s errors (exit 2)', async () => {
    const t = tempDir();
    try {
      const bad = t.file('bad.json', JSON.stringify({ rule_id: 'b', type: 'eql' }));
      let r = await runCli(['run', '--rules', bad, '--data-dir', t.dir]);
      expect(r.code).to.equal(2);
      expect(r.stderr).to.match(/bad\.json.*the rule is left out/);
      expect(r.stderr).to.match(
        /error \[RULE_NONE\]: no rule loaded from .*bad\.json \(see the errors above\)/,
      );
      const good = t.file(
        'good.json',
        JSON.stringify({
          rule_id: 'g',
          name: 'G',
          description: 'd',
          type: 'eql',
          risk_score: 1,
          severity: 'low',
          query: 'process where true',
        }),
      );
      // no cluster configured: local mode, whose events directory is missing here
      r = await runCli(['run', '--rules', good, '--data-dir', t.dir]);
      expect(r.code).to.equal(2);
      expect(r.stderr).to.contain(`error [EVENTS_DIR_MISSING]: no events directory ${t.dir}/events`);
      expect(r.stderr).to.contain('rule-runner generate');
    } finally {
      t.remove();
    }
  });

  it('refuses a metrics port in use, and no enabled rule, as the user’s errors', async () => {
    const first = harness();
    const a = await startRun(first, ['--metrics-port', '0']);
    const port = new URL(first.logs().find((l) => l.message === 'rule runner started')!.metricsUrl as string)
      .port;
    const second = harness();
    const b = await startRun(second, ['--metrics-port', port]);
    await b.done;
    expect(isUserError(b.error())).to.equal(true);
    expect(String((b.error() as Error).message)).to.match(
      new RegExp(`--metrics-port ${port} on 127.0.0.1: the port is in use`),
    );
    first.signals.emit('SIGTERM');
    await first.time.advance(MIN);
    await a.done;

    const none = harness({ rules: [loadedRule('off', { enabled: false })] });
    const c = await startRun(none, []);
    await c.done;
    expect((c.error() as Error).message).to.match(/no enabled rule in x/);
    expect(none.closed()).to.equal(1);
  });
});
