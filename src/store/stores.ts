/**
 * Where a runner keeps what it writes: alerts, each rule's state, the execution log and gaps. Elasticsearch
 * implements them (es-*.ts), memory implements them for `--dry-run` and tests (memory.ts), and the local store of
 * the embedded default implements them too, so the runner is written once against these interfaces.
 */
import type { AlertDoc } from '../alerts/types.js';

export interface WriteReport {
  /** Ids written now (bulk item status 201). */
  created: string[];
  /** Ids already present (409 on `create`): another run wrote them first. */
  duplicates: string[];
  /** Items that still failed after retries, with the status and reason the store gave (never a secret). */
  failed: Array<{ id: string; status: number; reason: string }>;
  /** Bulk requests re-sent after a transient failure (429, 5xx, a lost connection); 0 when none was. */
  retries?: number;
}

export interface WriteOptions {
  /**
   * false: the write need not be searchable by `existingIds` when `create` returns. For a backfill pass, which
   * dedups its later steps against the ids it wrote itself and waits once, at its end, for them to be visible
   * (await-visible.ts) instead of once per step. Default true: the next execution's duplicate check sees them.
   */
  visibleNow?: boolean;
}

export interface AlertStore {
  /** Which of `ids` are already written (in chunks of 10,000, as Kibana's duplicate check). */
  existingIds(ids: string[], signal?: AbortSignal): Promise<Set<string>>;
  /** Writes with `create` only: an existing id is a duplicate, never overwritten; transient failures retried. */
  create(docs: AlertDoc[], signal?: AbortSignal, options?: WriteOptions): Promise<WriteReport>;
}

export type ExecutionStatus = 'running' | 'succeeded' | 'partial failure' | 'failed';

/** A rule's schedule state: what a restarted runner continues from. */
export interface RuleState {
  ruleUuid: string;
  ruleId: string;
  name: string;
  /** ISO times. `previousStartedAt` is Kibana's: the start of the last run, for the next run's catch-up. */
  lastStartedAt?: string;
  lastSucceededAt?: string;
  lastStatus?: ExecutionStatus;
  lastExecutionUuid?: string;
  lastMessage?: string;
  updatedAt: string;
}

/**
 * Written with optimistic concurrency: `put` succeeds only over the version this store last read (`get`, `list`)
 * or wrote, or where none exists and it saw none; otherwise it throws `StateConflictError` (errors.ts) and writes
 * nothing, so two runners never silently overwrite each other's state.
 */
export interface StateStore {
  get(ruleUuid: string): Promise<RuleState | null>;
  put(state: RuleState): Promise<void>;
  list(): Promise<RuleState[]>;
}

/** What one execution did, in its log document and in its result. */
export interface ExecutionCounts {
  eventsScanned: number;
  matches: number;
  alertsCreated: number;
  duplicatesSkipped: number;
  truncated: number;
  writeFailures: number;
}

export interface ExecutionDurations {
  searchMs: number;
  indexingMs: number;
  totalMs: number;
}

export const noCounts = (): ExecutionCounts => ({
  eventsScanned: 0,
  matches: 0,
  alertsCreated: 0,
  duplicatesSkipped: 0,
  truncated: 0,
  writeFailures: 0,
});

/** One execution of one rule, written when it starts (`running`) and again when it ends, under the same id. */
export interface ExecutionLogDoc {
  executionUuid: string;
  ruleUuid: string;
  ruleId: string;
  ruleName: string;
  executionType: 'scheduled' | 'manual';
  /** ISO times: when it was due, when it began, the time it stood for, when it ended. */
  scheduledAt: string;
  startedAt: string;
  intendedTimestamp: string;
  endedAt?: string;
  window: { start: string; end: string };
  engine: string;
  status: ExecutionStatus;
  warnings: string[];
  error?: string;
  counts: ExecutionCounts;
  durations: ExecutionDurations;
  scheduleDelayMs: number;
  /** A backfill step's backfill id (issue 15). */
  backfillId?: string;
}

export interface ExecutionLog {
  write(doc: ExecutionLogDoc): Promise<void>;
  /** The most recent executions first. */
  recent(opts: { ruleUuid?: string; limit: number }): Promise<ExecutionLogDoc[]>;
}

export type GapStatus = 'unfilled' | 'partially_filled' | 'filled';

/** Time a rule's runs did not search (Kibana's `kibana.alert.rule.gap`); intervals are ISO `{gte, lte}`. */
export interface GapRecord {
  id: string;
  ruleUuid: string;
  ruleId: string;
  range: { gte: string; lte: string };
  status: GapStatus;
  filledIntervals: Array<{ gte: string; lte: string }>;
  recordedAt: string;
}

export interface GapStore {
  record(gap: GapRecord): Promise<void>;
  list(opts: { ruleUuid?: string }): Promise<GapRecord[]>;
}

export type BackfillStepStatus = 'pending' | 'running' | 'complete' | 'error';

/** One step of a backfill: one execution at `runAt` (ISO), as Kibana's ad-hoc run schedule entries. */
export interface BackfillStep {
  runAt: string;
  status: BackfillStepStatus;
  error?: string;
  alertsCreated?: number;
}

export type BackfillStatus = 'pending' | 'running' | 'complete' | 'error';

/**
 * A backfill's checkpoint (issue 15): its steps and their statuses, written before and after each step, so that
 * `backfill --resume ID` continues from the first step not complete. Gap ids when it fills gaps.
 */
export interface BackfillRecord {
  id: string;
  ruleUuid: string;
  ruleId: string;
  /** ISO times. */
  range: { start: string; end: string };
  interval: string;
  steps: BackfillStep[];
  status: BackfillStatus;
  createdAt: string;
  updatedAt: string;
  gapIds?: string[];
}

/** Backfill checkpoints; `put` replaces the record of the same id (one writer per backfill). */
export interface BackfillStore {
  get(id: string): Promise<BackfillRecord | null>;
  put(record: BackfillRecord): Promise<void>;
  /** Newest first (by `createdAt`, then id). */
  list(opts: { ruleUuid?: string }): Promise<BackfillRecord[]>;
}

export interface Stores {
  alerts: AlertStore;
  state: StateStore;
  log: ExecutionLog;
  /** A gap recorded again under its id replaces it: that is how a backfill records what it filled. */
  gaps: GapStore;
  /** Optional so that stores made before backfills (issue 15) still type; backfill requires it. */
  backfills?: BackfillStore;
}
