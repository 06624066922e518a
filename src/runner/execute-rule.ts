/**
 * One execution of one rule over one window (issue 14, "One execution"; the reference's §1–§5): window, query on
 * the chosen engine, alert groups with Kibana's ids, dedup against what is written, the max_signals cap, bulk
 * `create`, and the execution log written when the run starts (`running`) and when it ends. Everything with a
 * side effect or a time is handed in (ExecutionDeps), so the scheduler, run-once and tests drive it alike.
 */
import { randomUUID } from 'node:crypto';
import type { AlertDoc } from '../alerts/types.js';
import { parse } from '../eql/index.js';
import { UserError } from '../errors.js';
import { compileRuleFilter } from '../exceptions/matches.js';
import { ruleFilter } from '../exceptions/rule-filter.js';
import { EXECUTION_SIZE, runRuleQuery, type RuleEventSource } from '../run/rule-query.js';
import { noCounts, type ExecutionLogDoc } from '../store/stores.js';
import { windowAt } from '../time/window.js';
import type { ExecuteRule, ExecutionDeps, ExecutionRequest, ExecutionResult } from './execution.js';
import { executionError, finalStatus } from './execution-outcome.js';
import { writeMatches } from './write-matches.js';

/** Kibana's `securitySolution:defaultIndex`: what a rule without `index` (and without a data view) searches. */
export const KIBANA_DEFAULT_INDEX = [
  'apm-*-transaction*',
  'auditbeat-*',
  'endgame-*',
  'filebeat-*',
  'logs-*',
  'packetbeat-*',
  'traces-apm*',
  'winlogbeat-*',
  '-*elastic-cloud-logs-*',
];

type Counts = ExecutionResult['counts'];

/** The index patterns a rule searches: its own, or Kibana's default; a data view is the rule's error. */
export function ruleIndex(loaded: ExecutionRequest['rule']): string[] {
  const { rule } = loaded;
  if (rule.index) return rule.index;
  if (rule.data_view_id === undefined) return KIBANA_DEFAULT_INDEX;
  throw new UserError(
    'RULE_DATA_VIEW',
    `rule ${rule.rule_id} (${loaded.origin}) searches data view ${rule.data_view_id}: data views are not supported, give the rule an index`,
  );
}

export const executeRule: ExecuteRule = async (request, deps) => {
  const executionUuid = randomUUID();
  const { rule } = request.rule;
  const logger = deps.logger.child({ ruleId: rule.rule_id, executionId: executionUuid });
  const startedAt = deps.clock();
  const counts: Counts = noCounts();
  const durations = { searchMs: 0, indexingMs: 0, totalMs: 0 };
  const warnings = [...request.rule.warnings];
  let error: string | undefined;
  let window = request.window;
  let alerts: AlertDoc[] | undefined;
  let logDoc: ExecutionLogDoc | undefined;
  try {
    // a bound that names no date is the rule's error: the run fails with it, and is still logged
    window ??= windowAt(rule, request.runAt);
    logDoc = startDoc(request, deps, executionUuid, startedAt, window);
    if (!deps.dryRun) await deps.stores.log.write(logDoc);
    logger.debug('rule execution started', {
      window: { start: window.start.toISOString(), end: window.end.toISOString() },
      engine: logDoc.engine,
    });
    const state: RunState = { executionUuid, window, counts, durations, warnings, logger };
    try {
      alerts = await execute(request, deps, state);
    } finally {
      if (state.engine !== undefined) logDoc.engine = state.engine;
    }
  } catch (e) {
    error = executionError(e);
  }
  durations.totalMs = deps.clock().getTime() - startedAt.getTime();
  const status = finalStatus(warnings, error);
  const result: ExecutionResult = {
    executionUuid,
    status,
    warnings,
    ...(error !== undefined ? { error } : {}),
    window: window ?? { start: request.runAt, end: request.runAt },
    counts,
    durations,
    ...(deps.dryRun ? { alerts: alerts ?? [] } : {}),
  };
  logDoc ??= startDoc(request, deps, executionUuid, startedAt, result.window);
  if (!deps.dryRun) {
    try {
      await deps.stores.log.write(endDoc(logDoc, result, deps.clock()));
    } catch (e) {
      // the alerts are written (or not) already: the run's outcome stands, the log's failure is told
      logger.error(`could not write the execution log: ${executionError(e)}`);
    }
  }
  const fields = { status, ...counts, ...durations, warnings: warnings.length };
  for (const w of warnings) logger.warn(w);
  if (error !== undefined) logger.error(error, fields);
  else logger.info(`rule execution: ${status}`, fields);
  return result;
};

interface RunState {
  executionUuid: string;
  window: { start: Date; end: Date };
  counts: Counts;
  durations: ExecutionResult['durations'];
  warnings: string[];
  logger: ExecutionDeps['logger'];
  /** The engine that ran: `search` or `eql` once `auto` has chosen, or `files`. */
  engine?: string;
}

async function execute(request: ExecutionRequest, deps: ExecutionDeps, run: RunState): Promise<AlertDoc[]> {
  const loaded = request.rule;
  const { rule } = loaded;
  const stmt = parse(rule.query);
  const index = ruleIndex(loaded);
  const filters = (rule.filters ?? []) as unknown[];
  const source: RuleEventSource =
    deps.events.kind === 'files'
      ? { kind: 'files', paths: deps.events.paths, emptyMeansNone: deps.events.emptyMeansNone }
      : { kind: 'cluster', client: deps.events.client, engine: deps.events.engine };
  // exceptions expire against the run's time, as the rest of its date math
  const dsl =
    source.kind === 'cluster' ? ruleFilter(loaded.exceptionItems, filters, { now: request.runAt }) : null;
  const files =
    source.kind === 'files'
      ? compileRuleFilter(loaded.exceptionItems, filters, { now: request.runAt })
      : null;
  run.warnings.push(...(dsl?.warnings ?? files?.warnings ?? []));

  const searchStart = deps.clock().getTime();
  const found = await runRuleQuery({
    stmt,
    source,
    window: run.window,
    index,
    timestampField: rule.timestamp_field ?? '@timestamp',
    timestampOverride: rule.timestamp_override,
    timestampOverrideFallbackDisabled: rule.timestamp_override_fallback_disabled,
    tiebreakerField: rule.tiebreaker_field,
    eventCategoryField: rule.event_category_override ?? 'event.category',
    filter: dsl?.query ?? null,
    ...(files ? { keep: (s: Record<string, unknown>) => files.keep(s) } : {}),
    excludeIndices: deps.excludeIndices,
    size: EXECUTION_SIZE,
    signal: deps.signal,
    onWarning: (m) => run.warnings.push(m),
  });
  run.durations.searchMs = deps.clock().getTime() - searchStart;
  run.engine = found.engine;
  run.counts.eventsScanned = found.eventsScanned;
  run.counts.matches = found.results.length;
  run.logger.debug('query run', {
    engine: found.engine,
    chosenBy: found.chosenBy,
    matches: found.results.length,
  });
  const written = await writeMatches({
    rule: loaded,
    results: found.results,
    alerts: deps.stores.alerts,
    context: {
      spaceId: deps.spaceId,
      executionUuid: run.executionUuid,
      executionType: request.executionType,
      intendedTimestamp: request.intendedTimestamp,
      writtenAt: deps.clock(),
      kibanaVersion: deps.kibanaVersion,
    },
    clock: deps.clock,
    dryRun: deps.dryRun,
    signal: deps.signal,
  });
  if (written.selfLoopSkipped > 0)
    run.logger.debug(
      `${written.selfLoopSkipped} match(es) skipped: they hold alerts of this rule (Kibana's self-loop guard)`,
    );
  run.warnings.push(...written.warnings);
  run.counts.duplicatesSkipped = written.duplicatesSkipped;
  run.counts.truncated = written.truncated;
  run.counts.alertsCreated = written.alertsCreated;
  run.counts.writeFailures = written.writeFailures;
  run.durations.indexingMs = written.indexingMs;
  return written.docs;
}

function startDoc(
  request: ExecutionRequest,
  deps: ExecutionDeps,
  executionUuid: string,
  startedAt: Date,
  window: { start: Date; end: Date },
): ExecutionLogDoc {
  const { rule } = request.rule;
  return {
    executionUuid,
    ruleUuid: request.rule.uuid,
    ruleId: rule.rule_id,
    ruleName: rule.name,
    executionType: request.executionType,
    scheduledAt: request.scheduledAt.toISOString(),
    startedAt: startedAt.toISOString(),
    intendedTimestamp: request.intendedTimestamp.toISOString(),
    window: { start: window.start.toISOString(), end: window.end.toISOString() },
    engine: deps.events.kind === 'files' ? 'files' : deps.events.engine,
    status: 'running',
    warnings: [],
    counts: noCounts(),
    durations: { searchMs: 0, indexingMs: 0, totalMs: 0 },
    scheduleDelayMs: Math.max(0, startedAt.getTime() - request.scheduledAt.getTime()),
    ...(request.backfillId !== undefined ? { backfillId: request.backfillId } : {}),
  };
}

function endDoc(start: ExecutionLogDoc, result: ExecutionResult, endedAt: Date): ExecutionLogDoc {
  return {
    ...start,
    endedAt: endedAt.toISOString(),
    status: result.status,
    warnings: result.warnings,
    ...(result.error !== undefined ? { error: result.error } : {}),
    counts: result.counts,
    durations: result.durations,
  };
}
