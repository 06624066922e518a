/**
 * What one backfill step writes once its window's matches are known: the same pieces, in the same order, as one
 * execution (execute-rule.ts): the tail of EXECUTION_SIZE matches, alert groups with Kibana's ids, dedup against
 * what is written, then the newest max_signals groups. Kept apart from the single pass so that both ways of finding
 * a window's matches (carried or re-correlated over held events) end in the very same selection.
 */
import { randomUUID } from 'node:crypto';
import type { AlertDoc, ExecutionType } from '../alerts/types.js';
import type { QueryResult } from '../engine/results.js';
import type { LoadedRule } from '../rules/loaded-rule.js';
import { EXECUTION_SIZE } from '../run/rule-query.js';
import type { AlertStore } from '../store/stores.js';
import { writeMatches } from './write-matches.js';

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
  /** Of those, the ids the store holds now (not the failed ones); written not yet visible when not a dry run. */
  heldIds: string[];
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
 * `matches` are the window's matches in time order, all of them (the tail is cut here). The ids a step writes (or,
 * dry, would write) are remembered in `passWritten`, so later steps dedup against them as they would against the
 * store: that is what lets the steps write without waiting for the store to make them searchable (`visibleNow:
 * false`); the pass's caller waits once at the end (await-visible.ts).
 */
export async function writeStep(
  ctx: StepContext,
  step: { runAt: Date; window: { start: Date; end: Date }; mode: StepOutcome['mode'] },
  matches: readonly QueryResult[],
  passWritten: Set<string>,
  /** The rule's own and its filter's, which come first as in an execution's. */
  ruleWarnings: readonly string[] = [],
): Promise<StepOutcome> {
  const executionUuid = randomUUID();
  const warnings: string[] = [...ruleWarnings];
  const results = matches.length > EXECUTION_SIZE ? matches.slice(matches.length - EXECUTION_SIZE) : matches;
  const written = await writeMatches({
    rule: ctx.rule,
    results,
    alerts: ctx.alerts,
    context: {
      spaceId: ctx.spaceId,
      executionUuid,
      executionType: ctx.executionType,
      intendedTimestamp: step.runAt,
      writtenAt: ctx.clock(),
      kibanaVersion: ctx.kibanaVersion,
    },
    clock: ctx.clock,
    dryRun: ctx.dryRun,
    signal: ctx.signal,
    alsoWritten: passWritten,
    visibleNow: false,
  });
  warnings.push(...written.warnings);
  const docs = written.docs;
  for (const id of written.heldIds) passWritten.add(id);
  const counts = {
    matches: results.length,
    alertsCreated: written.alertsCreated,
    duplicatesSkipped: written.duplicatesSkipped,
    truncated: written.truncated,
    writeFailures: written.writeFailures,
  };
  return { ...step, executionUuid, alerts: docs, heldIds: written.heldIds, counts, warnings };
}
