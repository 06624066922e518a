/**
 * The single pass against the windowed loop over generated endpoint events (src/generate: rule.json's planted
 * sequences among near misses and noise), with rule.json itself at its 5-minute interval and now-9m look-back,
 * and variants of it (max_signals that cut, a maxspan near the overlap). Prints what it measures: events read by
 * each way and their wall times. The windowed loop here is executeRule over a file, which reads the whole file at
 * every step; a windowed loop over a cluster reads each window, (9m / 5m) = 1.8× the range's events.
 */
import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import type { EngineEvent } from '../../src/engine/event.js';
import { generateEvents, toJson } from '../../src/generate/index.js';
import { singlePassBackfill } from '../../src/runner/single-pass.js';
import { readEventFileBatches } from '../../src/sources/files/event-file-source.js';
import { memoryStores } from '../../src/store/memory.js';
import type { LoadedRule } from '../../src/rules/loaded-rule.js';
import { ruleSchema } from '../../src/rules/rule.js';
import { seededRun } from '../support/seeded.js';
import { tempDir } from '../support/tmp.js';
import { compareBackfill, MIN, stepsOf } from './single-pass-harness.js';

const RUN = seededRun('SINGLE_PASS_GEN_SEED', 'SINGLE_PASS_GEN_CASES', { seed: 15, cases: 4 });
const RULE = JSON.parse(readFileSync(new URL('../../../rule.json', import.meta.url), 'utf8')) as Record<
  string,
  unknown
>;
const START = Date.parse('2031-03-02T00:00:00.000Z');
const HOURS = 2;

describe('singlePassBackfill over generated events with rule.json', function () {
  this.timeout(600_000);
  const t = tempDir();
  after(() => t.remove());

  it(`writes what the windowed loop writes, reading each event once (${RUN.cases} cases, seed ${RUN.seed})`, async () => {
    let alerts = 0;
    for (let c = 0; c < RUN.cases; c++) {
      const rng = RUN.rng(c);
      const count = 20_000;
      const lines: string[] = [];
      const times: number[] = [];
      for (const e of generateEvents({
        count,
        hosts: 12,
        seed: RUN.seed + c,
        planted: rng.range(20, 60),
        rate: count / (HOURS * 3600),
        start: START,
      })) {
        const source = JSON.parse(toJson(e)) as Record<string, unknown>;
        times.push(Date.parse(source['@timestamp'] as string));
        lines.push(
          JSON.stringify({
            _index: 'logs-endpoint.events.process-default',
            _id: (source.event as { id: string }).id,
            _source: source,
          }),
        );
      }
      const maxspan = rng.pick(['15s', '15s', '4m', '9m']);
      const maxSignals = rng.pick([1, 2, 100]);
      const rule: LoadedRule = {
        origin: 'rule.json',
        rule: ruleSchema.parse({
          ...RULE,
          query: (RULE.query as string).replace('maxspan=15s', `maxspan=${maxspan}`),
          max_signals: maxSignals,
        }),
        uuid: '3c4d5e6f-7a8b-4c9d-8e0f-1a2b3c4d5e6f',
        exceptionItems: [],
        warnings: [],
      };
      const from = START + 5 * MIN;
      const steps = stepsOf(from, START + HOURS * 60 * MIN, 5 * MIN);
      const what = `${RUN.reproduce(c)} (rule.json with maxspan=${maxspan}, max_signals ${maxSignals})`;
      const file = t.file(`g${c}.ndjson`, lines.join('\n'));
      const r = await compareBackfill({
        what,
        rule,
        file,
        steps,
        before: rng.chance(0.5) ? new Date(from + rng.int(HOURS * 60) * MIN) : null,
        batch: 1000,
      });
      const inWindows = steps.reduce(
        (n, s) => n + times.filter((ts) => ts >= s.getTime() - 9 * MIN && ts <= s.getTime()).length,
        0,
      );
      expect(r.run.eventsRead).to.equal(count);
      console.log(
        `      ${what}: ${r.steps} steps, ${r.alerts} alerts, ${r.capped} capped; single pass read ${r.run.eventsRead} ` +
          `events (held at most ${r.run.heldPeak}) in ${r.singleMs.toFixed(0)} ms; windowed loop read ` +
          `${r.steps}×${count} from the file in ${r.windowedMs.toFixed(0)} ms (×${(r.windowedMs / r.singleMs).toFixed(1)}); ` +
          `a cluster's windows would hold ${(inWindows / count).toFixed(2)}× the events`,
      );
      alerts += r.alerts;
      const engine = await inMemory(rule, file, steps);
      expect(engine.perWindow, what).to.deep.equal(engine.single);
      console.log(
        `        over events in memory: ${steps.length} windowed runs ${engine.windowedMs.toFixed(0)} ms, one pass ` +
          `${engine.singleMs.toFixed(0)} ms (×${(engine.windowedMs / engine.singleMs).toFixed(1)})`,
      );
    }
    expect(alerts, 'planted sequences must alert').to.be.above(RUN.cases * 3);
  });
});

/**
 * Without file reading: the events parsed once into memory, then (a) one run per step over its window's events
 * (what a windowed loop over a cluster hands the engine, 1.8× the events) and (b) one pass over all of them, both
 * through the same alert building and memory stores; the alert ids per step must agree.
 */
async function inMemory(rule: LoadedRule, file: string, steps: Date[]) {
  const events: EngineEvent[] = [];
  for await (const b of readEventFileBatches({ files: [file], timestampField: '@timestamp' }))
    events.push(...b);
  const ctx = (stores: ReturnType<typeof memoryStores>) => ({
    rule,
    alerts: stores.alerts,
    spaceId: 'default',
    kibanaVersion: '9.4.0',
    clock: () => new Date(),
    executionType: 'manual' as const,
  });
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
  const windowedStores = memoryStores();
  let t0 = performance.now();
  const perWindow: string[][] = [];
  for (const runAt of steps) {
    const end = runAt.getTime();
    const window = events.slice(lower(end - 9 * MIN), lower(end + 1));
    const run = await singlePassBackfill({
      ...ctx(windowedStores),
      steps: [runAt],
      events: (async function* () {
        yield window;
      })(),
    });
    perWindow.push(run.steps[0]!.alerts.map((d) => d._id));
  }
  const windowedMs = performance.now() - t0;
  t0 = performance.now();
  const run = await singlePassBackfill({
    ...ctx(memoryStores()),
    steps,
    events: (async function* () {
      for (let i = 0; i < events.length; i += 1000) yield events.slice(i, i + 1000);
    })(),
  });
  const singleMs = performance.now() - t0;
  return { perWindow, single: run.steps.map((s) => s.alerts.map((d) => d._id)), windowedMs, singleMs };
}
