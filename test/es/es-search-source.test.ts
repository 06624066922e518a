import { expect } from 'chai';
import type { Connection } from '../../src/es/client.js';
import { loadSchema } from '../../src/es/mappings.js';
import { EsError } from '../../src/es/errors.js';
import type { EngineEvent } from '../../src/engine/event.js';
import { compareOrdinals } from '../../src/engine/event.js';
import {
  newSearchStats,
  searchEvents,
  type SearchEventsOptions,
} from '../../src/sources/es-search-source.js';
import { testConnection, uniqueIndex } from '../support/es.js';

async function collect(opts: SearchEventsOptions, stats = newSearchStats()): Promise<EngineEvent[]> {
  const out: EngineEvent[] = [];
  for await (const e of searchEvents(opts, stats)) out.push(e);
  return out;
}

/** True once Elasticsearch no longer knows the PIT: searching it fails with 404. */
async function pitIsGone(conn: Connection, id: string): Promise<boolean> {
  try {
    await conn.client.search({ pit: { id }, size: 0 });
    return false;
  } catch (e) {
    return (e as { meta?: { statusCode?: number } }).meta?.statusCode === 404;
  }
}

describe('searchEvents: PIT + search_after over a real cluster @es', function () {
  this.timeout(120_000);
  let conn: Connection;
  const base = uniqueIndex('rr-search');
  const idxA = `${base}-ev-a`;
  const idxB = `${base}-ev-b`;
  const nanos = `${base}-nanos`;
  const ovr = `${base}-override`;
  const all = [idxA, idxB, nanos, ovr];
  /** (ts second, sequence) of every doc in idxA/idxB, by id. */
  const docs = new Map<string, { sec: number; seqNo: number | null }>();

  before(async () => {
    conn = await testConnection();
    const mappings = {
      properties: {
        '@timestamp': { type: 'date' as const },
        event: {
          properties: { sequence: { type: 'long' as const }, category: { type: 'keyword' as const } },
        },
        n: { type: 'long' as const },
      },
    };
    await conn.client.indices.create({ index: idxA, mappings });
    await conn.client.indices.create({ index: idxB, mappings });
    const ops: unknown[] = [];
    for (let i = 0; i < 103; i++) {
      const index = i % 3 === 0 ? idxB : idxA;
      // many timestamp ties (8 distinct seconds), tiebreaker descending against id order, some missing
      const sec = (i * 7) % 8;
      const seqNo = i % 10 === 9 ? null : 1000 - i;
      const id = `d${i}`;
      docs.set(id, { sec, seqNo });
      const doc: Record<string, unknown> = {
        '@timestamp': `2026-03-01T10:00:0${sec}.000Z`,
        event: { category: i % 2 ? 'process' : 'network', ...(seqNo === null ? {} : { sequence: seqNo }) },
        n: i,
      };
      ops.push({ index: { _index: index, _id: id } }, doc);
    }
    // a document without a timestamp is never an event when sorting by time
    ops.push({ index: { _index: idxA, _id: 'untimed' } }, { event: { category: 'process' }, n: -1 });
    const bulk = await conn.client.bulk({ refresh: true, operations: ops as never });
    expect(bulk.errors).to.equal(false);
  });

  after(async () => {
    if (!conn) return;
    await conn.client.indices.delete({ index: all, ignore_unavailable: true });
    await conn.client.close();
  });

  it('pages (size 7) over two indices matched by a wildcard: every doc once, in (timestamp, tiebreaker) order', async () => {
    const stats = newSearchStats();
    const events = await collect(
      { client: conn.client, index: [`${base}-ev-*`], tiebreakerField: 'event.sequence', pageSize: 7 },
      stats,
    );
    const ids = events.map((e) => e.id);
    expect(ids).to.have.length(103);
    expect(new Set(ids).size).to.equal(103);
    expect(ids).to.not.include('untimed');
    expect(new Set(events.map((e) => e.index))).to.deep.equal(new Set([idxA, idxB]));
    for (let i = 1; i < events.length; i++)
      expect(
        compareOrdinals(events[i - 1]!.ordinal, events[i]!.ordinal),
        `${ids[i - 1]} before ${ids[i]}`,
      ).to.be.lessThan(0);
    const expected = [...docs.entries()]
      .sort(([, a], [, b]) => a.sec - b.sec || (a.seqNo ?? Infinity) - (b.seqNo ?? Infinity))
      .map(([id]) => id);
    // ids with equal (sec, missing tiebreaker) may come in any shard order: compare the keys
    const keyOf = (id: string) => `${docs.get(id)!.sec}/${docs.get(id)!.seqNo}`;
    expect(ids.map(keyOf)).to.deep.equal(expected.map(keyOf));
    const first = events[0]!;
    expect(first.ordinal.ts).to.equal(Date.parse('2026-03-01T10:00:00.000Z'));
    expect(first.source).to.have.property('n');
    const missing = events.find((e) => docs.get(e.id)!.seqNo === null)!;
    expect(missing.ordinal.tiebreaker).to.equal(null);
    // 103 = 14 full pages + 5: the short last page ends the search
    expect(stats.pages).to.equal(15);
    expect(stats.hits).to.equal(103);
    expect(stats.events).to.equal(103);
    expect(stats.shards).to.equal(2);
    expect(stats.pitClosed).to.equal(true);
    expect(await pitIsGone(conn, stats.pitId!)).to.equal(true);
  });

  it('closes the PIT when the consumer stops early', async () => {
    const stats = newSearchStats();
    let n = 0;
    for await (const _e of searchEvents({ client: conn.client, index: [`${base}-*`], pageSize: 5 }, stats)) {
      if (++n === 8) break;
    }
    expect(stats.pages).to.equal(2);
    expect(stats.pitClosed).to.equal(true);
    expect(await pitIsGone(conn, stats.pitId!)).to.equal(true);
  });

  it('applies the query as a filter and fetches only the requested _source fields', async () => {
    const events = await collect({
      client: conn.client,
      index: [idxA, idxB],
      query: { term: { 'event.category': 'process' } },
      sourceIncludes: ['n'],
      pageSize: 10,
    });
    expect(events).to.have.length(51);
    for (const e of events) {
      expect(Object.keys(e.source).sort()).to.deep.equal(['@timestamp', 'n']);
      expect((e.source.n as number) % 2).to.equal(1);
    }
  });

  it('filters on a time range (inclusive bounds, ISO or epoch millis)', async () => {
    const events = await collect({
      client: conn.client,
      index: [`${base}-ev-*`],
      timeRange: { gte: '2026-03-01T10:00:02Z', lte: String(Date.parse('2026-03-01T10:00:03Z')) },
    });
    const secs = new Set(events.map((e) => new Date(e.ordinal.ts).getUTCSeconds()));
    expect([...secs].sort()).to.deep.equal([2, 3]);
    expect(events).to.have.length([...docs.values()].filter((d) => d.sec === 2 || d.sec === 3).length);
  });

  it('keeps nanoseconds of date_nanos and merges date and date_nanos indices in one order', async () => {
    await conn.client.indices.create({
      index: nanos,
      mappings: { properties: { '@timestamp': { type: 'date_nanos' }, n: { type: 'long' } } },
    });
    await conn.client.bulk({
      refresh: true,
      operations: [
        { index: { _index: nanos, _id: 'n1' } },
        { '@timestamp': '2026-03-01T10:00:00.000000001Z', n: 1 },
        { index: { _index: nanos, _id: 'n2' } },
        { '@timestamp': '2026-03-01T10:00:00.000999999Z', n: 2 },
        { index: { _index: nanos, _id: 'n3' } },
        { '@timestamp': '2026-03-01T10:00:01.5Z', n: 3 },
      ],
    });
    const events = await collect({
      client: conn.client,
      index: [nanos, idxA],
      timeRange: { lte: '2026-03-01T10:00:01.999Z' },
      pageSize: 3,
    });
    const n = events.filter((e) => e.index === nanos);
    expect(n.map((e) => [e.id, e.ordinal.nanos])).to.deep.equal([
      ['n1', 1],
      ['n2', 999_999],
      ['n3', 0],
    ]);
    expect(n[0]!.ordinal.ts).to.equal(Date.parse('2026-03-01T10:00:00.000Z'));
    // the date index's events at 10:00:00.000 come before n1 (0 ns), those at 10:00:01 before n3
    const pos = (id: string) => events.findIndex((e) => e.id === id);
    const at = (sec: number) =>
      events.filter((e) => e.index === idxA && new Date(e.ordinal.ts).getUTCSeconds() === sec);
    expect(at(0).every((e) => pos(e.id) < pos('n1'))).to.equal(true);
    expect(at(1).every((e) => pos(e.id) > pos('n2') && pos(e.id) < pos('n3'))).to.equal(true);
    for (let i = 1; i < events.length; i++)
      expect(compareOrdinals(events[i - 1]!.ordinal, events[i]!.ordinal)).to.be.lessThan(0);
  });

  it('filters on a timestamp override, falling back to the timestamp unless disabled', async () => {
    await conn.client.indices.create({
      index: ovr,
      mappings: {
        properties: { '@timestamp': { type: 'date' }, event: { properties: { ingested: { type: 'date' } } } },
      },
    });
    const doc = (ts: string, ingested?: string) => ({
      '@timestamp': ts,
      ...(ingested ? { event: { ingested } } : {}),
    });
    await conn.client.bulk({
      refresh: true,
      operations: [
        // ingested inside the window, occurred before it: in with the override
        { index: { _index: ovr, _id: 'late-ingest' } },
        doc('2026-01-01T00:00:00Z', '2026-02-01T00:00:30Z'),
        // occurred inside, ingested after: out with the override
        { index: { _index: ovr, _id: 'late-event' } },
        doc('2026-02-01T00:00:30Z', '2026-02-02T00:00:00Z'),
        // no override field, @timestamp inside: in only with the fallback
        { index: { _index: ovr, _id: 'no-ingested' } },
        doc('2026-02-01T00:00:40Z'),
        // no override field, @timestamp outside: never
        { index: { _index: ovr, _id: 'old' } },
        doc('2025-01-01T00:00:00Z'),
      ],
    });
    const timeRange = { gte: '2026-02-01T00:00:00Z', lte: '2026-02-01T00:01:00Z' };
    const ids = async (extra: Partial<SearchEventsOptions>) =>
      (await collect({ client: conn.client, index: [ovr], timeRange, ...extra })).map((e) => e.id);
    expect(await ids({})).to.deep.equal(['late-event', 'no-ingested']);
    // ordering stays on @timestamp
    expect(await ids({ timestampOverride: 'event.ingested' })).to.deep.equal(['late-ingest', 'no-ingested']);
    expect(
      await ids({ timestampOverride: 'event.ingested', timestampOverrideFallbackDisabled: true }),
    ).to.deep.equal(['late-ingest']);
  });

  it('reads documents without a timestamp when not sorting by time (samples), deterministically', async () => {
    const opts = { client: conn.client, index: [idxA, idxB], sortByTimestamp: false, pageSize: 9 };
    const one = await collect(opts);
    const two = await collect(opts);
    expect(one).to.have.length(104);
    expect(one.map((e) => e.id)).to.deep.equal(two.map((e) => e.id));
    const untimed = one.find((e) => e.id === 'untimed')!;
    expect(untimed.ordinal.ts).to.equal(0);
  });

  it('warns, and yields nothing, when no index matches; fails on a missing concrete index only when asked', async () => {
    const stats = newSearchStats();
    const warnings: string[] = [];
    const events = await collect(
      {
        client: conn.client,
        index: [`${base}-nothing-*`, `${base}-absent`],
        onWarning: (w) => warnings.push(w),
      },
      stats,
    );
    expect(events).to.deep.equal([]);
    expect(warnings).to.have.length(1);
    expect(warnings[0]).to.match(/no index matches/);
    expect(stats.warnings).to.deep.equal(warnings);
    expect(stats.pitClosed).to.equal(true);

    let err: unknown;
    try {
      await collect({ client: conn.client, index: [`${base}-absent`], ignoreUnavailable: false });
    } catch (e) {
      err = e;
    }
    expect(err).to.be.instanceOf(EsError);
    expect((err as EsError).code).to.equal('ES_INDEX_NOT_FOUND');
    expect((err as EsError).message).to.match(/index_not_found_exception/);
  });

  it('turns a failing query into an EsError naming the shard failure', async () => {
    let err: unknown;
    const stats = newSearchStats();
    try {
      // a regexp on a long field fails on every shard
      await collect({ client: conn.client, index: [idxA], query: { regexp: { n: 'a.*' } } }, stats);
    } catch (e) {
      err = e;
    }
    expect(err).to.be.instanceOf(EsError);
    expect((err as EsError).message).to.match(/searching .*: 400/);
    expect(stats.pitClosed).to.equal(true);
  });

  it('pitIsGone tells an open PIT from a closed one', async () => {
    const pit = await conn.client.openPointInTime({ index: idxA, keep_alive: '1m' });
    expect(await pitIsGone(conn, pit.id)).to.equal(false);
    await conn.client.closePointInTime({ id: pit.id });
    expect(await pitIsGone(conn, pit.id)).to.equal(true);
  });

  it('sorts `date` timestamps outside 1970..2262 when the schema says date (date_nanos sorting would fail)', async () => {
    const old = `${base}-old`;
    await conn.client.indices.create({
      index: old,
      mappings: { properties: { '@timestamp': { type: 'date' } } },
    });
    await conn.client.bulk({
      refresh: true,
      operations: [
        { index: { _index: old, _id: 'o2' } },
        { '@timestamp': '2300-01-01T00:00:00Z' },
        { index: { _index: old, _id: 'o1' } },
        { '@timestamp': '1960-01-01T00:00:00.5Z' },
      ],
    });
    try {
      const { schema } = await loadSchema(conn.client, [old]);
      const events = await collect({ client: conn.client, index: [old], schema });
      expect(events.map((e) => [e.id, e.ordinal.ts])).to.deep.equal([
        ['o1', Date.parse('1960-01-01T00:00:00.500Z')],
        ['o2', Date.parse('2300-01-01T00:00:00Z')],
      ]);
      let err: unknown;
      try {
        await collect({ client: conn.client, index: [old], timestampNanos: true });
      } catch (e) {
        err = e;
      }
      expect((err as EsError).message).to.match(/cannot be converted to nanoseconds/);
    } finally {
      await conn.client.indices.delete({ index: old });
    }
  });
});
