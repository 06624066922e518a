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

/**
 * A connection and a throw-away index name for the suite it is called in: connects before the suite's tests,
 * deletes the index and closes the connection after them. Call it before the suite's own hooks, which then find
 * `conn` ready.
 */
export function suiteIndex(prefix: string): { readonly conn: Connection; readonly index: string } {
  const index = uniqueIndex(prefix);
  let conn: Connection | undefined;
  before(async () => {
    conn = await testConnection();
  });
  after(async () => {
    if (!conn) return;
    await conn.client.indices.delete({ index, ignore_unavailable: true });
    await conn.client.close();
  });
  return {
    index,
    get conn(): Connection {
      if (!conn) throw new Error('no connection before the suite has started');
      return conn;
    },
  };
}
