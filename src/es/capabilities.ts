/**
 * What the connected cluster can do, probed once per client.
 *
 * The EQL API is a plugin: the integration-test distribution, some serverless projects and trimmed builds lack
 * it. A cluster without the endpoint answers the REST layer's "no handler found for uri [...]" (400) or an
 * "Incorrect HTTP method" (405); a cluster with it answers anything else for an EQL request on an index that does
 * not exist: 404 index_not_found, 403 when the user may not read it, 200 if someone created the index.
 */
import type { Client } from '@elastic/elasticsearch';
import { describeEsError } from './client.js';
import { esStatus, EsError } from './errors.js';

/** An index name no real data lives in; probing it reads nothing. */
const PROBE_INDEX = 'rule-runner-eql-probe-no-such-index';

const cache = new WeakMap<Client, Promise<boolean>>();

/** True when the error is the REST layer saying the endpoint does not exist. */
export function isNoHandlerError(e: unknown): boolean {
  const status = esStatus(e);
  if (status === 405) return true;
  if (status !== 400) return false;
  const body = (e as { meta?: { body?: unknown } }).meta?.body;
  const text = typeof body === 'string' ? body : JSON.stringify(body ?? '');
  return /no handler found for uri/i.test(text);
}

export function hasEqlApi(client: Client): Promise<boolean> {
  let p = cache.get(client);
  if (!p) {
    p = probeEql(client);
    cache.set(client, p);
    // a failed probe (network, auth) is not an answer: let the next call try again
    p.catch(() => cache.delete(client));
  }
  return p;
}

async function probeEql(client: Client): Promise<boolean> {
  try {
    await client.transport.request({
      method: 'POST',
      path: `/${PROBE_INDEX}/_eql/search`,
      querystring: { ignore_unavailable: 'false', allow_no_indices: 'false' },
      body: { query: 'any where false', size: 0 },
    });
    return true;
  } catch (e) {
    if (isNoHandlerError(e)) return false;
    const status = esStatus(e);
    // the endpoint exists and refused this request on its merits
    if (status === 404 || status === 400 || status === 403) return true;
    throw new EsError('ES_PROBE', `cannot tell whether the cluster has the EQL API: ${describeEsError(e)}`, {
      statusCode: status,
    });
  }
}
