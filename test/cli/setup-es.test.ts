/**
 * `rule-runner setup` end to end against the test node (@es): what it prints, a second run that changes nothing,
 * `status` before setup (SETUP_MISSING with the command to run), and the missing cluster and bad names as user
 * errors (exit 2).
 */
import type { Client } from '@elastic/elasticsearch';
import { expect } from 'chai';
import { runCli } from '../support/cli.js';
import { testConnection } from '../support/es.js';
import { removeStores, uniqueNames } from '../store/es-fixture.js';
import { storeArgs } from './status-seed.js';

describe('rule-runner setup @es', function () {
  this.timeout(60_000);
  const n = uniqueNames('cli-setup');
  let client: Client;
  before(async () => {
    client = (await testConnection()).client;
  });
  after(async () => {
    await removeStores(client, n);
    await client.close();
  });

  it('status before setup exits 2 with SETUP_MISSING and the setup command to run', async () => {
    const r = await runCli(['status', ...storeArgs(n)]);
    expect(r.code).to.equal(2);
    expect(r.stderr).to.match(/error \[SETUP_MISSING\]/);
    expect(r.stderr).to.include(`rule-runner setup --space ${n.spaceId}`);
  });

  it('installs the stores and says what it created; a second run changes nothing', async () => {
    const first = await runCli(['setup', ...storeArgs(n)]);
    expect(first.code, first.stderr).to.equal(0);
    expect(first.stdout).to.match(
      new RegExp(`^created\\s+alias ${n.alerts.alias.replace(/\./g, '\\.')}$`, 'm'),
    );
    expect(first.stdout).to.match(new RegExp(`^created\\s+index ${n.state}$`, 'm'));
    expect(first.stderr).to.not.match(/warning/);
    const second = await runCli(['setup', ...storeArgs(n)]);
    expect(second.code, second.stderr).to.equal(0);
    expect(second.stdout).to.not.match(/^(created|updated)/m);
    expect(second.stdout).to.match(
      new RegExp(`^kept\\s+alerts target ${n.alerts.alias.replace(/\./g, '\\.')}`, 'm'),
    );
    expect(second.stdout).to.match(new RegExp(`^unchanged\\s+index ${n.gaps}$`, 'm'));
    const status = await runCli(['status', ...storeArgs(n)]);
    expect(status.code, status.stderr).to.equal(0);
    expect(status.stdout).to.equal('no rule has run yet\n');
  });

  it('without a cluster, and with a bad name, exits 2 naming the problem', async () => {
    const none = await runCli(['setup']);
    expect(none.code).to.equal(2);
    expect(none.stderr).to.match(/NO_CLUSTER.*--es-url/);
    const bad = await runCli(['setup', '--es-url', process.env.ES_URL!, '--alerts-index', 'Bad*Name']);
    expect(bad.code).to.equal(2);
    expect(bad.stderr).to.match(/INDEX_NAME.*--alerts-index/);
  });
});
