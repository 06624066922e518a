/** `dryRunStores`: reads from the real stores, writes to memory only, duplicates judged against both. */
import { expect } from 'chai';
import { dryRunStores } from '../../src/store/dry-run.js';
import { memoryStores } from '../../src/store/memory.js';
import { alertDoc, execution } from './store-contract.js';

describe('dry-run stores', () => {
  it('reports as duplicates the alerts the real store holds, "writes" the rest in memory only', async () => {
    const real = memoryStores();
    await real.alerts.create([alertDoc('a'), alertDoc('b')]);
    const dry = dryRunStores(real);
    expect(await dry.alerts.existingIds(['a', 'c'])).to.deep.equal(new Set(['a']));
    const r = await dry.alerts.create([alertDoc('a'), alertDoc('c'), alertDoc('d')]);
    expect(r.created).to.have.members(['c', 'd']);
    expect(r.duplicates).to.deep.equal(['a']);
    expect([...real.data.alerts.keys()]).to.deep.equal(['a', 'b']);
    expect(await dry.alerts.existingIds(['c', 'x'])).to.deep.equal(new Set(['c']));
    expect((await dry.alerts.create([alertDoc('c')])).duplicates).to.deep.equal(['c']);
  });

  it('reads a rule’s state from the real store, keeps its own writes in memory, and leaves the real store as it was', async () => {
    const real = memoryStores();
    const s = { ruleUuid: 'u1', ruleId: 'r1', name: 'R', updatedAt: '2026-03-01T10:00:00.000Z' };
    await real.state.put({ ...s, lastStartedAt: '2026-03-01T09:55:00.000Z' });
    await real.state.put({ ...s, ruleUuid: 'u2', lastStartedAt: '2026-03-01T09:50:00.000Z' });
    const dry = dryRunStores(real);
    expect((await dry.state.get('u1'))?.lastStartedAt).to.equal('2026-03-01T09:55:00.000Z');
    await dry.state.put({ ...s, lastStartedAt: '2026-03-01T10:00:00.000Z' });
    expect((await dry.state.get('u1'))?.lastStartedAt).to.equal('2026-03-01T10:00:00.000Z');
    expect((await real.state.get('u1'))?.lastStartedAt).to.equal('2026-03-01T09:55:00.000Z');
    expect((await dry.state.list()).map((x) => [x.ruleUuid, x.lastStartedAt])).to.deep.equal([
      ['u1', '2026-03-01T10:00:00.000Z'],
      ['u2', '2026-03-01T09:50:00.000Z'],
    ]);
    await dry.log.write(execution({ executionUuid: 'e1' }));
    expect(real.data.executions.size).to.equal(0);
    expect((await dry.log.recent({ limit: 5 })).map((e) => e.executionUuid)).to.deep.equal(['e1']);
  });
});
