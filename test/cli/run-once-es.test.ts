/**
 * `rule-runner run-once` against the real server: refused until `setup` was run (exit 2, saying how), then it
 * writes the window's alerts, a second run writes none, and a run over files with a cluster writes to its store.
 */
import { expect } from 'chai';
import { storeNames } from '../../src/store/names.js';
import { setupStores } from '../../src/store/setup.js';
import { printedItems, runCli } from '../support/cli.js';
import { testConnection, uniqueIndex } from '../support/es.js';
import { tempDir } from '../support/tmp.js';
import type { Connection } from '../../src/es/client.js';

const T0 = Date.UTC(2031, 6, 1, 8, 0, 0);
const iso = (minutes: number) => new Date(T0 + minutes * 60_000).toISOString();
const events = uniqueIndex('rr-run-once-events');
const space = uniqueIndex('rronce').replace(/[^a-z0-9]/g, '');

describe('run-once against a cluster @es', function () {
  this.timeout(60_000);
  let conn: Connection;
  const started = new Date().toISOString();
  const t = tempDir();
  const names = storeNames(space);
  const rule = () =>
    t.file(
      'rule.json',
      JSON.stringify({
        rule_id: 'once-rule',
        name: 'Once',
        description: 'd',
        type: 'eql',
        query: 'process where process.name == "once"',
        index: [events],
        from: 'now-9m',
        severity: 'low',
        risk_score: 21,
      }),
    );
  const docs = [3, 4].map((m) => ({
    _index: events,
    _id: `o${m}`,
    _source: { '@timestamp': iso(m), event: { category: 'process' }, process: { name: 'once' } },
  }));

  before(async () => {
    conn = await testConnection();
    await conn.client.bulk({
      refresh: true,
      operations: docs.flatMap((d) => [{ create: { _index: events, _id: d._id } }, d._source]),
    });
  });
  after(async () => {
    t.remove();
    if (!conn) return;
    await conn.client.indices.delete({
      // the state, execution-log and gaps indices are every space's: left for other tests
      index: [events, names.alerts.backingIndex],
      ignore_unavailable: true,
    });
    await conn.client.close();
  });
  const run = (...more: string[]) =>
    runCli([
      'run-once',
      '--rule',
      rule(),
      '--es-url',
      process.env.ES_URL!,
      '--space',
      space,
      '--now',
      iso(9),
      ...more,
    ]);

  it('before setup: exit 2, naming rule-runner setup; a dry run still prints', async () => {
    const r = await run();
    expect(r.code, r.stderr).to.equal(2);
    expect(r.stderr).to.contain('SETUP_MISSING').and.contain('rule-runner setup');
    const dry = await run('--dry-run', '--engine', 'search');
    expect(dry.code, dry.stderr).to.equal(0);
    expect(printedItems(dry.stdout)).to.have.lengthOf(2);
  });

  it('after setup: writes the alerts once; a second run writes none', async () => {
    await setupStores(conn.client, names);
    const first = await run('--engine', 'search');
    expect(first.code, first.stderr).to.equal(0);
    expect(first.stderr).to.contain('succeeded').and.contain('2 alerts written');
    const second = await run('--engine', 'search');
    expect(second.code, second.stderr).to.equal(0);
    expect(second.stderr).to.contain('0 alerts written').and.contain('2 duplicates skipped');
    // a dry run drops what the cluster holds, as a real run would: nothing left to print
    const dry = await run('--dry-run', '--engine', 'search');
    expect(dry.code, dry.stderr).to.equal(0);
    expect(printedItems(dry.stdout)).to.deep.equal([]);
    const res = await conn.client.count({ index: names.alerts.alias });
    expect(res.count).to.equal(2);
    // the execution log is shared by every space: this test's runs are the rule's since it started
    await conn.client.indices.refresh({ index: names.executions });
    const log = await conn.client.search<{ status: string }>({
      index: names.executions,
      size: 10,
      query: {
        bool: { filter: [{ term: { ruleId: 'once-rule' } }, { range: { startedAt: { gte: started } } }] },
      },
    });
    expect(log.hits.hits.map((h) => h._source!.status)).to.deep.equal(['succeeded', 'succeeded']);
  });

  it('over files with a cluster: the same alerts, deduplicated against the cluster', async () => {
    const file = t.file('events.ndjson', docs.map((d) => JSON.stringify(d)).join('\n'));
    const r = await run('--events', file);
    expect(r.code, r.stderr).to.equal(0);
    expect(r.stderr).to.contain('0 alerts written').and.contain('2 duplicates skipped');
  });
});
