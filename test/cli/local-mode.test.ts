/**
 * Local mode, the embedded default, through the CLI in-process: with no cluster configured, `run-once`, `backfill`,
 * `status`, `gaps` and `query` use the data directory (`--data-dir`, else $RULE_RUNNER_DATA_DIR): its events
 * directory and its local store. Dedup holds across runs and restarts; `alerts` lists what the store holds and
 * `export-alerts` writes it as bulk NDJSON, to a file whole or not at all.
 */
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'chai';
import { main } from '../../src/cli/main.js';
import { openLocalStores } from '../../src/store/local/local-stores.js';
import type { CliIo } from '../../src/cli/program.js';
import { printedItems } from '../support/cli.js';
import { tempDir } from '../support/tmp.js';

// a day back, to the minute: backfill takes past ranges only
const T0 = Math.floor(Date.now() / 60_000) * 60_000 - 24 * 60 * 60_000;
const iso = (minutes: number) => new Date(T0 + minutes * 60_000).toISOString();

const RULE = {
  rule_id: 'local-rule',
  name: 'Local burst',
  description: 'd',
  type: 'eql',
  query: 'process where process.name == "burst"',
  index: ['logs-test'],
  from: 'now-9m',
  severity: 'high',
  risk_score: 73,
};

export function burst(id: string, minutes: number, host = 'mac-1'): string {
  return JSON.stringify({
    _index: 'logs-test',
    _id: id,
    _source: {
      '@timestamp': iso(minutes),
      event: { category: 'process' },
      process: { name: 'burst' },
      host: { name: host },
    },
  });
}

async function cli(args: string[], env: NodeJS.ProcessEnv = {}) {
  let stdout = '';
  let stderr = '';
  const io: CliIo = { stdout: (s) => (stdout += s), stderr: (s) => (stderr += s), env };
  const code = await main(args, io);
  return { code, stdout, stderr };
}

describe('local mode (no cluster): the data directory’s events and store', function () {
  this.timeout(30_000);
  const t = tempDir();
  after(() => t.remove());
  let n = 0;
  /** A data directory with `events/a.ndjson` holding `lines`, and the rule file. */
  const setup = (lines: string[]) => {
    const dir = join(t.dir, `data-${++n}`);
    mkdirSync(join(dir, 'events'), { recursive: true });
    writeFileSync(join(dir, 'events', 'a.ndjson'), lines.join('\n') + '\n');
    return { dir, rule: t.file(`rule-${n}.json`, JSON.stringify(RULE)) };
  };

  it('run-once writes to the local store, says where, and writes nothing the second time over the same data', async () => {
    const d = setup([burst('e1', 3), burst('e2', 5, 'mac-2'), burst('e3', 7)]);
    const args = ['run-once', '--rule', d.rule, '--data-dir', d.dir, '--now', iso(9)];
    const first = await cli(args);
    expect(first.code, first.stderr).to.equal(0);
    expect(first.stderr).to.contain(
      `local mode: local store ${join(d.dir, 'rule-runner.db')}, events ${join(d.dir, 'events')}`,
    );
    expect(first.stderr).to.contain('3 alerts written, 0 duplicates skipped');
    // a restart: a new process opens the same store
    const second = await cli(args);
    expect(second.code, second.stderr).to.equal(0);
    expect(second.stderr).to.contain('0 alerts written, 3 duplicates skipped');

    const listed = await cli(['alerts', '--data-dir', d.dir, '--format', 'ndjson']);
    expect(listed.code, listed.stderr).to.equal(0);
    const docs = printedItems(listed.stdout);
    expect(docs).to.have.lengthOf(3);
    expect(new Set(docs.map((x: { _id: string }) => x._id)).size).to.equal(3);
    // the same ids a dry run computes without any store: Kibana's deterministic ids
    const dry = await cli([
      'run-once',
      '--rule',
      d.rule,
      '--events',
      join(d.dir, 'events'),
      '--dry-run',
      '--now',
      iso(9),
      '--data-dir',
      join(t.dir, 'no-store'),
    ]);
    expect(dry.code, dry.stderr).to.equal(0);
    expect(dry.stderr).to.contain('(none yet: a dry run dedups against nothing)');
    expect(
      printedItems(dry.stdout)
        .map((x: { _id: string }) => x._id)
        .sort(),
    ).to.deep.equal(docs.map((x: { _id: string }) => x._id).sort());
    // a dry run over the store drops what is written, as a real run would
    const dryOver = await cli([...args, '--dry-run']);
    expect(dryOver.stderr).to.contain('0 alerts would be written, 3 duplicates skipped');

    const status = await cli(['status', '--data-dir', d.dir, '--json']);
    expect(status.code, status.stderr).to.equal(0);
    const rules = (JSON.parse(status.stdout) as { rules: Array<{ ruleId: string; executions: unknown[] }> })
      .rules;
    // the two real runs: the dry run's execution went to memory
    expect(rules.map((r) => [r.ruleId, r.executions.length])).to.deep.equal([['local-rule', 2]]);
  });

  it('$RULE_RUNNER_DATA_DIR names the data directory when --data-dir is not given', async () => {
    const d = setup([burst('e1', 3)]);
    const r = await cli(['run-once', '--rule', d.rule, '--now', iso(9)], { RULE_RUNNER_DATA_DIR: d.dir });
    expect(r.code, r.stderr).to.equal(0);
    expect(r.stderr).to.contain('1 alerts written');
    const table = await cli(['alerts'], { RULE_RUNNER_DATA_DIR: d.dir });
    expect(table.stdout).to.match(/^TIME +RULE +HOST +SEVERITY +ID\n/);
    expect(table.stdout).to.match(
      /\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ +Local burst +mac-1 +high +[0-9a-f]{64}\n$/,
    );
  });

  it('alerts filters by rule (rule_id or uuid) and --since; says so when there are none', async () => {
    const d = setup([burst('e1', 3), burst('e2', 5)]);
    expect((await cli(['run-once', '--rule', d.rule, '--data-dir', d.dir, '--now', iso(9)])).code).to.equal(
      0,
    );
    const ids = async (extra: string[]) =>
      printedItems((await cli(['alerts', '--data-dir', d.dir, '--format', 'ndjson', ...extra])).stdout)
        .length;
    expect(await ids(['--rule', 'local-rule'])).to.equal(2);
    const uuid = printedItems((await cli(['alerts', '--data-dir', d.dir, '--format', 'ndjson'])).stdout)[0]
      ._source['kibana.alert.rule.uuid'] as string;
    expect(await ids(['--rule', uuid])).to.equal(2);
    expect(await ids(['--rule', 'another-rule'])).to.equal(0);
    expect(await ids(['--since', 'now-1h'])).to.equal(2);
    expect(await ids(['--since', 'now+1h'])).to.equal(0);
    expect((await cli(['alerts', '--data-dir', d.dir, '--rule', 'another-rule'])).stdout).to.equal(
      'no alerts\n',
    );
    const bad = await cli(['alerts', '--data-dir', d.dir, '--since', 'yesterday-ish']);
    expect(bad.code).to.equal(2);
    expect(bad.stderr).to.contain('--since');
  });

  it('export-alerts writes bulk create lines with the documents as stored, to stdout or --out whole', async () => {
    const d = setup([burst('e1', 3), burst('e2', 5)]);
    expect((await cli(['run-once', '--rule', d.rule, '--data-dir', d.dir, '--now', iso(9)])).code).to.equal(
      0,
    );
    const stored = printedItems((await cli(['alerts', '--data-dir', d.dir, '--format', 'ndjson'])).stdout);
    const out = await cli(['export-alerts', '--data-dir', d.dir]);
    expect(out.code, out.stderr).to.equal(0);
    const lines = out.stdout.trimEnd().split('\n');
    expect(lines).to.have.lengthOf(4);
    stored.forEach((a: { _id: string; _source: unknown }, i: number) => {
      expect(JSON.parse(lines[2 * i]!)).to.deep.equal({
        create: { _index: '.alerts-security.alerts-default', _id: a._id },
      });
      expect(lines[2 * i + 1]).to.equal(JSON.stringify(a._source));
    });
    expect(out.stderr).to.contain('exported 2 alerts');

    const file = join(t.dir, `export-${n}.ndjson`);
    const toFile = await cli(['export-alerts', '--data-dir', d.dir, '--out', file, '--index', 'my-alerts']);
    expect(toFile.code, toFile.stderr).to.equal(0);
    expect(toFile.stdout).to.equal('');
    expect(readFileSync(file, 'utf8')).to.equal(
      out.stdout.replaceAll('.alerts-security.alerts-default', 'my-alerts'),
    );
    expect(readdirSync(t.dir).filter((f) => f.endsWith('.tmp'))).to.deep.equal([]);

    const missing = await cli([
      'export-alerts',
      '--data-dir',
      d.dir,
      '--out',
      join(t.dir, 'no-dir', 'x.ndjson'),
    ]);
    expect(missing.code).to.equal(2);
    expect(missing.stderr).to.contain('error [EXPORT_OUT]: --out');
    expect(missing.stderr).to.contain('nothing was written');
    const badIndex = await cli(['export-alerts', '--data-dir', d.dir, '--index', 'Upper']);
    expect(badIndex.code).to.equal(2);
    expect(badIndex.stderr).to.contain('--index');
  });

  it('backfill writes to the local store, and a run-once over the same range then writes nothing', async () => {
    const d = setup([burst('e1', 3), burst('e2', 5), burst('e3', 8)]);
    const r = await cli([
      'backfill',
      '--rule',
      d.rule,
      '--data-dir',
      d.dir,
      '--from',
      iso(0),
      '--to',
      iso(10),
      '--progress',
      'none',
    ]);
    expect(r.code, r.stderr).to.equal(0);
    expect(r.stderr).to.contain('local mode: local store');
    expect(r.stderr).to.match(/complete; .*3 alerts written/);
    const again = await cli(['run-once', '--rule', d.rule, '--data-dir', d.dir, '--now', iso(9)]);
    expect(again.stderr).to.contain('0 alerts written, 3 duplicates skipped');
    const gaps = await cli(['gaps', '--data-dir', d.dir]);
    expect(gaps.code, gaps.stderr).to.equal(0);
    expect(gaps.stdout).to.equal('no gaps recorded\n');
  });

  it('gaps lists the local store’s gaps, and backfill --gaps fills them there', async () => {
    const d = setup([burst('e1', 3), burst('e2', 5)]);
    // the rule's uuid, as the alerts carry it: from a first run
    expect((await cli(['run-once', '--rule', d.rule, '--data-dir', d.dir, '--now', iso(-60)])).code).to.equal(
      0,
    );
    const ruleUuid = (
      JSON.parse((await cli(['status', '--data-dir', d.dir, '--json'])).stdout) as {
        rules: Array<{ ruleUuid: string }>;
      }
    ).rules[0]!.ruleUuid;
    const stores = openLocalStores(d.dir);
    await stores.gaps.record({
      id: 'gap-1',
      ruleUuid,
      ruleId: 'local-rule',
      range: { gte: iso(0), lte: iso(10) },
      status: 'unfilled',
      filledIntervals: [],
      recordedAt: iso(11),
    });
    stores.close();
    const listed = await cli(['gaps', '--data-dir', d.dir, '--json']);
    expect(
      (JSON.parse(listed.stdout) as { gaps: Array<{ id: string; status: string }> }).gaps.map((g) => [
        g.id,
        g.status,
      ]),
    ).to.deep.equal([['gap-1', 'unfilled']]);
    const fill = await cli([
      'backfill',
      '--rule',
      d.rule,
      '--data-dir',
      d.dir,
      '--gaps',
      '--progress',
      'none',
    ]);
    expect(fill.code, fill.stderr).to.equal(0);
    expect(fill.stderr).to.match(/2 alerts written; gap .* filled/);
    const after = await cli(['gaps', '--data-dir', d.dir, '--json']);
    expect(
      (JSON.parse(after.stdout) as { gaps: Array<{ status: string }> }).gaps.map((g) => g.status),
    ).to.deep.equal(['filled']);
    expect(
      printedItems((await cli(['alerts', '--data-dir', d.dir, '--format', 'ndjson'])).stdout),
    ).to.have.lengthOf(2);
  });

  it('query reads the events directory when neither --events nor a cluster is given', async () => {
    const d = setup([burst('e1', 3), burst('e2', 5)]);
    const r = await cli(['query', '--data-dir', d.dir, 'process where process.name == "burst"']);
    expect(r.code, r.stderr).to.equal(0);
    expect(printedItems(r.stdout).map((x: { _id: string }) => x._id)).to.deep.equal(['e1', 'e2']);
    expect(r.stderr).to.contain(`local mode: events ${join(d.dir, 'events')}`);
  });

  for (const c of [
    { name: 'run-once', args: (rule: string) => ['run-once', '--rule', rule] },
    {
      name: 'backfill',
      args: (rule: string) => ['backfill', '--rule', rule, '--from', iso(0), '--to', iso(9)],
    },
    { name: 'query', args: () => ['query', 'process where true'] },
  ])
    it(`${c.name}: a missing events directory is a user error naming it and \`rule-runner generate\``, async () => {
      const dir = join(t.dir, `empty-${++n}`);
      const r = await cli([...c.args(t.file(`r-${n}.json`, JSON.stringify(RULE))), '--data-dir', dir]);
      expect(r.code, r.stderr).to.equal(2);
      expect(r.stderr).to.contain(`error [EVENTS_DIR_MISSING]: no events directory ${join(dir, 'events')}`);
      expect(r.stderr).to.contain(`rule-runner generate --out ${join(dir, 'events')}`);
    });

  it('status, gaps, alerts and export-alerts on a data directory where nothing ran: LOCAL_STORE_MISSING, nothing created', async () => {
    const dir = join(t.dir, `fresh-${++n}`);
    for (const cmd of ['status', 'gaps', 'alerts', 'export-alerts']) {
      const r = await cli([cmd, '--data-dir', dir]);
      expect(r.code, `${cmd}: ${r.stderr}`).to.equal(2);
      expect(r.stderr).to.contain(
        `error [LOCAL_STORE_MISSING]: no local store at ${join(dir, 'rule-runner.db')}`,
      );
    }
    expect(() => readdirSync(dir)).to.throw();
  });

  it('refuses flags that would do nothing: --data-dir with a cluster, --engine and index names without one', async () => {
    const withCluster = await cli(['status', '--data-dir', t.dir, '--es-url', 'http://127.0.0.1:9']);
    expect(withCluster.code).to.equal(2);
    expect(withCluster.stderr).to.contain('error [FLAGS_CONFLICT]: --data-dir is for local mode');
    const envCluster = await cli(['gaps', '--data-dir', t.dir], { ELASTICSEARCH_URL: 'http://127.0.0.1:9' });
    expect(envCluster.stderr).to.contain('error [FLAGS_CONFLICT]: --data-dir is for local mode');
    const rule = t.file('engine-rule.json', JSON.stringify(RULE));
    for (const cmd of [
      ['run-once', '--rule', rule],
      ['run', '--rules', rule],
      ['backfill', '--rule', rule, '--gaps'],
    ]) {
      const engine = await cli([...cmd, '--data-dir', t.dir, '--engine', 'search']);
      expect(engine.code, engine.stderr).to.equal(2);
      expect(engine.stderr).to.contain(
        'error [FLAGS_CONFLICT]: --engine chooses how a cluster is read: no cluster',
      );
    }
    const index = await cli(['status', '--data-dir', t.dir, '--state-index', 'mine']);
    expect(index.code).to.equal(2);
    expect(index.stderr).to.contain('error [FLAGS_CONFLICT]: --state-index names an Elasticsearch index');
  });
});
