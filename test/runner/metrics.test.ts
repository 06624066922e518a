/**
 * The daemon's metrics: every series the issue names appears in the text format with what was recorded, the
 * registry is the runner's own (two do not share counts), and `/healthz` and `/metrics` answer over HTTP on a free
 * port.
 */
import { expect } from 'chai';
import { register as globalRegistry } from 'prom-client';
import type { ExecutionResult } from '../../src/runner/execution.js';
import { startHttp } from '../../src/runner/http.js';
import { RunnerMetrics } from '../../src/runner/metrics.js';
import type { SchedulerStatus } from '../../src/runner/scheduler.js';

function result(
  status: ExecutionResult['status'],
  counts: Partial<ExecutionResult['counts']>,
  totalMs: number,
): ExecutionResult {
  return {
    executionUuid: 'e',
    status,
    warnings: [],
    window: { start: new Date(0), end: new Date(1) },
    counts: {
      eventsScanned: 0,
      matches: 0,
      alertsCreated: 0,
      duplicatesSkipped: 0,
      truncated: 0,
      writeFailures: 0,
      ...counts,
    },
    durations: { searchMs: 0, indexingMs: 0, totalMs },
  };
}

/** The value of one sample line (`name{labels} value`), or undefined when it is absent. */
function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(series + ' '));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

describe('RunnerMetrics', () => {
  it('counts runs by status, alerts, duplicates, truncations, write failures, gaps; times runs and delays', async () => {
    const m = new RunnerMetrics();
    m.recordExecution(result('succeeded', { alertsCreated: 3, duplicatesSkipped: 2 }, 400));
    m.recordExecution(result('partial failure', { alertsCreated: 100, truncated: 25 }, 2500));
    m.recordExecution(result('failed', { writeFailures: 4 }, 90_000));
    m.recordFailedRun();
    m.recordGap(36 * 60_000);
    m.scheduleDelay.observe(0.2);
    m.rulesLoaded.set(7);
    m.runsInProgress.inc();
    const { contentType, body } = await m.text();
    expect(contentType).to.match(/^text\/plain; version=0\.0\.4/);
    const want: Record<string, number> = {
      'rule_runner_runs_total{status="succeeded"}': 1,
      'rule_runner_runs_total{status="partial failure"}': 1,
      'rule_runner_runs_total{status="failed"}': 2,
      rule_runner_alerts_written_total: 103,
      rule_runner_alerts_duplicate_total: 2,
      rule_runner_runs_truncated_total: 1,
      rule_runner_alerts_truncated_total: 25,
      rule_runner_alert_write_failures_total: 4,
      rule_runner_gaps_total: 1,
      rule_runner_gap_seconds_total: 2160,
      rule_runner_run_timeouts_total: 0,
      rule_runner_run_duration_seconds_count: 3,
      rule_runner_run_duration_seconds_sum: 92.9,
      'rule_runner_run_duration_seconds_bucket{le="0.5"}': 1,
      'rule_runner_run_duration_seconds_bucket{le="5"}': 2,
      'rule_runner_run_duration_seconds_bucket{le="+Inf"}': 3,
      rule_runner_schedule_delay_seconds_count: 1,
      rule_runner_rules_loaded: 7,
      rule_runner_runs_in_progress: 1,
    };
    for (const [series, value] of Object.entries(want)) expect(sample(body, series), series).to.equal(value);
    for (const name of Object.keys(want).map((s) =>
      s.replace(/\{.*/, '').replace(/_(count|sum|bucket)$/, ''),
    ))
      expect(body, name).to.include(`# TYPE ${name} `);
  });

  it('keeps its series in its own registry, not the global one nor another runner’s', async () => {
    const a = new RunnerMetrics();
    const b = new RunnerMetrics();
    a.recordGap(1000);
    expect(sample(await b.registry.metrics(), 'rule_runner_gaps_total')).to.equal(0);
    expect(await globalRegistry.metrics()).not.to.include('rule_runner_');
  });

  it('adds the process series when asked', async () => {
    const m = new RunnerMetrics({ processMetrics: true });
    expect(await m.registry.metrics()).to.include('process_cpu_user_seconds_total');
  });
});

describe('the HTTP endpoint', () => {
  let status: SchedulerStatus = {
    rules: 3,
    running: 1,
    queued: 0,
    lastTickAt: '2026-06-01T12:00:00.000Z',
    stopping: false,
  };
  it('serves /healthz and /metrics on 127.0.0.1, a free port, and nothing else', async () => {
    const metrics = new RunnerMetrics();
    metrics.rulesLoaded.set(3);
    const http = await startHttp({ port: 0, metrics, status: () => status });
    try {
      expect(http.url).to.match(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(http.port).to.be.above(0);
      let res = await fetch(`${http.url}/healthz`);
      expect(res.status).to.equal(200);
      expect(await res.json()).to.deep.equal({
        ok: true,
        rules: 3,
        running: 1,
        queued: 0,
        lastTick: '2026-06-01T12:00:00.000Z',
      });
      res = await fetch(`${http.url}/metrics`);
      expect(res.status).to.equal(200);
      expect(res.headers.get('content-type')).to.match(/^text\/plain/);
      expect(sample(await res.text(), 'rule_runner_rules_loaded')).to.equal(3);
      expect((await fetch(`${http.url}/`)).status).to.equal(404);
      expect((await fetch(`${http.url}/metrics`, { method: 'POST' })).status).to.equal(405);
      status = { ...status, stopping: true };
      res = await fetch(`${http.url}/healthz`);
      expect(res.status).to.equal(503);
      expect(await res.json()).to.include({ ok: false });
    } finally {
      await http.close();
    }
  });

  it('a port already taken is an error from startHttp, not a crash later', async () => {
    const metrics = new RunnerMetrics();
    const first = await startHttp({ port: 0, metrics, status: () => status });
    try {
      let error: unknown;
      await startHttp({ port: first.port, metrics, status: () => status }).catch((e: unknown) => (error = e));
      expect(String(error)).to.match(/EADDRINUSE/);
    } finally {
      await first.close();
    }
  });
});
