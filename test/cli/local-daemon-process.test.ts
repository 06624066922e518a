/**
 * The real `rule-runner run` process in local mode (the built CLI, the real clock, real signals): killed with
 * SIGKILL while it runs its rule every second, then started again on the same data directory, it neither loses nor
 * duplicates an alert; the restarted runner continues from the state the first one saved, and SIGTERM ends it with
 * exit 0.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { expect } from 'chai';
import { CLI } from '../support/cli-process.js';
import { tempDir } from '../support/tmp.js';

interface Run {
  status: string;
  counts: { alertsCreated: number; duplicatesSkipped: number };
}

function start(args: string[]) {
  const child = spawn(process.execPath, [CLI, ...args], { stdio: ['ignore', 'ignore', 'pipe'], env: {} });
  const out = { stderr: '' };
  child.stderr!.on('data', (b: Buffer) => (out.stderr += b.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal })),
  );
  return { child, out, exited };
}

async function until(what: string, ok: () => boolean, log: () => string): Promise<void> {
  const deadline = Date.now() + 20_000;
  while (!ok()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}:\n${log()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('rule-runner run in local mode as a process: SIGKILL and restart', function () {
  this.timeout(60_000);
  const t = tempDir();
  const children: ChildProcess[] = [];
  let db: Database.Database | null = null;
  after(() => {
    for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
    db?.close();
    t.remove();
  });

  it('neither loses nor duplicates alerts, continues from the saved state, and SIGTERM exits 0', async () => {
    const dir = join(t.dir, 'data');
    mkdirSync(join(dir, 'events'), { recursive: true });
    const lines = Array.from({ length: 40 }, (_, i) =>
      JSON.stringify({
        _index: 'logs-test',
        _id: `e${i}`,
        _source: {
          '@timestamp': new Date(Date.now() - (i + 1) * 1_000).toISOString(),
          event: { category: 'process' },
          process: { name: 'burst' },
        },
      }),
    );
    writeFileSync(join(dir, 'events', 'a.ndjson'), lines.join('\n') + '\n');
    const rule = t.file(
      'rule.json',
      JSON.stringify({
        rule_id: 'kill-local',
        name: 'Kill local',
        description: 'd',
        type: 'eql',
        query: 'process where process.name == "burst"',
        index: ['logs-test'],
        interval: '1s',
        from: 'now-1h',
        severity: 'low',
        risk_score: 21,
        max_signals: 10,
      }),
    );
    const args = ['run', '--rules', rule, '--data-dir', dir];
    // read beside the runners, synchronously, through a connection of the test's own
    const rows = <T>(sql: string): T[] => {
      db ??= new Database(join(dir, 'rule-runner.db'), { fileMustExist: true });
      return (db.prepare(sql).all() as Array<{ doc: string }>).map((r) => JSON.parse(r.doc) as T);
    };
    // before the runner has made the file and its tables, there is nothing yet
    const yet = <T>(read: () => T[]): T[] => {
      if (!existsSync(join(dir, 'rule-runner.db'))) return [];
      try {
        return read();
      } catch {
        return [];
      }
    };
    const alerts = () => rows<{ 'kibana.alert.uuid': string }>('SELECT doc FROM alerts');
    const states = () =>
      rows<{ ruleId: string; lastStartedAt: string; lastStatus: string }>('SELECT doc FROM rule_state');
    const completed = () =>
      rows<Run>('SELECT doc FROM executions ORDER BY started_at DESC').filter((e) => e.status !== 'running');

    // max_signals 10: each run writes the 10 newest not yet written, so the 40 take four runs; kill after the first
    const first = start(args);
    children.push(first.child);
    await until(
      'a first run written and its state saved',
      () => yet(states).length > 0,
      () => first.out.stderr,
    );
    first.child.kill('SIGKILL');
    expect((await first.exited).signal).to.equal('SIGKILL');
    const saved = states();
    expect(saved.map((s) => s.ruleId)).to.deep.equal(['kill-local']);
    expect(alerts().length).to.be.within(10, 40);

    const second = start(args);
    children.push(second.child);
    await until(
      'all 40 alerts',
      () => alerts().length === 40,
      () => second.out.stderr,
    );
    const runsNow = completed().length;
    await until(
      'one more run',
      () => completed().length > runsNow,
      () => second.out.stderr,
    );
    // that run writes nothing: every match is a duplicate (dropped before the max_signals cap)
    expect(completed()[0]!.counts).to.include({ alertsCreated: 0, duplicatesSkipped: 40 });
    second.child.kill('SIGTERM');
    const end = await second.exited;
    expect(end.code, second.out.stderr).to.equal(0);
    expect(second.out.stderr).to.contain('rule runner stopped: state saved');

    const ids = alerts().map((a) => a['kibana.alert.uuid']);
    expect(ids).to.have.lengthOf(40);
    expect(new Set(ids).size).to.equal(40);
    // a run the kill cut short may have committed its alerts without its end in the log: at most one run's 10
    expect(completed().reduce((n, e) => n + e.counts.alertsCreated, 0)).to.be.within(30, 40);
    const after = states();
    expect(after[0]!.lastStatus).to.equal('succeeded');
    expect(Date.parse(after[0]!.lastStartedAt)).to.be.greaterThan(Date.parse(saved[0]!.lastStartedAt));
  });
});
