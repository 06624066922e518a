/**
 * `rule-runner run` as a process against the real server: it runs the rule on its schedule and writes its alerts;
 * `kill -9` right after the first alerts land (mid-run or between runs) and a restart lose nothing and write no
 * duplicate (deterministic ids, create-only writes); SIGTERM then drains, saves the state and exits 0. The test
 * node is integ-test-zip (no EQL API): the rule runs on the search engine; a full distribution would run it on
 * the EQL API with the same ids.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { expect } from 'chai';
import type { Connection } from '../../src/es/client.js';
import { storeNames } from '../../src/store/names.js';
import { setupStores } from '../../src/store/setup.js';
import { runCli } from '../support/cli.js';
import { CLI } from '../support/cli-process.js';
import { testConnection, uniqueIndex } from '../support/es.js';
import { tempDir } from '../support/tmp.js';

const events = uniqueIndex('rr-daemon-events');
const space = uniqueIndex('rrdaemon').replace(/[^a-z0-9]/g, '');
// a rule id of its own: the state index is every space's, and a rerun must not continue an old run's state
const ruleId = `daemon-rule-${space}`;

interface Daemon {
  child: ChildProcess;
  stderr: () => string;
  exited: Promise<number | null>;
}

function startDaemon(args: string[]): Daemon {
  const child = spawn(process.execPath, [CLI, 'run', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  child.stdout!.resume();
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, stderr: () => stderr, exited };
}

async function until<T>(what: string, f: () => Promise<T | null>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await f();
    if (v !== null) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('rule-runner run against a cluster @es', function () {
  this.timeout(120_000);
  let conn: Connection;
  const t = tempDir();
  const names = storeNames(space);
  const minutesAgo = (m: number) => new Date(Date.now() - m * 60_000).toISOString();
  const eventDoc = (m: number) => ({
    '@timestamp': minutesAgo(m),
    event: { category: 'process' },
    process: { name: 'daemon-evil' },
  });
  const rulePath = () =>
    t.file(
      'rule.json',
      JSON.stringify({
        rule_id: ruleId,
        name: 'Daemon',
        description: 'd',
        type: 'eql',
        query: 'process where process.name == "daemon-evil"',
        index: [events],
        interval: '1s',
        from: 'now-30m',
        severity: 'low',
        risk_score: 21,
      }),
    );
  const alertIds = async (): Promise<string[]> => {
    await conn.client.indices.refresh({ index: names.alerts.alias });
    const r = await conn.client.search({ index: names.alerts.alias, size: 100, query: { match_all: {} } });
    return r.hits.hits.map((h) => h._id!);
  };
  const index = async (ids: string[], m: number) => {
    await conn.client.bulk({
      refresh: true,
      operations: ids.flatMap((id) => [{ create: { _index: events, _id: id } }, eventDoc(m)]),
    });
  };

  before(async () => {
    conn = await testConnection();
    await setupStores(conn.client, names);
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

  it('refuses to start on a cluster not set up, saying how to set it up (exit 2)', async () => {
    const other = uniqueIndex('rrnosetup').replace(/[^a-z0-9]/g, '');
    const r = await runCli(['run', '--rules', rulePath(), '--es-url', process.env.ES_URL!, '--space', other]);
    expect(r.code).to.equal(2);
    expect(r.stderr).to.match(/error \[SETUP_MISSING\]/);
    expect(r.stderr).to.match(/rule-runner setup/);
  });

  it('runs on schedule; kill -9 and a restart neither lose nor duplicate alerts; SIGTERM exits 0', async () => {
    await index(['e1', 'e2', 'e3'], 5);
    const args = [
      '--rules',
      rulePath(),
      '--es-url',
      process.env.ES_URL!,
      '--space',
      space,
      '--engine',
      'search',
      '--metrics-port',
      '0',
    ];
    const first = startDaemon(args);
    await until('the first alerts', async () => ((await alertIds()).length > 0 ? true : null));
    first.child.kill('SIGKILL');
    expect(await first.exited).to.equal(null);

    // meanwhile two more events arrive; the restarted runner finds them and rewrites none of the first
    await index(['e4', 'e5'], 1);
    const second = startDaemon(args);
    const url = await until('the metrics URL', async () => {
      const m = /"metricsUrl":"([^"]+)"/.exec(second.stderr());
      return m ? m[1]! : null;
    });
    await until('five alerts', async () => ((await alertIds()).length >= 5 ? true : null));
    // a few more ticks over the same window: still five
    await until('three more runs', async () => {
      const text = await (await fetch(`${url}/metrics`)).text();
      const m = /^rule_runner_runs_total\{status="succeeded"\} (\d+)$/m.exec(text);
      return m && Number(m[1]) >= 3 ? text : null;
    });
    second.child.kill('SIGTERM');
    expect(await second.exited, second.stderr()).to.equal(0);

    const ids = await alertIds();
    expect(ids).to.have.length(5);
    expect(new Set(ids).size).to.equal(5);
    expect(second.stderr()).to.match(/"message":"rule runner stopped: state saved"/);
    const state = await conn.client.search<Record<string, unknown>>({
      index: names.state,
      query: { term: { ruleId } },
    });
    expect(state.hits.hits).to.have.length(1);
    expect(state.hits.hits[0]!._source).to.include({ ruleId });
    expect(Date.parse(state.hits.hits[0]!._source!.lastStartedAt as string)).to.be.above(Date.now() - 60_000);
  });
});
