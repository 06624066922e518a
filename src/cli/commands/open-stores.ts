/**
 * The stores a reading command (`status`, `gaps`) opens: the cluster's when one is configured (setup checked), else
 * local mode's store in the data directory, which must exist (a new empty one would only say nothing has run).
 */
import type { Stores } from '../../store/stores.js';
import {
  dataDirOf,
  openLocal,
  refuseDataDirWithCluster,
  refuseIndexFlags,
  STORE_INDEX_FLAGS,
  type DataDirFlags,
} from '../local-mode.js';
import type { CliIo } from '../program.js';
import { openStores, type StoreFlags } from './setup.js';

export async function openReadStores(
  o: StoreFlags & DataDirFlags,
  io: CliIo,
): Promise<{ stores: Stores; close: () => Promise<void> }> {
  const { connectionOptions } = await import('../../es/client.js');
  if (connectionOptions(o, io.env)) {
    refuseDataDirWithCluster(o);
    const { conn, stores } = await openStores(o, io);
    return { stores, close: () => conn.client.close() };
  }
  refuseIndexFlags(o as unknown as Record<string, unknown>, STORE_INDEX_FLAGS);
  const local = await openLocal(dataDirOf(o, io.env), { mustExist: true });
  return { stores: local, close: async () => local.close() };
}
