import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'chai';
import type { Client } from '@elastic/elasticsearch';
import { isNoHandlerError } from '../../src/es/capabilities.js';
import { EqlApiUnavailableError, EsError } from '../../src/es/errors.js';
import { Schema } from '../../src/mapping/schema.js';
import { type EngineEvent } from '../../src/engine/event.js';
import { isMissingEvent, type QueryResult } from '../../src/engine/results.js';
import { buildEqlRequest, mapEqlResponse, runEqlSearch } from '../../src/sources/es-eql-source.js';
import { FIXTURES } from '../support/paths.js';

const fixture = (name: string): unknown =>
  JSON.parse(readFileSync(join(FIXTURES, 'eql-responses', `${name}.json`), 'utf8'));

const ids = (r: QueryResult) =>
  r.kind === 'event' ? [r.event.id] : r.events.map((e) => (isMissingEvent(e) ? null : e.id));

/** A client error as @elastic/elasticsearch throws it (ResponseError: meta.statusCode + meta.body). */
function responseError(statusCode: number, body: unknown): Error {
  return Object.assign(new Error('ResponseError'), { name: 'ResponseError', meta: { statusCode, body } });
}

function stubClient(search: (req: Record<string, unknown>) => Promise<unknown>): Client {
  return { eql: { search } } as unknown as Client;
}

describe('EQL API source: request builder', () => {
  it('sends only the options given', () => {
    expect(buildEqlRequest({ query: 'process where true' })).to.deep.equal({ query: 'process where true' });
  });

  it('combines filters, the time range and exceptions (must_not) in one bool filter', () => {
    const body = buildEqlRequest({
      query: 'sequence by host.name [process where true] [network where true]',
      filter: { term: { 'host.os.type': 'windows' } },
      timeRange: { gte: '2026-03-01T00:00:00Z', lte: '2026-03-01T00:05:00Z' },
      exceptions: [{ term: { 'user.name': 'svc-backup' } }, { term: { 'process.name': 'agent.exe' } }],
      size: 100,
      fields: [{ field: '*', include_unmapped: true }],
      timestampField: '@timestamp',
      tiebreakerField: 'event.sequence',
      eventCategoryField: 'event.category',
      allowPartialSearchResults: true,
      allowPartialSequenceResults: false,
      maxSamplesPerKey: 2,
      resultPosition: 'tail',
    });
    expect(body).to.deep.equal({
      query: 'sequence by host.name [process where true] [network where true]',
      filter: {
        bool: {
          filter: [
            { term: { 'host.os.type': 'windows' } },
            {
              range: {
                '@timestamp': {
                  gte: '2026-03-01T00:00:00Z',
                  lte: '2026-03-01T00:05:00Z',
                  format: 'strict_date_optional_time||epoch_millis',
                },
              },
            },
          ],
          must_not: [{ term: { 'user.name': 'svc-backup' } }, { term: { 'process.name': 'agent.exe' } }],
        },
      },
      size: 100,
      fields: [{ field: '*', include_unmapped: true }],
      timestamp_field: '@timestamp',
      tiebreaker_field: 'event.sequence',
      event_category_field: 'event.category',
      allow_partial_search_results: true,
      allow_partial_sequence_results: false,
      max_samples_per_key: 2,
      result_position: 'tail',
    });
  });

  it('builds Kibana’s timestamp-override range: override OR (timestamp AND no override)', () => {
    const body = buildEqlRequest({
      query: 'any where true',
      timeRange: { gte: 'now-5m' },
      timestampOverride: 'event.ingested',
    });
    const bounds = { gte: 'now-5m', format: 'strict_date_optional_time||epoch_millis' };
    expect(body.filter).to.deep.equal({
      bool: {
        filter: [
          {
            bool: {
              should: [
                { range: { 'event.ingested': bounds } },
                {
                  bool: {
                    filter: [{ range: { '@timestamp': bounds } }],
                    must_not: [{ exists: { field: 'event.ingested' } }],
                  },
                },
              ],
              minimum_should_match: 1,
            },
          },
        ],
      },
    });
    const noFallback = buildEqlRequest({
      query: 'any where true',
      timeRange: { lte: '2026-01-01T00:00:00Z' },
      timestampOverride: 'event.ingested',
      timestampOverrideFallbackDisabled: true,
    });
    expect(JSON.stringify(noFallback.filter)).to.not.include('must_not');
    expect(JSON.stringify(noFallback.filter)).to.include('event.ingested');
  });
});

describe('EQL API source: response mapper (recorded responses)', () => {
  it('maps hits.events to event results with ordinals from _source, or from fields', () => {
    const r = mapEqlResponse(fixture('events'), { tiebreakerField: 'event.sequence' });
    expect(r.isPartial).to.equal(false);
    expect(r.timedOut).to.equal(false);
    expect(r.shardFailures).to.deep.equal([]);
    expect(r.took).to.equal(12);
    expect(r.results.map((x) => x.kind)).to.deep.equal(['event', 'event']);
    const [a, b] = r.results.map((x) => (x as { event: EngineEvent }).event);
    expect(a!.index).to.equal('.ds-logs-endpoint.events.process-default-2026.03.01-000001');
    expect(a!.id).to.equal('pY3kT5wBq1nZ0aXc7uVr');
    expect((a!.source.process as { name: string }).name).to.equal('regsvr32.exe');
    expect(a!.ordinal).to.deep.equal({
      ts: Date.parse('2026-03-01T08:15:42.101Z'),
      nanos: 0,
      tiebreaker: 4021,
      seq: 0,
    });
    // no @timestamp in _source: read from `fields`, nanoseconds kept; the source itself is left alone
    expect(b!.ordinal).to.deep.equal({
      ts: Date.parse('2026-03-01T08:15:42.101Z'),
      nanos: 250,
      tiebreaker: 4022,
      seq: 1,
    });
    expect(b!.source).to.not.have.property('@timestamp');
  });

  it('maps hits.sequences with join keys, in the response order', () => {
    const r = mapEqlResponse(fixture('sequence'));
    expect(r.results).to.have.length(1);
    const s = r.results[0]!;
    expect(s.kind).to.equal('sequence');
    if (s.kind === 'event') throw new Error('unreachable');
    expect(s.joinKeys).to.deep.equal(['ws-0193', 2012]);
    expect(ids(s)).to.deep.equal(['seq-a-1', 'seq-a-2']);
    expect(s.events.map((e) => (isMissingEvent(e) ? '' : e.index))).to.deep.equal([
      'logs-proc-2026.03',
      'logs-net-2026.03',
    ]);
    const second = s.events[1] as EngineEvent;
    expect(second.ordinal.ts).to.equal(Date.parse('2026-03-01T08:15:43.500Z'));
    expect(second.ordinal.seq).to.equal(1);
  });

  it('maps missing-event placeholders to MissingEvent', () => {
    const r = mapEqlResponse(fixture('missing-events'));
    expect(r.results.map(ids)).to.deep.equal([
      ['m-1', null, 'm-3'],
      ['m-7', null, 'm-9'],
    ]);
    const first = r.results[0]!;
    if (first.kind === 'event') throw new Error('unreachable');
    expect(first.events[1]).to.deep.equal({ missing: true, index: '' });
    expect(first.joinKeys).to.deep.equal(['svc-backup']);
    // seq keeps counting placeholders, so ordinals stay distinct and in response order
    expect((first.events[2] as EngineEvent).ordinal.seq).to.equal(2);
  });

  it('also takes a hit without _index/_id/_source as a placeholder', () => {
    const r = mapEqlResponse({
      hits: {
        sequences: [
          {
            join_keys: [],
            events: [
              { _index: '', _id: '' },
              { _index: 'i', _id: '1', _source: {} },
            ],
          },
        ],
      },
    });
    const s = r.results[0]!;
    if (s.kind === 'event') throw new Error('unreachable');
    expect(isMissingEvent(s.events[0]!)).to.equal(true);
    expect(isMissingEvent(s.events[1]!)).to.equal(false);
  });

  it('maps samples (returned in hits.sequences) as samples; events without a timestamp get ts 0', () => {
    const r = mapEqlResponse(fixture('sample'), { kind: 'sample' });
    expect(r.results.map((x) => x.kind)).to.deep.equal(['sample', 'sample']);
    expect(r.results.map((x) => (x.kind === 'event' ? null : x.joinKeys))).to.deep.equal([
      ['db-02'],
      ['web-01'],
    ]);
    expect(r.results.map(ids)).to.deep.equal([
      ['s-10', 's-11'],
      ['s-20', 's-21'],
    ]);
    const first = r.results[0]!;
    if (first.kind === 'event') throw new Error('unreachable');
    expect((first.events[0] as EngineEvent).ordinal.ts).to.equal(0);
    expect((first.events[1] as EngineEvent).ordinal.ts).to.equal(Date.parse('2026-03-03T10:00:00Z'));
  });

  it('reports partial results and shard failures', () => {
    const r = mapEqlResponse(fixture('shard-failures'));
    expect(r.isPartial).to.equal(true);
    expect(r.shardFailures).to.have.length(1);
    expect(r.shardFailures[0]!.reason?.type).to.equal('query_shard_exception');
    expect(r.shardFailures[0]!.index).to.equal('logs-b');
    expect(r.results.map(ids)).to.deep.equal([['p-1']]);
    const e = (r.results[0] as { event: EngineEvent }).event;
    expect(e.ordinal.ts).to.equal(1772352000000);
  });

  it('reads a timestamp in the mapping’s own format through the schema', () => {
    const schema = Schema.fromMapping({
      properties: { ts: { type: 'date', format: 'yyyy/MM/dd HH:mm:ss' } },
    });
    const r = mapEqlResponse(
      { hits: { events: [{ _index: 'i', _id: '1', _source: { ts: '2026/03/01 10:00:00' } }] } },
      { timestampField: 'ts', schema },
    );
    expect((r.results[0] as { event: EngineEvent }).event.ordinal.ts).to.equal(
      Date.parse('2026-03-01T10:00:00Z'),
    );
  });

  it('maps an empty response to no results', () => {
    expect(mapEqlResponse({ hits: { total: { value: 0, relation: 'eq' } } }).results).to.deep.equal([]);
  });
});

describe('EQL API source: runEqlSearch error handling (stub client)', () => {
  it('turns the REST layer’s "no handler found" into EqlApiUnavailableError', async () => {
    const client = stubClient(async () => {
      throw responseError(400, fixture('no-handler'));
    });
    expect(isNoHandlerError(responseError(400, fixture('no-handler')))).to.equal(true);
    let err: unknown;
    try {
      await runEqlSearch(client, ['logs-*'], { query: 'any where true' });
    } catch (e) {
      err = e;
    }
    expect(err).to.be.instanceOf(EqlApiUnavailableError);
    expect((err as EqlApiUnavailableError).code).to.equal('ES_EQL_UNAVAILABLE');
  });

  it('turns other errors into an EsError with a one-line reason and no request', async () => {
    const client = stubClient(async () => {
      throw responseError(400, {
        error: {
          type: 'verification_exception',
          reason: 'Found 1 problem\nline 1:15: Unknown column [proces.name]',
        },
        status: 400,
      });
    });
    let err: unknown;
    try {
      await runEqlSearch(client, ['logs-*'], { query: 'process where proces.name == "x"' });
    } catch (e) {
      err = e;
    }
    expect(err).to.be.instanceOf(EsError);
    expect(err).to.not.be.instanceOf(EqlApiUnavailableError);
    expect((err as EsError).code).to.equal('ES_EQL');
    expect((err as EsError).esType).to.equal('verification_exception');
    expect((err as EsError).message).to.match(/^EQL search on logs-\*: 400 verification_exception/);
    expect(isNoHandlerError(responseError(400, { error: { type: 'parsing_exception' } }))).to.equal(false);
  });

  it('passes index options and the body, and maps the response with the request’s fields', async () => {
    let seen: Record<string, unknown> | undefined;
    const client = stubClient(async (req) => {
      seen = req;
      return fixture('events');
    });
    const request = buildEqlRequest({
      query: 'process where true',
      tiebreakerField: 'event.sequence',
      size: 5,
    });
    const r = await runEqlSearch(client, ['logs-*', 'other'], request);
    expect(seen).to.deep.include({
      index: ['logs-*', 'other'],
      ignore_unavailable: true,
      allow_no_indices: true,
      query: 'process where true',
      size: 5,
    });
    expect((r.results[0] as { event: EngineEvent }).event.ordinal.tiebreaker).to.equal(4021);
  });
});
