/**
 * `rule-runner run-once` over event files: a dry run prints the alerts as NDJSON and a summary on stderr; the exit
 * codes are 0 (succeeded or partial failure), 2 (a user error before any execution) and 3 (an execution failed).
 */
import { expect } from 'chai';
import { printedItems, runCli } from '../support/cli.js';
import { tempDir } from '../support/tmp.js';

const T0 = Date.UTC(2030, 0, 1, 12, 0, 0);
const iso = (minutes: number) => new Date(T0 + minutes * 60_000).toISOString();

const RULE = {
  rule_id: 'cli-rule',
  name: 'Burst',
  description: 'd',
  type: 'eql',
  query: 'process where process.name == "burst"',
  index: ['logs-test'],
  from: 'now-9m',
  severity: 'low',
  risk_score: 21,
  max_signals: 3,
};

describe('run-once over files', function () {
  this.timeout(30_000);
  const t = tempDir();
  after(() => t.remove());
  const files = () => {
    const events = Array.from({ length: 4 }, (_, i) => ({
      _index: 'logs-test',
      _id: `b${i}`,
      _source: { '@timestamp': iso(5 + i), event: { category: 'process' }, process: { name: 'burst' } },
    }));
    return {
      rule: t.file('rule.json', JSON.stringify(RULE)),
      events: t.file('events.ndjson', events.map((e) => JSON.stringify(e)).join('\n')),
    };
  };

  it('--dry-run prints the newest max_signals alerts as NDJSON, a summary on stderr, exit 0', async () => {
    const f = files();
    const r = await runCli([
      'run-once',
      '--rule',
      f.rule,
      '--events',
      f.events,
      '--dry-run',
      '--now',
      iso(9),
    ]);
    expect(r.code, r.stderr).to.equal(0);
    const alerts = printedItems(r.stdout);
    expect(alerts).to.have.lengthOf(3);
    for (const a of alerts) {
      expect(a._id).to.match(/^[0-9a-f]{64}$/);
      expect(a._source['kibana.alert.rule.rule_id']).to.equal('cli-rule');
    }
    expect(r.stderr).to.contain('rule cli-rule (Burst): partial failure');
    expect(r.stderr).to.contain('This rule reached the maximum alert limit for the rule execution.');
    expect(r.stderr).to.contain(`window ${iso(0)} .. ${iso(9)}`);
  });

  it('--now takes epoch milliseconds too; the same run twice prints the same alert ids', async () => {
    const f = files();
    const args = ['run-once', '--rule', f.rule, '--events', f.events, '--dry-run'];
    const a = await runCli([...args, '--now', String(T0 + 9 * 60_000)]);
    const b = await runCli([...args, '--now', iso(9)]);
    expect(a.code, a.stderr).to.equal(0);
    const ids = (s: string) => printedItems(s).map((x: { _id: string }) => x._id);
    expect(ids(a.stdout)).to.deep.equal(ids(b.stdout));
  });

  for (const c of [
    {
      name: '--data-dir with a cluster configured (it would do nothing)',
      args: (f: Files) => ['--events', f.events, '--data-dir', t.dir, '--es-url', 'http://127.0.0.1:9'],
      code: 'FLAGS_CONFLICT',
    },
    {
      name: '--alerts-index without a cluster (the local store has no indices)',
      args: (f: Files) => ['--events', f.events, '--data-dir', t.dir, '--alerts-index', 'mine'],
      code: 'FLAGS_CONFLICT',
    },
    {
      name: '--engine with files',
      args: (f: Files) => ['--events', f.events, '--dry-run', '--engine', 'search'],
      code: 'FLAGS_CONFLICT',
    },
    {
      name: 'neither files nor a cluster, and no events directory in the data directory',
      args: () => ['--dry-run', '--data-dir', t.dir],
      code: 'EVENTS_DIR_MISSING',
    },
    {
      name: 'a --now that is no date',
      args: (f: Files) => ['--events', f.events, '--dry-run', '--now', 'soon'],
      code: 'DATE',
    },
  ])
    it(`exit 2: ${c.name}`, async () => {
      const f = files();
      const r = await runCli(['run-once', '--rule', f.rule, ...c.args(f)]);
      expect(r.code, r.stderr).to.equal(2);
      expect(r.stderr).to.contain(`error [${c.code}`);
      expect(r.stdout).to.equal('');
    });

  it('exit 2: no --rule, naming the flag', async () => {
    const f = files();
    const r = await runCli(['run-once', '--events', f.events, '--dry-run']);
    expect(r.code, r.stderr).to.equal(2);
    expect(r.stderr).to.contain('--rule');
    expect(r.stdout).to.equal('');
  });

  it('exit 2 after running the others: a rule that does not load is named and left out', async () => {
    const f = files();
    const bad = t.file('bad-too.json', JSON.stringify({ ...RULE, rule_id: 'other', risk_score: 500 }));
    const r = await runCli(['run-once', '--rule', f.rule, '--rule', bad, '--events', f.events, '--dry-run']);
    expect(r.code, r.stderr).to.equal(2);
    expect(r.stderr).to.contain('bad-too.json (other): [RULE_INVALID]').and.contain('the rule is left out');
    expect(r.stderr).to.contain('rule cli-rule (Burst): ');
  });

  it('exit 2: a rule file that is not a rule, naming it', async () => {
    const f = files();
    const bad = t.file('bad.json', JSON.stringify({ ...RULE, risk_score: 500 }));
    const r = await runCli(['run-once', '--rule', bad, '--events', f.events, '--dry-run']);
    expect(r.code).to.equal(2);
    expect(r.stderr).to.contain('bad.json').and.contain('risk_score');
  });

  it('exit 3: the execution failed (its events cannot be read), with Kibana’s error text', async () => {
    const f = files();
    const r = await runCli([
      'run-once',
      '--rule',
      f.rule,
      '--events',
      `${f.events}.missing`,
      '--dry-run',
      '--now',
      iso(9),
    ]);
    expect(r.code, r.stderr).to.equal(3);
    expect(r.stderr).to.contain('failed').and.contain('An error occurred during rule execution: message:');
  });
});

type Files = { rule: string; events: string };
