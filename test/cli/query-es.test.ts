import { expect } from 'chai';
import type { Connection } from '../../src/es/client.js';
import { parse } from '../../src/eql/syntax/parser.js';
import { queryCluster } from '../../src/run/es-auto.js';
import { printedItems, runCli } from '../support/cli.js';
import { testConnection, uniqueIndex } from '../support/es.js';

describe('rule-runner query against Elasticsearch @es', () => {
  let conn: Connection;
  const base = uniqueIndex('rr-cli');
  const procIndex = `${base}-process`;
  const netIndex = `${base}-network`;

  before(async () => {
    conn = await testConnection();
    const mappings = {
      properties: {
        '@timestamp': { type: 'date' },
        'event.category': { type: 'keyword' },
        'event.ingested': { type: 'date' },
        'host.id': { type: 'keyword' },
        'process.name': { type: 'keyword' },
        'process.pid': { type: 'long' },
      },
    } as const;
    await conn.client.indices.create({ index: procIndex, mappings });
    await conn.client.indices.create({ index: netIndex, mappings });
    const docs = [
      [
        procIndex,
        {
          '@timestamp': '2026-01-01T00:00:00Z',
          event: { category: 'process' },
          host: { id: 'h1' },
          process: { name: 'bash', pid: 1 },
        },
      ],
      [
        netIndex,
        {
          '@timestamp': '2026-01-01T00:00:02Z',
          event: { category: 'network' },
          host: { id: 'h1' },
          process: { name: 'curl', pid: 2 },
        },
      ],
      [
        procIndex,
        {
          '@timestamp': '2026-01-01T00:01:00Z',
          event: { category: 'process' },
          host: { id: 'h2' },
          process: { name: 'bash', pid: 3 },
        },
      ],
      [
        netIndex,
        {
          '@timestamp': '2026-01-01T00:05:00Z',
          event: { category: 'network' },
          host: { id: 'h2' },
          process: { name: 'curl', pid: 4 },
        },
      ],
      // ingested late: its event time is old, its ingest time is inside the override window below
      [
        procIndex,
        {
          '@timestamp': '2025-12-01T00:00:00Z',
          event: { category: 'process', ingested: '2026-01-01T00:00:30Z' },
          host: { id: 'h3' },
          process: { name: 'bash', pid: 5 },
        },
      ],
    ] as const;
    await conn.client.bulk({
      refresh: true,
      operations: docs.flatMap(([index, d], i) => [{ index: { _index: index, _id: String(i + 1) } }, d]),
    });
  });

  after(async () => {
    if (!conn) return;
    await conn.client.indices.delete({
      index: `${base}-*`,
      ignore_unavailable: true,
      allow_no_indices: true,
    });
    await conn.client.close();
  });

  const url = () => process.env.ES_URL!;

  it('falls back from auto to the search engine on a cluster without the EQL API, and says so', async () => {
    const run = await queryCluster(parse('process where process.name == "bash"'), 'auto', {
      client: conn.client,
      index: [`${base}-*`],
      timestampField: '@timestamp',
      eventCategoryField: 'event.category',
      size: 10,
    });
    expect(run.engine).to.equal('search');
    expect(run.chosenBy).to.match(/no EQL API/);
    expect(run.results.map((r) => (r.kind === 'event' ? r.event.id : ''))).to.deep.equal(['5', '1', '3']);
  });

  it('--engine eql fails clearly on that cluster, exit 2', async () => {
    const r = await runCli([
      'query',
      '--es-url',
      url(),
      '--index',
      `${base}-*`,
      '--engine',
      'eql',
      'any where true',
    ]);
    expect(r.code).to.equal(2);
    expect(r.stderr).to.match(/ES_EQL_UNAVAILABLE/);
  });

  it('correlates a sequence across two indices, with the time range applied', async () => {
    const q =
      'sequence by host.id with maxspan=1m [process where process.name == "bash"] [network where process.name == "curl"]';
    const r = await runCli([
      'query',
      '--es-url',
      url(),
      '--index',
      `${procIndex},${netIndex}`,
      '--from',
      '2026-01-01T00:00:00Z',
      '--to',
      '2026-01-02',
      q,
    ]);
    expect(r.code, r.stderr).to.equal(0);
    expect(r.stderr).to.match(/engine: search \(auto: the cluster has no EQL API\)/);
    const items = printedItems(r.stdout);
    expect(items).to.have.length(1);
    expect(items[0].join_keys).to.deep.equal(['h1']);
    expect(items[0].events.map((e: { _index: string; _id: string }) => [e._index, e._id])).to.deep.equal([
      [procIndex, '1'],
      [netIndex, '2'],
    ]);
  });

  it('filters on a timestamp override, falling back to @timestamp for documents without it', async () => {
    const args = [
      'query',
      '--es-url',
      url(),
      '--index',
      `${base}-*`,
      '--from',
      '2026-01-01T00:00:00Z',
      '--to',
      '2026-01-01T00:00:59Z',
    ];
    const plain = await runCli([...args, 'process where true']);
    expect(printedItems(plain.stdout).map((i) => i._id)).to.deep.equal(['1']);
    const overridden = await runCli([
      ...args,
      '--timestamp-override',
      'event.ingested',
      'process where true',
    ]);
    // doc 5 qualifies by event.ingested; doc 1 has no event.ingested and falls back to @timestamp
    expect(printedItems(overridden.stdout).map((i) => i._id)).to.deep.equal(['5', '1']);
  });

  it('warns once, and returns nothing, when no index matches', async () => {
    const r = await runCli(['query', '--es-url', url(), '--index', 'rr-no-such-index-*', 'any where true']);
    expect(r.code).to.equal(0);
    expect(r.stdout).to.equal('');
    expect(r.stderr.match(/warning: no index matches/g), r.stderr).to.have.lengthOf(1);
  });

  it('rejects an unknown field of the cluster mapping with a caret, exit 2', async () => {
    const r = await runCli([
      'query',
      '--es-url',
      url(),
      '--index',
      `${base}-*`,
      'process where no.such.field == 1',
    ]);
    expect(r.code).to.equal(2);
    expect(r.stderr).to.match(/EQL_UNKNOWN_FIELD/);
    expect(r.stderr).to.match(/\^/);
  });

  it('refuses a tiebreaker the cluster maps as an object, as its EQL analyzer does, exit 2', async () => {
    const run = (tiebreaker: string) =>
      runCli([
        ...['query', '--es-url', url(), '--index', `${base}-*`, '--engine', 'search'],
        ...['--tiebreaker-field', tiebreaker, 'process where true'],
      ]);
    const object = await run('process');
    expect(object.code).to.equal(2);
    expect(object.stdout).to.equal('');
    expect(object.stderr).to.match(/TIEBREAKER_INVALID.*tiebreaker field process: an object in the mapping/);
    const leaf = await run('process.pid');
    expect(leaf.code, leaf.stderr).to.equal(0);
    expect(printedItems(leaf.stdout)).to.have.length(3);
  });

  it('never prints credentials: a password in the URL or env stays out of output and errors', async () => {
    const u = new URL(url());
    u.username = 'elastic';
    u.password = 's3cret-pass';
    const r = await runCli([
      'query',
      '--es-url',
      u.toString(),
      '--index',
      'rr-no-such-index-*',
      '--password',
      'hunter2-secret',
      'any where true',
    ]);
    expect(r.stdout + r.stderr).to.not.match(/s3cret-pass|hunter2-secret/);
    const unreachable = await runCli([
      'query',
      '--es-url',
      'http://elastic:s3cret-pass@127.0.0.1:1',
      '--index',
      'x',
      'any where true',
    ]);
    expect(unreachable.code).to.equal(2);
    expect(unreachable.stderr).to.match(/ES_UNREACHABLE/);
    expect(unreachable.stderr).to.not.match(/s3cret-pass/);
  });
});
