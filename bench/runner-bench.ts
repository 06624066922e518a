/**
 * Runner benchmark (issue 14): rule-runner's scheduler, executions and Elasticsearch stores over the 1,000,000
 * endpoint events of the `es` benchmark (the same generator options, so an index loaded by either is reused).
 *
 * 1. A fleet: 100 copies of rule.json (distinct rule ids) on one runner, `--concurrency` 10, the clock set just
 *    after the data so that the first round's 9-minute windows cover all of it. Two rounds: the first with every
 *    rule due at once (a fresh start: the queue is the whole fleet), the second 5 minutes after each rule's first
 *    start (the steady state, whose windows hold only the data's last 4 minutes, the data ending there).
 *    Figures per round: schedule delay p50/p95 (a run's start − when it was due), run duration p50/p95, the
 *    runner's own CPU per run next to Elasticsearch's search time per run. Every run must end `succeeded` or, when
 *    its window holds more than max_signals matches, `partial failure` with the cap's warning.
 * 2. The seed rule alone over a 9-minute window of that busy index, five times: wall time, and the time no
 *    Elasticsearch request was in flight (from the client's diagnostic events: searches, the duplicate check, the
 *    bulk write, the execution log). Target: under 25% of the wall time outside Elasticsearch calls.
 *
 * `ES_URL=... node dist/bench/runner-bench.js [--reindex] [--rules N] [--count N]`.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Client } from '@elastic/elasticsearch';
import { connect } from '../src/es/client.js';
import { nullLogger } from '../src/logging/logger.js';
import { loadRules } from '../src/rules/load-rules.js';
import type { LoadedRule } from '../src/rules/loaded-rule.js';
import { executeRule } from '../src/runner/execute-rule.js';
import type { ExecutionDeps, ExecutionResult } from '../src/runner/execution.js';
import { runScheduledTick } from '../src/runner/scheduled-run.js';
import { Scheduler } from '../src/runner/scheduler.js';
import type { TimeSource } from '../src/runner/ticker.js';
import { esStores } from '../src/store/es-stores.js';
import { storeNames } from '../src/store/names.js';
import { checkSetup, setupStores } from '../src/store/setup.js';
import { int, isMain, report, REPO_ROOT, type Figure } from './common.js';
import { loadEndpointEvents } from './es-index.js';
import { esUrl } from './es-node.js';

const SPACE = 'bench';
const WINDOW_MS = 9 * 60_000;
const OUTSIDE_TARGET = 0.25;

interface Args {
  reindex: boolean;
  rules: number;
  count: number;
  rounds: number;
}

function parseArgs(argv: string[]): Args {
  const a: Args = { reindex: false, rules: 100, count: 1_000_000, rounds: 2 };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--reindex') a.reindex = true;
    else if (arg === '--rules') a.rules = Number(argv[++i]);
    else if (arg === '--count') a.count = Number(argv[++i]);
    else if (arg === '--rounds') a.rounds = Number(argv[++i]);
    else throw new Error(`unknown argument ${arg} (--reindex, --rules N, --count N, --rounds N)`);
  }
  if (!Number.isSafeInteger(a.rules) || a.rules < 1) throw new Error('--rules must be a positive integer');
  if (!Number.isSafeInteger(a.count) || a.count < 1) throw new Error('--count must be a positive integer');
  if (!Number.isSafeInteger(a.rounds) || a.rounds < 1) throw new Error('--rounds must be a positive integer');
  return a;
}

function percentile(xs: number[], p: number): number {
  const s = [...xs].sort((x, y) => x - y);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))]!;
}

const ms = (x: number) => `${Math.round(x).toLocaleString('en-US')} ms`;

/** Wall time during which at least one request of `client` was in flight, from its diagnostic events. */
function inFlightMeter(client: Client): { elapsedMs: () => number } {
  let inFlight = 0;
  let since = 0;
  let total = 0;
  client.diagnostic.on('request', () => {
    if (inFlight++ === 0) since = performance.now();
  });
  client.diagnostic.on('response', () => {
    if (--inFlight === 0) total += performance.now() - since;
  });
  return { elapsedMs: () => total + (inFlight > 0 ? performance.now() - since : 0) };
}

/** rule.json copied `n` times with distinct rule ids, loaded as the daemon loads a rules directory. */
function fleet(n: number, now: Date): { rules: LoadedRule[]; dir: string } {
  const seed = JSON.parse(readFileSync(join(REPO_ROOT, 'rule.json'), 'utf8')) as Record<string, unknown>;
  const dir = mkdtempSync(join(tmpdir(), 'rule-runner-bench-rules-'));
  for (let i = 0; i < n; i++)
    writeFileSync(
      join(dir, `rule-${String(i).padStart(3, '0')}.json`),
      JSON.stringify({ ...seed, rule_id: `bench-${i}`, name: `${String(seed.name)} #${i}` }),
    );
  const loaded = loadRules([dir], { now });
  if (loaded.problems.length > 0) throw new Error(JSON.stringify(loaded.problems));
  return { rules: loaded.rules, dir };
}

/** The system clock shifted so that it reads `at` now: the timers are the system's. */
function shiftedTime(at: Date): TimeSource {
  const offset = at.getTime() - Date.now();
  return {
    now: () => new Date(Date.now() + offset),
    setTimer: (fn, delay) => ({ id: setTimeout(fn, delay) }),
    clearTimer: (h) => clearTimeout(h.id as ReturnType<typeof setTimeout>),
  };
}

async function freshStores(client: Client) {
  const names = storeNames(SPACE);
  const indices = [names.alerts.backingIndex, names.state, names.executions, names.gaps];
  await client.indices.delete({ index: indices, ignore_unavailable: true });
  await setupStores(client, names);
  const setup = await checkSetup(client, names);
  return { names, stores: esStores(client, names, { alertsTarget: setup.alertsTarget }) };
}

export async function main(args: Args): Promise<void> {
  const { url, started } = esUrl();
  const conn = await connect({ url, requestTimeoutMs: 300_000 });
  const figures: Figure[] = [];
  try {
    const { client } = conn;
    console.log(`Elasticsearch ${conn.version} at ${conn.displayUrl}`);
    const gen = {
      count: args.count,
      hosts: 500,
      seed: 1,
      rate: 2000,
      planted: Math.floor(args.count / 5000),
    };
    const load = await loadEndpointEvents(conn, { gen, reindex: args.reindex, log: (l) => console.log(l) });
    const dataEnd = new Date(load.lastMs + 1000);
    const busyStart = Math.max(load.firstMs, dataEnd.getTime() - WINDOW_MS);
    const inWindow = (
      await client.count({
        index: 'logs-endpoint.events.*',
        query: { range: { '@timestamp': { gte: busyStart, lte: dataEnd.getTime() } } },
      })
    ).count;
    console.log(
      `${int(load.docs)} events; the 9-minute window before ${dataEnd.toISOString()} holds ${int(inWindow)}`,
    );
    const meter = inFlightMeter(client);

    // 1. the fleet
    const { names, stores } = await freshStores(client);
    const { rules, dir } = fleet(args.rules, dataEnd);
    const excludeIndices = [
      names.alerts.alias,
      names.alerts.backingIndex,
      names.state,
      names.executions,
      names.gaps,
    ];
    const time = shiftedTime(dataEnd);
    const execution: Omit<ExecutionDeps, 'signal' | 'logger'> = {
      events: { kind: 'cluster', client, engine: 'search' },
      stores,
      clock: () => time.now(),
      spaceId: SPACE,
      kibanaVersion: conn.version,
      excludeIndices,
    };
    interface Round {
      delays: number[];
      durations: number[];
      searchMs: number[];
      results: ExecutionResult[];
      cpuMs: number;
      wallMs: number;
    }
    const rounds: Round[] = Array.from({ length: args.rounds }, () => ({
      delays: [],
      durations: [],
      searchMs: [],
      results: [],
      cpuMs: 0,
      wallMs: 0,
    }));
    const ticksOf = new Map<string, number>();
    let finished = 0;
    let allDone: () => void = () => {};
    const done = new Promise<void>((r) => (allDone = r));
    // CPU is sampled per round from the first start to the last end of its runs (rounds do not overlap here:
    // the second is due 5 minutes after the first began, and the first round takes less)
    const marks = rounds.map(() => ({ cpu: null as NodeJS.CpuUsage | null, t0: 0, left: args.rules }));
    const scheduler = new Scheduler({
      rules,
      state: stores.state,
      time,
      concurrency: 10,
      run: async (rule, ctx) => {
        const k = ticksOf.get(rule.uuid) ?? 0;
        ticksOf.set(rule.uuid, k + 1);
        if (k >= args.rounds) return;
        const round = rounds[k]!;
        const mark = marks[k]!;
        if (mark.cpu === null) {
          mark.cpu = process.cpuUsage();
          mark.t0 = performance.now();
        }
        const t0 = performance.now();
        const tick = await runScheduledTick(rule, ctx, { execute: executeRule, execution });
        round.durations.push(performance.now() - t0);
        round.delays.push(ctx.startedAt.getTime() - ctx.scheduledAt.getTime());
        for (const r of tick.results) {
          round.results.push(r);
          round.searchMs.push(r.durations.searchMs);
        }
        if (--mark.left === 0) {
          const c = process.cpuUsage(mark.cpu);
          round.cpuMs = (c.user + c.system) / 1000;
          round.wallMs = performance.now() - mark.t0;
          console.log(`round ${k + 1} done in ${(round.wallMs / 1000).toFixed(1)} s`);
        }
        if (++finished === rules.length * args.rounds) allDone();
      },
    });
    await scheduler.start();
    await done;
    await scheduler.stop({ graceMs: 0 });
    rmSync(dir, { recursive: true, force: true });
    figures.push({
      label: `fleet: ${rules.length} copies of rule.json, concurrency 10`,
      value: `${args.rounds} rounds`,
    });
    rounds.forEach((round, k) => {
      const statuses = new Map<string, number>();
      for (const r of round.results) statuses.set(r.status, (statuses.get(r.status) ?? 0) + 1);
      const created = round.results.reduce((n, r) => n + r.counts.alertsCreated, 0);
      const truncated = round.results.reduce((n, r) => n + r.counts.truncated, 0);
      // every run either succeeded or only hit the cap (its window held more than max_signals new matches)
      const ok = round.results.every(
        (r) =>
          r.status === 'succeeded' ||
          (r.status === 'partial failure' && r.warnings.every((w) => w.includes('maximum alert limit'))),
      );
      console.log(
        `round ${k + 1}: statuses ${JSON.stringify(Object.fromEntries(statuses))}; ${int(created)} alerts written, ${int(truncated)} matches over max_signals`,
      );
      const meanSearch = round.searchMs.reduce((a, b) => a + b, 0) / round.searchMs.length;
      const label = k === 0 ? 'round 1 (all due at once)' : `round ${k + 1} (steady state)`;
      figures.push(
        { label: `${label}: wall`, value: `${(round.wallMs / 1000).toFixed(1)} s` },
        {
          label: `${label}: schedule delay p50 / p95`,
          value: `${ms(percentile(round.delays, 50))} / ${ms(percentile(round.delays, 95))}`,
        },
        {
          label: `${label}: run duration p50 / p95`,
          value: `${ms(percentile(round.durations, 50))} / ${ms(percentile(round.durations, 95))}`,
        },
        {
          label: `${label}: runner CPU / ES search per run`,
          value: `${ms(round.cpuMs / round.results.length)} / ${ms(meanSearch)}`,
        },
        {
          label: `${label}: outcome`,
          value: `${JSON.stringify(Object.fromEntries(statuses))}, ${int(created)} alerts`,
          ok,
        },
      );
    });

    // 2. the seed rule alone
    const seed = loadRules([join(REPO_ROOT, 'rule.json')], { now: dataEnd }).rules[0]!;
    const single = await freshStores(client);
    const shares: number[] = [];
    const walls: number[] = [];
    for (let i = 0; i < 5; i++) {
      const inEs0 = meter.elapsedMs();
      const t0 = performance.now();
      const r = await executeRule(
        {
          rule: seed,
          runAt: dataEnd,
          scheduledAt: dataEnd,
          executionType: 'scheduled',
          intendedTimestamp: dataEnd,
        },
        { ...execution, stores: single.stores, logger: nullLogger },
      );
      const wall = performance.now() - t0;
      const outside = wall - (meter.elapsedMs() - inEs0);
      walls.push(wall);
      shares.push(outside / wall);
      console.log(
        `  seed rule run ${i + 1}: ${ms(wall)}, outside ES calls ${ms(outside)} (${((100 * outside) / wall).toFixed(1)}%), ${r.counts.eventsScanned} events, ${r.counts.matches} matches, ${r.counts.alertsCreated} created, ${r.counts.duplicatesSkipped} duplicates, ${r.status}`,
      );
    }
    const share = percentile(shares, 50);
    figures.push(
      { label: 'seed rule over the 9-minute window, wall (median of 5)', value: ms(percentile(walls, 50)) },
      {
        label: 'share of wall time outside ES calls (median)',
        value: `${(100 * share).toFixed(1)}%`,
        target: `< ${100 * OUTSIDE_TARGET}%`,
        ok: share < OUTSIDE_TARGET,
      },
    );
  } finally {
    await conn.client.close();
    if (started) execFileSync(join(REPO_ROOT, 'scripts/es.sh'), ['stop'], { stdio: 'inherit' });
  }
  report({ bench: 'runner (100 rules, stores on Elasticsearch)', figures });
}

if (isMain(import.meta.url)) await main(parseArgs(process.argv.slice(2)));
