import { expect } from 'chai';
import { JsonElementSplitter, type SplitRecord } from '../../src/sources/files/json-splitter.js';

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

  it('splits arrays of strings full of escapes, quotes and brackets exactly, at any chunk edges', () => {
    // a seeded generator: strings mixing plain runs (the splitter jumps over them) with escapes it must walk
    let seed = 7;
    const rand = (n: number) => (seed = (seed * 1103515245 + 12345) % 2 ** 31) % n;
    const alphabet = ['a', 'b', ' ', '"', '\\', ']', '[', '{', '}', ',', ':', 'é', '𝄞', '\n', '\t', '\u0001'];
    const str = () => Array.from({ length: rand(12) }, () => alphabet[rand(alphabet.length)]).join('');
    const elements = Array.from({ length: 60 }, (_, k) => ({
      n: k,
      [str()]: str(),
      list: [str(), { k: str() }],
      s: str(),
    }));
    const text = JSON.stringify(elements, null, rand(2) === 0 ? 2 : undefined);
    for (const size of [1, 3, 17, 101, text.length]) {
      const records = split(text, 'array', size);
      expect(
        records.map((r) => JSON.parse(r.text)),
        `pieces of ${size}`,
      ).to.deep.equal(elements);
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
