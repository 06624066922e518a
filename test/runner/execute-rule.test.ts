/**
 * One execution over event files into memory stores: what it writes, what it logs and how it ends (succeeded,
 * partial failure with Kibana's max_signals text, failed with Kibana's error text), the dedup against earlier
 * runs before the cap, a dry run that writes nothing, the logger's context and no secret in the log.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'chai';
import { memoryLogger } from '../../src/logging/logger.js';
import { ruleSchema } from '../../src/rules/rule.js';
import type { LoadedRule } from '../../src/rules/loaded-rule.js';
import { executeRule } from '../../src/runner/execute-rule.js';
import { MAX_SIGNALS_WARNING } from '../../src/runner/execution-outcome.js';
import type { ExecutionDeps, ExecutionRequest } from '../../src/runner/execution.js';
import { memoryStores } from '../../src/store/memory.js';
import { tempDir } from '../support/tmp.js';

const T0 = Date.UTC(2030, 0, 1, 12, 0, 0);
const at = (minutes: number) => new Date(T0 + minutes * 60_000);

function loaded(over: Record<string, unknown> = {}, extra: Partial<LoadedRule> = {}): LoadedRule {
  return {
    origin: 'test',
    rule: ruleSchema.parse({
      rule_id: 'r-1',
      name: 'Burst',
      description: 'd',
      type: 'eql',
      query: 'process where process.name == "burst"',
      index: ['logs-test'],
      from: 'now-9m',
      severity: 'low',
      risk_score: 21,
      ...over,
    }),
    uuid: '0c1d7a38-1111-4222-8333-444455556666',
    exceptionItems: [],
    warnings: [],
    ...extra,
  };
}

const hit = (id: string, minutes: number, name = 'burst', more: Record<string, unknown> = {}) => ({
  _index: 'logs-test',
  _id: id,
  _source: {
    '@timestamp': at(minutes).toISOString(),
    event: { category: 'process', id },
    host: { id: 'h1' },
    process: { name },
    ...more,
  },
});

describe('executeRule over files into memory stores', function () {
  this.timeout(30_000);
  const t = tempDir();
  after(() => t.remove());
  // 8 matches 20 s apart from minute 6, one other process, one far outside any window
  const hits = [
    ...Array.from({ length: 8 }, (_, i) => hit(`b${i}`, 6 + i / 3)),
    hit('other', 7, 'bash'),
    hit('old', -30),
  ];
  const file = () => t.file('events.ndjson', hits.map((h) => JSON.stringify(h)).join('\n'));

  const setup = (over: Partial<ExecutionDeps> = {}) => {
    const stores = memoryStores();
    const logger = memoryLogger('debug');
    let tick = 0;
    const deps: ExecutionDeps = {
      events: { kind: 'files', paths: [file()] },
      stores,
      logger,
      // a clock that moves, so durations are measured by it and not by the machine
      clock: () => new Date(T0 + 3_600_000 + tick++ * 10),
      spaceId: 'default',
      kibanaVersion: '9.4.0',
      ...over,
    };
    return { stores, logger, deps };
  };
  const request = (rule: LoadedRule, runAt: Date): ExecutionRequest => ({
    rule,
    runAt,
    scheduledAt: runAt,
    executionType: 'manual',
    intendedTimestamp: runAt,
  });

  it('writes every match when under max_signals, and logs running then succeeded', async () => {
    const { stores, logger, deps } = setup();
    const r = await executeRule(request(loaded(), at(9)), deps);
    expect(r.status).to.equal('succeeded');
    expect(r.warnings).to.deep.equal([]);
    expect(r.window).to.deep.equal({ start: at(0), end: at(9) });
    expect(r.counts).to.include({ matches: 8, alertsCreated: 8, truncated: 0, duplicatesSkipped: 0 });
    expect(stores.data.alerts.size).to.equal(8);
    const [log] = await stores.log.recent({ limit: 10 });
    expect(log).to.include({ executionUuid: r.executionUuid, status: 'succeeded', engine: 'files' });
    expect(log!.durations.totalMs).to.be.above(0);
    // every entry of the run carries its rule and execution
    expect(logger.entries.length).to.be.above(1);
    for (const e of logger.entries)
      expect(e.fields).to.include({ ruleId: 'r-1', executionId: r.executionUuid });
    expect(logger.entries.map((e) => e.message)).to.include.members([
      'rule execution started',
      'rule execution: succeeded',
    ]);
  });

  it('an events directory with no file yet: no events where it may be empty (local mode), a failed run where not', async () => {
    const dir = join(t.dir, 'empty-events');
    mkdirSync(dir, { recursive: true });
    const waiting = setup({ events: { kind: 'files', paths: [dir], emptyMeansNone: true } });
    const r = await executeRule(request(loaded(), at(9)), waiting.deps);
    expect(r.status, r.error).to.equal('succeeded');
    expect(r.counts).to.include({ eventsScanned: 0, matches: 0, alertsCreated: 0 });
    const strict = setup({ events: { kind: 'files', paths: [dir] } });
    const f = await executeRule(request(loaded(), at(9)), strict.deps);
    expect(f.status).to.equal('failed');
    expect(f.error).to.contain('no .ndjson');
    // a file that arrives is read by the next run
    writeFileSync(join(dir, 'later.ndjson'), hits.map((h) => JSON.stringify(h)).join('\n'));
    const later = await executeRule(request(loaded(), at(9)), waiting.deps);
    expect(later.counts).to.include({ matches: 8, alertsCreated: 8 });
  });

  it('caps at max_signals keeping the newest, with Kibana text; the next run writes the rest', async () => {
    const { stores, deps } = setup();
    const rule = loaded({ max_signals: 5 });
    const first = await executeRule(request(rule, at(9)), deps);
    expect(first.status).to.equal('partial failure');
    expect(first.warnings).to.have.lengthOf(1);
    expect(first.warnings[0]).to.contain(MAX_SIGNALS_WARNING).and.contain('3 new matches were not written');
    expect(first.counts).to.include({ alertsCreated: 5, truncated: 3 });
    const written = [...stores.data.alerts.values()].map(
      (a) =>
        (a['kibana.alert.original_event'] as { id?: string } | undefined)?.id ??
        (a.event as { id?: string })?.id,
    );
    expect(written.sort()).to.deep.equal(['b3', 'b4', 'b5', 'b6', 'b7']);
    const second = await executeRule(request(rule, at(14)), deps);
    expect(second.status).to.equal('succeeded');
    expect(second.counts).to.include({ alertsCreated: 3, truncated: 0, duplicatesSkipped: 5 });
    expect(stores.data.alerts.size).to.equal(8);
    const third = await executeRule(request(rule, at(14)), deps);
    expect(third.counts).to.include({ alertsCreated: 0, duplicatesSkipped: 8 });
    expect(third.status).to.equal('succeeded');
  });

  it('a dry run writes nothing and returns what it would write', async () => {
    const { stores, deps } = setup({ dryRun: true });
    const r = await executeRule(request(loaded(), at(9)), deps);
    expect(r.alerts).to.have.lengthOf(8);
    expect(stores.data.alerts.size).to.equal(0);
    expect(stores.data.executions.size).to.equal(0);
  });

  it("the rule's own warnings make a partial failure", async () => {
    const { deps } = setup();
    const r = await executeRule(
      request(loaded({}, { warnings: ['exception list "x" not found'] }), at(9)),
      deps,
    );
    expect(r.status).to.equal('partial failure');
    expect(r.warnings).to.deep.equal(['exception list "x" not found']);
  });

  it('exceptions drop events before correlation', async () => {
    const { deps } = setup();
    const rule = loaded(
      {},
      {
        exceptionItems: [
          {
            item_id: 'i1',
            list_id: 'l1',
            name: 'not b2',
            entries: [{ type: 'match', field: 'event.id', operator: 'included', value: 'b2' }],
          },
        ],
      },
    );
    const r = await executeRule(request(rule, at(9)), deps);
    expect(r.counts).to.include({ matches: 7, alertsCreated: 7 });
  });

  it("a query the engine refuses fails the run with Kibana's error text, and is logged", async () => {
    const { stores, deps } = setup();
    const r = await executeRule(request(loaded({ query: 'process where (' }), at(9)), deps);
    expect(r.status).to.equal('failed');
    expect(r.error).to.match(/^An error occurred during rule execution: message: "[\s\S]+"$/);
    const [log] = await stores.log.recent({ limit: 1 });
    expect(log).to.include({ status: 'failed', error: r.error });
  });

  it('an aborted signal fails the run', async () => {
    const ac = new AbortController();
    ac.abort(new Error('rule timed out after 5m'));
    const { deps } = setup({ signal: ac.signal });
    const r = await executeRule(request(loaded(), at(9)), deps);
    expect(r.status).to.equal('failed');
    expect(r.error).to.contain('rule timed out after 5m');
  });

  it('no secret reaches the log: a cluster URL with credentials in an error is redacted', async () => {
    const { Client } = await import('@elastic/elasticsearch');
    const client = new Client({
      node: 'http://elastic:s3cr3t-pw@127.0.0.1:9',
      maxRetries: 0,
      requestTimeout: 2000,
    });
    const { stores, logger, deps } = setup({ events: { kind: 'cluster', client, engine: 'search' } });
    try {
      const r = await executeRule(request(loaded(), at(9)), deps);
      expect(r.status).to.equal('failed');
      const everything = JSON.stringify([r, [...stores.data.executions.values()], logger.entries]);
      expect(everything).not.to.contain('s3cr3t-pw');
    } finally {
      await client.close();
    }
  });
});
