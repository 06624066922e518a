/**
 * The one-pass backfill against the real server (@es), through the CLI: over a sequence rule whose sequences
 * straddle step boundaries and come near maxspan, with a max_signals cap that cuts, it writes exactly the alerts
 * scheduled executions at every step write (same ids, each with its step's intended timestamp), and logs every
 * step. (A CLI process killed mid-range and resumed is not here yet: every step's alert write waits for a refresh,
 * so a range long enough to kill takes minutes; the resume itself is tested offline in test/runner/backfill.test.ts.)
 * The engine is `search`: the test distribution has no EQL API
 * (a fuller one would run the windowed loop with `--engine eql` here too).
 */
import { expect } from 'chai';
import type { Connection } from '../../src/es/client.js';
import { Prng } from '../../src/generate/prng.js';
import { nullLogger } from '../../src/logging/logger.js';
import { loadRules } from '../../src/rules/load-rules.js';
import { executeRule } from '../../src/runner/execute-rule.js';
import { esStores } from '../../src/store/es-stores.js';
import { memoryStores } from '../../src/store/memory.js';
import { storeNames } from '../../src/store/names.js';
import { setupStores } from '../../src/store/setup.js';
import { backfillSteps } from '../../src/time/backfill-steps.js';
import { runCli } from '../support/cli.js';
import { testConnection, uniqueIndex } from '../support/es.js';
import { tempDir } from '../support/tmp.js';

const T0 = Date.UTC(2026, 2, 1, 0, 0, 0);
const MIN = 60_000;
const iso = (ms: number) => new Date(ms).toISOString();
const events = uniqueIndex('rr-onepass-events');
const space = uniqueIndex('rronepass').replace(/[^a-z0-9]/g, '');

const SEQUENCE =
  'sequence by host.name with maxspan=3m [process where process.name == "installer"] [network where process.name == "curl"]';

describe('one-pass backfill against a cluster @es', function () {
  this.timeout(240_000);
  let conn: Connection;
  const t = tempDir();
  const names = storeNames(space);
  const ruleFile = (ruleId: string, query: string, maxSignals: number) =>
    t.file(
      `${ruleId}.json`,
      JSON.stringify({
        rule_id: ruleId,
        name: ruleId,
        description: 'd',
        type: 'eql',
        query,
        index: [events],
        interval: '5m',
        from: 'now-9m',
        severity: 'low',
        risk_score: 21,
        max_signals: maxSignals,
      }),
    );
  const es = ['--es-url', process.env.ES_URL!, '--space', space, '--engine', 'search', '--progress', 'none'];
  const alertsOf = async (ruleId: string) => {
    await conn.client.indices.refresh({ index: names.alerts.alias });
    const res = await conn.client.search<Record<string, unknown>>({
      index: names.alerts.alias,
      size: 10_000,
      query: { term: { 'kibana.alert.rule.rule_id': ruleId } },
    });
    return new Map(
      res.hits.hits.map((h) => [
        h._id!,
        [h._source!['kibana.alert.intended_timestamp'], h._source!['kibana.alert.rule.execution.type']],
      ]),
    );
  };

  before(async () => {
    conn = await testConnection();
    await setupStores(conn.client, names);
    await conn.client.indices.create({
      index: events,
      mappings: {
        properties: {
          '@timestamp': { type: 'date' },
          event: { properties: { category: { type: 'keyword' } } },
          host: { properties: { name: { type: 'keyword' } } },
          process: { properties: { name: { type: 'keyword' } } },
        },
      },
    });
    // two hours of installer and curl events on four hosts: sequences within, across and near the 3m maxspan
    const prng = new Prng(20261202);
    const rng = () => prng.float();
    const docs: Array<Record<string, unknown>> = [];
    for (let i = 0; i < 360; i++) {
      const installer = rng() < 0.5;
      docs.push({
        '@timestamp': iso(T0 - 10 * MIN + Math.floor(rng() * 130 * 60) * 1000),
        event: { category: installer ? 'process' : 'network' },
        host: { name: `h${Math.floor(rng() * 4)}` },
        process: { name: installer ? 'installer' : 'curl' },
      });
    }
    await conn.client.bulk({
      refresh: true,
      operations: docs.flatMap((d, i) => [{ create: { _index: events, _id: `e${i}` } }, d]),
    });
  });
  after(async () => {
    t.remove();
    if (!conn) return;
    await conn.client.indices.delete({
      index: [events, names.alerts.backingIndex],
      ignore_unavailable: true,
    });
    await conn.client.close();
  });

  it('writes what scheduled executions at every step write: same ids, same steps; every step logged', async () => {
    const rule = ruleFile('onepass-seq', SEQUENCE, 2);
    const [loaded] = loadRules([rule], { now: new Date() }).rules;
    const range = { start: new Date(T0), end: new Date(T0 + 120 * MIN) };
    const scheduled = memoryStores();
    const byStep = new Map<string, string>();
    let truncated = 0;
    for (const runAt of backfillSteps(range, 5 * MIN)) {
      const r = await executeRule(
        { rule: loaded!, runAt, scheduledAt: runAt, executionType: 'scheduled', intendedTimestamp: runAt },
        {
          events: { kind: 'cluster', client: conn.client, engine: 'search' },
          stores: scheduled,
          clock: () => new Date(),
          spaceId: space,
          kibanaVersion: '9.4.0',
          logger: nullLogger,
        },
      );
      expect(r.status, r.error).to.not.equal('failed');
      truncated += r.counts.truncated;
      for (const id of scheduled.data.alerts.keys()) if (!byStep.has(id)) byStep.set(id, runAt.toISOString());
    }
    expect(byStep.size, 'the sequences alert').to.be.above(30);
    expect(truncated, 'the cap cuts some step').to.be.above(0);

    const r = await runCli([
      'backfill',
      '--rule',
      rule,
      '--from',
      iso(range.start.getTime()),
      '--to',
      iso(range.end.getTime()),
      '--kibana-version',
      '9.4.0',
      ...es,
    ]);
    expect(r.code, r.stderr).to.equal(0);
    const got = await alertsOf('onepass-seq');
    expect([...got.keys()].sort()).to.deep.equal([...byStep.keys()].sort());
    for (const [id, [intended, type]] of got) {
      expect(type).to.equal('manual');
      expect(intended, id).to.equal(byStep.get(id));
    }
    const id = /backfill (\S+) rule onepass-seq/.exec(r.stderr)![1]!;
    const logged = await esStores(conn.client, names).log.recent({ ruleUuid: loaded!.uuid, limit: 1000 });
    const steps = logged.filter((d) => d.backfillId === id);
    expect(steps).to.have.length(backfillSteps(range, 5 * MIN).length);
    expect(steps.every((d) => d.executionType === 'manual' && d.status !== 'running')).to.equal(true);
    expect(steps.reduce((n, d) => n + d.counts.alertsCreated, 0)).to.equal(got.size);
  });
});
