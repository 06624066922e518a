/**
 * Elasticsearch benchmark ("Running EQL against Elasticsearch"): 1,000,000 generated endpoint events indexed into
 * `logs-endpoint.events.{process,network}-default`, then rule.json over the whole range, timed two ways in
 * alternation: (a) `queryViaSearch` (pushdown, PIT + search_after, rule-runner's matcher) and (b) a bare scan
 * fetching the same candidate documents and doing nothing with them. Target: median (a) / median (b) <= 1.25.
 *
 * `ES_URL=... node dist/bench/es-bench.js [--reindex] [--runs N] [--count N]`. Without ES_URL, the node
 * `scripts/es.sh` runs is used, or one is started (and stopped at the end). With BENCH_CPU_PROFILE=<file>, one
 * extra run of (a) after the timed ones is recorded as a .cpuprofile (`node dist/bench/profile-summary.js <file>`).
 */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { parse } from '../src/eql/index.js';
import { connect } from '../src/es/client.js';
import { queryViaSearch, type EsSearchRun } from '../src/run/es-search.js';
import {
  int,
  isMain,
  mb,
  plantedPairs,
  rate,
  report,
  REPO_ROOT,
  ruleQuery,
  sameList,
  sequencePairs,
} from './common.js';
import { loadEndpointEvents } from './es-index.js';
import { esUrl } from './es-node.js';
import { bareScan, candidateSearch, type ScanStats } from './es-scan.js';

const TARGET_RATIO = 1.25;
const INDEX = ['logs-endpoint.events.*'];
const PAGE_SIZE = 1000;

interface Args {
  reindex: boolean;
  runs: number;
  count: number;
}

function parseArgs(argv: string[]): Args {
  const a: Args = { reindex: false, runs: 5, count: 1_000_000 };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--reindex') a.reindex = true;
    else if (arg === '--runs') a.runs = Number(argv[++i]);
    else if (arg === '--count') a.count = Number(argv[++i]);
    else throw new Error(`unknown argument ${arg} (--reindex, --runs N, --count N)`);
  }
  if (!(a.runs >= 3)) throw new Error('--runs must be at least 3');
  if (!Number.isSafeInteger(a.count) || a.count < 1) throw new Error('--count must be a positive integer');
  return a;
}

function median(xs: number[]): number {
  const s = [...xs].sort((x, y) => x - y);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** Peak RSS of this process so far (the OS's high-water mark). */
function maxRss(): number {
  return process.resourceUsage().maxRSS * 1024;
}

export async function main(args: Args): Promise<void> {
  const load0 = loadavg()[0];
  const { url, started } = esUrl();
  const conn = await connect({ url, requestTimeoutMs: 120_000 });
  try {
    console.log(`Elasticsearch ${conn.version} at ${conn.displayUrl}`);
    const gen = {
      count: args.count,
      hosts: 500,
      seed: 1,
      rate: 2000,
      planted: Math.floor(args.count / 5000),
    };
    const load = await loadEndpointEvents(conn, {
      gen,
      reindex: args.reindex,
      log: (l) => console.log(l),
    });
    if (!load.skipped)
      console.log(
        `indexed ${int(load.docs)} events (${mb(load.bytes)} NDJSON, ${load.bulkRequests} bulk requests, ${load.retries} retries) in ${load.seconds.toFixed(1)} s: ${rate(load.docs, load.seconds)}`,
      );
    const rssAfterLoad = maxRss();
    const { client } = conn;
    const inRange = (await client.count({ index: INDEX })).count;

    const stmt = parse(ruleQuery());
    const settings = {
      index: INDEX,
      pageSize: PAGE_SIZE,
      timestampField: '@timestamp',
      eventCategoryField: 'event.category',
    };
    const scanOpts = await candidateSearch(client, stmt, settings);
    const runA = (): Promise<EsSearchRun> =>
      queryViaSearch(stmt, {
        client,
        index: INDEX,
        size: 10000,
        pageSize: PAGE_SIZE,
        wholeEvents: false,
        timestampField: '@timestamp',
        eventCategoryField: 'event.category',
        tiebreakerField: null,
      });
    const want = plantedPairs(load.planted);

    let rssPeakQueries = 0;
    const sampler = setInterval(() => {
      rssPeakQueries = Math.max(rssPeakQueries, process.memoryUsage().rss);
    }, 20);
    const timeA: number[] = [];
    const timeB: number[] = [];
    // this process's CPU time per run: less disturbed by other load on the machine than wall time
    const cpuA: number[] = [];
    const cpuB: number[] = [];
    // Elasticsearch's own `took`, and the wall time not spent waiting on a request (the client's own work)
    const tookA: number[] = [];
    const tookB: number[] = [];
    const ownA: number[] = [];
    const ownB: number[] = [];
    const cpuMs = (since: NodeJS.CpuUsage): number => {
      const d = process.cpuUsage(since);
      return (d.user + d.system) / 1000;
    };
    let lastA: EsSearchRun | null = null;
    let lastB: ScanStats | null = null;
    let exact = true;
    const doA = async (timed: boolean): Promise<void> => {
      const c0 = process.cpuUsage();
      const t0 = performance.now();
      const r = await runA();
      const ms = performance.now() - t0;
      const cpu = cpuMs(c0);
      if (timed) {
        cpuA.push(cpu);
        tookA.push(r.search.esTookMs);
        ownA.push(ms - r.search.requestMs);
      }
      const ok = sameList(sequencePairs(r.results), want);
      exact &&= ok;
      if (timed) {
        lastA = r;
        timeA.push(ms);
      }
      console.log(
        `  (a) rule-runner  ${(ms / 1000).toFixed(3)} s (cpu ${(cpu / 1000).toFixed(3)} s)  ${int(r.search.hits)} hits, ${r.search.pages} pages, waiting on ES ${(r.search.requestMs / 1000).toFixed(3)} s, ${r.results.length} sequences${ok ? '' : ' (NOT the planted ones)'}${timed ? '' : '  [warm-up]'}`,
      );
    };
    const doB = async (timed: boolean): Promise<void> => {
      const c0 = process.cpuUsage();
      const t0 = performance.now();
      const s = await bareScan(scanOpts);
      const ms = performance.now() - t0;
      const cpu = cpuMs(c0);
      if (timed) {
        cpuB.push(cpu);
        tookB.push(s.esTookMs);
        ownB.push(ms - s.requestMs);
      }
      if (timed) {
        lastB = s;
        timeB.push(ms);
      }
      console.log(
        `  (b) bare scan    ${(ms / 1000).toFixed(3)} s (cpu ${(cpu / 1000).toFixed(3)} s)  ${int(s.hits)} hits, ${s.pages} pages, waiting on ES ${(s.requestMs / 1000).toFixed(3)} s${timed ? '' : '  [warm-up]'}`,
      );
    };
    console.log(
      `timing rule.json over ${int(inRange)} events, (a) and (b) alternating, ${args.runs} runs each:`,
    );
    await doA(false);
    await doB(false);
    for (let i = 0; i < args.runs; i++) {
      // alternate which goes first too, so that neither always follows the other
      if (i % 2 === 0) {
        await doA(true);
        await doB(true);
      } else {
        await doB(true);
        await doA(true);
      }
    }
    clearInterval(sampler);

    const profileFile = process.env.BENCH_CPU_PROFILE;
    if (profileFile) {
      const session = new Session();
      session.connect();
      await session.post('Profiler.enable');
      await session.post('Profiler.setSamplingInterval', { interval: 200 });
      await session.post('Profiler.start');
      await doA(false);
      const { profile } = await session.post('Profiler.stop');
      writeFileSync(profileFile, JSON.stringify(profile));
      session.disconnect();
      console.log(`  cpu profile of one (a) run: ${profileFile}`);
    }

    const a = lastA as EsSearchRun | null;
    const b = lastB as ScanStats | null;
    if (!a || !b) throw new Error('no runs');
    const medA = median(timeA) / 1000;
    const medB = median(timeB) / 1000;
    const ratio = medA / medB;
    const sameFetch = a.search.hits === b.hits && a.search.pages === b.pages;
    const found = plantedPairs(load.planted).filter((p) => new Set(sequencePairs(a.results)).has(p)).length;
    report({
      bench: `Elasticsearch ${conn.version} (rule.json, search engine)`,
      figures: [
        {
          label: 'events indexed',
          value: `${int(load.docs)} (${Object.entries(load.perIndex)
            .map(([k, v]) => `${k.replace('logs-endpoint.events.', '')} ${int(v)}`)
            .join(', ')})`,
        },
        {
          label: 'indexing rate',
          value: load.skipped
            ? 'skipped (indices already loaded; --reindex)'
            : `${rate(load.docs, load.seconds)} (${load.seconds.toFixed(1)} s)`,
        },
        {
          label: '(a) queryViaSearch, median',
          value: `${medA.toFixed(3)} s (${timeA.map((t) => (t / 1000).toFixed(2)).join(' ')})`,
        },
        {
          label: '(b) bare PIT scan, median',
          value: `${medB.toFixed(3)} s (${timeB.map((t) => (t / 1000).toFixed(2)).join(' ')})`,
        },
        {
          label: 'ratio (a)/(b)',
          value: ratio.toFixed(3),
          target: `<= ${TARGET_RATIO}`,
          ok: ratio <= TARGET_RATIO,
        },
        {
          label: 'median of paired-run ratios (a)/(b)',
          value: median(timeA.map((t, i) => t / timeB[i])).toFixed(3),
        },
        {
          // ES's time per run varies by tens of percent with the machine's load; rule-runner's serial work does not
          label: 'ratio, (b) + own work of (a) over (b)',
          value: ((median(timeB) + median(ownA) - median(ownB)) / median(timeB)).toFixed(3),
        },
        {
          label: 'client cpu per run, median (a) / (b)',
          value: `${(median(cpuA) / 1000).toFixed(3)} s / ${(median(cpuB) / 1000).toFixed(3)} s (rule-runner's own work: ${((median(cpuA) - median(cpuB)) / 1000).toFixed(3)} s)`,
        },
        {
          label: 'machine load (1-min average)',
          value: `${loadavg()[0].toFixed(2)} at end, ${load0.toFixed(2)} at start; ${cpus().length} cpus`,
        },
        { label: '(a) throughput over all events', value: rate(inRange, medA) },
        {
          label: 'docs fetched / docs in range',
          value: `${int(a.search.hits)} / ${int(inRange)} = ${((a.search.hits / inRange) * 100).toFixed(2)}%`,
        },
        { label: 'pages (a) / (b)', value: `${a.search.pages} / ${b.pages}` },
        {
          label: 'same candidates fetched by (a), (b)',
          value: sameFetch ? 'yes' : `NO (${a.search.hits} vs ${b.hits} hits)`,
          ok: sameFetch,
        },
        {
          label: 'ES took per run, median (a) / (b)',
          value: `${(median(tookA) / 1000).toFixed(3)} s / ${(median(tookB) / 1000).toFixed(3)} s`,
        },
        {
          label: 'wall not waiting on ES, median (a) / (b)',
          value: `${(median(ownA) / 1000).toFixed(3)} s / ${(median(ownB) / 1000).toFixed(3)} s`,
        },
        {
          label: 'found / planted',
          value: `${found} / ${load.planted.length}${exact ? ' (exactly)' : ` (${a.results.length} results: NOT exact)`}`,
          ok: exact,
        },
        { label: 'peak RSS during queries', value: mb(rssPeakQueries) },
        {
          label: 'peak RSS of the process',
          value: `${mb(maxRss())} (${mb(rssAfterLoad)} by the end of loading)`,
        },
      ],
    });
  } finally {
    await conn.client.close();
    if (started) {
      console.log('stopping the node this benchmark started');
      execFileSync(join(REPO_ROOT, 'scripts/es.sh'), ['stop'], { stdio: 'inherit' });
    }
  }
}

if (isMain(import.meta.url)) await main(parseArgs(process.argv.slice(2)));
