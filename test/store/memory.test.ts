/** The store contract over the memory stores (`--dry-run`, tests), and what only memory promises. */
import { expect } from 'chai';
import { memoryData, memoryStores } from '../../src/store/memory.js';
import { alertDoc, storeContract } from './store-contract.js';

describe('memory stores', () => {
  const data = memoryData();
  storeContract(() => ({ open: () => memoryStores(data), source: async (id) => data.alerts.get(id) }), {
    bigIds: 10_500,
  });

  it('hands out copies: a caller changing what it wrote or read does not change the store', async () => {
    const s = memoryStores();
    const doc = alertDoc('a');
    await s.alerts.create([doc]);
    doc._source['kibana.alert.reason'] = 'changed';
    expect(s.data.alerts.get('a')).to.not.have.property('kibana.alert.reason');
  });
});
