/**
 * Script-level compilation: an expression becomes an `Evaluator` of the values bound in a `ScriptScope`, with
 * Elasticsearch's script semantics (a missing field is null, nulls propagate: three-valued logic), functions
 * included. Constant parts are folded at compile time, where arithmetic Java would throw on is a query error.
 */
import type { ComparisonOp, Expr, Span } from '../syntax/ast.js';
import { assertNever, MIRRORED_OP } from '../syntax/ast.js';
import { asciiLower } from '../../mapping/ascii-case.js';
import { findFunction } from '../functions/registry.js';
import type { CompiledArg, Evaluator } from '../functions/implementation.js';
import type { DateParser } from '../../mapping/date-format.js';
import { arithmetic, negate, resultKind, takeArithmeticFailure } from './arithmetic.js';
import { fieldKey, literalOf, type CompileContext } from './compile-context.js';
import type { ScriptScope } from './script-scope.js';
import {
  compareValues,
  comparisonTest,
  inTest,
  literalForKind,
  patternTest,
  type ScalarTest,
} from './testers.js';
import type { Kind } from './values.js';

export interface Compiled {
  fn: Evaluator;
  kind: Kind;
  constant: boolean;
  value: unknown;
  /** A date field's own format, to read a literal compared with it. */
  parseDate?: DateParser;
}

export class ScriptCompiler {
  constructor(private readonly ctx: CompileContext) {}

  /** Compile an expression for script evaluation: fields read the value bound in `scope`. */
  script(expr: Expr, scope: ScriptScope): Compiled {
    switch (expr.type) {
      case 'literal':
        return constant(expr.value, literalKind(expr.kind));
      case 'field': {
        if (this.ctx.absentOptional(expr)) return constant(null, 'null');
        const plan = this.ctx.plan(expr);
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
          this.ctx.fail(
            'EQL_UNSUPPORTED',
            'pattern must be a constant string',
            expr.patterns.find((p) => p.type !== 'literal')!.span,
          );
        }
        const test = patternTest(
          {
            op: expr.op,
            caseInsensitive: expr.caseInsensitive,
            caseFolding: this.ctx.opts.regexCaseFolding,
            patterns: expr.patterns.map(literalOf),
          },
          left.kind,
          this.ctx,
        );
        return this.unaryTest(left, test);
      }
      case 'in': {
        const left = this.script(expr.left, scope);
        let c: Compiled;
        if (expr.values.every((p) => p.type === 'literal')) {
          c = this.unaryTest(
            left,
            inTest(expr.values.map(literalOf), expr.caseInsensitive, left.kind, this.ctx, left.parseDate),
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
        if (!entry) this.ctx.fail('EQL_UNKNOWN_FUNCTION', `Unknown function [${expr.name}]`, expr.span);
        const n = expr.args.length;
        const sig = entry.signature;
        if (n < sig.minArgs || n > sig.maxArgs) {
          this.ctx.fail('EQL_ARITY', `wrong number of arguments for [${entry.impl.name}]: ${n}`, expr.span);
        }
        if (expr.caseInsensitive && !sig.caseInsensitive) {
          this.ctx.fail(
            'EQL_INVALID',
            `function [${entry.impl.name}] does not take a case-insensitive form`,
            expr.span,
          );
        }
        const args: CompiledArg[] = expr.args.map((a) => ({ ...this.script(a, scope), span: a.span }));
        const out = entry.impl.compile(args, {
          caseInsensitive: expr.caseInsensitive,
          span: expr.span,
          fail: (c, r, sp) => this.ctx.fail(c, r, sp),
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
      const lit = literalForKind(right.value, left.kind, rightSpan, this.ctx, left.parseDate);
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
    if (failure) this.ctx.fail('EQL_INVALID', `arithmetic error: ${failure}`, span);
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
