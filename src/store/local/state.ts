/**
 * Rule state in the local store, with the Elasticsearch store's optimistic concurrency: each row has a version,
 * and a `put` writes only over the version this store instance last read or wrote (none, when it saw none), in one
 * immediate transaction; otherwise `StateConflictError` and nothing written. Two stores on one file are two runners.
 */
import { StateConflictError } from '../errors.js';
import type { RuleState, StateStore } from '../stores.js';
import type { Db } from './database.js';

export function localState(db: Db, where: string): StateStore {
  /** The version of each rule's state this store last read or wrote; 0: it saw none. */
  const seen = new Map<string, number>();
  const getOne = db.prepare<[string], { version: number; doc: string }>(
    'SELECT version, doc FROM rule_state WHERE rule_uuid = ?',
  );
  const all = db.prepare<[], { rule_uuid: string; version: number; doc: string }>(
    'SELECT rule_uuid, version, doc FROM rule_state ORDER BY rule_uuid',
  );
  const upsert = db.prepare(
    `INSERT INTO rule_state (rule_uuid, version, doc) VALUES (?, ?, ?)
     ON CONFLICT (rule_uuid) DO UPDATE SET version = excluded.version, doc = excluded.doc`,
  );
  const put = db.transaction((state: RuleState) => {
    const current = getOne.get(state.ruleUuid)?.version ?? 0;
    if ((seen.get(state.ruleUuid) ?? 0) !== current) throw new StateConflictError(state.ruleUuid, where);
    upsert.run(state.ruleUuid, current + 1, JSON.stringify(state));
    seen.set(state.ruleUuid, current + 1);
  });
  return {
    async get(ruleUuid) {
      const row = getOne.get(ruleUuid);
      seen.set(ruleUuid, row?.version ?? 0);
      return row ? (JSON.parse(row.doc) as RuleState) : null;
    },
    async put(state) {
      put.immediate(state);
    },
    async list() {
      return all.all().map((row) => {
        seen.set(row.rule_uuid, row.version);
        return JSON.parse(row.doc) as RuleState;
      });
    },
  };
}
