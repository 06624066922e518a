/**
 * The store contract over the local SQLite store, and what only a file promises: everything kept across a close and
 * a reopen, the exact document text kept, two connections on one file behaving as two runners, a file of another
 * kind or a later schema refused as a user error.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { expect } from 'chai';
import { isUserError } from '../../../src/errors.js';
import { openLocalStores, type LocalStores } from '../../../src/store/local/local-stores.js';
import { tempDir } from '../../support/tmp.js';
import { alertDoc, execution, storeContract } from '../store-contract.js';

/** Opens stores on `dir`, remembering each connection so that the suite closes them all. */
function opener() {
  const open: LocalStores[] = [];
  return {
    open(dir: string, opts: { mustExist?: boolean } = {}): LocalStores {
      const s = openLocalStores(dir, opts);
      open.push(s);
      return s;
    },
    closeAll() {
      for (const s of open.splice(0)) s.close();
    },
  };
}

const userErrorCode = (f: () => unknown): string | false => {
  try {
    f();
  } catch (e) {
    return isUserError(e) && e.code;
  }
  return false;
};

describe('local stores (SQLite)', function () {
  this.timeout(30_000);
  const t = tempDir();
  const stores = opener();
  after(() => {
    stores.closeAll();
    t.remove();
  });

  describe('contract', () => {
    const dir = () => join(t.dir, 'contract');
    storeContract(
      () => ({
        open: () => stores.open(dir()),
        source: async (id) => {
          const doc = [...stores.open(dir()).alerts.list()].find((a) => a.id === id)?.doc;
          return doc === undefined ? undefined : (JSON.parse(doc) as Record<string, unknown>);
        },
      }),
      { bigIds: 10_500 },
    );
  });

  it('keeps everything across a close and a reopen, documents as the same JSON text', async () => {
    const dir = join(t.dir, 'reopen');
    const a = openLocalStores(dir);
    const doc = alertDoc('r-1', {
      'kibana.alert.rule.rule_id': 'r1',
      'host.name': 'mac-1',
      nested: { ü: [1, null] },
    });
    await a.alerts.create([doc]);
    await a.state.put({
      ruleUuid: 'rule-1',
      ruleId: 'r1',
      name: 'Rule one',
      updatedAt: '2026-03-01T10:00:00.000Z',
    });
    await a.log.write(execution({ executionUuid: 'e-1' }));
    const gap = {
      id: 'g-1',
      ruleUuid: 'rule-1',
      ruleId: 'r1',
      range: { gte: '2026-03-01T08:00:00.000Z', lte: '2026-03-01T09:00:00.000Z' },
      status: 'unfilled' as const,
      filledIntervals: [],
      recordedAt: '2026-03-01T10:00:00.000Z',
    };
    await a.gaps.record(gap);
    a.close();
    a.close(); // twice is harmless

    const b = stores.open(dir, { mustExist: true });
    expect([...b.alerts.list()]).to.deep.equal([{ id: 'r-1', doc: JSON.stringify(doc._source) }]);
    expect((await b.alerts.create([doc])).duplicates).to.deep.equal(['r-1']);
    expect((await b.state.get('rule-1'))?.name).to.equal('Rule one');
    expect((await b.log.recent({ limit: 5 })).map((e) => e.executionUuid)).to.deep.equal(['e-1']);
    expect(await b.gaps.list({ ruleUuid: 'rule-1' })).to.deep.equal([gap]);
    // the state's version survives too: a reopened runner that has not read it cannot overwrite it
    const blind = await stores
      .open(dir)
      .state.put({ ruleUuid: 'rule-1', ruleId: 'r1', name: 'blind', updatedAt: '2026-03-01T11:00:00.000Z' })
      .then(
        () => null,
        (e: unknown) => e,
      );
    expect(isUserError(blind) && blind.code).to.equal('STATE_CONFLICT');
  });

  it('lists alerts by rule uuid or rule_id and since a time, oldest first', async () => {
    const s = stores.open(join(t.dir, 'list'));
    const at = (id: string, ts: string, rule: string) =>
      alertDoc(id, {
        '@timestamp': ts,
        'kibana.alert.rule.uuid': `uuid-${rule}`,
        'kibana.alert.rule.rule_id': rule,
      });
    await s.alerts.create([
      at('c', '2026-03-01T10:02:00.000Z', 'x'),
      at('a', '2026-03-01T10:00:00.000Z', 'x'),
      at('b', '2026-03-01T10:01:00.000Z', 'y'),
    ]);
    const ids = (q: Parameters<typeof s.alerts.list>[0]) => [...s.alerts.list(q)].map((a) => a.id);
    expect(ids({})).to.deep.equal(['a', 'b', 'c']);
    expect(ids({ rule: 'x' })).to.deep.equal(['a', 'c']);
    expect(ids({ rule: 'uuid-y' })).to.deep.equal(['b']);
    expect(ids({ since: '2026-03-01T10:01:00.000Z' })).to.deep.equal(['b', 'c']);
    expect(ids({ rule: 'x', since: '2026-03-01T10:01:00.000Z' })).to.deep.equal(['c']);
  });

  it('two connections on one file see each other’s writes at once (two runners on one data directory)', async () => {
    const dir = join(t.dir, 'two');
    const one = stores.open(dir);
    const two = stores.open(dir);
    await one.alerts.create([alertDoc('shared')]);
    expect(await two.alerts.existingIds(['shared', 'other'])).to.deep.equal(new Set(['shared']));
    expect((await two.alerts.create([alertDoc('shared'), alertDoc('other')])).created).to.deep.equal([
      'other',
    ]);
  });

  it('a missing store is LOCAL_STORE_MISSING when it must exist; a file that is not SQLite is LOCAL_STORE', () => {
    expect(userErrorCode(() => openLocalStores(join(t.dir, 'none'), { mustExist: true }))).to.equal(
      'LOCAL_STORE_MISSING',
    );
    const dir = join(t.dir, 'garbage');
    stores.open(dir).close();
    writeFileSync(
      join(dir, 'rule-runner.db'),
      'not a database, but long enough to have a header '.repeat(40),
    );
    expect(userErrorCode(() => openLocalStores(dir))).to.equal('LOCAL_STORE');
    const file = t.file('a-file', 'x');
    expect(userErrorCode(() => openLocalStores(file))).to.equal('LOCAL_STORE');
  });

  it('refuses a store of a later schema version rather than misread it', () => {
    const dir = join(t.dir, 'later');
    openLocalStores(dir).close();
    const db = new Database(join(dir, 'rule-runner.db'));
    db.prepare('UPDATE schema_version SET version = 99').run();
    db.close();
    expect(userErrorCode(() => openLocalStores(dir))).to.equal('LOCAL_STORE_VERSION');
  });

  it('leaves the file in WAL mode (readers never block the writer)', () => {
    const dir = join(t.dir, 'pragmas');
    openLocalStores(dir).close();
    const db = new Database(join(dir, 'rule-runner.db'));
    try {
      expect(db.pragma('journal_mode', { simple: true })).to.equal('wal');
    } finally {
      db.close();
    }
  });
});
