/**
 * Field readers flatten arrays nested to any depth without recursing once per level: files deeper than
 * Elasticsearch reads are refused before evaluation (see sources/event-depth.ts), but the engine's API takes
 * events from anywhere. Differential: every reader agrees with a plain flattening of the same value.
 */
import { expect } from 'chai';
import { createExecutor } from '../../src/engine/executor.js';
import type { EngineEvent } from '../../src/engine/event.js';
import { planField } from '../../src/eql/evaluate/field-plan.js';
import { compilePathReader, compileWalkReader } from '../../src/eql/evaluate/path-readers.js';
import { parse } from '../../src/eql/syntax/parser.js';
import { Prng } from '../../src/generate/prng.js';

/** An array nested `levels` deep around `leaf`, built without recursion. */
function nest(levels: number, leaf: unknown): unknown {
  let v = leaf;
  for (let i = 0; i < levels; i++) v = [v];
  return v;
}

/** The scalars of `v` in order, nulls included and objects left out (what a raw reader gives). */
function flatScalars(v: unknown): unknown[] {
  const out: unknown[] = [];
  const stack: unknown[] = [v];
  while (stack.length > 0) {
    const x = stack.pop();
    if (Array.isArray(x)) for (let i = x.length - 1; i >= 0; i--) stack.push(x[i]);
    else if (x === null || (typeof x !== 'object' && x !== undefined)) out.push(x);
  }
  return out;
}

const asList = (r: unknown) => (r === undefined ? [] : Array.isArray(r) ? r : [r]);

describe('field readers over deeply nested arrays', () => {
  const DEEP = 100_000;

  it('read every scalar of arrays nested 100,000 deep, in order, through each reader', () => {
    const x = [nest(DEEP, 1), 2, nest(DEEP, [3, 'four']), nest(10, null)];
    const want = [1, 2, 3, 'four', null];
    expect(asList(compilePathReader('x')({ x }))).to.deep.equal(want);
    expect(asList(compilePathReader('a.x')({ a: { x } }))).to.deep.equal(want);
    expect(asList(compileWalkReader(['a', 'x'])({ a: [{ x }, { x: 5 }] }))).to.deep.equal([...want, 5]);
    expect(asList(compileWalkReader(['a', 'x'])({ a: nest(DEEP, { x: 6 }) }))).to.deep.equal([6]);
    expect(asList(planField({ name: 'x', indexes: [2] }, undefined).read({ x }))).to.deep.equal([3, 'four']);
    expect(asList(planField({ name: 'x' }, undefined).read({ x }))).to.deep.equal([1, 2, 3, 'four']);
  });

  it('evaluates a condition on such a field in the engine', () => {
    const ex = createExecutor(parse('any where x == 3'), { size: 10 });
    const ev = (id: string, x: unknown): EngineEvent => ({
      index: 'i',
      id,
      source: { x },
      ordinal: { ts: Number(id), nanos: 0, tiebreaker: null, seq: Number(id) },
    });
    ex.push(ev('1', nest(DEEP, 3)));
    ex.push(ev('2', nest(DEEP, 4)));
    const ids = ex.finish().map((r) => (r.kind === 'event' ? r.event.id : ''));
    expect(ids).to.deep.equal(['1']);
  });

  it('agrees with a plain flattening on random nestings (seeded)', () => {
    const seed = Number(process.env.DEEP_SEED ?? Date.now() % 100_000);
    const rng = new Prng(seed);
    const value = (): unknown => {
      const n = rng.int(4);
      const items: unknown[] = [];
      for (let i = 0; i < n; i++)
        items.push(
          rng.pick<unknown>([1, 'a', null, true, 2.5, { o: 1 }, nest(rng.pick([1, 3, 5000]), rng.int(9))]),
        );
      return nest(rng.pick([0, 1, 2, 7, 20_000]), items);
    };
    for (let i = 0; i < 200; i++) {
      const x = value();
      const want = flatScalars(x);
      const what = `seed ${seed} (DEEP_SEED=${seed} repeats it), case ${i}`;
      expect(asList(compilePathReader('x')({ x })), what).to.deep.equal(want);
      expect(asList(compilePathReader('a.x')({ a: { x } })), what).to.deep.equal(want);
      expect(asList(compileWalkReader(['x'])({ x })), what).to.deep.equal(want);
    }
  });
});
