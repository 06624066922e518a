/**
 * What one backfill step writes once its window's matches are known: the same pieces, in the same order, as one
 * execution (execute-rule.ts): the tail of EXECUTION_SIZE matches, alert groups with Kibana's ids, dedup against
 * what is written, then the newest max_signals groups. Kept apart from the single pass so that both ways of finding
 * a window's matches (carried or re-correlated over held events) end in the very same selection.
 */
import { randomUUID } from 'node:crypto';
import { buildAlertGroups } from '../alerts/build-alerts.js';
import { selectNew } from '../alerts/select.js';
import type { AlertDoc, ExecutionType } from '../alerts/types.js';
import type { QueryResult } from '../engine/results.js';
import type { LoadedRule } from '../rules/loaded-rule.js';
import { EXECUTION_SIZE } from '../run/rule-query.js';
import type { AlertStore } from '../store/stores.js';
import { maxSignalsWarning, sizeLimitWarning, writeFailureWarning } from './execution-outcome.js';

export interface StepContext {
  rule: LoadedRule;
  alerts: AlertStore;
  spaceId: string;
  kibanaVersion: string;
  clock: () => Date;
  executionType: ExecutionType;
  dryRun?: boolean;
  signal?: AbortSignal;
}

export interface StepOutcome {
  runAt: Date;
  window: { start: Date; end: Date };
  executionUuid: string;
  /** How the window's matches were found: carried across steps, or correlated again over the held events. */
  mode: 'carried' | 'windowed';
  /** What the step wrote (with dryRun: would write), in result order. */
  alerts: AlertDoc[];
  counts: {
    matches: number;
    alertsCreated: number;
    duplicatesSkipped: number;
    truncated: number;
    writeFailures: number;
  };
  warnings: string[];
}

/**
 * `matches` are the window's matches in time order, all of them (the tail is cut here). With dryRun the written
 * ids are remembered in `dryWritten`, so later steps dedup against them as they would against the store.
 */
export async function writeStep(
  ctx: StepContext,
  step: { runAt: Date; window: { start: Date; end: Date }; mode: StepOutcome['mode'] },
  matches: readonly QueryResult[],
  dryWritten: Set<string>,
  /** The rule's own and its filter's, which come first as in an execution's. */
  ruleWarnings: readonly string[] = [],
): Promise<StepOutcome> {
  const { rule } = ctx.rule;
  const executionUuid = randomUUID();
  const warnings: string[] = [...ruleWarnings];
  const results = matches.length > EXECUTION_SIZE ? matches.slice(matches.length - EXECUTION_SIZE) : matches;
  if (results.length >= EXECUTION_SIZE) warnings.push(sizeLimitWarning(EXECUTION_SIZE));
  const built = buildAlertGroups(
    results,
    { uuid: ctx.rule.uuid, params: rule as Record<string, unknown> },
    {
      spaceId: ctx.spaceId,
      executionUuid,
      executionType: ctx.executionType,
      intendedTimestamp: step.runAt,
      writtenAt: ctx.clock(),
      kibanaVersion: ctx.kibanaVersion,
    },
  );
  const ids = built.groups.flatMap((g) => g.docs.map((d) => d._id));
  const existing = ids.length === 0 ? new Set<string>() : await ctx.alerts.existingIds(ids, ctx.signal);
  for (const id of ids) if (dryWritten.has(id)) existing.add(id);
  const selection = selectNew(built.groups, existing, rule.max_signals);
  const counts = {
    matches: results.length,
    alertsCreated: 0,
    duplicatesSkipped: ids.filter((id) => existing.has(id)).length,
    truncated: selection.truncated,
    writeFailures: 0,
  };
  if (selection.truncated > 0) warnings.push(maxSignalsWarning(selection.truncated, rule.max_signals));
  const docs = selection.write.flatMap((g) => g.docs);
  if (ctx.dryRun) {
    for (const d of docs) dryWritten.add(d._id);
  } else if (docs.length > 0) {
    const report = await ctx.alerts.create(docs, ctx.signal);
    counts.alertsCreated = report.created.length;
    counts.duplicatesSkipped += report.duplicates.length;
    counts.writeFailures = report.failed.length;
    if (report.failed.length > 0) warnings.push(writeFailureWarning(report.failed));
  }
  return { ...step, executionUuid, alerts: docs, counts, warnings };
}
