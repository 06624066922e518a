/**
 * The one-pass backfill against the real server (@es), through the CLI: over a sequence rule whose sequences
 * straddle step boundaries and come near maxspan, with a max_signals cap that cuts, it writes exactly the alerts
 * scheduled executions at every step write (same ids, each with its step's intended timestamp), and logs every
 * step; and a backfill process killed (SIGKILL) mid-range, resumed with `--resume ID`, ends with exactly the alerts
 * of the same backfill run offline over the same events as a file. The engine is `search`: the test distribution has no EQL API
 * (a fuller one would run the windowed loop with `--engine eql` here too).
 */
import { spawn } from 'node:child_process';
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
import { printedItems, runCli } from '../support/cli.js';
import { CLI } from '../support/cli-process.js';
import { testConnection, uniqueIndex } from '../support/es.js';
import { tempDir } from '../support/tmp.js';

const T0 = Date.UTC(2026, 2, 1, 0, 0, 0);
const MIN = 60_000;
const iso = (ms: number) => new Date(ms).toISOString();
const events = uniqueIndex('rr-onepass-events');
const space = uniqueIndex('rronepass').replace(/[^a-z0-9]/g, '');

const docs: Array<Record<string, unknown>> = [];

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
    docs.length = 0;
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

  it('a backfill killed mid-range and resumed ends with the alerts of an uninterrupted run, none twice', async () => {
    const rule = ruleFile('onepass-kill', SEQUENCE, 100);
    const [loaded] = loadRules([rule], { now: new Date() }).rules;
    // two days of steps (576): the events are in the first two hours, where the kill comes
    const range = ['--from', iso(T0), '--to', iso(T0 + 48 * 60 * MIN), '--kibana-version', '9.4.0'];
    const file = t.file(
      'kill-events.ndjson',
      docs.map((d, i) => JSON.stringify({ _index: events, _id: `e${i}`, _source: d })).join('\n'),
    );
    const offline = await runCli([
      'backfill',
      '--rule',
      rule,
      '--events',
      file,
      '--dry-run',
      '--space',
      space,
      ...range,
    ]);
    expect(offline.code, offline.stderr).to.equal(0);
    const expected = new Map(
      printedItems(offline.stdout).map((a) => [
        a._id as string,
        a._source['kibana.alert.intended_timestamp'],
      ]),
    );
    expect(expected.size, 'the sequences alert').to.be.above(30);

    const stores = esStores(conn.client, names);
    const earlier = new Set((await stores.backfills!.list({ ruleUuid: loaded!.uuid })).map((b) => b.id));
    const child = spawn(process.execPath, [CLI, 'backfill', '--rule', rule, ...range, ...es], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (b: Buffer) => (stderr += b.toString('utf8')));
    const exited = new Promise<NodeJS.Signals | null>((resolve) =>
      child.on('close', (_c, sig) => resolve(sig)),
    );
    // killed once its checkpoint says five steps are complete: mid-range, as a crash would
    let id: string | undefined;
    for (let tries = 0; tries < 1200; tries++) {
      const record = (await stores.backfills!.list({ ruleUuid: loaded!.uuid })).find(
        (b) => !earlier.has(b.id),
      );
      if (record && record.steps.filter((st) => st.status === 'complete').length >= 5) {
        child.kill('SIGKILL');
        id = record.id;
        break;
      }
      await new Promise((r) => setTimeout(r, 25));
    }
    expect(await exited, `the backfill must be killed mid-range: ${stderr}`).to.equal('SIGKILL');
    const cut = (await stores.backfills!.get(id!))!;
    const done = cut.steps.filter((st) => st.status === 'complete').length;
    expect(done, 'killed before its end').to.be.below(cut.steps.length);
    const before = await alertsOf('onepass-kill');
    expect(before.size, 'killed after some alerts were written').to.be.above(0);

    // a dry run of the resume prints what it would write, and writes nothing: no alert, no checkpoint
    const dry = await runCli(['backfill', '--rule', rule, '--resume', id!, '--dry-run', ...es]);
    expect(dry.code, dry.stderr).to.equal(0);
    const wouldWrite = printedItems(dry.stdout).map((a) => a._id as string);
    expect(wouldWrite.sort()).to.deep.equal([...expected.keys()].filter((k) => !before.has(k)).sort());
    expect((await stores.backfills!.get(id!))!.steps).to.deep.equal(cut.steps);
    expect((await alertsOf('onepass-kill')).size).to.equal(before.size);

    const resumed = await runCli(['backfill', '--rule', rule, '--resume', id!, ...es]);
    expect(resumed.code, resumed.stderr).to.equal(0);
    expect((await stores.backfills!.get(id!))!.status).to.equal('complete');
    const got = await alertsOf('onepass-kill');
    expect(new Map([...got].map(([k, [intended]]) => [k, intended]))).to.deep.equal(expected);
    // what was written before the kill is still there, as it was, and the resume wrote each of the rest once
    for (const [k, v] of before) expect(got.get(k), k).to.deep.equal(v);
    const created = /(\d+) alerts written/.exec(resumed.stderr)?.[1];
    expect(Number(created), resumed.stderr).to.equal(expected.size - before.size);
  });
});
