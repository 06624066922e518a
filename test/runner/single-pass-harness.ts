/**
 * Both ways of running a backfill's steps over the same event file, compared step by step: (a) the windowed loop,
 * executeRule at every step into memory stores (what Kibana does, re-reading every window), (b) singlePassBackfill
 * over one read of the file into other memory stores. Shared by the random, the named and the generated cases.
 */
import { expect } from 'chai';
import { nullLogger } from '../../src/logging/logger.js';
import type { LoadedRule } from '../../src/rules/loaded-rule.js';
import { executeRule } from '../../src/runner/execute-rule.js';
import { singlePassBackfill, type SinglePassRun } from '../../src/runner/single-pass.js';
import { readEventFileBatches } from '../../src/sources/files/event-file-source.js';
import { memoryStores } from '../../src/store/memory.js';
import { lagging } from '../support/lagging-alerts.js';

export type MemoryStores = ReturnType<typeof memoryStores>;

/** Duplicate checks that missed an alert a pass wrote without waiting (lagging-alerts.ts), over all compared cases. */
export let missedByPasses = 0;
export const MIN = 60_000;

export interface BackfillCase {
  what: string;
  rule: LoadedRule;
  file: string;
  steps: Date[];
  /** A scheduled run before the backfill (its alerts are not written again), or none. */
  before: Date | null;
  /** Events per batch handed to the single pass. */
  batch: number;
}

interface StepExpectation {
  ids: string[];
  counts: Record<string, number>;
  warnings: string[];
}

export interface Compared {
  steps: number;
  capped: number;
  alerts: number;
  windowedMs: number;
  singleMs: number;
  run: SinglePassRun;
}

/** Kibana's do-while over a backfill range: runAt_k = from + k·interval until runAt ≥ to. */
export function stepsOf(from: number, to: number, intervalMs: number): Date[] {
  const steps: Date[] = [];
  let runAt = from;
  do {
    steps.push(new Date(runAt));
    runAt += intervalMs;
  } while (runAt < to);
  return steps;
}

const deps = (stores: MemoryStores, file: string) => ({
  events: { kind: 'files' as const, paths: [file] },
  stores,
  logger: nullLogger,
  clock: () => new Date(),
  spaceId: 'default',
  kibanaVersion: '9.4.0',
});

async function scheduledBefore(k: BackfillCase, stores: MemoryStores): Promise<void> {
  if (k.before === null) return;
  const r = { rule: k.rule, runAt: k.before, scheduledAt: k.before, intendedTimestamp: k.before };
  await executeRule({ ...r, executionType: 'scheduled' }, deps(stores, k.file));
}

async function* batches(k: BackfillCase) {
  for await (const batch of readEventFileBatches({
    files: [k.file],
    timestampField: k.rule.rule.timestamp_field ?? '@timestamp',
    tiebreakerField: k.rule.rule.tiebreaker_field ?? null,
    timestampOptional: k.rule.rule.query.startsWith('sample'),
  }))
    for (let i = 0; i < batch.length; i += k.batch) yield batch.slice(i, i + k.batch);
}

async function windowedLoop(k: BackfillCase, stores: MemoryStores): Promise<StepExpectation[]> {
  const expected: StepExpectation[] = [];
  for (const runAt of k.steps) {
    const had = new Set(stores.data.alerts.keys());
    const r = await executeRule(
      { rule: k.rule, runAt, scheduledAt: runAt, executionType: 'manual', intendedTimestamp: runAt },
      deps(stores, k.file),
    );
    expect(r.status, `${k.what}: windowed run failed: ${r.error}`).not.to.equal('failed');
    const ids = [...stores.data.alerts.keys()].filter((id) => !had.has(id)).sort();
    const { matches, alertsCreated, duplicatesSkipped, truncated } = r.counts;
    expected.push({
      ids,
      counts: { matches, alertsCreated, duplicatesSkipped, truncated },
      warnings: r.warnings,
    });
  }
  return expected;
}

/** Runs both ways and asserts the same alerts, counts and warnings at every step (`k.what` names the case). */
export async function compareBackfill(k: BackfillCase): Promise<Compared> {
  const windowed = memoryStores();
  await scheduledBefore(k, windowed);
  let t0 = performance.now();
  const expected = await windowedLoop(k, windowed);
  const windowedMs = performance.now() - t0;
  const single = memoryStores();
  await scheduledBefore(k, single);
  // the pass writes without waiting for its alerts to be searchable: its own later steps must not need them to be
  const lag = lagging(single);
  t0 = performance.now();
  const run = await singlePassBackfill({
    ...deps(single, k.file),
    rule: k.rule,
    alerts: single.alerts,
    executionType: 'manual',
    steps: k.steps,
    events: batches(k),
  });
  const singleMs = performance.now() - t0;
  expect(run.steps.length, k.what).to.equal(k.steps.length);
  missedByPasses += lag.missed();
  let capped = 0;
  run.steps.forEach((s, i) => {
    const at = `${k.what}: step ${i} at ${k.steps[i]!.toISOString()} (${s.mode})`;
    expect(s.alerts.map((d) => d._id).sort(), at).to.deep.equal(expected[i]!.ids);
    const { matches, alertsCreated, duplicatesSkipped, truncated } = s.counts;
    expect({ matches, alertsCreated, duplicatesSkipped, truncated }, at).to.deep.equal(expected[i]!.counts);
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
  return { steps: k.steps.length, capped, alerts: single.data.alerts.size, windowedMs, singleMs, run };
}
