import { expect } from 'chai';
import { parse } from '../../src/eql/index.js';
import { queryEventFiles } from '../../src/run/offline.js';
import { REORDER_WINDOWS } from '../../src/sources/files/event-file-source.js';
import { tempDir } from '../support/tmp.js';

/** `count` events one second apart, with the event at `from` moved to `to` (later in the file). */
function displaced(count: number, from: number, to: number): string {
  const order = Array.from({ length: count }, (_, i) => i);
  order.splice(to, 0, ...order.splice(from, 1));
  return order
    .map((n) => JSON.stringify({ '@timestamp': new Date(Date.UTC(2026, 0, 1) + n * 1000).toISOString(), n }))
    .join('\n');
}

async function run(file: string) {
  const r = await queryEventFiles(parse('any where true'), {
    events: [file],
    size: 100_000,
    timestampField: '@timestamp',
    eventCategoryField: 'event.category',
  });
  return { ns: r.results.map((x) => (x.kind === 'event' ? x.event.source.n : null)), files: r.files };
}

describe('offline query over out-of-order files', () => {
  const t = tempDir();
  after(() => t.remove());
  const [narrow, wide] = REORDER_WINDOWS;

  it('streams a file whose disorder fits the first reorder window', async () => {
    const r = await run(t.file('near.ndjson', displaced(1000, 100, 100 + narrow - 10)));
    expect(r.ns).to.deep.equal(Array.from({ length: 1000 }, (_, i) => i));
    expect(r.files).to.include({ sort: 'stream', reorderWindow: narrow, reads: 1 });
  });

  it('reads a file again with the wider window when the first one is too narrow', async () => {
    const r = await run(t.file('mid.ndjson', displaced(1000, 100, 100 + narrow + 50)));
    expect(r.ns).to.deep.equal(Array.from({ length: 1000 }, (_, i) => i));
    expect(r.files).to.include({ sort: 'stream', reorderWindow: wide, records: 1000, reads: 2 });
  });

  it('sorts a file externally when it is out of order beyond every window', async () => {
    const count = wide + 500;
    const r = await run(t.file('far.ndjson', displaced(count, 10, wide + 200)));
    expect(r.ns).to.deep.equal(Array.from({ length: count }, (_, i) => i));
    expect(r.files.sort).to.equal('external');
    // the first read saw the event was out of order beyond the wider window too, so that one was not tried
    expect(r.files.reads).to.equal(2);
  });

  it('tries the wider window when the first read only met a small disorder', async () => {
    const count = wide + 1000;
    const order = Array.from({ length: count }, (_, i) => i);
    order.splice(100 + narrow + 50, 0, ...order.splice(100, 1));
    order.splice(wide + 600, 0, ...order.splice(400, 1));
    const line = (n: number) =>
      JSON.stringify({ '@timestamp': new Date(Date.UTC(2026, 0, 1) + n * 1000).toISOString(), n });
    const r = await run(t.file('two.ndjson', order.map(line).join('\n')));
    expect(r.ns).to.deep.equal(Array.from({ length: count }, (_, i) => i));
    expect(r.files).to.include({ sort: 'external', reads: 3 });
  });
});

describe('offline query with a zero limit', () => {
  const t = tempDir();
  after(() => t.remove());

  for (const pipes of ['| head 0', '| tail 0', '| head 3 | tail 0 | head 2']) {
    it(`reads no event for "${pipes}", as Elasticsearch runs no search`, async () => {
      const file = t.file('events.ndjson', displaced(50, 0, 0));
      const r = await queryEventFiles(parse(`any where true ${pipes}`), {
        events: [file],
        size: 10,
        timestampField: '@timestamp',
        eventCategoryField: 'event.category',
      });
      expect(r.results).to.deep.equal([]);
      expect(r.files.records).to.equal(0);
    });
  }
});
