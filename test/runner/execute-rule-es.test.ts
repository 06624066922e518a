/**
 * Issue 14's "Done when" for one execution, against the real server: an hour of generated events (rule.json's
 * planted sequences among near misses: too slow for maxspan, other host, wrong parent entity, wrong OS, network
 * before process, case variants), run at 5-minute steps as the scheduler would (from now-9m), gives exactly one
 * alert group per planted sequence and none for a near miss; a re-run writes nothing; the ids are the same by raw
 * search and over the same events as files. The test distribution has no EQL API: `--engine eql` is not run here
 * (a fuller distribution would add it to the id comparison). Then timestamp_override with late events, exceptions,
 * and max_signals truncation followed by the next run writing the rest.
 */
import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import type { Connection } from '../../src/es/client.js';
import { generateEvents, toJson } from '../../src/generate/index.js';
import { endpointEventsMapping } from '../../src/generate/es-mappings.js';
import { nullLogger } from '../../src/logging/logger.js';
import { ruleSchema } from '../../src/rules/rule.js';
import type { LoadedRule } from '../../src/rules/loaded-rule.js';
import { executeRule } from '../../src/runner/execute-rule.js';
import { MAX_SIGNALS_WARNING } from '../../src/runner/execution-outcome.js';
import type { EventInput, ExecutionDeps, ExecutionResult } from '../../src/runner/execution.js';
import { esStores } from '../../src/store/es-stores.js';
import { memoryStores } from '../../src/store/memory.js';
import { storeNames, type StoreNames } from '../../src/store/names.js';
import { setupStores } from '../../src/store/setup.js';
import type { Stores } from '../../src/store/stores.js';
import { testConnection, uniqueIndex } from '../support/es.js';
import { tempDir } from '../support/tmp.js';

const RULE = JSON.parse(readFileSync(new URL('../../../rule.json', import.meta.url), 'utf8')) as Record<
  string,
  unknown
>;
const START = Date.parse('2031-05-06T10:00:00.000Z');
const MIN = 60_000;
const events = uniqueIndex('rr-exec-events');
const space = uniqueIndex('rrexec').replace(/[^a-z0-9]/g, '');

type Hit = { _index: string; _id: string; _source: Record<string, unknown> };
type Alert = { _id: string; _source: Record<string, unknown> };

function loaded(rule: Record<string, unknown>, extra: Partial<LoadedRule> = {}): LoadedRule {
  return {
    origin: 'test',
    rule: ruleSchema.parse({ ...rule, index: [events] }),
    uuid: `5b3b7d8e-0000-4000-8000-${String(rule.rule_id).slice(0, 12).padEnd(12, '0')}`,
    exceptionItems: [],
    warnings: [],
    ...extra,
  };
}

/** Each alert group as the ids of its events in order: `e1 e2` for a sequence, `e1` for a single event. */
function groups(alerts: Alert[]): string[] {
  const ancestorOf = (a: Alert) => (a._source['kibana.alert.ancestors'] as Array<{ id: string }>)[0]!.id;
  const blocks = alerts.filter((a) => a._source['kibana.alert.group.index'] !== undefined);
  const heads = alerts.filter((a) => a._source['kibana.alert.group.index'] === undefined);
  return heads
    .map((h) => {
      if (h._source['kibana.alert.depth'] !== 2) return ancestorOf(h);
      return blocks
        .filter((b) => b._source['kibana.alert.group.id'] === h._id)
        .sort(
          (x, y) =>
            (x._source['kibana.alert.group.index'] as number) -
            (y._source['kibana.alert.group.index'] as number),
        )
        .map(ancestorOf)
        .join(' ');
    })
    .sort();
}

describe('rule executions at 5-minute steps against the real server @es', function () {
  this.timeout(60_000);
  let conn: Connection;
  let names: StoreNames;
  let stores: Stores;
  const t = tempDir();
  let file: string;
  const hits: Hit[] = [];
  const stream = generateEvents({
    count: 5000,
    hosts: 8,
    seed: 14,
    planted: 18,
    rate: 5000 / 3600,
    start: START,
  });
  for (const e of stream) {
    const source = JSON.parse(toJson(e)) as Record<string, unknown>;
    hits.push({ _index: events, _id: (source.event as { id: string }).id, _source: source });
  }
  const extra = (id: string, minutes: number, name: string, more: Record<string, unknown> = {}): Hit => ({
    _index: events,
    _id: id,
    _source: {
      '@timestamp': new Date(START + minutes * MIN).toISOString(),
      event: { category: ['process'], type: ['start'], id, ...((more.event as object) ?? {}) },
      host: { id: 'h-extra', os: { type: 'macos' } },
      process: { name, entity_id: id },
      ...Object.fromEntries(Object.entries(more).filter(([k]) => k !== 'event')),
    },
  });
  // late: occurred at minute 70, ingested (indexed) 7 minutes later; burst: 8 matches 20 s apart from minute 86
  const lateHit = extra('late-1', 70, 'late', {
    event: { ingested: new Date(START + 77 * MIN).toISOString() },
  });
  hits.push(
    extra('kept-1', 72, 'excepted'),
    extra('excepted-1', 72.5, 'excepted', { user: { name: 'svc' } }),
  );
  for (let i = 0; i < 8; i++) hits.push(extra(`burst-${i}`, 86 + i / 3, 'burst'));

  before(async () => {
    conn = await testConnection();
    // indices of this file's own, deleted after it (by default the state and log indices are every space's)
    names = storeNames(space, {
      state: `${events}-state`,
      executions: `${events}-executions`,
      gaps: `${events}-gaps`,
    });
    await setupStores(conn.client, names);
    stores = esStores(conn.client, names);
    const mapping = endpointEventsMapping() as {
      properties: { event: { properties: Record<string, unknown> } };
    };
    // the late events carry event.ingested, which Elastic Defend's events have and the generator does not write
    mapping.properties.event.properties.ingested = { type: 'date' };
    await conn.client.indices.create({ index: events, mappings: mapping as never });
    for (let i = 0; i < hits.length; i += 2000) {
      const bulk = await conn.client.bulk({
        refresh: true,
        operations: hits
          .slice(i, i + 2000)
          .flatMap((h) => [{ create: { _index: events, _id: h._id } }, h._source]),
      });
      expect(bulk.items.filter((it) => it.create?.error).map((it) => it.create?.error?.reason)).to.deep.equal(
        [],
      );
    }
    file = t.file('events.ndjson', hits.map((h) => JSON.stringify(h)).join('\n'));
  });
  after(async () => {
    t.remove();
    if (!conn) return;
    await conn.client.indices.delete({
      index: [events, names.alerts.backingIndex, names.state, names.executions, names.gaps],
      ignore_unavailable: true,
    });
    await conn.client.close();
  });

  const deps = (input: EventInput, into: Stores): ExecutionDeps => ({
    events: input,
    stores: into,
    logger: nullLogger,
    clock: () => new Date(),
    spaceId: space,
    kibanaVersion: '9.4.0',
    excludeIndices: [names.state, names.executions, names.gaps],
  });
  const runAt = (rule: LoadedRule, at: number, input: EventInput, into: Stores) =>
    executeRule(
      {
        rule,
        runAt: new Date(at),
        scheduledAt: new Date(at),
        executionType: 'scheduled',
        intendedTimestamp: new Date(at),
      },
      deps(input, into),
    );
  const cluster = (): EventInput => ({ kind: 'cluster', client: conn.client, engine: 'search' });
  async function written(ruleUuid: string): Promise<Alert[]> {
    const res = await conn.client.search<Record<string, unknown>>({
      index: names.alerts.alias,
      size: 10_000,
      query: { term: { 'kibana.alert.rule.uuid': ruleUuid } },
    });
    return res.hits.hits.map((h) => ({ _id: h._id!, _source: h._source! }));
  }
  const steps = Array.from({ length: 13 }, (_, k) => START + k * 5 * MIN);

  it('one alert group per planted sequence over the hour, none for the near misses; re-runs write nothing', async () => {
    const seq = loaded(RULE);
    const results: ExecutionResult[] = [];
    for (const at of steps) results.push(await runAt(seq, at, cluster(), stores));
    for (const r of results) expect(r.status, r.error ?? r.warnings.join('; ')).to.equal('succeeded');
    const planted = stream.planted.map((p) => p.eventIds.join(' ')).sort();
    expect(planted).to.have.lengthOf(18);
    // the near misses are there to be missed
    for (const k of [
      'downloaderFromShell',
      'installerQuiet',
      'installerLate',
      'installerWrongHost',
      'installerOtherChild',
    ])
      expect(stream.summary!.scenarios[k], k).to.be.above(0);
    const alerts = await written(seq.uuid);
    expect(groups(alerts)).to.deep.equal(planted);
    // the overlap found some sequences twice: the second time they were duplicates, not new alerts
    expect(results.reduce((n, r) => n + r.counts.duplicatesSkipped, 0)).to.be.above(0);
    for (const k of [0, 4, 9]) {
      const again = await runAt(seq, steps[k]!, cluster(), stores);
      expect(again.counts.alertsCreated, `step ${k}`).to.equal(0);
    }
    expect((await written(seq.uuid)).length).to.equal(alerts.length);

    // the same steps over the same events as files give the same alerts, id for id
    const offline = memoryStores();
    for (const at of steps) await runAt(seq, at, { kind: 'files', paths: [file] }, offline);
    expect([...offline.data.alerts.keys()].sort()).to.deep.equal(alerts.map((a) => a._id).sort());
  });

  it('timestamp_override event.ingested: a late event alerts once; without it, never', async () => {
    const query = 'process where process.name == "late"';
    const late = loaded({
      ...RULE,
      rule_id: 'late-rule',
      query,
      from: 'now-6m',
      timestamp_override: 'event.ingested',
    });
    const plain = loaded({ ...RULE, rule_id: 'plain-rule', query, from: 'now-6m' });
    let created = 0;
    for (let k = 12; k <= 18; k++) {
      const now = START + k * 5 * MIN;
      // the event reaches the index when it is ingested, not when it occurred
      if (now >= START + 77 * MIN && !(await conn.client.exists({ index: events, id: lateHit._id })))
        await conn.client.create({
          index: events,
          id: lateHit._id,
          document: lateHit._source,
          refresh: true,
        });
      created += (await runAt(late, now, cluster(), stores)).counts.alertsCreated;
      expect(
        (await runAt(plain, now, cluster(), stores)).counts.alertsCreated,
        `plain at step ${k}`,
      ).to.equal(0);
    }
    expect(created).to.equal(1);
    expect(groups(await written(late.uuid))).to.deep.equal(['late-1']);
  });

  it('exceptions: no alert for an excepted event', async () => {
    const rule = loaded(
      { ...RULE, rule_id: 'exc-rule', query: 'process where process.name == "excepted"' },
      {
        exceptionItems: [
          {
            item_id: 'svc',
            list_id: 'l',
            name: 'service account',
            entries: [{ type: 'match', field: 'user.name', operator: 'included', value: 'svc' }],
          },
        ],
      },
    );
    const r = await runAt(rule, START + 75 * MIN, cluster(), stores);
    expect(r.status).to.equal('succeeded');
    expect(groups(await written(rule.uuid))).to.deep.equal(['kept-1']);
    const offline = memoryStores();
    await runAt(rule, START + 75 * MIN, { kind: 'files', paths: [file] }, offline);
    expect([...offline.data.alerts.keys()]).to.deep.equal((await written(rule.uuid)).map((a) => a._id));
  });

  it('more matches than max_signals: the newest max_signals, partial failure; the next run writes the rest', async () => {
    const rule = loaded({
      ...RULE,
      rule_id: 'burst-rule',
      query: 'process where process.name == "burst"',
      max_signals: 5,
    });
    const first = await runAt(rule, START + 90 * MIN, cluster(), stores);
    expect(first.status).to.equal('partial failure');
    expect(first.warnings.join('\n')).to.contain(MAX_SIGNALS_WARNING);
    expect(first.counts).to.include({ matches: 8, alertsCreated: 5, truncated: 3 });
    expect(groups(await written(rule.uuid))).to.deep.equal([
      'burst-3',
      'burst-4',
      'burst-5',
      'burst-6',
      'burst-7',
    ]);
    const [log] = await stores.log.recent({ ruleUuid: rule.uuid, limit: 1 });
    expect(log).to.include({ status: 'partial failure', executionUuid: first.executionUuid });
    const second = await runAt(rule, START + 95 * MIN, cluster(), stores);
    expect(second.status).to.equal('succeeded');
    expect(second.counts).to.include({ alertsCreated: 3, truncated: 0 });
    expect(groups(await written(rule.uuid))).to.have.lengthOf(8);
  });
});
