/** The execution log in the local store: one row per execution uuid, the end replacing the start. */
import type { ExecutionLog, ExecutionLogDoc } from '../stores.js';
import type { Db } from './database.js';

export function localExecutionLog(db: Db): ExecutionLog {
  const write = db.prepare(
    `INSERT INTO executions (execution_uuid, rule_uuid, started_at, doc) VALUES (?, ?, ?, ?)
     ON CONFLICT (execution_uuid) DO UPDATE SET rule_uuid = excluded.rule_uuid,
       started_at = excluded.started_at, doc = excluded.doc`,
  );
  // most recent first, then by uuid: memory.ts's `byRecent`
  const recent = db.prepare<{ rule: string | null; limit: number }, { doc: string }>(
    `SELECT doc FROM executions WHERE @rule IS NULL OR rule_uuid = @rule
     ORDER BY started_at DESC, execution_uuid LIMIT @limit`,
  );
  return {
    async write(doc) {
      write.run(doc.executionUuid, doc.ruleUuid, doc.startedAt, JSON.stringify(doc));
    },
    async recent({ ruleUuid, limit }) {
      return recent.all({ rule: ruleUuid ?? null, limit }).map((r) => JSON.parse(r.doc) as ExecutionLogDoc);
    },
  };
}
