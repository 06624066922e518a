import { expect } from 'chai';
import { JsonElementSplitter, type SplitRecord } from '../../src/sources/json-splitter.js';

/** The records of `text` pushed in pieces of `size` characters (every boundary a chunk edge can fall on). */
function split(text: string, kind: 'array' | 'document', size = text.length): SplitRecord[] {
  const s = new JsonElementSplitter('f.json', kind);
  const out: SplitRecord[] = [];
  for (let i = 0; i < text.length; i += size) out.push(...s.push(text.slice(i, i + size)));
  const whole = s.end();
  if (whole) out.push(whole);
  return out;
}

const pretty = (v: unknown) => JSON.stringify(v, null, 2);
const hit = (id: string, n: number) => ({
  _index: 'logs',
  _id: id,
  _source: { '@timestamp': n, s: `a"b\\c,]}{[` },
});

describe('JSON element splitter', () => {
  const response = {
    took: 3,
    timed_out: false,
    _shards: { total: 1, hits: [{ decoy: true }] },
    hits: { total: { value: 2 }, max_score: null, hits: [hit('a', 1), hit('b', 2)] },
    aggregations: { top: { hits: { hits: [hit('decoy', 3)] } } },
  };

  it('streams the hits of a pretty-printed search response, at their lines, and nothing else of it', () => {
    const text = pretty(response);
    const records = split(text, 'document');
    expect(records.map((r) => JSON.parse(r.text))).to.deep.equal([hit('a', 1), hit('b', 2)]);
    const lines = text.split('\n');
    for (const r of records) expect(lines[r.line - 1]!.trim(), `line ${r.line}`).to.equal('{');
  });

  it('gives the same records whatever the chunk edges, keys and strings cut across', () => {
    for (const [text, kind] of [
      [pretty(response), 'document'],
      [pretty({ took: 1, hits: { events: [hit('x', 1)] } }), 'document'],
      [pretty([hit('p', 1), hit('q', 2)]), 'array'],
      [pretty({ '@timestamp': 1, nested: { hits: [1, 2] } }), 'document'],
    ] as const) {
      const whole = split(text, kind);
      expect(whole.length).to.be.greaterThan(0);
      for (const size of [1, 2, 3, 5, 7, 64])
        expect(split(text, kind, size), `${kind} in pieces of ${size}`).to.deep.equal(whole);
    }
  });

  it('takes a document without a list of hits as one record, and a top-level array element by element', () => {
    const event = {
      '@timestamp': '2026-01-01T00:00:00Z',
      hits: { hits: 'not a list' },
      process: { name: 'x' },
    };
    expect(split(pretty(event), 'document').map((r) => JSON.parse(r.text))).to.deep.equal([event]);
    const array = split('[\n  {"n": 1},\n\n  {"n": 2}\n]\n', 'array');
    expect(array).to.deep.equal([
      { text: '{"n": 1}', line: 2 },
      { text: '{"n": 2}', line: 4 },
    ]);
  });

  it('rejects what is not one JSON document, by line', () => {
    const bad = (text: string, kind: 'array' | 'document') => () => split(text, kind);
    expect(bad('{\n  "took": 1,\n  "hits": {\n', 'document')).to.throw(
      /f\.json:4: the file ends inside the JSON document/,
    );
    expect(bad('{\n}\n{\n}\n', 'document')).to.throw(/f\.json:3: text after the end of the JSON document/);
    expect(bad('[\n1,\n,2]', 'array')).to.throw(/f\.json:3: an empty element/);
    expect(bad('{"took":1,"hits":{"hits":[\n{},\n]}}', 'document')).to.throw(
      /f\.json:3: a comma before the end/,
    );
  });
});
