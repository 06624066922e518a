/**
 * A window's matches to written alerts, as every execution does it, whether executeRule ran the window's query or
 * the single pass found its matches: alert groups with Kibana's ids, the ids already written dropped BEFORE the
 * max_signals cap, the newest groups kept, then bulk `create` (unless a dry run). One function, so that a backfill
 * step and a scheduled execution cannot select differently.
 */
import { buildAlertGroups } from '../alerts/build-alerts.js';
import { selectNew } from '../alerts/select.js';
import type { AlertContext, AlertDoc } from '../alerts/types.js';
import type { QueryResult } from '../engine/results.js';
import type { LoadedRule } from '../rules/loaded-rule.js';
import { EXECUTION_SIZE } from '../run/rule-query.js';
import type { AlertStore } from '../store/stores.js';
import { maxSignalsWarning, sizeLimitWarning, writeFailureWarning } from './execution-outcome.js';

export interface WriteMatchesInput {
  rule: LoadedRule;
  /** The window's matches in time order, at most EXECUTION_SIZE (the newest). */
  results: readonly QueryResult[];
  alerts: AlertStore;
  context: AlertContext;
  clock: () => Date;
  dryRun?: boolean;
  signal?: AbortSignal;
  /** Ids earlier steps of a backfill pass wrote (or, dry, would have): duplicates even before they are visible. */
  alsoWritten?: ReadonlySet<string>;
  /** Passed to the store's `create` (stores.ts WriteOptions): false only where `alsoWritten` stands in. */
  visibleNow?: boolean;
}

export interface WriteMatchesOutcome {
  /** What was written (with dryRun: would be), in result order. */
  docs: AlertDoc[];
  /** The ids the store now holds from `docs` (created or found there): all of them with dryRun; not the failed. */
  heldIds: string[];
  alertsCreated: number;
  duplicatesSkipped: number;
  truncated: number;
  writeFailures: number;
  /** Matches left out by Kibana's self-loop guard (they hold alerts of this rule). */
  selfLoopSkipped: number;
  /** In order: the 10,000 limit, the cap, write failures. */
  warnings: string[];
  /** From the duplicate check to the end of the write (building the alerts excluded). */
  indexingMs: number;
}

export async function writeMatches(input: WriteMatchesInput): Promise<WriteMatchesOutcome> {
  const { rule } = input.rule;
  const warnings: string[] = [];
  if (input.results.length >= EXECUTION_SIZE) warnings.push(sizeLimitWarning(EXECUTION_SIZE));
  const built = buildAlertGroups(
    input.results as QueryResult[],
    { uuid: input.rule.uuid, params: rule as Record<string, unknown> },
    input.context,
  );
  const indexStart = input.clock().getTime();
  const ids = built.groups.flatMap((g) => g.docs.map((d) => d._id));
  const existing = ids.length === 0 ? new Set<string>() : await input.alerts.existingIds(ids, input.signal);
  if (input.alsoWritten) for (const id of ids) if (input.alsoWritten.has(id)) existing.add(id);
  // duplicates are dropped before the cap: the cap keeps the newest groups not yet written (selectNew)
  const selection = selectNew(built.groups, existing, rule.max_signals);
  const out: WriteMatchesOutcome = {
    docs: selection.write.flatMap((g) => g.docs),
    heldIds: [],
    alertsCreated: 0,
    duplicatesSkipped: ids.filter((id) => existing.has(id)).length,
    truncated: selection.truncated,
    writeFailures: 0,
    selfLoopSkipped: built.skipped,
    warnings,
    indexingMs: 0,
  };
  if (selection.truncated > 0) warnings.push(maxSignalsWarning(selection.truncated, rule.max_signals));
  if (!input.dryRun && out.docs.length > 0) {
    const report = await input.alerts.create(out.docs, input.signal, {
      visibleNow: input.visibleNow ?? true,
    });
    out.heldIds = [...report.created, ...report.duplicates];
    out.alertsCreated = report.created.length;
    out.duplicatesSkipped += report.duplicates.length;
    out.writeFailures = report.failed.length;
    if (report.failed.length > 0) warnings.push(writeFailureWarning(report.failed));
  }
  // a dry run "holds" all it would write: later steps of a dry pass dedup against them
  if (input.dryRun) out.heldIds = out.docs.map((d) => d._id);
  out.indexingMs = input.clock().getTime() - indexStart;
  return out;
}
