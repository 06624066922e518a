/**
 * Events nested deeper than Elasticsearch reads a document (see json-depth.ts) are invalid records, as
 * Elasticsearch would have refused them at indexing: `EVENT_INVALID_DEPTH`, naming the file and line, counted and
 * reported as every record that cannot be an event is (record-verdicts.ts). The reader checks every event it
 * parses, and only a record text long enough to nest that deep is walked: a normal event costs one comparison.
 */
import type { RecordProblem } from './record-verdicts.js';
import { lineColumn, renderCaret } from '../../text-position.js';
import {
  describeJsonPath,
  MAX_JSON_DEPTH,
  mayNestDeeper,
  offsetBeyondDepth,
  pathBeyondDepth,
} from '../../json-depth.js';

export const EVENT_INVALID_DEPTH = 'EVENT_INVALID_DEPTH';

const WHY =
  `Elasticsearch refuses a document nested deeper than ${MAX_JSON_DEPTH.toLocaleString('en-US')} levels ` +
  "(its JSON parser's maxNestingDepth), so it can hold no such event";

/** Whether a record's text must be checked with `checkEventDepth` (false for any record of normal size). */
export const mayHoldTooDeepEvent = (text: string): boolean => mayNestDeeper(text, MAX_JSON_DEPTH);

/** `EVENT_INVALID_DEPTH` when `source` (an event: a record, or a hit's `_source`) nests too deep, else null. */
export function eventDepthProblem(source: Record<string, unknown>, where: string): RecordProblem | null {
  const path = pathBeyondDepth(source, MAX_JSON_DEPTH);
  if (path === null) return null;
  return {
    code: EVENT_INVALID_DEPTH,
    where,
    message:
      `the event nests deeper than ${MAX_JSON_DEPTH.toLocaleString('en-US')} levels, at ` +
      `${describeJsonPath(path)} (level ${(path.length + 1).toLocaleString('en-US')}): ${WHY}`,
  };
}

/**
 * For a record that is not valid JSON: the `EVENT_INVALID_DEPTH` error when its text nests too deep before it
 * ends (`file:line:column` of the bracket that opens the level too many, with a caret), as Elasticsearch's
 * streaming parser stops there first; else null (the syntax error is the one to report).
 */
export function tooDeepRecordText(text: string, file: string, firstLine: number): RecordProblem | null {
  const at = offsetBeyondDepth(text, MAX_JSON_DEPTH);
  if (at < 0) return null;
  const { line, column } = lineColumn(text, at);
  return {
    code: EVENT_INVALID_DEPTH,
    where: `${file}:${firstLine + line - 1}:${column}`,
    message:
      `the record nests deeper than ${MAX_JSON_DEPTH.toLocaleString('en-US')} levels: ${WHY}\n` +
      renderCaret(text, { start: at, end: at + 1 }),
  };
}
