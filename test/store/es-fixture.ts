/**
 * Stores over the test cluster under names of their own (a space and runner indices per suite), set up before the
 * suite and removed after it, so that suites and reruns never share documents.
 */
import type { Client } from '@elastic/elasticsearch';
import type { Connection } from '../../src/es/client.js';
import { storeNames, type StoreNames } from '../../src/store/names.js';
import { testConnection } from '../support/es.js';

let counter = 0;

/** Fresh names: a space id and runner index names no other suite or run uses. */
export function uniqueNames(label: string): StoreNames {
  const tag = `${label}-${process.pid}-${Date.now().toString(36)}-${++counter}`;
  return storeNames(`t-${tag}`, {
    state: `rr-state-${tag}`,
    executions: `rr-executions-${tag}`,
    gaps: `rr-gaps-${tag}`,
    backfills: `rr-backfills-${tag}`,
  });
}

/** Deletes what setup made for `names` (indices, alias, templates), whatever of it exists. */
export async function removeStores(client: Client, names: StoreNames): Promise<void> {
  const indices = [names.alerts.backingIndex, names.state, names.executions, names.gaps, names.backfills];
  await client.indices.delete({ index: indices, ignore_unavailable: true, expand_wildcards: 'all' });
  const templates = [
    names.alerts.template,
    ...[names.state, names.executions, names.gaps, names.backfills].map((i) => `${i}-template`),
  ];
  for (const name of templates)
    await client.indices.deleteIndexTemplate({ name }).catch((e: { meta?: { statusCode?: number } }) => {
      if (e.meta?.statusCode !== 404) throw e;
    });
}

export interface EsSuite {
  readonly conn: Connection;
  readonly names: StoreNames;
}

/** A connection and `names`, removed after the suite; `setup` is the suite's to call. */
export function esSuite(label: string): EsSuite {
  const names = uniqueNames(label);
  let conn: Connection | undefined;
  before(async () => {
    conn = await testConnection();
  });
  after(async () => {
    if (!conn) return;
    await removeStores(conn.client, names);
    await conn.client.close();
  });
  return {
    names,
    get conn() {
      if (!conn) throw new Error('no connection before the suite has started');
      return conn;
    },
  };
}
