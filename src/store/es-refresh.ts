/**
 * How the runner's own indices (state, execution log, gaps) become readable: their writes do not wait for a
 * refresh (a run would wait up to a second for each log write), and the rare reads that list them (`status`, a
 * scheduler starting) refresh the index first. A user allowed to read but not to refresh still reads, near real
 * time (within the index's refresh interval).
 */
import type { Client } from '@elastic/elasticsearch';
import { esStatus, toEsError } from '../es/errors.js';

export async function refreshForRead(client: Client, index: string): Promise<void> {
  try {
    await client.indices.refresh({ index });
  } catch (e) {
    if (esStatus(e) === 403) return;
    throw toEsError(e, `refreshing ${index} before reading it`);
  }
}
