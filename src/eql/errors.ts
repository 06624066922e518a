import { UserError, visibleText } from '../errors.js';
import type { Span } from './syntax/ast.js';

/** Line and column (both 1-based) of an offset in `source`. */
export function lineColumn(source: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < source.length; i++) {
    if (source[i] === '\n') {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}

/**
 * The source line holding `span.start`, and a caret line under the span (at least one `^`). The line's control
 * characters are shown as escapes (see `visibleText`), the caret under the escape of the character it names.
 */
export function renderCaret(source: string, span: Span): string {
  const lineStart = source.lastIndexOf('\n', span.start - 1) + 1;
  const nl = source.indexOf('\n', span.start);
  let lineEnd = nl === -1 ? source.length : nl;
  // a CRLF line's \r belongs to its line break, unless the span names it
  if (nl !== -1 && span.end < lineEnd && source.charCodeAt(lineEnd - 1) === 13) lineEnd--;
  // a long line (a generated query on one line) is shown around the span, not whole
  let from = lineStart;
  let to = lineEnd;
  if (lineEnd - lineStart > 2 * CARET_CONTEXT + 20) {
    from = Math.max(lineStart, span.start - CARET_CONTEXT);
    to = Math.min(
      lineEnd,
      Math.min(Math.max(span.end, span.start + 1), span.start + CARET_CONTEXT) + CARET_CONTEXT,
    );
  }
  const left = from > lineStart ? '...' : '';
  const right = to < lineEnd ? '...' : '';
  const before = visibleText(source.slice(from, span.start));
  const under = visibleText(source.slice(span.start, Math.max(span.start, Math.min(span.end, to))));
  const after = visibleText(source.slice(Math.max(span.start, Math.min(span.end, to)), to));
  const pad = ' '.repeat(left.length + before.length);
  return `${left}${before}${under}${after}${right}\n${pad}${'^'.repeat(Math.max(1, under.length))}`;
}

/** Characters shown on each side of an error's span when its line is long. */
const CARET_CONTEXT = 60;

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
