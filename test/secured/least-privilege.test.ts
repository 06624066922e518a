/**
 * Least privilege on a secured cluster (@secured), with the roles exactly as docs/roles/ writes them and nothing
 * but ELASTICSEARCH_URL, ELASTICSEARCH_CA_CERT and a password or an API key set: a user with rule-runner-setup
 * runs `setup`; a user with rule-runner, and an API key limited to it, run `run-once` and `backfill` and write
 * alerts; the same user cannot read an index outside the role (the CLI says which privilege is missing) nor write
 * outside its own indices; the role without create_doc on the alerts cannot write them. Then every line the
 * commands printed (text and JSON logs) and every document they wrote is searched for the password and the key
 * (encoded, its id, its secret, and the basic-auth header's value): none is there.
 */
import { expect } from 'chai';
import { connect, type Connection } from '../../src/es/client.js';
import { toEsError } from '../../src/es/errors.js';
import { storeNames } from '../../src/store/names.js';
import { runCli } from '../support/cli.js';
import { uniqueIndex } from '../support/es.js';
import {
  adminConnection,
  apiKeyEnv,
  basicEnv,
  createApiKey,
  lines,
  putRole,
  putUser,
  roleFile,
  securedCluster,
  type ApiKey,
  type SecuredCluster,
} from '../support/secured.js';
import { tempDir } from '../support/tmp.js';

const T0 = Date.UTC(2026, 1, 1, 8, 0, 0);
const MIN = 60_000;
const iso = (minutes: number) => new Date(T0 + minutes * MIN).toISOString();
const tag = `${process.pid}-${Date.now().toString(36)}`;
const SETUP_PASSWORD = `setup-pw-${tag}`;
const RUNNER_PASSWORD = `runner-pw-${tag}`;

describe('least privilege on a secured cluster @secured', function () {
  this.timeout(120_000);
  let cluster: SecuredCluster;
  let admin: Connection;
  let key: ApiKey;
  const t = tempDir();
  const events = uniqueIndex('logs-rrsecured');
  const other = uniqueIndex('other-rrsecured');
  const space = uniqueIndex('rrsecured').replace(/[^a-z0-9]/g, '');
  const names = storeNames(space);
  const setupUser = `rr-setup-${process.pid}`;
  const runnerUser = `rr-runner-${process.pid}`;
  const noCreateUser = `rr-nocreate-${process.pid}`;
  const noMetadataUser = `rr-nometadata-${process.pid}`;
  /** Everything the commands printed, for the search for secrets. */
  const printed: string[] = [];

  const rule = (ruleId: string) =>
    t.file(
      `${ruleId}.json`,
      JSON.stringify({
        rule_id: ruleId,
        name: `Secured ${ruleId}`,
        description: 'd',
        type: 'eql',
        query: 'process where process.name == "secured"',
        index: ['logs-rrsecured-*'],
        interval: '5m',
        from: 'now-9m',
        severity: 'low',
        risk_score: 21,
      }),
    );
  const cli = async (args: string[], env: NodeJS.ProcessEnv) => {
    const r = await runCli(args, undefined, undefined, env);
    printed.push(r.stdout, r.stderr);
    return r;
  };
  const runOnce = (ruleId: string, env: NodeJS.ProcessEnv, logFormat: string) =>
    cli(
      [
        '--log-format',
        logFormat,
        'run-once',
        '--rule',
        rule(ruleId),
        '--now',
        iso(9),
        '--space',
        space,
        '--engine',
        'search',
      ],
      env,
    );
  const backfill = (ruleId: string, env: NodeJS.ProcessEnv, logFormat: string) =>
    cli(
      [
        '--log-format',
        logFormat,
        'backfill',
        '--rule',
        rule(ruleId),
        '--from',
        iso(0),
        '--to',
        iso(30),
        '--space',
        space,
        '--engine',
        'search',
        '--progress',
        'log',
      ],
      env,
    );
  const alertsOf = async (ruleId: string) => {
    await admin.client.indices.refresh({ index: names.alerts.alias });
    const res = await admin.client.search({
      index: names.alerts.alias,
      size: 1000,
      query: { term: { 'kibana.alert.rule.rule_id': ruleId } },
    });
    return res.hits.hits.length;
  };

  before(async () => {
    cluster = securedCluster();
    admin = await adminConnection(cluster);
    await putRole(admin, 'rule-runner-setup', roleFile('rule-runner-setup'));
    await putRole(admin, 'rule-runner', roleFile('rule-runner'));
    const runner = roleFile('rule-runner');
    await putRole(admin, 'rule-runner-no-create-doc', {
      ...runner,
      indices: runner.indices.map((i) => ({
        ...i,
        privileges: i.privileges.filter((p) => p !== 'create_doc'),
      })),
    });
    await putRole(admin, 'rule-runner-no-view-metadata', {
      ...runner,
      indices: runner.indices.map((i) =>
        i.names.includes('rule-runner-state')
          ? { ...i, privileges: i.privileges.filter((p) => p !== 'view_index_metadata') }
          : i,
      ),
    });
    await putUser(admin, noMetadataUser, RUNNER_PASSWORD, ['rule-runner-no-view-metadata']);
    await putUser(admin, setupUser, SETUP_PASSWORD, ['rule-runner-setup']);
    await putUser(admin, runnerUser, RUNNER_PASSWORD, ['rule-runner']);
    await putUser(admin, noCreateUser, RUNNER_PASSWORD, ['rule-runner-no-create-doc']);
    key = await createApiKey(admin, `rr-least-${process.pid}`, { 'rule-runner': runner });
    // one matching event a minute over half an hour, and an index outside the role
    await admin.client.bulk({
      refresh: true,
      operations: [
        ...Array.from({ length: 30 }, (_, i) => [
          { create: { _index: events, _id: `e${i}` } },
          { '@timestamp': iso(i + 0.5), event: { category: 'process' }, process: { name: 'secured' } },
        ]).flat(),
        { create: { _index: other, _id: 'o1' } },
        { '@timestamp': iso(1), event: { category: 'process' }, process: { name: 'secured' } },
      ],
    });
  });
  after(async () => {
    t.remove();
    if (!admin) return;
    await admin.client.indices.delete({
      index: [events, other, names.alerts.backingIndex],
      ignore_unavailable: true,
    });
    for (const username of [setupUser, runnerUser, noCreateUser, noMetadataUser])
      await admin.client.security.deleteUser({ username });
    for (const name of ['rule-runner-no-create-doc', 'rule-runner-no-view-metadata'])
      await admin.client.security.deleteRole({ name });
    if (key) await admin.client.security.invalidateApiKey({ ids: [key.id] });
    await admin.client.close();
  });

  it('the setup role runs setup, and again (which checks the alerts can be written)', async () => {
    for (const logFormat of ['text', 'json']) {
      const r = await cli(
        ['--log-format', logFormat, 'setup', '--space', space],
        basicEnv(cluster, setupUser, SETUP_PASSWORD),
      );
      expect(r.code, r.stderr).to.equal(0);
      expect(r.stderr).to.contain(`set up on ${cluster.url}`);
    }
  });

  it('the runner role, with a password, runs run-once and backfill', async () => {
    const env = basicEnv(cluster, runnerUser, RUNNER_PASSWORD);
    const once = await runOnce('secured-basic', env, 'text');
    expect(once.code, once.stderr).to.equal(0);
    expect(once.stderr).to.match(/: succeeded; .* 9 alerts written/);
    const filled = await backfill('secured-basic', env, 'json');
    expect(filled.code, filled.stderr).to.equal(0);
    expect(await alertsOf('secured-basic')).to.equal(30);
    const status = await cli(['status', '--rule', 'secured-basic', '--space', space], env);
    expect(status.code, status.stderr).to.equal(0);
    expect(status.stdout).to.contain('secured-basic');
    const gaps = await cli(['gaps', '--space', space], env);
    expect(gaps.code, gaps.stderr).to.equal(0);
  });

  it('an API key limited to the runner role runs run-once and backfill', async () => {
    const env = apiKeyEnv(cluster, key.encoded);
    const once = await runOnce('secured-key', env, 'json');
    expect(once.code, once.stderr).to.equal(0);
    const filled = await backfill('secured-key', env, 'text');
    expect(filled.code, filled.stderr).to.equal(0);
    expect(await alertsOf('secured-key')).to.equal(30);
  });

  it('the runner cannot read an index outside its role: one line names the missing privilege', async () => {
    for (const env of [basicEnv(cluster, runnerUser, RUNNER_PASSWORD), apiKeyEnv(cluster, key.encoded)]) {
      const r = await cli(['query', '--index', other, '--engine', 'search', 'any where true'], env);
      expect(r.code, r.stderr).to.equal(2);
      const errLines = lines(r.stderr);
      expect(errLines, r.stderr).to.have.length(1);
      expect(errLines[0]).to.match(
        new RegExp(
          `^error \\[ES_FORBIDDEN\\]: .*missing privilege read on index ${other} for action indices:data/read/`,
        ),
      );
    }
  });

  it('the runner cannot write outside its own indices, not even to the events it reads', async () => {
    const runner = await connect({
      url: cluster.url,
      username: runnerUser,
      password: RUNNER_PASSWORD,
      caCert: cluster.caCert,
    });
    try {
      for (const index of [other, events, uniqueIndex('rr-outside')]) {
        const err = await runner.client.index({ index, document: { x: 1 } }).then(
          () => null,
          (e: unknown) => toEsError(e, `writing to ${index}`),
        );
        expect(err, index).not.to.equal(null);
        expect(err!.statusCode).to.equal(403);
        expect(err!.code).to.equal('ES_FORBIDDEN');
        expect(err!.message).to.match(
          new RegExp(`^writing to ${index}: missing privilege \\S+ on index ${index} for action `),
        );
      }
    } finally {
      await runner.client.close();
    }
  });

  it('the runner role without create_doc cannot write alerts, and says so', async () => {
    const r = await runOnce('secured-nocreate', basicEnv(cluster, noCreateUser, RUNNER_PASSWORD), 'text');
    // run-once's exit codes: a write failure is a `partial failure` (reported, as Kibana reports it), exit 0
    expect(r.code, r.stderr).to.equal(0);
    expect(r.stderr).to.match(/: partial failure; /);
    expect(r.stderr).to.match(
      new RegExp(
        `9 alerts could not be written .*missing privilege create_doc on index \\.alerts-security\\.alerts-${space} for action indices:data/write/bulk\\[s\\] \\(user ${noCreateUser}\\)`,
      ),
    );
    expect(await alertsOf('secured-nocreate')).to.equal(0);
  });

  it('the runner role without view_index_metadata on its own indices fails in one line naming it', async () => {
    const r = await cli(['status', '--space', space], basicEnv(cluster, noMetadataUser, RUNNER_PASSWORD));
    expect(r.code, r.stderr).to.equal(2);
    expect(lines(r.stderr)).to.have.length(1);
    expect(r.stderr).to.match(
      /^error \[ES_FORBIDDEN\]: looking for the run-state index rule-runner-state: .*view_index_metadata/,
    );
  });

  it('a rule on an index outside the role fails naming the privilege, rather than finding no index', async () => {
    const r = await cli(
      [
        'run-once',
        '--rule',
        t.file(
          'other.json',
          JSON.stringify({
            rule_id: 'secured-other',
            name: 'Other',
            description: 'd',
            type: 'eql',
            query: 'any where true',
            index: [other],
            severity: 'low',
            risk_score: 21,
          }),
        ),
        '--now',
        iso(9),
        '--space',
        space,
        '--engine',
        'search',
      ],
      basicEnv(cluster, runnerUser, RUNNER_PASSWORD),
    );
    expect(r.code, r.stderr).to.equal(3);
    expect(r.stderr).to.match(/: failed; /);
    expect(r.stderr).to.contain(
      `missing privilege read on index ${other} for action indices:data/read/search`,
    );
  });

  it('no password, no API key nor any part of it, in any line printed or any document written', async () => {
    const docs: string[] = [];
    for (const index of [names.alerts.alias, names.state, names.executions, names.gaps, names.backfills]) {
      await admin.client.indices.refresh({ index });
      const res = await admin.client.search({ index, size: 10_000, expand_wildcards: 'all' } as never);
      docs.push(...(res as { hits: { hits: unknown[] } }).hits.hits.map((h) => JSON.stringify(h)));
    }
    expect(docs.length).to.be.above(60);
    const basic = (user: string, password: string) => Buffer.from(`${user}:${password}`).toString('base64');
    const secrets = [
      SETUP_PASSWORD,
      RUNNER_PASSWORD,
      basic(setupUser, SETUP_PASSWORD),
      basic(runnerUser, RUNNER_PASSWORD),
      key.encoded,
      key.id,
      key.api_key,
    ];
    const everything = [...printed, ...docs];
    expect(printed.join('').length).to.be.above(1000);
    for (const secret of secrets)
      for (const text of everything)
        expect(text.includes(secret), `a secret in: ${text.slice(0, 300)}`).to.equal(false);
  });
});
