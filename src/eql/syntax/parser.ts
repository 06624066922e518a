/**
 * Recursive-descent parser for Elasticsearch's EQL dialect (8.x/9.x). Expressions live in parse-expression.ts.
 *
 *   statement  := query ('|' pipe)* EOF
 *   query      := event | 'sequence' sequence | 'sample' sample           ('join' is rejected: EQL_UNSUPPORTED)
 *   event      := ('any' | IDENT | STRING) 'where' expression
 *   sequence   := ('by' keys ('with' maxspan)? | 'with' maxspan)? stage+ ('until' stage)?
 *   stage      := ('[' | '![') event ']' ('by' keys)? ('with' 'runs' '=' INTEGER)?
 *   sample     := ('by' keys)? ('[' event ']' ('by' keys)?)+
 *   maxspan    := 'maxspan' '=' INTEGER ('ms' | 's' | 'm' | 'h' | 'd')
 *   pipe       := ('head' | 'tail') INTEGER          (other Endgame pipes: EQL_UNSUPPORTED)
 *
 * Division of labour with `verify`: `parse` throws EqlSyntaxError for text that is not EQL, and also the
 * EqlSemanticErrors that are tied to the query's shape and need neither schema nor types: unsupported syntax
 * (join, pipes other than head/tail, `descendant of`), non-field join keys, `with runs=` / maxspan values, stage
 * and join-key counts, missing stages where they are not allowed (see shape.ts). Function names are
 * canonicalised here but checked (existence, arity, `~`, argument types) by `verify`, together with literal type
 * mismatches and, given a schema, unknown fields. `verify` re-runs the shape checks, so it is complete on its own
 * and idempotent.
 *
 * Integers are JavaScript numbers: exact up to 2^53, beyond that (up to a long's 2^63-1) they lose precision;
 * larger ones become float literals, as Elasticsearch reads them as doubles. Array indexes (`a[0]`) are parsed
 * into Field.indexes, but `verify` rejects them as Elasticsearch does (EQL_UNSUPPORTED).
 */
import type {
  EventQuery,
  Expr,
  Field,
  Pipe,
  Query,
  SampleQuery,
  SampleStage,
  SequenceQuery,
  SequenceStage,
  Statement,
} from './ast.js';
import { tokenize } from './lexer.js';
import { ExpressionParser } from './parse-expression.js';
import { checkShape } from './shape.js';
import { spanOf, TokenStream } from './token-stream.js';
import { KEYWORDS } from './tokens.js';

/** Milliseconds per time unit, as `maxspan` writes them (rules read theirs from src/time/units.ts). */
export const TIME_UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** Pipes of the original EQL that Elasticsearch does not implement. */
const ENDGAME_PIPES: ReadonlySet<string> = new Set([
  'count',
  'filter',
  'unique',
  'unique_count',
  'sort',
  'window',
]);

export function parse(text: string): Statement {
  const ts = new TokenStream(text, tokenize(text));
  const stmt = new StatementParser(ts).statement();
  checkShape(stmt);
  return stmt;
}

class StatementParser {
  private readonly expr: ExpressionParser;

  constructor(private readonly ts: TokenStream) {
    this.expr = new ExpressionParser(ts);
  }

  statement(): Statement {
    const query = this.query();
    const pipes: Pipe[] = [];
    while (this.ts.isPunct('|')) pipes.push(this.pipe());
    if (this.ts.peek().kind !== 'eof') {
      const hint = this.ts.isPunct(']') ? 'unbalanced []' : this.ts.isPunct(')') ? 'unbalanced ()' : '';
      this.ts.unexpected('end of query or [|]', hint);
    }
    return { query, pipes, source: this.ts.source };
  }

  private query(): Query {
    const token = this.ts.peek();
    if (this.ts.acceptKeyword('sequence')) return this.sequence(token.span.start);
    if (this.ts.acceptKeyword('sample')) return this.sample(token.span.start);
    if (this.ts.isKeyword('join')) {
      throw this.ts.semanticError(
        'EQL_UNSUPPORTED',
        '[join] queries are not supported by Elasticsearch EQL',
        token.span,
      );
    }
    if (this.ts.isPunct('[') || this.ts.isPunct('![')) {
      this.ts.unexpected(
        'an event category, [sequence] or [sample]',
        'a bracketed stage must follow [sequence] or [sample]',
      );
    }
    return this.event();
  }

  private event(): EventQuery {
    const token = this.ts.peek();
    let category: string | null;
    if (token.kind === 'keyword' && token.value === 'any') category = null;
    else if (token.kind === 'ident' || token.kind === 'string') category = token.value;
    else if (token.kind === 'quoted') {
      return this.ts.unexpected(
        'an event category',
        'quote an event category with double quotes, not backquotes',
      );
    } else if (token.kind === 'keyword') {
      return this.ts.unexpected(
        'an event category',
        `[${token.value}] is a keyword; quote it as "${token.value}"`,
      );
    } else {
      return this.ts.unexpected('an event category or [any]');
    }
    this.ts.next();
    this.expectKeyword('where');
    const condition = this.expr.expression();
    return { type: 'event', category, condition, span: spanOf(token.span.start, condition.span.end) };
  }

  /** Like TokenStream.expectKeyword, with a hint when the word is there but not in lowercase. */
  private expectKeyword(keyword: string): void {
    const token = this.ts.peek();
    if (token.kind === 'keyword' && token.value === keyword) {
      this.ts.next();
      return;
    }
    const hint =
      token.kind === 'ident' && token.value.toLowerCase() === keyword
        ? `keywords are lowercase: write [${keyword}]`
        : '';
    this.ts.unexpected(`[${keyword}]`, hint);
  }

  private sequence(start: number): SequenceQuery {
    let by: Field[] = [];
    let maxspanMs: number | null = null;
    if (this.ts.acceptKeyword('by')) {
      by = this.joinKeys();
      if (this.ts.acceptKeyword('with')) maxspanMs = this.maxspan();
    } else if (this.ts.acceptKeyword('with')) {
      maxspanMs = this.maxspan();
      if (this.ts.isKeyword('by')) {
        throw this.ts.syntaxError(
          'please specify sequence [by] before [with] not after',
          this.ts.peek().span,
        );
      }
    }
    if (!this.ts.isPunct('[') && !this.ts.isPunct('!['))
      this.ts.unexpected('[[] or [![] to start a sequence stage');
    const stages: SequenceStage[] = [];
    while (this.ts.isPunct('[') || this.ts.isPunct('![')) stages.push(this.sequenceStage());
    let until: SequenceStage | null = null;
    if (this.ts.acceptKeyword('until')) {
      if (!this.ts.isPunct('[') && !this.ts.isPunct('!['))
        this.ts.unexpected('[[] to start the [until] stage');
      until = this.sequenceStage();
    }
    return { type: 'sequence', by, maxspanMs, stages, until, span: spanOf(start, this.ts.lastEnd()) };
  }

  private maxspan(): number {
    const key = this.ts.peek();
    if (key.kind === 'ident' && key.value === 'runs') {
      this.ts.unexpected('[maxspan]', '[with runs=N] belongs after a stage, not after [sequence]');
    }
    this.ts.expectKeyword('maxspan');
    this.ts.expectPunct('=', 'write [with maxspan=10s]');
    const value = this.ts.peek();
    if (value.kind === 'float') {
      throw this.ts.semanticError(
        'EQL_INVALID',
        `decimal time interval [${value.text}] not supported`,
        value.span,
      );
    }
    if (value.kind !== 'integer') return this.ts.unexpected('a time interval such as [10s]');
    this.ts.next();
    const unit = this.ts.peek();
    if (unit.kind !== 'ident') {
      throw this.ts.semanticError(
        'EQL_INVALID',
        `no time unit specified for [maxspan], did you mean [${value.text}s]? (units: ms, s, m, h, d)`,
        value.span,
      );
    }
    this.ts.next();
    const factor = TIME_UNITS[unit.value];
    if (factor === undefined) {
      throw this.ts.semanticError(
        'EQL_INVALID',
        `unrecognized time unit [${unit.value}] in [maxspan=${value.text}${unit.value}], use one of [ms, s, m, h, d]`,
        spanOf(value.span.start, unit.span.end),
      );
    }
    const ms = value.value * factor;
    if (!(ms > 0)) {
      throw this.ts.semanticError(
        'EQL_INVALID',
        `a positive maxspan value is required; found [${value.text}${unit.value}]`,
        spanOf(value.span.start, unit.span.end),
      );
    }
    return ms;
  }

  private sequenceStage(): SequenceStage {
    const open = this.ts.next();
    const missing = open.kind === 'punct' && open.value === '![';
    const query = this.event();
    this.ts.expectPunct(']', 'a stage ends with []]');
    const by = this.ts.acceptKeyword('by') ? this.joinKeys() : [];
    let runs = 1;
    if (this.ts.isKeyword('with')) {
      const withToken = this.ts.next();
      const key = this.ts.peek();
      if (key.kind === 'keyword' && key.value === 'maxspan') {
        throw this.ts.syntaxError(
          '[with maxspan] must come right after [sequence] or its [by] keys',
          withToken.span,
        );
      }
      if (key.kind !== 'ident') this.ts.unexpected('[runs]');
      if (key.value !== 'runs') {
        throw this.ts.semanticError(
          'EQL_INVALID',
          `unrecognized option [${key.value}], expecting [runs]`,
          key.span,
        );
      }
      this.ts.next();
      this.ts.expectPunct('=', 'write [with runs=3]');
      runs = this.runsValue();
    }
    return { query, by, runs, missing, span: spanOf(open.span.start, this.ts.lastEnd()) };
  }

  private runsValue(): number {
    const value = this.ts.peek();
    if (value.kind === 'integer') {
      this.ts.next();
      return value.value;
    }
    if (
      value.kind === 'float' ||
      value.kind === 'string' ||
      (value.kind === 'keyword' && KEYWORDS.has(value.value))
    ) {
      throw this.ts.semanticError(
        'EQL_INVALID',
        `a runs value must be an integer, found [${this.ts.text(value.span)}]`,
        value.span,
      );
    }
    return this.ts.unexpected('an integer runs value');
  }

  private sample(start: number): SampleQuery {
    const by = this.ts.acceptKeyword('by') ? this.joinKeys() : [];
    if (!this.ts.isPunct('[') && !this.ts.isPunct('![')) this.ts.unexpected('[[] to start a sample stage');
    const stages: SampleStage[] = [];
    while (this.ts.isPunct('[') || this.ts.isPunct('![')) {
      const open = this.ts.next();
      if (open.kind === 'punct' && open.value === '![') {
        throw this.ts.semanticError(
          'EQL_INVALID',
          'missing events ![...] are not allowed in a sample',
          open.span,
        );
      }
      const query = this.event();
      this.ts.expectPunct(']', 'a stage ends with []]');
      const keys = this.ts.acceptKeyword('by') ? this.joinKeys() : [];
      stages.push({ query, by: keys, span: spanOf(open.span.start, this.ts.lastEnd()) });
    }
    if (this.ts.isKeyword('until')) {
      throw this.ts.semanticError('EQL_INVALID', '[until] is not allowed in a sample', this.ts.peek().span);
    }
    return { type: 'sample', by, stages, span: spanOf(start, this.ts.lastEnd()) };
  }

  private joinKeys(): Field[] {
    const keys: Field[] = [];
    do {
      const key = this.expr.expression();
      if (key.type !== 'field') {
        throw this.ts.semanticError('EQL_UNSUPPORTED', 'join keys must be fields', key.span);
      }
      keys.push(key);
    } while (this.ts.acceptPunct(','));
    return keys;
  }

  private pipe(): Pipe {
    const bar = this.ts.next();
    const name = this.ts.peek();
    if (name.kind !== 'ident') return this.ts.unexpected('a pipe name ([head] or [tail])');
    this.ts.next();
    // Pipe names are case-sensitive in Elasticsearch: `| HEAD 5` is an unknown pipe.
    const kind = name.value;
    if (kind !== 'head' && kind !== 'tail') {
      const lower = kind.toLowerCase();
      let reason: string;
      if (ENDGAME_PIPES.has(kind))
        reason = `pipe [${kind}] is not supported by Elasticsearch EQL; only [head] and [tail] are`;
      else if (lower === 'head' || lower === 'tail')
        reason = `unrecognized pipe [${kind}], did you mean [${lower}]?`;
      else reason = `unrecognized pipe [${kind}]; Elasticsearch EQL supports [head] and [tail]`;
      throw this.ts.semanticError('EQL_UNSUPPORTED', reason, name.span);
    }
    const args: Expr[] = [];
    if (this.ts.peek().kind !== 'eof' && !this.ts.isPunct('|')) {
      args.push(this.expr.expression());
      while (this.ts.acceptPunct(',')) args.push(this.expr.expression());
    }
    const span = spanOf(bar.span.start, this.ts.lastEnd());
    if (args.length !== 1) {
      throw this.ts.semanticError(
        'EQL_INVALID',
        `pipe [${kind}] expects exactly one argument but found [${args.length}]`,
        args.length === 0 ? name.span : span,
      );
    }
    const arg = args[0];
    if (arg.type !== 'literal' || arg.kind !== 'integer' || typeof arg.value !== 'number' || arg.value < 0) {
      throw this.ts.semanticError(
        'EQL_INVALID',
        `pipe [${kind}] expects a positive integer but found [${this.ts.text(arg.span)}]`,
        arg.span,
      );
    }
    return { type: kind, count: arg.value, span };
  }
}
