/**
 * Every store in memory, with the Elasticsearch stores' semantics: `create` never overwrites (a second write of an
 * id is a duplicate), a rule's state is written only over the version its writer last read (otherwise
 * `StateConflictError`), executions list most recent first, gaps newest first. For `--dry-run` and tests.
 *
 * Several runners can share one `MemoryData` (`memoryStores(data)` per runner): each set of stores remembers the
 * state versions *it* read, as each Elasticsearch store does, so the concurrency rules can be shown in memory too.
 */
import type { AlertDoc } from '../alerts/types.js';
import { StateConflictError } from './errors.js';
import type {
  AlertStore,
  BackfillRecord,
  BackfillStore,
  ExecutionLog,
  ExecutionLogDoc,
  GapRecord,
  GapStore,
  RuleState,
  StateStore,
  Stores,
  WriteReport,
} from './stores.js';

export interface MemoryData {
  alerts: Map<string, Record<string, unknown>>;
  state: Map<string, { state: RuleState; version: number }>;
  executions: Map<string, ExecutionLogDoc>;
  gaps: Map<string, GapRecord>;
  backfills: Map<string, BackfillRecord>;
}

export function memoryData(): MemoryData {
  return {
    alerts: new Map(),
    state: new Map(),
    executions: new Map(),
    gaps: new Map(),
    backfills: new Map(),
  };
}

/** A copy as JSON makes it, as Elasticsearch stores it: `undefined` members dropped, dates as text. */
const copy = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;

function throwIfAborted(signal: AbortSignal | undefined): void {
  signal?.throwIfAborted();
}

/** Most recent first: by `startedAt` descending, then execution uuid (the Elasticsearch store sorts alike). */
export function byRecent(a: ExecutionLogDoc, b: ExecutionLogDoc): number {
  if (a.startedAt !== b.startedAt) return a.startedAt < b.startedAt ? 1 : -1;
  return a.executionUuid < b.executionUuid ? -1 : a.executionUuid > b.executionUuid ? 1 : 0;
}

/** Newest first: by range start descending, then id. */
export function byNewestGap(a: GapRecord, b: GapRecord): number {
  if (a.range.gte !== b.range.gte) return a.range.gte < b.range.gte ? 1 : -1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

function memoryAlerts(data: MemoryData): AlertStore {
  return {
    async existingIds(ids, signal) {
      throwIfAborted(signal);
      return new Set(ids.filter((id) => data.alerts.has(id)));
    },
    async create(docs: AlertDoc[], signal) {
      throwIfAborted(signal);
      const report: WriteReport = { created: [], duplicates: [], failed: [], retries: 0 };
      for (const d of docs) {
        if (data.alerts.has(d._id)) report.duplicates.push(d._id);
        else {
          data.alerts.set(d._id, copy(d._source));
          report.created.push(d._id);
        }
      }
      return report;
    },
  };
}

function memoryState(data: MemoryData): StateStore {
  /** The version of each rule's state this store last read or wrote; absent: it never saw one. */
  const seen = new Map<string, number>();
  return {
    async get(ruleUuid) {
      const held = data.state.get(ruleUuid);
      seen.set(ruleUuid, held?.version ?? 0);
      return held ? copy(held.state) : null;
    },
    async put(state) {
      const held = data.state.get(state.ruleUuid);
      const current = held?.version ?? 0;
      if ((seen.get(state.ruleUuid) ?? 0) !== current) throw new StateConflictError(state.ruleUuid, 'memory');
      data.state.set(state.ruleUuid, { state: copy(state), version: current + 1 });
      seen.set(state.ruleUuid, current + 1);
    },
    async list() {
      const all = [...data.state.values()].sort((a, b) => (a.state.ruleUuid < b.state.ruleUuid ? -1 : 1));
      for (const h of all) seen.set(h.state.ruleUuid, h.version);
      return all.map((h) => copy(h.state));
    },
  };
}

function memoryLog(data: MemoryData): ExecutionLog {
  return {
    async write(doc) {
      data.executions.set(doc.executionUuid, copy(doc));
    },
    async recent({ ruleUuid, limit }) {
      return [...data.executions.values()]
        .filter((d) => ruleUuid === undefined || d.ruleUuid === ruleUuid)
        .sort(byRecent)
        .slice(0, limit)
        .map(copy);
    },
  };
}

function memoryGaps(data: MemoryData): GapStore {
  return {
    async record(gap) {
      data.gaps.set(gap.id, copy(gap));
    },
    async list({ ruleUuid }) {
      return [...data.gaps.values()]
        .filter((g) => ruleUuid === undefined || g.ruleUuid === ruleUuid)
        .sort(byNewestGap)
        .map(copy);
    },
  };
}

/** Newest first: by `createdAt` descending, then id (the Elasticsearch store sorts alike). */
export function byNewestBackfill(a: BackfillRecord, b: BackfillRecord): number {
  if (a.createdAt !== b.createdAt) return a.createdAt < b.createdAt ? 1 : -1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

function memoryBackfills(data: MemoryData): BackfillStore {
  return {
    async get(id) {
      const r = data.backfills.get(id);
      return r ? copy(r) : null;
    },
    async put(record) {
      data.backfills.set(record.id, copy(record));
    },
    async list({ ruleUuid }) {
      return [...data.backfills.values()]
        .filter((r) => ruleUuid === undefined || r.ruleUuid === ruleUuid)
        .sort(byNewestBackfill)
        .map(copy);
    },
  };
}

/** One runner's stores over `data` (fresh, empty data when not given). */
export function memoryStores(
  data: MemoryData = memoryData(),
): Stores & { backfills: BackfillStore; data: MemoryData } {
  return {
    alerts: memoryAlerts(data),
    state: memoryState(data),
    log: memoryLog(data),
    gaps: memoryGaps(data),
    backfills: memoryBackfills(data),
    data,
  };
}
