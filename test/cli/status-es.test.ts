/** `rule-runner status` end to end against the test node (@es): state seeded through the Elasticsearch stores. */
import type { Client } from '@elastic/elasticsearch';
import { expect } from 'chai';
import { esStores } from '../../src/store/es-stores.js';
import { setupStores } from '../../src/store/setup.js';
import { runCli } from '../support/cli.js';
import { testConnection } from '../support/es.js';
import { removeStores, uniqueNames } from '../store/es-fixture.js';
import { seedStatus, storeArgs } from './status-seed.js';

describe('rule-runner status @es', function () {
  this.timeout(60_000);
  const n = uniqueNames('cli-status');
  let client: Client;
  before(async () => {
    client = (await testConnection()).client;
    await setupStores(client, n);
    await seedStatus(esStores(client, n));
  });
  after(async () => {
    await removeStores(client, n);
    await client.close();
  });

  it('prints each rule’s state and last executions as JSON', async () => {
    const r = await runCli(['status', ...storeArgs(n), '--json', '--limit', '2']);
    expect(r.code, r.stderr).to.equal(0);
    const out = JSON.parse(r.stdout) as {
      rules: Array<{
        ruleId: string;
        state: { lastStatus: string } | null;
        executions: Array<{ executionUuid: string }>;
        gaps: unknown[];
      }>;
    };
    expect(out.rules.map((x) => [x.ruleId, x.state?.lastStatus ?? null])).to.deep.equal([
      ['alpha', 'partial failure'],
      ['beta', 'succeeded'],
      ['gamma', null],
    ]);
    expect(out.rules[0]!.executions.map((e) => e.executionUuid)).to.deep.equal(['ex-a3', 'ex-a2']);
    expect(out.rules[0]!.gaps).to.have.length(1);
  });

  it('prints tables, and --rule narrows them to one rule', async () => {
    const all = await runCli(['status', ...storeArgs(n)]);
    expect(all.code, all.stderr).to.equal(0);
    expect(all.stdout.split('\n')[0]).to.match(/^RULE\s+RULE ID\s+LAST STATUS/);
    expect(all.stdout).to.match(/^Beta credential access\s+beta\s+succeeded/m);
    const one = await runCli(['status', ...storeArgs(n), '--rule', 'alpha']);
    expect(one.code, one.stderr).to.equal(0);
    expect(one.stdout).to.include('Alpha installer spawns network (rule_id alpha, uuid uuid-alpha)');
    expect(one.stdout).to.not.include('beta');
    const unknown = await runCli(['status', ...storeArgs(n), '--rule', 'nope']);
    expect(unknown.code).to.equal(2);
    expect(unknown.stderr).to.match(/RULE_NOT_FOUND/);
  });
});
