/**
 * Backfill offline: 24 hours of generated endpoint events (parsed into memory before the clock starts, as in
 * inmemory.ts) with rule.json at its 5-minute interval and now-9m look-back, 288 steps, two ways with the same
 * alert building and memory stores: one singlePassBackfill over the range (each event handed in once), and one
 * run per step over that step's window (what a windowed loop hands the engine: 1.8× the events). The alert ids
 * of every step must agree. Reading is left out of both, so the ratio is the correlation's only: a windowed loop
 * over a cluster or files also reads 1.8× (or, over files, the whole file at every step).
 * Run alone: `node --max-old-space-size=8192 dist/bench/backfill-bench.js [count]` (default 500,000).
 * Median of three alternated runs of each.
 */
import { readFileSync } from 'node:fs';
import { makeOrdinal, type EngineEvent } from '../src/engine/index.js';
import { generateEvents, toJson } from '../src/generate/index.js';
import type { LoadedRule } from '../src/rules/loaded-rule.js';
import { ruleSchema } from '../src/rules/rule.js';
import { singlePassBackfill } from '../src/runner/single-pass.js';
import { memoryStores } from '../src/store/memory.js';
import { int, isMain, rate, report, seconds } from './common.js';

const MIN = 60_000;
const START = Date.parse('2031-03-02T00:00:00.000Z');

function rule(): LoadedRule {
  const raw = JSON.parse(readFileSync(new URL('../../rule.json', import.meta.url), 'utf8')) as object;
  return {
    origin: 'rule.json',
    rule: ruleSchema.parse(raw),
    uuid: '3c4d5e6f-7a8b-4c9d-8e0f-1a2b3c4d5e6f',
    exceptionItems: [],
    warnings: [],
  };
}

const ctx = (r: LoadedRule) => ({
  rule: r,
  alerts: memoryStores().alerts,
  spaceId: 'default',
  kibanaVersion: '9.4.0',
  clock: () => new Date(),
  executionType: 'manual' as const,
});

async function* once<T>(x: T) {
  yield x;
}

async function main(count: number): Promise<void> {
  const events: EngineEvent[] = [];
  let i = 0;
  for (const e of generateEvents({ count, hosts: 50, seed: 15, rate: count / 86_400, start: START })) {
    const source = JSON.parse(toJson(e)) as Record<string, unknown>;
    events.push({
      index: 'logs-endpoint.events.process-default',
      id: (source.event as { id: string }).id,
      source,
      ordinal: makeOrdinal(source, i++)!,
    });
  }
  const r = rule();
  const steps: Date[] = [];
  for (let runAt = START + 5 * MIN; ; runAt += 5 * MIN) {
    steps.push(new Date(runAt));
    if (runAt >= START + 86_400_000) break;
  }
  const lower = (ts: number) => {
    let lo = 0;
    let hi = events.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (events[mid]!.ordinal.ts < ts) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };

  const windowed = async () => {
    const t0 = performance.now();
    const windowedCtx = ctx(r);
    let handed = 0;
    const ids: string[] = [];
    for (const runAt of steps) {
      const window = events.slice(lower(runAt.getTime() - 9 * MIN), lower(runAt.getTime() + 1));
      handed += window.length;
      const one = await singlePassBackfill({ ...windowedCtx, steps: [runAt], events: once(window) });
      ids.push(one.steps[0]!.alerts.map((d) => d._id).join(','));
    }
    return { s: (performance.now() - t0) / 1000, handed, ids };
  };
  const onePass = async () => {
    const t0 = performance.now();
    const run = await singlePassBackfill({
      ...ctx(r),
      steps,
      events: (async function* () {
        for (let j = 0; j < events.length; j += 5000) yield events.slice(j, j + 5000);
      })(),
    });
    return { s: (performance.now() - t0) / 1000, run };
  };
  // alternated, the median of three of each: the machine's load moves
  const ws: Awaited<ReturnType<typeof windowed>>[] = [];
  const ss: Awaited<ReturnType<typeof onePass>>[] = [];
  for (let k = 0; k < 3; k++) {
    ws.push(await windowed());
    ss.push(await onePass());
  }
  const median = <T extends { s: number }>(xs: T[]) => [...xs].sort((x, y) => x.s - y.s)[1]!;
  const { s: windowedS, handed, ids: perWindow } = median(ws);
  const { s: singleS, run } = median(ss);
  const single = run.steps.map((s) => s.alerts.map((d) => d._id).join(','));
  const same = single.length === perWindow.length && single.every((s, k) => s === perWindow[k]);
  const alerts = run.steps.reduce((n, s) => n + s.alerts.length, 0);
  console.log(
    `backfill: ${int(count)} events over 24h, rule.json every 5m from now-9m, ${steps.length} steps`,
  );
  console.log(
    `  windowed: ${int(handed)} events handed in (${(handed / count).toFixed(2)}×), ${seconds(windowedS)}, ${rate(handed, windowedS)}`,
  );
  console.log(
    `  single pass: ${int(run.eventsRead)} events read once, held at most ${int(run.heldPeak)}, ${seconds(singleS)}, ${rate(count, singleS)}`,
  );
  console.log(
    `  ratio windowed / single pass: ${(windowedS / singleS).toFixed(2)}×; ${int(alerts)} alert documents; same per step: ${same}`,
  );
  report({
    bench: 'backfill offline (one pass vs windowed loop)',
    figures: [
      { label: 'events, steps', value: `${int(count)} over 24h, ${steps.length} steps` },
      {
        label: 'windowed loop (median of 3)',
        value: `${seconds(windowedS)}, ${(handed / count).toFixed(2)}× the events`,
      },
      { label: 'one pass (median of 3)', value: seconds(singleS) },
      {
        label: 'ratio windowed / one pass',
        value: `${(windowedS / singleS).toFixed(2)}×`,
        target: '>= 2× (issue 15, on a cluster)',
      },
      { label: 'same alert ids at every step', value: String(same), ok: same },
    ],
  });
  if (!same) process.exitCode = 1;
}

if (isMain(import.meta.url)) await main(Number(process.argv[2] ?? 500_000));
