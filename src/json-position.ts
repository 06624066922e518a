/**
 * Where JSON.parse failed. Its messages carry "at position N" for some errors only: Node 20 leaves it out of
 * "Unexpected token 'x', ... is not valid JSON", among others. For those a second parser that reports the offsets
 * of its errors (jsonc-parser, with comments and trailing commas disallowed, as in JSON) finds the spot. It is
 * loaded on the first error only: nothing that parses valid JSON pays for it.
 */
import { createRequire } from 'node:module';
import { lineColumn, renderCaret } from './text-position.js';
import { visibleText } from './errors.js';

type JsoncParser = typeof import('jsonc-parser');
let jsonc: JsoncParser | null = null;

const STRICT_JSON = { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false };

/** The offset of the syntax error JSON.parse reported as `error` for `text`, or null when none can be found. */
function jsonErrorOffset(text: string, error: unknown): number | null {
  const m = /at position (\d+)/.exec(error instanceof Error ? error.message : String(error));
  if (m) return Number(m[1]);
  jsonc ??= createRequire(import.meta.url)('jsonc-parser') as JsoncParser;
  const errors: import('jsonc-parser').ParseError[] = [];
  try {
    jsonc.parse(text, errors, STRICT_JSON);
  } catch (e) {
    // it recurses once per level: text nested thousands deep overflows the stack, and then the spot is unknown
    if (e instanceof RangeError) return null;
    throw e;
  }
  return errors.length > 0 ? errors[0]!.offset : null;
}

/**
 * Where JSON.parse's `error` in `text` is: `file:line:column`, lines counted from `firstLine` when `text` starts
 * there in the file (an NDJSON line, an element of a JSON array) rather than being the whole file, the error's
 * message as `reason`, and the lines to append to the message, the line with a caret under the spot. When the
 * spot cannot be found, `file` (with `firstLine`) and no caret.
 */
export function locateJsonError(
  file: string,
  text: string,
  error: unknown,
  firstLine?: number,
): { where: string; caret: string; reason: string } {
  // JSON.parse's message quotes the text around the error, newlines and all
  const reason = visibleText(error instanceof Error ? error.message : String(error));
  const offset = jsonErrorOffset(text, error);
  if (offset === null)
    return { where: firstLine === undefined ? file : `${file}:${firstLine}`, caret: '', reason };
  const { line, column } = lineColumn(text, offset);
  return {
    where: `${file}:${(firstLine ?? 1) + line - 1}:${column}`,
    caret: `\n${renderCaret(text, { start: offset, end: offset + 1 })}`,
    reason,
  };
}
