/**
 * The expression compiler, modelled on how Elasticsearch executes an EQL condition:
 *
 * - The boolean skeleton (`and`, `or`, `not`) becomes a bool query: two-valued, and `not` is `must_not`, so
 *   `not (x > 1)` and `x != 1` match an event where `x` is missing, and `x != 1` does not match `x: [1, 2]`.
 * - A predicate on a field against constants (`x == 1`, `x : "a*"`, `x in (...)`, `x == null`) is a term-level
 *   query: true when ANY value of the field passes.
 * - Anything else is a script. Elasticsearch runs it once per combination of the values of the fields it reads
 *   (each field bound to one value throughout) and matches when any run returns true; a missing field is null,
 *   and nulls propagate (three-valued logic). Per event that is the `ScriptScope` driver below.
 *
 * Positive term queries and a one-field script agree, so fast paths only need to honour the negations.
 */
import type { ComparisonOp, Expr, Field, Span } from '../syntax/ast.js';
import { assertNever, MIRRORED_OP, normalizeComparison } from '../syntax/ast.js';
import { asciiLower } from '../../mapping/ascii-case.js';
import { EqlSemanticError } from '../errors.js';
import { findFunction } from '../functions/registry.js';
import type { CompiledArg, Evaluator } from '../functions/implementation.js';
import type { DateParser } from '../../mapping/date-format.js';
import type { CaseFolding } from '../../mapping/lucene-regex.js';
import type { Schema } from '../../mapping/schema.js';
import { arithmetic, negate, resultKind, takeArithmeticFailure } from './arithmetic.js';
import { leafTest, planField, type FieldPlan } from './field-plan.js';
import type { Source } from './path-readers.js';
import { adaptiveAllOf, anyOf, anyValue, not, type Clause } from './specialize.js';
import {
  compareValues,
  comparisonTest,
  inTest,
  literalForKind,
  literalNanos,
  nanosComparisonTest,
  nanosInTest,
  patternTest,
  type Failer,
  type ScalarTest,
} from './testers.js';
import { compareScalars, type Kind } from './values.js';

export interface CompilerOptions {
  /** The mapping of the events evaluated (types, aliases, date formats). */
  schema?: Schema;
  /**
   * The mapping of everything the query searches, when `schema` covers one index of several: an optional field
   * (`?x`) that none of them maps is a null literal (default: `schema`).
   */
  knownFields?: Schema;
  /** The query text, for error carets. */
  source?: string;
  /** How `regex~` folds case: as Elasticsearch 9 (default) or 8. */
  regexCaseFolding?: CaseFolding;
}

export interface Compiled {
  fn: Evaluator;
  kind: Kind;
  constant: boolean;
  value: unknown;
  /** A date field's own format, to read a literal compared with it. */
  parseDate?: DateParser;
}

export type Predicate = (src: Source) => boolean;

export class Compiler implements Failer {
  private readonly plans = new Map<string, FieldPlan>();

  constructor(readonly opts: CompilerOptions) {}

  fail(code: string, reason: string, span: Span): never {
    throw new EqlSemanticError(code, reason, this.opts.source ?? '', span);
  }

  plan(field: Field): FieldPlan {
    const key = fieldKey(field);
    let p = this.plans.get(key);
    if (!p) {
      p = planField(field, this.opts.schema, this.opts.knownFields ?? this.opts.schema);
      this.plans.set(key, p);
    }
    return p;
  }

  // ------------------------------------------------------------ query level

  /**
   * An optional field that no searched index maps: Elasticsearch replaces every mention of it with `null` before
   * optimising, so `?x == ?y` is `null == null`, which is true.
   */
  private absentOptional(field: Field): boolean {
    const known = this.opts.knownFields ?? this.opts.schema;
    return field.optional === true && known !== undefined && !known.has(field.name);
  }

  /** No field is read (after absent optional fields became null): Elasticsearch folds it before querying. */
  private isConstant(expr: Expr): boolean {
    switch (expr.type) {
      case 'literal':
        return true;
      case 'field':
        return this.absentOptional(expr);
      case 'comparison':
      case 'logical':
      case 'arithmetic':
        return this.isConstant(expr.left) && this.isConstant(expr.right);
      case 'not':
      case 'negate':
        return this.isConstant(expr.operand);
      case 'pattern':
        return this.isConstant(expr.left) && expr.patterns.every((p) => this.isConstant(p));
      case 'in':
        return this.isConstant(expr.left) && expr.values.every((p) => this.isConstant(p));
      case 'call':
        return expr.args.every((a) => this.isConstant(a));
      default:
        return false;
    }
  }

  /**
   * The clauses of a top-level `and` chain (one clause otherwise), each with its relative cost and, for a
   * one-field leaf, the `_source` path it reads.
   */
  conjuncts(expr: Expr): Clause[] {
    const clause = (e: Expr): Clause => {
      const field = this.leafField(e);
      return { p: this.predicate(e), cost: this.cost(e), path: field ? this.plan(field).path : null };
    };
    if (expr.type !== 'logical' || expr.op !== 'and' || this.isConstant(expr)) return [clause(expr)];
    const parts: Expr[] = [];
    collectChain(expr, 'and', parts);
    return parts.map(clause);
  }

  /** The condition as Elasticsearch's query would filter: true when the event matches. */
  predicate(expr: Expr): Predicate {
    if (expr.type !== 'literal' && this.isConstant(expr)) {
      // a folded filter keeps events only when it is true (null and false both match nothing)
      const c = this.script(expr, new ScriptScope());
      const v = c.value === true;
      return () => v;
    }
    switch (expr.type) {
      case 'logical': {
        // a chain of one operator is one loop (left to right, stopping early, as the nested form)
        // The bool query is two-valued and its clauses pure (nothing throws or keeps state at run time), so the
        // order of evaluation cannot change the answer: `and` learns the order that rejects cheapest, `or` puts
        // the cheapest clauses first (see `cost`).
        if (expr.op === 'and') return adaptiveAllOf(this.conjuncts(expr));
        const parts: Expr[] = [];
        collectChain(expr, expr.op, parts);
        const preds = parts
          .map((e, i) => ({ p: this.predicate(e), cost: this.cost(e), i }))
          .sort((a, b) => a.cost - b.cost || a.i - b.i)
          .map((x) => x.p);
        return anyOf(preds);
      }
      case 'not': {
        const p = this.predicate(expr.operand);
        return not(p);
      }
      case 'literal': {
        const v = expr.value === true;
        return () => v;
      }
      case 'in':
        if (expr.negated) {
          const p = this.leaf({ ...expr, negated: false });
          return not(p);
        }
        return this.leaf(expr);
      case 'comparison': {
        const n = normalizeComparison(expr);
        if (n.kind === 'predicate') {
          const p = this.predicate(n.expr);
          return n.negated ? not(p) : p;
        }
        const { left, right, op } = n;
        if (op === '!=' && left.type === 'field' && right.type === 'literal' && right.value !== null) {
          const p = this.leaf({ ...expr, left, right, op: '==' });
          return not(p);
        }
        return this.leaf({ ...expr, left, right, op });
      }
      default:
        return this.leaf(expr);
    }
  }

  /**
   * A rough cost of a clause, for ordering: a constant nothing, a term query on a field `fieldCost`, a script or
   * a nested bool more than any of those.
   */
  private cost(expr: Expr): number {
    if (this.isConstant(expr)) return 0;
    const field = this.leafField(expr);
    return field ? fieldCost(this.plan(field).path) : 100;
  }

  /** The one field a term-level leaf (or its negation) tests against constants; null for anything else. */
  private leafField(expr: Expr): Field | null {
    if (this.isConstant(expr)) return null;
    if (expr.type === 'not') return this.leafField(expr.operand);
    let field: Expr | null = null;
    if (expr.type === 'comparison') {
      if (expr.left.type === 'field' && expr.right.type === 'literal') field = expr.left;
      else if (expr.right.type === 'field' && expr.left.type === 'literal') field = expr.right;
    } else if (expr.type === 'pattern' && expr.patterns.every((p) => p.type === 'literal')) field = expr.left;
    else if (expr.type === 'in' && expr.values.every((p) => p.type === 'literal')) field = expr.left;
    if (field === null || field.type !== 'field' || (field.indexes && field.indexes.length > 0)) return null;
    return field;
  }

  /** A leaf of the bool query: a term-level query on one field, or a script. */
  private leaf(expr: Expr): Predicate {
    const fast = this.fastLeaf(expr);
    if (fast) return fast;
    const scope = new ScriptScope();
    const c = this.script(expr, scope);
    if (c.constant) {
      const v = c.value === true;
      return () => v;
    }
    return scope.anyTrue(c.fn);
  }

  /** `field OP constant(s)`: read the values once, true when any passes. */
  private fastLeaf(expr: Expr): Predicate | null {
    let field: Field | null = null;
    let test: ScalarTest | null = null;
    if (expr.type === 'comparison' && expr.left.type === 'field' && expr.right.type === 'literal') {
      field = expr.left;
      const plan = this.plan(field);
      if (expr.right.value === null) {
        const read = plan.presence ?? plan.read;
        if (expr.op === '==') return (s) => read(s) === undefined;
        if (expr.op === '!=') return (s) => read(s) !== undefined;
        return () => false;
      }
      if (plan.nanos) {
        const lit = literalNanos(expr.right.value, plan.nanos.parse, expr.right.span, this);
        if (lit !== null) return anyValue(plan.nanos.read, nanosComparisonTest(expr.op, lit));
      }
      const lit = narrowLiteral(
        literalForKind(expr.right.value, plan.kind, expr.right.span, this, plan.parseDate),
        plan,
      );
      test = comparisonTest(expr.op, lit, plan.kind);
    } else if (
      expr.type === 'pattern' &&
      expr.left.type === 'field' &&
      expr.patterns.every((p) => p.type === 'literal')
    ) {
      field = expr.left;
      test = patternTest(
        {
          op: expr.op,
          caseInsensitive: expr.caseInsensitive,
          caseFolding: this.opts.regexCaseFolding,
          patterns: expr.patterns.map(literalOf),
        },
        this.plan(field).kind,
        this,
      );
    } else if (
      expr.type === 'in' &&
      !expr.negated &&
      expr.left.type === 'field' &&
      expr.values.every((p) => p.type === 'literal')
    ) {
      field = expr.left;
      const plan = this.plan(field);
      if (plan.nanos) {
        const lits: Array<bigint | null> = [];
        for (const l of expr.values.map(literalOf)) {
          const n = l.value === null ? null : literalNanos(l.value, plan.nanos.parse, l.span, this);
          if (n === null && l.value !== null) break;
          lits.push(n);
        }
        if (lits.length === expr.values.length) return anyValue(plan.nanos.read, nanosInTest(lits));
      }
      const values = expr.values.map(literalOf).map((l) => ({ ...l, value: narrowLiteral(l.value, plan) }));
      test = inTest(values, expr.caseInsensitive, plan.kind, this, plan.parseDate);
    }
    if (!field || !test) return null;
    const plan = this.plan(field);
    return leafTest(plan, test, anyValue(plan.read, test));
  }

  // ------------------------------------------------------------ scripts

  /** Compile an expression for script evaluation: fields read the value bound in `scope`. */
  script(expr: Expr, scope: ScriptScope): Compiled {
    switch (expr.type) {
      case 'literal':
        return constant(expr.value, literalKind(expr.kind));
      case 'field': {
        if (this.absentOptional(expr)) return constant(null, 'null');
        const plan = this.plan(expr);
        const slot = scope.slot(fieldKey(expr), plan);
        const slots = scope.values;
        return {
          fn: () => slots[slot],
          kind: plan.kind,
          constant: false,
          value: undefined,
          parseDate: plan.parseDate,
        };
      }
      case 'comparison':
        return this.comparison(expr.op, expr.left, expr.right, scope);
      case 'pattern': {
        const left = this.script(expr.left, scope);
        if (!expr.patterns.every((p) => p.type === 'literal')) {
          // Elasticsearch only takes constant patterns; the verifier reports the rest.
          this.fail(
            'EQL_UNSUPPORTED',
            'pattern must be a constant string',
            expr.patterns.find((p) => p.type !== 'literal')!.span,
          );
        }
        const test = patternTest(
          {
            op: expr.op,
            caseInsensitive: expr.caseInsensitive,
            caseFolding: this.opts.regexCaseFolding,
            patterns: expr.patterns.map(literalOf),
          },
          left.kind,
          this,
        );
        return this.unaryTest(left, test);
      }
      case 'in': {
        const left = this.script(expr.left, scope);
        let c: Compiled;
        if (expr.values.every((p) => p.type === 'literal')) {
          c = this.unaryTest(
            left,
            inTest(expr.values.map(literalOf), expr.caseInsensitive, left.kind, this, left.parseDate),
          );
        } else {
          const items = expr.values.map((v) => this.script(v, scope));
          const ci = expr.caseInsensitive;
          const lf = left.fn;
          c = {
            fn: (s) => {
              const v = lf(s);
              if (v === null || v === undefined) return null;
              let result: boolean | null = false;
              for (const it of items) {
                let w = it.fn(s);
                let x = v;
                if (ci && typeof w === 'string' && typeof x === 'string') {
                  w = asciiLower(w);
                  x = asciiLower(x);
                }
                const eq = compareValues('==', x, w, false);
                if (eq === true) return true;
                if (eq === null) result = null;
              }
              return result;
            },
            kind: 'boolean',
            constant: false,
            value: undefined,
          };
        }
        return expr.negated ? this.not(c) : c;
      }
      case 'logical': {
        const a = this.script(expr.left, scope);
        const b = this.script(expr.right, scope);
        const fa = a.fn;
        const fb = b.fn;
        const fn: Evaluator =
          expr.op === 'and'
            ? (s) => {
                const x = fa(s);
                if (x === false) return false;
                const y = fb(s);
                if (y === false) return false;
                return x === true && y === true ? true : null;
              }
            : (s) => {
                const x = fa(s);
                if (x === true) return true;
                const y = fb(s);
                if (y === true) return true;
                return x === false && y === false ? false : null;
              };
        return this.fold(
          { fn, kind: 'boolean', constant: a.constant && b.constant, value: undefined },
          expr.span,
        );
      }
      case 'not':
        return this.not(this.script(expr.operand, scope));
      case 'arithmetic': {
        const a = this.script(expr.left, scope);
        const b = this.script(expr.right, scope);
        const { op } = expr;
        const fa = a.fn;
        const fb = b.fn;
        const ka = a.kind;
        const kb = b.kind;
        return this.fold(
          {
            fn: (s) => arithmetic(op, fa(s), fb(s), ka, kb),
            kind: resultKind(ka, kb),
            constant: a.constant && b.constant,
            value: undefined,
          },
          expr.span,
        );
      }
      case 'negate': {
        const a = this.script(expr.operand, scope);
        const fa = a.fn;
        return this.fold(
          { fn: (s) => negate(fa(s)), kind: a.kind, constant: a.constant, value: undefined },
          expr.span,
        );
      }
      case 'call': {
        const entry = findFunction(expr.name);
        if (!entry) this.fail('EQL_UNKNOWN_FUNCTION', `Unknown function [${expr.name}]`, expr.span);
        const n = expr.args.length;
        const sig = entry.signature;
        if (n < sig.minArgs || n > sig.maxArgs) {
          this.fail('EQL_ARITY', `wrong number of arguments for [${entry.impl.name}]: ${n}`, expr.span);
        }
        if (expr.caseInsensitive && !sig.caseInsensitive) {
          this.fail(
            'EQL_INVALID',
            `function [${entry.impl.name}] does not take a case-insensitive form`,
            expr.span,
          );
        }
        const args: CompiledArg[] = expr.args.map((a) => ({ ...this.script(a, scope), span: a.span }));
        const out = entry.impl.compile(args, {
          caseInsensitive: expr.caseInsensitive,
          span: expr.span,
          fail: (c, r, sp) => this.fail(c, r, sp),
        });
        return this.fold({ ...out, constant: args.every((a) => a.constant), value: undefined }, expr.span);
      }
      default:
        return assertNever(expr, 'expression');
    }
  }

  private comparison(op0: ComparisonOp, left0: Expr, right0: Expr, scope: ScriptScope): Compiled {
    let op = op0;
    let left = this.script(left0, scope);
    let right = this.script(right0, scope);
    let rightSpan = right0.span;
    let leftExpr = left0;
    if (left.constant && !right.constant) {
      leftExpr = right0;
      [left, right] = [right, left];
      op = MIRRORED_OP[op];
      rightSpan = left0.span;
    }
    // `x == null` / `x != null` test for null, whatever x is (IsNull / IsNotNull).
    if (right.constant && right.value === null && (op === '==' || op === '!=')) {
      const lf = left.fn;
      const want = op === '==';
      const fn: Evaluator = (s) => {
        const v = lf(s);
        return (v === null || v === undefined) === want;
      };
      return this.fold({ fn, kind: 'boolean', constant: left.constant, value: undefined }, rightSpan);
    }
    if (right.constant) {
      if (right.value === null) return constant(null, 'boolean');
      const lit = literalForKind(right.value, left.kind, rightSpan, this, left.parseDate);
      const c = this.unaryTest(left, comparisonTest(op, lit, left.kind, leftExpr.type !== 'field'));
      if (left.constant) return constant(c.fn({}), 'boolean');
      return c;
    }
    const lf = left.fn;
    const rf = right.fn;
    const version = left.kind === 'version' || right.kind === 'version';
    return {
      fn: (s) => compareValues(op, lf(s), rf(s), version),
      kind: 'boolean',
      constant: false,
      value: undefined,
    };
  }

  private unaryTest(left: Compiled, test: ScalarTest): Compiled {
    const lf = left.fn;
    const fn: Evaluator = (s) => {
      const v = lf(s);
      return v === null || v === undefined ? null : test(v);
    };
    if (left.constant) return constant(fn({}), 'boolean');
    return { fn, kind: 'boolean', constant: false, value: undefined };
  }

  private not(c: Compiled): Compiled {
    const f = c.fn;
    const fn: Evaluator = (s) => {
      const v = f(s);
      return v === true ? false : v === false ? true : null;
    };
    if (c.constant) return constant(fn({}), 'boolean');
    return { fn, kind: 'boolean', constant: false, value: undefined };
  }

  /** Evaluate a constant expression now; arithmetic that Java would throw on is an error of the query. */
  private fold(c: Compiled, span: Span): Compiled {
    if (!c.constant) return c;
    takeArithmeticFailure();
    const v = c.fn({});
    const failure = takeArithmeticFailure();
    if (failure) this.fail('EQL_INVALID', `arithmetic error: ${failure}`, span);
    return constant(v === undefined ? null : v, c.kind);
  }
}

function constant(value: unknown, kind: Kind): Compiled {
  return { fn: () => value, kind, constant: true, value };
}

function literalKind(kind: 'string' | 'integer' | 'float' | 'boolean' | 'null'): Kind {
  switch (kind) {
    case 'string':
      return 'string';
    case 'integer':
      return 'long';
    case 'float':
      return 'double';
    case 'boolean':
      return 'boolean';
    case 'null':
      return 'null';
  }
}

function literalOf(e: Expr): { value: unknown; span: Span } {
  return { value: e.type === 'literal' ? e.value : null, span: e.span };
}

export function fieldKey(f: { name: string; indexes?: number[] }): string {
  return f.indexes && f.indexes.length ? `${f.name}[${f.indexes.join('][')}]` : f.name;
}

/** The operands of a chain of one operator, left to right. */
function collectChain(expr: Expr, op: 'and' | 'or', out: Expr[]): void {
  if (expr.type === 'logical' && expr.op === op) {
    collectChain(expr.left, op, out);
    collectChain(expr.right, op, out);
  } else out.push(expr);
}

/**
 * The fields a script reads and the values bound to them for one run. `anyTrue` runs the script over every
 * combination of values (a missing field is one null) and reports whether any run returned true;
 * `firstValues` binds each field to its first doc value (the smallest, as doc values are sorted).
 */
export class ScriptScope {
  readonly values: unknown[] = [];
  private readonly readers: Array<(s: Source) => unknown> = [];
  private readonly kinds: Kind[] = [];
  private readonly index = new Map<string, number>();

  slot(key: string, plan: FieldPlan): number {
    let i = this.index.get(key);
    if (i === undefined) {
      i = this.readers.length;
      this.index.set(key, i);
      this.readers.push(plan.read);
      this.kinds.push(plan.kind);
      this.values.push(null);
    }
    return i;
  }

  anyTrue(fn: Evaluator): Predicate {
    const readers = this.readers;
    const values = this.values;
    const n = readers.length;
    if (n === 0) return (s) => fn(s) === true;
    if (n === 1) {
      const read = readers[0]!;
      return (s) => {
        const v = read(s);
        if (Array.isArray(v)) {
          for (let i = 0; i < v.length; i++) {
            values[0] = v[i];
            if (fn(s) === true) return true;
          }
          return false;
        }
        values[0] = v === undefined ? null : v;
        return fn(s) === true;
      };
    }
    const bound: unknown[] = new Array(n);
    const rec = (s: Source, k: number): boolean => {
      if (k === n) return fn(s) === true;
      const v = bound[k];
      if (Array.isArray(v)) {
        for (let i = 0; i < v.length; i++) {
          values[k] = v[i];
          if (rec(s, k + 1)) return true;
        }
        return false;
      }
      values[k] = v === undefined ? null : v;
      return rec(s, k + 1);
    };
    return (s) => {
      for (let k = 0; k < n; k++) bound[k] = readers[k]!(s);
      return rec(s, 0);
    };
  }

  firstValues(fn: Evaluator): Evaluator {
    const readers = this.readers;
    const kinds = this.kinds;
    const values = this.values;
    const n = readers.length;
    return (s) => {
      for (let k = 0; k < n; k++) {
        const v = readers[k]!(s);
        values[k] = v === undefined ? null : Array.isArray(v) ? smallest(v, kinds[k]!) : v;
      }
      const r = fn(s);
      return r === undefined ? null : r;
    };
  }
}

function smallest(list: unknown[], kind: Kind): unknown {
  let best = list[0];
  for (let i = 1; i < list.length; i++) {
    const c = compareScalars(list[i], best, kind === 'version');
    if (c !== null && c < 0) best = list[i];
  }
  return best;
}

/**
 * The cost of a term-level test on the field at `path` (see `Compiler.cost`): the number of objects the path
 * crosses, each a possible cache miss (`event.type` also shares its object with the category test).
 */
export function fieldCost(path: string): number {
  return path.split('.').length;
}

/** A term-level query on a float-like field compares the literal rounded as the field stores values. */
function narrowLiteral(value: unknown, plan: FieldPlan): unknown {
  return plan.narrow !== undefined && typeof value === 'number' ? plan.narrow(value) : value;
}
