/**
 * `--mapping` with a `GET _mapping` response of several indices: each file's events (a file's index is its name
 * without extension, or its hits' `_index`) are read and evaluated with their own index's mapping, as a cluster
 * evaluates each shard against its own. test/es/mapping-indices.test.ts compares the same with a node.
 */
import { expect } from 'chai';
import { printedItems, runCli } from '../support/cli.js';
import { EVENTS, QUERIES, INDEX_MAPPINGS } from '../support/mapping-indices.js';
import { tempDir } from '../support/tmp.js';

describe('rule-runner query --mapping with several indices', () => {
  const t = tempDir();
  after(() => t.remove());
  const ndjson = (events: Array<[string, Record<string, unknown>]>, hits?: string) =>
    events
      .map(([id, e]) => JSON.stringify(hits ? { _index: hits, _id: id, _source: e } : { ...e, id }))
      .join('\n') + '\n';
  const files = () => Object.entries(EVENTS).map(([ix, evs]) => t.file(`${ix}.ndjson`, ndjson(evs)));
  const mapping = () => t.file('mapping.json', JSON.stringify(INDEX_MAPPINGS));
  const ids = (stdout: string) =>
    printedItems(stdout).map((r) =>
      r.events ? r.events.map((e: { _source: { id: string } }) => e._source.id) : r._source.id,
    );
  const query = (q: string, ...more: string[]) =>
    runCli([
      'query',
      ...files().flatMap((f) => ['--events', f]),
      '--mapping',
      mapping(),
      '--size',
      '50',
      ...more,
      q,
    ]);

  it('reads each index’s timestamps with its own mapping, in order (date, epoch_second, date_nanos)', async () => {
    const r = await query('any where true');
    expect(r.code, r.stderr).to.equal(0);
    expect(ids(r.stdout)).to.deep.equal(['a1', 'c1', 'b1', 'a2', 'b2']);
    // the conflicting field is reported as against a cluster
    expect(r.stderr).to.contain('field code is mapped as [keyword] in logs-a, logs-c, [long] in logs-b');
  });

  it('keeps a time range per index: whole milliseconds on a date, nanoseconds on a date_nanos', async () => {
    const r = await query('any where true', '--to', '2022-12-17T10:00:00.000Z');
    expect(r.code, r.stderr).to.equal(0);
    expect(ids(r.stdout)).to.deep.equal(['a1']);
  });

  it('joins on a date read with each index’s format, and compares a field as its index types it', async () => {
    const seq = await query(QUERIES[1]!);
    expect(ids(seq.stdout)).to.deep.equal([
      ['a1', 'c1'],
      ['a2', 'b2'],
    ]);
    const code = await query(QUERIES[2]!);
    // a keyword "07" is not "7"; a long reads "7.0" as 7
    expect(ids(code.stdout)).to.deep.equal(['b1', 'a2', 'b2']);
  });

  it('lets through the lines any index’s mapping may match (an alias in one, a keyword in the other)', async () => {
    const m = t.file(
      'alias.json',
      JSON.stringify({
        ia: { mappings: { properties: { '@timestamp': { type: 'date' }, user: { type: 'keyword' } } } },
        ib: {
          mappings: {
            properties: {
              '@timestamp': { type: 'date' },
              user: { type: 'alias', path: 'account.login' },
              account: { properties: { login: { type: 'keyword' } } },
            },
          },
        },
      }),
    );
    const ia = t.file('ia.ndjson', '{"@timestamp":"2026-01-01T00:00:00Z","user":"bash","id":"x"}\n');
    const ib = t.file(
      'ib.ndjson',
      '{"@timestamp":"2026-01-01T00:00:01Z","account":{"login":"bash"},"id":"y"}\n',
    );
    const r = await runCli([
      'query',
      '--events',
      ia,
      '--events',
      ib,
      '--mapping',
      m,
      'any where user == "bash"',
    ]);
    expect(r.code, r.stderr).to.equal(0);
    expect(ids(r.stdout)).to.deep.equal(['x', 'y']);
  });

  it('reads hits by their _index, whatever the file is called', async () => {
    const hits = t.file(
      'export.ndjson',
      Object.entries(EVENTS)
        .map(([ix, evs]) => ndjson(evs, ix))
        .join(''),
    );
    const r = await runCli([
      'query',
      '--events',
      hits,
      '--mapping',
      mapping(),
      '--size',
      '50',
      'any where true',
    ]);
    expect(r.code, r.stderr).to.equal(0);
    expect(printedItems(r.stdout).map((h) => h._id)).to.deep.equal(['a1', 'c1', 'b1', 'a2', 'b2']);
  });

  it('reads an index the file does not name with the mappings merged, and says so', async () => {
    const other = t.file('other.ndjson', ndjson([EVENTS['logs-a'][1]!]));
    const r = await runCli(['query', '--events', other, '--mapping', mapping(), 'any where true']);
    expect(r.code, r.stderr).to.equal(0);
    expect(r.stderr).to.match(/warning: .*\bother\b.*merged/);
    expect(ids(r.stdout)).to.deep.equal(['a2']);
  });

  it('takes a data stream’s name for its backing indices mapped alike', async () => {
    const backing = (n: number) => `.ds-logs-x-2022.12.17-00000${n}`;
    const file = t.file(
      'streams.json',
      JSON.stringify({
        [backing(1)]: INDEX_MAPPINGS['logs-b'],
        [backing(2)]: INDEX_MAPPINGS['logs-b'],
        'logs-a': INDEX_MAPPINGS['logs-a'],
      }),
    );
    const events = t.file('logs-x.ndjson', ndjson(EVENTS['logs-b']));
    // read as seconds (logs-b's format), not as milliseconds of 1970
    const r = await runCli([
      'query',
      '--events',
      events,
      '--mapping',
      file,
      '--from',
      '2022-12-01',
      'any where true',
    ]);
    expect(r.code, r.stderr).to.equal(0);
    expect(r.stderr).not.to.contain('is not in the mapping file');
    expect(ids(r.stdout)).to.deep.equal(['b1', 'b2']);
  });

  it('applies one mapping, or indices mapped alike, to every file as before', async () => {
    const alike = t.file(
      'alike.json',
      JSON.stringify({ 'logs-b': INDEX_MAPPINGS['logs-b'], 'logs-b2': INDEX_MAPPINGS['logs-b'] }),
    );
    const one = t.file('one.json', JSON.stringify({ 'logs-b': INDEX_MAPPINGS['logs-b'] }));
    const events = t.file('anything.ndjson', ndjson(EVENTS['logs-b']));
    for (const m of [alike, one]) {
      const r = await runCli([
        'query',
        '--events',
        events,
        '--mapping',
        m,
        '--from',
        '2022-12-01',
        'any where true',
      ]);
      expect(r.code, r.stderr).to.equal(0);
      expect(r.stderr).to.equal('');
      expect(ids(r.stdout)).to.deep.equal(['b1', 'b2']);
    }
  });
});
