import { expect } from 'chai';
import type { SampleQuery, Statement } from '../../src/eql/syntax/ast.js';
import { createCoreExecutor } from '../../src/engine/executor-core.js';
import { compareKeyTuples, compositeKey } from '../../src/engine/key-codec.js';
import { applyLimits, limitOps, ResultCollector } from '../../src/engine/limits.js';
import type { EngineEvent } from '../../src/engine/event.js';
import type { QueryResult } from '../../src/engine/results.js';
import { build } from '../../src/engine/sample/sampler.js';
import { ev, eventQuery, field, pipe, rowCompiler, sequence, stage } from './support/engine-fixtures.js';

const ids = (rs: QueryResult[]) =>
  rs.map((r) =>
    r.kind === 'event'
      ? r.event.id
      : r.events.map((e) => ('missing' in e ? '-' : (e as EngineEvent).id)).join(' '),
  );

function run(stmt: Statement, events: EngineEvent[], size = 50, maxSamplesPerKey = 1): QueryResult[] {
  const ex = createCoreExecutor(stmt, { size, maxSamplesPerKey }, rowCompiler);
  for (const e of events) ex.push(e);
  return ex.finish();
}

describe('limits', () => {
  const list = [1, 2, 3, 4, 5, 6];
  it('apply pipes in order then size as a head', () => {
    expect(applyLimits(list, limitOps([pipe('tail', 3)], 10))).to.deep.equal([4, 5, 6]);
    expect(applyLimits(list, limitOps([pipe('tail', 3)], 2))).to.deep.equal([4, 5]);
    expect(applyLimits(list, limitOps([pipe('head', 4), pipe('tail', 2)], 10))).to.deep.equal([3, 4]);
    expect(applyLimits(list, limitOps([pipe('tail', 4), pipe('head', 1)], 10))).to.deep.equal([3]);
    expect(applyLimits(list, limitOps([pipe('head', 2), pipe('head', 5)], 10))).to.deep.equal([1, 2]);
  });

  it('collect with bounded memory and the same answer', () => {
    for (const ops of [
      limitOps([pipe('tail', 3)], 10),
      limitOps([pipe('head', 4), pipe('tail', 2)], 10),
      limitOps([], 3),
      limitOps([pipe('tail', 0)], 10),
    ]) {
      const c = new ResultCollector<number>(ops);
      const all = Array.from({ length: 1000 }, (_, i) => i);
      for (const x of all) c.add(x);
      expect(c.finish()).to.deep.equal(applyLimits(all, ops));
    }
    const c = new ResultCollector<number>(limitOps([pipe('head', 2)], 10));
    c.add(1);
    expect(c.done).to.equal(false);
    c.add(2);
    expect(c.done).to.equal(true);
    expect(c.drain()).to.deep.equal([1, 2]);
  });

  it('are done before the first result when any limit is zero', () => {
    for (const ops of [limitOps([pipe('tail', 0)], 10), limitOps([pipe('head', 5), pipe('tail', 0)], 10)])
      expect(new ResultCollector<number>(ops).done).to.equal(true);
    expect(new ResultCollector<number>(limitOps([pipe('tail', 1)], 10)).done).to.equal(false);
  });
});

describe('event queries', () => {
  const stmt = (pipes: Statement['pipes'] = []): Statement => ({ query: eventQuery('A'), pipes, source: '' });
  const events = [1, 2, 3, 4, 5].map((t) => ev(t, t % 2 ? ['A'] : ['B'], {}, 'e' + t));

  it('return matching events in input order, capped by size (default 10)', () => {
    expect(ids(run(stmt(), events))).to.deep.equal(['e1', 'e3', 'e5']);
    expect(ids(run(stmt(), events, 2))).to.deep.equal(['e1', 'e3']);
    const ex = createCoreExecutor(stmt(), {}, rowCompiler);
    for (let i = 0; i < 30; i++) ex.push(ev(i, ['A']));
    expect(ex.finish()).to.have.length(10);
  });

  it('report done once head is reached', () => {
    const ex = createCoreExecutor(stmt([pipe('head', 1)]), { size: 50 }, rowCompiler);
    ex.push(events[0]);
    expect(ex.done).to.equal(true);
    expect(ids(ex.drain())).to.deep.equal(['e1']);
  });

  it('tail returns the last ones ascending', () => {
    expect(ids(run(stmt([pipe('tail', 2)]), events))).to.deep.equal(['e3', 'e5']);
  });
});

describe('sequence join keys', () => {
  it('drop events with a null non-optional key, keep null for an optional one', () => {
    const evs = [ev(1, ['A'], { k: null }, 'a1'), ev(2, ['B'], { k: null }, 'b2')];
    expect(run(sequence([stage('A'), stage('B')], { by: ['k'] }), evs)).to.have.length(0);
    const r = run(sequence([stage('A'), stage('B')], { by: ['?k'] }), evs);
    expect(ids(r)).to.deep.equal(['a1 b2']);
    expect(r[0].kind === 'sequence' && r[0].joinKeys).to.deep.equal([null]);
  });

  it('correlate a multi-valued key under each distinct value, in value order', () => {
    const evs = [ev(1, ['A'], { k: ['y', 'x', 'x'] }, 'a1'), ev(2, ['B'], { k: ['x', 'y', 'z'] }, 'b2')];
    const r = run(sequence([stage('A'), stage('B')], { by: ['k'] }), evs);
    expect(ids(r)).to.deep.equal(['a1 b2', 'a1 b2']);
    expect(r.map((x) => x.kind !== 'event' && x.joinKeys)).to.deep.equal([['x'], ['y']]);
  });

  it('pair a scalar key with each value of a multi-valued one, and need every non-optional key', () => {
    const evs = [ev(1, ['A'], { h: 'h', k: ['y', 'x'] }, 'a1'), ev(2, ['B'], { h: 'h', k: 'x' }, 'b2')];
    const r = run(sequence([stage('A'), stage('B')], { by: ['h', 'k'] }), evs);
    expect(ids(r)).to.deep.equal(['a1 b2']);
    expect(r[0].kind !== 'event' && r[0].joinKeys).to.deep.equal(['h', 'x']);
    const bare = [ev(1, ['A'], { h: 'h' }, 'a1'), ev(2, ['B'], { h: 'h' }, 'b2')];
    expect(run(sequence([stage('A'), stage('B')], { by: ['h', 'k'] }), bare)).to.have.length(0);
    const opt = run(sequence([stage('A'), stage('B')], { by: ['h', '?k'] }), bare);
    expect(opt[0].kind !== 'event' && opt[0].joinKeys).to.deep.equal(['h', null]);
  });

  it('combine sequence and stage keys positionally', () => {
    const evs = [ev(1, ['A'], { h: 'h', p: 1 }, 'a1'), ev(2, ['B'], { h: 'h', q: 1 }, 'b2')];
    const r = run(sequence([stage('A', { by: ['p'] }), stage('B', { by: ['q'] })], { by: ['h'] }), evs);
    expect(ids(r)).to.deep.equal(['a1 b2']);
    expect(r[0].kind !== 'event' && r[0].joinKeys).to.deep.equal(['h', 1]);
  });

  it('keep types apart and compare case-sensitively', () => {
    expect(compositeKey([1])).to.not.equal(compositeKey(['1']));
    expect(compositeKey(['a\u0000b', 'c'])).to.not.equal(compositeKey(['a', 'b\u0000c']));
    expect(compositeKey(['A'])).to.not.equal(compositeKey(['a']));
    expect(compositeKey([null])).to.not.equal(compositeKey(['null']));
    const evs = [ev(1, ['A'], { k: 'X' }, 'a1'), ev(2, ['B'], { k: 'x' }, 'b2')];
    expect(run(sequence([stage('A'), stage('B')], { by: ['k'] }), evs)).to.have.length(0);
  });
});

describe('samples', () => {
  const sample = (by: string[], stages: Array<{ cat: string; by?: string[] }>): Statement => {
    const q: SampleQuery = {
      type: 'sample',
      by: by.map((n) => field(n)),
      stages: stages.map((s) => ({
        query: eventQuery(s.cat),
        by: (s.by ?? []).map((n) => field(n)),
        span: { start: 0, end: 0 },
      })),
      span: { start: 0, end: 0 },
    };
    return { query: q, pipes: [], source: '' };
  };

  it('order samples by key tuple (null first) with events in filter order, each event once per sample', () => {
    const evs = [
      ev(0, ['A', 'B'], { k: 'b' }, '1'),
      ev(0, ['B'], { k: 'b' }, '2'),
      ev(0, ['A'], { k: 'a' }, '3'),
      ev(0, ['B'], { k: 'a' }, '4'),
      ev(0, ['A'], {}, '5'),
      ev(0, ['B'], {}, '6'),
      ev(0, ['A'], { k: 'c' }, '7'),
    ];
    expect(ids(run(sample(['?k'], [{ cat: 'A' }, { cat: 'B' }]), evs))).to.deep.equal(['5 6', '3 4', '1 2']);
    expect(ids(run(sample(['k'], [{ cat: 'A' }, { cat: 'B' }]), evs))).to.deep.equal(['3 4', '1 2']);
    expect(ids(run(sample(['k'], [{ cat: 'A' }, { cat: 'B' }]), evs, 1))).to.deep.equal(['3 4']);
  });

  it('give up to max_samples_per_key samples per key', () => {
    const evs = [ev(0, ['A'], { k: 1 }, '1'), ev(0, ['A'], { k: 1 }, '2'), ev(0, ['B'], { k: 1 }, '3')];
    expect(ids(run(sample(['k'], [{ cat: 'A' }, { cat: 'B' }]), evs, 50, 1))).to.deep.equal(['1 3']);
    expect(ids(run(sample(['k'], [{ cat: 'A' }, { cat: 'B' }]), evs, 50, 5))).to.deep.equal(['1 3', '2 3']);
  });

  it('enumerate distinct combinations depth-first', () => {
    const [a, b, c] = [ev(0, []), ev(0, []), ev(0, [])];
    expect(
      build(
        [
          [a, b],
          [a, c],
        ],
        10,
      ),
    ).to.deep.equal([
      [a, c],
      [b, a],
      [b, c],
    ]);
    expect(build([[a], [a]], 10)).to.deep.equal([]);
  });

  it('sort key tuples like a composite aggregation', () => {
    const tuples = [['b'], [null], ['B'], [2], [10], [false], [true]];
    tuples.sort(compareKeyTuples);
    expect(tuples).to.deep.equal([[null], [false], [true], [2], [10], ['B'], ['b']]);
  });
});
