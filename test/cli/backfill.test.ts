import { Writable } from 'node:stream';
/**
 * `rule-runner backfill` offline (`--events --dry-run`): the alerts printed are those of the windowed backfill run
 * in-process over the same files (same ids, execution type manual, intended timestamp a step's runAt), several
 * rules with a bad one left out (the others run, exit 3), and the user errors of the flags (exit 2, naming the
 * flag). The runs against a cluster are in backfill-es.test.ts.
 */
import { expect } from 'chai';
import { nullLogger } from '../../src/logging/logger.js';
import { loadRules } from '../../src/rules/load-rules.js';
import { runBackfill } from '../../src/runner/backfill.js';
import { executeRule } from '../../src/runner/execute-rule.js';
import { memoryStores } from '../../src/store/memory.js';
import { printedItems, runCli } from '../support/cli.js';
import { tempDir } from '../support/tmp.js';

const T0 = Date.UTC(2026, 0, 1, 12, 0, 0);
const iso = (minutes: number) => new Date(T0 + minutes * 60_000).toISOString();

const RULE = {
  rule_id: 'bf-cli',
  name: 'Burst',
  description: 'd',
  type: 'eql',
  query: 'process where process.name == "burst"',
  index: ['logs-test'],
  interval: '5m',
  from: 'now-9m',
  severity: 'low',
  risk_score: 21,
  max_signals: 2,
};

describe('backfill over files', function () {
  this.timeout(60_000);
  const t = tempDir();
  after(() => t.remove());
  const files = () => {
    // one event every 40 seconds over an hour: more per step than max_signals, so the cap cuts
    const events = Array.from({ length: 90 }, (_, i) => ({
      _index: 'logs-test',
      _id: `b${i}`,
      _source: {
        '@timestamp': new Date(T0 + i * 40_000).toISOString(),
        event: { category: 'process' },
        process: { name: 'burst' },
      },
    }));
    return {
      rule: t.file('rule.json', JSON.stringify(RULE)),
      other: t.file('other.json', JSON.stringify({ ...RULE, rule_id: 'bf-cli-2', name: 'Other' })),
      bad: t.file('bad.json', JSON.stringify({ ...RULE, rule_id: 'bad', risk_score: 500 })),
      events: t.file('events.ndjson', events.map((e) => JSON.stringify(e)).join('\n')),
    };
  };

  it('--dry-run prints the alerts of the windowed backfill, exit 0', async () => {
    const f = files();
    const r = await runCli([
      'backfill',
      '--rule',
      f.rule,
      '--events',
      f.events,
      '--dry-run',
      '--from',
      iso(0),
      '--to',
      iso(60),
      '--progress',
      'none',
    ]);
    expect(r.code, r.stderr).to.equal(0);
    const printed = printedItems(r.stdout);
    const stores = memoryStores();
    const [loaded] = loadRules([f.rule], { now: new Date() }).rules;
    await runBackfill(
      loaded!,
      { kind: 'range', range: { start: new Date(iso(0)), end: new Date(iso(60)) } },
      {
        execute: executeRule,
        execution: {
          events: { kind: 'files', paths: [f.events] },
          stores,
          clock: () => new Date(),
          spaceId: 'default',
          kibanaVersion: '9.4.0',
        },
        logger: nullLogger,
      },
    );
    expect(printed.map((a) => a._id)).to.deep.equal([...stores.data.alerts.keys()]);
    expect(printed.length).to.equal(12 * 2);
    const steps = new Set(Array.from({ length: 12 }, (_, k) => iso(5 * (k + 1))));
    for (const a of printed) {
      expect(a._source['kibana.alert.rule.execution.type']).to.equal('manual');
      expect(
        steps.has(a._source['kibana.alert.intended_timestamp']),
        a._source['kibana.alert.intended_timestamp'],
      ).to.equal(true);
    }
    expect(r.stderr).to.match(
      /backfill \S+ rule bf-cli \(Burst\): complete; .*12\/12 steps complete, 0 in error/,
    );
  });

  it('several rules at once: a bad rule is left out, the others run, exit 3', async () => {
    const f = files();
    const r = await runCli([
      'backfill',
      '--rule',
      f.rule,
      '--rule',
      f.other,
      '--rules',
      f.bad,
      '--events',
      f.events,
      '--dry-run',
      '--from',
      iso(0),
      '--to',
      iso(30),
      '--concurrency',
      '2',
      '--progress',
      'log',
    ]);
    expect(r.code, r.stderr).to.equal(3);
    expect(r.stderr).to.contain('risk_score');
    expect(r.stderr).to.match(/rule bf-cli \(Burst\): complete/);
    expect(r.stderr).to.match(/rule bf-cli-2 \(Other\): complete/);
    const printed = printedItems(r.stdout);
    // grouped by rule in the rules' order, whatever finished first
    const rules = printed.map((a) => a._source['kibana.alert.rule.rule_id'] as string);
    expect(rules).to.deep.equal([...Array(12).fill('bf-cli'), ...Array(12).fill('bf-cli-2')]);
  });

  it('on a terminal a bar shows steps, events, alerts and ETA; elsewhere progress is logged', async () => {
    const f = files();
    const args = [
      'backfill',
      '--rule',
      f.rule,
      '--events',
      f.events,
      '--dry-run',
      '--from',
      iso(0),
      '--to',
      iso(10),
    ];
    let drawn = '';
    const tty = Object.assign(
      new Writable({
        write(chunk, _enc, done) {
          drawn += String(chunk);
          done();
        },
      }),
      { isTTY: true, columns: 120, rows: 40 },
    ) as unknown as NodeJS.WriteStream;
    const onTerminal = await runCli(args, undefined, tty);
    expect(onTerminal.code, onTerminal.stderr).to.equal(0);
    expect(drawn).to.match(/bf-cli \[.*\] 2\/2 steps \| \d+ events \| \d+ alerts \| ETA/);
    expect(onTerminal.stderr, 'no log lines beside the bar').to.not.match(/rule bf-cli: \d\/2 steps/);

    const piped = await runCli(args);
    expect(piped.code, piped.stderr).to.equal(0);
    expect(piped.stderr).to.match(/backfill \S+ rule bf-cli: 2\/2 steps/);
    const none = await runCli([...args, '--progress', 'none']);
    expect(none.stderr).to.not.match(/rule bf-cli: \d\/2 steps/);
  });

  const errors = [
    { name: 'to in the future', args: ['--from', 'now-1h', '--to', 'now+1h'], says: '--to' },
    { name: 'from after to', args: ['--from', iso(30), '--to', iso(0)], says: '--from' },
    { name: 'from no date', args: ['--from', 'last tuesday', '--to', iso(0)], says: '--from' },
    { name: 'to missing', args: ['--from', iso(0)], says: '--to' },
    {
      name: 'over --max-range',
      args: ['--from', iso(0), '--to', iso(60), '--max-range', '30m'],
      says: '--max-range',
    },
    {
      name: 'a bad --max-range',
      args: ['--from', iso(0), '--to', iso(60), '--max-range', 'long'],
      says: '--max-range',
    },
    { name: 'a range and --gaps', args: ['--from', iso(0), '--to', iso(60), '--gaps'], says: '--gaps' },
    { name: 'no range at all', args: [], says: '--from' },
    {
      name: 'a bad --concurrency',
      args: ['--from', iso(0), '--to', iso(60), '--concurrency', '0'],
      says: '--concurrency',
    },
  ];
  for (const c of errors)
    it(`a user error, exit 2: ${c.name}`, async () => {
      const f = files();
      const r = await runCli(['backfill', '--rule', f.rule, '--events', f.events, '--dry-run', ...c.args]);
      expect(r.code, r.stderr).to.equal(2);
      expect(r.stderr).to.contain(c.says);
      expect(r.stdout).to.equal('');
    });

  it('--events without --dry-run with a cluster configured is a user error, exit 2', async () => {
    const f = files();
    const r = await runCli([
      'backfill',
      '--rule',
      f.rule,
      '--events',
      f.events,
      '--from',
      iso(0),
      '--to',
      iso(60),
      '--es-url',
      'http://127.0.0.1:9',
    ]);
    expect(r.code).to.equal(2);
    expect(r.stderr).to.contain('[NO_STORE]');
    expect(r.stderr).to.contain('--dry-run');
  });
});
