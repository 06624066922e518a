/**
 * Query-shape rules that need no schema and no types: stage counts, `with runs=`, maxspan, join-key counts,
 * missing stages, pipes. `parse` runs them right after building the tree (so a bad query fails at its source),
 * and `verify` runs them again for trees built by hand; they are pure and idempotent.
 */
import type { Field, Pipe, SampleQuery, SequenceQuery, SequenceStage, Span, Statement } from './ast.js';
import { assertNever } from './ast.js';
import { EqlSemanticError } from '../errors.js';

/** Bounds of `with runs=N`, as Elasticsearch enforces them. */
export const MIN_RUNS = 1;
export const MAX_RUNS = 100;
/** Elasticsearch caps the number of filters of a `sample`. */
export const MAX_SAMPLE_STAGES = 5;

export function checkShape(stmt: Statement): void {
  const fail = (reason: string, span: Span): never => {
    throw new EqlSemanticError('EQL_INVALID', reason, stmt.source, span);
  };
  const query = stmt.query;
  switch (query.type) {
    case 'event':
      break;
    case 'sequence':
      checkSequence(query, fail);
      break;
    case 'sample':
      checkSample(query, fail);
      break;
    default:
      assertNever(query, 'query');
  }
  stmt.pipes.forEach((pipe) => checkPipe(pipe, fail));
}

type Fail = (reason: string, span: Span) => never;

function checkSequence(query: SequenceQuery, fail: Fail): void {
  if (query.maxspanMs !== null && !(query.maxspanMs > 0)) {
    fail(`a positive maxspan value is required; found [${query.maxspanMs}ms]`, query.span);
  }
  for (const stage of query.stages) checkRuns(stage, fail);
  const count = query.stages.reduce((n, s) => n + s.runs, 0);
  if (count < 2) {
    fail(`a sequence requires a minimum of 2 queries, found [${count}]`, query.stages[0]?.span ?? query.span);
  }
  if (query.stages.every((s) => s.missing)) {
    fail('a sequence needs at least one stage that is not a missing event ![...]', query.stages[0].span);
  }
  if (query.until) {
    if (query.until.missing) fail('the [until] stage cannot be a missing event ![...]', query.until.span);
    if (query.until.runs !== 1) fail('the [until] stage cannot have [with runs]', query.until.span);
  }
  const stages: { by: Field[]; span: Span }[] = [...query.stages];
  if (query.until) stages.push(query.until);
  checkKeyCounts(stages, fail);
}

function checkRuns(stage: SequenceStage, fail: Fail): void {
  if (!Number.isInteger(stage.runs) || stage.runs < MIN_RUNS || stage.runs > MAX_RUNS) {
    fail(`a runs value between ${MIN_RUNS} and ${MAX_RUNS} is required; found [${stage.runs}]`, stage.span);
  }
}

function checkSample(query: SampleQuery, fail: Fail): void {
  if (query.stages.length < 2) {
    fail(
      `a sample requires a minimum of 2 queries, found [${query.stages.length}]`,
      query.stages[0]?.span ?? query.span,
    );
  }
  if (query.stages.length > MAX_SAMPLE_STAGES) {
    fail(
      `a sample can contain at most ${MAX_SAMPLE_STAGES} queries, found [${query.stages.length}]`,
      query.stages[MAX_SAMPLE_STAGES].span,
    );
  }
  checkKeyCounts(query.stages, fail);
}

/** Every stage must have as many stage-level join keys as the first one. */
function checkKeyCounts(stages: readonly { by: Field[]; span: Span }[], fail: Fail): void {
  const expected = stages[0]?.by.length ?? 0;
  for (const stage of stages) {
    if (stage.by.length !== expected) {
      fail(
        `inconsistent number of join keys specified; expected [${expected}] but found [${stage.by.length}]`,
        // Point at the offending keys, or at the stage when it has none.
        stage.by.length > 0
          ? { start: stage.by[0].span.start, end: stage.by[stage.by.length - 1].span.end }
          : stage.span,
      );
    }
  }
}

function checkPipe(pipe: Pipe, fail: Fail): void {
  if (!Number.isSafeInteger(pipe.count) || pipe.count < 0) {
    fail(`pipe [${pipe.type}] expects a non-negative integer, found [${pipe.count}]`, pipe.span);
  }
}
