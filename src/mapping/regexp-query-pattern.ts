/**
 * What Elasticsearch does to a `regexp` query's pattern before Lucene parses it (EQL `regex` runs as that query):
 * it refuses a pattern longer than the index's `max_regex_length` (1000 by default, counted in UTF-16 units), and
 * it collapses each run of two or more repetition operators (`?`, `*`, `+`) into one, since stacked quantifiers
 * make Lucene build exponentially large automata (elastic/elasticsearch#145452, in 8.19 and 9.x): a run of `+`
 * becomes `+`, a run of `?` becomes `?`, any other run `*`. The scan skips escaped characters (`\+`), character
 * classes up to their first unescaped `]` (so `[]` closes at once) and quoted strings (where `\"` is skipped too).
 *
 * The collapse keeps the meaning of a run that follows an operand (`a+?` is `a*`), but not of one that starts where
 * an operand is expected, where Lucene reads the first operator as a literal: `+?` becomes `*`, which matches the
 * value `*`. rule-runner matches what the cluster matches, so it rewrites the same way.
 */

/** Elasticsearch's default `index.max_regex_length`. */
export const MAX_REGEX_LENGTH = 1000;

/** The pattern Lucene receives: `pattern` with its runs of repetition operators collapsed. */
export function collapseQuantifierRuns(pattern: string): string {
  let out = '';
  let state: 'plain' | 'class' | 'quote' = 'plain';
  for (let i = 0; i < pattern.length;) {
    const c = pattern[i]!;
    if (c === '\\') {
      out += pattern.slice(i, i + 2);
      i += 2;
      continue;
    }
    if (state === 'plain' && (c === '?' || c === '*' || c === '+')) {
      let j = i + 1;
      while (j < pattern.length && '?*+'.includes(pattern[j]!)) j++;
      const run = pattern.slice(i, j);
      out += run.length === 1 || /^(\++|\?+|\*+)$/.test(run) ? c : '*';
      i = j;
      continue;
    }
    if (state === 'plain') state = c === '[' ? 'class' : c === '"' ? 'quote' : 'plain';
    else if ((state === 'class' && c === ']') || (state === 'quote' && c === '"')) state = 'plain';
    out += c;
    i++;
  }
  return out;
}
