/**
 * Elasticsearch's `wildcard` query pattern (Lucene's WildcardQuery), which an exception item's `wildcard` entry
 * sends as it is written: `*` any run of characters, `?` exactly one (a code point, not a UTF-16 unit), `\`
 * makes the next character literal (a trailing `\` is itself), and the pattern covers the whole term. It differs
 * from EQL's patterns (src/mapping/wildcard.ts), where a backslash stands for itself. `case_insensitive` folds
 * ASCII letters only, as the codebase's other case-insensitive queries do. An empty pattern matches nothing, not
 * even the empty string (Elasticsearch 9 answers so; `*` matches it).
 */
import { asciiLower } from '../mapping/ascii-case.js';

const ANY = -1;

/** Segments between stars, each a list of code points or ANY (`?`). */
function parse(pattern: string): number[][] {
  const cps = [...pattern].map((c) => c.codePointAt(0)!);
  const segs: number[][] = [[]];
  for (let i = 0; i < cps.length; i++) {
    const c = cps[i]!;
    if (c === 0x2a) segs.push([]);
    else if (c === 0x3f) segs[segs.length - 1]!.push(ANY);
    else if (c === 0x5c && i + 1 < cps.length) segs[segs.length - 1]!.push(cps[++i]!);
    else segs[segs.length - 1]!.push(c);
  }
  return segs;
}

function matchesAt(v: number[], at: number, seg: number[]): boolean {
  if (at + seg.length > v.length) return false;
  for (let j = 0; j < seg.length; j++) if (seg[j] !== ANY && seg[j] !== v[at + j]) return false;
  return true;
}

export function esWildcardTest(pattern: string, caseInsensitive: boolean): (value: string) => boolean {
  if (pattern === '') return () => false;
  const segs = parse(caseInsensitive ? asciiLower(pattern) : pattern);
  return (value) => {
    const v = [...(caseInsensitive ? asciiLower(value) : value)].map((c) => c.codePointAt(0)!);
    if (segs.length === 1) return v.length === segs[0]!.length && matchesAt(v, 0, segs[0]!);
    const head = segs[0]!;
    const tail = segs[segs.length - 1]!;
    if (!matchesAt(v, 0, head)) return false;
    let at = head.length;
    const end = v.length - tail.length;
    if (end < at || !matchesAt(v, end, tail)) return false;
    // middle segments leftmost in order: a star before each absorbs whatever an earlier choice skipped
    for (let s = 1; s < segs.length - 1; s++) {
      const seg = segs[s]!;
      let found = -1;
      for (let p = at; p + seg.length <= end; p++)
        if (matchesAt(v, p, seg)) {
          found = p;
          break;
        }
      if (found < 0) return false;
      at = found + seg.length;
    }
    return true;
  };
}
