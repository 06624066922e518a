/**
 * The query-level compiler, modelled on how Elasticsearch executes an EQL condition:
 *
 * - The boolean skeleton (`and`, `or`, `not`) becomes a bool query: two-valued, and `not` is `must_not`, so
 *   `not (x > 1)` and `x != 1` match an event where `x` is missing, and `x != 1` does not match `x: [1, 2]`.
 * - A predicate on a field against constants (`x == 1`, `x : "a*"`, `x in (...)`, `x == null`) is a term-level
 *   query: true when ANY value of the field passes.
 * - Anything else is a script. Elasticsearch runs it once per combination of the values of the fields it reads
 *   (each field bound to one value throughout) and matches when any run returns true; a missing field is null,
 *   and nulls propagate (three-valued logic). Per event that is the `ScriptScope` driver (script-scope.ts), and
 *   script-compiler.ts compiles the expression it runs.
 *
 * Positive term queries and a one-field script agree, so fast paths only need to honour the negations.
 */
import type { Expr, Field } from '../syntax/ast.js';
import { normalizeComparison } from '../syntax/ast.js';
import { CompileContext, literalOf, type CompilerOptions } from './compile-context.js';
import { leafTest, type FieldPlan } from './field-plan.js';
import { ScriptCompiler } from './script-compiler.js';
import { ScriptScope } from './script-scope.js';
import { adaptiveAllOf, anyOf, anyValue, not, type Clause, type Predicate } from './specialize.js';
import {
  comparisonTest,
  inTest,
  literalForKind,
  literalNanos,
  nanosComparisonTest,
  nanosInTest,
  patternTest,
  type ScalarTest,
} from './testers.js';

export class QueryCompiler {
  private readonly ctx: CompileContext;
  private readonly scripts: ScriptCompiler;

  constructor(opts: CompilerOptions) {
    this.ctx = new CompileContext(opts);
    this.scripts = new ScriptCompiler(this.ctx);
  }

  /** No field is read (after absent optional fields became null): Elasticsearch folds it before querying. */
  private isConstant(expr: Expr): boolean {
    switch (expr.type) {
      case 'literal':
        return true;
      case 'field':
        return this.ctx.absentOptional(expr);
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
      return { p: this.predicate(e), cost: this.cost(e), path: field ? this.ctx.plan(field).path : null };
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
      const c = this.scripts.script(expr, new ScriptScope());
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
    return field ? fieldCost(this.ctx.plan(field).path) : 100;
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
    const c = this.scripts.script(expr, scope);
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
      const plan = this.ctx.plan(field);
      if (expr.right.value === null) {
        const read = plan.presence ?? plan.read;
        if (expr.op === '==') return (s) => read(s) === undefined;
        if (expr.op === '!=') return (s) => read(s) !== undefined;
        return () => false;
      }
      if (plan.nanos) {
        const lit = literalNanos(expr.right.value, plan.nanos.parse, expr.right.span, this.ctx);
        if (lit !== null) return anyValue(plan.nanos.read, nanosComparisonTest(expr.op, lit));
      }
      const lit = narrowLiteral(
        literalForKind(expr.right.value, plan.kind, expr.right.span, this.ctx, plan.parseDate),
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
          caseFolding: this.ctx.opts.regexCaseFolding,
          patterns: expr.patterns.map(literalOf),
        },
        this.ctx.plan(field).kind,
        this.ctx,
      );
    } else if (
      expr.type === 'in' &&
      !expr.negated &&
      expr.left.type === 'field' &&
      expr.values.every((p) => p.type === 'literal')
    ) {
      field = expr.left;
      const plan = this.ctx.plan(field);
      if (plan.nanos) {
        const lits: Array<bigint | null> = [];
        for (const l of expr.values.map(literalOf)) {
          const n = l.value === null ? null : literalNanos(l.value, plan.nanos.parse, l.span, this.ctx);
          if (n === null && l.value !== null) break;
          lits.push(n);
        }
        if (lits.length === expr.values.length) return anyValue(plan.nanos.read, nanosInTest(lits));
      }
      const values = expr.values.map(literalOf).map((l) => ({ ...l, value: narrowLiteral(l.value, plan) }));
      test = inTest(values, expr.caseInsensitive, plan.kind, this.ctx, plan.parseDate);
    }
    if (!field || !test) return null;
    const plan = this.ctx.plan(field);
    return leafTest(plan, test, anyValue(plan.read, test));
  }
}

/** The operands of a chain of one operator, left to right. */
function collectChain(expr: Expr, op: 'and' | 'or', out: Expr[]): void {
  if (expr.type === 'logical' && expr.op === op) {
    collectChain(expr.left, op, out);
    collectChain(expr.right, op, out);
  } else out.push(expr);
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
