/**
 * A sequence query: each event's stage matches (filters first, last stage first) and their join keys go to the
 * SequenceMatcher, which correlates them; keys show dates as Elasticsearch does (mapping/date-presenter.ts).
 */
import type { Field, SequenceQuery, SequenceStage } from '../../eql/syntax/ast.js';
import { generate } from '../../eql/evaluate/codegen.js';
import { datePresenter } from '../../mapping/date-presenter.js';
import type { Source, StageCompiler } from '../stage-compiler.js';
import { compileKeyExtractor, type KeyOf } from '../join-keys.js';
import type { ResultCollector } from '../limits.js';
import { perIndex, type CompilerFor } from '../per-index.js';
import { unionOfLeadPaths, type SingleExecutor } from '../single-executor.js';
import type { EngineEvent } from '../event.js';
import type { ExecuteOptions, MatcherStats, QueryResult } from '../results.js';
import { layoutOf } from './layout.js';
import { SequenceMatcher } from './matcher.js';

interface CompiledStage {
  filter: (src: Source) => boolean;
  key: (src: Source) => KeyOf[];
}

/** `with runs=N` is shorthand for N copies of the stage. */
export function expandRuns(stages: readonly SequenceStage[]): SequenceStage[] {
  const out: SequenceStage[] = [];
  for (const s of stages) for (let i = 0; i < Math.max(1, s.runs); i++) out.push(s);
  return out;
}

/** What a sequence evaluates per event, for one schema. */
interface SequencePlan {
  positive: CompiledStage[];
  missing: CompiledStage[];
  until: CompiledStage | null;
  filters: Array<(src: Source) => boolean>;
  /**
   * Sets `hits[i]` for every positive stage (last first); whether any is set. Runs of one stage share a filter,
   * evaluated once per event.
   */
  scan: (src: Source, hits: boolean[]) => boolean;
}

/**
 * The positive stages' filters, last first, as one function with a call site per stage: a loop over `filters`
 * calls every stage's filter from one site, which V8 can neither inline nor predict.
 */
function compileScan(
  filters: ReadonlyArray<(src: Source) => boolean>,
  sameAsNext: readonly boolean[],
): (src: Source, hits: boolean[]) => boolean {
  const names = filters.map((_, i) => `f${i}`);
  let body = 'let any = false;\nlet m = false;\n';
  for (let i = filters.length - 1; i >= 0; i--) {
    if (!sameAsNext[i]) body += `m = f${i}(src);\n`;
    body += `hits[${i}] = m;\nany = any || m;\n`;
  }
  body += 'return any;';
  return generate(names, `return function scan(src, hits) {\n${body}\n};`, filters, () => (src, hits) => {
    let any = false;
    let m = false;
    for (let i = filters.length - 1; i >= 0; i--) {
      if (!sameAsNext[i]) m = filters[i]!(src);
      hits[i] = m;
      any = any || m;
    }
    return any;
  });
}

function sequencePlan(
  q: SequenceQuery,
  stages: SequenceStage[],
  compiler: StageCompiler,
  present: (f: Field) => ((v: unknown) => unknown) | null,
): SequencePlan {
  // one compiled filter/key per distinct stage object, shared by its runs
  const cache = new Map<SequenceStage, CompiledStage>();
  const compile = (s: SequenceStage): CompiledStage => {
    let c = cache.get(s);
    if (!c) {
      c = {
        filter: compiler.filter(s.query),
        key: compileKeyExtractor([...q.by, ...s.by], compiler, present, true),
      };
      cache.set(s, c);
    }
    return c;
  };
  const positive: CompiledStage[] = [];
  const missing: CompiledStage[] = [];
  for (const s of stages) (s.missing ? missing : positive).push(compile(s));
  const until = q.until ? compile(q.until) : null;
  const last = positive.length - 1;
  const sameAsNext = positive.map((st, i) => i < last && positive[i + 1] === st);
  const filters = positive.map((st) => st.filter);
  return { positive, missing, until, filters, scan: compileScan(filters, sameAsNext) };
}

export function sequenceExecutor(
  q: SequenceQuery,
  compiler: StageCompiler,
  collector: ResultCollector<QueryResult>,
  opts: ExecuteOptions,
  compilerFor?: CompilerFor,
): SingleExecutor {
  const stages = expandRuns(q.stages);
  const layout = layoutOf(stages.map((s) => s.missing));
  const schemaFor = opts.schemaFor;
  const byIndex = perIndex(compilerFor, (c, ix) =>
    sequencePlan(q, stages, c, datePresenter((schemaFor && schemaFor(ix)) ?? opts.schema)),
  );
  let index: string | null = null;
  let { positive, missing, until, filters, scan } = sequencePlan(
    q,
    stages,
    compiler,
    datePresenter(opts.schema),
  );

  const matcher = new SequenceMatcher({
    layout,
    maxspanMs: q.maxspanMs,
    emit: (s) => collector.add({ kind: 'sequence', joinKeys: s.joinKeys, events: s.events }),
  });
  const timed = q.maxspanMs !== null && q.maxspanMs > 0;
  const last = positive.length - 1;
  const hits = new Array<boolean>(positive.length).fill(false);
  const missingHits = new Array<boolean>(missing.length).fill(false);
  // an event from another index than the last one takes that index's own plan
  const follow = (e: EngineEvent) => {
    if (byIndex !== null && e.index !== index) {
      index = e.index;
      ({ positive, missing, until, filters, scan } = byIndex(index));
    }
  };
  let eventsSeen = 0;
  let finished = false;
  let lastTs = NaN;
  let lastNanos = NaN;

  return {
    wants(e: EngineEvent) {
      follow(e);
      const src = e.source;
      for (let i = 0; i < filters.length; i++) if (filters[i](src)) return true;
      for (let i = 0; i < missing.length; i++) if (missing[i].filter(src)) return true;
      return until !== null && until.filter(src);
    },
    push(e: EngineEvent) {
      eventsSeen++;
      if (collector.done) return;
      follow(e);
      const src = e.source;
      // Filters first (they are pure): most events match nothing and then never need their ordinal, a separate
      // object and so one more cache miss on events parsed long ago. The clock moves only before a change.
      let any = scan(src, hits);
      for (let i = 0; i < missing.length; i++) any = (missingHits[i] = missing[i].filter(src)) || any;
      const untilHit = until !== null && until.filter(src);
      if (!any && !untilHit) return;
      const o = e.ordinal;
      if (timed && (o.ts !== lastTs || o.nanos !== lastNanos)) {
        lastTs = o.ts;
        lastNanos = o.nanos;
        matcher.advance(o.ts, o.nanos);
      }
      for (let i = last; i >= 0; i--) {
        if (!hits[i]) continue;
        const keys = positive[i].key(src);
        for (let j = 0; j < keys.length; j++) matcher.match(i, keys[j].id, keys[j].values, e);
      }
      for (let i = 0; i < missing.length; i++) {
        if (!missingHits[i]) continue;
        const keys = missing[i].key(src);
        for (let j = 0; j < keys.length; j++) matcher.missing(i, keys[j].id, keys[j].values, e);
      }
      if (untilHit && until !== null) {
        const keys = until.key(src);
        for (let j = 0; j < keys.length; j++) matcher.until(keys[j].id);
      }
    },
    touchPaths() {
      const fs = [...filters, ...missing.map((m) => m.filter), ...(until ? [until.filter] : [])];
      return unionOfLeadPaths(compiler, fs);
    },
    finish() {
      if (!finished) {
        finished = true;
        matcher.finish();
      }
      return collector.finish();
    },
    drain: () => collector.drain(),
    get done() {
      return collector.done;
    },
    stats(): MatcherStats {
      return { ...matcher.stats(), eventsSeen };
    },
  };
}
