/**
 * Semantic checks of a parsed statement, the ones Elasticsearch's EQL analyzer and verifier make before running
 * a query. Pure and idempotent: it reads the tree and throws the first problem as an EqlSemanticError.
 *
 * - functions: known (EQL_UNKNOWN_FUNCTION, with a "did you mean"), supported (EQL_UNSUPPORTED for Endgame-only
 *   functions), number of arguments (EQL_ARITY), `~` only on functions that have a case-insensitive form,
 *   literal-only arguments and literal argument types (EQL_TYPE_MISMATCH);
 * - field-to-field comparisons (`a == b`, `a in (b)`), which Elasticsearch cannot run (EQL_UNSUPPORTED);
 * - operators: values of certain, different types compared, arithmetic or negation on non-numbers, `not`/`and`/
 *   `or`/`where` on non-booleans, non-string patterns, mixed value types in `in` lists (EQL_TYPE_MISMATCH);
 * - fields: array indexes `a[0]` (parsed for the AST's sake, but Elasticsearch rejects them: EQL_UNSUPPORTED);
 * - with a schema: non-optional fields the schema does not know (EQL_UNKNOWN_FIELD); `?field` always passes;
 * - the query-shape rules of shape.ts (EQL_INVALID), which `parse` already ran.
 */
import type { Expr, Field, FunctionCall, Query, Span, Statement } from '../syntax/ast.js';
import { assertNever } from '../syntax/ast.js';
import { EqlSemanticError } from '../errors.js';
import { argSpec, lookupFunction, suggestFunction, UNSUPPORTED_FUNCTIONS } from '../functions/signatures.js';
import type { Schema } from '../../mapping/schema.js';
import { checkShape } from '../syntax/shape.js';
import { argTypeName, fits, fitsArg, incompatible, staticType, typeName } from './static-types.js';

export interface VerifyOptions {
  /** When given, non-optional fields must be known to it. */
  schema?: Schema;
}

export function verify(stmt: Statement, options: VerifyOptions = {}): void {
  checkShape(stmt);
  new Verifier(stmt.source, options.schema).query(stmt.query);
}

const ORDINAL = ['first', 'second', 'third', 'fourth', 'fifth'];
function ordinal(i: number): string {
  return ORDINAL[i] ?? `${i + 1}th`;
}

class Verifier {
  constructor(
    private readonly source: string,
    private readonly schema: Schema | undefined,
  ) {}

  private fail(code: string, reason: string, span: Span): never {
    throw new EqlSemanticError(code, reason, this.source, span);
  }

  private text(expr: { span: Span }): string {
    return this.source.slice(expr.span.start, expr.span.end);
  }

  query(query: Query): void {
    switch (query.type) {
      case 'event':
        this.condition(query.condition);
        break;
      case 'sequence':
        query.by.forEach((f) => this.field(f));
        for (const stage of [...query.stages, ...(query.until ? [query.until] : [])]) {
          this.query(stage.query);
          stage.by.forEach((f) => this.field(f));
        }
        break;
      case 'sample':
        query.by.forEach((f) => this.field(f));
        for (const stage of query.stages) {
          this.query(stage.query);
          stage.by.forEach((f) => this.field(f));
        }
        break;
      default:
        assertNever(query, 'query');
    }
  }

  private condition(expr: Expr): void {
    this.expr(expr);
    if (!fits(staticType(expr), 'boolean')) {
      this.fail(
        'EQL_TYPE_MISMATCH',
        `condition expression needs to be boolean, found [${typeName(expr)}]`,
        expr.span,
      );
    }
  }

  private expr(expr: Expr): void {
    switch (expr.type) {
      case 'literal':
        return;
      case 'field':
        this.field(expr);
        return;
      case 'comparison':
        this.expr(expr.left);
        this.expr(expr.right);
        this.noFieldComparison(expr.left, [expr.right], expr.op);
        if (incompatible(staticType(expr.left), staticType(expr.right))) {
          this.mismatch(expr.right, 'second', this.text(expr), typeName(expr.left));
        }
        return;
      case 'pattern':
        this.expr(expr.left);
        if (!fits(staticType(expr.left), 'string'))
          this.mismatch(expr.left, 'first', this.text(expr), 'string');
        expr.patterns.forEach((p, i) => {
          this.expr(p);
          const nullOk = expr.op === ':' && p.type === 'literal' && p.kind === 'null';
          if (!nullOk && staticType(p) !== 'string' && staticType(p) !== 'unknown') {
            this.mismatch(p, ordinal(i + 1), this.text(expr), 'string');
          }
        });
        return;
      case 'in':
        this.inList(expr.left, expr.values, this.text(expr));
        return;
      case 'logical':
        this.expr(expr.left);
        this.expr(expr.right);
        if (!fits(staticType(expr.left), 'boolean'))
          this.mismatch(expr.left, 'first', this.text(expr), 'boolean');
        if (!fits(staticType(expr.right), 'boolean'))
          this.mismatch(expr.right, 'second', this.text(expr), 'boolean');
        return;
      case 'not':
        this.expr(expr.operand);
        if (!fits(staticType(expr.operand), 'boolean'))
          this.mismatch(expr.operand, 'argument', this.text(expr), 'boolean');
        return;
      case 'arithmetic':
        this.expr(expr.left);
        this.expr(expr.right);
        if (!fits(staticType(expr.left), 'numeric'))
          this.mismatch(expr.left, 'first', this.text(expr), 'numeric');
        if (!fits(staticType(expr.right), 'numeric'))
          this.mismatch(expr.right, 'second', this.text(expr), 'numeric');
        return;
      case 'negate':
        this.expr(expr.operand);
        if (!fits(staticType(expr.operand), 'numeric'))
          this.mismatch(expr.operand, 'argument', this.text(expr), 'numeric');
        return;
      case 'call':
        this.call(expr);
        return;
      default:
        assertNever(expr, 'expression');
    }
  }

  private inList(left: Expr, values: Expr[], whole: string): void {
    this.expr(left);
    values.forEach((v) => this.expr(v));
    this.noFieldComparison(left, values, 'in');
    let expected = staticType(left);
    let expectedName = typeName(left);
    values.forEach((value, i) => {
      const t = staticType(value);
      // Elasticsearch numbers the list values from the first one: `x in (1, "a")` blames the 2nd argument.
      if (incompatible(expected, t)) this.mismatch(value, ordinal(i), whole, expectedName);
      if (expected === 'unknown' || expected === 'null') {
        expected = t;
        expectedName = typeName(value);
      }
    });
  }

  /**
   * Elasticsearch compares a field only with constants (`a == b`, `a == b + 1`, `a in (b)` are rejected; a
   * comparison between two function results runs as a script and is fine). A `?field` the schema does not map
   * (or any `?field` without a schema) may resolve to null, so it does not count as a field here.
   */
  private noFieldComparison(left: Expr, others: Expr[], op: string): void {
    const sides = [left, ...others];
    const direct = sides.find((e): e is Field => e.type === 'field' && this.certainField(e));
    if (!direct) return;
    for (const side of sides) {
      if (side === direct) continue;
      const offender = this.fieldIn(side);
      if (offender) {
        this.fail(
          'EQL_UNSUPPORTED',
          `comparisons against fields are not supported; offender [${this.text(offender)}] in [${op}]`,
          offender.span,
        );
      }
    }
  }

  private certainField(field: Field): boolean {
    return !field.optional || (this.schema?.has(field.name) ?? false);
  }

  /** The first field that certainly exists inside `expr`. */
  private fieldIn(expr: Expr): Field | undefined {
    switch (expr.type) {
      case 'literal':
        return undefined;
      case 'field':
        return this.certainField(expr) ? expr : undefined;
      case 'comparison':
      case 'logical':
      case 'arithmetic':
        return this.fieldIn(expr.left) ?? this.fieldIn(expr.right);
      case 'not':
      case 'negate':
        return this.fieldIn(expr.operand);
      case 'pattern':
        return this.fieldIn(expr.left);
      case 'in':
        return (
          this.fieldIn(expr.left) ?? expr.values.map((v) => this.fieldIn(v)).find((f) => f !== undefined)
        );
      case 'call':
        return expr.args.map((a) => this.fieldIn(a)).find((f) => f !== undefined);
      default:
        return assertNever(expr, 'expression');
    }
  }

  /** Elasticsearch's wording: `second argument of [x == "a"] must be [integer], found value ["a"] type [keyword]`. */
  private mismatch(arg: Expr, position: string, whole: string, expected: string): never {
    const which = position === 'argument' ? 'argument' : `${position} argument`;
    return this.fail(
      'EQL_TYPE_MISMATCH',
      `${which} of [${whole}] must be [${expected}], found value [${this.text(arg)}] type [${typeName(arg)}]`,
      arg.span,
    );
  }

  private call(call: FunctionCall): void {
    const nameSpan = {
      start: call.span.start,
      end: call.span.start + call.name.length + (call.caseInsensitive ? 1 : 0),
    };
    const sig = lookupFunction(call.name);
    if (!sig) {
      if (UNSUPPORTED_FUNCTIONS.has(call.name.toLowerCase())) {
        this.fail(
          'EQL_UNSUPPORTED',
          `function [${call.name}] is not supported by Elasticsearch EQL`,
          nameSpan,
        );
      }
      const suggestion = suggestFunction(call.name);
      const hint = suggestion ? `, did you mean [${suggestion}]?` : '';
      this.fail('EQL_UNKNOWN_FUNCTION', `unknown function [${call.name}]${hint}`, nameSpan);
    }
    if (call.caseInsensitive && !sig.caseInsensitive) {
      this.fail(
        'EQL_TYPE_MISMATCH',
        `function [${sig.name}] does not support case-insensitive [~] matching`,
        nameSpan,
      );
    }
    const n = call.args.length;
    if (n < sig.minArgs || n > sig.maxArgs) {
      const expected =
        sig.minArgs === sig.maxArgs
          ? `exactly ${sig.minArgs}`
          : sig.maxArgs === Infinity
            ? `at least ${sig.minArgs}`
            : `${sig.minArgs} to ${sig.maxArgs}`;
      this.fail(
        'EQL_ARITY',
        `function [${sig.name}] expects ${expected} argument${sig.maxArgs === 1 ? '' : 's'}, found [${n}]`,
        call.span,
      );
    }
    call.args.forEach((arg, i) => {
      this.expr(arg);
      const spec = argSpec(sig, i);
      if (spec.literal && arg.type !== 'literal') {
        this.fail(
          'EQL_TYPE_MISMATCH',
          `${ordinal(i)} argument of [${this.text(call)}] must be a constant, received [${this.text(arg)}]`,
          arg.span,
        );
      }
      if (!fitsArg(arg, spec.type)) this.mismatch(arg, ordinal(i), this.text(call), argTypeName(spec.type));
    });
  }

  private field(field: Field): void {
    if (field.indexes.length > 0) {
      this.fail('EQL_UNSUPPORTED', 'array indexes are not supported by Elasticsearch EQL', field.span);
    }
    if (!this.schema || field.optional) return;
    if (!this.schema.has(field.name)) {
      this.fail(
        'EQL_UNKNOWN_FIELD',
        `unknown field [${field.name}]; write [?${field.name}] if it may be missing from the mapping`,
        field.span,
      );
    }
  }
}
