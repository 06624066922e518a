/**
 * A wildcard pattern with `*` between fixed parts, tested segment by segment. A backtracking RegExp
 * (`^a[^]*b[^]*c$`) tries every split of the value between the stars, which is exponential in their number:
 * `*****a?a?a?…` over a 55-character path ran for minutes. Here each segment between stars is placed at its
 * leftmost place after the previous one, which is always right (a `*` absorbs whatever lies between), so no
 * choice is ever undone: time linear in the value per segment, as Lucene's automaton is.
 *
 * `?` is one code point, line breaks included, as in Lucene's wildcard automaton: a segment holding `?` (or a
 * lone surrogate, whose place among code points only a unicode RegExp tells) is found by a RegExp of literals and
 * `.`, which has no star to backtrack over; a plain segment by indexOf.
 */
import type { StringTest } from './wildcard.js';

/** Finds a segment from `from`: the end of its leftmost occurrence, or -1. */
type Finder = (v: string, from: number) => number;

/** A literal character in RegExp source for the `u` flag (only syntax characters may be escaped there). */
const escapeRegExp = (s: string) => s.replace(/[\\^$.*+?()[\]{}|]/g, '\\$&');

const SURROGATE = /[\ud800-\udfff]/;

function segmentSource(seg: string): string {
  let out = '';
  for (const ch of seg) out += ch === '?' ? '.' : escapeRegExp(ch);
  return out;
}

/** Where a segment can start: at `from` exactly (the pattern's head) or anywhere after. */
function finder(seg: string, anchored: boolean): Finder {
  if (!seg.includes('?') && !SURROGATE.test(seg)) {
    return anchored
      ? (v, from) => (v.startsWith(seg, from) ? from + seg.length : -1)
      : (v, from) => {
          const at = v.indexOf(seg, from);
          return at < 0 ? -1 : at + seg.length;
        };
  }
  const re = new RegExp(segmentSource(seg), anchored ? 'ysu' : 'gsu');
  return (v, from) => {
    re.lastIndex = from;
    const m = re.exec(v);
    return m === null ? -1 : m.index + m[0].length;
  };
}

/** The pattern's tail: whether it can end the value, starting at or after `from`. */
function tailTest(seg: string): (v: string, from: number) => boolean {
  if (!seg.includes('?') && !SURROGATE.test(seg))
    return (v, from) => v.length - seg.length >= from && v.endsWith(seg);
  const re = new RegExp(`(?:${segmentSource(seg)})$`, 'gsu');
  return (v, from) => {
    re.lastIndex = from;
    return re.test(v);
  };
}

/** The test for one pattern that holds a `*` (already folded when the match ignores case). */
export function starPatternTest(pattern: string): StringTest {
  const segs = pattern.split(/\*+/);
  const head = finder(segs[0]!, true);
  const middle = segs.slice(1, -1).map((s) => finder(s, false));
  const tail = tailTest(segs[segs.length - 1]!);
  return (v) => {
    let at = head(v, 0);
    for (let i = 0; i < middle.length && at >= 0; i++) at = middle[i]!(v, at);
    return at >= 0 && tail(v, at);
  };
}
