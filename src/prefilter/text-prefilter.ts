/**
 * A text prefilter for raw event lines: from a query, the literals an event's JSON text must contain for the
 * event to be able to match any stage. A line that cannot match is skipped before JSON.parse, which is most of
 * the cost of reading event files.
 *
 * Sound by construction: a requirement is derived only where the matching value must appear verbatim in the
 * JSON text — an `==`, `:`, `like` or `in` between a string-typed (or unmapped) field and plain ASCII string
 * literals without JSON-escapable characters — and only from positive `and`/`or` structure (never under `not`).
 * Lines holding `\u` escapes bypass the filter, since an escape could spell any literal. A number's text need not
 * hold the string the evaluator reads it as (`4.688e3` is "4688", `1e400` "Infinity"): literals such a string could
 * hold require no substring, and their field's value may stand bare after its key.
 *
 * The test runs on a line inside a larger text (a chunk of the file), so rejected lines are never sliced out.
 * Each literal keeps a cursor: the position of its next occurrence in the current text. Lines are tested in
 * increasing order, so every literal scans a chunk at most once, however many lines ask about it.
 */
import type { Query } from '../eql/syntax/ast.js';
import { compileRequirement, finderFor, type Finder, type LineTest } from './line-tests.js';
import {
  eventQueriesOf,
  requirementOfEventQuery,
  usefulGroups,
  type PrefilterOptions,
} from './requirements.js';

export type { PrefilterOptions } from './requirements.js';

/** Whether the line `text[start, end)` may match; `start`..`end` must increase from call to call on one text. */
export type TextPrefilter = (text: string, start: number, end: number) => boolean;

/** Returns a line test, or null when the query gives no usable requirement (every line must be parsed). */
export function buildTextPrefilter(query: Query, opts: PrefilterOptions = {}): TextPrefilter | null {
  const finders = new Map<string, Finder>();
  const tests: LineTest[] = [];
  for (const q of eventQueriesOf(query)) {
    const req = usefulGroups(requirementOfEventQuery(q, opts));
    if (req.length === 0) return null; // some stage accepts lines without any known literal
    tests.push(compileRequirement(req, finders));
  }
  if (tests.length === 0) return null;
  const escape = finderFor(finders, { literals: ['\\u'], caseInsensitive: false });
  return (text, start, end) => {
    if (escape(text, start) <= end) return true;
    for (const t of tests) if (t(text, start, end)) return true;
    return false;
  };
}
