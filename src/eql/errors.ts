import { UserError, visibleText } from '../errors.js';
import { lineColumn, renderCaret } from '../text-position.js';
import type { Span } from './syntax/ast.js';

/**
 * Base class of every query error: it carries the span and the query text, and its message reads
 * `line L:C: <reason>` followed by the offending line and a caret under it.
 */
export abstract class EqlError extends UserError {
  readonly span: Span;
  readonly source: string;
  readonly reason: string;
  readonly line: number;
  readonly column: number;

  constructor(code: string, reason: string, source: string, span: Span) {
    const { line, column } = lineColumn(source, span.start);
    // a reason may quote the query (`unrecognized character [...]`): shown escaped, newlines too
    const shown = visibleText(reason);
    super(code, `line ${line}:${column}: ${shown}\n${renderCaret(source, span)}`);
    this.span = span;
    this.source = source;
    this.reason = shown;
    this.line = line;
    this.column = column;
  }
}

/** The text is not EQL: bad token, unexpected token, unterminated string. Code `EQL_SYNTAX`. */
export class EqlSyntaxError extends EqlError {
  constructor(reason: string, source: string, span: Span) {
    super('EQL_SYNTAX', reason, source, span);
  }
}

/**
 * The text parses but means nothing valid. `code` is one of:
 * `EQL_UNKNOWN_FUNCTION`, `EQL_ARITY`, `EQL_TYPE_MISMATCH`, `EQL_UNKNOWN_FIELD`, `EQL_UNSUPPORTED`, `EQL_INVALID`.
 */
export class EqlSemanticError extends EqlError {}
