/**
 * What a user sees when the secured cluster refuses them (@secured): a wrong password, an invalid or expired API
 * key, a wrong CA, no CA on a cluster with a self-signed CA, a missing privilege. Each is exactly one line on
 * standard error with its code, naming the problem, exit 2, and never the secret.
 */
import { expect } from 'chai';
import { execFileSync } from 'node:child_process';
import type { Connection } from '../../src/es/client.js';
import { runCli } from '../support/cli.js';
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
  type SecuredCluster,
} from '../support/secured.js';
import { tempDir } from '../support/tmp.js';

const RUNNER_PASSWORD = `pw-${process.pid}-${Date.now().toString(36)}-errors`;

describe('a secured cluster refuses with one clear line @secured', function () {
  this.timeout(60_000);
  let cluster: SecuredCluster;
  let admin: Connection;
  const t = tempDir();
  const user = `rr-errors-${process.pid}`;
  const noMonitor = `rr-nomonitor-${process.pid}`;

  before(async () => {
    cluster = securedCluster();
    admin = await adminConnection(cluster);
    await putRole(admin, 'rule-runner', roleFile('rule-runner'));
    await putUser(admin, user, RUNNER_PASSWORD, ['rule-runner']);
    // the runner's role without the cluster privilege the version probe needs
    await putRole(admin, 'rule-runner-no-monitor', { ...roleFile('rule-runner'), cluster: [] });
    await putUser(admin, noMonitor, RUNNER_PASSWORD, ['rule-runner-no-monitor']);
  });
  after(async () => {
    t.remove();
    if (!admin) return;
    for (const username of [user, noMonitor]) await admin.client.security.deleteUser({ username });
    await admin.client.security.deleteRole({ name: 'rule-runner-no-monitor' });
    await admin.client.close();
  });

  /** `status` connects and reads the state: the shortest command that reaches the cluster. */
  async function refused(env: NodeJS.ProcessEnv, code: string, message: RegExp, secrets: string[]) {
    const r = await runCli(['status'], undefined, undefined, env);
    expect(r.code, r.stderr).to.equal(2);
    const errLines = lines(r.stderr);
    expect(errLines, r.stderr).to.have.length(1);
    expect(errLines[0]).to.match(new RegExp(`^error \\[${code}\\]: Elasticsearch at ${cluster.url}: `));
    expect(errLines[0]).to.match(message);
    for (const s of secrets) expect(r.stderr + r.stdout).not.to.include(s);
    return errLines[0]!;
  }

  it('a wrong password names the user', async () => {
    const wrong = `${RUNNER_PASSWORD}-wrong`;
    await refused(
      basicEnv(cluster, user, wrong),
      'ES_AUTH',
      new RegExp(`authentication failed for user ${user} `),
      [wrong, RUNNER_PASSWORD],
    );
  });

  it('an invalid API key (an unknown id, then a known id with a wrong secret) is rejected', async () => {
    const real = await createApiKey(admin, `rr-errors-${process.pid}`, {
      'rule-runner': roleFile('rule-runner'),
    });
    const unknown = Buffer.from(`${real.id.slice(0, -3)}zzz:${real.api_key}`).toString('base64');
    const wrongSecret = Buffer.from(`${real.id}:${real.api_key.slice(0, -3)}zzz`).toString('base64');
    for (const key of [unknown, wrongSecret])
      await refused(
        apiKeyEnv(cluster, key),
        'ES_API_KEY',
        /API key rejected \(expired or invalid: no such key/,
        [key, real.id, real.api_key, real.encoded],
      );
    await admin.client.security.invalidateApiKey({ ids: [real.id] });
  });

  it('an expired API key says so', async () => {
    const key = await createApiKey(
      admin,
      `rr-expired-${process.pid}`,
      { 'rule-runner': roleFile('rule-runner') },
      '1s',
    );
    await new Promise((r) => setTimeout(r, 1_500));
    await refused(
      apiKeyEnv(cluster, key.encoded),
      'ES_API_KEY',
      /API key rejected \(expired or invalid: the key has expired\)/,
      [key.encoded, key.id, key.api_key],
    );
  });

  it('a CA that did not sign the server certificate, and no CA at all, are told apart', async () => {
    const key = t.file('other-ca.key', '');
    const other = t.file('other-ca.crt', '');
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-days',
        '1',
        '-subj',
        '/CN=another CA',
        '-keyout',
        key,
        '-out',
        other,
      ],
      { stdio: 'ignore' },
    );
    const env = { ...basicEnv(cluster, user, RUNNER_PASSWORD), ELASTICSEARCH_CA_CERT: other };
    await refused(
      env,
      'ES_TLS',
      new RegExp(
        `TLS: the server's certificate is not signed by the CA in ELASTICSEARCH_CA_CERT .*\\(${other}\\)$`,
      ),
      [RUNNER_PASSWORD],
    );
    const none = { ...basicEnv(cluster, user, RUNNER_PASSWORD), ELASTICSEARCH_CA_CERT: undefined };
    await refused(none, 'ES_TLS', /not signed by a trusted CA; set ELASTICSEARCH_CA_CERT/, [RUNNER_PASSWORD]);
  });

  it('a missing cluster privilege names it and the action', async () => {
    await refused(
      basicEnv(cluster, noMonitor, RUNNER_PASSWORD),
      'ES_FORBIDDEN',
      new RegExp(
        `missing cluster privilege monitor for action cluster:monitor/nodes/info \\(user ${noMonitor}\\)`,
      ),
      [RUNNER_PASSWORD],
    );
  });

  it('no credentials at all, and http:// on the TLS port, say what to set', async () => {
    await refused(
      { ELASTICSEARCH_URL: cluster.url, ELASTICSEARCH_CA_CERT: cluster.caCert },
      'ES_AUTH',
      /requires authentication: set ELASTICSEARCH_API_KEY, or ELASTICSEARCH_USERNAME and ELASTICSEARCH_PASSWORD/,
      [],
    );
    const http = cluster.url.replace(/^https/, 'http');
    const r = await runCli(['status'], undefined, undefined, {
      ...basicEnv(cluster, user, RUNNER_PASSWORD),
      ELASTICSEARCH_URL: http,
    });
    expect(r.code).to.equal(2);
    expect(lines(r.stderr)).to.deep.equal([
      `error [ES_TLS]: Elasticsearch at ${http}: the server closed the connection on plain HTTP: if it serves HTTPS, use an https:// URL`,
    ]);
  });
});
