/**
 * One execution of one rule over one window, as the scheduler, run-once and backfill ask for it and as
 * execute-rule.ts performs it (../shared/reference/kibana-detection-engine.md §1–§5). Everything with a side effect
 * or a time is handed in, so that a test drives an execution with a fixed clock and memory stores.
 */
import type { AlertDoc, ExecutionType } from '../alerts/types.js';
import type { LoadedRule } from '../rules/loaded-rule.js';
import type { Logger } from '../logging/logger.js';
import type { ExecutionCounts, ExecutionDurations, ExecutionStatus, Stores } from '../store/stores.js';

export interface ExecutionRequest {
  rule: LoadedRule;
  /** The instant date math is read at (Kibana's `forceNow`: the run's start, or a backfill step's `runAt`). */
  runAt: Date;
  /** When the run was due (the schedule delay is startedAt − scheduledAt). */
  scheduledAt: Date;
  executionType: ExecutionType;
  /** `kibana.alert.intended_timestamp`: runAt for a scheduled run too. */
  intendedTimestamp: Date;
  /** Overrides the window date math gives at runAt (a catch-up tuple, a backfill step); both ends included. */
  window?: { start: Date; end: Date };
  backfillId?: string;
}

/** Where a run reads events: a cluster (the engine as `--engine`), or event files (offline, the embedded default). */
export type EventInput =
  | { kind: 'cluster'; client: import('@elastic/elasticsearch').Client; engine: 'auto' | 'search' | 'eql' }
  | {
      kind: 'files';
      paths: string[];
      /** A directory with no event file yet is no events, not an error: local mode's events directory. */
      emptyMeansNone?: boolean;
    };

export interface ExecutionDeps {
  events: EventInput;
  stores: Stores;
  logger: Logger;
  /** The wall clock: `@timestamp` of alerts, durations. */
  clock: () => Date;
  signal?: AbortSignal;
  spaceId: string;
  kibanaVersion: string;
  /**
   * Indices the runner writes besides Kibana's alerts layout (a configured alerts target, the state and
   * execution-log indices): never read by a rule, as the alerts indices are not (run/own-indices.ts).
   */
  excludeIndices?: string[];
  /** Build and dedup but write nothing (alerts returned in the result). */
  dryRun?: boolean;
}

export interface ExecutionResult {
  executionUuid: string;
  status: ExecutionStatus;
  warnings: string[];
  error?: string;
  window: { start: Date; end: Date };
  counts: ExecutionCounts;
  durations: ExecutionDurations;
  /** With dryRun, what would have been written. */
  alerts?: AlertDoc[];
}

export type ExecuteRule = (request: ExecutionRequest, deps: ExecutionDeps) => Promise<ExecutionResult>;
