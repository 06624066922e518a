/**
 * Both backfill methods (runner/backfill.ts: the windowed loop, and one pass over the range) with the real engine
 * over event files and memory stores, against
 * scheduled executions at the same steps: the same alert ids, each written by the same step (intended_timestamp =
 * that step's runAt, execution type manual), for a plain query and a sequence, with a max_signals cap that cuts;
 * a second backfill writes nothing (unless the cap held matches back: then what a second scheduled round writes);
 * one interrupted mid-step and resumed ends with the same alerts (with a cap that cut, a superset bounded by two
 * rounds); the gap a
 * missed hour leaves (runScheduledTick) is filled by fillGaps and marked filled. BACKFILL_SEED and BACKFILL_CASES
 * replay or lengthen a run.
 */
import { expect } from 'chai';
import { nullLogger } from '../../src/logging/logger.js';
import type { LoadedRule } from '../../src/rules/loaded-rule.js';
import { ruleSchema } from '../../src/rules/rule.js';
import { fillGaps, runBackfill, type BackfillDeps, type BackfillMethod } from '../../src/runner/backfill.js';
import { executeRule } from '../../src/runner/execute-rule.js';
import type { ExecuteRule } from '../../src/runner/execution.js';
import { runScheduledTick } from '../../src/runner/scheduled-run.js';
import { memoryStores } from '../../src/store/memory.js';
import { lagging } from '../support/lagging-alerts.js';
import { backfillSteps } from '../../src/time/backfill-steps.js';
import { seededRun } from '../support/seeded.js';
import { tempDir } from '../support/tmp.js';
import type { Prng } from '../../src/generate/prng.js';

const RUN = seededRun('BACKFILL_SEED', 'BACKFILL_CASES', { seed: 1517, cases: 12 });
const START = Date.UTC(2030, 3, 1, 0, 0, 0);
const MIN = 60_000;
const RANGE = { start: new Date(START), end: new Date(START + 62 * MIN) };

const QUERIES = {
  plain: 'process where v == 1',
  sequence: 'sequence by h with maxspan=3m [process where v == 1] [process where v == 2]',
};

function rule(query: string, maxSignals: number): LoadedRule {
  return {
    origin: 'test',
    rule: ruleSchema.parse({
      rule_id: 'bf',
      name: 'Backfill',
      description: 'd',
      type: 'eql',
      query,
      index: ['logs-x'],
      interval: '5m',
      from: 'now-9m',
      severity: 'low',
      risk_score: 1,
      max_signals: maxSignals,
    }),
    uuid: '5b0c9d1e-2f3a-4b5c-8d6e-f7a8b9c0d1e2',
    exceptionItems: [],
    warnings: [],
  };
}

function events(rng: Prng): string {
  const lines: string[] = [];
  for (let i = 0, n = rng.range(10, 150); i < n; i++)
    lines.push(
      JSON.stringify({
        _index: 'logs-x',
        _id: `e${i}`,
        _source: {
          '@timestamp': new Date(START - 10 * MIN + rng.int(75 * 60) * 1000).toISOString(),
          event: { category: 'process' },
          h: `h${rng.int(3)}`,
          v: rng.range(0, 2),
        },
      }),
    );
  return lines.join('\n');
}

function deps(stores: ReturnType<typeof memoryStores>, file: string, extra: Partial<BackfillDeps> = {}) {
  return {
    execute: executeRule,
    execution: {
      events: { kind: 'files' as const, paths: [file] },
      stores,
      clock: () => new Date(),
      spaceId: 'default',
      kibanaVersion: '9.4.0',
    },
    logger: nullLogger,
    ...extra,
  };
}

/** Alert id → its intended timestamp and execution type, as a store holds them. */
function written(stores: ReturnType<typeof memoryStores>): Map<string, [string, string]> {
  return new Map(
    [...stores.data.alerts].map(([id, a]) => [
      id,
      [a['kibana.alert.intended_timestamp'] as string, a['kibana.alert.rule.execution.type'] as string],
    ]),
  );
}

/**
 * How each method is interrupted in the middle of step k, and what its checkpoints then say. Windowed: after step
 * k's execution (its alerts written), before its checkpoint says complete. One pass: step k's log written and its
 * checkpoint complete, the next step `running` when the signal comes.
 */
const INTERRUPT: Record<
  BackfillMethod,
  {
    steps: number;
    cut: (stores: MemoryStores, k: number, ac: AbortController) => Partial<BackfillDeps>;
    saved: (k: number) => string[];
  }
> = {
  windowed: {
    steps: 13,
    cut: (_stores, k, ac) => {
      let calls = 0;
      const abortingAfter: ExecuteRule = async (req, d) => {
        const r = await executeRule(req, d);
        if (calls++ === k) ac.abort(new Error('interrupted'));
        return r;
      };
      return { execute: abortingAfter };
    },
    saved: (k) => [...Array(k).fill('complete'), 'running', ...Array(12 - k).fill('pending')],
  },
  'one-pass': {
    steps: 12,
    cut: (stores, k) => {
      let calls = 0;
      const write = stores.log.write.bind(stores.log);
      stores.log.write = async (doc) => {
        await write(doc);
        if (calls++ === k) ac.abort(new Error('interrupted'));
      };
      const ac = new AbortController();
      return { signal: ac.signal };
    },
    saved: (k) => [...Array(k + 1).fill('complete'), 'running', ...Array(11 - k).fill('pending')],
  },
};
type MemoryStores = ReturnType<typeof memoryStores>;

for (const method of ['windowed', 'one-pass'] as const)
  describe(`${method} backfill against scheduled runs`, function () {
    this.timeout(300_000);
    const t = tempDir();
    after(() => t.remove());

    it(`equals scheduled executions at every step, a second backfill writes nothing, a resumed one ends the same (${RUN.cases} cases)`, async () => {
      let capped = 0;
      let alerted = 0;
      let exact = 0;
      let missed = 0;
      for (let c = 0; c < RUN.cases; c++) {
        const rng = RUN.rng(c);
        const kind = c % 2 === 0 ? 'plain' : 'sequence';
        const loaded = rule(QUERIES[kind], rng.pick([1, 2, 3, 100]));
        const file = t.file(`c${c}.ndjson`, events(rng));
        const what = `${RUN.reproduce(c)} (${kind}, max_signals ${loaded.rule.max_signals})`;

        // scheduled executions at each step, and which step wrote each id
        const scheduled = memoryStores();
        const byStep = new Map<string, string>();
        const scheduledRound = async () => {
          let truncated = 0;
          for (const runAt of backfillSteps(RANGE, 5 * MIN)) {
            const r = await executeRule(
              {
                rule: loaded,
                runAt,
                scheduledAt: runAt,
                executionType: 'scheduled',
                intendedTimestamp: runAt,
              },
              { ...deps(scheduled, file).execution, logger: nullLogger },
            );
            truncated += r.counts.truncated;
            for (const id of scheduled.data.alerts.keys())
              if (!byStep.has(id)) byStep.set(id, runAt.toISOString());
          }
          return truncated;
        };
        const truncated = await scheduledRound();
        if (truncated > 0) capped++;
        const firstRound = new Set(byStep.keys());

        const stores = memoryStores();
        const lag = lagging(stores);
        const out = await runBackfill(loaded, { kind: 'range', range: RANGE }, deps(stores, file), {
          method,
        });
        expect(out.outcome, what).to.equal('complete');
        // the backfill returns once the duplicate check finds all it wrote
        expect([...lag.hidden], what).to.deep.equal([]);
        missed += lag.missed();
        expect(out.record.steps.map((s) => s.status)).to.deep.equal(Array(13).fill('complete'));
        const got = written(stores);
        expect([...got.keys()].sort(), what).to.deep.equal([...firstRound].sort());
        for (const [id, [intended, type]] of got) {
          expect(type, what).to.equal('manual');
          expect(intended, `${what}: ${id}`).to.equal(byStep.get(id));
        }
        alerted += got.size;
        if (truncated === 0 && got.size > 0) exact++;
        // every step in the execution log, tagged with the backfill
        const logged = await stores.log.recent({ limit: 100 });
        expect(
          logged.filter((d) => d.backfillId === out.record.id && d.executionType === 'manual'),
        ).to.have.length(13);

        // a second backfill writes what a second scheduled round writes: nothing, unless the cap held matches back
        // (dedup before the cap lets the next run write them, as Kibana's does)
        const again = await runBackfill(loaded, { kind: 'range', range: RANGE }, deps(stores, file), {
          method,
        });
        await scheduledRound();
        const created = again.results.reduce((n, r) => n + r.counts.alertsCreated, 0);
        if (truncated === 0) expect(created, what).to.equal(0);
        expect(created, what).to.equal(byStep.size - firstRound.size);
        expect([...stores.data.alerts.keys()].sort(), what).to.deep.equal([...byStep.keys()].sort());

        // interrupted in the middle of step k, then resumed
        const how = INTERRUPT[method];
        const k = rng.int(how.steps);
        const resumed = memoryStores();
        const ac = new AbortController();
        const cutDeps = how.cut(resumed, k, ac);
        const cut = await runBackfill(
          loaded,
          { kind: 'range', range: RANGE },
          deps(resumed, file, { signal: ac.signal, ...cutDeps }),
          { method },
        );
        expect(cut.outcome, what).to.equal('interrupted');
        const saved = (await resumed.backfills.get(cut.record.id))!;
        expect(
          saved.steps.map((s) => s.status),
          what,
        ).to.deep.equal(how.saved(k));
        const rest = await runBackfill(loaded, { kind: 'resume', id: cut.record.id }, deps(resumed, file), {
          method,
        });
        expect(rest.outcome, what).to.equal('complete');
        expect(rest.results, what).to.have.length(saved.steps.filter((s) => s.status !== 'complete').length);
        const ended = written(resumed);
        if (truncated === 0) expect([...ended], what).to.deep.equal([...got]);
        else {
          // the redone step's own alerts are duplicates now, so its cap lets older matches in, as a second run
          // would, and a later step then has room for what it would have held back: each alert of one pass is
          // there, written by the same step or an earlier one; never more than two scheduled rounds write
          for (const [id, [intended, type]] of got) {
            const [at, typeAt] = ended.get(id) ?? ['never', ''];
            expect(typeAt, `${what}: ${id}`).to.equal(type);
            expect(Date.parse(at), `${what}: ${id} at ${at}, not after ${intended}`).to.be.at.most(
              Date.parse(intended),
            );
          }
          for (const id of ended.keys()) expect(byStep.has(id), `${what}: ${id}`).to.equal(true);
        }
      }
      if (method === 'one-pass') expect(missed, 'the pass must write without waiting').to.be.above(0);
      expect(capped, 'the cases must make the cap cut').to.be.above(0);
      expect(alerted, 'the cases must alert').to.be.above(RUN.cases);
      expect(exact, 'some cases must alert without the cap cutting').to.be.above(0);
    });

    it('refuses to resume an id it does not have, or another rule’s backfill', async () => {
      const stores = memoryStores();
      const file = t.file('none.ndjson', '');
      const loaded = rule(QUERIES.plain, 100);
      await runBackfill(loaded, { kind: 'range', range: RANGE }, deps(stores, file, { newId: () => 'bf-1' }));
      const other = { ...loaded, uuid: 'other-uuid', rule: { ...loaded.rule, rule_id: 'other' } };
      const attempt = async (l: LoadedRule, id: string) =>
        runBackfill(l, { kind: 'resume', id }, deps(stores, file)).then(
          () => null,
          (e: { code?: string }) => e.code,
        );
      expect(await attempt(loaded, 'bf-none')).to.equal('BACKFILL_NOT_FOUND');
      expect(await attempt(other, 'bf-1')).to.equal('BACKFILL_RULE');
    });
  });

describe('filling the gap a missed hour leaves', () => {
  const t = tempDir();
  after(() => t.remove());

  it('runScheduledTick records the gap; fillGaps alerts on its events and marks it filled', async () => {
    const loaded = rule(QUERIES.plain, 100);
    const tickAt = new Date(START + 69 * MIN);
    // one event every minute from START-10m to tickAt
    const lines = Array.from({ length: 80 }, (_, i) =>
      JSON.stringify({
        _index: 'logs-x',
        _id: `m${i}`,
        _source: {
          '@timestamp': new Date(START - 10 * MIN + i * MIN + 30_000).toISOString(),
          event: { category: 'process' },
          v: 1,
        },
      }),
    );
    const file = t.file('hour.ndjson', lines.join('\n'));
    const stores = memoryStores();
    await stores.state.get(loaded.uuid);
    await stores.state.put({
      ruleUuid: loaded.uuid,
      ruleId: 'bf',
      name: 'Backfill',
      lastStartedAt: new Date(START).toISOString(),
      updatedAt: new Date(START).toISOString(),
    });
    const d = deps(stores, file);
    const tick = await runScheduledTick(
      loaded,
      { scheduledAt: tickAt, startedAt: tickAt, signal: new AbortController().signal, logger: nullLogger },
      { execute: executeRule, execution: d.execution },
    );
    expect(tick.gap, 'a missed hour leaves a gap').to.not.equal(null);
    const gap = tick.gap!;
    expect(gap.range).to.deep.equal({
      gte: new Date(START).toISOString(),
      lte: new Date(START + 40 * MIN).toISOString(),
    });
    const inGap = (id: string) => {
      const ts = Date.parse(JSON.parse(lines[Number(id.slice(1))]!)._source['@timestamp']);
      return ts >= START && ts <= START + 40 * MIN;
    };
    const alertedEvents = () =>
      new Set(
        [...stores.data.alerts.values()].map(
          (a) => (a['kibana.alert.ancestors'] as Array<{ id: string }>)[0]!.id,
        ),
      );
    const before = alertedEvents();
    const missed = lines.map((_, i) => `m${i}`).filter((id) => inGap(id) && !before.has(id));
    expect(missed.length, 'the gap holds events no run searched').to.be.above(20);

    const outcomes = await fillGaps(loaded, d);
    expect(outcomes).to.have.length(1);
    expect(outcomes[0]!.outcome).to.equal('complete');
    expect(outcomes[0]!.record.gapIds).to.deep.equal([gap.id]);
    const after = alertedEvents();
    for (const id of missed) expect(after.has(id), id).to.equal(true);
    const [recorded] = await stores.gaps.list({ ruleUuid: loaded.uuid });
    expect(recorded!.status).to.equal('filled');
    expect(recorded!.filledIntervals).to.deep.equal([gap.range]);
    // nothing open is left: a second fill runs nothing
    expect(await fillGaps(loaded, d)).to.deep.equal([]);
  });
});
