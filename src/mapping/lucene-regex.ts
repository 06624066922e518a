/**
 * Lucene regular expressions (the syntax of Elasticsearch's `regexp` query, which EQL `regex`/`regex~` use), with
 * the optional operators Elasticsearch enables by default (flags ALL): `@` any string, `&` intersection, `~`
 * complement, `#` the empty language, `<n-m>` numeric intervals. The match covers the whole value; there are no
 * anchors, lazy quantifiers or look-arounds (`*?` is `*` then `?`), and `.` matches any character.
 *
 * The grammar, tightest last: union `|`, intersection `&`, concatenation, repetition (`?*+{n,m}`, stackable),
 * complement `~`, then classes `[...]`, `[^...]` and simple expressions (char, `.`, `#`, `@`, `"literal"`, `()`,
 * `(...)`, `<n-m>`). A reserved character where no operator can start is a literal (Lucene reads a leading `*` as
 * `*`). `\d \s \w` and their negations are classes; a backslash before any other ASCII letter is an error. Numbers
 * (interval bounds, repetition counts) are Java ints. Before parsing, the pattern goes through what Elasticsearch
 * does to it (regexp-query-pattern.ts: a length limit, stacked repetition operators collapsed), and as in Lucene an
 * unbounded repeat of the empty language stays empty (lucene-emptiness.ts).
 *
 * Expressions without `&`/`~` become one JavaScript RegExp (lucene-regex-js.ts); the others run on a small
 * matcher that computes the set of end positions of every sub-expression, which handles intersection and
 * complement exactly (lucene-set-matcher.ts). Case-insensitive matching takes every case form of a character, as
 * Lucene 10 does, or ASCII letters only, as Lucene 9 does (`CaseFolding`, lucene-case-folding.ts); never inside
 * ranges. The parser is lucene-regex-parser.ts; this file puts the steps together.
 */

import { EMPTINESS_BUDGET, isEmptyLanguage, type Budget } from './lucene-emptiness.js';
import type { CaseFolding } from './lucene-case-folding.js';
import { Parser, RegexSyntaxError, type LuceneNode as Node } from './lucene-regex-parser.js';
import { toJs, usesSetOps } from './lucene-regex-js.js';
import { collectIntervals, SetMatcher } from './lucene-set-matcher.js';
import { collapseQuantifierRuns, MAX_REGEX_LENGTH } from './regexp-query-pattern.js';

export { RegexSyntaxError } from './lucene-regex-parser.js';
export type { CaseFolding } from './lucene-case-folding.js';

/** Lucene's quirk (see lucene-emptiness.ts): repeating the empty language without bound leaves it empty. */
function emptyRepeats(n: Node, budget: Budget = { left: EMPTINESS_BUDGET }): Node {
  switch (n.t) {
    case 'seq':
    case 'alt':
    case 'and':
      return { t: n.t, items: n.items.map((i) => emptyRepeats(i, budget)) };
    case 'not':
      return { t: 'not', item: emptyRepeats(n.item, budget) };
    case 'repeat': {
      const item = emptyRepeats(n.item, budget);
      return n.max === -1 && isEmptyLanguage(item, budget) ? { t: 'empty' } : { ...n, item };
    }
    default:
      return n;
  }
}

/**
 * Compile one Lucene regular expression into a whole-value test. Throws RegexSyntaxError for invalid syntax
 * (and for the one construct not implemented, `<name>` automaton references, with `unsupported` set).
 */
export function compileLuceneRegex(
  pattern: string,
  caseInsensitive = false,
  folding: CaseFolding = 'unicode',
): (value: string) => boolean {
  if (pattern.length > MAX_REGEX_LENGTH)
    throw new RegexSyntaxError(
      `the pattern is ${pattern.length} characters long, more than Elasticsearch's index.max_regex_length (${MAX_REGEX_LENGTH})`,
      0,
    );
  const ast = emptyRepeats(new Parser(collapseQuantifierRuns(pattern), caseInsensitive, folding).parse());
  if (!usesSetOps(ast)) {
    const re = new RegExp(`^${toJs(ast)}$`, 'u');
    return (v) => re.test(v);
  }
  const intervals = new Map<Node, RegExp>();
  collectIntervals(ast, intervals);
  return (v) => {
    const cps: number[] = [];
    for (let i = 0; i < v.length;) {
      const cp = v.codePointAt(i)!;
      cps.push(cp);
      i += cp > 0xffff ? 2 : 1;
    }
    return new SetMatcher(cps, intervals).ends(ast, 0).includes(cps.length);
  };
}

/** Several patterns: true when any matches. */
export function compileLuceneRegexes(
  patterns: readonly string[],
  caseInsensitive = false,
  folding: CaseFolding = 'unicode',
): (value: string) => boolean {
  const tests = patterns.map((p) => compileLuceneRegex(p, caseInsensitive, folding));
  if (tests.length === 1) return tests[0]!;
  return (v) => {
    for (let i = 0; i < tests.length; i++) if (tests[i]!(v)) return true;
    return false;
  };
}
