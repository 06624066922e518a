/**
 * Sequence correlation over a stream sorted by ordinal, giving Elasticsearch's answers.
 *
 * Elasticsearch keeps, per join key and stage, the in-flight sequences in ordinal order; an event for stage s
 * takes the most recent sequence waiting at stage s-1 and discards it together with every older one. Fed in
 * ordinal order, every waiting sequence is older than the event, so the whole group is consumed each time: one
 * slot per key and stage is enough, and a newer sequence reaching a stage replaces the one waiting there.
 * Callers feed one event's stage matches from the last stage down, so an event never extends a sequence it
 * started itself.
 *
 * maxspan is inclusive and measured from the first event; a sequence whose start is more than maxspan behind the
 * stream can never complete and is dropped by time through a FIFO in start order (O(1) amortised per event), which
 * bounds memory by what is alive within maxspan, not by the number of keys seen.
 *
 * `until`: an until event discards the partial sequences of its key (an event that both extends a sequence and
 * matches until still extends it first, as in Elasticsearch, where the until check looks strictly before the
 * extending event).
 *
 * Missing events `![...]` are checked once the positive stages complete, the way Elasticsearch queries them:
 * between neighbours any event with a timestamp strictly between theirs (in milliseconds) discards the sequence;
 * leading stages look for the latest event before the first one, trailing stages for the earliest after the last
 * one, and those only discard when the span they make (leading..last, first..trailing, or leading..trailing when
 * both ends are missing) is within maxspan.
 *
 * One room, though near 400 lines: positive stages, expiry by maxspan, `until` and the missing-event checks all
 * act on one per-key state (slots, missing buffers, pending candidates, released together) and one ordered output
 * (a candidate waiting for a trailing event holds back every later sequence); apart, they would share that state
 * through calls between objects on the per-event path.
 */
import type { EngineEvent } from '../event.js';
import type { MatcherStats, MissingEvent } from '../results.js';
import { Fifo } from './fifo.js';
import type { SequenceLayout } from './layout.js';
import { exceedsSpan } from '../event.js';
import { emptyStats } from './stats.js';

export interface CompletedSequence {
  joinKeys: unknown[];
  events: Array<EngineEvent | MissingEvent>;
}

class Partial {
  alive = true;
  readonly events: EngineEvent[];
  constructor(
    readonly key: KeyState,
    first: EngineEvent,
    size: number,
  ) {
    this.events = new Array<EngineEvent>(size);
    this.events[0] = first;
  }
}

const PENDING = 0;
const ACCEPTED = 1;
const REJECTED = 2;

class Candidate {
  state = PENDING;
  /** Timestamp the first trailing event is measured from (start, or the latest leading missing event). */
  refTs = 0;
  refNanos = 0;
  constructor(
    readonly key: KeyState,
    readonly events: EngineEvent[],
  ) {}
}

class KeyState {
  readonly slots: (Partial | null)[];
  live = 0;
  /** Per missing stage: events that matched it, in stream order (only when the query has missing stages). */
  readonly missing: EngineEvent[][] | null;
  pending: Candidate[] | null = null;
  constructor(
    readonly id: string,
    readonly values: unknown[],
    stages: number,
    missingStages: number,
  ) {
    this.slots = new Array<Partial | null>(stages).fill(null);
    this.missing = missingStages > 0 ? Array.from({ length: missingStages }, () => []) : null;
  }
}

export interface MatcherOptions {
  layout: SequenceLayout;
  maxspanMs: number | null;
  /** Receives every accepted sequence, in the order of their last event. */
  emit: (s: CompletedSequence) => void;
}

export class SequenceMatcher {
  private readonly keys = new Map<string, KeyState>();
  private readonly layout: SequenceLayout;
  private readonly positives: number;
  private readonly maxspan: number | null;
  private readonly emit: (s: CompletedSequence) => void;
  private readonly starts = new Fifo<Partial>();
  private readonly missingSeen = new Fifo<{ key: KeyState; stage: number }>();
  /** Candidates in completion order; released in that order once decided. */
  private readonly out = new Fifo<Candidate>();
  /** Candidates waiting for a trailing event, in completion order (so their deadlines are ordered too). */
  private readonly waiting = new Fifo<Candidate>();
  private readonly s: MatcherStats = emptyStats();
  private nowTs = -Infinity;
  private nowNanos = 0;

  constructor(opts: MatcherOptions) {
    this.layout = opts.layout;
    this.positives = opts.layout.positiveCount;
    this.maxspan = opts.maxspanMs !== null && opts.maxspanMs > 0 ? opts.maxspanMs : null;
    this.emit = opts.emit;
  }

  stats(): MatcherStats {
    return { ...this.s };
  }

  /** Number of keys holding state; for tests of memory bounds. */
  get keyCount(): number {
    return this.keys.size;
  }

  /** Moves the clock to the event about to be matched and drops what can no longer matter. */
  advance(ts: number, nanos: number): void {
    // events sharing a timestamp cannot expire anything new
    if (ts === this.nowTs && nanos === this.nowNanos) return;
    this.nowTs = ts;
    this.nowNanos = nanos;
    const span = this.maxspan;
    if (span === null) return;
    for (let p = this.starts.peek(); p !== undefined; p = this.starts.peek()) {
      if (p.alive) {
        const first = p.events[0].ordinal;
        if (!exceedsSpan(first.ts, first.nanos, ts, nanos, span)) break;
        this.s.expiredByMaxspan++;
        this.kill(p);
      }
      this.starts.shift();
    }
    for (let m = this.missingSeen.peek(); m !== undefined; m = this.missingSeen.peek()) {
      const buf = m.key.missing![m.stage];
      const o = buf[0].ordinal;
      if (!exceedsSpan(o.ts, o.nanos, ts, nanos, span)) break;
      buf.shift();
      this.missingSeen.shift();
      this.release(m.key);
    }
    let decided = false;
    for (let c = this.waiting.peek(); c !== undefined; c = this.waiting.peek()) {
      if (c.state === PENDING) {
        const last = c.events[this.positives - 1].ordinal;
        // once the stream is past last+maxspan, no trailing event can fall within maxspan of the reference
        if (!exceedsSpan(last.ts, last.nanos, ts, nanos, span)) break;
        this.decide(c, ACCEPTED);
        decided = true;
      }
      this.waiting.shift();
    }
    if (decided) this.flush();
  }

  /** An event matched positive stage `stage` with the given key. */
  match(stage: number, id: string, values: unknown[], e: EngineEvent): void {
    this.s.stageHits++;
    let ks = this.keys.get(id);
    if (stage === 0) {
      if (this.positives === 1) {
        if (ks === undefined) ks = this.keyState(id, values);
        this.complete(ks, [e]);
        return;
      }
      if (ks === undefined) ks = this.keyState(id, values);
      const old = ks.slots[0];
      const p = new Partial(ks, e, this.positives);
      ks.slots[0] = p;
      ks.live++;
      if (++this.s.partialsAlive > this.s.partialsAlivePeak) this.s.partialsAlivePeak = this.s.partialsAlive;
      if (this.maxspan !== null) this.starts.push(p);
      // after the new one is in, so the key is not released in between
      if (old !== null) this.dead(old);
      return;
    }
    if (ks === undefined) return;
    const p = ks.slots[stage - 1];
    if (p === null) return;
    ks.slots[stage - 1] = null;
    const first = p.events[0].ordinal;
    if (
      this.maxspan !== null &&
      exceedsSpan(first.ts, first.nanos, e.ordinal.ts, e.ordinal.nanos, this.maxspan)
    ) {
      this.s.rejectedByMaxspan++;
      this.dead(p);
      return;
    }
    p.events[stage] = e;
    if (stage === this.positives - 1) {
      this.complete(ks, p.events);
      this.dead(p);
      return;
    }
    const old = ks.slots[stage];
    ks.slots[stage] = p;
    if (old !== null) this.dead(old);
  }

  /** An `until` event for the key: its partial sequences are discarded. */
  until(id: string): void {
    this.s.stageHits++;
    const ks = this.keys.get(id);
    if (ks === undefined || ks.live === 0) return;
    for (let i = 0; i < ks.slots.length; i++) {
      const p = ks.slots[i];
      if (p !== null) {
        this.s.rejectedByUntil++;
        this.kill(p);
      }
    }
  }

  /** An event matched missing stage `stage` (index among the missing stages). */
  missing(stage: number, id: string, values: unknown[], e: EngineEvent): void {
    this.s.stageHits++;
    let ks = this.keys.get(id);
    if (this.layout.missing[stage].kind === 'trailing' && ks !== undefined && ks.pending !== null) {
      const o = e.ordinal;
      for (const c of ks.pending.slice()) {
        if (c.state !== PENDING) continue;
        const last = c.events[this.positives - 1].ordinal;
        if (!afterMs(o.ts, o.nanos, last.ts)) continue;
        this.decide(c, this.biggerThanSpan(c.refTs, c.refNanos, o.ts, o.nanos) ? ACCEPTED : REJECTED);
      }
      this.flush();
    }
    if (ks === undefined) ks = this.keyState(id, values);
    ks.missing![stage].push(e);
    this.missingSeen.push({ key: ks, stage });
  }

  /** End of input: sequences still waiting for a trailing event are accepted. */
  finish(): void {
    for (let c = this.out.peek(); c !== undefined; c = this.out.peek()) {
      if (c.state === PENDING) this.decide(c, ACCEPTED);
      this.flush();
    }
  }

  private keyState(id: string, values: unknown[]): KeyState {
    const ks = new KeyState(id, values, this.positives - 1, this.layout.missing.length);
    this.keys.set(id, ks);
    return ks;
  }

  /** A partial leaves its slot for good (replaced, expired, until). */
  private kill(p: Partial): void {
    const slots = p.key.slots;
    for (let i = 0; i < slots.length; i++) if (slots[i] === p) slots[i] = null;
    this.dead(p);
  }

  private dead(p: Partial): void {
    if (!p.alive) return;
    p.alive = false;
    p.key.live--;
    this.s.partialsAlive--;
    this.release(p.key);
  }

  /** Forgets a key that holds nothing any more, so memory follows live state rather than keys seen. */
  private release(ks: KeyState): void {
    if (ks.live > 0 || ks.pending !== null) return;
    if (ks.missing !== null) for (const b of ks.missing) if (b.length > 0) return;
    if (this.keys.get(ks.id) === ks) this.keys.delete(ks.id);
  }

  private biggerThanSpan(fromTs: number, fromNanos: number, toTs: number, toNanos: number): boolean {
    return this.maxspan !== null && exceedsSpan(fromTs, fromNanos, toTs, toNanos, this.maxspan);
  }

  private complete(ks: KeyState, events: EngineEvent[]): void {
    if (this.layout.missing.length === 0) {
      // nothing to check, nothing held back: out of order emission is impossible
      this.s.completed++;
      this.emit({ joinKeys: ks.values, events });
      return;
    }
    const c = new Candidate(ks, events);
    this.out.push(c);
    this.checkMissing(c);
    this.flush();
  }

  private checkMissing(c: Candidate): void {
    const ks = c.key;
    const ev = c.events;
    const first = ev[0].ordinal;
    const last = ev[this.positives - 1].ordinal;
    let leading: EngineEvent | null = null;
    let trailing: EngineEvent | null = null;
    for (let m = 0; m < this.layout.missing.length; m++) {
      const spec = this.layout.missing[m];
      const buf = ks.missing![m];
      if (spec.kind === 'between') {
        const lo = ev[spec.prev].ordinal.ts;
        const hi = ev[spec.next].ordinal.ts;
        for (const x of buf) {
          if (afterMs(x.ordinal.ts, x.ordinal.nanos, lo) && x.ordinal.ts < hi)
            return this.decide(c, REJECTED);
        }
      } else if (spec.kind === 'leading') {
        for (let i = buf.length - 1; i >= 0; i--) {
          if (buf[i].ordinal.ts < first.ts) {
            if (leading === null || later(buf[i], leading)) leading = buf[i];
            break;
          }
        }
      } else {
        // only date_nanos can put a trailing event in the last event's millisecond, before it in the stream
        for (const x of buf) {
          if (afterMs(x.ordinal.ts, x.ordinal.nanos, last.ts)) {
            if (trailing === null || later(trailing, x)) trailing = x;
            break;
          }
        }
      }
    }
    const { hasLeading, hasTrailing } = this.layout;
    if (!hasTrailing) {
      const accept =
        leading === null ||
        this.biggerThanSpan(leading.ordinal.ts, leading.ordinal.nanos, last.ts, last.nanos);
      return this.decide(c, accept ? ACCEPTED : REJECTED);
    }
    if (hasLeading && leading === null) return this.decide(c, ACCEPTED);
    const ref = hasLeading ? leading!.ordinal : first;
    c.refTs = ref.ts;
    c.refNanos = ref.nanos;
    if (trailing !== null) {
      const t = trailing.ordinal;
      return this.decide(c, this.biggerThanSpan(ref.ts, ref.nanos, t.ts, t.nanos) ? ACCEPTED : REJECTED);
    }
    if (ks.pending === null) ks.pending = [];
    ks.pending.push(c);
    this.waiting.push(c);
  }

  private decide(c: Candidate, state: number): void {
    c.state = state;
    if (state === REJECTED) this.s.rejectedByMissing++;
    const ks = c.key;
    if (ks.pending !== null) {
      const i = ks.pending.indexOf(c);
      if (i >= 0) ks.pending.splice(i, 1);
      if (ks.pending.length === 0) {
        ks.pending = null;
        this.release(ks);
      }
    }
  }

  private flush(): void {
    for (let c = this.out.peek(); c !== undefined && c.state !== PENDING; c = this.out.peek()) {
      this.out.shift();
      if (c.state === ACCEPTED) {
        this.s.completed++;
        this.emit({ joinKeys: c.key.values, events: this.withPlaceholders(c.events) });
      }
    }
  }

  private withPlaceholders(events: EngineEvent[]): Array<EngineEvent | MissingEvent> {
    if (this.layout.missing.length === 0) return events;
    return this.layout.stages.map((s) =>
      s.missing ? { missing: true as const, index: '' } : events[s.index],
    );
  }

  /** The stream position, for diagnostics. */
  get now(): { ts: number; nanos: number } {
    return { ts: this.nowTs, nanos: this.nowNanos };
  }
}

/** `(ts, nanos) > (ms, 0)`: Elasticsearch's `gt` range on epoch milliseconds. */
function afterMs(ts: number, nanos: number, ms: number): boolean {
  return ts > ms || (ts === ms && nanos > 0);
}

function later(a: EngineEvent, b: EngineEvent): boolean {
  const x = a.ordinal;
  const y = b.ordinal;
  return x.ts > y.ts || (x.ts === y.ts && x.nanos > y.nanos);
}
