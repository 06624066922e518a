/**
 * In-memory throughput: 1,000,000 generated events, parsed (as an event file gives them) and given ordinals before
 * the clock starts, then pushed through createExecutor for rule.json's query. One core, no I/O. An untimed first
 * pass warms V8's JIT (its rate is printed too); the figure is the median of the three runs after it.
 * Run alone: `node --max-old-space-size=8192 dist/bench/inmemory.js [count]`.
 */
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { createExecutor, makeOrdinal, type EngineEvent, type MatcherStats } from '../src/engine/index.js';
import { parse } from '../src/eql/index.js';
import { generateEvents, toJson } from '../src/generate/index.js';
import {
  int,
  isMain,
  liveHeap,
  machineCheck,
  mb,
  plantedPairs,
  rate,
  report,
  ruleQuery,
  sameList,
  seconds,
  sequencePairs,
} from './common.js';

const TARGET = 2_000_000;
const RUNS = 3;

/**
 * With BENCH_CPU_PROFILE=<file>, the timed runs (and only they) are recorded as a .cpuprofile for Chrome DevTools
 * or `node dist/bench/profile-summary.js <file>`.
 */
async function profiled<T>(fn: () => T): Promise<T> {
  const file = process.env.BENCH_CPU_PROFILE;
  if (!file) return fn();
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.start');
  const out = fn();
  const { profile } = await session.post('Profiler.stop');
  writeFileSync(file, JSON.stringify(profile));
  session.disconnect();
  console.log(`  cpu profile of the timed runs: ${file}`);
  return out;
}

/** `size` events repeated (later copies shifted in time) up to the length of `events`; sources are shared. */
function hotSet(events: EngineEvent[], size: number): EngineEvent[] {
  const span = events[size - 1].ordinal.ts - events[0].ordinal.ts + 60_000;
  const out: EngineEvent[] = new Array(events.length);
  for (let i = 0; i < events.length; i++) {
    const e = events[i % size];
    const shift = Math.floor(i / size) * span;
    out[i] = { ...e, ordinal: { ...e.ordinal, ts: e.ordinal.ts + shift, seq: i } };
  }
  return out;
}

function median3(xs: number[]): number {
  return [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
}

export async function main(count = 1_000_000): Promise<void> {
  const query = ruleQuery();
  const stmt = parse(query);
  console.log(`in-memory: preparing ${int(count)} events (generate, serialise, JSON.parse, ordinal)...`);
  const t0 = performance.now();
  const stream = generateEvents({ count, hosts: 500, seed: 1, rate: 2000, planted: 200 });
  const events: EngineEvent[] = new Array(count);
  let i = 0;
  let bytes = 0;
  for (const e of stream) {
    const line = toJson(e);
    bytes += line.length;
    const source = JSON.parse(line) as Record<string, unknown>;
    events[i] = {
      index: '.ds-logs-endpoint.events-default',
      id: (source.event as { id: string }).id,
      source,
      ordinal: makeOrdinal(source, i)!,
    };
    i++;
  }
  const heapEvents = liveHeap();
  console.log(
    `  prepared in ${seconds((performance.now() - t0) / 1000)}: ${mb(bytes)} of JSON, heap ${mb(heapEvents)}`,
  );
  const want = plantedPairs(stream.planted);

  // One untimed pass first: V8 compiles the hot code (the generated filters, the matcher) while it runs, which
  // costs the first pass over 1M events about half a second more on this machine. Every timed run below still
  // starts from a new executor, with nothing learnt; only the JIT is warm, as in a long-running scheduler.
  const warmStart = performance.now();
  const warm = createExecutor(stmt, { size: 1_000_000 });
  warm.pushAll(events);
  const warmFound = sameList(sequencePairs(warm.finish()), want);
  const warmSecs = (performance.now() - warmStart) / 1000;
  console.log(`  warm-up run (JIT cold, not in the median): ${seconds(warmSecs)}  ${rate(count, warmSecs)}`);

  const times: number[] = [];
  const cpuTimes: number[] = [];
  const checks: number[] = [];
  let stats: MatcherStats | null = null;
  let found = warmFound;
  await profiled(() => {
    for (let run = 1; run <= RUNS; run++) {
      checks.push(machineCheck());
      const start = performance.now();
      const cpu0 = process.cpuUsage();
      const ex = createExecutor(stmt, { size: 1_000_000 });
      ex.pushAll(events);
      const results = ex.finish();
      const secs = (performance.now() - start) / 1000;
      const cpu = process.cpuUsage(cpu0);
      cpuTimes.push((cpu.user + cpu.system) / 1e6);
      times.push(secs);
      stats = ex.stats();
      const ok = sameList(sequencePairs(results), want);
      found &&= ok;
      console.log(
        `  run ${run}: ${seconds(secs)}  ${rate(count, secs)} (cpu ${seconds(cpuTimes[run - 1])})  ${results.length} sequences${ok ? '' : ' (NOT the planted ones)'}; machine check just before ${checks[run - 1].toFixed(0)} ms`,
      );
    }
  });
  // The same pushes over the first 20,000 events cycled: about 60 MB of parsed events, far less than the 1M run's
  // 2 GB but more than this machine's caches hold, so it bounds the memory stalls' share without removing them.
  const hot = hotSet(events, 20_000);
  let hotSecs = Infinity;
  for (let run = 0; run < 2; run++) {
    const start = performance.now();
    const ex = createExecutor(stmt, { size: 1_000_000 });
    ex.pushAll(hot);
    ex.finish();
    hotSecs = Math.min(hotSecs, (performance.now() - start) / 1000);
  }
  console.log(
    `  small working set (the first 20,000 events cycled to ${int(hot.length)}): ${rate(hot.length, hotSecs)}`,
  );
  const best = Math.min(...times);
  const median = median3(times);
  console.log('  executor stats:', JSON.stringify(stats));
  report({
    bench: 'in-memory (rule.json, 1 core)',
    figures: [
      { label: 'events', value: int(count) },
      {
        label: 'throughput (median of 3, JIT warm)',
        value: rate(count, median),
        target: `>= ${int(TARGET)} events/s`,
        ok: count / median >= TARGET,
      },
      { label: 'throughput (best)', value: rate(count, best) },
      {
        label: 'machine check (median, see common.ts)',
        value: `${median3(checks).toFixed(0)} ms (about 100 ms when the machine is quiet)`,
      },
      { label: 'first run (JIT cold)', value: rate(count, warmSecs) },
      { label: 'throughput (cpu time, median)', value: rate(count, median3(cpuTimes)) },
      { label: 'throughput, 20k events cycled (~60 MB)', value: rate(hot.length, hotSecs) },
      {
        label: 'planted sequences found exactly',
        value: `${found ? 'yes' : 'NO'} (${stream.planted.length})`,
        ok: found,
      },
      { label: 'stageHits', value: int(stats!.stageHits) },
      {
        label: 'rejectedByMaxspan + expired',
        value: `${int(stats!.rejectedByMaxspan)} + ${int(stats!.expiredByMaxspan)}`,
      },
      { label: 'partialsAlivePeak', value: int(stats!.partialsAlivePeak) },
    ],
  });
}

if (isMain(import.meta.url)) await main(Number(process.argv[2] ?? 1_000_000));
