/**
 * The EQL abstract syntax tree: a discriminated union on `type`.
 *
 * Nodes are plain immutable data so that every stage (evaluator, sequence planner, Query DSL translator)
 * can switch over them exhaustively. Spans are character offsets into the query text, used for error carets.
 */

export interface Span {
  /** Offset of the first character (0-based). */
  start: number;
  /** Offset one past the last character. */
  end: number;
}

// ---------------------------------------------------------------- expressions

export type LiteralValue = string | number | boolean | null;

export interface Literal {
  type: 'literal';
  /** `integer` and `float` are kept apart because EQL arithmetic follows Elasticsearch's long/double rules. */
  kind: 'string' | 'integer' | 'float' | 'boolean' | 'null';
  value: LiteralValue;
  span: Span;
}

/** A field reference: `process.name`, `` `odd name` ``, `args[0]`, `?optional.field`. */
export interface Field {
  type: 'field';
  /** The dotted name as written, without `?` and backquotes, e.g. `process.args[0]` → `process.args`. */
  name: string;
  /** Array indexes that follow the name, in order: `a[0][1]` → [0, 1]. */
  indexes: number[];
  /** `?field`: a field missing from the mapping is null instead of an error. */
  optional: boolean;
  span: Span;
}

export type ComparisonOp = '==' | '!=' | '<' | '<=' | '>' | '>=';

/** The operator that holds with the operands swapped: `a < b` is `b > a`. */
export const MIRRORED_OP: Readonly<Record<ComparisonOp, ComparisonOp>> = {
  '==': '==',
  '!=': '!=',
  '<': '>',
  '<=': '>=',
  '>': '<',
  '>=': '<=',
};

export interface Comparison {
  type: 'comparison';
  op: ComparisonOp;
  left: Expr;
  right: Expr;
  span: Span;
}

/**
 * A comparison as the evaluator and the translator both read it. A literal on the left moves to the right, with
 * the mirrored operator. `f(...) == true` and `f(...) != false` are `f(...)` itself, `f(...) == false` and
 * `f(...) != true` its negation, as Elasticsearch's optimizer simplifies them; `f` is a function call or another
 * condition (comparison, pattern, `in`, `not`, `and`/`or`).
 */
export type NormalizedComparison =
  | { kind: 'predicate'; expr: Expr; negated: boolean }
  | { kind: 'compare'; op: ComparisonOp; left: Expr; right: Expr };

export function normalizeComparison(e: Comparison): NormalizedComparison {
  let { left, right, op } = e;
  if (left.type === 'literal' && right.type !== 'literal') {
    [left, right] = [right, left];
    op = MIRRORED_OP[op];
  }
  if (
    right.type === 'literal' &&
    right.kind === 'boolean' &&
    (op === '==' || op === '!=') &&
    isConditionLike(left)
  )
    return { kind: 'predicate', expr: left, negated: (right.value === true) !== (op === '==') };
  return { kind: 'compare', op, left, right };
}

function isConditionLike(e: Expr): boolean {
  switch (e.type) {
    case 'call':
    case 'comparison':
    case 'pattern':
    case 'in':
    case 'not':
    case 'logical':
      return true;
    default:
      return false;
  }
}

/**
 * Pattern operators, each with one or more patterns (`x : ("a*", "b")`, `x like~ "A*"`).
 * - `:`      case-insensitive equality with `*`/`?` wildcards in string patterns
 * - `like`   case-sensitive wildcard, `like~` its case-insensitive form
 * - `regex`  Lucene regular expression over the whole value, `regex~` case-insensitive
 */
export interface PatternMatch {
  type: 'pattern';
  op: ':' | 'like' | 'regex';
  caseInsensitive: boolean;
  left: Expr;
  patterns: Expr[];
  span: Span;
}

/** `x in (a, b)`, `x in~ (...)`, `x not in (...)`, `x not in~ (...)`. */
export interface InList {
  type: 'in';
  negated: boolean;
  caseInsensitive: boolean;
  left: Expr;
  values: Expr[];
  span: Span;
}

export interface Logical {
  type: 'logical';
  op: 'and' | 'or';
  left: Expr;
  right: Expr;
  span: Span;
}

export interface Not {
  type: 'not';
  operand: Expr;
  span: Span;
}

export type ArithmeticOp = '+' | '-' | '*' | '/' | '%';

export interface Arithmetic {
  type: 'arithmetic';
  op: ArithmeticOp;
  left: Expr;
  right: Expr;
  span: Span;
}

export interface Negate {
  type: 'negate';
  operand: Expr;
  span: Span;
}

export interface FunctionCall {
  type: 'call';
  /** Canonical registry name (e.g. `startsWith`), whatever case the query used. */
  name: string;
  /** `startsWith~(...)`. */
  caseInsensitive: boolean;
  args: Expr[];
  span: Span;
}

export type Expr =
  Literal | Field | Comparison | PatternMatch | InList | Logical | Not | Arithmetic | Negate | FunctionCall;

/** The expressions directly inside `e`. */
export function operandsOf(e: Expr): readonly Expr[] {
  switch (e.type) {
    case 'literal':
    case 'field':
      return [];
    case 'comparison':
    case 'logical':
    case 'arithmetic':
      return [e.left, e.right];
    case 'pattern':
      return [e.left, ...e.patterns];
    case 'in':
      return [e.left, ...e.values];
    case 'not':
    case 'negate':
      return [e.operand];
    case 'call':
      return e.args;
    default:
      return assertNever(e, 'expression');
  }
}

/** How many levels `e` nests (an `a or b or c` chain is one per operator), counted without recursion. */
export function expressionDepth(e: Expr): number {
  let max = 0;
  const stack: Array<[Expr, number]> = [[e, 1]];
  for (let top = stack.pop(); top !== undefined; top = stack.pop()) {
    const [x, depth] = top;
    if (depth > max) max = depth;
    for (const o of operandsOf(x)) stack.push([o, depth + 1]);
  }
  return max;
}

// ---------------------------------------------------------------- queries

/** `<category> where <condition>`; `any where ...` has category null. */
export interface EventQuery {
  type: 'event';
  category: string | null;
  condition: Expr;
  span: Span;
}

/** One bracketed stage of a sequence, `[process where ...] by a, b with runs=3`, or a missing one `![...]`. */
export interface SequenceStage {
  query: EventQuery;
  /** Per-stage join keys; the sequence-level `by` keys come first at evaluation, these follow. */
  by: Field[];
  /** `with runs=N`: the parser keeps it here; the planner expands it into N consecutive stages. */
  runs: number;
  /** `![...]`: the stage must NOT occur between its neighbours. */
  missing: boolean;
  span: Span;
}

export interface SequenceQuery {
  type: 'sequence';
  by: Field[];
  /** Milliseconds, or null without `with maxspan=`. */
  maxspanMs: number | null;
  stages: SequenceStage[];
  until: SequenceStage | null;
  span: Span;
}

export interface SampleStage {
  query: EventQuery;
  by: Field[];
  span: Span;
}

export interface SampleQuery {
  type: 'sample';
  by: Field[];
  stages: SampleStage[];
  span: Span;
}

export type Query = EventQuery | SequenceQuery | SampleQuery;

export interface Pipe {
  type: 'head' | 'tail';
  count: number;
  span: Span;
}

/** A whole statement: the query, its pipes, and the text it was parsed from (for error carets). */
export interface Statement {
  query: Query;
  pipes: Pipe[];
  source: string;
}

/** Compile-time proof that a switch covered every member of a union. */
export function assertNever(value: never, what = 'node'): never {
  throw new Error(`unhandled ${what}: ${JSON.stringify(value)}`);
}
