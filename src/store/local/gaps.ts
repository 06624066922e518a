/** Gaps in the local store: one row per gap id, a gap recorded again replacing it. */
import type { GapRecord, GapStore } from '../stores.js';
import type { Db } from './database.js';

export function localGaps(db: Db): GapStore {
  const record = db.prepare(
    `INSERT INTO gaps (id, rule_uuid, range_gte, doc) VALUES (?, ?, ?, ?)
     ON CONFLICT (id) DO UPDATE SET rule_uuid = excluded.rule_uuid, range_gte = excluded.range_gte,
       doc = excluded.doc`,
  );
  // newest first, then by id: memory.ts's `byNewestGap`
  const list = db.prepare<{ rule: string | null }, { doc: string }>(
    'SELECT doc FROM gaps WHERE @rule IS NULL OR rule_uuid = @rule ORDER BY range_gte DESC, id',
  );
  return {
    async record(gap) {
      record.run(gap.id, gap.ruleUuid, gap.range.gte, JSON.stringify(gap));
    },
    async list({ ruleUuid }) {
      return list.all({ rule: ruleUuid ?? null }).map((r) => JSON.parse(r.doc) as GapRecord);
    },
  };
}
