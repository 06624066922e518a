/**
 * The daemon's HTTP endpoint: `GET /healthz` (JSON: ok, rules, running, the last tick) for a liveness probe and
 * `GET /metrics` (Prometheus text format) for a scraper. Bound to 127.0.0.1 unless told otherwise: the metrics
 * name rules, which is not for every network the host is on. Nothing else is served.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { RunnerMetrics } from './metrics.js';
import type { SchedulerStatus } from './scheduler.js';

export const DEFAULT_METRICS_HOST = '127.0.0.1';

export interface HttpOptions {
  host?: string;
  /** 0 picks a free port (tests). */
  port: number;
  metrics: RunnerMetrics;
  status: () => SchedulerStatus;
}

export interface HttpEndpoint {
  url: string;
  port: number;
  close(): Promise<void>;
}

export async function startHttp(opts: HttpOptions): Promise<HttpEndpoint> {
  const server = createServer((req, res) => {
    handle(req, res, opts).catch((e: unknown) => {
      send(res, 500, 'text/plain; charset=utf-8', `error: ${e instanceof Error ? e.message : String(e)}\n`);
    });
  });
  const host = opts.host ?? DEFAULT_METRICS_HOST;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    port,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((e) => (e ? reject(e) : resolve()));
        server.closeAllConnections();
      }),
  };
}

async function handle(req: IncomingMessage, res: ServerResponse, opts: HttpOptions): Promise<void> {
  const path = (req.url ?? '/').split('?')[0];
  if (path !== '/healthz' && path !== '/metrics')
    return send(res, 404, 'text/plain; charset=utf-8', 'not found: GET /healthz or /metrics\n');
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.setHeader('Allow', 'GET, HEAD');
    return send(res, 405, 'text/plain; charset=utf-8', 'method not allowed\n');
  }
  if (path === '/metrics') {
    const { contentType, body } = await opts.metrics.text();
    return send(res, 200, contentType, body, req.method === 'HEAD');
  }
  const s = opts.status();
  // shutting down: not healthy any more, so that a balancer or supervisor stops counting on this process
  const ok = !s.stopping;
  const body = JSON.stringify({
    ok,
    rules: s.rules,
    running: s.running,
    queued: s.queued,
    lastTick: s.lastTickAt,
  });
  return send(res, ok ? 200 : 503, 'application/json', body + '\n', req.method === 'HEAD');
}

function send(res: ServerResponse, status: number, type: string, body: string, headOnly = false): void {
  res.writeHead(status, { 'Content-Type': type, 'Content-Length': Buffer.byteLength(body) });
  res.end(headOnly ? undefined : body);
}
