/**
 * `rule-runner export-alerts` into a real cluster (@es): alerts written in local mode (rule.json over the generated
 * sample), exported for a set-up cluster's alerts alias and sent as the file's bytes to `_bulk`, read back as the
 * same ids and documents; sending the file again creates nothing (every item a 409).
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';
import { writeSample } from '../../src/generate/write-sample.js';
import { setupStores } from '../../src/store/setup.js';
import { esSuite } from '../store/es-fixture.js';
import { printedItems, runCli } from '../support/cli.js';
import { tempDir } from '../support/tmp.js';

const RULE_JSON = fileURLToPath(new URL('../../../rule.json', import.meta.url));

interface BulkResponse {
  errors: boolean;
  items: Array<{ create: { _id: string; status: number } }>;
}

describe('export-alerts loaded into a cluster with _bulk @es', function () {
  this.timeout(120_000);
  const suite = esSuite('export');
  const t = tempDir();
  after(() => t.remove());
  before(async () => {
    await setupStores(suite.conn.client, suite.names);
  });

  it('gives back the same ids and documents, and a second load creates nothing (409s)', async () => {
    const dir = join(t.dir, 'data');
    const events = join(dir, 'events');
    mkdirSync(events, { recursive: true });
    const end = Date.now() - 60_000;
    writeSample(events, { endMs: end, hours: 2, truePositives: 3 });
    const run = await runCli([
      'backfill',
      '--rule',
      RULE_JSON,
      '--data-dir',
      dir,
      '--from',
      new Date(end - 2 * 3_600_000).toISOString(),
      '--to',
      new Date(end).toISOString(),
      '--progress',
      'none',
    ]);
    expect(run.code, run.stderr).to.equal(0);
    const stored = printedItems(
      (await runCli(['alerts', '--data-dir', dir, '--format', 'ndjson'])).stdout,
    ) as Array<{
      _id: string;
      _source: Record<string, unknown>;
    }>;
    expect(stored.length).to.be.greaterThan(0);

    const file = join(t.dir, 'alerts.ndjson');
    const index = suite.names.alerts.alias;
    const out = await runCli(['export-alerts', '--data-dir', dir, '--out', file, '--index', index]);
    expect(out.code, out.stderr).to.equal(0);
    const load = async () =>
      (await suite.conn.client.transport.request({
        method: 'POST',
        path: '/_bulk',
        querystring: { refresh: 'true' },
        bulkBody: readFileSync(file, 'utf8'),
      })) as BulkResponse;

    const first = await load();
    expect(first.items.map((i) => i.create.status)).to.deep.equal(stored.map(() => 201));
    const back = await suite.conn.client.search<Record<string, unknown>>({
      index,
      size: 1000,
      query: { match_all: {} },
    });
    const byId = new Map(back.hits.hits.map((h) => [h._id!, h._source!]));
    expect([...byId.keys()].sort()).to.deep.equal(stored.map((a) => a._id).sort());
    for (const a of stored) expect(byId.get(a._id), a._id).to.deep.equal(a._source);

    const second = await load();
    expect(second.items.map((i) => i.create.status)).to.deep.equal(stored.map(() => 409));
    const count = await suite.conn.client.count({ index });
    expect(count.count).to.equal(stored.length);
  });
});
