import { expect } from 'chai';
import { printedItems, runCli } from '../support/cli.js';
import { tempDir } from '../support/tmp.js';

describe('rule-runner query (offline)', () => {
  const t = tempDir();
  let events: string;
  before(() => {
    const lines = [
      {
        '@timestamp': '2026-01-01T00:00:00Z',
        event: { category: 'process' },
        host: { id: 'h1' },
        process: { name: 'installer', pid: 1 },
      },
      {
        '@timestamp': '2026-01-01T00:00:01Z',
        event: { category: 'process' },
        host: { id: 'h1' },
        process: { name: 'bash', pid: 2 },
      },
      {
        '@timestamp': '2026-01-01T00:00:02Z',
        event: { category: 'network' },
        host: { id: 'h1' },
        process: { name: 'curl', pid: 3 },
      },
      {
        '@timestamp': '2026-01-01T00:00:03Z',
        event: { category: 'network' },
        host: { id: 'h2' },
        process: { name: 'curl', pid: 4 },
      },
    ];
    events = t.file('events.ndjson', lines.map((l) => JSON.stringify(l)).join('\n') + '\n');
  });
  after(() => t.remove());

  it('prints event hits as Elasticsearch EQL response items', async () => {
    const r = await runCli(['query', '--events', events, 'process where process.name == "bash"']);
    expect(r.code).to.equal(0);
    const items = printedItems(r.stdout);
    expect(items).to.have.length(1);
    expect(items[0]).to.include({ _index: 'events', _id: '2' });
    expect(items[0]._source.process.name).to.equal('bash');
  });

  it('prints sequences with join keys and their events', async () => {
    const r = await runCli([
      'query',
      '--events',
      events,
      'sequence by host.id with maxspan=5s [process where process.name == "bash"] [network where process.name : "CURL"]',
    ]);
    expect(r.code).to.equal(0);
    const items = printedItems(r.stdout);
    expect(items).to.have.length(1);
    expect(items[0].join_keys).to.deep.equal(['h1']);
    expect(items[0].events.map((e: { _id: string }) => e._id)).to.deep.equal(['2', '3']);
  });

  it('caps results with --size and renders --format table', async () => {
    const r = await runCli([
      'query',
      '--events',
      events,
      '--size',
      '2',
      '--format',
      'table',
      'any where true',
    ]);
    expect(r.code).to.equal(0);
    const rows = r.stdout.trim().split('\n');
    expect(rows[0]).to.match(/^#\s+_index\s+_id/);
    expect(rows).to.have.length(4);
  });

  it('reports a syntax error with line:column and a caret, exit 2, nothing on stdout', async () => {
    const r = await runCli(['query', '--events', events, 'process where\n  process.name == ']);
    expect(r.code).to.equal(2);
    expect(r.stdout).to.equal('');
    expect(r.stderr).to.match(/EQL_SYNTAX/);
    expect(r.stderr).to.match(/line 2:\d+/);
    expect(r.stderr).to.match(/\^/);
    expect(r.stderr).to.not.match(/at .*\.js:\d+/);
  });

  it('rejects bad flags and missing files with exit 2', async () => {
    expect((await runCli(['query', '--events', events, '--size', 'ten', 'any where true'])).code).to.equal(2);
    expect((await runCli(['query', '--events', events, '--format', 'xml', 'any where true'])).code).to.equal(
      2,
    );
    const missing = await runCli(['query', '--events', t.dir + '/nope.ndjson', 'any where true']);
    expect(missing.code).to.equal(2);
    expect(missing.stderr).to.match(/EVENTS_NOT_FOUND/);
    for (const [flag, value] of [
      ['--timestamp-field', ''],
      ['--tiebreaker-field', ' seq'],
      ['--event-category-field', 'event..category'],
    ]) {
      const r = await runCli(['query', '--events', events, flag!, value!, 'any where true']);
      expect(r.code, `${flag} "${value}"`).to.equal(2);
      expect(r.stderr).to.include(`${flag} needs a field name`);
    }
  });

  it('reports a bad event line by file and line, exit 2 with --strict', async () => {
    const bad = t.file('bad.ndjson', '{"@timestamp":"1","event":{"category":"process"}}\n{broken\n');
    const r = await runCli(['query', '--events', bad, '--strict', 'any where true']);
    expect(r.code).to.equal(2);
    expect(r.stderr).to.match(/bad\.ndjson:2:2: invalid JSON event/);
    expect(r.stderr).to.include('\n{broken\n ^');
  });

  it('uses a mapping file for field types and rejects unknown fields', async () => {
    const mapping = t.file(
      'mapping.json',
      JSON.stringify({
        properties: {
          '@timestamp': { type: 'date' },
          process: { properties: { pid: { type: 'long' } } },
          event: { properties: { category: { type: 'keyword' } } },
        },
      }),
    );
    const ok = await runCli([
      'query',
      '--events',
      events,
      '--mapping',
      mapping,
      'any where process.pid >= 3',
    ]);
    expect(ok.code).to.equal(0);
    expect(ok.stdout.trim().split('\n')).to.have.length(2);
    const unknown = await runCli([
      'query',
      '--events',
      events,
      '--mapping',
      mapping,
      'any where nosuch == 1',
    ]);
    expect(unknown.code).to.equal(2);
    expect(unknown.stderr).to.match(/EQL_UNKNOWN_FIELD/);
  });

  it('says so when the files were out of order and had to be read again', async () => {
    const line = (n: number) =>
      JSON.stringify({ '@timestamp': new Date(Date.UTC(2026, 0, 1) + n * 1000).toISOString(), n });
    const order = Array.from({ length: 600 }, (_, i) => i);
    const sorted = t.file('sorted.ndjson', order.map(line).join('\n'));
    order.splice(400, 0, ...order.splice(10, 1));
    const late = t.file('late.ndjson', order.map(line).join('\n'));
    const ok = await runCli(['query', '--events', sorted, '--size', '1000', 'any where true']);
    expect(ok.stderr).to.equal('');
    const r = await runCli(['query', '--events', late, '--size', '1000', 'any where true']);
    expect(r.code).to.equal(0);
    expect(printedItems(r.stdout).map((i) => i._source.n)).to.deep.equal(order.slice().sort((a, b) => a - b));
    expect(r.stderr).to.match(
      /^note: the files are out of timestamp order beyond the 256 events a reorder window holds: they were read again with a 10,000-event reorder window\n$/,
    );
  });

  it('says so when the files had to be sorted through temporary files', async () => {
    const line = (n: number) =>
      JSON.stringify({ '@timestamp': new Date(Date.UTC(2026, 0, 1) + n * 1000).toISOString(), n });
    const order = Array.from({ length: 10_600 }, (_, i) => i);
    order.splice(10_500, 0, ...order.splice(10, 1));
    const far = t.file('far.ndjson', order.map(line).join('\n'));
    const r = await runCli(['query', '--events', far, '--size', '20000', 'any where true']);
    expect(r.code).to.equal(0);
    expect(printedItems(r.stdout).map((i) => i._source.n)).to.deep.equal(order.slice().sort((a, b) => a - b));
    expect(r.stderr).to.match(
      /^note: the files are out of timestamp order beyond the 10,000 events a reorder window holds: they were sorted through temporary files\n$/,
    );
  });
});
