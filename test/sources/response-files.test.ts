import { expect } from 'chai';
import { readAllEvents } from '../support/event-files.js';
import { printedItems, runCli } from '../support/cli.js';
import { tempDir } from '../support/tmp.js';

const src = (s: number, name: string) => ({
  '@timestamp': new Date(Date.UTC(2026, 0, 1) + s * 1000).toISOString(),
  event: { category: 'process' },
  host: { id: 'h' },
  process: { name },
});
const hit = (id: string, s: number, name = 'bash') => ({
  _index: 'logs-endpoint',
  _id: id,
  _source: src(s, name),
});
const searchResponse = (hits: object[]) => ({
  took: 2,
  timed_out: false,
  _shards: { total: 1, successful: 1, skipped: 0, failed: 0 },
  hits: { total: { value: hits.length, relation: 'eq' }, max_score: null, hits },
});

async function read(file: string) {
  const { events, stats } = await readAllEvents([file]);
  return { events: events.map((e) => [e.index, e.id, e.source.process]), stats };
}

describe('Elasticsearch responses saved as event files', () => {
  const t = tempDir();
  after(() => t.remove());

  it('reads the hits of a pretty-printed search response (curl ...?pretty, jq), keeping _index and _id', async () => {
    const f = t.file(
      'search.json',
      JSON.stringify(searchResponse([hit('b', 2), hit('a', 1, 'zsh')]), null, 2),
    );
    const { events, stats } = await read(f);
    expect(events).to.deep.equal([
      ['logs-endpoint', 'a', { name: 'zsh' }],
      ['logs-endpoint', 'b', { name: 'bash' }],
    ]);
    expect(stats).to.include({ records: 2, parsed: 2, withoutTimestamp: 0 });
  });

  it('reads one-line responses, one per line as a scroll export writes them', async () => {
    const f = t.file(
      'scroll.ndjson',
      [searchResponse([hit('a', 1), hit('b', 2)]), searchResponse([hit('c', 3)]), searchResponse([])]
        .map((r) => JSON.stringify(r))
        .join('\n'),
    );
    expect((await read(f)).events.map((e) => e[1])).to.deep.equal(['a', 'b', 'c']);
  });

  it('reads the events of an EQL response, each document of its sequences once and no missing event', async () => {
    const eql = {
      is_partial: false,
      is_running: false,
      took: 5,
      timed_out: false,
      hits: {
        total: { value: 2, relation: 'eq' },
        sequences: [
          { join_keys: ['h'], events: [hit('a', 1), hit('b', 2)] },
          { join_keys: ['h'], events: [hit('b', 2), { _index: '', _id: '', missing: true }, hit('c', 3)] },
        ],
      },
    };
    expect((await read(t.file('eql.json', JSON.stringify(eql)))).events.map((e) => e[1])).to.deep.equal([
      'a',
      'b',
      'c',
    ]);
    const events = { took: 1, timed_out: false, hits: { total: { value: 1 }, events: [hit('e', 1)] } };
    expect(
      (await read(t.file('eqlev.json', JSON.stringify(events, null, 2)))).events.map((e) => e[1]),
    ).to.deep.equal(['e']);
  });

  it('reads a single pretty-printed event as one event', async () => {
    const f = t.file('one.json', JSON.stringify(src(1, 'curl'), null, 4));
    expect((await read(f)).events).to.deep.equal([['one', '1', { name: 'curl' }]]);
  });

  it('runs a sequence over a saved response with `rule-runner query`, and points at a damaged one by line', async () => {
    const f = t.file(
      'resp.json',
      JSON.stringify(
        searchResponse([
          hit('p', 1, 'bash'),
          { ...hit('n', 2), _source: { ...src(2, 'curl'), event: { category: 'network' } } },
        ]),
        null,
        2,
      ),
    );
    const r = await runCli([
      'query',
      '--events',
      f,
      'sequence by host.id [process where true] [network where true]',
    ]);
    expect(r.code, r.stderr).to.equal(0);
    expect(printedItems(r.stdout).map((s) => s.events.map((e: { _id: string }) => e._id))).to.deep.equal([
      ['p', 'n'],
    ]);
    const cut = t.file('cut.json', JSON.stringify(searchResponse([hit('p', 1)]), null, 2).slice(0, -20));
    const bad = await runCli(['query', '--events', cut, 'any where true']);
    expect(bad.code).to.equal(2);
    expect(bad.stderr).to.match(/cut\.json:\d+: the file ends inside the JSON document/);
  });
});
