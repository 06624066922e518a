/**
 * The embedded default's stores: alerts, rule state, execution log, gaps and backfills in one SQLite file under
 * the data directory (database.ts says why SQLite), with the semantics of the memory and Elasticsearch stores.
 * Each `openLocalStores` is one connection and one runner: two on one file behave as two Elasticsearch clients.
 */
import type { BackfillStore, Stores } from '../stores.js';
import { localAlerts, type LocalAlertStore } from './alerts.js';
import { localBackfills } from './backfills.js';
import { localStorePath, openDatabase } from './database.js';
import { localExecutionLog } from './execution-log.js';
import { localGaps } from './gaps.js';
import { localState } from './state.js';

export interface LocalStores extends Stores {
  alerts: LocalAlertStore;
  backfills: BackfillStore;
  /** The database file. */
  path: string;
  /** Closes the connection; the stores cannot be used after. Safe to call twice. */
  close(): void;
}

export function openLocalStores(dataDir: string, opts: { mustExist?: boolean } = {}): LocalStores {
  const db = openDatabase(dataDir, opts);
  const path = localStorePath(dataDir);
  return {
    alerts: localAlerts(db),
    state: localState(db, `the local store ${path}`),
    log: localExecutionLog(db),
    gaps: localGaps(db),
    backfills: localBackfills(db),
    path,
    close() {
      if (db.open) db.close();
    },
  };
}
