/**
 * The parser of Lucene regular expressions (see lucene-regex.ts for the syntax): pattern text to a tree whose
 * leaves are code point ranges, case-folded as the parse goes when the match is case-insensitive.
 */
import { foldRanges, type CaseFolding } from './lucene-case-folding.js';

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
/** A parsed expression (exported for the translation, the matcher and lucene-emptiness.ts). */
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
export class Parser {
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
