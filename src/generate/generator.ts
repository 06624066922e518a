/**
 * The event generator: a seeded, streamed, time-ordered flow of Elastic Defend macOS events across a fleet, with
 * planted true positives of the seed rule and near misses around them.
 *
 * Scenarios start at a clock that advances as a Poisson process (so the output rate is about `rate` events/s);
 * their events go into a small look-ahead heap and leave it in time order. Memory is bounded by what is scheduled
 * ahead (about rate × the longest scenario), never by `count`. The exact count is kept by only starting a
 * scenario whose events all fit, with room reserved for the planted sequences still due.
 */
import { EventFactory, type EcsEvent } from './ecs.js';
import { Host } from './hosts.js';
import { Prng } from './prng.js';
import {
  DEFAULT_MIX,
  oneConnection,
  planted,
  PLANTED_MAX_EVENTS,
  SCENARIOS,
  type PlantedSequence,
  type Scenario,
  type ScenarioContext,
  type ScenarioKind,
} from './scenarios.js';
import { Schedule } from './schedule.js';

export interface GenerateOptions {
  /** Number of events, exactly. */
  count: number;
  /** Fleet size; default 50. */
  hosts?: number;
  /** Default 1. The same options give the same events, byte for byte. */
  seed?: number;
  /** First timestamp (ISO string or epoch ms); default 2024-06-03T09:00:00.000Z. */
  start?: string | number;
  /** Average events per second across the fleet; default 1000. */
  rate?: number;
  /** True sequences of rule.json to plant, spread over the stream; default count / 5000. */
  planted?: number;
  /** Relative weights of the scenarios; default DEFAULT_MIX. */
  mix?: Partial<Record<ScenarioKind, number>>;
}

export const DEFAULT_START = '2024-06-03T09:00:00.000Z';

export interface GeneratorSummary {
  events: number;
  firstMs: number;
  lastMs: number;
  /** Scenarios started, by kind (`planted` and the single-event `filler` included). */
  scenarios: Record<string, number>;
  /** Most events scheduled ahead at once (the generator's memory). */
  scheduledPeak: number;
}

/** A re-iterable stream: each iteration replays the same events from the seed. */
export class EventStream implements Iterable<EcsEvent> {
  /** Filled while iterating; complete once the iteration ended. */
  planted: PlantedSequence[] = [];
  summary: GeneratorSummary | null = null;
  readonly options: Required<Omit<GenerateOptions, 'start' | 'mix'>> & {
    startMs: number;
    mix: Record<ScenarioKind, number>;
  };

  constructor(opts: GenerateOptions) {
    const count = opts.count;
    if (!Number.isSafeInteger(count) || count < 0)
      throw new RangeError(`count must be a non-negative integer`);
    const hosts = opts.hosts ?? 50;
    if (!Number.isSafeInteger(hosts) || hosts < 1) throw new RangeError('hosts must be a positive integer');
    const rate = opts.rate ?? 1000;
    if (!(rate > 0) || !Number.isFinite(rate)) throw new RangeError('rate must be a positive number');
    const plantedCount = opts.planted ?? Math.floor(count / 5000);
    if (!Number.isSafeInteger(plantedCount) || plantedCount < 0)
      throw new RangeError('planted must be a non-negative integer');
    if (plantedCount * PLANTED_MAX_EVENTS > count)
      throw new RangeError(
        `${plantedCount} planted sequences need up to ${plantedCount * PLANTED_MAX_EVENTS} events`,
      );
    const startMs = typeof opts.start === 'number' ? opts.start : Date.parse(opts.start ?? DEFAULT_START);
    if (!Number.isFinite(startMs)) throw new RangeError(`start is not a date: ${String(opts.start)}`);
    const mix = { ...DEFAULT_MIX, ...opts.mix };
    if (hosts < 2) mix.installerWrongHost = 0;
    if (Object.values(mix).every((w) => !(w > 0))) throw new RangeError('mix has no positive weight');
    this.options = { count, hosts, seed: opts.seed ?? 1, rate, planted: plantedCount, startMs, mix };
  }

  *[Symbol.iterator](): Generator<EcsEvent> {
    const { count, hosts: hostCount, seed, rate, planted: plantedCount, startMs, mix } = this.options;
    this.planted = [];
    this.summary = null;
    const r = new Prng(seed);
    const f = new EventFactory(r);
    const hosts: Host[] = [];
    const hostAt = (i: number): Host => (hosts[i] ??= new Host(seed, i));
    const kinds = (Object.keys(mix) as ScenarioKind[]).filter((k) => mix[k] > 0);
    const weights = kinds.map((k) => mix[k]);
    const schedule = new Schedule<EcsEvent>();
    const scenarios: Record<string, number> = {};

    let buffer: Array<[number, EcsEvent]> = [];
    let plants: PlantedSequence[] = [];
    const ctx: ScenarioContext = {
      r,
      f,
      host: () => hostAt(r.int(hostCount)),
      otherHost: (h) => (hostCount < 2 ? null : hostAt((h.index + 1 + r.int(hostCount - 1)) % hostCount)),
      at: (ms, e) => void buffer.push([ms, e]),
      plant: (p) => void plants.push(p),
    };
    const build = (s: Scenario, t: number): void => {
      buffer = [];
      plants = [];
      s(ctx, t);
    };
    const commit = (name: string): void => {
      for (const [ms, e] of buffer) schedule.push(ms, e);
      for (const p of plants) this.planted.push(p);
      scenarios[name] = (scenarios[name] ?? 0) + 1;
    };

    const meanGapMs = 1000 / rate;
    // planted sequences start evenly over the first 90% of the stream
    const plantDue = (i: number): number => Math.floor(((i + 0.5) * count * 0.9) / plantedCount);
    let clock = startMs;
    let emitted = 0;
    let plantedDone = 0;
    let lastMs = -Infinity;
    let firstMs = NaN;
    let scheduledPeak = 0;

    while (emitted < count) {
      if (schedule.peekTime() > clock) {
        const reserved = (plantedCount - plantedDone) * PLANTED_MAX_EVENTS;
        const free = count - emitted - schedule.size - reserved;
        const t = Math.ceil(clock);
        let started = 0;
        if (plantedDone < plantedCount && (emitted >= plantDue(plantedDone) || free <= 0)) {
          build(planted, t);
          commit('planted');
          plantedDone++;
          started = buffer.length;
        } else if (free > 0) {
          const kind = r.weighted(kinds, weights);
          build(SCENARIOS[kind], t);
          if (buffer.length <= free) {
            commit(kind);
          } else {
            build(oneConnection, t);
            commit('filler');
          }
          started = buffer.length;
        }
        if (schedule.size > scheduledPeak) scheduledPeak = schedule.size;
        if (started > 0) {
          clock += r.exponential(started * meanGapMs);
          continue;
        }
        // nothing may start: drain what is scheduled
        clock = schedule.peekTime();
      }
      const next = schedule.pop()!;
      if (next.t < lastMs) throw new Error(`generator bug: event at ${next.t} after ${lastMs}`);
      lastMs = next.t;
      if (emitted === 0) firstMs = next.t;
      emitted++;
      yield next.item;
    }
    this.summary = { events: emitted, firstMs, lastMs, scenarios, scheduledPeak };
  }
}

/** The events of `opts`, streamed; `.planted` lists the sequences rule.json must find once iterated. */
export function generateEvents(opts: GenerateOptions): EventStream {
  return new EventStream(opts);
}
