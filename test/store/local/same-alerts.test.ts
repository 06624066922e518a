/**
 * The local store writes the alerts Elasticsearch would: rule.json over the generated macOS sample, executed once
 * into the memory stores (the Elasticsearch stores' twin, held to them by the store contract) and once into the
 * local store, with the same clock, gives the same ids and the same documents, and the local store gives each back
 * as the same JSON text. The only field that may differ is `kibana.alert.rule.execution.uuid`: each execution's
 * own random uuid, as in Kibana; it is checked against each execution's log instead.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';
import { writeSample } from '../../../src/generate/write-sample.js';
import { memoryLogger } from '../../../src/logging/logger.js';
import { loadRules } from '../../../src/rules/load-rules.js';
import { executeRule } from '../../../src/runner/execute-rule.js';
import type { ExecutionDeps } from '../../../src/runner/execution.js';
import { openLocalStores } from '../../../src/store/local/local-stores.js';
import { memoryStores } from '../../../src/store/memory.js';
import type { Stores } from '../../../src/store/stores.js';
import { tempDir } from '../../support/tmp.js';

const RULE_JSON = fileURLToPath(new URL('../../../../rule.json', import.meta.url));
const END = Date.UTC(2026, 2, 1, 12, 0, 0);
const EXECUTION_UUID = 'kibana.alert.rule.execution.uuid';

describe('local store: the same alerts as the memory (Elasticsearch) stores', function () {
  this.timeout(60_000);
  const t = tempDir();
  after(() => t.remove());

  it('rule.json over the sample: same ids, same documents, stored as the same JSON text', async () => {
    const events = join(t.dir, 'events');
    mkdirSync(events);
    const sample = writeSample(events, { endMs: END, hours: 3, truePositives: 3 });
    expect(sample.events).to.be.greaterThan(1000);
    const { rules } = loadRules([RULE_JSON], { now: new Date(END) });
    expect(rules).to.have.lengthOf(1);
    const run = async (stores: Stores) => {
      const deps: ExecutionDeps = {
        events: { kind: 'files', paths: [events] },
        stores,
        logger: memoryLogger('warn'),
        clock: () => new Date(END + 60_000),
        spaceId: 'default',
        kibanaVersion: '9.4.0',
      };
      const at = new Date(END);
      const result = await executeRule(
        {
          rule: rules[0]!,
          runAt: at,
          scheduledAt: at,
          executionType: 'manual',
          intendedTimestamp: at,
          window: { start: new Date(END - 3 * 3_600_000), end: at },
        },
        deps,
      );
      expect(result.status, result.error).to.equal('succeeded');
      return result;
    };

    const memory = memoryStores();
    const inMemory = await run(memory);
    const local = openLocalStores(join(t.dir, 'data'));
    try {
      const inLocal = await run(local);
      expect(inLocal.counts).to.deep.equal(inMemory.counts);
      expect(inLocal.counts.alertsCreated).to.be.greaterThan(0);
      const stored = [...local.alerts.list()];
      expect(stored.map((a) => a.id).sort()).to.deep.equal([...memory.data.alerts.keys()].sort());
      for (const a of stored) {
        const doc = JSON.parse(a.doc) as Record<string, unknown>;
        const twin = memory.data.alerts.get(a.id)!;
        expect(doc[EXECUTION_UUID]).to.equal(inLocal.executionUuid);
        expect(twin[EXECUTION_UUID]).to.equal(inMemory.executionUuid);
        expect({ ...doc, [EXECUTION_UUID]: '' }, a.id).to.deep.equal({ ...twin, [EXECUTION_UUID]: '' });
        // the text as written: what export-alerts gives back
        expect(a.doc).to.equal(JSON.stringify(doc));
      }
      // the second run over the same data: every alert a duplicate, in both
      const again = await run(local);
      expect(again.counts.alertsCreated).to.equal(0);
      expect(again.counts.duplicatesSkipped).to.equal((await run(memory)).counts.duplicatesSkipped);
    } finally {
      local.close();
    }
  });
});
