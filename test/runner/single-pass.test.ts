/**
 * The single pass against the windowed loop it replaces: seeded random streams and rules (event queries, sequences
 * with and without maxspan, `until`, `![...]`, samples, pipes, `timestamp_override`, exceptions, alerts written
 * before the backfill), random intervals, look-backs, max_signals and ranges; (a) executeRule at every step over
 * the events as a file into memory stores, (b) singlePassBackfill over one read of the same file. Per step the
 * same alert ids and counts, in total the same alerts. A failing case prints its seed.
 */
import { expect } from 'chai';
import { nullLogger } from '../../src/logging/logger.js';
import type { LoadedRule } from '../../src/rules/loaded-rule.js';
import { ruleSchema } from '../../src/rules/rule.js';
import { executeRule } from '../../src/runner/execute-rule.js';
import { singlePassBackfill } from '../../src/runner/single-pass.js';
import { readEventFileBatches } from '../../src/sources/files/event-file-source.js';
import { memoryStores } from '../../src/store/memory.js';
import type { Prng } from '../../src/generate/prng.js';
import { seededRun } from '../support/seeded.js';
import { tempDir } from '../support/tmp.js';

type MemoryStores = ReturnType<typeof memoryStores>;
const RUN = seededRun('SINGLE_PASS_SEED', 'SINGLE_PASS_CASES', { seed: 1500, cases: 60 });
const START = Date.UTC(2030, 5, 1, 0, 0, 0);
const MIN = 60_000;

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

interface Case {
  what: string;
  rule: LoadedRule;
  file: string;
  steps: Date[];
  before: Date | null;
}

function makeCase(c: number, t: ReturnType<typeof tempDir>): Case {
  const rng = RUN.rng(c);
  const q = QUERIES[c % QUERIES.length]!;
  const minutes = rng.range(20, 90);
  const override = rng.chance(0.25);
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
    }),
    uuid: '5b0c3c1e-8d1f-4f4a-9a4b-1c2d3e4f5a6b',
    exceptionItems: exceptions
      ? [
          {
            item_id: 'i1',
            list_id: 'l1',
            name: 'not h3',
            entries: [{ type: 'match', field: 'host.id', operator: 'included', value: 'h3' }],
          },
        ]
      : [],
    warnings: [],
  };
  // Kibana's do-while: runAt_k = start + k·interval until runAt ≥ end
  const from = START + rng.int(10) * MIN;
  const to = from + rng.range(1, minutes + 10) * MIN;
  const steps: Date[] = [];
  let runAt = from;
  do {
    steps.push(new Date(runAt));
    runAt += interval * MIN;
  } while (runAt < to);
  const before = rng.chance(0.3) ? new Date(from + rng.int(minutes) * MIN) : null;
  const what = `${RUN.reproduce(c)} (${q.name}: ${query}; every ${interval}m from now-${lookback}m, max_signals ${maxSignals}, ${steps.length} steps${override ? ', override' : ''}${exceptions ? ', exception' : ''}${before ? ', alerts before' : ''})`;
  return { what, rule, file: t.file(`c${c}.ndjson`, docs.join('\n')), steps, before };
}

const deps = (stores: MemoryStores, file: string) => ({
  events: { kind: 'files' as const, paths: [file] },
  stores,
  logger: nullLogger,
  clock: () => new Date(),
  spaceId: 'default',
  kibanaVersion: '9.4.0',
});

async function scheduledBefore(k: Case, stores: MemoryStores): Promise<void> {
  if (k.before === null) return;
  const r = { rule: k.rule, runAt: k.before, scheduledAt: k.before, intendedTimestamp: k.before };
  await executeRule({ ...r, executionType: 'scheduled' }, deps(stores, k.file));
}

async function* batches(k: Case, rng: Prng) {
  const size = rng.range(1, 40);
  for await (const batch of readEventFileBatches({
    files: [k.file],
    timestampField: k.rule.rule.timestamp_field ?? '@timestamp',
    tiebreakerField: k.rule.rule.tiebreaker_field ?? null,
    timestampOptional: k.rule.rule.query.startsWith('sample'),
  }))
    for (let i = 0; i < batch.length; i += size) yield batch.slice(i, i + size);
}

describe('singlePassBackfill against the windowed loop', function () {
  this.timeout(300_000);
  const t = tempDir();
  after(() => t.remove());

  it(`writes the same alerts at every step (${RUN.cases} cases, seed ${RUN.seed})`, async () => {
    let steps = 0;
    let capped = 0;
    let alerts = 0;
    for (let c = 0; c < RUN.cases; c++) {
      const k = makeCase(c, t);
      const windowed = memoryStores();
      await scheduledBefore(k, windowed);
      const expected: Array<{ ids: string[]; counts: Record<string, number>; warnings: string[] }> = [];
      for (const runAt of k.steps) {
        const had = new Set(windowed.data.alerts.keys());
        const r = await executeRule(
          { rule: k.rule, runAt, scheduledAt: runAt, executionType: 'manual', intendedTimestamp: runAt },
          deps(windowed, k.file),
        );
        expect(r.status, `${k.what}: windowed run failed: ${r.error}`).not.to.equal('failed');
        const ids = [...windowed.data.alerts.keys()].filter((id) => !had.has(id)).sort();
        const { matches, alertsCreated, duplicatesSkipped, truncated } = r.counts;
        expected.push({
          ids,
          counts: { matches, alertsCreated, duplicatesSkipped, truncated },
          warnings: r.warnings,
        });
      }
      const single = memoryStores();
      await scheduledBefore(k, single);
      const run = await singlePassBackfill({
        ...deps(single, k.file),
        rule: k.rule,
        alerts: single.alerts,
        executionType: 'manual',
        steps: k.steps,
        events: batches(k, RUN.rng(c + 1_000_000)),
      });
      expect(run.steps.length, k.what).to.equal(k.steps.length);
      run.steps.forEach((s, i) => {
        const at = `${k.what}: step ${i} at ${k.steps[i]!.toISOString()} (${s.mode})`;
        expect(s.alerts.map((d) => d._id).sort(), at).to.deep.equal(expected[i]!.ids);
        const { matches, alertsCreated, duplicatesSkipped, truncated } = s.counts;
        expect({ matches, alertsCreated, duplicatesSkipped, truncated }, at).to.deep.equal(
          expected[i]!.counts,
        );
        expect(s.warnings, at).to.deep.equal(expected[i]!.warnings);
        if (truncated > 0) capped++;
        for (const d of s.alerts)
          expect(single.data.alerts.get(d._id)?.['kibana.alert.intended_timestamp'], at).to.equal(
            k.steps[i]!.toISOString(),
          );
      });
      expect([...single.data.alerts.keys()].sort(), k.what).to.deep.equal(
        [...windowed.data.alerts.keys()].sort(),
      );
      steps += k.steps.length;
      alerts += single.data.alerts.size;
    }
    console.log(`      ${RUN.cases} cases, ${steps} steps, ${alerts} alerts, ${capped} capped steps`);
    expect(capped, 'the cases must make the cap cut').to.be.above(RUN.cases / 4);
    expect(alerts).to.be.above(RUN.cases * 2);
  });
});
