import { expect } from 'chai';
import { compilePathReader, compileWalkReader } from '../../src/eql/evaluate/path-readers.js';
import { compileCondition } from '../../src/eql/evaluate/index.js';
import { parse } from '../../src/eql/syntax/parser.js';
import { Schema } from '../../src/mapping/schema.js';

/** A small deterministic generator, so that a failure reproduces. */
function rng(seed: number): () => number {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 2 ** 32;
  };
}

const LEAVES: unknown[] = [
  'x',
  'y',
  1,
  2.5,
  true,
  null,
  [],
  ['x'],
  ['x', 'y'],
  [null],
  [['z'], 3],
  [{ c: 1 }],
  {},
];

/** Sources that spell `a.b.c` in every way: nested, dotted keys at every level, arrays of objects, misses. */
function randomSource(r: () => number, depth = 0): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const keys = ['a', 'b', 'c', 'a.b', 'b.c', 'a.b.c', 'x'];
  const n = 1 + Math.floor(r() * 3);
  for (let i = 0; i < n; i++) {
    const k = keys[Math.floor(r() * keys.length)]!;
    const pick = r();
    if (depth < 3 && pick < 0.45) out[k] = randomSource(r, depth + 1);
    else if (depth < 3 && pick < 0.55) out[k] = [randomSource(r, depth + 1), randomSource(r, depth + 1)];
    else out[k] = LEAVES[Math.floor(r() * LEAVES.length)];
  }
  return out;
}

describe('field path reader', () => {
  it('the plain-chain reader answers as the full walk over every split', () => {
    const r = rng(42);
    const paths = ['a', 'a.b', 'a.b.c', 'b.c', 'x.a'];
    const readers = paths.map((p) => [compilePathReader(p), compileWalkReader(p.split('.'))] as const);
    for (let i = 0; i < 5000; i++) {
      const src = randomSource(r);
      for (const [fast, walk] of readers) expect(fast(src)).to.deep.equal(walk(src), JSON.stringify(src));
    }
  });

  it('reads nested, dotted and mixed spellings alike', () => {
    const read = compilePathReader('a.b.c');
    expect(read({ a: { b: { c: 1 } } })).to.equal(1);
    expect(read({ 'a.b': { c: 1 } })).to.equal(1);
    expect(read({ a: { 'b.c': 1 } })).to.equal(1);
    expect(read({ a: { b: { c: 1 } }, 'a.b.c': 2 })).to.deep.equal([1, 2]);
    expect(read({ a: [{ b: { c: 1 } }, { b: { c: [2] } }] })).to.deep.equal([1, 2]);
    expect(read({ a: { b: { c: ['x'] } } })).to.equal('x');
    expect(read({ a: { b: { c: [null] } } })).to.equal(null);
    expect(read({ a: { b: { c: { d: 1 } } } })).to.equal(undefined);
    expect(read({ a: { b: 'scalar' } })).to.equal(undefined);
  });

  it('does not read through the prototype', () => {
    expect(compilePathReader('a.constructor')({ a: {} })).to.equal(undefined);
    expect(compilePathReader('a.toString')({ a: {} })).to.equal(undefined);
    expect(compilePathReader('__proto__.x')({})).to.equal(undefined);
  });

  it('takes a path that needs quoting in code literally', () => {
    const read = compilePathReader('a"b.c\\d.e\u2028');
    expect(read({ 'a"b': { 'c\\d': { 'e\u2028': 7 } } })).to.equal(7);
  });
});

describe('ignore_above', () => {
  const schema = Schema.fromMapping({
    properties: {
      k: { type: 'keyword', ignore_above: 5 },
      t: { type: 'text', fields: { keyword: { type: 'keyword', ignore_above: 5 } } },
    },
  });
  const test = (cond: string, src: Record<string, unknown>) => {
    const q = parse(`any where ${cond}`).query;
    if (q.type !== 'event') throw new Error('not an event query');
    return compileCondition(q.condition, { schema })(src);
  };

  it('a longer keyword is no value for comparisons, null tests and scripts', () => {
    expect(test('k == "abcdefgh"', { k: 'abcdefgh' })).to.equal(false);
    expect(test('k == null', { k: 'abcdefgh' })).to.equal(true);
    expect(test('k == "abcd"', { k: ['abcdefgh', 'abcd'] })).to.equal(true);
    expect(test('length(k) > 0', { k: 'abcdefgh' })).to.equal(false);
  });

  it("a text field's long value is compared through its keyword sub-field, but exists as text", () => {
    expect(test('t : "abc*"', { t: 'abcdefgh' })).to.equal(false);
    expect(test('t != null', { t: 'abcdefgh' })).to.equal(true);
  });
});

describe('float-like fields', () => {
  const schema = Schema.fromMapping({
    properties: { f: { type: 'float' }, s: { type: 'scaled_float', scaling_factor: 100 } },
  });
  const test = (cond: string, src: Record<string, unknown>) => {
    const q = parse(`any where ${cond}`).query;
    if (q.type !== 'event') throw new Error('not an event query');
    return compileCondition(q.condition, { schema })(src);
  };

  it('a term-level test compares value and literal as the field stores them', () => {
    expect(test('f == 0.3', { f: 0.30000001 })).to.equal(true);
    expect(test('f in (0.2, 0.3)', { f: 0.30000001 })).to.equal(true);
    expect(test('s == 1.01', { s: 1.006 })).to.equal(true);
    expect(test('s == 1.006', { s: 1.006 })).to.equal(true);
    expect(test('s == 1.0', { s: 1.006 })).to.equal(false);
  });

  it('a script sees the stored value and the literal as written', () => {
    expect(test('f + 0 > 0.1', { f: 0.1 })).to.equal(true);
    expect(test('f + 0 == 0.25', { f: 0.25 })).to.equal(true);
    expect(test('s + 0 == 1.006', { s: 1.006 })).to.equal(false);
  });
});

describe('constant_keyword', () => {
  it('every document has the mapped value, whatever its _source says', () => {
    const schema = Schema.fromMapping({
      properties: { ds: { type: 'constant_keyword', value: 'endpoint' }, auto: { type: 'constant_keyword' } },
    });
    const test = (cond: string, src: Record<string, unknown>) => {
      const q = parse(`any where ${cond}`).query;
      if (q.type !== 'event') throw new Error('not an event query');
      return compileCondition(q.condition, { schema })(src);
    };
    expect(test('ds == "endpoint"', {})).to.equal(true);
    expect(test('ds : "END*"', { other: 1 })).to.equal(true);
    expect(test('ds != null', {})).to.equal(true);
    // without a mapped value (set by the first document indexed) _source is all there is
    expect(test('auto == "x"', { auto: 'x' })).to.equal(true);
    expect(test('auto == null', {})).to.equal(true);
  });
});

describe('date fields in their own format', () => {
  it('read `in` literals, like comparison literals, with the field format', () => {
    const schema = Schema.fromMapping({ properties: { d: { type: 'date', format: 'yyyy-MM-dd HH:mm:ss' } } });
    const q = parse('any where d in ("2020-01-01 10:00:00", "1999-01-01 00:00:00")').query;
    if (q.type !== 'event') throw new Error('not an event query');
    const f = compileCondition(q.condition, { schema });
    expect(f({ d: '2020-01-01 10:00:00' })).to.equal(true);
    expect(f({ d: '2020-01-01 10:00:01' })).to.equal(false);
  });
});
