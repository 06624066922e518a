/**
 * Generated Lucene regular expressions (EQL `regex`, `regex~`), values to try them on, and an independent reference
 * matcher, shared by the offline property test (test/eql/lucene-regex-property.test.ts) and the differential test
 * against a real node (test/es/lucene-regex.test.ts).
 *
 * The reference is written from Lucene's documented grammar (RegExp's javadoc, every optional operator on) with a
 * different method from the engine's: the pattern becomes a term, and a value matches when the term's Brzozowski
 * derivative by each of its code points in turn accepts the empty string. Derivatives handle complement and
 * intersection directly, and a numeric interval is a term that remembers the digits read so far.
 */
import { NON_ASCII_SAMPLES, PRINTABLE_ASCII, rng } from './pattern-cases.js';

export type Folding = 'none' | 'ascii' | 'unicode';

type Term =
  | { t: 'none' }
  | { t: 'eps' }
  | { t: 'set'; has: (cp: number) => boolean; key: string }
  | { t: 'seq'; a: Term; b: Term }
  | { t: 'alt'; xs: Term[] }
  | { t: 'and'; xs: Term[] }
  | { t: 'not'; a: Term }
  | { t: 'rep'; a: Term; min: number; max: number }
  | { t: 'num'; lo: bigint; hi: bigint; digits: number; read: string };

const NONE: Term = { t: 'none' };
const EPS: Term = { t: 'eps' };
const ANY: Term = { t: 'set', has: () => true, key: 'any' };

const keys = new WeakMap<Term, string>();
function key(x: Term): string {
  let k = keys.get(x);
  if (k !== undefined) return k;
  switch (x.t) {
    case 'none':
    case 'eps':
      k = x.t;
      break;
    case 'set':
      k = `[${x.key}]`;
      break;
    case 'seq':
      k = `seq(${key(x.a)},${key(x.b)})`;
      break;
    case 'alt':
    case 'and':
      k = `${x.t}(${x.xs.map(key).join(',')})`;
      break;
    case 'not':
      k = `not(${key(x.a)})`;
      break;
    case 'rep':
      k = `rep(${key(x.a)},${x.min},${x.max})`;
      break;
    case 'num':
      k = `num(${x.lo},${x.hi},${x.digits},${x.read})`;
      break;
  }
  keys.set(x, k);
  return k;
}

function seq(a: Term, b: Term): Term {
  if (a.t === 'none' || b.t === 'none') return NONE;
  if (a.t === 'eps') return b;
  if (b.t === 'eps') return a;
  return { t: 'seq', a, b };
}
/** A union or intersection as a set: nested ones flattened, duplicates dropped, in a fixed order. */
function setOf(kind: 'alt' | 'and', parts: Term[]): Term {
  const byKey = new Map<string, Term>();
  for (const p of parts)
    for (const x of p.t === kind ? p.xs : [p]) {
      if (x.t === 'none') {
        if (kind === 'and') return NONE;
      } else byKey.set(key(x), x);
    }
  const xs = [...byKey.entries()].sort((a, b) => (a[0] < b[0] ? -1 : 1)).map((e) => e[1]);
  return xs.length === 0 ? NONE : xs.length === 1 ? xs[0]! : { t: kind, xs };
}
function alt(a: Term, b: Term): Term {
  return setOf('alt', [a, b]);
}
function and(a: Term, b: Term): Term {
  return setOf('and', [a, b]);
}
function not(a: Term): Term {
  return a.t === 'not' ? a.a : { t: 'not', a };
}
function rep(a: Term, min: number, max: number): Term {
  if (max === 0) return EPS;
  if (a.t === 'none') return min === 0 ? EPS : NONE;
  if (a.t === 'eps') return EPS;
  return { t: 'rep', a, min, max };
}

function numValue(s: string): bigint {
  return s.length === 0 ? -1n : BigInt(s);
}

function nullable(x: Term): boolean {
  switch (x.t) {
    case 'none':
    case 'set':
      return false;
    case 'eps':
      return true;
    case 'seq':
      return nullable(x.a) && nullable(x.b);
    case 'and':
      return x.xs.every(nullable);
    case 'alt':
      return x.xs.some(nullable);
    case 'not':
      return !nullable(x.a);
    case 'rep':
      return x.min === 0 || nullable(x.a);
    case 'num': {
      if (x.read.length === 0) return false;
      const v = numValue(x.read);
      return (x.digits === 0 || x.read.length === x.digits) && v >= x.lo && v <= x.hi;
    }
  }
}

function derive(x: Term, cp: number): Term {
  switch (x.t) {
    case 'none':
    case 'eps':
      return NONE;
    case 'set':
      return x.has(cp) ? EPS : NONE;
    case 'seq': {
      const first = seq(derive(x.a, cp), x.b);
      return nullable(x.a) ? alt(first, derive(x.b, cp)) : first;
    }
    case 'alt':
    case 'and':
      return setOf(
        x.t,
        x.xs.map((y) => derive(y, cp)),
      );
    case 'not':
      return not(derive(x.a, cp));
    case 'rep': {
      // a nullable item repeated at least n times is the item repeated 0 to max times
      const min = nullable(x.a) ? 0 : Math.max(0, x.min - 1);
      return seq(derive(x.a, cp), rep(x.a, min, x.max === -1 ? -1 : x.max - 1));
    }
    case 'num': {
      if (cp < 0x30 || cp > 0x39) return NONE;
      const read = x.read + String.fromCharCode(cp);
      if (x.digits > 0 && read.length > x.digits) return NONE;
      // digits only make the value grow (leading zeros aside): past the top nothing comes back
      if (numValue(read) > x.hi) return NONE;
      return { ...x, read };
    }
  }
}

/** Whether the term accepts the whole value. */
function accepts(x: Term, value: string): boolean {
  let cur = x;
  for (const ch of value) {
    cur = derive(cur, ch.codePointAt(0)!);
    if (cur.t === 'none') return false;
  }
  return nullable(cur);
}

const TURKISH = new Set([0x130, 0x131]);
const TURKISH_PARTNER = new Map([
  [0x130, 0x69],
  [0x131, 0x49],
]);

/** The code points `cp` stands for in a case-insensitive pattern: equal up to one-code-point case mapping. */
function caseForms(cp: number, folding: Folding): number[] {
  if (folding === 'none') return [cp];
  if (folding === 'ascii') {
    if (cp >= 0x41 && cp <= 0x5a) return [cp, cp + 32];
    if (cp >= 0x61 && cp <= 0x7a) return [cp, cp - 32];
    return [cp];
  }
  if (TURKISH.has(cp)) return [cp];
  const one = (s: string) => (s.length === String.fromCodePoint(s.codePointAt(0)!).length ? s : null);
  const c = String.fromCodePoint(cp);
  const forms = new Set<number>([cp]);
  for (const f of [one(c.toLowerCase()), one(c.toUpperCase())])
    if (f !== null && !TURKISH.has(f.codePointAt(0)!)) forms.add(f.codePointAt(0)!);
  return [...forms];
}

/**
 * Whether two code points are equal up to case as the reference takes it: both map to a common one-code-point
 * lower or upper case form (Turkish dotted and dotless i apart), or ASCII letters only.
 */
function sameUpToCase(a: number, b: number, folding: Folding): boolean {
  if (a === b) return true;
  if (folding === 'none') return false;
  const fa = caseForms(a, folding);
  const fb = caseForms(b, folding);
  return fa.some((x) => fb.includes(x));
}

export class LuceneSyntaxError extends Error {}

/** Java's Integer.parseInt: an optional sign, then decimal digits of any script, within 32 bits. */
function javaParseInt(s: string): number {
  const m = /^([+-]?)(\p{Nd}+)$/u.exec(s);
  if (!m) throw new LuceneSyntaxError(`not an integer: ${s}`);
  let v = 0n;
  for (const ch of m[2]!) v = v * 10n + BigInt(digitValue(ch.codePointAt(0)!));
  if (m[1] === '-') v = -v;
  if (v > 2147483647n || v < -2147483648n) throw new LuceneSyntaxError(`integer out of range: ${s}`);
  return Number(v);
}

/** A decimal digit's value: Unicode's digits come in runs of ten, from zero up. */
function digitValue(cp: number): number {
  let start = cp;
  while (start > 0 && /\p{Nd}/u.test(String.fromCodePoint(start - 1))) start--;
  return (cp - start) % 10;
}

/** Lucene's RegExp parser with every optional operator, building terms (see the file's comment). */
class Reference {
  private pos = 0;
  private readonly cps: number[];
  /** Code points where some set of the pattern starts or stops: one character of each class they cut. */
  private readonly cuts = new Set<number>([
    0, 0x09, 0x0b, 0x0d, 0x0e, 0x20, 0x21, 0x30, 0x3a, 0x41, 0x5b, 0x5f,
  ]);
  constructor(
    src: string,
    private readonly folding: Folding,
  ) {
    this.cps = [...src].map((c) => c.codePointAt(0)!);
    for (const c of [0x60, 0x61, 0x7b]) this.cuts.add(c);
    for (let d = 0x30; d <= 0x39; d++) this.cuts.add(d);
  }

  /**
   * `e` repeated at least `min` times without bound; as Lucene's automaton repeat, nothing when `e` matches nothing
   * (no derivative of it, over one character per class, accepts the empty string).
   */
  private unbounded(e: Term, min: number): Term {
    const reps = [...this.cuts].filter((c) => c <= 0x10ffff);
    const seen = new Map<string, Term>([[key(e), e]]);
    const todo = [e];
    while (todo.length > 0) {
      const t = todo.pop()!;
      if (nullable(t)) return rep(e, min, -1);
      for (const cp of reps) {
        const d = derive(t, cp);
        if (d.t !== 'none' && !seen.has(key(d))) {
          if (seen.size > 20_000) throw new Error('the reference gave up deciding emptiness');
          seen.set(key(d), d);
          todo.push(d);
        }
      }
    }
    return NONE;
  }

  parse(): Term {
    if (this.cps.length === 0) return EPS;
    const e = this.union();
    if (this.pos < this.cps.length) throw new LuceneSyntaxError('end-of-string expected');
    return e;
  }

  private more(): boolean {
    return this.pos < this.cps.length;
  }
  private peek(s: string): boolean {
    return this.more() && [...s].some((c) => c.codePointAt(0) === this.cps[this.pos]);
  }
  private match(c: string): boolean {
    if (this.more() && this.cps[this.pos] === c.codePointAt(0)) {
      this.pos++;
      return true;
    }
    return false;
  }
  private next(): number {
    if (!this.more()) throw new LuceneSyntaxError('unexpected end-of-string');
    return this.cps[this.pos++]!;
  }

  private union(): Term {
    const e = this.inter();
    return this.match('|') ? alt(e, this.union()) : e;
  }
  private inter(): Term {
    const e = this.concat();
    return this.match('&') ? and(e, this.inter()) : e;
  }
  private concat(): Term {
    const e = this.repeat();
    return this.more() && !this.peek(')|&') ? seq(e, this.concat()) : e;
  }
  private repeat(): Term {
    let e = this.complement();
    while (this.peek('?*+{')) {
      if (this.match('?')) e = rep(e, 0, 1);
      else if (this.match('*')) e = this.unbounded(e, 0);
      else if (this.match('+')) e = this.unbounded(e, 1);
      else if (this.match('{')) {
        const n = this.integer();
        let m = n;
        if (this.match(',')) m = this.peek('0123456789') ? this.integer() : -1;
        if (!this.match('}')) throw new LuceneSyntaxError("expected '}'");
        if (m !== -1 && m < n) throw new LuceneSyntaxError('invalid repetition range');
        e = m === -1 ? this.unbounded(e, n) : rep(e, n, m);
      }
    }
    return e;
  }
  private integer(): number {
    const start = this.pos;
    while (this.peek('0123456789')) this.pos++;
    if (start === this.pos) throw new LuceneSyntaxError('integer expected');
    return javaParseInt(String.fromCodePoint(...this.cps.slice(start, this.pos)));
  }
  private complement(): Term {
    return this.match('~') ? not(this.complement()) : this.charClass();
  }
  private charClass(): Term {
    if (!this.match('[')) return this.simple();
    const negate = this.match('^');
    let e = this.classItem();
    while (this.more() && !this.peek(']')) e = alt(e, this.classItem());
    if (!this.match(']')) throw new LuceneSyntaxError("expected ']'");
    return negate ? and(ANY, not(e)) : e;
  }
  private classItem(): Term {
    const predefined = this.predefined();
    if (predefined) return predefined;
    const from = this.charExp();
    if (this.match('-')) {
      const to = this.charExp();
      if (to < from) throw new LuceneSyntaxError('invalid range');
      this.cuts.add(from).add(to + 1);
      return { t: 'set', has: (cp) => cp >= from && cp <= to, key: `${from}-${to}` };
    }
    return this.char(from);
  }
  private predefined(): Term | null {
    if (this.cps[this.pos] !== 0x5c || this.pos + 1 >= this.cps.length) return null;
    const c = String.fromCodePoint(this.cps[this.pos + 1]!);
    const tests: Record<string, (cp: number) => boolean> = {
      d: (cp) => cp >= 0x30 && cp <= 0x39,
      s: (cp) => cp === 0x20 || cp === 0x09 || cp === 0x0a || cp === 0x0d,
      w: (cp) => /[A-Za-z0-9_]/.test(String.fromCodePoint(cp)),
    };
    const base = tests[c.toLowerCase()];
    if (!base) {
      // Java's rule: a backslash before a letter that names no class is an error
      if (/[a-zA-Z]/.test(c)) throw new LuceneSyntaxError(`invalid character class \\${c}`);
      return null;
    }
    this.pos += 2;
    return c === c.toLowerCase()
      ? { t: 'set', has: base, key: `\\${c}` }
      : { t: 'set', has: (cp) => !base(cp), key: `\\${c}` };
  }
  private charExp(): number {
    this.match('\\');
    return this.next();
  }
  private char(cp: number): Term {
    const folding = this.folding;
    // Elasticsearch 9: the Turkish letters take their one Java case mapping, which maps nothing back to them
    const partner = folding === 'unicode' ? TURKISH_PARTNER.get(cp) : undefined;
    if (partner !== undefined) {
      this.cuts
        .add(cp)
        .add(cp + 1)
        .add(partner)
        .add(partner + 1);
      return { t: 'set', has: (x) => x === cp || x === partner, key: `c${cp}` };
    }
    for (const f of caseForms(cp, folding)) this.cuts.add(f).add(f + 1);
    this.cuts.add(cp).add(cp + 1);
    return { t: 'set', has: (x) => sameUpToCase(cp, x, folding), key: `c${cp}` };
  }
  private simple(): Term {
    if (this.match('.')) return ANY;
    if (this.match('#')) return NONE;
    if (this.match('@')) return rep(ANY, 0, -1);
    if (this.match('"')) {
      let e = EPS;
      while (this.more() && !this.peek('"')) e = seq(e, this.char(this.next()));
      if (!this.match('"')) throw new LuceneSyntaxError("expected '\"'");
      return e;
    }
    if (this.match('(')) {
      if (this.match(')')) return EPS;
      const e = this.union();
      if (!this.match(')')) throw new LuceneSyntaxError("expected ')'");
      return e;
    }
    if (this.match('<')) {
      const start = this.pos;
      while (this.more() && !this.peek('>')) this.pos++;
      if (!this.match('>')) throw new LuceneSyntaxError("expected '>'");
      const body = String.fromCodePoint(...this.cps.slice(start, this.pos - 1));
      const i = body.indexOf('-');
      // a name refers to an automaton Elasticsearch never provides
      if (i === -1) throw new LuceneSyntaxError(`automaton <${body}> not found`);
      if (i === 0 || i === body.length - 1 || i !== body.lastIndexOf('-'))
        throw new LuceneSyntaxError('interval syntax error');
      const smin = body.slice(0, i);
      const smax = body.slice(i + 1);
      let lo = javaParseInt(smin);
      let hi = javaParseInt(smax);
      const digits = smin.length === smax.length ? smin.length : 0;
      if (lo > hi) [lo, hi] = [hi, lo];
      if (digits > 0 && String(hi).length > digits) throw new LuceneSyntaxError('interval syntax error');
      return { t: 'num', lo: BigInt(lo), hi: BigInt(hi), digits, read: '' };
    }
    const predefined = this.predefined();
    if (predefined) return predefined;
    return this.char(this.charExp());
  }
}

/**
 * Elasticsearch's rewriting of a pattern before Lucene sees it: a run of two or more of `?*+` outside classes,
 * quoted strings and escapes becomes one (`+` if all are `+`, `?` if all are `?`, else `*`).
 */
function collapseRuns(pattern: string): string {
  return pattern.replace(/\\[\s\S]?|\[(?:\\[\s\S]|[^\]\\])*\]?|"(?:\\[\s\S]|[^"\\])*"?|[?*+]{2,}/g, (t) =>
    !/^[?*+]+$/.test(t) ? t : /^(\++|\?+|\*+)$/.test(t) ? t[0]! : '*',
  );
}

/** The reference's answer: a test of whole values, or a LuceneSyntaxError for a pattern Elasticsearch refuses. */
export function luceneOracle(pattern: string, folding: Folding): (value: string) => boolean {
  if (pattern.length > 1000) throw new LuceneSyntaxError('longer than index.max_regex_length');
  const term = new Reference(collapseRuns(pattern), folding).parse();
  return (v) => accepts(term, v);
}

/**
 * Where a character stands in a regular expression (C itself, E escaped): alone, in classes and ranges, under
 * every operator and repetition, quoted, beside `@`, `#`, `.` and a numeric interval.
 */
const REGEX_TEMPLATES = [
  'C',
  'E',
  'CC',
  'EE',
  'xC',
  'Cx',
  'xEy',
  '[C]',
  '[E]',
  '[^C]',
  '[xC]',
  '[Cx]',
  '[C-~]',
  '[!-C]',
  '[^E-~]',
  'C*',
  'E*',
  'C+',
  'C?',
  'E?x',
  'C{2}',
  'E{1,2}',
  'E{2,}',
  '(C)',
  '(E)+',
  'C|x',
  'x|E',
  '~C',
  '~E',
  'x~E',
  'C&.',
  '.&E',
  'E&~x',
  '"C"',
  'x"C"',
  'C.',
  '.E',
  '@E',
  'E@',
  '#|E',
  '<1-3>E',
  'E<01-10>',
];

/** The templates a real node is held to (test/es/lucene-regex.test.ts): one of each kind, to keep it quick. */
export const CORE_REGEX_TEMPLATES: readonly string[] = [
  'C',
  'E',
  'xC',
  '[C]',
  '[E]',
  '[^C]',
  '[C-~]',
  '[!-C]',
  'C*',
  'C{2}',
  'E{1,2}',
  '(C)',
  'C|x',
  '~C',
  'C&.',
  '"C"',
  '@E',
  '#|E',
  '<1-3>E',
];

/** Characters that Java reads as decimal digits (an interval's bounds take them): Arabic-Indic, fullwidth. */
export const NON_ASCII_DIGITS: readonly string[] = ['\u0663', '\uff15'];

/** Each character in each template. */
export function regexPatterns(
  chars: readonly string[],
  templates: readonly string[] = REGEX_TEMPLATES,
): string[] {
  const out = new Set<string>();
  for (const c of chars)
    for (const t of templates) out.add(t.replace(/[CE]/g, (m) => (m === 'C' ? c : `\\${c}`)));
  return [...out];
}

/**
 * Interval, repetition and other edge patterns: signs, bounds beyond 32 bits, Unicode digits, empty and
 * reversed ranges, a leading operator, unbalanced brackets.
 */
export const EDGE_REGEX_PATTERNS: readonly string[] = [
  '<0-0>',
  '<0-255>',
  '<5-1>',
  '<042-100>',
  '<+1-5>',
  '<1-+5>',
  '<+9-10>',
  '<-1-5>',
  '<1--5>',
  '<1-5-7>',
  '<->',
  '<1->',
  '<-1>',
  '<>',
  '<name>',
  '<1-2147483647>',
  '<1-2147483648>',
  '<0-99999999999>',
  '<\u0661-\u0663>',
  '<\uff11-\uff15>',
  '<1-\u0663>',
  'a{0}',
  'a{0,0}',
  'a{2147483647}',
  'a{2147483648}',
  'a{1,2147483648}',
  'a{3,1}',
  'a{,2}',
  'a{}',
  'a{',
  'a{1',
  'a{1,',
  '{',
  '}',
  '{1}',
  'a{1}{2}',
  'a**',
  'a*?',
  'a+*',
  '*',
  '+',
  '?',
  '*a',
  '|',
  '|a',
  'a|',
  '&',
  '&a',
  'a&',
  '~',
  '~~a',
  '(',
  ')',
  '()',
  '(|)',
  'a)',
  '[',
  ']',
  '[]',
  '[]]',
  '[^]',
  '[^]]',
  '[a-]',
  '[-a]',
  '[-]',
  '[a-a]',
  '[b-a]',
  '[\\d-z]',
  '[a-\\d]',
  '[\\]]',
  '"',
  '""',
  '"a\\"b"',
  '\\',
  'a\\',
  '\\\\',
  '\\d',
  '\\D',
  '\\w',
  '\\W',
  '\\s',
  '\\S',
  '\\x',
  '.',
  '..',
  '@',
  '#',
  '@&~(.*a)',
  '~(.*)',
  '~#',
  '~@',
  // an unbounded repeat of nothing is nothing (Lucene), a bounded one from zero the empty string
  '#*',
  '#+',
  '#{0,}',
  '#?',
  '#{0,2}',
  '(a&b)*',
  '(a&b)?',
  '(~@)+',
  '([^\\s\\S])*',
  '(#a)*',
  '((a&b)|#)*a',
  // stacked repetition operators, collapsed by Elasticsearch (a leading run becomes a literal)
  '+?',
  '**',
  '?*',
  '++',
  '??',
  '+?a',
  'a+?',
  'a?+',
  'a++',
  '(+?)',
  '[]+?]',
  '[^]+?]',
  '"+?"',
  '\\+?',
  '\\\\+?',
  '[\\]+?]',
  // escaped letters that name no class are refused
  '\\A',
  '\\q',
  '[\\x]',
  '[a-\\q]',
  '\\1',
  '\\é',
  'a'.repeat(1000),
  'a'.repeat(1001),
  'a' + '+'.repeat(999),
];

/**
 * Seeded random patterns built from small pieces under every operator, nested up to `depth` (the templates hold
 * each operator once; these combine them).
 */
export function randomRegexPatterns(seed: number, count: number, depth = 3): string[] {
  const r = rng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
  const atoms = [
    'a',
    'b',
    '1',
    '.',
    '[ab]',
    '[^a]',
    '[0-9]',
    '\\d',
    '\\w',
    '"ab"',
    '@',
    '#',
    '<1-12>',
    'é',
    '😀',
    '\\.',
  ];
  const gen = (d: number): string => {
    if (d === 0 || r() < 0.3) return pick(atoms);
    switch (Math.floor(r() * 7)) {
      case 0:
        return gen(d - 1) + gen(d - 1);
      case 1:
        return `(${gen(d - 1)}|${gen(d - 1)})`;
      case 2:
        return `(${gen(d - 1)}&${gen(d - 1)})`;
      case 3:
        return `~(${gen(d - 1)})`;
      case 4:
        return `(${gen(d - 1)})${pick(['*', '+', '?', '{2}', '{0,2}', '{1,}'])}`;
      case 5:
        return `${gen(d - 1)}${gen(d - 1)}${gen(d - 1)}`;
      default:
        return `(${gen(d - 1)})`;
    }
  };
  const out = new Set<string>();
  while (out.size < count) out.add(gen(depth));
  return [...out];
}

/** Values over the alphabet random patterns use: short strings, every one of length 0 to 2 and a seeded sample. */
export function randomRegexValues(seed: number, count: number): string[] {
  const r = rng(seed);
  const alphabet = ['a', 'b', 'A', '1', '2', '0', '.', 'é', 'É', '😀', '\n', 'x'];
  const out = new Set<string>(['']);
  for (const a of alphabet) {
    out.add(a);
    for (const b of alphabet) out.add(a + b);
  }
  while (out.size < count) {
    let s = '';
    const n = 3 + Math.floor(r() * 5);
    for (let i = 0; i < n; i++) s += alphabet[Math.floor(r() * alphabet.length)];
    out.add(s);
  }
  return [...out];
}

/** Values for the characters' templates: the character alone and repeated, its neighbours, case forms, digits. */
export function regexValues(c: string): string[] {
  const cp = c.codePointAt(0)!;
  const near = [cp - 1, cp + 1]
    .filter((x) => x >= 0 && (x < 0xd800 || x > 0xdfff))
    .map((x) => String.fromCodePoint(x));
  const base = [
    c,
    c + c,
    `x${c}`,
    `${c}x`,
    `x${c}y`,
    `\\${c}`,
    `"${c}"`,
    `1${c}`,
    `${c}01`,
    `${c}10`,
    `${c}x${c}`,
  ];
  const out = new Set<string>(['', 'x', 'xy', '1', '2', '3', '01', '10', '\n', '😀', '\\', 'X', ...near]);
  for (const v of base) {
    out.add(v);
    out.add(v.toUpperCase());
    out.add(v.toLowerCase());
  }
  return [...out];
}

/** Every character the templates are filled with. */
export const REGEX_CHARS: readonly string[] = [...PRINTABLE_ASCII, ...NON_ASCII_SAMPLES, ...NON_ASCII_DIGITS];
