/**
 * Whether a Lucene regular expression matches no string at all. Lucene needs it for one quirk that Elasticsearch
 * shows: repeating the empty language without bound (`#*`, `(a&b)+`, `([^\s\S]){2,}`) gives the empty language
 * again, not the empty string (`Operations.repeat` returns an automaton without states as it is).
 *
 * Without `&` and `~` the answer follows from the structure. With them it takes Brzozowski derivatives: the
 * expression is empty when no derivative reachable from it accepts the empty string. Characters are taken one per
 * class of the partition that the expression's own ranges cut, so finitely many derivatives are explored, each in
 * a normal form (unions and intersections flattened, sorted and deduplicated).
 */
import type { LuceneNode } from './lucene-regex-parser.js';
import { usesSetOps } from './lucene-regex-js.js';

type Ranges = ReadonlyArray<readonly [number, number]>;

type Term =
  | { k: 'none' }
  | { k: 'eps' }
  | { k: 'set'; ranges: Ranges }
  | { k: 'seq'; a: Term; b: Term }
  | { k: 'alt'; xs: Term[] }
  | { k: 'and'; xs: Term[] }
  | { k: 'not'; a: Term }
  | { k: 'rep'; a: Term; min: number; max: number }
  | { k: 'num'; lo: bigint; hi: bigint; digits: number; read: string };

const NONE: Term = { k: 'none' };
const EPS: Term = { k: 'eps' };
const MAX_CODE_POINT = 0x10ffff;

/**
 * Derivatives one pattern may compute in all its emptiness questions; past it an expression counts as not empty
 * (the usual meaning), so that a pathological pattern (dozens of nested `~(...)*`) still compiles at once.
 */
export const EMPTINESS_BUDGET = 20_000;

/** What is left of a pattern's budget of derivatives. */
export interface Budget {
  left: number;
}

/** Whether `node` (whose unbounded repeats of empty languages are already empty) matches nothing. */
export function isEmptyLanguage(node: LuceneNode, budget: Budget = { left: EMPTINESS_BUDGET }): boolean {
  if (!usesSetOps(node)) return structurallyEmpty(node);
  if (budget.left <= 0) return false;
  const cuts = new Set<number>([0]);
  const term = toTerm(node, cuts);
  const representatives = [...cuts].filter((c) => c <= MAX_CODE_POINT).sort((a, b) => a - b);
  return explore(term, representatives, budget);
}

function charRanges(n: Extract<LuceneNode, { t: 'chars' }>): Ranges {
  if (!n.negated) return n.ranges;
  const sorted = [...n.ranges].sort((a, b) => a[0] - b[0]);
  const out: Array<[number, number]> = [];
  let next = 0;
  for (const [a, b] of sorted) {
    if (a > next) out.push([next, a - 1]);
    next = Math.max(next, b + 1);
  }
  if (next <= MAX_CODE_POINT) out.push([next, MAX_CODE_POINT]);
  return out;
}

function structurallyEmpty(n: LuceneNode): boolean {
  switch (n.t) {
    case 'chars':
      return charRanges(n).length === 0;
    case 'any':
    case 'anystring':
    case 'interval':
      return false;
    case 'empty':
      return true;
    case 'seq':
      return n.items.some(structurallyEmpty);
    case 'alt':
      return n.items.every(structurallyEmpty);
    case 'repeat':
      // a bounded repeat from zero holds the empty string; an unbounded one of nothing is nothing (see above)
      return n.min === 0 && n.max !== -1 ? false : structurallyEmpty(n.item);
    case 'and':
    case 'not':
      throw new Error('set operations are explored, not read off the structure');
  }
}

const keys = new WeakMap<Term, string>();
function key(t: Term): string {
  let k = keys.get(t);
  if (k !== undefined) return k;
  switch (t.k) {
    case 'none':
    case 'eps':
      k = t.k;
      break;
    case 'set':
      k = `[${t.ranges.map(([a, b]) => `${a}-${b}`).join(',')}]`;
      break;
    case 'seq':
      k = `(${key(t.a)} ${key(t.b)})`;
      break;
    case 'alt':
    case 'and':
      k = `${t.k}(${t.xs.map(key).join(',')})`;
      break;
    case 'not':
      k = `~${key(t.a)}`;
      break;
    case 'rep':
      k = `${key(t.a)}{${t.min},${t.max}}`;
      break;
    case 'num':
      k = `<${t.lo}-${t.hi}/${t.digits}:${t.read}>`;
      break;
  }
  keys.set(t, k);
  return k;
}

function seq(a: Term, b: Term): Term {
  if (a.k === 'none' || b.k === 'none') return NONE;
  if (a.k === 'eps') return b;
  if (b.k === 'eps') return a;
  if (a.k === 'seq') return seq(a.a, seq(a.b, b));
  return { k: 'seq', a, b };
}

function group(kind: 'alt' | 'and', parts: Term[]): Term {
  const byKey = new Map<string, Term>();
  for (const p of parts) {
    for (const x of p.k === kind ? p.xs : [p]) {
      if (x.k === 'none') {
        if (kind === 'and') return NONE;
        continue;
      }
      byKey.set(key(x), x);
    }
  }
  if (byKey.size === 0) return NONE;
  const xs = [...byKey.keys()].sort().map((k) => byKey.get(k)!);
  return xs.length === 1 ? xs[0]! : { k: kind, xs };
}

function not(a: Term): Term {
  return a.k === 'not' ? a.a : { k: 'not', a };
}

function rep(a: Term, min: number, max: number): Term {
  if (max === 0 || a.k === 'eps') return EPS;
  if (a.k === 'none') return min === 0 && max !== -1 ? EPS : NONE;
  return { k: 'rep', a, min, max };
}

function toTerm(n: LuceneNode, cuts: Set<number>): Term {
  switch (n.t) {
    case 'chars': {
      const ranges = charRanges(n);
      for (const [a, b] of ranges) cuts.add(a).add(b + 1);
      return ranges.length === 0 ? NONE : { k: 'set', ranges };
    }
    case 'any':
      return { k: 'set', ranges: [[0, MAX_CODE_POINT]] };
    case 'anystring':
      return rep({ k: 'set', ranges: [[0, MAX_CODE_POINT]] }, 0, -1);
    case 'empty':
      return NONE;
    case 'seq':
      return n.items.map((i) => toTerm(i, cuts)).reduceRight((b, a) => seq(a, b), EPS);
    case 'alt':
      return group(
        'alt',
        n.items.map((i) => toTerm(i, cuts)),
      );
    case 'and':
      return group(
        'and',
        n.items.map((i) => toTerm(i, cuts)),
      );
    case 'not':
      return not(toTerm(n.item, cuts));
    case 'repeat':
      return rep(toTerm(n.item, cuts), n.min, n.max);
    case 'interval':
      for (let d = 0x30; d <= 0x3a; d++) cuts.add(d);
      return { k: 'num', lo: n.min, hi: n.max, digits: n.digits, read: '' };
  }
}

const nullables = new WeakMap<Term, boolean>();
function nullable(t: Term): boolean {
  let n = nullables.get(t);
  if (n === undefined) nullables.set(t, (n = computeNullable(t)));
  return n;
}

function computeNullable(t: Term): boolean {
  switch (t.k) {
    case 'none':
    case 'set':
      return false;
    case 'eps':
      return true;
    case 'seq':
      return nullable(t.a) && nullable(t.b);
    case 'alt':
      return t.xs.some(nullable);
    case 'and':
      return t.xs.every(nullable);
    case 'not':
      return !nullable(t.a);
    case 'rep':
      return t.min === 0 || nullable(t.a);
    case 'num':
      return (
        t.read.length > 0 &&
        (t.digits === 0 || t.read.length === t.digits) &&
        BigInt(t.read) >= t.lo &&
        BigInt(t.read) <= t.hi
      );
  }
}

/** Thrown when a pattern's budget runs out in the middle of a derivative. */
class OutOfBudget extends Error {}

/**
 * The derivative of `t` by `cp`, memoized per term object: a derivative shares most of its parts with the term it
 * came from, and without the memo each nullable head of a concatenation would double the work.
 */
function derive(t: Term, cp: number, budget: Budget, memo: Map<Term, Term>): Term {
  let d = memo.get(t);
  if (d !== undefined) return d;
  if (--budget.left < 0) throw new OutOfBudget();
  d = computeDerivative(t, cp, budget, memo);
  memo.set(t, d);
  return d;
}

function computeDerivative(t: Term, cp: number, budget: Budget, memo: Map<Term, Term>): Term {
  const derive_ = (x: Term) => derive(x, cp, budget, memo);
  switch (t.k) {
    case 'none':
    case 'eps':
      return NONE;
    case 'set':
      return t.ranges.some(([a, b]) => cp >= a && cp <= b) ? EPS : NONE;
    case 'seq': {
      const head = seq(derive_(t.a), t.b);
      return nullable(t.a) ? group('alt', [head, derive_(t.b)]) : head;
    }
    case 'alt':
    case 'and':
      return group(
        t.k,
        t.xs.map((x) => derive_(x)),
      );
    case 'not':
      return not(derive_(t.a));
    case 'rep': {
      // once the item can be empty, its remaining minimum no longer constrains anything
      const min = nullable(t.a) ? 0 : Math.max(0, t.min - 1);
      return seq(derive_(t.a), rep(t.a, min, t.max === -1 ? -1 : t.max - 1));
    }
    case 'num': {
      if (cp < 0x30 || cp > 0x39) return NONE;
      const read = t.read + String.fromCharCode(cp);
      // more digits only make the value larger (leading zeros aside)
      if ((t.digits > 0 && read.length > t.digits) || BigInt(read) > t.hi) return NONE;
      return { ...t, read };
    }
  }
}

function explore(start: Term, representatives: number[], budget: Budget): boolean {
  // one memo per character: the derivatives by it of every term met so far
  const memos = representatives.map(() => new Map<Term, Term>());
  const seen = new Set<string>([key(start)]);
  const todo = [start];
  try {
    while (todo.length > 0) {
      const t = todo.pop()!;
      if (nullable(t)) return false;
      representatives.forEach((cp, i) => {
        const d = derive(t, cp, budget, memos[i]!);
        if (d.k === 'none' || seen.has(key(d))) return;
        seen.add(key(d));
        todo.push(d);
      });
    }
  } catch (e) {
    if (e instanceof OutOfBudget) return false;
    throw e;
  }
  return true;
}
