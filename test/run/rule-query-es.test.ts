/**
 * One execution's query against the real server: a rule on `*` never reads the alerts indices (Kibana #82868),
 * the window follows `timestamp_override` with the `@timestamp` fallback while `timestamp_field` orders, and the
 * raw search and the same documents as files give the same matches. The test distribution has no EQL API, so the
 * `eql` engine is not exercised here (its request is checked offline in test/es/es-eql-source tests).
 */
import { expect } from 'chai';
import { parse } from '../../src/eql/index.js';
import type { Connection } from '../../src/es/client.js';
import type { QueryResult } from '../../src/engine/results.js';
import { runRuleQuery, type RuleQueryInput } from '../../src/run/rule-query.js';
import { testConnection, uniqueIndex } from '../support/es.js';
import { tempDir } from '../support/tmp.js';

const events = uniqueIndex('rr-rq-events');
const own = uniqueIndex('rr-rq-own');
const space = uniqueIndex('rrq').replace(/-/g, '');
const alerts = `.internal.alerts-security.alerts-${space}-000001`;
const INDICES = [events, own, alerts];

/** Seconds into a day of its own (2031), which nothing else on the node holds. */
const at = (s: number) => new Date(Date.UTC(2031, 2, 4, 10, 0, s)).toISOString();

type Doc = { _index: string; _id: string; _source: Record<string, unknown> };
const doc = (index: string, id: string, source: Record<string, unknown>): Doc => ({
  _index: index,
  _id: id,
  _source: { event: { category: 'process' }, host: { id: 'h1' }, ...source },
});

const DOCS: Doc[] = [
  doc(events, 'before', { '@timestamp': at(5) }),
  doc(events, 'in-1', { '@timestamp': at(20) }),
  doc(events, 'in-2', { '@timestamp': at(40) }),
  doc(events, 'after', { '@timestamp': at(70) }),
  // late: occurred before the window, ingested inside it
  doc(events, 'late', { '@timestamp': at(1), event: { category: 'process', ingested: at(30) } }),
  // early-ingested: occurred inside the window, ingested after it
  doc(events, 'ingested-after', { '@timestamp': at(30), event: { category: 'process', ingested: at(90) } }),
  doc(alerts, 'an-alert', { '@timestamp': at(25), event: { category: 'process', kind: 'signal' } }),
  doc(own, 'own-doc', { '@timestamp': at(26) }),
];

const WINDOW = { start: new Date(at(10)), end: new Date(at(60)) };

const ids = (rs: QueryResult[]) =>
  rs.flatMap((r) => (r.kind === 'event' ? [r.event.id] : r.events.map((e) => ('id' in e ? e.id : '!'))));

describe('rule execution query: window, override and the alerts guard @es', function () {
  this.timeout(60_000);
  let conn: Connection;
  const t = tempDir();
  let file: string;

  before(async () => {
    conn = await testConnection();
    const mappings = {
      properties: {
        '@timestamp': { type: 'date' },
        event: { properties: { ingested: { type: 'date' }, category: { type: 'keyword' } } },
      },
    } as const;
    for (const index of INDICES) await conn.client.indices.create({ index, mappings });
    await conn.client.bulk({
      refresh: true,
      operations: DOCS.flatMap((d) => [{ index: { _index: d._index, _id: d._id } }, d._source]),
    });
    file = t.file('docs.ndjson', DOCS.map((d) => JSON.stringify(d)).join('\n'));
  });
  after(async () => {
    t.remove();
    if (!conn) return;
    await conn.client.indices.delete({ index: INDICES, ignore_unavailable: true });
    await conn.client.close();
  });

  const input = (o: Partial<RuleQueryInput>): RuleQueryInput => ({
    stmt: parse('process where true'),
    source: { kind: 'cluster', client: conn.client, engine: 'search' },
    window: WINDOW,
    index: ['*', '.internal.alerts-*'],
    timestampField: '@timestamp',
    eventCategoryField: 'event.category',
    filter: null,
    excludeIndices: [own],
    ...o,
  });
  const both = async (o: Partial<RuleQueryInput>) => {
    const cluster = ids((await runRuleQuery(input(o))).results);
    const files = ids(
      (await runRuleQuery(input({ ...o, source: { kind: 'files', paths: [file] } }))).results,
    );
    expect(files, 'files as the cluster').to.deep.equal(cluster);
    return cluster;
  };

  it('the patterns do reach the alerts index: a plain search sees the alert', async () => {
    const res = await conn.client.search({
      index: ['*', '.internal.alerts-*'],
      query: { ids: { values: ['an-alert'] } },
    });
    expect(res.hits.hits.map((h) => h._index)).to.deep.equal([alerts]);
  });

  it('a rule on * sees no alert and none of the runner indices, whichever engine', async () => {
    expect(await both({})).to.deep.equal(['in-1', 'ingested-after', 'in-2']);
  });

  it('timestamp_override event.ingested with the @timestamp fallback', async () => {
    // ordered by @timestamp (timestamp_field), not by the override
    expect(await both({ timestampOverride: 'event.ingested' })).to.deep.equal(['late', 'in-1', 'in-2']);
  });

  it('timestamp_override without the fallback', async () => {
    const got = await both({ timestampOverride: 'event.ingested', timestampOverrideFallbackDisabled: true });
    expect(got).to.deep.equal(['late']);
  });

  it('the extra filter and its files equivalent drop the same events', async () => {
    const got = await both({
      filter: { bool: { must_not: [{ ids: { values: ['in-2'] } }] } },
      keep: (s) => s['@timestamp'] !== at(40),
    });
    expect(got).to.deep.equal(['in-1', 'ingested-after']);
  });

  it('tail: the most recent matches', async () => {
    expect(await both({ size: 2 })).to.deep.equal(['ingested-after', 'in-2']);
  });

  it('an aborted signal stops the run', async () => {
    const ac = new AbortController();
    ac.abort(new Error('rule timeout'));
    let err: unknown;
    await runRuleQuery(input({ signal: ac.signal })).catch((e: unknown) => (err = e));
    expect(String(err)).to.match(/timeout|abort/i);
  });
});
