/** Regex sources of the JSON string contents a field's value may have, for the keyed form of a group. */
import { escapeRegex } from './anchored-finder.js';

/**
 * One character of a JSON string's content, as the evaluator's `?` takes it (a code point), in text decoded as
 * UTF-8 or as latin1 (json-records.ts decodes NDJSON so): any other character or an escape, a surrogate pair, or
 * a byte of 0x80-0xff with up to three continuation bytes (one UTF-8 character, or one the decoder replaces, read
 * as latin1; UTF-8 text holds such characters one by one). Never a line break, which JSON escapes in strings: a
 * search for a value then never runs from a string's closing quote on into the next line of an NDJSON text. At
 * most four ways to read each `?`, so that a run of them cannot make the regex backtrack without bound.
 */
const ONE_CHAR =
  '(?:[^"\\\\\\n\\x80-\\xff\\ud800-\\udfff]|\\\\.|[\\x80-\\xff][\\x80-\\xbf]{0,3}|[\\ud800-\\udfff]{1,2})';
/** Any run of (possibly escaped) characters of a JSON string. */
const ANY_RUN = '(?:[^"\\\\\\n]|\\\\.)*';

function literalSource(s: string, ci: boolean): string {
  let out = '';
  for (const ch of s)
    out += ci && /[a-z]/i.test(ch) ? `[${ch.toLowerCase()}${ch.toUpperCase()}]` : escapeRegex(ch);
  return out;
}

function fragmentSource(s: string, ci: boolean): string {
  return s
    .split('?')
    .map((part) => literalSource(part, ci))
    .join(ONE_CHAR);
}

/**
 * A JSON string's content matching `p`: `*` any run of characters, `?` one; ASCII case. A pattern with several
 * `*` is loosened to its head, its tail and one plain run of the parts between (the longest), found at its first
 * occurrence: `a*b*c*d` as `a`, any run up to the first `c`, any run, `d` (every value of the pattern has that form).
 * Each `*` that took any run in turn would make a failing test cost the value's length to the power of their number.
 */
export function valueRegex(p: string, wildcards: boolean, ci: boolean): string {
  if (!wildcards || !p.includes('*')) return wildcards ? fragmentSource(p, ci) : literalSource(p, ci);
  const parts = p.split('*');
  const head = fragmentSource(parts[0]!, ci);
  const tail = fragmentSource(parts[parts.length - 1]!, ci);
  let middle = '';
  for (const part of parts.slice(1, -1))
    for (const run of part.split('?')) if (run.length > middle.length) middle = run;
  if (middle === '') return `${head}${ANY_RUN}${tail}`;
  // the first occurrence will do: any later one ends later, and the run before the tail takes what lies between
  const m = literalSource(middle, ci);
  return `${head}(?:(?!${m})(?:[^"\\\\\\n]|\\\\.))*${m}${ANY_RUN}${tail}`;
}
