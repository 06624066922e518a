/**
 * A backfill with Kibana's windowed semantics (reference §6, the ad-hoc run task): the range is split into steps
 * (time/backfill-steps.ts) and each step runs, in order, as the scheduled execution at its runAt would
 * (executionType `manual`, intended timestamp = runAt, the window date math gives at runAt), so dedup and the
 * max_signals cap work exactly as in scheduled runs. Each step is checkpointed in the BackfillStore as `running`
 * before it runs and `complete` or `error` after: a resume (`--resume ID`) redoes every step not complete, which
 * the deterministic alert ids make safe. Filling a gap backfills its unfilled intervals and records what was
 * filled and the gap's new status. The single-pass engine (runner/single-pass*.ts) must equal this.
 */
import { randomUUID } from 'node:crypto';
import { UserError } from '../errors.js';
import type { Logger } from '../logging/logger.js';
import type { LoadedRule } from '../rules/loaded-rule.js';
import type { BackfillRecord, BackfillStep, BackfillStore, GapRecord } from '../store/stores.js';
import { backfillSteps, type BackfillRange } from '../time/backfill-steps.js';
import { durationMs } from '../time/duration.js';
import {
  fromIso,
  gapStatus,
  mergeIntervals,
  toIso,
  unfilledIntervals,
  type Interval,
} from '../time/intervals.js';
import { windowAt } from '../time/window.js';
import { runPendingInOnePass } from './backfill-one-pass.js';
import type { ExecuteRule, ExecutionDeps, ExecutionResult } from './execution.js';

export interface BackfillDeps {
  execute: ExecuteRule;
  /** What every step's execution is handed but the signal and the logger. */
  execution: Omit<ExecutionDeps, 'signal' | 'logger'>;
  logger: Logger;
  signal?: AbortSignal;
  /** A new backfill's id (default a random UUID). */
  newId?: () => string;
}

export interface BackfillProgress {
  backfillId: string;
  ruleId: string;
  done: number;
  total: number;
  runAt: string;
  eventsScanned: number;
  alertsCreated: number;
}

/** Where a backfill stands after `step`: steps ended (complete or in error) of all, and this call's totals. */
export function progressOf(
  record: BackfillRecord,
  step: BackfillStep,
  totals: { eventsScanned: number; alertsCreated: number },
): BackfillProgress {
  return {
    backfillId: record.id,
    ruleId: record.ruleId,
    done: record.steps.filter((s) => s.status === 'complete' || s.status === 'error').length,
    total: record.steps.length,
    runAt: step.runAt,
    ...totals,
  };
}

export interface BackfillOptions {
  onProgress?: (p: BackfillProgress) => void;
  /**
   * `one-pass` (default): the steps' range read once (backfill-one-pass.ts), equal to the windowed loop by test;
   * `windowed`: one execution per step, as Kibana runs it. The EQL API reads windows only: `--engine eql` is
   * always windowed.
   */
  method?: BackfillMethod;
}

export type BackfillMethod = 'one-pass' | 'windowed';

/** The method a backfill over these events uses. */
export function methodFor(deps: BackfillDeps, asked: BackfillMethod = 'one-pass'): BackfillMethod {
  const ev = deps.execution.events;
  return ev.kind === 'cluster' && ev.engine === 'eql' ? 'windowed' : asked;
}

/** A range, one recorded gap (its unfilled intervals), or an earlier backfill to resume by id. */
export type BackfillTarget =
  { kind: 'range'; range: BackfillRange } | { kind: 'gap'; gap: GapRecord } | { kind: 'resume'; id: string };

export interface BackfillOutcome {
  record: BackfillRecord;
  /** The executions this call ran, oldest first (a resume's only, not the earlier ones'). */
  results: ExecutionResult[];
  /** `interrupted`: the signal stopped it; the record keeps what is left for a resume. */
  outcome: 'complete' | 'error' | 'interrupted';
  /** Gaps recorded again with what this backfill filled. */
  gaps: GapRecord[];
  /** Why a one-pass backfill stopped before its end (its step is `error`; a resume redoes it and the rest). */
  error?: string;
}

const iso = (ms: number) => new Date(ms).toISOString();

/** The steps that cover each interval, by runAt, so a gap's interval counts as filled once all of its are. */
function stepsOf(intervals: Interval[], intervalMs: number): Map<Interval, number[]> {
  return new Map(
    intervals.map((i) => [
      i,
      backfillSteps({ start: new Date(i.gte), end: new Date(i.lte) }, intervalMs).map((d) => d.getTime()),
    ]),
  );
}

export function backfillStore(deps: BackfillDeps): BackfillStore {
  const store = deps.execution.stores.backfills;
  if (!store) throw new Error('the stores have no backfill store');
  return store;
}

async function newRecord(
  loaded: LoadedRule,
  target: Exclude<BackfillTarget, { kind: 'resume' }>,
  deps: BackfillDeps,
): Promise<BackfillRecord> {
  const intervalMs = durationMs(loaded.rule.interval);
  const intervals =
    target.kind === 'range'
      ? [{ gte: target.range.start.getTime(), lte: target.range.end.getTime() }]
      : unfilledIntervals({
          range: fromIso(target.gap.range),
          filled: target.gap.filledIntervals.map(fromIso),
        });
  const runAts = [...new Set([...stepsOf(intervals, intervalMs).values()].flat())].sort((a, b) => a - b);
  const now = deps.execution.clock().toISOString();
  const record: BackfillRecord = {
    id: (deps.newId ?? randomUUID)(),
    ruleUuid: loaded.uuid,
    ruleId: loaded.rule.rule_id,
    range: {
      start: iso(intervals[0]?.gte ?? fromIso(gapRange(target)).gte),
      end: iso(intervals[intervals.length - 1]?.lte ?? fromIso(gapRange(target)).lte),
    },
    interval: loaded.rule.interval,
    steps: runAts.map((t) => ({ runAt: iso(t), status: 'pending' })),
    status: runAts.length === 0 ? 'complete' : 'pending',
    createdAt: now,
    updatedAt: now,
    ...(target.kind === 'gap' ? { gapIds: [target.gap.id] } : {}),
  };
  await backfillStore(deps).put(record);
  return record;
}

function gapRange(target: Exclude<BackfillTarget, { kind: 'resume' }>): { gte: string; lte: string } {
  return target.kind === 'gap'
    ? target.gap.range
    : { gte: target.range.start.toISOString(), lte: target.range.end.toISOString() };
}

async function loadRecord(loaded: LoadedRule, id: string, deps: BackfillDeps): Promise<BackfillRecord> {
  const record = await backfillStore(deps).get(id);
  if (!record) throw new UserError('BACKFILL_NOT_FOUND', `--resume: no backfill with id ${id}`);
  if (record.ruleUuid !== loaded.uuid)
    throw new UserError(
      'BACKFILL_RULE',
      `--resume: backfill ${id} is of rule ${record.ruleId}, not of ${loaded.rule.rule_id}`,
    );
  if (record.interval !== loaded.rule.interval)
    throw new UserError(
      'BACKFILL_RULE',
      `--resume: backfill ${id} was made at interval ${record.interval}; the rule's interval is now ${loaded.rule.interval}`,
    );
  return record;
}

export async function runBackfill(
  loaded: LoadedRule,
  target: BackfillTarget,
  deps: BackfillDeps,
  options: BackfillOptions = {},
): Promise<BackfillOutcome> {
  const record =
    target.kind === 'resume'
      ? await loadRecord(loaded, target.id, deps)
      : await newRecord(loaded, target, deps);
  const store = backfillStore(deps);
  const logger = deps.logger.child({ ruleId: loaded.rule.rule_id, backfillId: record.id });
  const save = async () => {
    record.updatedAt = deps.execution.clock().toISOString();
    await store.put(record);
  };
  let results: ExecutionResult[];
  let interrupted: boolean;
  let error: string | undefined;
  if (methodFor(deps, options.method) === 'one-pass') {
    const out = await runPendingInOnePass(loaded, record, deps, {
      logger,
      save,
      onProgress: options.onProgress,
    });
    ({ results, interrupted, error } = out);
  } else ({ results, interrupted } = await runWindowed(loaded, record, deps, { logger, save, options }));
  if (!interrupted) {
    record.status = record.steps.every((s) => s.status === 'complete') ? 'complete' : 'error';
    await save();
  }
  const gaps = interrupted ? [] : await recordFilled(record, deps);
  return {
    record,
    results,
    outcome: interrupted ? 'interrupted' : record.status === 'complete' ? 'complete' : 'error',
    gaps,
    ...(error !== undefined ? { error } : {}),
  };
}

/** One execution per step not complete, in order, each checkpointed before and after. */
async function runWindowed(
  loaded: LoadedRule,
  record: BackfillRecord,
  deps: BackfillDeps,
  ctx: { logger: Logger; save: () => Promise<void>; options: BackfillOptions },
): Promise<{ results: ExecutionResult[]; interrupted: boolean }> {
  const { logger, save, options } = ctx;
  const results: ExecutionResult[] = [];
  let interrupted = false;
  let eventsScanned = 0;
  let alertsCreated = 0;
  for (const step of record.steps) {
    if (step.status === 'complete') continue;
    if (deps.signal?.aborted) {
      interrupted = true;
      break;
    }
    step.status = 'running';
    delete step.error;
    record.status = 'running';
    await save();
    const runAt = new Date(step.runAt);
    let result: ExecutionResult | undefined;
    let error: string | undefined;
    try {
      result = await deps.execute(
        {
          rule: loaded,
          runAt,
          scheduledAt: runAt,
          executionType: 'manual',
          intendedTimestamp: runAt,
          window: windowAt(loaded.rule, runAt),
          backfillId: record.id,
        },
        { ...deps.execution, signal: deps.signal, logger },
      );
    } catch (e) {
      error = e instanceof Error ? e.message : String(e);
    }
    if (deps.signal?.aborted) {
      // the step stays `running`, as after a crash: a resume redoes it, and dedup keeps that safe
      interrupted = true;
      break;
    }
    if (result) {
      results.push(result);
      error = result.status === 'failed' ? (result.error ?? 'failed') : undefined;
      step.alertsCreated = result.counts.alertsCreated;
      eventsScanned += result.counts.eventsScanned;
      alertsCreated += result.counts.alertsCreated;
    }
    step.status = error === undefined ? 'complete' : 'error';
    if (error !== undefined) {
      step.error = error;
      logger.error('backfill step failed', { runAt: step.runAt, error });
    }
    await save();
    options.onProgress?.(progressOf(record, step, { eventsScanned, alertsCreated }));
  }
  return { results, interrupted };
}

/** Each of the record's gaps again, with the unfilled intervals whose steps all completed now filled. */
async function recordFilled(record: BackfillRecord, deps: BackfillDeps): Promise<GapRecord[]> {
  if (!record.gapIds?.length) return [];
  const { gaps } = deps.execution.stores;
  const done = new Set(record.steps.filter((s) => s.status === 'complete').map((s) => Date.parse(s.runAt)));
  const intervalMs = durationMs(record.interval);
  const out: GapRecord[] = [];
  for (const gap of await gaps.list({ ruleUuid: record.ruleUuid })) {
    if (!record.gapIds.includes(gap.id)) continue;
    const range = fromIso(gap.range);
    const filled = gap.filledIntervals.map(fromIso);
    const unfilled = unfilledIntervals({ range, filled });
    const nowFilled = [...stepsOf(unfilled, intervalMs)]
      .filter(([, runAts]) => runAts.every((t) => done.has(t)))
      .map(([i]) => i);
    const merged = mergeIntervals([...filled, ...nowFilled]);
    const updated: GapRecord = {
      ...gap,
      filledIntervals: merged.map(toIso),
      status: gapStatus({ range, filled: merged }),
    };
    await gaps.record(updated);
    out.push(updated);
  }
  return out;
}

/** The rule's gaps not yet filled, oldest first, each backfilled in turn. */
export async function fillGaps(
  loaded: LoadedRule,
  deps: BackfillDeps,
  options: BackfillOptions = {},
): Promise<BackfillOutcome[]> {
  const open = (await deps.execution.stores.gaps.list({ ruleUuid: loaded.uuid }))
    .filter((g) => g.status !== 'filled')
    .reverse();
  const outcomes: BackfillOutcome[] = [];
  for (const gap of open) {
    if (deps.signal?.aborted) break;
    outcomes.push(await runBackfill(loaded, { kind: 'gap', gap }, deps, options));
  }
  return outcomes;
}
