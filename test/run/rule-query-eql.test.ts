/**
 * What an execution sends the EQL API, which the test distribution lacks: a small HTTP server stands in for the
 * node, records the `_eql/search` request and answers with a sequence. The request must carry Kibana's window
 * filter (override with the @timestamp fallback), the rule filter, the alerts guard, `size` 10,000 and
 * `result_position: tail`; the answer maps to the same events a search or a file would give.
 */
import { expect } from 'chai';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Client } from '@elastic/elasticsearch';
import { parse } from '../../src/eql/index.js';
import { queryViaEqlApi } from '../../src/run/es-eql.js';
import { EXECUTION_SIZE, runRuleQuery } from '../../src/run/rule-query.js';

interface Recorded {
  method: string;
  path: string;
  body: Record<string, unknown>;
}

const read = (req: IncomingMessage) =>
  new Promise<string>((resolve) => {
    let s = '';
    req.on('data', (c: Buffer) => (s += c.toString('utf8')));
    req.on('end', () => resolve(s));
  });

const SEQUENCE = {
  took: 3,
  timed_out: false,
  hits: {
    total: { value: 1, relation: 'eq' },
    sequences: [
      {
        join_keys: ['h1'],
        events: [
          {
            _index: 'logs-a',
            _id: 'e1',
            _source: { '@timestamp': '2031-01-01T10:00:01Z', host: { id: 'h1' } },
          },
          {
            _index: 'logs-a',
            _id: 'e2',
            _source: { '@timestamp': '2031-01-01T10:00:02Z', host: { id: 'h1' } },
          },
        ],
      },
    ],
  },
};

describe('rule execution query by the EQL API (a recording stand-in for the node)', function () {
  let server: Server;
  let client: Client;
  const seen: Recorded[] = [];

  before(async () => {
    server = createServer((req, res) => {
      void read(req).then((text) => {
        seen.push({
          method: req.method ?? '',
          path: req.url ?? '',
          body: text ? (JSON.parse(text) as Record<string, unknown>) : {},
        });
        res.setHeader('content-type', 'application/json');
        res.setHeader('x-elastic-product', 'Elasticsearch');
        res.end(JSON.stringify(SEQUENCE));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    client = new Client({
      node: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
      maxRetries: 0,
    });
  });
  after(async () => {
    await client.close();
    await new Promise((resolve) => server.close(resolve));
  });

  it('sends the window, the rule filter and the guard, asks for the tail of 10,000, and maps the answer', async () => {
    const ruleFilter = { bool: { must_not: [{ term: { 'user.name': 'svc' } }] } };
    const run = await runRuleQuery({
      stmt: parse('sequence by host.id [process where true] [network where true]'),
      source: { kind: 'cluster', client, engine: 'eql' },
      window: { start: new Date('2031-01-01T09:51:00Z'), end: new Date('2031-01-01T10:00:00Z') },
      index: ['logs-*'],
      timestampField: 'event.created',
      timestampOverride: 'event.ingested',
      tiebreakerField: 'event.sequence',
      eventCategoryField: 'event.category',
      filter: ruleFilter,
      excludeIndices: ['rule-runner-state'],
    });
    expect(seen).to.have.lengthOf(1);
    const { method, path, body } = seen[0]!;
    expect(method).to.equal('POST');
    expect(decodeURIComponent(path)).to.match(/^\/logs-\*\/_eql\/search/);
    expect(body).to.include({
      size: EXECUTION_SIZE,
      result_position: 'tail',
      timestamp_field: 'event.created',
      tiebreaker_field: 'event.sequence',
      event_category_field: 'event.category',
    });
    const filter = (body.filter as { bool: { filter: unknown[] } }).bool.filter;
    const bounds = {
      format: 'strict_date_optional_time||epoch_millis',
      gte: '2031-01-01T09:51:00.000Z',
      lte: '2031-01-01T10:00:00.000Z',
    };
    expect(filter[0], 'the window: Kibana falls back to @timestamp, not to timestamp_field').to.deep.equal({
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
    });
    const guard = JSON.stringify(filter[1]);
    for (const p of ['.internal.alerts-', '.alerts-', 'rule-runner-state']) expect(guard).to.contain(p);
    expect(filter[2]).to.deep.equal(ruleFilter);
    expect(run.engine).to.equal('eql');
    expect(run.eventsScanned).to.equal(2);
    expect(run.results).to.have.lengthOf(1);
    const r = run.results[0]!;
    expect(
      r.kind === 'sequence' && r.events.map((e) => ('id' in e ? `${e.index}/${e.id}` : '!')),
    ).to.deep.equal(['logs-a/e1', 'logs-a/e2']);
  });

  it('`query` by the EQL API asks for the head, as the search and offline engines keep the first results', async () => {
    seen.length = 0;
    await queryViaEqlApi(parse('sequence by host.id [process where true] [network where true]'), {
      client,
      index: ['logs-*'],
      size: 10,
      timestampField: '@timestamp',
      eventCategoryField: 'event.category',
    });
    expect(seen).to.have.lengthOf(1);
    expect(seen[0]!.body).to.include({ size: 10, result_position: 'head' });
  });
});
