/**
 * Backfill against a cluster (issue 15's figure): 24 hours of generated endpoint events (2,000,000 by default) in
 * Elasticsearch, rule.json at its 5-minute interval from now-9m, 288 steps, run by runBackfill both ways:
 * `windowed` (Kibana's manual run: one execution per step, each searching its 9-minute window, so the overlap is
 * read twice) and `one-pass` (the default: one search over the range). Each run writes into an alerts index of
 * its own in one space, deleted after; both must write the same alert ids, each with the same intended timestamp.
 *
 * The events are loaded once and kept: the node is ES_URL's, or scripts/es.sh's with its state kept under the
 * cache between runs (ES_KEEP_DATA=1, ES_STATE_DIR ~/.cache/rule-runner/bench-es-<version>), and the loader
 * keeps indices that already hold exactly this data (es-index.ts). The first run on a machine loads for minutes.
 * `node dist/bench/backfill-es-bench.js [count] [rounds]` (default 2,000,000 and 1 round of each, alternated).
 */
import { execFileSync } from 'node:child_process';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { connect } from '../src/es/client.js';
import { nullLogger } from '../src/logging/logger.js';
import { loadRules } from '../src/rules/load-rules.js';
import { runBackfill, type BackfillMethod } from '../src/runner/backfill.js';
import { executeRule } from '../src/runner/execute-rule.js';
import { esStores } from '../src/store/es-stores.js';
import { storeNames } from '../src/store/names.js';
import { setupStores } from '../src/store/setup.js';
import { int, isMain, rate, REPO_ROOT, report, seconds } from './common.js';
import { loadEndpointEvents } from './es-index.js';

const MIN = 60_000;
const START = Date.parse('2031-05-04T00:00:00.000Z');
const SPACE = 'benchbackfill';

function node(): { url: string; stop: () => void } {
  if (process.env.ES_URL) return { url: process.env.ES_URL, stop: () => {} };
  const version = process.env.ES_VERSION ?? '9.5.4';
  const env = {
    ...process.env,
    ES_VERSION: version,
    ES_KEEP_DATA: '1',
    ES_HEAP: process.env.ES_HEAP ?? '2g',
    ES_STATE_DIR: process.env.ES_STATE_DIR ?? join(homedir(), '.cache', 'rule-runner', `bench-es-${version}`),
  };
  const script = join(REPO_ROOT, 'scripts/es.sh');
  const out = execFileSync('bash', [script, 'start'], {
    env,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return {
    url: out.trim().split('\n').pop()!,
    stop: () => execFileSync('bash', [script, 'stop'], { env, stdio: 'inherit' }),
  };
}

interface Run {
  method: BackfillMethod;
  s: number;
  steps: number;
  eventsScanned: number;
  alerts: Map<string, string>;
}

async function main(count: number, rounds: number): Promise<void> {
  const es = node();
  const conn = await connect({ url: es.url, requestTimeoutMs: 300_000 });
  try {
    console.log(`Elasticsearch ${conn.version} at ${conn.displayUrl}`);
    const load = await loadEndpointEvents(conn, {
      gen: { count, hosts: 200, seed: 15, rate: count / 86_400, start: START, planted: 60 },
      reindex: false,
      log: (l) => console.log(l),
    });
    console.log(
      load.skipped
        ? `reusing ${int(load.docs)} events already indexed`
        : `indexed ${int(load.docs)} events in ${load.seconds.toFixed(0)} s (${rate(load.docs, load.seconds)})`,
    );
    const { rules } = loadRules([join(REPO_ROOT, 'rule.json')], { now: new Date() });
    const loaded = rules[0]!;
    const range = { start: new Date(START + 9 * MIN), end: new Date(START + 9 * MIN + 86_400_000) };

    let n = 0;
    const once = async (method: BackfillMethod): Promise<Run> => {
      const names = storeNames(SPACE, { alerts: `bench-backfill-alerts-${process.pid}-${n++}` });
      const setup = await setupStores(conn.client, names);
      try {
        const stores = esStores(conn.client, names, { alertsTarget: setup.alertsTarget });
        const t0 = performance.now();
        const out = await runBackfill(
          loaded,
          { kind: 'range', range },
          {
            execute: executeRule,
            execution: {
              events: { kind: 'cluster', client: conn.client, engine: 'search' },
              stores,
              clock: () => new Date(),
              spaceId: SPACE,
              kibanaVersion: '9.4.0',
              excludeIndices: [names.alerts.alias, names.alerts.backingIndex],
            },
            logger: nullLogger,
          },
          { method },
        );
        const s = (performance.now() - t0) / 1000;
        if (out.outcome !== 'complete')
          throw new Error(`${method} backfill ended ${out.outcome}: ${out.error}`);
        await conn.client.indices.refresh({ index: names.alerts.alias });
        const res = await conn.client.search<Record<string, unknown>>({
          index: names.alerts.alias,
          size: 10_000,
          _source: ['kibana.alert.intended_timestamp'],
        });
        const alerts = new Map(
          res.hits.hits.map((h) => [h._id!, String(h._source!['kibana.alert.intended_timestamp'])]),
        );
        const eventsScanned = out.results.reduce((k, r) => k + r.counts.eventsScanned, 0);
        console.log(
          `  ${method}: ${seconds(s)}, ${out.results.length} steps, ${int(eventsScanned)} events read, ${alerts.size} alerts`,
        );
        return { method, s, steps: out.results.length, eventsScanned, alerts };
      } finally {
        await conn.client.indices.delete({ index: names.alerts.backingIndex, ignore_unavailable: true });
      }
    };

    const runs: Run[] = [];
    for (let r = 0; r < rounds; r++) runs.push(await once('windowed'), await once('one-pass'));
    const best = (m: BackfillMethod) => runs.filter((r) => r.method === m).sort((a, b) => a.s - b.s)[0]!;
    const w = best('windowed');
    const o = best('one-pass');
    const same =
      runs.every((r) => r.alerts.size === w.alerts.size) &&
      runs.every((r) => [...r.alerts].every(([id, at]) => w.alerts.get(id) === at));
    const ratio = w.s / o.s;
    console.log(
      `backfill on a cluster: ${int(load.docs)} events over 24h, rule.json every 5m from now-9m, ${o.steps} steps`,
    );
    console.log(`  ratio windowed / one pass: ${ratio.toFixed(2)}×; same alerts: ${same}`);
    report({
      bench: 'backfill on Elasticsearch (one pass vs windowed loop)',
      figures: [
        { label: 'events, steps', value: `${int(load.docs)} over 24h, ${o.steps} steps` },
        { label: 'windowed loop', value: `${seconds(w.s)}, ${int(w.eventsScanned)} events read` },
        {
          label: 'one pass',
          value: `${seconds(o.s)}, ${int(o.eventsScanned)} events read, ${rate(load.docs, o.s)} of the range`,
        },
        {
          label: 'ratio windowed / one pass',
          value: `${ratio.toFixed(2)}×`,
          target: '>= 2×',
          ok: ratio >= 2,
        },
        { label: 'same alert ids and steps', value: `${same} (${o.alerts.size} alerts)`, ok: same },
      ],
    });
    if (!same || o.steps !== 288) process.exitCode = 1;
  } finally {
    await conn.client.close();
    es.stop();
  }
}

if (isMain(import.meta.url)) await main(Number(process.argv[2] ?? 2_000_000), Number(process.argv[3] ?? 1));
