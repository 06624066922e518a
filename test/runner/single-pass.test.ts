/**
 * The single pass against the windowed loop it replaces: seeded random streams and rules (event queries, sequences
 * with and without maxspan, `until`, `![...]`, samples, pipes, `timestamp_override`, `timestamp_field`,
 * exceptions, alerts written before the backfill), random intervals, look-backs, max_signals and ranges: (a)
 * executeRule at every step over the events as a file into memory stores, (b) singlePassBackfill over one read of
 * the same file (single-pass-harness.ts). Per step the same alert ids, counts and warnings, in total the same
 * alerts. A failing case prints its seed; an out-of-order stream is refused.
 */
import { expect } from 'chai';
import type { LoadedRule } from '../../src/rules/loaded-rule.js';
import { ruleSchema } from '../../src/rules/rule.js';
import type { Prng } from '../../src/generate/prng.js';
import { singlePassBackfill } from '../../src/runner/single-pass.js';
import { memoryStores } from '../../src/store/memory.js';
import { seededRun } from '../support/seeded.js';
import { tempDir } from '../support/tmp.js';
import { compareBackfill, MIN, missedByPasses, stepsOf, type BackfillCase } from './single-pass-harness.js';

const RUN = seededRun('SINGLE_PASS_SEED', 'SINGLE_PASS_CASES', { seed: 1500, cases: 60 });
const START = Date.UTC(2030, 5, 1, 0, 0, 0);

const A = 'process where process.name == "a"';
const B = 'process where process.name == "b"';
const X = 'process where process.name == "x"';
/** One query per difference between a single pass and per-window runs. */
const QUERIES: Array<{ name: string; query: (r: Prng) => string }> = [
  { name: 'event', query: () => A },
  { name: 'event | tail', query: (r) => `${A} | tail ${r.range(1, 4)}` },
  {
    name: 'sequence near the overlap',
    query: (r) => `sequence by host.id with maxspan=${r.range(1, 12)}m [${A}] [${B}]`,
  },
  { name: 'sequence longer than a window', query: () => `sequence by host.id [${A}] [${B}]` },
  {
    name: 'sequence with until',
    query: (r) => `sequence by host.id with maxspan=${r.range(2, 10)}m [${A}] [${B}] until [${X}]`,
  },
  {
    name: 'missing event between',
    query: (r) => `sequence by host.id with maxspan=${r.range(2, 10)}m [${A}] ![${X}] [${B}]`,
  },
  {
    name: 'missing event last',
    query: (r) => `sequence by host.id with maxspan=${r.range(2, 10)}m [${A}] [${B}] ![${X}]`,
  },
  { name: 'three stages (replacement)', query: () => `sequence with maxspan=6m [${A}] [${A}] [${B}]` },
  { name: 'sample', query: () => `sample by host.id [${A}] [${B}]` },
];

function makeCase(c: number, t: ReturnType<typeof tempDir>): BackfillCase {
  const rng = RUN.rng(c);
  const q = QUERIES[c % QUERIES.length]!;
  const minutes = rng.range(20, 90);
  const override = rng.chance(0.25);
  // ordered by another field than the window's @timestamp: up to a minute apart either way
  const ordering = rng.chance(0.2);
  const docs: string[] = [];
  const evs: Array<{ ts: number; line: string }> = [];
  for (let i = 0, n = rng.range(0, 160); i < n; i++) {
    // whole seconds, so window bounds fall on events now and then
    const ts = START + rng.int(minutes * 60) * 1000;
    const source: Record<string, unknown> = {
      '@timestamp': new Date(ts).toISOString(),
      event: {
        category: 'process',
        // ingested up to 6 minutes late, now and then not at all (the @timestamp fallback)
        ...(ordering ? { created: new Date(ts + (rng.int(121) - 60) * 1000).toISOString() } : {}),
        ...(override && rng.chance(0.8)
          ? { ingested: new Date(ts + rng.int(360) * 1000).toISOString() }
          : {}),
      },
      host: { id: rng.pick(['h1', 'h2', 'h3']) },
      process: { name: rng.pick(['a', 'a', 'b', 'b', 'x', 'y']) },
    };
    evs.push({ ts, line: JSON.stringify({ _index: 'logs-x', _id: `e${i}`, _source: source }) });
  }
  evs.sort((a, b) => a.ts - b.ts);
  for (const e of evs) docs.push(e.line);
  const interval = rng.pick([1, 2, 3, 5, 7]);
  const lookback = interval + rng.pick([0, 1, 2, 4, 9]);
  const maxSignals = rng.pick([1, 2, 3, 5, 100]);
  const exceptions = rng.chance(0.3);
  const expires = rng.chance(0.5);
  const query = q.query(rng);
  const rule: LoadedRule = {
    origin: 'test',
    rule: ruleSchema.parse({
      rule_id: 'single-pass',
      name: 'Single pass',
      description: 'd',
      type: 'eql',
      query,
      index: ['logs-x'],
      from: `now-${lookback}m`,
      interval: `${interval}m`,
      severity: 'low',
      risk_score: 1,
      max_signals: maxSignals,
      ...(override ? { timestamp_override: 'event.ingested' } : {}),
      ...(ordering ? { timestamp_field: 'event.created' } : {}),
    }),
    uuid: '5b0c3c1e-8d1f-4f4a-9a4b-1c2d3e4f5a6b',
    exceptionItems: exceptions
      ? [
          {
            item_id: 'i1',
            list_id: 'l1',
            name: 'not h3',
            entries: [{ type: 'match', field: 'host.id', operator: 'included', value: 'h3' }],
            // expiring during the range: steps before it keep h3 out, steps after let it in
            ...(expires ? { expire_time: new Date(START + rng.int(minutes) * MIN).toISOString() } : {}),
          },
        ]
      : [],
    warnings: [],
  };
  const from = START + rng.int(10) * MIN;
  const steps = stepsOf(from, from + rng.range(1, minutes + 10) * MIN, interval * MIN);
  const before = rng.chance(0.3) ? new Date(from + rng.int(minutes) * MIN) : null;
  const what = `${RUN.reproduce(c)} (${q.name}: ${query}; every ${interval}m from now-${lookback}m, max_signals ${maxSignals}, ${steps.length} steps${override ? ', override' : ''}${ordering ? ', timestamp_field' : ''}${exceptions ? (expires ? ', expiring exception' : ', exception') : ''}${before ? ', alerts before' : ''})`;
  return {
    what,
    rule,
    file: t.file(`c${c}.ndjson`, docs.join('\n')),
    steps,
    before,
    batch: rng.range(1, 40),
  };
}

describe('singlePassBackfill against the windowed loop', function () {
  this.timeout(300_000);
  const t = tempDir();
  after(() => t.remove());

  it(`writes the same alerts at every step (${RUN.cases} cases, seed ${RUN.seed})`, async () => {
    let steps = 0;
    let capped = 0;
    let alerts = 0;
    const missedBefore = missedByPasses;
    for (let c = 0; c < RUN.cases; c++) {
      const r = await compareBackfill(makeCase(c, t));
      steps += r.steps;
      capped += r.capped;
      alerts += r.alerts;
    }
    console.log(`      ${RUN.cases} cases, ${steps} steps, ${alerts} alerts, ${capped} capped steps`);
    expect(capped, 'the cases must make the cap cut').to.be.above(RUN.cases / 8);
    expect(alerts).to.be.above(RUN.cases * 2);
    expect(missedByPasses - missedBefore, 'the store must miss what the pass wrote').to.be.above(0);
  });
});

describe('singlePassBackfill input order', () => {
  it('refuses a stream out of order rather than answer wrongly', async () => {
    const ev = (id: string, ts: number) => ({
      index: 'logs-x',
      id,
      source: { '@timestamp': new Date(ts).toISOString(), event: { category: 'process' } },
      ordinal: { ts, nanos: 0, tiebreaker: null, seq: 0 },
    });
    const stores = memoryStores();
    const rule = makeCaseRule();
    const run = singlePassBackfill({
      rule,
      alerts: stores.alerts,
      spaceId: 'default',
      kibanaVersion: '9.4.0',
      clock: () => new Date(),
      executionType: 'manual',
      steps: [new Date(START + 10 * MIN)],
      events: (async function* () {
        yield [ev('late', START + 2 * MIN), ev('early', START + MIN)];
      })(),
    });
    let error: unknown;
    await run.catch((e: unknown) => (error = e));
    expect(String(error)).to.contain('out of order: logs-x/early after logs-x/late');
  });
});

function makeCaseRule(): LoadedRule {
  return {
    origin: 'test',
    rule: ruleSchema.parse({
      rule_id: 'order',
      name: 'Order',
      description: 'd',
      type: 'eql',
      query: A,
      index: ['logs-x'],
      from: 'now-9m',
      severity: 'low',
      risk_score: 1,
    }),
    uuid: '5b0c3c1e-8d1f-4f4a-9a4b-1c2d3e4f5a6c',
    exceptionItems: [],
    warnings: [],
  };
}
