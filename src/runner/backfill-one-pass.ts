/**
 * A backfill record's steps not yet complete, run in one read of their range (single-pass.ts) instead of one
 * execution per step (backfill.ts's windowed loop), with the same checkpoints and the same execution log: each
 * step is `running` while the pass works towards it, `complete` once its alerts are written, and writes one
 * execution-log document like a scheduled run's (`manual`, its runAt, its window, its counts).
 *
 * From a cluster, steps are written as the pass reaches them: the search gives events in order, so a step is
 * final when an event past its window arrives, and a crash or Ctrl-C leaves the steps before it complete.
 * From event files, the pass first runs without writing (dry), then writes step by step: a file out of order
 * beyond the reader's buffer is only found when its late event is read, after the steps it belongs to, and the
 * pass is then run again over the files sorted (`external`), which a write already made could not undo.
 */
import type { AlertDoc } from '../alerts/types.js';
import { UserError } from '../errors.js';
import { ruleFilter } from '../exceptions/rule-filter.js';
import type { Logger } from '../logging/logger.js';
import type { LoadedRule } from '../rules/loaded-rule.js';
import { UnsortedInputError } from '../sources/files/event-file-source.js';
import type { BackfillRecord, ExecutionLogDoc } from '../store/stores.js';
import { windowAt } from '../time/window.js';
import { progressOf, type BackfillDeps, type BackfillProgress } from './backfill.js';
import { awaitVisible } from './await-visible.js';
import type { ExecutionResult } from './execution.js';
import { executionError, finalStatus, writeFailureWarning } from './execution-outcome.js';
import { clusterPassEvents, filePassEvents, type PassEvents, type PassRange } from './one-pass-events.js';
import { filterIsStepFree, singlePassBackfill, type SinglePassRun } from './single-pass.js';

type PassStep = SinglePassRun['steps'][number];

export interface OnePassContext {
  logger: Logger;
  save: () => Promise<void>;
  onProgress?: (p: BackfillProgress) => void;
}

export interface OnePassOutcome {
  results: ExecutionResult[];
  interrupted: boolean;
  /** The pass failed (a search or write error): the step it was at is `error`, the rest still pending. */
  error?: string;
}

export async function runPendingInOnePass(
  loaded: LoadedRule,
  record: BackfillRecord,
  deps: BackfillDeps,
  ctx: OnePassContext,
): Promise<OnePassOutcome> {
  const pending = record.steps.filter((s) => s.status !== 'complete');
  if (pending.length === 0) return { results: [], interrupted: false };
  const { rule } = loaded;
  const runAts = pending.map((s) => new Date(s.runAt));
  const windows = runAts.map((r) => windowAt(rule, r));
  const range: PassRange = {
    start: new Date(Math.min(...windows.map((w) => w.start.getTime()))),
    end: new Date(Math.max(...windows.map((w) => w.end.getTime()))),
  };
  const { execution } = deps;
  const files = execution.events.kind === 'files';
  const results: ExecutionResult[] = [];
  const totals = { eventsScanned: 0, alertsCreated: 0 };
  // written without waiting to be searchable: waited for once, when the pass ends (await-visible.ts)
  const unseen: string[] = [];
  let at = 0;
  let stepStarted = execution.clock();

  const begin = async (k: number) => {
    const step = pending[k];
    if (!step) return;
    step.status = 'running';
    delete step.error;
    record.status = 'running';
    await ctx.save();
  };
  // the pass gives steps in order: the one it ends is always the next pending
  const finish = async (outcome: PassStep, created: Created) => {
    // a signal between steps stops the pass there: the step `running` is redone by a resume
    deps.signal?.throwIfAborted();
    const step = pending[at]!;
    if (!execution.dryRun) unseen.push(...(created ? created.held : outcome.heldIds));
    const result = resultOf(outcome, created, stepStarted, execution.clock());
    results.push(result);
    if (!execution.dryRun)
      await execution.stores.log.write(logDoc(loaded, record.id, outcome, result, stepStarted, files));
    for (const w of result.warnings) ctx.logger.warn(w, { runAt: step.runAt });
    step.status = 'complete';
    step.alertsCreated = result.counts.alertsCreated;
    totals.eventsScanned += result.counts.eventsScanned;
    totals.alertsCreated += result.counts.alertsCreated;
    stepStarted = execution.clock();
    at++;
    await begin(at);
    ctx.onProgress?.(progressOf(record, step, totals));
  };

  const pass = async (source: PassEvents, dry: boolean, onStep: (o: PassStep) => Promise<void>) =>
    singlePassBackfill({
      rule: loaded,
      alerts: execution.stores.alerts,
      spaceId: execution.spaceId,
      kibanaVersion: execution.kibanaVersion,
      clock: execution.clock,
      executionType: 'manual',
      dryRun: dry,
      signal: deps.signal,
      steps: runAts,
      events: source.events,
      engine: source.engine,
      excludeIndices: execution.excludeIndices,
      onStep,
    });

  await begin(0);
  try {
    const ev = execution.events;
    if (ev.kind === 'cluster') {
      const dsl = filterIsStepFree(loaded)
        ? ruleFilter(loaded.exceptionItems, [], { now: runAts[0]! }).query
        : null;
      const source = await clusterPassEvents(loaded, range, {
        client: ev.client,
        dsl,
        excludeIndices: execution.excludeIndices,
        signal: deps.signal,
        onWarning: (m) => ctx.logger.warn(m),
      });
      await pass(source, execution.dryRun === true, (o) => finish(o, null));
    } else {
      const found = await dryPass(loaded, range, ev.paths, (source) => pass(source, true, async () => {}));
      for (const outcome of found.steps) {
        deps.signal?.throwIfAborted();
        const created = execution.dryRun ? null : await writeDocs(outcome.alerts, deps);
        await finish(outcome, created);
      }
    }
  } catch (e) {
    if (deps.signal?.aborted) return { results, interrupted: true };
    // a rule's own problem (a data view, a field the mapping refuses) is the user's: told as such, step by step
    const error = e instanceof UserError ? e.message : executionError(e);
    const step = pending[at];
    if (step) {
      step.status = 'error';
      step.error = error;
    }
    ctx.logger.error('backfill failed', { runAt: step?.runAt, error });
    await settle(unseen, deps, ctx.logger);
    return { results, interrupted: false, error };
  }
  await settle(unseen, deps, ctx.logger);
  return { results, interrupted: false };
}

/** Waits for the pass's alerts to be searchable, so that the next run's duplicate check counts them. */
async function settle(ids: string[], deps: BackfillDeps, logger: Logger): Promise<void> {
  if (ids.length === 0) return;
  const missing = await awaitVisible(deps.execution.stores.alerts, ids, { signal: deps.signal }).catch(
    (e: unknown) => {
      if (deps.signal?.aborted) return [];
      logger.warn(`could not check that the backfill's alerts are searchable: ${executionError(e)}`);
      return [];
    },
  );
  if (missing.length > 0)
    logger.warn(
      `${missing.length} alerts written by this backfill are not searchable yet; they are written, and a run that ` +
        'starts before the alerts index refreshes counts them as duplicates when it writes them again',
    );
}

/** The pass over the files as they stream, or sorted when they are out of order beyond the reader's buffer. */
async function dryPass(
  loaded: LoadedRule,
  range: PassRange,
  paths: string[],
  pass: (source: PassEvents) => Promise<SinglePassRun>,
): Promise<SinglePassRun> {
  try {
    return await pass(filePassEvents(loaded, range, { paths, sort: 'stream' }));
  } catch (e) {
    if (!(e instanceof UnsortedInputError)) throw e;
    return await pass(filePassEvents(loaded, range, { paths, sort: 'external' }));
  }
}

type Created = {
  created: number;
  duplicates: number;
  failed: Array<{ id: string; status: number; reason: string }>;
  held: string[];
} | null;

/** A step's alerts from a dry pass over files: the pass knows every step's, so none need be visible before the end. */
async function writeDocs(docs: AlertDoc[], deps: BackfillDeps): Promise<Created> {
  if (docs.length === 0) return { created: 0, duplicates: 0, failed: [], held: [] };
  const report = await deps.execution.stores.alerts.create(docs, deps.signal, { visibleNow: false });
  return {
    created: report.created.length,
    duplicates: report.duplicates.length,
    failed: report.failed,
    held: [...report.created, ...report.duplicates],
  };
}

function resultOf(outcome: PassStep, created: Created, startedAt: Date, endedAt: Date): ExecutionResult {
  const warnings = [...outcome.warnings];
  const counts = {
    eventsScanned: outcome.eventsRead,
    matches: outcome.counts.matches,
    alertsCreated: created ? created.created : outcome.counts.alertsCreated,
    duplicatesSkipped: outcome.counts.duplicatesSkipped + (created?.duplicates ?? 0),
    truncated: outcome.counts.truncated,
    writeFailures: created ? created.failed.length : outcome.counts.writeFailures,
  };
  if (created && created.failed.length > 0) warnings.push(writeFailureWarning(created.failed));
  const totalMs = endedAt.getTime() - startedAt.getTime();
  return {
    executionUuid: outcome.executionUuid,
    status: finalStatus(warnings, undefined),
    warnings,
    window: outcome.window,
    counts,
    durations: { searchMs: 0, indexingMs: 0, totalMs },
  };
}

function logDoc(
  loaded: LoadedRule,
  backfillId: string,
  outcome: PassStep,
  result: ExecutionResult,
  startedAt: Date,
  files: boolean,
): ExecutionLogDoc {
  const runAt = outcome.runAt.toISOString();
  return {
    executionUuid: outcome.executionUuid,
    ruleUuid: loaded.uuid,
    ruleId: loaded.rule.rule_id,
    ruleName: loaded.rule.name,
    executionType: 'manual',
    scheduledAt: runAt,
    startedAt: startedAt.toISOString(),
    intendedTimestamp: runAt,
    endedAt: new Date(startedAt.getTime() + result.durations.totalMs).toISOString(),
    window: { start: outcome.window.start.toISOString(), end: outcome.window.end.toISOString() },
    engine: files ? 'files (one pass)' : 'search (one pass)',
    status: result.status,
    warnings: result.warnings,
    counts: result.counts,
    durations: result.durations,
    scheduleDelayMs: 0,
    backfillId,
  };
}
