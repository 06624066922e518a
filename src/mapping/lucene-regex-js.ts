/**
 * A Lucene regular expression without `&` and `~` as the source of one JavaScript RegExp (whole-value match, `u`
 * flag), numeric intervals `<n-m>` spelled out as alternations of digit ranges.
 */
import type { LuceneNode as Node } from './lucene-regex-parser.js';

/** Whether `&` or `~` occur, which a JavaScript RegExp cannot express (exported for lucene-emptiness.ts). */
export function usesSetOps(n: Node): boolean {
  switch (n.t) {
    case 'and':
    case 'not':
      return true;
    case 'seq':
    case 'alt':
      return n.items.some(usesSetOps);
    case 'repeat':
      return usesSetOps(n.item);
    default:
      return false;
  }
}

function cpEscape(cp: number): string {
  return `\\u{${cp.toString(16)}}`;
}

export function toJs(n: Node): string {
  switch (n.t) {
    case 'chars': {
      if (n.ranges.length === 0) return n.negated ? '[^]' : '[]';
      const body = n.ranges
        .map(([a, b]) => (a === b ? cpEscape(a) : `${cpEscape(a)}-${cpEscape(b)}`))
        .join('');
      return n.negated ? `[^${body}]` : `[${body}]`;
    }
    case 'any':
      return '[^]';
    case 'anystring':
      return '[^]*';
    case 'empty':
      return '[]';
    case 'seq':
      return `(?:${n.items.map(toJs).join('')})`;
    case 'alt':
      return `(?:${n.items.map(toJs).join('|')})`;
    case 'repeat': {
      const q =
        n.max === -1
          ? n.min === 0
            ? '*'
            : n.min === 1
              ? '+'
              : `{${n.min},}`
          : n.min === 0 && n.max === 1
            ? '?'
            : `{${n.min},${n.max}}`;
      return `(?:${toJs(n.item)})${q}`;
    }
    case 'interval':
      return intervalRegExp(n.min, n.max, n.digits);
    case 'and':
    case 'not':
      throw new Error('set operations have no RegExp form');
  }
}

/** Strings of digits whose value is in [lo, hi], Lucene's `<lo-hi>`: fixed width when `digits` > 0. */
export function intervalRegExp(lo: bigint, hi: bigint, digits: number): string {
  if (digits > 0) return fixedWidth(lo.toString().padStart(digits, '0'), hi.toString().padStart(digits, '0'));
  const los = lo.toString();
  const his = hi.toString();
  const parts: string[] = [];
  for (let len = los.length; len <= his.length; len++) {
    const a = len === los.length ? los : '1' + '0'.repeat(len - 1);
    const b = len === his.length ? his : '9'.repeat(len);
    parts.push(fixedWidth(a, b));
  }
  return `0*(?:${parts.join('|')})`;
}

function fixedWidth(lo: string, hi: string): string {
  if (lo === hi) return lo;
  if (lo.length === 1) return `[${lo}-${hi}]`;
  // every string of the width: without this, each digit would split the range in two, 2^width parts in all
  if (/^0+$/.test(lo) && /^9+$/.test(hi)) return `[0-9]{${lo.length}}`;
  if (lo[0] === hi[0]) return lo[0] + fixedWidth(lo.slice(1), hi.slice(1));
  const rest = lo.length - 1;
  const l0 = Number(lo[0]);
  const h0 = Number(hi[0]);
  const parts = [lo[0] + fixedWidth(lo.slice(1), '9'.repeat(rest))];
  if (h0 - l0 > 1) parts.push(`[${l0 + 1}-${h0 - 1}][0-9]{${rest}}`);
  parts.push(hi[0] + fixedWidth('0'.repeat(rest), hi.slice(1)));
  return `(?:${parts.join('|')})`;
}
