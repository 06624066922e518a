/**
 * How the Elasticsearch alert store meets failures, against the test node (@es). Transient ones are made by a small
 * HTTP proxy in front of the real node that answers the first bulk requests itself (a 429 for the whole request,
 * or a 429 per item) and forwards everything else, so the retry that follows is a real write; the report and the
 * proxy's count show the retry happened. A document the mapping refuses is a persistent failure, reported with
 * its status and reason; a closed port is a lost connection. No reason carries the URL's credentials.
 */
import { createServer, request, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Client } from '@elastic/elasticsearch';
import { expect } from 'chai';
import { connect } from '../../src/es/client.js';
import { esAlertStore } from '../../src/store/es-alerts.js';
import type { RetryPolicy } from '../../src/store/retry.js';
import { setupStores } from '../../src/store/setup.js';
import { esSuite } from './es-fixture.js';
import { alertDoc } from './store-contract.js';

type Mode = 'forward' | 'request-429' | 'items-429' | 'always-503';

interface Proxy {
  url: string;
  bulks: number;
  /** The number of documents in each bulk request, in order. */
  bulkDocs: number[];
  /** How the next bulk requests are answered, first to last; then `forward`. */
  plan: Mode[];
  close(): Promise<void>;
}

function reply(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json', 'x-elastic-product': 'Elasticsearch' });
  res.end(JSON.stringify(body));
}

async function startProxy(target: string): Promise<Proxy> {
  const upstream = new URL(target);
  const state = { bulks: 0, plan: [] as Mode[], bulkDocs: [] as number[] };
  type Reply = (status: number, headers: IncomingMessage['headers'], body: Buffer) => void;
  const forward = (
    method: string,
    path: string,
    headers: IncomingMessage['headers'],
    body: Buffer,
    done: Reply,
  ) => {
    const fwd = request(
      {
        host: upstream.hostname,
        port: upstream.port,
        method,
        path,
        headers: { ...headers, host: upstream.host },
      },
      (up) => {
        const parts: Buffer[] = [];
        up.on('data', (c: Buffer) => parts.push(c));
        up.on('end', () => done(up.statusCode ?? 502, up.headers, Buffer.concat(parts)));
      },
    );
    fwd.on('error', () => done(502, {}, Buffer.from('{"error":"proxy"}')));
    fwd.end(body);
  };
  /** Forwards the bulk's even items to the node and answers the odd ones 429 itself, in the request's order. */
  const halfRejected = (req: IncomingMessage, body: Buffer, res: ServerResponse) => {
    const lines = body
      .toString('utf8')
      .split('\n')
      .filter((l) => l.trim() !== '');
    const pairs = Array.from(
      { length: lines.length / 2 },
      (_, i) => [lines[2 * i]!, lines[2 * i + 1]!] as const,
    );
    const kept = pairs.filter((_, i) => i % 2 === 0);
    const sent = Buffer.from(kept.map((p) => `${p[0]}\n${p[1]}\n`).join(''));
    const headers = { ...req.headers, 'content-length': String(sent.length) };
    forward('POST', req.url!, headers, sent, (status, _h, text) => {
      const real = (JSON.parse(text.toString('utf8')) as { items: unknown[] }).items;
      const items = pairs.map(([action], i) =>
        i % 2 === 0
          ? real[i / 2]
          : {
              create: {
                _id: (JSON.parse(action) as { create: { _id: string } }).create._id,
                status: 429,
                error: {
                  type: 'es_rejected_execution_exception',
                  reason: 'rejected execution of primary operation',
                },
              },
            },
      );
      reply(res, status, { errors: true, took: 1, items });
    });
  };
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const isBulk = (req.url ?? '').split('?')[0]!.endsWith('/_bulk');
      const mode = isBulk ? (state.plan.shift() ?? 'forward') : 'forward';
      if (isBulk) {
        state.bulks++;
        state.bulkDocs.push(
          body
            .toString('utf8')
            .split('\n')
            .filter((l) => l.trim() !== '').length / 2,
        );
      }
      if (mode === 'request-429')
        return reply(res, 429, {
          error: {
            type: 'es_rejected_execution_exception',
            reason: 'rejected execution (queue capacity 200)',
          },
          status: 429,
        });
      if (mode === 'always-503') {
        state.plan.unshift('always-503');
        return reply(res, 503, {
          error: { type: 'unavailable_shards_exception', reason: 'no shard' },
          status: 503,
        });
      }
      if (mode === 'items-429') return halfRejected(req, body, res);
      forward(req.method!, req.url!, req.headers, body, (status, headers, text) => {
        res.writeHead(status, headers);
        res.end(text);
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://rr-user:s3cret-pw@127.0.0.1:${port}`,
    get bulks() {
      return state.bulks;
    },
    get bulkDocs() {
      return state.bulkDocs;
    },
    get plan() {
      return state.plan;
    },
    set plan(p: Mode[]) {
      state.plan = p;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** A retry policy that records each delay asked for and waits none. */
function recording(maxAttempts = 4): { policy: Partial<RetryPolicy>; delays: number[] } {
  const delays: number[] = [];
  return {
    delays,
    policy: {
      maxAttempts,
      baseDelayMs: 100,
      maxDelayMs: 1_000,
      random: () => 0.999,
      delay: async (ms) => void delays.push(ms),
    },
  };
}

describe('Elasticsearch alert store: retries and failures @es', function () {
  this.timeout(60_000);
  const suite = esSuite('retry');
  let proxy: Proxy;
  let viaProxy: Client;
  before(async () => {
    await setupStores(suite.conn.client, suite.names);
    proxy = await startProxy(process.env.ES_URL!);
    // connect() asks for the media type the node's major version takes (8.x refuses the 9.x client's default)
    viaProxy = (await connect({ url: proxy.url })).client;
  });
  after(async () => {
    await viaProxy?.close();
    await proxy?.close();
  });
  const store = (client: Client, policy: Partial<RetryPolicy>) =>
    esAlertStore(client, { target: suite.names.alerts.alias, requireAlias: true, retry: policy });
  const docs = (p: string, n: number) => Array.from({ length: n }, (_, i) => alertDoc(`${p}-${i}`));

  it('retries a bulk refused whole with 429, and writes every alert on the retry', async () => {
    const r = recording();
    proxy.plan = ['request-429'];
    const before = proxy.bulks;
    const report = await store(viaProxy, r.policy).create(docs('whole', 20));
    expect(report.created).to.have.length(20);
    expect(report.failed).to.deep.equal([]);
    expect(report.retries).to.equal(1);
    expect(proxy.bulks - before).to.equal(2);
    expect(r.delays).to.have.length(1);
    expect(r.delays[0]).to.be.within(0, 99);
    const found = await store(suite.conn.client, {}).existingIds(docs('whole', 20).map((d) => d._id));
    expect(found.size).to.equal(20);
  });

  it('retries the items a bulk answered 429, and only those', async () => {
    const r = recording();
    proxy.plan = ['items-429'];
    const seen = proxy.bulkDocs.length;
    const report = await store(viaProxy, r.policy).create(docs('items', 12));
    expect(proxy.bulkDocs.slice(seen)).to.deep.equal([12, 6]);
    expect(report.created).to.have.members(docs('items', 12).map((d) => d._id));
    expect(report.duplicates).to.deep.equal([]);
    expect(report.retries).to.equal(1);
  });

  it('gives up after the bounded attempts, backing off exponentially, and reports every item failed with the status', async () => {
    const r = recording(4);
    proxy.plan = ['always-503'];
    const before = proxy.bulks;
    const report = await store(viaProxy, r.policy).create(docs('down', 3));
    proxy.plan = [];
    expect(proxy.bulks - before).to.equal(4);
    expect(report.retries).to.equal(3);
    expect(r.delays).to.deep.equal([99, 199, 399]);
    expect(report.created).to.deep.equal([]);
    expect(report.failed.map((f) => [f.id, f.status])).to.have.deep.members([
      ['down-0', 503],
      ['down-1', 503],
      ['down-2', 503],
    ]);
    for (const f of report.failed) {
      expect(f.reason).to.match(/unavailable_shards_exception.*still failing after 4 attempts/);
      expect(f.reason).to.not.include('s3cret-pw');
    }
  });

  it('reports a document the mapping refuses in failed, with its status and reason, not retried; the others are written', async () => {
    const r = recording();
    // an object where the mapping has a keyword: ignore_malformed (Kibana's setting) does not cover it
    const bad = alertDoc('bad-uuid', { 'kibana.alert.uuid': { not: 'a keyword' } });
    const report = await store(suite.conn.client, r.policy).create([...docs('good', 3), bad]);
    expect(report.created).to.have.members(['good-0', 'good-1', 'good-2']);
    expect(report.failed).to.have.length(1);
    expect(report.failed[0]!.id).to.equal('bad-uuid');
    expect(report.failed[0]!.status).to.equal(400);
    expect(report.failed[0]!.reason).to.match(/parse/);
    expect(report.retries).to.equal(0);
    expect(r.delays).to.deep.equal([]);
  });

  it('retries a lost connection and reports status 0 without the URL’s credentials', async () => {
    const closed = await startProxy(process.env.ES_URL!);
    const url = closed.url;
    await closed.close();
    const client = new Client({ node: url, requestTimeout: 2_000 });
    try {
      const r = recording(3);
      const report = await store(client, r.policy).create(docs('gone', 2));
      expect(report.retries).to.equal(2);
      expect(report.failed.map((f) => f.status)).to.deep.equal([0, 0]);
      for (const f of report.failed) {
        expect(f.reason).to.match(/Connection|ECONNREFUSED/i);
        expect(f.reason).to.not.include('s3cret-pw');
      }
    } finally {
      await client.close();
    }
  });

  it('stops backing off when the run is aborted', async () => {
    proxy.plan = ['always-503'];
    const ac = new AbortController();
    const s = esAlertStore(viaProxy, {
      target: suite.names.alerts.alias,
      retry: { maxAttempts: 10, baseDelayMs: 60_000, maxDelayMs: 60_000 },
    });
    const started = Date.now();
    setTimeout(() => ac.abort(new Error('rule timed out')), 300);
    const err = await s.create(docs('abort', 1), ac.signal).then(
      () => null,
      (e: unknown) => e,
    );
    proxy.plan = [];
    expect((err as Error).message).to.equal('rule timed out');
    expect(Date.now() - started).to.be.below(10_000);
  });

  it('reports the alerts failed where the alias is gone, and does not auto-create an index there', async () => {
    const gone = `${suite.names.alerts.alias}-missing`;
    const s = esAlertStore(suite.conn.client, {
      target: gone,
      requireAlias: true,
      retry: recording().policy,
    });
    const report = await s.create(docs('nowhere', 2));
    expect(report.created).to.deep.equal([]);
    expect(report.failed.map((f) => f.status)).to.deep.equal([404, 404]);
    expect(report.failed[0]!.reason).to.match(/alias/);
    expect(await suite.conn.client.indices.exists({ index: gone, expand_wildcards: 'all' })).to.equal(false);
  });
});
