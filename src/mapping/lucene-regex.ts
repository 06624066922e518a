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
 * Expressions without `&`/`~` become one JavaScript RegExp; the others run on a small matcher that computes the
 * set of end positions of every sub-expression, which handles intersection and complement exactly.
 * Case-insensitive matching takes every case form of a character (`caseClass`), as Lucene 10 does, or ASCII
 * letters only, as Lucene 9 does (`CaseFolding`); never inside ranges.
 */

import { EMPTINESS_BUDGET, isEmptyLanguage, type Budget } from './lucene-emptiness.js';
import { collapseQuantifierRuns, MAX_REGEX_LENGTH } from './regexp-query-pattern.js';

export class RegexSyntaxError extends Error {
  /** Offset in the pattern where the problem was found. */
  readonly position: number;
  /** True when the pattern is valid Lucene syntax that this engine does not implement. */
  readonly unsupported: boolean;
  constructor(message: string, position: number, unsupported = false) {
    super(message);
    this.position = position;
    this.unsupported = unsupported;
  }
}

type Ranges = Array<[number, number]>;

/** A parsed expression (exported for lucene-emptiness.ts). */
export type LuceneNode = Node;

type Node =
  | { t: 'chars'; ranges: Ranges; negated: boolean; fold: boolean } // one code point
  | { t: 'any' } // .
  | { t: 'anystring' } // @
  | { t: 'empty' } // # (matches nothing)
  | { t: 'seq'; items: Node[] } // concatenation; [] is the empty string
  | { t: 'alt'; items: Node[] }
  | { t: 'and'; items: Node[] }
  | { t: 'not'; item: Node }
  | { t: 'repeat'; item: Node; min: number; max: number } // max -1 = unbounded
  | { t: 'interval'; min: bigint; max: bigint; digits: number };

const DIGIT: Ranges = [[0x30, 0x39]];
// Lucene's `\s` is space, tab, line feed and carriage return only (no vertical tab or form feed)
const SPACE: Ranges = [
  [0x09, 0x0a],
  [0x0d, 0x0d],
  [0x20, 0x20],
];
/** Letters a backslash may not precede (Java's rule, which Lucene follows): those that name no class. */
const RESERVED_ESCAPES = 'abcefghijklmnopqrtuvxyzABCEFGHIJKLMNOPQRTUVXYZ';
const WORD: Ranges = [
  [0x30, 0x39],
  [0x41, 0x5a],
  [0x5f, 0x5f],
  [0x61, 0x7a],
];

class Parser {
  private pos = 0;
  private readonly cps: number[];
  private readonly offsets: number[];

  constructor(
    readonly src: string,
    private readonly fold: boolean,
    private readonly folding: CaseFolding = 'unicode',
  ) {
    this.cps = [];
    this.offsets = [];
    for (let i = 0; i < src.length;) {
      const cp = src.codePointAt(i)!;
      this.cps.push(cp);
      this.offsets.push(i);
      i += cp > 0xffff ? 2 : 1;
    }
    this.offsets.push(src.length);
  }

  parse(): Node {
    if (this.cps.length === 0) return { t: 'seq', items: [] };
    const e = this.union();
    if (this.pos < this.cps.length) throw this.error(`end-of-string expected at position ${this.at()}`);
    return e;
  }

  private at(): number {
    return this.offsets[this.pos]!;
  }
  private error(msg: string, unsupported = false): RegexSyntaxError {
    return new RegexSyntaxError(msg, this.at(), unsupported);
  }
  private more(): boolean {
    return this.pos < this.cps.length;
  }
  private peek(chars: string): boolean {
    return this.more() && chars.includes(String.fromCodePoint(this.cps[this.pos]!));
  }
  private match(ch: string): boolean {
    if (this.more() && this.cps[this.pos] === ch.codePointAt(0)) {
      this.pos++;
      return true;
    }
    return false;
  }
  private next(): number {
    if (!this.more()) throw this.error('unexpected end of string');
    return this.cps[this.pos++]!;
  }

  private union(): Node {
    const first = this.inter();
    if (!this.match('|')) return first;
    const rest = this.union();
    return { t: 'alt', items: rest.t === 'alt' ? [first, ...rest.items] : [first, rest] };
  }

  private inter(): Node {
    const first = this.concat();
    if (!this.match('&')) return first;
    const rest = this.inter();
    return { t: 'and', items: rest.t === 'and' ? [first, ...rest.items] : [first, rest] };
  }

  private concat(): Node {
    const items: Node[] = [this.repeat()];
    while (this.more() && !this.peek(')|&')) items.push(this.repeat());
    return items.length === 1 ? items[0]! : { t: 'seq', items };
  }

  private repeat(): Node {
    let e = this.compl();
    while (this.peek('?*+{')) {
      if (this.match('?')) e = { t: 'repeat', item: e, min: 0, max: 1 };
      else if (this.match('*')) e = { t: 'repeat', item: e, min: 0, max: -1 };
      else if (this.match('+')) e = { t: 'repeat', item: e, min: 1, max: -1 };
      else if (this.match('{')) {
        const start = this.pos;
        while (this.peek('0123456789')) this.pos++;
        if (start === this.pos) throw this.error(`integer expected at position ${this.at()}`);
        const n = this.bound(start);
        let m = n;
        if (this.match(',')) {
          const s2 = this.pos;
          while (this.peek('0123456789')) this.pos++;
          m = s2 === this.pos ? -1 : this.bound(s2);
        }
        if (!this.match('}')) throw this.error(`expected '}' at position ${this.at()}`);
        if (m !== -1 && m < n) throw this.error(`invalid repetition {${n},${m}}`);
        e = { t: 'repeat', item: e, min: n, max: m };
      }
    }
    return e;
  }

  /** The repetition bound that ends here: Lucene reads it as a Java int, so a larger one is refused. */
  private bound(start: number): number {
    const n = javaInt(this.slice(start, this.pos));
    if (n === null) {
      this.pos = start;
      throw this.error(
        `repetition bound ${this.slice(start, start + 12)} out of range at position ${this.at()}`,
      );
    }
    return n;
  }

  private slice(a: number, b: number): string {
    return String.fromCodePoint(...this.cps.slice(a, b));
  }

  private compl(): Node {
    if (this.match('~')) return { t: 'not', item: this.compl() };
    return this.charClass();
  }

  private charClass(): Node {
    if (this.match('[')) {
      const negated = this.match('^');
      const ranges: Ranges = [];
      this.classItem(ranges);
      while (this.more() && !this.peek(']')) this.classItem(ranges);
      if (!this.match(']')) throw this.error(`expected ']' at position ${this.at()}`);
      return { t: 'chars', ranges, negated, fold: false };
    }
    return this.simple();
  }

  private classItem(ranges: Ranges): void {
    const shorthand = this.shorthand();
    if (shorthand) {
      ranges.push(...complementIf(shorthand.ranges, shorthand.negated));
      return;
    }
    const from = this.charExp();
    if (this.match('-')) {
      const to = this.charExp();
      if (to < from) throw this.error(`invalid character class range at position ${this.at()}`);
      ranges.push([from, to]);
    } else {
      ranges.push(...(this.fold ? foldRanges(from, this.folding) : [[from, from] as [number, number]]));
    }
  }

  /** `\d \D \s \S \w \W`, or null (position unchanged). */
  private shorthand(): { ranges: Ranges; negated: boolean } | null {
    if (this.cps[this.pos] !== 0x5c || this.pos + 1 >= this.cps.length) return null;
    const c = String.fromCodePoint(this.cps[this.pos + 1]!);
    const table: Record<string, Ranges> = { d: DIGIT, s: SPACE, w: WORD };
    const base = table[c.toLowerCase()];
    if (!base) {
      if (RESERVED_ESCAPES.includes(c))
        throw this.error(`invalid character class \\${c} at position ${this.at()}`);
      return null;
    }
    this.pos += 2;
    return { ranges: base, negated: c !== c.toLowerCase() };
  }

  private charExp(): number {
    this.match('\\');
    return this.next();
  }

  private simple(): Node {
    if (this.match('.')) return { t: 'any' };
    if (this.match('#')) return { t: 'empty' };
    if (this.match('@')) return { t: 'anystring' };
    if (this.match('"')) {
      const items: Node[] = [];
      while (this.more() && !this.peek('"')) items.push(this.char(this.next()));
      if (!this.match('"')) throw this.error(`expected '"' at position ${this.at()}`);
      return { t: 'seq', items };
    }
    if (this.match('(')) {
      if (this.match(')')) return { t: 'seq', items: [] };
      const e = this.union();
      if (!this.match(')')) throw this.error(`expected ')' at position ${this.at()}`);
      return e;
    }
    if (this.match('<')) {
      const start = this.pos;
      while (this.more() && !this.peek('>')) this.pos++;
      if (!this.match('>')) throw this.error(`expected '>' at position ${this.at()}`);
      const body = this.slice(start, this.pos - 1);
      const dash = body.indexOf('-');
      if (dash === -1) {
        this.pos = start - 1;
        throw this.error(`named automaton <${body}> is not supported`, true);
      }
      // Lucene reads each bound with Java's Integer.parseInt: a sign is allowed, and digits of any script
      const lowText = body.slice(0, dash);
      const highText = body.slice(dash + 1);
      let lo = dash === body.lastIndexOf('-') ? javaInt(lowText) : null;
      let hi = javaInt(highText);
      if (lo === null || hi === null || lo < 0 || hi < 0) {
        this.pos = start - 1;
        throw this.error(`interval syntax error in <${body}> at position ${this.at()}`);
      }
      // both bounds written with as many characters fix the width (UTF-16 units, as Java counts them)
      const digits = lowText.length === highText.length ? lowText.length : 0;
      if (lo > hi) [lo, hi] = [hi, lo];
      return { t: 'interval', min: BigInt(lo), max: BigInt(hi), digits };
    }
    const sh = this.shorthand();
    if (sh) return { t: 'chars', ranges: sh.ranges, negated: sh.negated, fold: false };
    return this.char(this.charExp());
  }

  private char(cp: number): Node {
    return {
      t: 'chars',
      ranges: this.fold ? foldRanges(cp, this.folding) : [[cp, cp]],
      negated: false,
      fold: false,
    };
  }
}

/**
 * Java's `Integer.parseInt` of `text`: an optional sign, then decimal digits of any script (Unicode's `Nd`, as
 * `Character.digit` reads them); null when it is no int (empty, another character, beyond 32 bits).
 */
function javaInt(text: string): number | null {
  const m = /^([+-]?)(\p{Nd}+)$/u.exec(text);
  if (!m) return null;
  let v = 0;
  for (const ch of m[2]!) {
    v = v * 10 + decimalDigit(ch.codePointAt(0)!);
    if (v > 2 ** 31) return null;
  }
  const n = m[1] === '-' ? -v : v;
  return n >= -(2 ** 31) && n < 2 ** 31 ? n : null;
}

/** The value of a decimal digit (`Nd`): Unicode lays each script's digits out in runs of ten from zero. */
function decimalDigit(cp: number): number {
  if (cp <= 0x39) return cp - 0x30;
  let start = cp;
  while (/\p{Nd}/u.test(String.fromCodePoint(start - 1))) start--;
  return (cp - start) % 10;
}

/**
 * How `regex~` folds case: Elasticsearch 9 (Lucene 10) takes every case form of a character (`caseClass`);
 * Elasticsearch 8 (Lucene 9) folds ASCII letters only.
 */
export type CaseFolding = 'unicode' | 'ascii';

/** The code points a case-insensitive pattern's `cp` stands for, as one-point ranges. */
function foldRanges(cp: number, folding: CaseFolding): Ranges {
  if (folding === 'ascii') {
    const lower = cp >= 0x41 && cp <= 0x5a ? cp + 32 : cp;
    return lower >= 0x61 && lower <= 0x7a
      ? [
          [lower - 32, lower - 32],
          [lower, lower],
        ]
      : [[cp, cp]];
  }
  return caseClass(cp).map((m) => [m, m] as [number, number]);
}

const caseClasses = new Map<number, number[]>();
let caseSources: Map<number, number[]> | null = null;

/**
 * Every code point equal to `cp` but for case, as Lucene's case-insensitive regular expressions take them: the
 * closure of one-code-point lower and upper case mappings, both ways, so that `k` also stands for the Kelvin sign,
 * `s` for `ſ`, `σ` for `ς` and `ß` for `ẞ`. As Elasticsearch 9 does, `i` and `I` never stand for the Turkish `İ`
 * and `ı`, while those two stand for their Java case mapping too (`İ` for `i`, `ı` for `I`).
 */
function caseClass(cp: number): number[] {
  let members = caseClasses.get(cp);
  if (members !== undefined) return members;
  // the Turkish letters do stand for their one Java case mapping (`ı` for `I`, `İ` for `i`), one way only
  const turkish = TURKISH_PARTNER.get(cp);
  if (turkish !== undefined) return [Math.min(cp, turkish), Math.max(cp, turkish)];
  const seen = new Set<number>([cp]);
  const todo = [cp];
  while (todo.length > 0) {
    const c = todo.pop()!;
    for (const m of [...caseMappings(c), ...(reverseCaseMappings().get(c) ?? [])])
      if (!seen.has(m) && !TURKISH_I.has(m)) {
        seen.add(m);
        todo.push(m);
      }
  }
  members = [...seen].sort((a, b) => a - b);
  caseClasses.set(cp, members);
  return members;
}

const TURKISH_I = new Set([0x130, 0x131]);
const TURKISH_PARTNER = new Map([
  [0x130, 0x69],
  [0x131, 0x49],
]);

/** The one-code-point lower and upper case forms of `cp` other than itself. */
function caseMappings(cp: number): number[] {
  if (TURKISH_I.has(cp)) return [];
  const s = String.fromCodePoint(cp);
  const out: number[] = [];
  for (const m of [s.toLowerCase(), s.toUpperCase()]) {
    const c = m.codePointAt(0)!;
    if (m.length === String.fromCodePoint(c).length && c !== cp) out.push(c);
  }
  return out;
}

/** Code point → the code points whose lower or upper case form it is; built once, on the first need. */
function reverseCaseMappings(): Map<number, number[]> {
  if (caseSources !== null) return caseSources;
  caseSources = new Map();
  // every cased letter lies below U+20000
  for (let c = 0; c < 0x20000; c++) {
    if (c >= 0xd800 && c <= 0xdfff) continue;
    for (const m of caseMappings(c)) {
      let list = caseSources.get(m);
      if (list === undefined) caseSources.set(m, (list = []));
      list.push(c);
    }
  }
  return caseSources;
}

function complementIf(ranges: Ranges, negate: boolean): Ranges {
  if (!negate) return ranges;
  const sorted = [...ranges].sort((a, b) => a[0] - b[0]);
  const out: Ranges = [];
  let next = 0;
  for (const [a, b] of sorted) {
    if (a > next) out.push([next, a - 1]);
    next = Math.max(next, b + 1);
  }
  if (next <= 0x10ffff) out.push([next, 0x10ffff]);
  return out;
}

// ---------------------------------------------------------------- translation to a JavaScript RegExp

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

function toJs(n: Node): string {
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
function intervalRegExp(lo: bigint, hi: bigint, digits: number): string {
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

// ---------------------------------------------------------------- end-position matcher (for & and ~)

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

class SetMatcher {
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

function collectIntervals(n: Node, out: Map<Node, RegExp>): void {
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
