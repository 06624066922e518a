import { expect } from 'chai';
import type { EngineEvent } from '../../../src/engine/event.js';
import { layoutOf } from '../../../src/engine/sequence/layout.js';
import { SequenceMatcher, type CompletedSequence } from '../../../src/engine/sequence/matcher.js';
import { compareOrdinals, compareTiebreakers, exceedsSpan } from '../../../src/engine/event.js';

function event(seq: number, ts: number, nanos = 0): EngineEvent {
  return { index: 'i', id: String(seq), source: {}, ordinal: { ts, nanos, tiebreaker: null, seq } };
}

function matcher(stages: boolean[], maxspanMs: number | null) {
  const out: CompletedSequence[] = [];
  const m = new SequenceMatcher({ layout: layoutOf(stages), maxspanMs, emit: (s) => out.push(s) });
  return { m, out };
}

const ids = (s: CompletedSequence) => s.events.map((e) => ('missing' in e ? '-' : (e as EngineEvent).id));

describe('sequence ordinals', () => {
  it('orders by timestamp, nanos, tiebreaker (null last), then input position', () => {
    const o = (ts: number, nanos: number, tiebreaker: string | number | null, seq: number) => ({
      ts,
      nanos,
      tiebreaker,
      seq,
    });
    expect(compareOrdinals(o(1, 0, null, 5), o(2, 0, null, 1))).to.be.lessThan(0);
    expect(compareOrdinals(o(1, 5, null, 1), o(1, 4, null, 2))).to.be.greaterThan(0);
    expect(compareOrdinals(o(1, 0, 3, 9), o(1, 0, 10, 1))).to.be.lessThan(0);
    expect(compareOrdinals(o(1, 0, null, 1), o(1, 0, 10, 2))).to.be.greaterThan(0);
    expect(compareOrdinals(o(1, 0, 'b', 1), o(1, 0, 'a', 2))).to.be.greaterThan(0);
    expect(compareOrdinals(o(1, 0, 7, 1), o(1, 0, 7, 2))).to.be.lessThan(0);
    expect(compareTiebreakers(2, 'a')).to.be.lessThan(0);
  });

  it('treats maxspan as inclusive at nanosecond precision', () => {
    expect(exceedsSpan(0, 0, 5, 0, 5)).to.equal(false);
    expect(exceedsSpan(0, 0, 5, 1, 5)).to.equal(true);
    expect(exceedsSpan(0, 10, 5, 10, 5)).to.equal(false);
    expect(exceedsSpan(0, 999_999, 6, 0, 5)).to.equal(true);
    expect(exceedsSpan(0, 999_999, 5, 999_999, 5)).to.equal(false);
    expect(exceedsSpan(0, 0, 6, 0, 5)).to.equal(true);
    expect(exceedsSpan(0, 0, 4, 999_999, 5)).to.equal(false);
  });
});

describe('SequenceMatcher', () => {
  it('extends the latest waiting sequence and drops older ones of the key', () => {
    const { m, out } = matcher([false, false], null);
    m.match(0, 'k', ['k'], event(1, 1));
    m.match(0, 'k', ['k'], event(2, 2));
    m.match(1, 'k', ['k'], event(3, 3));
    m.match(1, 'k', ['k'], event(4, 4));
    expect(out.map(ids)).to.deep.equal([['2', '3']]);
    expect(out[0].joinKeys).to.deep.equal(['k']);
    expect(m.stats().partialsAlive).to.equal(0);
    expect(m.keyCount).to.equal(0);
  });

  it('counts maxspan rejections and until discards', () => {
    const { m, out } = matcher([false, false], 10);
    m.advance(1, 0);
    m.match(0, 'a', ['a'], event(1, 1));
    m.advance(20, 0);
    // the expired partial was pruned by time before this event could see it
    m.match(1, 'a', ['a'], event(2, 20));
    m.match(0, 'b', ['b'], event(3, 20));
    m.until('b');
    m.advance(21, 0);
    m.match(1, 'b', ['b'], event(4, 21));
    expect(out).to.have.length(0);
    const s = m.stats();
    expect(s.expiredByMaxspan).to.equal(1);
    expect(s.rejectedByUntil).to.equal(1);
    expect(s.partialsAlive).to.equal(0);
    expect(s.partialsAlivePeak).to.equal(1);
  });

  it('rejects by maxspan when the partial is still held (no advance)', () => {
    const { m, out } = matcher([false, false], 10);
    m.match(0, 'a', ['a'], event(1, 1));
    m.match(1, 'a', ['a'], event(2, 12));
    expect(out).to.have.length(0);
    expect(m.stats().rejectedByMaxspan).to.equal(1);
  });

  it('keeps memory bounded by maxspan, not by the number of keys (1,000,000 keys)', () => {
    const { m } = matcher([false, false], 15_000);
    for (let i = 0; i < 1_000_000; i++) {
      const ts = i; // one event per millisecond, every one with a new key
      m.advance(ts, 0);
      m.match(0, 'k' + i, [i], event(i, ts));
    }
    const s = m.stats();
    expect(s.partialsAlivePeak).to.be.at.most(15_001);
    expect(s.partialsAlive).to.be.at.most(15_001);
    expect(m.keyCount).to.be.at.most(15_001);
    expect(s.expiredByMaxspan).to.be.at.least(1_000_000 - 15_001);
  });

  it('holds a sequence with a trailing missing stage until maxspan has passed, keeping output order', () => {
    const { m, out } = matcher([false, true], 10);
    m.advance(1, 0);
    m.match(0, 'a', ['a'], event(1, 1));
    m.advance(2, 0);
    m.match(0, 'b', ['b'], event(2, 2));
    expect(out).to.have.length(0);
    m.advance(5, 0);
    m.missing(0, 'b', ['b'], event(3, 5));
    // b is rejected, a still waits
    expect(out).to.have.length(0);
    m.advance(12, 0);
    expect(out.map(ids)).to.deep.equal([['1', '-']]);
    expect(m.stats().rejectedByMissing).to.equal(1);
  });

  it('accepts waiting sequences at the end of input', () => {
    const { m, out } = matcher([false, true], null);
    m.match(0, 'a', ['a'], event(1, 1));
    expect(out).to.have.length(0);
    m.finish();
    expect(out.map(ids)).to.deep.equal([['1', '-']]);
  });

  it('without maxspan any later trailing event discards', () => {
    const { m, out } = matcher([false, true], null);
    m.match(0, 'a', ['a'], event(1, 1));
    m.missing(0, 'a', ['a'], event(2, 1_000_000));
    m.finish();
    expect(out).to.have.length(0);
  });
});
