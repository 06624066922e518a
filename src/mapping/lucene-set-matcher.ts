/**
 * The matcher for expressions with `&` or `~`, which no JavaScript RegExp expresses: the set of end positions of
 * every sub-expression from every start position, memoised, which makes intersection and complement exact.
 */
import type { LuceneNode as Node } from './lucene-regex-parser.js';
import { intervalRegExp } from './lucene-regex-js.js';

function matchesChar(n: Extract<Node, { t: 'chars' }>, cp: number): boolean {
  let inside = false;
  for (const [a, b] of n.ranges) {
    if (cp >= a && cp <= b) {
      inside = true;
      break;
    }
  }
  return inside !== n.negated;
}

export class SetMatcher {
  private memo = new Map<Node, Map<number, number[]>>();
  constructor(
    private readonly cps: number[],
    private readonly intervals: Map<Node, RegExp>,
  ) {}

  /** Sorted distinct end positions of `n` starting at `pos`. */
  ends(n: Node, pos: number): number[] {
    let byPos = this.memo.get(n);
    if (!byPos) {
      byPos = new Map();
      this.memo.set(n, byPos);
    }
    const hit = byPos.get(pos);
    if (hit) return hit;
    const out = this.compute(n, pos);
    byPos.set(pos, out);
    return out;
  }

  private compute(n: Node, pos: number): number[] {
    const len = this.cps.length;
    switch (n.t) {
      case 'chars':
        return pos < len && matchesChar(n, this.cps[pos]!) ? [pos + 1] : [];
      case 'any':
        return pos < len ? [pos + 1] : [];
      case 'anystring':
        return range(pos, len);
      case 'empty':
        return [];
      case 'seq': {
        let cur = [pos];
        for (const item of n.items) {
          const next = new Set<number>();
          for (const p of cur) for (const e of this.ends(item, p)) next.add(e);
          cur = [...next].sort((a, b) => a - b);
          if (cur.length === 0) break;
        }
        return cur;
      }
      case 'alt': {
        const s = new Set<number>();
        for (const item of n.items) for (const e of this.ends(item, pos)) s.add(e);
        return [...s].sort((a, b) => a - b);
      }
      case 'and': {
        let cur = this.ends(n.items[0]!, pos);
        for (const item of n.items.slice(1)) {
          const other = new Set(this.ends(item, pos));
          cur = cur.filter((e) => other.has(e));
        }
        return cur;
      }
      case 'not': {
        const inner = new Set(this.ends(n.item, pos));
        return range(pos, len).filter((e) => !inner.has(e));
      }
      case 'repeat': {
        const step = (from: Iterable<number>): Set<number> => {
          const next = new Set<number>();
          for (const p of from) for (const e of this.ends(n.item, p)) next.add(e);
          return next;
        };
        let cur = new Set<number>([pos]);
        for (let i = 0; i < n.min && cur.size > 0; i++) cur = step(cur);
        const result = new Set<number>(cur);
        if (n.max === -1) {
          let frontier = [...cur];
          while (frontier.length > 0) {
            frontier = [...step(frontier)].filter((p) => !result.has(p));
            for (const p of frontier) result.add(p);
          }
        } else {
          for (let i = n.min; i < n.max && cur.size > 0; i++) {
            cur = step(cur);
            for (const p of cur) result.add(p);
          }
        }
        return [...result].sort((a, b) => a - b);
      }
      case 'interval': {
        const re = this.intervals.get(n)!;
        const out: number[] = [];
        for (let e = pos + 1; e <= len; e++) {
          re.lastIndex = 0;
          if (re.test(String.fromCodePoint(...this.cps.slice(pos, e)))) out.push(e);
        }
        return out;
      }
    }
  }
}

function range(a: number, b: number): number[] {
  const out: number[] = [];
  for (let i = a; i <= b; i++) out.push(i);
  return out;
}

export function collectIntervals(n: Node, out: Map<Node, RegExp>): void {
  switch (n.t) {
    case 'interval':
      out.set(n, new RegExp(`^${intervalRegExp(n.min, n.max, n.digits)}$`));
      return;
    case 'seq':
    case 'alt':
    case 'and':
      n.items.forEach((i) => collectIntervals(i, out));
      return;
    case 'not':
    case 'repeat':
      collectIntervals(n.item, out);
      return;
    default:
      return;
  }
}
