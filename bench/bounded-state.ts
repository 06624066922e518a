/**
 * Bounded state: a stream where every event is a new join key (an install script per event, each a distinct
 * host/process) and most events match stage 1 of rule.json, run at two sizes. The matcher's live partial sequences
 * must stay near rate × maxspan × (share of stage-1 events), however many keys went by; so must the heap.
 * Run alone: `node --expose-gc dist/bench/bounded-state.js`.
 */
import { createExecutor, makeOrdinal, type MatcherStats } from '../src/engine/index.js';
import { parse } from '../src/eql/index.js';
import { generateEvents, RULE_MAXSPAN_MS, type EcsEvent } from '../src/generate/index.js';
import { int, isMain, liveHeap, mb, rate, report, ruleQuery, seconds, type Figure } from './common.js';

const RATE = 5000;
const SIZES = [250_000, 1_000_000];
const SAMPLE_EVERY = 50_000;
/** Nearly all lone install-script starts (stage 1, a new key each); a few late downloads (stage 2, too late). */
const MIX = {
  scriptStorm: 97,
  installerLate: 3,
  browsing: 0,
  shell: 0,
  daemon: 0,
  downloaderFromShell: 0,
  installerQuiet: 0,
  installerWrongHost: 0,
  installerOtherChild: 0,
};
const STAGE1_PARENTS = new Set(['installer', 'package_script_service']);

interface SizeRun {
  count: number;
  secs: number;
  stats: MatcherStats;
  stage1: number;
  heapBefore: number;
  heapPeak: number;
  heapEnd: number;
  spanSecs: number;
}

function isStage1Candidate(e: EcsEvent): boolean {
  const p = e.process as { parent?: { name?: string } } | undefined;
  return (e.event as { action: string }).action === 'exec' && STAGE1_PARENTS.has(p?.parent?.name ?? '');
}

function runSize(count: number): SizeRun {
  const stmt = parse(ruleQuery());
  const stream = generateEvents({
    count,
    hosts: 20_000,
    seed: 5,
    rate: RATE,
    planted: 0,
    mix: MIX,
  });
  const ex = createExecutor(stmt, { size: 1_000_000 });
  const heapBefore = liveHeap();
  let heapPeak = heapBefore;
  let seq = 0;
  let stage1 = 0;
  const start = performance.now();
  for (const e of stream) {
    if (isStage1Candidate(e)) stage1++;
    ex.push({
      index: 'logs-endpoint.events.process-default',
      id: '',
      source: e,
      ordinal: makeOrdinal(e, seq)!,
    });
    if (++seq % SAMPLE_EVERY === 0) heapPeak = Math.max(heapPeak, liveHeap());
  }
  const heapEnd = liveHeap();
  ex.finish();
  const secs = (performance.now() - start) / 1000;
  const s = stream.summary!;
  return {
    count,
    secs,
    stats: ex.stats(),
    stage1,
    heapBefore,
    heapPeak,
    heapEnd,
    spanSecs: (s.lastMs - s.firstMs) / 1000,
  };
}

export function main(): void {
  console.log(
    `bounded state: rule.json (maxspan ${RULE_MAXSPAN_MS / 1000} s) over streams of new join keys at ${int(RATE)} events/s of event time`,
  );
  const runs: SizeRun[] = [];
  for (const count of SIZES) {
    const r = runSize(count);
    runs.push(r);
    const share = r.stage1 / r.count;
    const bound = Math.ceil(RATE * (RULE_MAXSPAN_MS / 1000) * share);
    console.log(
      `  ${int(count)} events (${seconds(r.spanSecs)} of event time, generated and matched in ${seconds(r.secs)}, ${rate(count, r.secs)}):`,
    );
    console.log(
      `    distinct stage-1 keys ${int(r.stage1)} (${(share * 100).toFixed(1)}% of events); rate × maxspan × share = ${int(bound)}`,
    );
    console.log(`    matcher: ${JSON.stringify(r.stats)}`);
    console.log(
      `    live heap: before ${mb(r.heapBefore)}, peak ${mb(r.heapPeak)} (sampled every ${int(SAMPLE_EVERY)} events after GC), end ${mb(r.heapEnd)}`,
    );
  }
  const [small, big] = runs;
  const bound = Math.ceil(RATE * (RULE_MAXSPAN_MS / 1000) * (big.stage1 / big.count) * 1.1);
  const peakFlat = big.stats.partialsAlivePeak <= small.stats.partialsAlivePeak * 1.1;
  const heapFlat = big.heapPeak - big.heapBefore <= (small.heapPeak - small.heapBefore) * 1.5 + (8 << 20);
  const figures: Figure[] = [];
  for (const r of runs) {
    const tag = `${int(r.count)}:`;
    figures.push(
      { label: `${tag} keys seen (stage 1)`, value: int(r.stage1) },
      { label: `${tag} partialsAlivePeak`, value: int(r.stats.partialsAlivePeak) },
      {
        label: `${tag} rejected maxspan/expired/until`,
        value: `${int(r.stats.rejectedByMaxspan)} / ${int(r.stats.expiredByMaxspan)} / ${int(r.stats.rejectedByUntil)}`,
      },
      { label: `${tag} live heap growth (peak)`, value: mb(r.heapPeak - r.heapBefore) },
    );
  }
  figures.push(
    {
      label: 'peak bounded by rate x maxspan',
      value: `${int(big.stats.partialsAlivePeak)} <= ${int(bound)}`,
      target: 'rate x 15 s x stage-1 share (+10%)',
      ok: big.stats.partialsAlivePeak <= bound,
    },
    {
      label: 'peak flat from 250k to 1M events',
      value: `${int(small.stats.partialsAlivePeak)} -> ${int(big.stats.partialsAlivePeak)}`,
      target: 'no growth with keys seen',
      ok: peakFlat,
    },
    {
      label: 'heap flat from 250k to 1M events',
      value: `${mb(small.heapPeak - small.heapBefore)} -> ${mb(big.heapPeak - big.heapBefore)}`,
      ok: heapFlat,
    },
  );
  report({ bench: 'bounded state (rule.json, distinct keys)', figures });
}

if (isMain(import.meta.url)) main();
