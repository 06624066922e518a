/**
 * Where an offset falls in a text (line and column), and the text's line shown with a caret under a span: how
 * every error on a query, a rule, a mapping or an event points at its place.
 */
import { visibleText } from './errors.js';

/** Offsets `[start, end)` into a text. */
export interface TextSpan {
  start: number;
  end: number;
}

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
export function renderCaret(source: string, span: TextSpan): string {
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
