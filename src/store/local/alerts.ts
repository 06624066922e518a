/**
 * Alerts in the local store: each document kept as the exact JSON text written (so an export gives back the same
 * document), with its id as the primary key and the rule and `@timestamp` as indexed columns. One `create` is one
 * transaction of INSERT OR IGNORE: an id already present is a duplicate and is left as it was, and a crash leaves
 * the whole batch written or none of it.
 */
import type { AlertDoc } from '../../alerts/types.js';
import type { AlertStore, WriteReport } from '../stores.js';
import type { Db } from './database.js';

/** As the Elasticsearch store's duplicate check (Kibana's chunk); here it bounds one statement's JSON argument. */
const EXISTING_IDS_CHUNK = 10_000;

export interface StoredAlert {
  id: string;
  /** The document's JSON text as written. */
  doc: string;
}

export interface AlertQuery {
  /** A rule's uuid or rule_id. */
  rule?: string;
  /** ISO time: alerts whose `@timestamp` is at or after it. */
  since?: string;
}

export interface LocalAlertStore extends AlertStore {
  /** Every alert the query selects, oldest first (by `@timestamp`, then in the order written). */
  list(query?: AlertQuery): IterableIterator<StoredAlert>;
}

const text = (v: unknown): string => (typeof v === 'string' ? v : '');

export function localAlerts(db: Db): LocalAlertStore {
  const exists = db.prepare<[string], { id: string }>(
    'SELECT id FROM alerts WHERE id IN (SELECT value FROM json_each(?))',
  );
  const insert = db.prepare(
    'INSERT OR IGNORE INTO alerts (id, rule_uuid, rule_id, timestamp, doc) VALUES (?, ?, ?, ?, ?)',
  );
  const writeBatch = db.transaction((docs: AlertDoc[]): WriteReport => {
    const report: WriteReport = { created: [], duplicates: [], failed: [], retries: 0 };
    for (const d of docs) {
      const s = d._source;
      const r = insert.run(
        d._id,
        text(s['kibana.alert.rule.uuid']),
        text(s['kibana.alert.rule.rule_id']),
        text(s['@timestamp']),
        JSON.stringify(s),
      );
      (r.changes === 1 ? report.created : report.duplicates).push(d._id);
    }
    return report;
  });
  const list = db.prepare<{ rule: string | null; since: string | null }, StoredAlert>(
    `SELECT id, doc FROM alerts
     WHERE (@rule IS NULL OR rule_uuid = @rule OR rule_id = @rule) AND (@since IS NULL OR timestamp >= @since)
     ORDER BY timestamp, rowid`,
  );
  return {
    async existingIds(ids, signal) {
      signal?.throwIfAborted();
      const found = new Set<string>();
      for (let i = 0; i < ids.length; i += EXISTING_IDS_CHUNK)
        for (const row of exists.all(JSON.stringify(ids.slice(i, i + EXISTING_IDS_CHUNK)))) found.add(row.id);
      return found;
    },
    async create(docs, signal) {
      signal?.throwIfAborted();
      // `immediate`: the write lock is taken first, so a concurrent writer waits rather than failing mid-batch
      return writeBatch.immediate(docs);
    },
    list(query = {}) {
      return list.iterate({ rule: query.rule ?? null, since: query.since ?? null });
    },
  };
}
