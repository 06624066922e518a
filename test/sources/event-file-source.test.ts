import { expect } from 'chai';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { readEventFileBatches } from '../../src/sources/files/event-file-source.js';
import { expandEventPaths } from '../../src/sources/files/event-files.js';
import { readJsonRecords } from '../../src/sources/files/json-records.js';
import { readAllEvents } from '../support/event-files.js';
import { tempDir } from '../support/tmp.js';

const ev = (ts: string, id: number, extra: Record<string, unknown> = {}) =>
  JSON.stringify({ '@timestamp': ts, n: id, event: { category: 'process' }, ...extra });

const collect = readAllEvents;

describe('event file source', () => {
  const t = tempDir();
  after(() => t.remove());

  it('streams NDJSON with ids = line record numbers and _index = file name', async () => {
    const f = t.file(
      'a.ndjson',
      [ev('2026-01-01T00:00:01Z', 1), '', ev('2026-01-01T00:00:02Z', 2)].join('\n'),
    );
    const { events } = await collect([f]);
    expect(events.map((e) => [e.index, e.id, e.source.n])).to.deep.equal([
      ['a', '1', 1],
      ['a', '2', 2],
    ]);
  });

  it('reads a JSON array file element by element, with nested arrays and strings holding brackets', async () => {
    const f = t.file(
      'arr.json',
      `[\n${ev('2026-01-01T00:00:02Z', 2, { s: '],[{', a: [[1], { b: ']' }] })},\n${ev('2026-01-01T00:00:01Z', 1)}\n]`,
    );
    const { events } = await collect([f]);
    expect(events.map((e) => e.source.n)).to.deep.equal([1, 2]);
    expect(events[1]!.source.s).to.equal('],[{');
  });

  it('merges several files by timestamp, then tiebreaker', async () => {
    const a = t.file('m1.ndjson', [ev('1', 1, { tb: 2 }), ev('3', 3)].join('\n'));
    const b = t.file('m2.ndjson', [ev('1', 0, { tb: 1 }), ev('2', 2)].join('\n'));
    const { events } = await collect([a, b], { tiebreakerField: 'tb' });
    expect(events.map((e) => e.source.n)).to.deep.equal([0, 1, 2, 3]);
  });

  it('falls back to an external sort when a file is out of order beyond the reorder window', async () => {
    const lines = [];
    for (let i = 50; i >= 1; i--) lines.push(ev(String(100_000 + i * 1000), i));
    const f = t.file('rev.ndjson', lines.join('\n'));
    let thrown: unknown;
    try {
      await collect([f], { reorderWindow: 5 });
    } catch (e) {
      thrown = e;
    }
    expect((thrown as Error).name).to.equal('Error');
    expect(String(thrown)).to.match(/out of timestamp order/);
    const { events, stats } = await collect([f], { sort: 'external', runSize: 7 });
    expect(events.map((e) => e.source.n)).to.deep.equal(Array.from({ length: 50 }, (_, i) => i + 1));
    expect(stats.sort).to.equal('external');
  });

  it('keeps no hold on the events its reorder buffer has released', async () => {
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    const lines = Array.from({ length: 600 }, (_, i) => ev(String(1000 + i), i));
    const it = readEventFileBatches({ files: [t.file('held.ndjson', lines.join('\n'))], reorderWindow: 4 })[
      Symbol.asyncIterator
    ]();
    // the first batch is all but the window; the generator then stays suspended with its buffer alive
    const released = await (async () => {
      const first = await it.next();
      return (first.value as Array<{ source: object }>).map((e) => new WeakRef(e.source));
    })();
    expect(released.length).to.be.above(500);
    // past the first yield: only the buffer could still hold the first batch's events
    expect((await it.next()).done).to.equal(false);
    await new Promise((r) => setImmediate(r));
    gc();
    expect(released.filter((r) => r.deref() !== undefined)).to.have.length(0);
    await it.return(undefined);
  });

  it('rejects a JSON array file that is not one, by file and line, as a user error', async () => {
    const e1 = ev('2026-01-01T00:00:01Z', 1);
    const cases: Array<[string, string, RegExp]> = [
      ['truncated.json', `[\n${e1},\n${e1}`, /truncated\.json:3: the file ends inside the JSON array/],
      ['trailing.json', `[${e1}]\n${e1}`, /trailing\.json:2: text after the end of the JSON array/],
      ['empty-element.json', `[${e1},\n,${e1}]`, /empty-element\.json:2: an empty element/],
      ['last-comma.json', `[${e1},\n]`, /last-comma\.json:2: a comma before the end of the JSON array/],
    ];
    for (const [name, text, message] of cases) {
      let err: (Error & { code?: string }) | undefined;
      try {
        await collect([t.file(name, text)]);
      } catch (e) {
        err = e as Error & { code?: string };
      }
      expect(err?.code, name).to.equal('EVENT_INVALID_JSON');
      expect(err?.message, name).to.match(message);
    }
    const { events } = await collect([t.file('empty.json', ' [ \n ] \n')]);
    expect(events).to.have.length(0);
  });

  it('points at the line and column of invalid JSON inside a pretty-printed array element', async () => {
    const text =
      '[\n  {\n    "@timestamp": "2026-01-01T00:00:01Z",\n    "n": 1\n  },\n  {\n    "n": 2,\n    "x": tru\n  }\n]\n';
    let err: (Error & { code?: string }) | undefined;
    try {
      await collect([t.file('pretty-bad.json', text)], { strict: true });
    } catch (e) {
      err = e as Error & { code?: string };
    }
    expect(err?.code).to.equal('EVENT_INVALID_JSON');
    expect(err?.message).to.match(/pretty-bad\.json:8:10: invalid JSON event/);
    expect(err?.message).to.include('"x": tru\n');
  });

  it('accepts Elasticsearch hits (_index, _id, _source) as events', async () => {
    const f = t.file(
      'hits.ndjson',
      JSON.stringify({ _index: 'logs-x', _id: 'abc', _source: { '@timestamp': '5', n: 1 } }),
    );
    const { events } = await collect([f]);
    expect(events[0]).to.include({ index: 'logs-x', id: 'abc' });
    expect(events[0]!.source).to.deep.equal({ '@timestamp': '5', n: 1 });
  });

  it('skips events without a timestamp and counts them, with the first location', async () => {
    const f = t.file('nots.ndjson', [ev('1', 1), JSON.stringify({ n: 2 }), ev('3', 3)].join('\n'));
    const { events, stats } = await collect([f]);
    expect(events.map((e) => e.source.n)).to.deep.equal([1, 3]);
    expect(stats.withoutTimestamp).to.equal(1);
    expect(stats.firstWithoutTimestamp).to.match(/nots\.ndjson:2$/);
  });

  it('reports invalid JSON with file and line, as a user error when strict, else counted', async () => {
    const f = t.file('bad.ndjson', [ev('1', 1), '{"@timestamp": "2", oops}'].join('\n'));
    const { events, stats } = await collect([f]);
    expect(events).to.have.length(1);
    expect(stats).to.include({ records: 2, parsed: 1, invalid: 1 });
    expect(stats.firstInvalid).to.deep.equal([`${f}:2:21`]);
    let err: (Error & { code?: string }) | undefined;
    try {
      await collect([f], { strict: true });
    } catch (e) {
      err = e as Error & { code?: string };
    }
    expect(err?.code).to.equal('EVENT_INVALID_JSON');
    expect(err?.message).to.match(/bad\.ndjson:2:21: invalid JSON event/);
  });

  it('skips lines the prefilter rejects without parsing them', async () => {
    const f = t.file(
      'pf.ndjson',
      // parsed, the middle line would be invalid: skipped unparsed, it is not
      [ev('1', 1, { x: 'keep' }), '{"not": json at all}', ev('2', 2, { x: 'keep' })].join('\n'),
    );
    const { events, stats } = await collect([f], {
      prefilter: (text, start, end) => text.slice(start, end).includes('keep'),
    });
    expect(events).to.have.length(2);
    expect(stats).to.include({ skippedByPrefilter: 1, invalid: 0 });
  });

  it('drops parsed events that `wanted` rejects before ordering them, and counts them', async () => {
    const f = t.file(
      'w.ndjson',
      [3, 1, 2, 5, 4].map((s) => ev(`2026-01-01T00:00:0${s}Z`, s, { keep: s !== 2 })).join('\n'),
    );
    const { events, stats } = await collect([f], { wanted: (e) => e.source.keep === true });
    expect(events.map((e) => e.source.n)).to.deep.equal([1, 3, 4, 5]);
    expect(stats).to.include({ records: 5, parsed: 5, unwanted: 1 });
  });

  it('reads a file of many chunks line by line: texts, line numbers, non-ASCII text and long lines intact', async () => {
    // lines of every length around the reader's 64 KB pieces and 1 MB chunks, one far longer than a piece,
    // blank lines, multi-byte characters at chunk edges, and no newline at the end
    const lines: string[] = [];
    for (let i = 0; i < 2500; i++) {
      if (i % 97 === 0) lines.push('');
      const pad = (i % 500 === 7 ? 'é€𝄞' : 'x').repeat((i * 131) % 1500);
      lines.push(JSON.stringify({ '@timestamp': 1000 + i, n: i, pad }));
    }
    lines.splice(1200, 0, JSON.stringify({ '@timestamp': 2199, n: -1, pad: 'y'.repeat(300_000) }));
    const f = t.file('big.ndjson', lines.join('\n'));
    const expected = lines
      .map((text, i) => ({ text, line: i + 1 }))
      .filter((l) => l.text !== '')
      .map((l, i) => ({ ...l, record: i + 1 }));
    const got = [];
    for await (const r of readJsonRecords(f)) got.push(r);
    expect(got.length).to.equal(expected.length);
    for (let i = 0; i < got.length; i++) expect(got[i], `record ${i + 1}`).to.deep.equal(expected[i]);
  });

  it('expands directories to their event files in name order and rejects missing paths', () => {
    const dir = tempDir();
    dir.file('b.ndjson', '');
    dir.file('a.json', '');
    dir.file('notes.txt', '');
    expect(expandEventPaths([dir.dir]).map((p) => p.slice(dir.dir.length + 1))).to.deep.equal([
      'a.json',
      'b.ndjson',
    ]);
    expect(() => expandEventPaths([dir.dir + '/nope'])).to.throw(/events path not found/);
    dir.remove();
  });
});
