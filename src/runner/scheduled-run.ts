/**
 * One scheduled tick of one rule, as Kibana's security rule wrapper runs it: read the rule's state, compute the
 * windows with the catch-up (time/catch-up.ts: up to 4 extra windows after a missed run, oldest first), execute
 * once per window, record what is left as a gap (`unfilled`, Kibana's range and message, the run `failed`), then
 * save the state the next tick (or a restarted runner) continues from.
 *
 * The state is written only after the executions: a `kill -9` mid-tick leaves the previous `lastStartedAt`, so the
 * restarted runner searches these windows again, and the deterministic alert ids (dedup before write, `create`
 * with 409 as a duplicate) make that safe: nothing lost, nothing doubled. For the same reason a tick that was
 * aborted (the per-rule timeout, or the shutdown grace) keeps the previous `lastStartedAt`: the windows it did not
 * finish are searched by the next tick's catch-up rather than left behind. An execution that failed otherwise (an
 * error, as Kibana's) moves the state on, with `failed` and its message, as Kibana does.
 */
import type { Logger } from '../logging/logger.js';
import type { LoadedRule } from '../rules/loaded-rule.js';
import type { ExecutionStatus, GapRecord, RuleState } from '../store/stores.js';
import { gapMessage, ruleTuples } from '../time/catch-up.js';
import type { ExecuteRule, ExecutionDeps, ExecutionResult } from './execution.js';
import type { RunnerMetrics } from './metrics.js';
import type { TickContext } from './scheduler.js';

export interface ScheduledRunDeps {
  execute: ExecuteRule;
  /** What every execution is handed but the signal and the logger, which come with each tick. */
  execution: Omit<ExecutionDeps, 'signal' | 'logger'>;
  metrics?: RunnerMetrics;
}

export interface TickResult {
  status: ExecutionStatus;
  /** One per window executed, oldest first. */
  results: ExecutionResult[];
  gap: GapRecord | null;
  message: string;
  /** Whether the tick ran to its end (not aborted): only then does lastStartedAt move on. */
  completed: boolean;
}

/** Kibana's status order: the worst status of a tick's executions is the tick's. */
const ORDER: Record<ExecutionStatus, number> = {
  succeeded: 0,
  running: 15,
  'partial failure': 20,
  failed: 30,
};
const worst = (a: ExecutionStatus, b: ExecutionStatus) => (ORDER[b] > ORDER[a] ? b : a);

/** The gap's id: one rule's gap from one previous start, so a tick done again after a crash rewrites it. */
export const gapId = (ruleUuid: string, gte: string) => `${ruleUuid}:${gte}`;

export async function runScheduledTick(
  loaded: LoadedRule,
  ctx: TickContext,
  deps: ScheduledRunDeps,
): Promise<TickResult> {
  const { rule } = loaded;
  const { stores, clock } = deps.execution;
  const logger = ctx.logger;
  const previous = await stores.state.get(loaded.uuid);
  const previousStartedAt = previous?.lastStartedAt ? new Date(previous.lastStartedAt) : null;
  const range = ruleTuples(rule, ctx.startedAt, previousStartedAt);

  let status: ExecutionStatus = 'succeeded';
  const messages: string[] = [];
  let gap: GapRecord | null = null;
  if (range.gap) {
    const r = { gte: range.gap.gte.toISOString(), lte: range.gap.lte.toISOString() };
    gap = {
      id: gapId(loaded.uuid, r.gte),
      ruleUuid: loaded.uuid,
      ruleId: rule.rule_id,
      range: r,
      status: 'unfilled',
      filledIntervals: [],
      recordedAt: clock().toISOString(),
    };
    // recorded before the executions: the gap is there even if the tick dies in them
    await stores.gaps.record(gap);
    deps.metrics?.recordGap(range.gapMs);
    status = 'failed';
    messages.push(gapMessage(range.gapMs));
    logger.error(messages[0]!, { gap: r, gapMs: range.gapMs });
  }
  if (range.catchUp > 0)
    logger.info('catching up on missed runs', {
      catchUp: range.catchUp,
      previousStartedAt: previous?.lastStartedAt,
    });

  const results: ExecutionResult[] = [];
  let completed = true;
  for (const tuple of range.tuples) {
    if (ctx.signal.aborted) {
      completed = false;
      break;
    }
    let result: ExecutionResult;
    try {
      result = await deps.execute(
        {
          rule: loaded,
          runAt: tuple.runAt,
          scheduledAt: ctx.scheduledAt,
          executionType: 'scheduled',
          intendedTimestamp: tuple.runAt,
          window: { start: tuple.start, end: tuple.end },
        },
        { ...deps.execution, signal: ctx.signal, logger },
      );
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      deps.metrics?.recordFailedRun();
      logger.error(`An error occurred during rule execution: message: "${message}"`, {
        runAt: tuple.runAt.toISOString(),
      });
      status = 'failed';
      messages.push(`An error occurred during rule execution: message: "${message}"`);
      if (ctx.signal.aborted) completed = false;
      continue;
    }
    results.push(result);
    deps.metrics?.recordExecution(result);
    status = worst(status, result.status);
    if (result.error) messages.push(result.error);
    messages.push(...result.warnings);
    logRun(logger, result);
  }
  if (ctx.signal.aborted) completed = false;

  const message = messages.length > 0 ? messages.join(', ') : 'Rule execution completed successfully';
  const now = clock().toISOString();
  const last = results[results.length - 1];
  const state: RuleState = {
    ruleUuid: loaded.uuid,
    ruleId: rule.rule_id,
    name: rule.name,
    lastStartedAt: completed ? ctx.startedAt.toISOString() : previous?.lastStartedAt,
    lastSucceededAt: status === 'succeeded' ? now : previous?.lastSucceededAt,
    lastStatus: completed ? status : 'failed',
    lastExecutionUuid: last?.executionUuid ?? previous?.lastExecutionUuid,
    lastMessage: completed ? message : `aborted: ${abortReason(ctx.signal)}; ${message}`,
    updatedAt: now,
  };
  for (const k of Object.keys(state) as Array<keyof RuleState>) if (state[k] === undefined) delete state[k];
  await stores.state.put(state);
  return { status: state.lastStatus!, results, gap, message: state.lastMessage!, completed };
}

function abortReason(signal: AbortSignal): string {
  const r: unknown = signal.reason;
  return r instanceof Error ? r.message : String(r);
}

function logRun(logger: Logger, result: ExecutionResult): void {
  logger.child({ executionId: result.executionUuid }).info('rule executed', {
    status: result.status,
    window: { start: result.window.start.toISOString(), end: result.window.end.toISOString() },
    ...result.counts,
    durationMs: result.durations.totalMs,
  });
}
