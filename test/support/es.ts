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
export interface SuiteIndex {
  readonly conn: Connection;
  readonly index: string;
  /**
   * Creates the index with `mappings` and indexes `docs` (id, document), searchable at once. Returns the documents
   * the node refused: id → reason.
   */
  load(mappings: unknown, docs: ReadonlyArray<readonly [string, unknown]>): Promise<Map<string, string>>;
}

export function suiteIndex(prefix: string): SuiteIndex {
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
  const ready = (): Connection => {
    if (!conn) throw new Error('no connection before the suite has started');
    return conn;
  };
  return {
    index,
    get conn(): Connection {
      return ready();
    },
    async load(mappings, docs) {
      const client = ready().client;
      await client.indices.create({ index, mappings: mappings as never });
      const operations = docs.flatMap(([id, doc]) => [{ index: { _index: index, _id: id } }, doc as object]);
      const bulk = await client.bulk({ refresh: true, operations });
      const refused = new Map<string, string>();
      for (const it of bulk.items)
        if (it.index?.error)
          refused.set(it.index._id!, it.index.error.caused_by?.reason ?? it.index.error.reason ?? '');
      return refused;
    },
  };
}
