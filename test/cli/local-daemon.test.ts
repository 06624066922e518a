/**
 * `rule-runner run` in local mode, in-process on the real clock: the rule runs every second over the data
 * directory's events, which each execution lists again, so a file added between two runs and lines appended to a
 * file give new alerts at the next run, and what was written before is a duplicate, never written twice. SIGTERM
 * stops it with the state saved in the local store.
 */
import { EventEmitter } from 'node:events';
import { appendFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'chai';
import { Command } from 'commander';
import { defaultParts } from '../../src/cli/commands/run-daemon.js';
import { registerRun } from '../../src/cli/commands/run.js';
import type { CliIo } from '../../src/cli/program.js';
import { openLocalStores } from '../../src/store/local/local-stores.js';
import { tempDir } from '../support/tmp.js';

const MINUTE = 60_000;

function event(id: string, ago: number): string {
  return JSON.stringify({
    _index: 'logs-test',
    _id: id,
    _source: {
      '@timestamp': new Date(Date.now() - ago * MINUTE).toISOString(),
      event: { category: 'process' },
      process: { name: 'burst' },
    },
  });
}

describe('rule-runner run in local mode (real clock)', function () {
  this.timeout(60_000);
  const t = tempDir();
  after(() => t.remove());

  it('lists the events directory at every run: a new file and appended lines give new alerts, nothing twice', async () => {
    const dir = join(t.dir, 'data');
    const events = join(dir, 'events');
    mkdirSync(events, { recursive: true });
    writeFileSync(join(events, 'a.ndjson'), event('e1', 5) + '\n');
    const rule = t.file(
      'rule.json',
      JSON.stringify({
        rule_id: 'daemon-local',
        name: 'Daemon local',
        description: 'd',
        type: 'eql',
        query: 'process where process.name == "burst"',
        index: ['logs-test'],
        interval: '1s',
        from: 'now-1h',
        severity: 'low',
        risk_score: 21,
      }),
    );
    let stderr = '';
    const io: CliIo = { stdout: () => {}, stderr: (s) => (stderr += s), env: {} };
    const signals = new EventEmitter();
    const program = new Command('rule-runner')
      .exitOverride()
      .configureOutput({ writeErr: (s) => (stderr += s), writeOut: () => {} })
      .option('--log-format <format>', '', 'json')
      .option('--log-level <level>', '', 'info');
    registerRun(program, io, { resolveParts: defaultParts, signals });
    const done = program.parseAsync(['run', '--rules', rule, '--data-dir', dir], { from: 'user' });
    const reader = openLocalStores(dir);
    try {
      const alertCount = () => [...reader.alerts.list()].length;
      const waitFor = async (what: string, ok: () => boolean | Promise<boolean>) => {
        const deadline = Date.now() + 20_000;
        while (!(await ok())) {
          if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; logs:\n${stderr}`);
          await new Promise((r) => setTimeout(r, 100));
        }
      };
      await waitFor('the first alert', () => alertCount() === 1);
      expect(stderr).to.contain(`local mode: local store ${join(dir, 'rule-runner.db')}, events ${events}`);
      writeFileSync(join(events, 'b.ndjson'), event('e2', 3) + '\n');
      await waitFor('the new file’s alert', () => alertCount() === 2);
      appendFileSync(join(events, 'a.ndjson'), event('e3', 2) + '\n' + event('e4', 1) + '\n');
      await waitFor('the appended lines’ alerts', () => alertCount() === 4);
      // one more run after that: everything already there is a duplicate
      const runs = async () =>
        (await reader.log.recent({ limit: 1000 })).filter((e) => e.status !== 'running');
      const before = (await runs()).length;
      await waitFor('one more run', async () => (await runs()).length > before);
      signals.emit('SIGTERM');
      await done;
      const log = await runs();
      const last = log[0]!;
      expect(last.counts.alertsCreated).to.equal(0);
      expect(last.counts.duplicatesSkipped).to.equal(4);
      expect(
        log.reduce((sum, e) => sum + e.counts.alertsCreated, 0),
        'alerts created over all runs',
      ).to.equal(4);
      expect(alertCount()).to.equal(4);
      const state = await reader.state.get(last.ruleUuid);
      expect(state?.lastStatus).to.equal('succeeded');
      expect(stderr).to.contain('rule runner stopped: state saved');
    } finally {
      signals.emit('SIGTERM');
      await done.catch(() => {});
      reader.close();
    }
  });
});
