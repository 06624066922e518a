/**
 * `rule-runner backfill` and `gaps` against the real server (@es): a backfill writes the alerts the same command
 * prints offline over the same events (same ids), a second backfill writes nothing, a resume of a finished one
 * runs nothing; a gap the scheduler recorded (runScheduledTick after a missed hour) is listed by `gaps`, filled
 * by `backfill --gaps` (its events alerted) and then listed as filled. The engine is `search`: the test node's
 * distribution has no EQL API, so the EQL engine's run is left to a fuller distribution.
 */
import { expect } from 'chai';
import type { Connection } from '../../src/es/client.js';
import { nullLogger } from '../../src/logging/logger.js';
import { loadRules } from '../../src/rules/load-rules.js';
import { executeRule } from '../../src/runner/execute-rule.js';
import { runScheduledTick } from '../../src/runner/scheduled-run.js';
import { esStores } from '../../src/store/es-stores.js';
import { storeNames } from '../../src/store/names.js';
import { setupStores } from '../../src/store/setup.js';
import { printedItems, runCli } from '../support/cli.js';
import { testConnection, uniqueIndex } from '../support/es.js';
import { tempDir } from '../support/tmp.js';

const T0 = Date.UTC(2026, 1, 1, 8, 0, 0);
const MIN = 60_000;
const iso = (minutes: number) => new Date(T0 + minutes * MIN).toISOString();
const events = uniqueIndex('rr-backfill-events');
const space = uniqueIndex('rrbackfill').replace(/[^a-z0-9]/g, '');

describe('backfill and gaps against a cluster @es', function () {
  this.timeout(120_000);
  let conn: Connection;
  const t = tempDir();
  const names = storeNames(space);
  const ruleFile = () =>
    t.file(
      'rule.json',
      JSON.stringify({
        rule_id: 'bf-es',
        name: 'Backfill es',
        description: 'd',
        type: 'eql',
        query: 'process where process.name == "bf"',
        index: [events],
        interval: '5m',
        from: 'now-9m',
        severity: 'low',
        risk_score: 21,
      }),
    );
  // one event every 90 seconds over two hours
  const docs = Array.from({ length: 80 }, (_, i) => ({
    _index: events,
    _id: `d${i}`,
    _source: { '@timestamp': iso(i * 1.5), event: { category: 'process' }, process: { name: 'bf' } },
  }));
  const alertedEvents = async () => {
    await conn.client.indices.refresh({ index: names.alerts.alias });
    const res = await conn.client.search<Record<string, unknown>>({
      index: names.alerts.alias,
      size: 10_000,
      query: { term: { 'kibana.alert.rule.rule_id': 'bf-es' } },
    });
    return res.hits.hits.map((h) => h._id!);
  };
  const es = () => [
    '--es-url',
    process.env.ES_URL!,
    '--space',
    space,
    '--engine',
    'search',
    '--progress',
    'none',
  ];

  before(async () => {
    conn = await testConnection();
    await setupStores(conn.client, names);
    await conn.client.bulk({
      refresh: true,
      operations: docs.flatMap((d) => [{ create: { _index: events, _id: d._id } }, d._source]),
    });
  });
  after(async () => {
    t.remove();
    if (!conn) return;
    // the runner's own indices are every space's: left for other tests
    await conn.client.indices.delete({
      index: [events, names.alerts.backingIndex],
      ignore_unavailable: true,
    });
    await conn.client.close();
  });

  it('writes what the offline run prints; a second writes nothing; a resume of it runs nothing', async () => {
    const rule = ruleFile();
    const range = ['--from', iso(0), '--to', iso(40)];
    const file = t.file('events.ndjson', docs.map((d) => JSON.stringify(d)).join('\n'));
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
    const printed = printedItems(offline.stdout).map((a) => a._id as string);
    expect(printed.length).to.be.above(20);

    const first = await runCli(['backfill', '--rule', rule, ...range, ...es()]);
    expect(first.code, first.stderr).to.equal(0);
    expect((await alertedEvents()).sort()).to.deep.equal([...printed].sort());
    expect(first.stderr).to.contain(`${printed.length} alerts written`);

    const second = await runCli(['backfill', '--rule', rule, ...range, ...es()]);
    expect(second.code, second.stderr).to.equal(0);
    expect(second.stderr).to.contain(' 0 alerts written');
    expect((await alertedEvents()).length).to.equal(printed.length);

    const id = /backfill (\S+) rule bf-es/.exec(first.stderr)![1]!;
    const resumed = await runCli(['backfill', '--rule', rule, '--resume', id, ...es()]);
    expect(resumed.code, resumed.stderr).to.equal(0);
    expect(resumed.stderr).to.contain(`backfill ${id} rule bf-es`).and.contain('0 events, 0 alerts written');
  });

  it('gaps lists the gap a missed hour leaves; backfill --gaps fills it and gaps says filled', async () => {
    const rule = ruleFile();
    const [loaded] = loadRules([rule], { now: new Date() }).rules;
    const stores = esStores(conn.client, names);
    await stores.state.get(loaded!.uuid);
    await stores.state.put({
      ruleUuid: loaded!.uuid,
      ruleId: 'bf-es',
      name: 'Backfill es',
      lastStartedAt: iso(50),
      updatedAt: iso(50),
    });
    const tickAt = new Date(T0 + 119 * MIN);
    const tick = await runScheduledTick(
      loaded!,
      { scheduledAt: tickAt, startedAt: tickAt, signal: new AbortController().signal, logger: nullLogger },
      {
        execute: executeRule,
        execution: {
          events: { kind: 'cluster', client: conn.client, engine: 'search' },
          stores,
          clock: () => new Date(),
          spaceId: space,
          kibanaVersion: '9.4.0',
        },
      },
    );
    expect(tick.gap?.range).to.deep.equal({ gte: iso(50), lte: iso(90) });

    const listed = await runCli([
      'gaps',
      '--rule',
      'bf-es',
      '--es-url',
      process.env.ES_URL!,
      '--space',
      space,
    ]);
    expect(listed.code, listed.stderr).to.equal(0);
    expect(listed.stdout).to.match(
      /bf-es\s+unfilled\s+2026-02-01T08:50:00Z\s+2026-02-01T09:30:00Z\s+40m\s+40m/,
    );

    const before = new Set(await alertedEvents());
    const filled = await runCli(['backfill', '--rule', rule, '--gaps', ...es()]);
    expect(filled.code, filled.stderr).to.equal(0);
    expect(filled.stderr).to.contain(`gap ${iso(50)}..${iso(90)} filled`);
    const after = await alertedEvents();
    expect(after.length, 'the gap’s events alerted').to.be.above(before.size + 20);

    const json = await runCli([
      'gaps',
      '--rule',
      'bf-es',
      '--json',
      '--es-url',
      process.env.ES_URL!,
      '--space',
      space,
    ]);
    const gaps = (JSON.parse(json.stdout) as { gaps: Array<{ status: string; filledIntervals: unknown[] }> })
      .gaps;
    const mine = gaps.filter((g) => JSON.stringify(g).includes(iso(50)));
    expect(mine).to.have.length(1);
    expect(mine[0]!.status).to.equal('filled');
    expect(mine[0]!.filledIntervals).to.deep.equal([{ gte: iso(50), lte: iso(90) }]);
  });
});
