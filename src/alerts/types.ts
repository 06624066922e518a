/**
 * What alert building is handed and what it returns (../shared/reference/kibana-detection-engine.md §2, §3, §10).
 * Building is pure: query results + rule + execution context → documents with Kibana's deterministic ids.
 */

/** One alert document as written to the alerts index with bulk `create`. */
export interface AlertDoc {
  _id: string;
  _source: Record<string, unknown>;
}

/**
 * One match's alerts: a single-event alert, or a sequence's shell followed by its building blocks (missing `![...]`
 * events dropped). `max_signals` counts groups; a group is new when any of its documents is not yet written.
 */
export interface AlertGroup {
  kind: 'event' | 'sequence';
  /** The single alert or the shell first, then the building blocks in sequence order. */
  docs: AlertDoc[];
  /**
   * The match's time: a single alert's `kibana.alert.original_time`, a sequence's first building block's ('' when
   * the event has no `@timestamp` date). Kibana gives a shell its first block's `@timestamp`, the write time, as
   * `original_time`, so the shell's own field cannot say when the match happened.
   */
  originalTime: string;
}

/** The rule as alerts carry it: its saved-object uuid and its Kibana fields (snake_case, defaults applied). */
export interface AlertRule {
  uuid: string;
  params: Record<string, unknown>;
}

export type ExecutionType = 'scheduled' | 'manual';

/** The execution the alerts come from; every time is handed in (alert building reads no clock). */
export interface AlertContext {
  spaceId: string;
  executionUuid: string;
  executionType: ExecutionType;
  /** The time the run stood for: a scheduled run's start, a backfill step's `runAt`. */
  intendedTimestamp: Date;
  /** When the alerts are written: `@timestamp`, `kibana.alert.start`, `kibana.alert.last_detected`. */
  writtenAt: Date;
  /** `kibana.version` written into each alert. */
  kibanaVersion: string;
  /** Kibana's public base URL (`server.publicBaseUrl`), for `kibana.alert.url`; the field is left out without it. */
  publicBaseUrl?: string;
}
