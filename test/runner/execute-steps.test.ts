/**
 * Successive executions at 5-minute steps (from now-9m) over random events, against a brute-force model of what
 * each run must write: the window's matches (both ends included) in time order, minus those already written,
 * then the newest max_signals of them. Checks the pieces together: the window, the tail of the query run, the
 * dedup before the cap, the counts and statuses, and that nothing is written twice.
 */
import { expect } from 'chai';
import { nullLogger } from '../../src/logging/logger.js';
import { ruleSchema } from '../../src/rules/rule.js';
import { executeRule } from '../../src/runner/execute-rule.js';
import { memoryStores } from '../../src/store/memory.js';
import { seededRun } from '../support/seeded.js';
import { tempDir } from '../support/tmp.js';

const RUN = seededRun('EXECUTE_STEPS_SEED', 'EXECUTE_STEPS_CASES', { seed: 77, cases: 40 });
const START = Date.UTC(2030, 3, 1, 0, 0, 0);
const MIN = 60_000;

interface Ev {
  id: string;
  ts: number;
  hit: boolean;
}

describe('executions at 5-minute steps against a brute-force model', function () {
  this.timeout(120_000);
  const t = tempDir();
  after(() => t.remove());

  it(`writes what the model says, run by run (${RUN.cases} cases, seed ${RUN.seed})`, async () => {
    let truncatedRuns = 0;
    for (let c = 0; c < RUN.cases; c++) {
      const rng = RUN.rng(c);
      const evs: Ev[] = [];
      for (let i = 0, n = rng.range(0, 120); i < n; i++)
        // whole seconds, so that window bounds fall on events now and then
        evs.push({ id: `e${i}`, ts: START + rng.int(70 * 60) * 1000, hit: rng.chance(0.6) });
      evs.sort((a, b) => a.ts - b.ts);
      const file = t.file(
        `c${c}.ndjson`,
        evs
          .map((e) =>
            JSON.stringify({
              _index: 'logs-x',
              _id: e.id,
              _source: {
                '@timestamp': new Date(e.ts).toISOString(),
                event: { category: 'process' },
                v: e.hit ? 1 : 0,
              },
            }),
          )
          .join('\n'),
      );
      const maxSignals = rng.pick([1, 2, 3, 5, 100]);
      const rule = {
        origin: 'test',
        rule: ruleSchema.parse({
          rule_id: 'steps',
          name: 'Steps',
          description: 'd',
          type: 'eql',
          query: 'process where v == 1',
          index: ['logs-x'],
          from: 'now-9m',
          severity: 'low',
          risk_score: 1,
          max_signals: maxSignals,
        }),
        uuid: '7d6f8e1a-2b3c-4d5e-8f90-a1b2c3d4e5f6',
        exceptionItems: [],
        warnings: [],
      };
      const stores = memoryStores();
      const written = new Set<string>();
      for (let k = 0; k <= 15; k++) {
        const runAt = new Date(START + k * 5 * MIN);
        const what = `${RUN.reproduce(c)}: step ${k}, max_signals ${maxSignals}`;
        const r = await executeRule(
          { rule, runAt, scheduledAt: runAt, executionType: 'scheduled', intendedTimestamp: runAt },
          {
            events: { kind: 'files', paths: [file] },
            stores,
            logger: nullLogger,
            clock: () => new Date(),
            spaceId: 'default',
            kibanaVersion: '9.4.0',
          },
        );
        const inWindow = evs.filter(
          (e) => e.hit && e.ts >= runAt.getTime() - 9 * MIN && e.ts <= runAt.getTime(),
        );
        const fresh = inWindow.filter((e) => !written.has(e.id));
        const expected = fresh.slice(Math.max(0, fresh.length - maxSignals)).map((e) => e.id);
        // the events of the alerts this run added: every alert's event, less those written before
        const now = [...stores.data.alerts.values()]
          .map((a) => (a['kibana.alert.ancestors'] as Array<{ id: string }>)[0]!.id)
          .filter((id) => !written.has(id));
        expect(now.sort(), what).to.deep.equal([...expected].sort());
        expect(r.counts, what).to.include({
          matches: inWindow.length,
          alertsCreated: expected.length,
          duplicatesSkipped: inWindow.length - fresh.length,
          truncated: fresh.length - expected.length,
        });
        expect(r.status, what).to.equal(fresh.length > maxSignals ? 'partial failure' : 'succeeded');
        if (fresh.length > maxSignals) truncatedRuns++;
        for (const id of expected) written.add(id);
      }
      expect(stores.data.alerts.size).to.equal(written.size);
    }
    expect(truncatedRuns, 'the cases must make the cap cut').to.be.above(RUN.cases / 2);
  });
});
