/** Backfill checkpoints in the local store: one row per backfill id, replaced at each step. */
import type { BackfillRecord, BackfillStore } from '../stores.js';
import type { Db } from './database.js';

export function localBackfills(db: Db): BackfillStore {
  const get = db.prepare<[string], { doc: string }>('SELECT doc FROM backfills WHERE id = ?');
  const put = db.prepare(
    `INSERT INTO backfills (id, rule_uuid, created_at, doc) VALUES (?, ?, ?, ?)
     ON CONFLICT (id) DO UPDATE SET rule_uuid = excluded.rule_uuid, created_at = excluded.created_at,
       doc = excluded.doc`,
  );
  // newest first, then by id: memory.ts's `byNewestBackfill`
  const list = db.prepare<{ rule: string | null }, { doc: string }>(
    'SELECT doc FROM backfills WHERE @rule IS NULL OR rule_uuid = @rule ORDER BY created_at DESC, id',
  );
  return {
    async get(id) {
      const row = get.get(id);
      return row ? (JSON.parse(row.doc) as BackfillRecord) : null;
    },
    async put(record) {
      put.run(record.id, record.ruleUuid, record.createdAt, JSON.stringify(record));
    },
    async list({ ruleUuid }) {
      return list.all({ rule: ruleUuid ?? null }).map((r) => JSON.parse(r.doc) as BackfillRecord);
    },
  };
}
