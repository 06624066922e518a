/**
 * The store contract over the Elasticsearch stores, against the test node (@es), after `setupStores`: bulk
 * `create` and 409s, real concurrent writers, the 10,000-id chunks of the duplicate check, seq_no/primary_term
 * conflicts on the run state. The same cases run over memory in memory.test.ts.
 */
import { setupStores } from '../../src/store/setup.js';
import { esStores } from '../../src/store/es-stores.js';
import { esSuite } from './es-fixture.js';
import { storeContract } from './store-contract.js';

describe('Elasticsearch stores @es', function () {
  this.timeout(120_000);
  const suite = esSuite('contract');
  let alertsTarget: 'alias' | 'index' = 'alias';
  before(async () => {
    alertsTarget = (await setupStores(suite.conn.client, suite.names)).alertsTarget;
  });
  storeContract(
    () => ({
      open: () => esStores(suite.conn.client, suite.names, { alertsTarget }),
      source: async (id) => {
        const res = await suite.conn.client.search<Record<string, unknown>>({
          index: suite.names.alerts.alias,
          query: { ids: { values: [id] } },
        });
        return res.hits.hits[0]?._source;
      },
    }),
    {
      bigIds: 10_500,
    },
  );
});
