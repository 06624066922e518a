import { expect } from 'chai';
import type { EngineEvent } from '../../src/engine/event.js';
import { DuplicateFilter } from '../../src/engine/duplicates.js';

const ev = (ts: number, source: Record<string, unknown>, nanos = 0): EngineEvent =>
  ({ index: 'i', id: String(ts), source, ordinal: { ts, nanos, tiebreaker: null, seq: 0 } }) as EngineEvent;

describe('duplicate filter (--dedup)', () => {
  it('drops a copy within a run of equal timestamps, wherever it falls in the run', () => {
    const f = new DuplicateFilter();
    const got = [
      ev(1, { a: 1 }),
      ev(1, { a: 2 }),
      ev(1, { a: 1 }), // copy of the first, after another event of the same instant
      ev(1, { a: 2 }),
      ev(2, { a: 1 }), // the same content at another instant is another event
      ev(2, { a: 1 }, 5), // and so at another nanosecond
      ev(2, { a: 1 }, 5),
    ].map((e) => f.isDuplicate(e));
    expect(got).to.deep.equal([false, false, true, true, false, false, true]);
    expect(f.dropped).to.equal(3);
  });

  it('keeps events that differ in any value, nested ones included', () => {
    const f = new DuplicateFilter();
    expect(f.isDuplicate(ev(1, { p: { name: 'a', pid: 1 } }))).to.equal(false);
    expect(f.isDuplicate(ev(1, { p: { name: 'a', pid: 2 } }))).to.equal(false);
    expect(f.isDuplicate(ev(1, { p: { name: 'a', pid: 1 } }))).to.equal(true);
  });
});
