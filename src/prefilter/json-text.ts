/**
 * How a value the evaluator reads stands in an event's JSON text: verbatim (a safe literal), or possibly as a bare
 * number or boolean whose string form the evaluator compares, which the text need not spell as the value does.
 */

/** The characters of a number the evaluator reads as a string: `-12`, `1e+21`, `1.5E-7` (`Infinity` aside). */
const NUMBER_TEXT = /^[-+.0-9eE]*$/;
/** The other strings bare JSON scalars read as; JSON writes the booleans as they read, numbers not. */
const BARE_WORDS = ['true', 'false', 'Infinity', '-Infinity'];

/** Whether a bare number's or boolean's string form may equal `p`, or match it as a wildcard pattern. */
export function mayBeBare(p: string, wildcards: boolean, ci: boolean): boolean {
  if (NUMBER_TEXT.test(wildcards ? p.replace(/[*?]/g, '') : p)) return true;
  return BARE_WORDS.some((w) => globMatches(wildcards ? p : p.replace(/[*?]/g, '\u0000'), w, ci));
}

/**
 * Whether the short word `w` matches the pattern `p` (`*` any run, `?` one character; ASCII letters without case
 * when `ci`): the positions of `w` reachable after each character of `p`, so that no pattern, however long or full
 * of `*`, costs more than its length times the word's.
 */
function globMatches(p: string, w: string, ci: boolean): boolean {
  let reach = new Array<boolean>(w.length + 1).fill(false);
  reach[0] = true;
  for (const ch of p) {
    const next = new Array<boolean>(w.length + 1).fill(false);
    let any = false;
    for (let j = 0; j <= w.length; j++) {
      if (ch === '*') any ||= reach[j]!;
      next[j] = ch === '*' ? any : j > 0 && reach[j - 1]! && (ch === '?' || sameLetter(ch, w[j - 1]!, ci));
    }
    reach = next;
    if (!reach.includes(true)) return false;
  }
  return reach[w.length]!;
}

function sameLetter(a: string, b: string, ci: boolean): boolean {
  return a === b || (ci && /^[a-z]$/i.test(a) && a.toLowerCase() === b.toLowerCase());
}

/**
 * Whether `l` stands in the line as written whenever a value the evaluator reads holds it: a safe literal that no
 * number's string form could hold (the booleans' text is their string form).
 */
export function verbatim(l: string, ci: boolean): boolean {
  if (!safeLiteral(l) || NUMBER_TEXT.test(l)) return false;
  return !(ci ? '-infinity'.includes(l.toLowerCase()) : '-Infinity'.includes(l));
}

/** Printable ASCII that JSON never needs to escape (no quote, backslash or slash). */
export function safeLiteral(s: string): boolean {
  return s.length > 0 && /^[\x20-\x7e]+$/.test(s) && !/["\\/]/.test(s);
}
