import { expect } from 'chai';
import type { Client } from '@elastic/elasticsearch';
import { EsError } from '../../src/es/errors.js';
import { Schema } from '../../src/mapping/schema.js';
import {
  newSearchStats,
  searchEvents,
  searchQuery,
  searchSort,
  type SearchEventsOptions,
} from '../../src/sources/es-search-source.js';

function responseError(statusCode: number, body: unknown): Error {
  return Object.assign(new Error('ResponseError'), { name: 'ResponseError', meta: { statusCode, body } });
}

interface Calls {
  search: Array<Record<string, unknown>>;
  closed: string[];
}

/** A client whose PIT opens on one shard and whose search answers from `pages` (then fails when `fail`). */
function stubClient(
  pages: unknown[][],
  opts: { failSearch?: Error; failClose?: Error } = {},
): [Client, Calls] {
  const calls: Calls = { search: [], closed: [] };
  let page = 0;
  const client = {
    openPointInTime: async () => ({
      id: 'pit-0',
      _shards: { total: 1, successful: 1, skipped: 0, failed: 0 },
    }),
    search: async (req: Record<string, unknown>) => {
      calls.search.push(req);
      if (opts.failSearch) throw opts.failSearch;
      const hits = pages[page] ?? [];
      page++;
      return {
        took: 3,
        timed_out: false,
        pit_id: `pit-${page}`,
        _shards: { total: 1, failed: 0 },
        hits: { hits },
      };
    },
    closePointInTime: async ({ id }: { id: string }) => {
      calls.closed.push(id);
      if (opts.failClose) throw opts.failClose;
      return { succeeded: true, num_freed: 1 };
    },
  };
  return [client as unknown as Client, calls];
}

const hit = (id: string, ts: string, tb?: unknown) => ({
  _index: 'logs',
  _id: id,
  _source: { n: id },
  sort: tb === undefined ? [ts, 7] : [ts, tb, 7],
});

async function drain(opts: SearchEventsOptions, stats = newSearchStats()) {
  const out = [];
  for await (const e of searchEvents(opts, stats)) out.push(e);
  return out;
}

describe('searchEvents (stub client)', () => {
  it('sorts by timestamp (nanos, formatted), tiebreaker and _shard_doc, and filters on an existing timestamp', () => {
    const opts = {
      client: {} as Client,
      index: ['x'],
      tiebreakerField: 'event.sequence',
      query: { match_all: {} },
    };
    expect(searchSort(opts)).to.deep.equal([
      {
        '@timestamp': {
          order: 'asc',
          format: 'strict_date_optional_time_nanos',
          numeric_type: 'date_nanos',
          unmapped_type: 'date',
        },
      },
      { 'event.sequence': { order: 'asc', unmapped_type: 'long' } },
      { _shard_doc: 'asc' },
    ]);
    expect(searchQuery(opts)).to.deep.equal({
      bool: { filter: [{ match_all: {} }, { exists: { field: '@timestamp' } }] },
    });
    const schema = Schema.fromMapping({
      properties: {
        '@timestamp': { type: 'date' },
        event: { properties: { sequence: { type: 'keyword' } } },
      },
    });
    const [ts, tb] = searchSort({ ...opts, schema }) as Array<Record<string, Record<string, unknown>>>;
    expect(ts!['@timestamp']!.numeric_type).to.equal('date');
    expect(tb!['event.sequence']!.unmapped_type).to.equal('keyword');
    expect(searchSort({ ...opts, sortByTimestamp: false })).to.deep.equal([{ _shard_doc: 'asc' }]);
    expect(searchQuery({ client: {} as Client, index: ['x'], sortByTimestamp: false })).to.deep.equal({
      match_all: {},
    });
  });

  it('pages with search_after from the last hit, follows the newest PIT id, closes the last one', async () => {
    const [client, calls] = stubClient([
      [hit('a', '2026-01-01T00:00:00.000000001Z', 5), hit('b', '2026-01-01T00:00:01Z', 2 ** 63)],
      [hit('c', '2026-01-01T00:00:02Z', 'Infinity')],
    ]);
    const stats = newSearchStats();
    const events = await drain({ client, index: ['logs'], tiebreakerField: 't', pageSize: 2 }, stats);
    expect(events.map((e) => [e.id, e.ordinal.nanos, e.ordinal.tiebreaker, e.ordinal.seq])).to.deep.equal([
      ['a', 1, 5, 0],
      ['b', 0, null, 1],
      ['c', 0, null, 2],
    ]);
    expect(calls.search[0]).to.deep.include({
      pit: { id: 'pit-0', keep_alive: '1m' },
      track_total_hits: false,
    });
    expect(calls.search[0]).to.not.have.property('search_after');
    expect(calls.search[1]!.pit).to.deep.equal({ id: 'pit-1', keep_alive: '1m' });
    // Long.MAX_VALUE goes back as JSON read it (2^63); Elasticsearch clamps it to the same value
    expect(calls.search[1]!.search_after).to.deep.equal(['2026-01-01T00:00:01Z', 2 ** 63, 7]);
    expect(calls.closed).to.deep.equal(['pit-2']);
    expect(stats).to.deep.include({
      pages: 2,
      hits: 3,
      events: 3,
      esTookMs: 6,
      pitClosed: true,
      warnings: [],
    });
  });

  it('a failing close does not hide the search error', async () => {
    const [client, calls] = stubClient([], {
      failSearch: responseError(400, {
        error: {
          type: 'search_phase_execution_exception',
          reason: 'all shards failed',
          failed_shards: [
            { shard: 0, index: 'logs', reason: { type: 'query_shard_exception', reason: 'bad query' } },
          ],
        },
      }),
      failClose: responseError(404, { error: { type: 'search_context_missing_exception', reason: 'gone' } }),
    });
    const stats = newSearchStats();
    let err: unknown;
    try {
      await drain({ client, index: ['logs'] }, stats);
    } catch (e) {
      err = e;
    }
    expect(err).to.be.instanceOf(EsError);
    expect((err as EsError).code).to.equal('ES_SEARCH');
    expect((err as EsError).message).to.equal(
      'searching logs: 400 search_phase_execution_exception: all shards failed — query_shard_exception: bad query (index logs, shard 0)',
    );
    expect(calls.closed).to.deep.equal(['pit-0']);
    expect(stats.pitClosed).to.equal(false);
    expect(stats.warnings).to.have.length(1);
    expect(stats.warnings[0]).to.match(
      /could not close the point in time on logs .*search_context_missing_exception/,
    );
  });

  it('a failing close after a complete read only warns', async () => {
    const [client] = stubClient([[hit('a', '2026-01-01T00:00:00Z')]], {
      failClose: new Error('socket hang up'),
    });
    const warnings: string[] = [];
    const events = await drain({ client, index: ['logs'], onWarning: (w) => warnings.push(w) });
    expect(events).to.have.length(1);
    expect(warnings).to.have.length(1);
    expect(warnings[0]).to.match(/expires after 1m.*socket hang up/);
  });

  it('fails on shard failures reported in a 200 response', async () => {
    const client = {
      openPointInTime: async () => ({ id: 'p', _shards: { total: 2 } }),
      search: async () => ({
        took: 1,
        _shards: {
          total: 2,
          failed: 1,
          failures: [
            { shard: 1, index: 'logs', reason: { type: 'illegal_argument_exception', reason: 'nope' } },
          ],
        },
        hits: { hits: [] },
      }),
      closePointInTime: async () => ({}),
    } as unknown as Client;
    let err: unknown;
    try {
      await drain({ client, index: ['logs'] });
    } catch (e) {
      err = e;
    }
    expect((err as EsError).code).to.equal('ES_SHARD_FAILURE');
    expect((err as EsError).message).to.match(/1 of 2 shards failed — illegal_argument_exception: nope/);
  });

  it('reports an unreachable cluster without its URL credentials', async () => {
    const client = {
      openPointInTime: async () => {
        throw Object.assign(new Error('connect ECONNREFUSED http://elastic:s3cret@127.0.0.1:1'), {
          name: 'ConnectionError',
        });
      },
    } as unknown as Client;
    let err: unknown;
    try {
      await drain({ client, index: ['logs'] });
    } catch (e) {
      err = e;
    }
    expect((err as EsError).code).to.equal('ES_UNREACHABLE');
    expect((err as EsError).message).to.not.include('s3cret');
  });
});
