/**
 * The first-run sample: a fleet's last hours of Elastic Defend macOS events ending at a given instant, with a few
 * true positives of rule.json among everyday noise and near misses. Unlike the benchmark generator (generator.ts:
 * a count of events from a start), the sample is bounded in time, so that a first `run` (looking back from now)
 * and a backfill over the hours both have something to find:
 * - the newest true positive starts 2½ minutes before the end, a second (from three on) 5 minutes before: both
 *   within rule.json's look-back (`from: now-9m`) of a run started just after generation;
 * - the others are spread over the earlier hours, each with one near miss of every kind around it;
 * - one near miss of every kind also lies in the last 9 minutes, so that the first run rejects each way of failing.
 *
 * Pure: the clock is the `endMs` handed in; the same options give the same events, byte for byte.
 */
import { EventFactory, type EcsEvent } from './ecs.js';
import { Host } from './hosts.js';
import { Prng } from './prng.js';
import {
  DEFAULT_MIX,
  planted,
  SCENARIOS,
  type PlantedSequence,
  type Scenario,
  type ScenarioContext,
  type ScenarioKind,
} from './scenarios.js';
import { Schedule } from './schedule.js';

/** rule.json's look-back (`from: now-9m`, `to: now`): what a first run at the sample's end reads. */
export const FIRST_RUN_LOOKBACK_MS = 9 * 60_000;

/** The ways a near miss fails rule.json's sequence, each one a scenario of scenarios.ts. */
export const NEAR_MISS_KINDS = [
  'installerQuiet', // an install script shell and no listed downloader's connection
  'downloaderFromShell', // a downloader's connection whose parent is the user's shell
  'installerOtherChild', // a downloader's connection whose parent is installer's child that is no shell
  'installerLate', // the script's downloader connects after the 15 s maxspan
  'installerWrongHost', // the downloader connects on another host (the sequence is by host.id)
] as const satisfies readonly ScenarioKind[];

export type NearMissKind = (typeof NEAR_MISS_KINDS)[number];

export interface SampleOptions {
  /** The last instant events may have (epoch ms); the sample covers `hours` before it. */
  endMs: number;
  /** Default 24. */
  hours?: number;
  /** Default 1. */
  seed?: number;
  /** True positives of rule.json; default 3. */
  truePositives?: number;
  /** Fleet size; default 25 (at least 2: a near miss needs another host). */
  hosts?: number;
  /** Background events per second across the fleet; default 0.25 (about 900 an hour, 1.3 kB each). */
  rate?: number;
}

export const SAMPLE_DEFAULTS = { hours: 24, seed: 1, truePositives: 3, hosts: 25, rate: 0.25 };
export const SAMPLE_MAX_HOURS = 720;
export const SAMPLE_MAX_TRUE_POSITIVES = 100;

export interface SampleTruePositive extends PlantedSequence {
  /**
   * The latest instant (epoch ms) a run with rule.json's look-back still holds both events, when that is after the
   * sample's end (a run started just after generation finds it); null when only a backfill finds it.
   */
  firstRunUntilMs: number | null;
}

export interface SampleManifest {
  seed: number;
  startMs: number;
  endMs: number;
  hosts: number;
  events: number;
  /** In time order. */
  truePositives: SampleTruePositive[];
  /** Near misses of each kind: placed ones and those the background mix drew. */
  nearMisses: Record<NearMissKind, number>;
  /** Near misses placed in the last FIRST_RUN_LOOKBACK_MS, by kind (one each). */
  recentNearMisses: Record<NearMissKind, number>;
}

/**
 * The background: everyday activity, with near misses rarer than in the benchmarks' mix (a fleet installs a few
 * packages a day, not hundreds); every kind is placed besides (placements).
 */
const SAMPLE_MIX: Readonly<Record<ScenarioKind, number>> = {
  ...DEFAULT_MIX,
  downloaderFromShell: 2,
  installerQuiet: 0.5,
  installerLate: 0.2,
  installerWrongHost: 0.2,
  installerOtherChild: 0.2,
};

interface Placed {
  t: number;
  scenario: Scenario;
  kind: ScenarioKind | 'planted';
}

const MINUTE = 60_000;
/** Longer than any scenario lasts (installerLate: 15 s + up to 25 s + the connection and the ends). */
const LONGEST_SCENARIO_MS = 60_000;

/** The options with their defaults, checked; a RangeError names what is wrong. */
function resolve(opts: SampleOptions): Required<SampleOptions> {
  const o = { ...SAMPLE_DEFAULTS, ...opts };
  if (!Number.isSafeInteger(o.endMs)) throw new RangeError('endMs must be an integer epoch ms');
  if (!Number.isSafeInteger(o.hours) || o.hours < 1 || o.hours > SAMPLE_MAX_HOURS)
    throw new RangeError(`hours must be a whole number from 1 to ${SAMPLE_MAX_HOURS}`);
  const tp = o.truePositives;
  if (!Number.isSafeInteger(tp) || tp < 0 || tp > SAMPLE_MAX_TRUE_POSITIVES)
    throw new RangeError(`truePositives must be a whole number from 0 to ${SAMPLE_MAX_TRUE_POSITIVES}`);
  if (!Number.isSafeInteger(o.hosts) || o.hosts < 2) throw new RangeError('hosts must be at least 2');
  if (!(o.rate > 0) || !Number.isFinite(o.rate)) throw new RangeError('rate must be a positive number');
  if (!Number.isSafeInteger(o.seed) || o.seed < 0)
    throw new RangeError('seed must be a non-negative integer');
  return o;
}

/**
 * Where the true positives and the placed near misses start: the recent ones at fixed offsets from the end (a few
 * seconds of jitter), the earlier ones evenly over [start + 10 min, end - 30 min], jittered within their slot.
 */
function placements(o: Required<SampleOptions>, r: Prng): Placed[] {
  const startMs = o.endMs - o.hours * 60 * MINUTE;
  const out: Placed[] = [];
  const jitter = (ms: number) => ms + r.int(20_000);
  const nearMisses = (at: (k: number) => number) =>
    NEAR_MISS_KINDS.forEach((kind, k) => out.push({ t: at(k), scenario: SCENARIOS[kind], kind }));
  // the last 9 minutes: near misses at -8:00, -7:10, -6:20, -4:10, -3:20 around the recent true positives
  const recentOffsets = [8 * MINUTE, 7 * MINUTE + 10_000, 6 * MINUTE + 20_000, 4 * MINUTE + 10_000, 200_000];
  nearMisses((k) => o.endMs - recentOffsets[k]! + r.int(10_000));
  const recent = Math.min(o.truePositives, o.truePositives >= 3 ? 2 : 1);
  const recentTp = [150_000, 5 * MINUTE];
  for (let i = 0; i < recent; i++)
    out.push({ t: o.endMs - recentTp[i]! + r.int(10_000), scenario: planted, kind: 'planted' });
  const earlier = o.truePositives - recent;
  const from = startMs + 10 * MINUTE;
  const slot = (o.endMs - 30 * MINUTE - from) / Math.max(earlier, 1);
  for (let i = 0; i < earlier; i++) {
    const t = Math.floor(from + slot * (i + 0.25) + r.int(Math.max(1, Math.floor(slot / 2))));
    out.push({ t, scenario: planted, kind: 'planted' });
    // near misses at -3:00, -1:30, +1:30, +3:00, +4:30 from it, on whichever hosts
    nearMisses((k) => jitter(t + (k < 2 ? k - 2 : k - 1) * 90_000));
  }
  return out.sort((a, b) => a.t - b.t);
}

/** A re-iterable stream of the sample's events in time order; `manifest` is complete once an iteration ended. */
export class SampleStream implements Iterable<EcsEvent> {
  manifest: SampleManifest | null = null;
  readonly options: Required<SampleOptions>;

  constructor(opts: SampleOptions) {
    this.options = resolve(opts);
  }

  get startMs(): number {
    return this.options.endMs - this.options.hours * 60 * MINUTE;
  }

  *[Symbol.iterator](): Generator<EcsEvent> {
    const o = this.options;
    this.manifest = null;
    const startMs = this.startMs;
    const r = new Prng(o.seed);
    const f = new EventFactory(r);
    const hosts: Host[] = [];
    const hostAt = (i: number): Host => (hosts[i] ??= new Host(o.seed, i));
    const schedule = new Schedule<EcsEvent>();
    let buffer: Array<[number, EcsEvent]> = [];
    let plants: PlantedSequence[] = [];
    const ctx: ScenarioContext = {
      r,
      f,
      host: () => hostAt(r.int(o.hosts)),
      otherHost: (h) => hostAt((h.index + 1 + r.int(o.hosts - 1)) % o.hosts),
      at: (ms, e) => void buffer.push([ms, e]),
      plant: (p) => void plants.push(p),
    };
    const tps: PlantedSequence[] = [];
    const nearMisses = zeroCounts();
    const recentNearMisses = zeroCounts();
    /** Builds a scenario at t; its events are kept only when all of them fall by the end. */
    const start = (s: Scenario, kind: ScenarioKind | 'planted', t: number, placed: boolean): number => {
      buffer = [];
      plants = [];
      s(ctx, t);
      if (buffer.some(([ms]) => ms > o.endMs)) {
        if (placed) throw new Error(`sample bug: a placed ${kind} at ${t} ends after the end`);
        return 0;
      }
      for (const [ms, e] of buffer) schedule.push(ms, e);
      tps.push(...plants);
      if (isNearMiss(kind)) {
        nearMisses[kind]++;
        if (placed && t >= o.endMs - FIRST_RUN_LOOKBACK_MS) recentNearMisses[kind]++;
      }
      return buffer.length;
    };

    const fixed = placements(o, r);
    const kinds = (Object.keys(SAMPLE_MIX) as ScenarioKind[]).filter((k) => SAMPLE_MIX[k] > 0);
    const weights = kinds.map((k) => SAMPLE_MIX[k]);
    const meanGapMs = 1000 / o.rate;
    let clock = startMs + r.exponential(meanGapMs);
    let next = 0;
    let events = 0;
    let last = -Infinity;
    const emitBefore = function* (t: number): Generator<EcsEvent> {
      while (schedule.peekTime() < t) {
        const e = schedule.pop()!;
        if (e.t < last) throw new Error(`sample bug: event at ${e.t} after ${last}`);
        last = e.t;
        events++;
        yield e.item;
      }
    };
    // background scenarios stop a scenario's length before the end (one that would pass it is dropped anyway)
    const backgroundEnd = o.endMs - LONGEST_SCENARIO_MS / 2;
    for (;;) {
      const placedNext = next < fixed.length ? fixed[next]!.t : Infinity;
      const bgNext = clock <= backgroundEnd ? Math.ceil(clock) : Infinity;
      const t = Math.min(placedNext, bgNext);
      if (t === Infinity) break;
      yield* emitBefore(t);
      if (placedNext <= bgNext) {
        const p = fixed[next++]!;
        start(p.scenario, p.kind, p.t, true);
      } else {
        const kind = r.weighted(kinds, weights);
        const n = start(SCENARIOS[kind], kind, t, false);
        clock += r.exponential(Math.max(n, 1) * meanGapMs);
      }
    }
    yield* emitBefore(Infinity);
    tps.sort((a, b) => a.timestamps[0] - b.timestamps[0]);
    this.manifest = {
      seed: o.seed,
      startMs,
      endMs: o.endMs,
      hosts: o.hosts,
      events,
      truePositives: tps.map((p) => ({ ...p, firstRunUntilMs: firstRunUntil(p, o.endMs) })),
      nearMisses,
      recentNearMisses,
    };
  }
}

function firstRunUntil(p: PlantedSequence, endMs: number): number | null {
  const until = p.timestamps[0] + FIRST_RUN_LOOKBACK_MS;
  return until > endMs ? until : null;
}

function isNearMiss(kind: string): kind is NearMissKind {
  return (NEAR_MISS_KINDS as readonly string[]).includes(kind);
}

function zeroCounts(): Record<NearMissKind, number> {
  return Object.fromEntries(NEAR_MISS_KINDS.map((k) => [k, 0])) as Record<NearMissKind, number>;
}

/** The sample's events (iterate, then read `.manifest`). */
export function sampleEvents(opts: SampleOptions): SampleStream {
  return new SampleStream(opts);
}

/**
 * The event file an event of the sample goes to, named as its index would be, so that a run over the files sees
 * the index a cluster would (rule.json reads `logs-endpoint.events.*`): `logs-<dataset>-<namespace>-<UTC day>`, e.g.
 * `logs-endpoint.events.process-default-2026.12.01.ndjson`.
 */
export function sampleFileName(e: EcsEvent): string {
  const ds = e.data_stream as { dataset: string; namespace: string; type: string };
  const day = (e['@timestamp'] as string).slice(0, 10).replaceAll('-', '.');
  return `${ds.type}-${ds.dataset}-${ds.namespace}-${day}.ndjson`;
}

/** The names sampleFileName gives (any day): what `generate` replaces, and refuses to replace without --force. */
export const SAMPLE_FILE = /^logs-endpoint\.events\.[a-z]+-default-\d{4}\.\d\d\.\d\d\.ndjson$/;
