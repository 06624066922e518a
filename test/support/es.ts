import { connect, type Connection } from '../../src/es/client.js';

/**
 * The cluster for tests tagged @es: scripts/test.mjs starts one and sets ES_URL. Such tests never skip:
 * without ES_URL they fail, and `npm test` does not run them without a cluster.
 */
export async function testConnection(): Promise<Connection> {
  const url = process.env.ES_URL;
  if (!url)
    throw new Error('ES_URL is not set: run @es tests through `npm test` (scripts/test.mjs) or set ES_URL');
  return connect({ url });
}

/** A fresh index name per test run, so reruns against a shared cluster never collide. */
export function uniqueIndex(prefix: string): string {
  return `${prefix}-${process.pid}-${Date.now().toString(36)}`;
}
