/**
 * A backfill's steps from one read of its range (issue 15, "Read each event once"). Kibana runs an execution at
 * every step runAt_k and re-reads the overlap of consecutive windows; here each event is read once, in time order,
 * from an async iterable of batches (event files, or later one cluster search over the whole range), and every
 * step writes exactly what its windowed execution would: same matches, same ids, dedup across steps, the
 * per-step max_signals cap keeping the newest (the rest written by later steps while still in their windows).
 *
 * Two ways to find a window's matches, both exact:
 * - carried: an event query without pipes matches event by event, so one executor runs over the whole range and
 *   each window takes its slice of the matches. Needs a rule filter that is the same at every step (no date math,
 *   no expiring exception item).
 * - windowed: anything that correlates (sequences with maxspan, `until`, `![...]` whose absence a window end cuts
 *   short, Elasticsearch #145323; stage replacement; samples; pipes) is correlated again per step over the events
 *   held in memory, because a sequence's existence depends on where the window starts: carrying one correlation
 *   across steps would find sequences longer than any window, or lose those a restart of a partial hides.
 * Events are held from the earliest window start still to come; when the window filter's field cannot be read off
 * the stream's order (`timestamp_override`, a `timestamp_field` other than `@timestamp`, samples), every event is
 * held until the end.
 */
import { compareOrdinals, type EngineEvent } from '../engine/event.js';
import { compileEventTimeRange } from '../engine/event-range.js';
import { createExecutor } from '../engine/executor.js';
import type { ExecuteOptions, QueryResult } from '../engine/results.js';
import { parse } from '../eql/index.js';
import { UserError } from '../errors.js';
import { compileRuleFilter } from '../exceptions/matches.js';
import type { LoadedRule } from '../rules/loaded-rule.js';
import { EXECUTION_SIZE } from '../run/rule-query.js';
import { isOwnIndex } from '../run/own-indices.js';
import { executeOptions } from '../run/settings.js';
import { windowAt, type TimeWindow } from '../time/window.js';
import { writeStep, type StepContext, type StepOutcome } from './single-pass-step.js';

export type { StepOutcome } from './single-pass-step.js';

export interface SinglePassInput extends StepContext {
  /** Every step's runAt, in increasing order. */
  steps: readonly Date[];
  /** The range's events sorted by `timestamp_field` (the engine's ordinal), in batches. */
  events: AsyncIterable<readonly EngineEvent[]>;
  excludeIndices?: string[];
  /** Called after each step, in step order. */
  onStep?: (outcome: StepOutcome & { eventsRead: number }) => void | Promise<void>;
  /**
   * How the engine reads these events, as the windowed execution's would: the mapping of the indices searched
   * (field types, date formats) and the cluster's `regex~` case folding. Event files: none.
   */
  engine?: Pick<ExecuteOptions, 'schema' | 'schemaFor' | 'regexCaseFolding'>;
}

export interface SinglePassRun {
  steps: Array<StepOutcome & { eventsRead: number }>;
  eventsRead: number;
  /** The most events held in memory at once. */
  heldPeak: number;
}

const FALLBACK_TIMESTAMP = '@timestamp';

/** Whether a rule's filter is the same at every step: no filters (their date math) and no exception that expires. */
export function filterIsStepFree(loaded: LoadedRule): boolean {
  return (
    (loaded.rule.filters ?? []).length === 0 &&
    loaded.exceptionItems.every((i) => i.expire_time === undefined)
  );
}

export async function singlePassBackfill(input: SinglePassInput): Promise<SinglePassRun> {
  const { rule } = input.rule;
  const stmt = parse(rule.query);
  const timestampField = rule.timestamp_field ?? FALLBACK_TIMESTAMP;
  const windows = input.steps.map((runAt) => windowAt(rule, runAt));
  for (let k = 1; k < windows.length; k++)
    if (input.steps[k]! <= input.steps[k - 1]!)
      throw new UserError(
        'BACKFILL_STEPS',
        `backfill steps of rule ${rule.rule_id} are not in increasing order`,
      );
  const filters = (rule.filters ?? []) as unknown[];
  const stepFree = filterIsStepFree(input.rule);
  const keepAt = (runAt: Date) => compileRuleFilter(input.rule.exceptionItems, filters, { now: runAt });
  const carried = stmt.query.type === 'event' && stmt.pipes.length === 0 && stepFree;
  // the window filter's time is the ordinal's own, so the stream's order tells when a window is complete
  const ordered =
    stmt.query.type !== 'sample' &&
    rule.timestamp_override === undefined &&
    timestampField === FALLBACK_TIMESTAMP &&
    windows.every((w, k) => k === 0 || (w.start >= windows[k - 1]!.start && w.end >= windows[k - 1]!.end));
  const inWindow = (w: TimeWindow) =>
    compileEventTimeRange(
      { gte: w.start.getTime(), lte: w.end.getTime() },
      {
        timestampField: FALLBACK_TIMESTAMP,
        timestampOverride: rule.timestamp_override,
        timestampOverrideFallbackDisabled: rule.timestamp_override_fallback_disabled,
        timestampOptional: true,
        schema: input.engine?.schema,
      },
    );
  const settings = {
    timestampField,
    tiebreakerField: rule.tiebreaker_field ?? null,
    eventCategoryField: rule.event_category_override ?? 'event.category',
  };
  const also = input.excludeIndices ?? [];
  const engineOptions = (size: number, tail: boolean) => ({
    ...executeOptions(
      { ...settings, size, ...(tail ? { resultPosition: 'tail' as const } : {}) },
      input.engine?.schema,
      input.engine?.schemaFor,
    ),
    ...(input.engine?.regexCaseFolding ? { regexCaseFolding: input.engine.regexCaseFolding } : {}),
  });
  const fixedKeep = stepFree ? keepAt(input.steps[0] ?? new Date(0)) : null;
  // carried: one executor over every event, matches held instead of events
  const whole = carried ? createExecutor(stmt, engineOptions(Number.MAX_SAFE_INTEGER, false)) : null;
  // pushing an event no stage, `until` or missing stage wants changes nothing (Executor.wants): held are only the
  // others, so correlating a window again costs the few events that can take part, not the window's events
  const probe = whole === null ? createExecutor(stmt, engineOptions(1, false)) : null;
  const held: EngineEvent[] = [];
  const heldMatches: QueryResult[] = [];
  const outcomes: SinglePassRun['steps'] = [];
  // each step is told the events read since the step before it: their sum is what the pass read
  let readAtLastStep = 0;
  const passWritten = new Set<string>();
  let eventsRead = 0;
  let heldPeak = 0;
  let next = 0;
  let last: EngineEvent | null = null;
  // a stream holds few indices: each is tested once
  const ownByIndex = new Map<string, boolean>();

  const runStep = async (k: number) => {
    const w = windows[k]!;
    const runAt = input.steps[k]!;
    const test = inWindow(w);
    let matches: QueryResult[];
    if (whole !== null) {
      matches = heldMatches.filter((r) => r.kind === 'event' && test(r.event.source, r.event.ordinal));
    } else {
      const keep = fixedKeep === null ? keepAt(runAt) : null;
      const ex = createExecutor(stmt, engineOptions(EXECUTION_SIZE, true));
      for (const e of held) {
        if (ex.done) break;
        if (test(e.source, e.ordinal) && (keep === null || keep.keep(e.source))) ex.push(e);
      }
      matches = ex.finish();
    }
    const ruleWarnings = [...input.rule.warnings, ...(fixedKeep ?? keepAt(runAt)).warnings];
    const outcome = await writeStep(
      input,
      { runAt, window: w, mode: whole ? 'carried' : 'windowed' },
      matches,
      passWritten,
      ruleWarnings,
    );
    const told = { ...outcome, eventsRead: eventsRead - readAtLastStep };
    readAtLastStep = eventsRead;
    outcomes.push(told);
    await input.onStep?.(told);
    if (ordered && k + 1 < windows.length) {
      const from = windows[k + 1]!.start.getTime();
      evict(held, (e) => e.ordinal.ts < from);
      evict(heldMatches, (r) => r.kind === 'event' && r.event.ordinal.ts < from);
    }
  };

  for await (const batch of input.events) {
    input.signal?.throwIfAborted();
    for (const e of batch) {
      eventsRead++;
      if (stmt.query.type !== 'sample') {
        if (last !== null && compareOrdinals(last.ordinal, e.ordinal) > 0)
          throw new Error(`backfill events out of order: ${e.index}/${e.id} after ${last.index}/${last.id}`);
        last = e;
      }
      if (ordered)
        while (next < windows.length && e.ordinal.ts > windows[next]!.end.getTime()) await runStep(next++);
      let own = ownByIndex.get(e.index);
      if (own === undefined) ownByIndex.set(e.index, (own = isOwnIndex(e.index, also)));
      if (own) continue;
      if (whole !== null) {
        if (!fixedKeep!.keep(e.source)) continue;
        whole.push(e);
        heldMatches.push(...whole.drain());
      } else if (probe!.wants(e) && (fixedKeep === null || fixedKeep.keep(e.source))) held.push(e);
    }
    heldPeak = Math.max(heldPeak, held.length + heldMatches.length);
  }
  if (whole !== null) heldMatches.push(...whole.finish());
  while (next < windows.length) await runStep(next++);
  return { steps: outcomes, eventsRead, heldPeak };
}

/** Drops the leading entries `old` says are before every window still to come (both arrays are in time order). */
function evict<T>(list: T[], old: (x: T) => boolean): void {
  let n = 0;
  while (n < list.length && old(list[n]!)) n++;
  if (n > 0) list.splice(0, n);
}
