import { expect } from 'chai';
import type { Client } from '@elastic/elasticsearch';
import type { Connection } from '../../src/es/client.js';
import { hasEqlApi } from '../../src/es/capabilities.js';
import { EqlApiUnavailableError, EsError } from '../../src/es/errors.js';
import { runEqlSearch } from '../../src/sources/es-eql-source.js';
import { testConnection } from '../support/es.js';

function responseError(statusCode: number, body: unknown): Error {
  return Object.assign(new Error('ResponseError'), { name: 'ResponseError', meta: { statusCode, body } });
}

/** A client whose transport answers the EQL probe with `answer` (an error to throw, or a body). */
function probeClient(answer: () => unknown): Client & { probes: number } {
  const c = {
    probes: 0,
    transport: {
      request: async () => {
        c.probes++;
        return answer();
      },
    },
  };
  return c as unknown as Client & { probes: number };
}

describe('hasEqlApi (stub transport)', () => {
  const noHandler = () => {
    throw responseError(400, { error: 'no handler found for uri [/x/_eql/search] and method [POST]' });
  };
  const indexNotFound = () => {
    throw responseError(404, {
      error: { type: 'index_not_found_exception', reason: 'no such index' },
      status: 404,
    });
  };

  it('reads "no handler found" and 405 as no EQL API; index_not_found, 403 and 200 as an EQL API', async () => {
    expect(await hasEqlApi(probeClient(noHandler))).to.equal(false);
    expect(
      await hasEqlApi(
        probeClient(() => {
          throw responseError(405, {
            error: 'Incorrect HTTP method for uri [/x/_eql/search] and method [POST]',
          });
        }),
      ),
    ).to.equal(false);
    expect(await hasEqlApi(probeClient(indexNotFound))).to.equal(true);
    expect(
      await hasEqlApi(
        probeClient(() => {
          throw responseError(403, { error: { type: 'security_exception', reason: 'unauthorized' } });
        }),
      ),
    ).to.equal(true);
    expect(await hasEqlApi(probeClient(() => ({ hits: { events: [] } })))).to.equal(true);
  });

  it('probes once per client; a failed probe is retried', async () => {
    const c = probeClient(indexNotFound);
    await hasEqlApi(c);
    await hasEqlApi(c);
    expect(c.probes).to.equal(1);
    let fail = true;
    const flaky = probeClient(() => {
      if (fail) throw Object.assign(new Error('connect ECONNREFUSED'), { name: 'ConnectionError' });
      return {};
    });
    let err: unknown;
    try {
      await hasEqlApi(flaky);
    } catch (e) {
      err = e;
    }
    expect((err as EsError).code).to.equal('ES_PROBE');
    fail = false;
    expect(await hasEqlApi(flaky)).to.equal(true);
    expect(flaky.probes).to.equal(2);
  });
});

describe('EQL API availability on the test distribution @es', () => {
  let conn: Connection;
  before(async () => {
    conn = await testConnection();
  });
  after(async () => {
    if (conn) await conn.client.close();
  });

  it('has no EQL API: hasEqlApi false, runEqlSearch fails with EqlApiUnavailableError', async () => {
    expect(await hasEqlApi(conn.client)).to.equal(false);
    let err: unknown;
    try {
      await runEqlSearch(conn.client, ['logs-*'], { query: 'any where true' });
    } catch (e) {
      err = e;
    }
    expect(err).to.be.instanceOf(EqlApiUnavailableError);
  });
});
