/**
 * A secured cluster's refusals, as Elasticsearch 9.5 words them (bodies recorded from the secured test node), each
 * turned into one line with its code, naming the problem and never an API key's id. The @secured suite drives the
 * same through the CLI against a live node.
 */
import { expect } from 'chai';
import { errors } from '@elastic/elasticsearch';
import { describeEsError } from '../../src/es/client.js';
import { toEsError } from '../../src/es/errors.js';
import { securityProblem } from '../../src/es/security-errors.js';

const KEY_ID = 'yFlyO6IBrxbpuKpsK2wx';

function response(statusCode: number, type: string, reason: string, extra: object = {}): Error {
  return new errors.ResponseError({
    body: { error: { type, reason, ...extra }, status: statusCode },
    statusCode,
    headers: {},
    warnings: null,
    meta: {} as never,
  });
}

const unauthorized = (reason: string, extra: object = {}) =>
  response(401, 'security_exception', reason, extra);
const forbidden = (reason: string) => response(403, 'security_exception', reason);

describe('security errors', () => {
  it('names the user whose password was refused', () => {
    const p = securityProblem(
      unauthorized('unable to authenticate user [analyst] for REST request [/_nodes/_local]'),
    );
    expect(p?.code).to.equal('ES_AUTH');
    expect(p?.message).to.match(/^authentication failed for user analyst /);
  });

  it('tells an expired API key from an unknown one, never repeating its id', () => {
    const reason =
      'unable to authenticate with provided credentials and anonymous access is not allowed for this request';
    const expired = securityProblem(
      unauthorized(reason, { additional_unsuccessful_credentials: 'API key: api key is expired' }),
    );
    const unknown = securityProblem(
      unauthorized(reason, {
        additional_unsuccessful_credentials: `API key: apikey authentication for id ${KEY_ID} encountered a failure`,
      }),
    );
    expect(expired?.code).to.equal('ES_API_KEY');
    expect(expired?.message).to.match(/^API key rejected \(expired or invalid: the key has expired\)/);
    expect(unknown?.code).to.equal('ES_API_KEY');
    expect(unknown?.message).to.match(/no such key, or a wrong secret/);
    expect(unknown?.message).not.to.include(KEY_ID);
  });

  it('says that credentials are needed when none were sent', () => {
    const p = securityProblem(
      unauthorized('missing authentication credentials for REST request [/_nodes/_local]'),
    );
    expect(p?.code).to.equal('ES_AUTH');
    expect(p?.message).to.match(/requires authentication: set ELASTICSEARCH_API_KEY/);
  });

  it('names the narrowest index privilege, the index and the action', () => {
    const p = securityProblem(
      forbidden(
        'action [indices:data/read/search] is unauthorized for user [runner] with effective roles [rule-runner] on indices [other-1], this action is granted by the index privileges [read,all]',
      ),
    );
    expect(p?.code).to.equal('ES_FORBIDDEN');
    expect(p?.message).to.equal(
      'missing privilege read on index other-1 for action indices:data/read/search (user runner); see docs/privileges.md',
    );
  });

  it('names a missing cluster privilege, and an API key by its owner, not its id', () => {
    const p = securityProblem(
      forbidden(
        `action [cluster:monitor/nodes/info] is unauthorized for API key id [${KEY_ID}] of user [admin], this action is granted by the cluster privileges [monitor,manage,all]`,
      ),
    );
    expect(p?.message).to.equal(
      'missing cluster privilege monitor for action cluster:monitor/nodes/info (the API key of user admin); see docs/privileges.md',
    );
  });

  it('words a 403 without a body (a HEAD request) as a missing privilege, most likely view_index_metadata', () => {
    const head = new errors.ResponseError({
      body: '',
      statusCode: 403,
      headers: {},
      warnings: null,
      meta: {} as never,
    });
    const wrapped = toEsError(head, 'looking for the run-state index rule-runner-state');
    expect(wrapped.code).to.equal('ES_FORBIDDEN');
    expect(wrapped.message).to.match(
      /^looking for the run-state index rule-runner-state: forbidden \(403, .*view_index_metadata/,
    );
  });

  it('says which CA setting to change when the certificate is not trusted', () => {
    const err = new errors.ConnectionError('unable to verify the first certificate');
    expect(securityProblem(err, { caCert: '/etc/ca.pem' })?.message).to.equal(
      "TLS: the server's certificate is not signed by the CA in ELASTICSEARCH_CA_CERT (or --ca-cert) (/etc/ca.pem)",
    );
    expect(securityProblem(err)?.message).to.match(/not signed by a trusted CA; set ELASTICSEARCH_CA_CERT/);
    expect(securityProblem(new errors.ConnectionError('self-signed certificate'))?.code).to.equal('ES_TLS');
  });

  it('suggests https:// when a TLS port closes a plain HTTP connection, and nothing for other failures', () => {
    const closed = new errors.ConnectionError('other side closed - Local: 127.0.0.1:1, Remote: 127.0.0.1:2');
    expect(securityProblem(closed, { protocol: 'http:' })?.message).to.match(/use an https:\/\/ URL/);
    expect(securityProblem(closed, { protocol: 'https:' })).to.equal(null);
    expect(securityProblem(new errors.ConnectionError('connect ECONNREFUSED 127.0.0.1:9'))).to.equal(null);
    expect(securityProblem(response(404, 'index_not_found_exception', 'no such index [x]'))).to.equal(null);
  });

  it('gives toEsError and describeEsError the same code and line', () => {
    const err = forbidden(
      `action [indices:data/write/bulk[s]] is unauthorized for API key id [${KEY_ID}] of user [u] on indices [other-1], this action is granted by the index privileges [create_doc,create,index,write,all]`,
    );
    const wrapped = toEsError(err, 'writing alerts to other-1');
    expect(wrapped.code).to.equal('ES_FORBIDDEN');
    expect(wrapped.message).to.equal(
      'writing alerts to other-1: missing privilege create_doc on index other-1 for action indices:data/write/bulk[s] (the API key of user u); see docs/privileges.md',
    );
    expect(describeEsError(err)).not.to.include(KEY_ID);
  });
});
