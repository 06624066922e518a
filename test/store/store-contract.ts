/**
 * One contract for every implementation of the stores (memory, Elasticsearch): the same cases, run by
 * memory.test.ts and es-stores.test.ts, so that `--dry-run` and tests in memory mean what a cluster does.
 * `open()` gives one runner's stores over the shared data; two `open()`s are two runners.
 */
import { expect } from 'chai';
import type { AlertDoc } from '../../src/alerts/types.js';
import { isUserError } from '../../src/errors.js';
import { Prng } from '../../src/generate/prng.js';
import type { ExecutionLogDoc, GapRecord, RuleState, Stores } from '../../src/store/stores.js';

export interface StoreFixture {
  open(): Stores;
  /** The stored `_source` of an alert, read around the store (to see that a duplicate overwrote nothing). */
  source(id: string): Promise<Record<string, unknown> | undefined>;
}

export function alertDoc(id: string, extra: Record<string, unknown> = {}): AlertDoc {
  return {
    _id: id,
    _source: {
      '@timestamp': '2026-03-01T10:00:00.000Z',
      'event.kind': 'signal',
      'kibana.alert.uuid': id,
      'kibana.alert.rule.uuid': 'rule-1',
      'kibana.space_ids': ['default'],
      ...extra,
    },
  };
}

const ids = (prefix: string, from: number, to: number) =>
  Array.from({ length: to - from }, (_, i) => `${prefix}-${from + i}`);

export function execution(over: Partial<ExecutionLogDoc> & { executionUuid: string }): ExecutionLogDoc {
  return {
    ruleUuid: 'rule-1',
    ruleId: 'r1',
    ruleName: 'Rule one',
    executionType: 'scheduled',
    scheduledAt: '2026-03-01T10:00:00.000Z',
    startedAt: '2026-03-01T10:00:00.000Z',
    intendedTimestamp: '2026-03-01T10:00:00.000Z',
    window: { start: '2026-03-01T09:51:00.000Z', end: '2026-03-01T10:00:00.000Z' },
    engine: 'search',
    status: 'running',
    warnings: [],
    counts: {
      eventsScanned: 0,
      matches: 0,
      alertsCreated: 0,
      duplicatesSkipped: 0,
      truncated: 0,
      writeFailures: 0,
    },
    durations: { searchMs: 0, indexingMs: 0, totalMs: 0 },
    scheduleDelayMs: 0,
    ...over,
  };
}

function state(ruleUuid: string, over: Partial<RuleState> = {}): RuleState {
  return {
    ruleUuid,
    ruleId: `id-${ruleUuid}`,
    name: `Rule ${ruleUuid}`,
    updatedAt: '2026-03-01T10:00:00.000Z',
    ...over,
  };
}

function gap(id: string, ruleUuid: string, gte: string, lte: string): GapRecord {
  return {
    id,
    ruleUuid,
    ruleId: `id-${ruleUuid}`,
    range: { gte, lte },
    status: 'unfilled',
    filledIntervals: [],
    recordedAt: '2026-03-01T10:00:00.000Z',
  };
}

export function storeContract(fixture: () => StoreFixture, opts: { bigIds: number }): void {
  // a prefix per case: the Elasticsearch fixture shares one set of indices across the cases
  let n = 0;
  const prefix = () => `c${++n}-${process.pid}`;

  describe('alerts', () => {
    it('creates new ids, and reports the same ids again as duplicates, never overwriting them', async () => {
      const s = fixture().open();
      const p = prefix();
      const docs = ids(p, 0, 5).map((id) => alertDoc(id, { 'kibana.alert.reason': 'first' }));
      const first = await s.alerts.create(docs);
      expect(first.created).to.have.members(ids(p, 0, 5));
      expect(first.duplicates).to.deep.equal([]);
      expect(first.failed).to.deep.equal([]);
      const again = await s.alerts.create(
        ids(p, 3, 8).map((id) => alertDoc(id, { 'kibana.alert.reason': 'second' })),
      );
      expect(again.created).to.have.members(ids(p, 5, 8));
      expect(again.duplicates).to.have.members(ids(p, 3, 5));
      expect((await fixture().source(`${p}-3`))?.['kibana.alert.reason']).to.equal('first');
      expect((await fixture().source(`${p}-6`))?.['kibana.alert.reason']).to.equal('second');
      expect(await s.alerts.existingIds([...ids(p, 0, 10)])).to.deep.equal(new Set(ids(p, 0, 8)));
    });

    it('two concurrent writers of overlapping ids write every id exactly once, and their counts add up', async () => {
      const rng = new Prng(14);
      for (let round = 0; round < 4; round++) {
        const p = prefix();
        const a = fixture().open();
        const b = fixture().open();
        const aFrom = rng.range(0, 50);
        const aTo = aFrom + rng.range(50, 400);
        const bFrom = rng.range(aFrom, aTo);
        const bTo = bFrom + rng.range(1, 400);
        const [ra, rb] = await Promise.all([
          a.alerts.create(ids(p, aFrom, aTo).map((id) => alertDoc(id))),
          b.alerts.create(ids(p, bFrom, bTo).map((id) => alertDoc(id))),
        ]);
        const all = new Set([...ids(p, aFrom, aTo), ...ids(p, bFrom, bTo)]);
        const created = [...ra.created, ...rb.created];
        expect(new Set(created).size, 'an id created twice').to.equal(created.length);
        expect(new Set(created)).to.deep.equal(all);
        expect(ra.created.length + ra.duplicates.length).to.equal(aTo - aFrom);
        expect(rb.created.length + rb.duplicates.length).to.equal(bTo - bFrom);
        expect(ra.duplicates.length + rb.duplicates.length).to.equal(aTo - aFrom + (bTo - bFrom) - all.size);
        expect(ra.failed.concat(rb.failed)).to.deep.equal([]);
        expect((await a.alerts.existingIds([...all])).size).to.equal(all.size);
      }
    });

    it(`finds existing ids among more than 10,000 (${opts.bigIds}) asked for at once`, async () => {
      const s = fixture().open();
      const p = prefix();
      const written = ids(p, 0, opts.bigIds);
      const r = await s.alerts.create(written.map((id) => alertDoc(id)));
      expect(r.created.length).to.equal(written.length);
      const asked = [...ids(p, 0, opts.bigIds + 1_500)].reverse();
      const found = await s.alerts.existingIds(asked);
      expect(found.size).to.equal(written.length);
      expect(found).to.deep.equal(new Set(written));
    });

    it('refuses to write once the signal has aborted', async () => {
      const s = fixture().open();
      const ac = new AbortController();
      ac.abort(new Error('run timed out'));
      const err = await s.alerts.create([alertDoc(`${prefix()}-x`)], ac.signal).then(
        () => null,
        (e: unknown) => e,
      );
      expect(err).to.be.instanceOf(Error);
    });
  });

  describe('rule state', () => {
    it('stores what JSON keeps: a member left undefined is absent when read back', async () => {
      const s = fixture().open();
      const p = prefix();
      await s.state.put({ ...state(`${p}-u`), lastStatus: undefined });
      expect(await s.state.get(`${p}-u`)).to.deep.equal(state(`${p}-u`));
    });

    it('gets null for an unknown rule, then what was put, and lists every rule', async () => {
      const s = fixture().open();
      const p = prefix();
      expect(await s.state.get(`${p}-a`)).to.equal(null);
      await s.state.put(
        state(`${p}-a`, { lastStatus: 'running', lastStartedAt: '2026-03-01T10:00:00.000Z' }),
      );
      await s.state.put(state(`${p}-b`));
      expect(await s.state.get(`${p}-a`)).to.deep.equal(
        state(`${p}-a`, { lastStatus: 'running', lastStartedAt: '2026-03-01T10:00:00.000Z' }),
      );
      await s.state.put(state(`${p}-a`, { lastStatus: 'succeeded' }));
      const listed = (await s.state.list()).filter((x) => x.ruleUuid.startsWith(p));
      expect(listed.map((x) => [x.ruleUuid, x.lastStatus])).to.deep.equal([
        [`${p}-a`, 'succeeded'],
        [`${p}-b`, undefined],
      ]);
    });

    it('refuses a write over a version another runner replaced (STATE_CONFLICT), and takes it after a re-read', async () => {
      const p = prefix();
      const one = fixture().open();
      const two = fixture().open();
      await one.state.put(state(`${p}-r`, { lastMessage: 'v1' }));
      await one.state.get(`${p}-r`);
      await two.state.get(`${p}-r`);
      await one.state.put(state(`${p}-r`, { lastMessage: 'from one' }));
      const err = await two.state.put(state(`${p}-r`, { lastMessage: 'from two' })).then(
        () => null,
        (e: unknown) => e,
      );
      expect(isUserError(err) && err.code).to.equal('STATE_CONFLICT');
      expect((await one.state.get(`${p}-r`))?.lastMessage).to.equal('from one');
      // a runner that never read the rule's state cannot overwrite it either
      const three = fixture().open();
      const blind = await three.state.put(state(`${p}-r`, { lastMessage: 'blind' })).then(
        () => null,
        (e: unknown) => e,
      );
      expect(isUserError(blind) && blind.code).to.equal('STATE_CONFLICT');
      await two.state.get(`${p}-r`);
      await two.state.put(state(`${p}-r`, { lastMessage: 'from two, after reading' }));
      expect((await three.state.get(`${p}-r`))?.lastMessage).to.equal('from two, after reading');
      // list() counts as a read
      const four = fixture().open();
      await four.state.list();
      await four.state.put(state(`${p}-r`, { lastMessage: 'after list' }));
    });

    it('two runners creating the same new rule state at once: one wins, the other gets STATE_CONFLICT', async () => {
      const p = prefix();
      const results = await Promise.allSettled([
        fixture()
          .open()
          .state.put(state(`${p}-new`, { lastMessage: 'a' })),
        fixture()
          .open()
          .state.put(state(`${p}-new`, { lastMessage: 'b' })),
      ]);
      expect(results.map((r) => r.status).sort()).to.deep.equal(['fulfilled', 'rejected']);
      const lost = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
      expect((lost.reason as { code?: string }).code).to.equal('STATE_CONFLICT');
    });
  });

  describe('execution log', () => {
    it('an execution written at its start (running) and at its end is one document: the end replaces the start', async () => {
      const s = fixture().open();
      const rule = prefix();
      await s.log.write(execution({ executionUuid: `${rule}-e1`, ruleUuid: rule }));
      expect((await s.log.recent({ ruleUuid: rule, limit: 10 })).map((d) => d.status)).to.deep.equal([
        'running',
      ]);
      const end = execution({
        executionUuid: `${rule}-e1`,
        ruleUuid: rule,
        status: 'partial failure',
        endedAt: '2026-03-01T10:00:02.000Z',
        warnings: [
          'This rule reached the maximum alert limit for the rule execution. Some alerts were not created.',
        ],
        counts: {
          eventsScanned: 9,
          matches: 3,
          alertsCreated: 2,
          duplicatesSkipped: 1,
          truncated: 1,
          writeFailures: 0,
        },
      });
      await s.log.write(end);
      expect(await s.log.recent({ ruleUuid: rule, limit: 10 })).to.deep.equal([end]);
    });

    it('lists the most recent first, per rule or for all, up to the limit', async () => {
      const s = fixture().open();
      const rule = prefix();
      const other = prefix();
      const at = (m: number) => new Date(Date.UTC(2030, 0, 1, 0, m)).toISOString();
      for (const m of [3, 1, 4, 0, 2])
        await s.log.write(execution({ executionUuid: `${rule}-${m}`, ruleUuid: rule, startedAt: at(m) }));
      await s.log.write(execution({ executionUuid: `${other}-9`, ruleUuid: other, startedAt: at(9) }));
      const mine = await s.log.recent({ ruleUuid: rule, limit: 3 });
      expect(mine.map((d) => d.executionUuid)).to.deep.equal([`${rule}-4`, `${rule}-3`, `${rule}-2`]);
      const all = await s.log.recent({ limit: 2 });
      expect(all.map((d) => d.executionUuid)).to.deep.equal([`${other}-9`, `${rule}-4`]);
      expect(await s.log.recent({ ruleUuid: rule, limit: 0 })).to.deep.equal([]);
    });
  });

  describe('gaps', () => {
    it('records gaps, lists a rule’s newest first, and a gap recorded again replaces it', async () => {
      const s = fixture().open();
      const rule = prefix();
      const older = gap(`${rule}-g1`, rule, '2026-03-01T08:00:00.000Z', '2026-03-01T08:11:00.000Z');
      const newer = gap(`${rule}-g2`, rule, '2026-03-01T09:00:00.000Z', '2026-03-01T09:30:00.000Z');
      await s.gaps.record(older);
      await s.gaps.record(newer);
      await s.gaps.record(
        gap(`${prefix()}-g3`, 'someone-else', '2026-03-01T09:00:00.000Z', '2026-03-01T09:01:00.000Z'),
      );
      expect(await s.gaps.list({ ruleUuid: rule })).to.deep.equal([newer, older]);
      const filled = {
        ...older,
        status: 'filled' as const,
        filledIntervals: [{ gte: older.range.gte, lte: older.range.lte }],
      };
      await s.gaps.record(filled);
      expect(await s.gaps.list({ ruleUuid: rule })).to.deep.equal([newer, filled]);
      expect((await s.gaps.list({})).length).to.be.greaterThanOrEqual(3);
    });
  });
}
