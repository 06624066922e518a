/**
 * Expressions, by precedence from loosest to tightest (Elasticsearch's grammar):
 *
 *   or  <  and  <  not  <  one comparison (== != < <= > >=, non-associative)  <  + -  <  * / %  <  unary - +
 *   <  a primary with an optional predicate (in, not in, in~, :, like, like~, regex, regex~)
 *
 * A predicate binds to the primary right before it: `a + b in (1)` is `a + (b in (1))`, as in Elasticsearch.
 * Patterns of `:`/like/regex are literals, one or a parenthesised list; `in` takes any expressions.
 * A minus directly before a number literal is folded into the literal (`-1` is a literal, not a negation).
 *
 * One room, though over 350 lines: one recursive-descent class, a method per grammar level down to literals and
 * field names, all sharing the token stream and the nesting count; a split would cut the recursion across files.
 */
import { expressionDepth } from './ast.js';
import type {
  ArithmeticOp,
  ComparisonOp,
  Expr,
  Field,
  FunctionCall,
  InList,
  Literal,
  PatternMatch,
} from './ast.js';
import { lookupFunction } from '../functions/signatures.js';
import { spanOf, type TokenStream } from './token-stream.js';
import type { Token } from './tokens.js';

const LONG_MAX = 9223372036854775807n;

const COMPARISON: ReadonlySet<string> = new Set(['==', '!=', '<', '<=', '>', '>=']);

/** Endgame process-relationship keywords (`descendant of [...]`), which Elasticsearch does not support. */
const RELATIONSHIPS: ReadonlySet<string> = new Set(['descendant', 'child', 'event']);

/**
 * How deep a condition may nest as written (brackets, function calls, `not`, unary minus) and as a tree (where a
 * chain of 300 `or`s is 300 levels). Every pass over a condition (verifier, evaluator, translator) walks it
 * recursively; beyond these a query is reported as too deep rather than overflowing the stack. Detection rules
 * nest a handful of levels, and their longest `or` chains a few dozen.
 */
export const MAX_NESTING = 200;
export const MAX_EXPRESSION_DEPTH = 1000;

export class ExpressionParser {
  private nesting = 0;

  constructor(private readonly ts: TokenStream) {}

  expression(): Expr {
    const start = this.ts.peek();
    const e = this.nested(start, () => this.or());
    if (this.nesting === 0 && expressionDepth(e) > MAX_EXPRESSION_DEPTH)
      throw this.ts.syntaxError(
        `the condition is more than ${MAX_EXPRESSION_DEPTH} levels deep (each operator of a chain is one)`,
        e.span,
      );
    return e;
  }

  /** Runs a nested part of the grammar, failing at `at` once nesting as written passes the limit. */
  private nested<T>(at: Token, parse: () => T): T {
    // the condition itself is the first call, not a level: `(a)` nests one level
    if (this.nesting > MAX_NESTING)
      throw this.ts.syntaxError(`the condition nests more than ${MAX_NESTING} levels deep here`, at.span);
    this.nesting++;
    try {
      return parse();
    } finally {
      this.nesting--;
    }
  }

  private or(): Expr {
    let left = this.and();
    while (this.ts.acceptKeyword('or')) {
      const right = this.and();
      left = { type: 'logical', op: 'or', left, right, span: spanOf(left.span.start, right.span.end) };
    }
    return left;
  }

  private and(): Expr {
    let left = this.not();
    while (this.ts.acceptKeyword('and')) {
      const right = this.not();
      left = { type: 'logical', op: 'and', left, right, span: spanOf(left.span.start, right.span.end) };
    }
    return left;
  }

  private not(): Expr {
    const token = this.ts.peek();
    if (this.ts.acceptKeyword('not')) {
      const operand = this.nested(token, () => this.not());
      return { type: 'not', operand, span: spanOf(token.span.start, operand.span.end) };
    }
    if (token.kind === 'ident' && RELATIONSHIPS.has(token.value) && this.ts.isKeyword('of', 1)) {
      const of = this.ts.peek(1);
      throw this.ts.semanticError(
        'EQL_UNSUPPORTED',
        `process relationship [${token.value} of] is not supported by Elasticsearch EQL`,
        spanOf(token.span.start, of.span.end),
      );
    }
    return this.comparison();
  }

  private comparison(): Expr {
    const left = this.additive();
    const token = this.ts.peek();
    if (token.kind === 'punct' && token.value === '=') {
      throw this.ts.syntaxError('unexpected [=]: use [==] to compare values', token.span);
    }
    if (token.kind !== 'punct' || !COMPARISON.has(token.value)) return left;
    this.ts.next();
    const right = this.additive();
    const after = this.ts.peek();
    if (after.kind === 'punct' && COMPARISON.has(after.value)) {
      throw this.ts.syntaxError(
        `comparisons cannot be chained: found [${after.value}] after [${token.value}]; use [and] or parentheses`,
        after.span,
      );
    }
    return {
      type: 'comparison',
      op: token.value as ComparisonOp,
      left,
      right,
      span: spanOf(left.span.start, right.span.end),
    };
  }

  private additive(): Expr {
    let left = this.multiplicative();
    for (;;) {
      const token = this.ts.peek();
      if (token.kind !== 'punct' || (token.value !== '+' && token.value !== '-')) return left;
      this.ts.next();
      const right = this.multiplicative();
      left = this.arithmetic(token.value, left, right);
    }
  }

  private multiplicative(): Expr {
    let left = this.unary();
    for (;;) {
      const token = this.ts.peek();
      if (token.kind !== 'punct' || (token.value !== '*' && token.value !== '/' && token.value !== '%'))
        return left;
      this.ts.next();
      const right = this.unary();
      left = this.arithmetic(token.value, left, right);
    }
  }

  private arithmetic(op: ArithmeticOp, left: Expr, right: Expr): Expr {
    return { type: 'arithmetic', op, left, right, span: spanOf(left.span.start, right.span.end) };
  }

  private unary(): Expr {
    const token = this.ts.peek();
    if (this.ts.acceptPunct('-')) {
      const operand = this.nested(token, () => this.unary());
      const span = spanOf(token.span.start, operand.span.end);
      if (operand.type === 'literal' && typeof operand.value === 'number') {
        return { ...operand, value: operand.value === 0 ? 0 : -operand.value, span };
      }
      return { type: 'negate', operand, span };
    }
    if (this.ts.acceptPunct('+')) return this.nested(token, () => this.unary());
    return this.predicate(this.primary());
  }

  private predicate(left: Expr): Expr {
    const token = this.ts.peek();
    if (token.kind === 'keyword' && token.value === 'not') {
      const after = this.ts.peek(1);
      if ((after.kind === 'keyword' || after.kind === 'keyword~') && after.value === 'in') {
        this.ts.next();
        return this.inList(left, true);
      }
      return left;
    }
    if ((token.kind === 'keyword' || token.kind === 'keyword~') && token.value === 'in')
      return this.inList(left, false);
    if (token.kind === 'punct' && token.value === ':') return this.pattern(left, ':', false);
    if (
      (token.kind === 'keyword' || token.kind === 'keyword~') &&
      (token.value === 'like' || token.value === 'regex')
    ) {
      return this.pattern(left, token.value, token.kind === 'keyword~');
    }
    return left;
  }

  private inList(left: Expr, negated: boolean): InList {
    const op = this.ts.next();
    const caseInsensitive = op.kind === 'keyword~';
    this.ts.expectPunct('(', `[${negated ? 'not ' : ''}in] takes a parenthesised list, e.g. x in (1, 2)`);
    const values = [this.expression()];
    while (this.ts.acceptPunct(',')) values.push(this.expression());
    this.ts.expectPunct(')', 'expected [,] or [)] in the value list');
    return {
      type: 'in',
      negated,
      caseInsensitive,
      left,
      values,
      span: spanOf(left.span.start, this.ts.lastEnd()),
    };
  }

  private pattern(left: Expr, op: PatternMatch['op'], caseInsensitive: boolean): PatternMatch {
    this.ts.next();
    const patterns: Expr[] = [];
    if (this.ts.acceptPunct('(')) {
      patterns.push(this.constant(op));
      while (this.ts.acceptPunct(',')) patterns.push(this.constant(op));
      this.ts.expectPunct(')', 'expected [,] or [)] in the pattern list');
    } else {
      patterns.push(this.constant(op));
    }
    return {
      type: 'pattern',
      op,
      caseInsensitive,
      left,
      patterns,
      span: spanOf(left.span.start, this.ts.lastEnd()),
    };
  }

  private constant(op: string): Literal {
    const literal = this.literal(this.ts.peek());
    if (!literal)
      this.ts.unexpected('a literal', `the right side of [${op}] must be a literal or a list of literals`);
    this.ts.next();
    return literal;
  }

  private literal(token: Token): Literal | undefined {
    switch (token.kind) {
      case 'string':
        return { type: 'literal', kind: 'string', value: token.value, span: token.span };
      case 'integer':
        // Beyond a long, Elasticsearch quietly reads the number as a double.
        if (BigInt(token.text) > LONG_MAX)
          return { type: 'literal', kind: 'float', value: token.value, span: token.span };
        return { type: 'literal', kind: 'integer', value: token.value, span: token.span };
      case 'float':
        if (!Number.isFinite(token.value)) {
          throw this.ts.semanticError('EQL_INVALID', `number [${token.text}] is too large`, token.span);
        }
        return { type: 'literal', kind: 'float', value: token.value, span: token.span };
      case 'keyword':
        if (token.value === 'true' || token.value === 'false') {
          return { type: 'literal', kind: 'boolean', value: token.value === 'true', span: token.span };
        }
        if (token.value === 'null') return { type: 'literal', kind: 'null', value: null, span: token.span };
        return undefined;
      case 'keyword~':
      case 'ident':
      case 'ident~':
      case 'quoted':
      case 'punct':
      case 'eof':
        return undefined;
    }
  }

  private primary(): Expr {
    const token = this.ts.peek();
    const literal = this.literal(token);
    if (literal) {
      this.ts.next();
      return literal;
    }
    switch (token.kind) {
      case 'ident~':
        return this.call();
      case 'ident':
        if (this.ts.isPunct('(', 1)) return this.call();
        return this.field();
      case 'quoted':
        return this.field();
      case 'punct':
        if (token.value === '?') return this.field();
        if (token.value === '(') {
          this.ts.next();
          const inner = this.expression();
          this.ts.expectPunct(')');
          // Widen the span to the parentheses so carets cover what the user wrote.
          return { ...inner, span: spanOf(token.span.start, this.ts.lastEnd()) };
        }
        return this.ts.unexpected('an expression');
      case 'string':
      case 'integer':
      case 'float':
      case 'keyword':
      case 'keyword~':
      case 'eof':
        return this.ts.unexpected('an expression');
    }
  }

  private call(): FunctionCall {
    const nameToken = this.ts.next();
    const written = nameToken.kind === 'ident' || nameToken.kind === 'ident~' ? nameToken.value : '';
    this.ts.expectPunct('(', `a function call needs its arguments in parentheses, e.g. ${written}(...)`);
    const args: Expr[] = [];
    if (!this.ts.acceptPunct(')')) {
      args.push(this.expression());
      while (this.ts.acceptPunct(',')) args.push(this.expression());
      this.ts.expectPunct(')', 'expected [,] or [)] after a function argument');
    }
    return {
      type: 'call',
      name: lookupFunction(written)?.name ?? written,
      caseInsensitive: nameToken.kind === 'ident~',
      args,
      span: spanOf(nameToken.span.start, this.ts.lastEnd()),
    };
  }

  /** `?a.b`, `` `odd name`.c ``, `a[0]`. A keyword after a dot is taken as a name (`event.sequence`). */
  field(): Field {
    const first = this.ts.peek();
    const optional = this.ts.acceptPunct('?') !== undefined;
    const parts = [this.namePart(false)];
    const indexes: number[] = [];
    for (;;) {
      if (this.ts.isPunct('.')) {
        const dot = this.ts.next();
        if (indexes.length > 0) {
          throw this.ts.semanticError(
            'EQL_UNSUPPORTED',
            'a field name cannot continue after an array index',
            dot.span,
          );
        }
        parts.push(this.namePart(true));
      } else if (this.ts.isPunct('[') && this.ts.peek(1).kind === 'integer' && this.ts.isPunct(']', 2)) {
        this.ts.next();
        const index = this.ts.next();
        this.ts.next();
        if (index.kind === 'integer') indexes.push(index.value);
      } else {
        break;
      }
    }
    return {
      type: 'field',
      name: parts.join('.'),
      indexes,
      optional,
      span: spanOf(first.span.start, this.ts.lastEnd()),
    };
  }

  private namePart(afterDot: boolean): string {
    const token = this.ts.peek();
    if (token.kind === 'ident' || token.kind === 'quoted' || (afterDot && token.kind === 'keyword')) {
      this.ts.next();
      return token.value;
    }
    return this.ts.unexpected(afterDot ? 'a field name after [.]' : 'a field name');
  }
}
