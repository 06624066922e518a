/**
 * The BackfillStore contract (issue 15's checkpoints), one set of cases over memory and over Elasticsearch (@es,
 * after setupStores): a record read back as written, replaced under its id at each step, absent ids null, lists
 * by rule newest first. That is what `backfill --resume` relies on.
 */
import { expect } from 'chai';
import { esStores } from '../../src/store/es-stores.js';
import { openLocalStores, type LocalStores } from '../../src/store/local/local-stores.js';
import { memoryStores } from '../../src/store/memory.js';
import { setupStores } from '../../src/store/setup.js';
import type { BackfillRecord, BackfillStore } from '../../src/store/stores.js';
import { tempDir } from '../support/tmp.js';
import { esSuite } from './es-fixture.js';

let n = 0;
function record(ruleUuid: string, createdAt: string, over: Partial<BackfillRecord> = {}): BackfillRecord {
  return {
    id: `bf-${process.pid}-${++n}`,
    ruleUuid,
    ruleId: `id-${ruleUuid}`,
    range: { start: '2026-03-01T08:00:00.000Z', end: '2026-03-01T08:12:00.000Z' },
    interval: '5m',
    steps: ['08:05', '08:10', '08:15'].map((t) => ({
      runAt: `2026-03-01T${t}:00.000Z`,
      status: 'pending' as const,
    })),
    status: 'pending',
    createdAt,
    updatedAt: createdAt,
    ...over,
  };
}

function backfillContract(open: () => BackfillStore): void {
  it('reads a record back as written, null for an id never written', async () => {
    const s = open();
    const r = record(`rule-${n}`, '2026-03-01T09:00:00.000Z', { gapIds: ['g1'] });
    await s.put(r);
    expect(await s.get(r.id)).to.deep.equal(r);
    expect(await s.get(`${r.id}-none`)).to.equal(null);
  });

  it('replaces a record under its id at each step, as a resume reads it', async () => {
    const s = open();
    const r = record(`rule-${n}`, '2026-03-01T09:00:00.000Z');
    await s.put(r);
    const step1: BackfillRecord = {
      ...r,
      status: 'running',
      steps: [
        { ...r.steps[0]!, status: 'complete', alertsCreated: 3 },
        { ...r.steps[1]!, status: 'running' },
        r.steps[2]!,
      ],
      updatedAt: '2026-03-01T09:01:00.000Z',
    };
    await s.put(step1);
    expect(await s.get(r.id)).to.deep.equal(step1);
    // a second store (another process resuming) sees the same
    expect(await open().get(r.id)).to.deep.equal(step1);
  });

  it('lists a rule’s backfills newest first, and all rules without a filter', async () => {
    const s = open();
    const rule = `rule-list-${process.pid}-${++n}`;
    const older = record(rule, '2026-03-01T08:00:00.000Z');
    const newer = record(rule, '2026-03-01T10:00:00.000Z');
    const other = record(`${rule}-other`, '2026-03-01T09:00:00.000Z');
    for (const r of [older, other, newer]) await s.put(r);
    expect(await s.list({ ruleUuid: rule })).to.deep.equal([newer, older]);
    const all = (await s.list({})).map((r) => r.id);
    for (const r of [older, newer, other]) expect(all).to.include(r.id);
  });
}

describe('backfill store: memory', () => {
  const data = memoryStores().data;
  backfillContract(() => memoryStores(data).backfills);
});

describe('backfill store: local (SQLite)', () => {
  const t = tempDir();
  const opened: LocalStores[] = [];
  after(() => {
    for (const s of opened) s.close();
    t.remove();
  });
  backfillContract(() => {
    const s = openLocalStores(t.dir);
    opened.push(s);
    return s.backfills;
  });
});

describe('backfill store: Elasticsearch @es', function () {
  this.timeout(120_000);
  const suite = esSuite('backfills');
  before(async () => {
    await setupStores(suite.conn.client, suite.names);
  });
  backfillContract(() => esStores(suite.conn.client, suite.names).backfills);
});
