/**
 * Generated EQL wildcard patterns (`:`, `like`, `like~`), the values to try them on, and an independent reference
 * matcher, shared by the offline property test (test/eql/wildcard-property.test.ts) and the differential test
 * against a real node (test/es/wildcards.test.ts).
 */

/** A small deterministic generator (xorshift32), so that a failure reproduces from its seed. */
export function rng(seed: number): () => number {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 2 ** 32;
  };
}

/** The seed of a property test: `PROPERTY_SEED` when set (to replay a failure), else a fixed one. */
export function propertySeed(fallback: number): number {
  const s = process.env.PROPERTY_SEED;
  return s && /^\d+$/.test(s) ? Number(s) : fallback;
}

/** Every printable ASCII character. */
export const PRINTABLE_ASCII: readonly string[] = Array.from({ length: 0x7f - 0x20 }, (_, i) =>
  String.fromCharCode(0x20 + i),
);

/**
 * Characters beyond printable ASCII that patterns hold in practice or that trip escaping, case folding and code
 * point handling: letters with case forms outside ASCII (`é`, `ß`, the Kelvin sign, the Turkish i's, long s), an
 * astral letter with case (`𐐀`) and an emoji, CJK, a combining mark, control characters and line separators.
 */
export const NON_ASCII_SAMPLES: readonly string[] = [
  'é',
  'É',
  'ß',
  'ẞ',
  '\u212a',
  '\u017f',
  '\u0130',
  '\u0131',
  'Σ',
  'ς',
  '中',
  '\u0301',
  '\u00a0',
  '\u2028',
  '\t',
  '\n',
  '\r',
  '\u0000',
  '\u007f',
  '😀',
  '𐐀',
  '𐐨',
];

/** A lone surrogate: a JavaScript string may hold one (a rule file's `"\ud800"`), Elasticsearch cannot. */
export const LONE_SURROGATE = '\ud800';

/**
 * Where a character stands in a wildcard pattern: alone, doubled, next to `*` and `?`, at the start, middle and
 * end of fixed text, so that every compiled form (exact, prefix, suffix, infix, the alternation RegExp) holds it.
 */
const WILDCARD_TEMPLATES = [
  'C',
  'CC',
  '*C',
  'C*',
  '?C',
  'C?',
  '*C*',
  '?C?',
  'C*C',
  'C?C',
  'xC',
  'Cx',
  'xCy',
  'C*z*',
  '*C*z',
  'x*C*y',
  'x*C',
  'x?C',
  'C?y',
  '*x?C*',
];

/**
 * The templates that a real node is held to (test/es/wildcards.test.ts): one of each kind of place, fewer than the
 * offline test's so that indexing their values stays quick.
 */
export const CORE_WILDCARD_TEMPLATES: readonly string[] = [
  'C',
  'CC',
  '*C',
  'C*',
  '*C*',
  '?C?',
  'C*z*',
  'x*C*y',
  'x?C',
  'C?y',
];

/** Each of `chars` in each template. */
export function wildcardPatterns(
  chars: readonly string[],
  templates: readonly string[] = WILDCARD_TEMPLATES,
): string[] {
  const out = new Set<string>();
  for (const c of chars) for (const t of templates) out.add(t.replace(/C/g, () => c));
  return [...out];
}

/** ASCII letters only, as Elasticsearch's EQL folds case. */
export function asciiFold(s: string): string {
  return s.replace(/[A-Z]/g, (c) => c.toLowerCase());
}

function swapAsciiCase(s: string): string {
  return s.replace(/[A-Za-z]/g, (c) => (c === c.toLowerCase() ? c.toUpperCase() : c.toLowerCase()));
}

/**
 * Values to try `pattern` on: its own literal text (each wildcard filled in several ways, line breaks and astral
 * characters among them), case variants (ASCII and full Unicode), near misses (a code point dropped, added or
 * changed) and line breaks around it.
 */
export function wildcardValues(pattern: string): string[] {
  const cps = [...pattern];
  const fill = (star: string, one: string) =>
    cps.map((c) => (c === '*' ? star : c === '?' ? one : c)).join('');
  const literal = pattern.replace(/[*?]/g, '');
  const base = [
    fill('', 'a'),
    fill('zz', 'Q'),
    fill('\n', '\n'),
    fill('😀', '😀'),
    fill('*', '?'),
    fill('a*b', '??'),
    fill('', ''),
    pattern,
    literal,
  ];
  const out = new Set<string>(['', 'x', '😀', '\n']);
  for (const v of base) {
    const vs = [...v];
    out.add(v);
    out.add(v.toUpperCase());
    out.add(v.toLowerCase());
    out.add(swapAsciiCase(v));
    out.add(vs.slice(1).join(''));
    out.add(vs.slice(0, -1).join(''));
    out.add(`x${v}`);
    out.add(`${v}x`);
    out.add(`${v}\n`);
    out.add(`\r\n${v}`);
    out.add(v + v);
    if (vs.length > 0) {
      const last = vs[vs.length - 1]!.codePointAt(0)!;
      out.add(vs.slice(0, -1).join('') + String.fromCodePoint(last + 1));
    }
  }
  return [...out];
}

/**
 * The reference matcher: dynamic programming over code points, written from the definition (`*` any run, `?` one
 * code point, anything else itself, the whole value covered), ASCII letters folded when `caseInsensitive`.
 */
export function wildcardOracle(pattern: string, value: string, caseInsensitive: boolean): boolean {
  const p = [...(caseInsensitive ? asciiFold(pattern) : pattern)];
  const v = [...(caseInsensitive ? asciiFold(value) : value)];
  // reach[j]: the pattern read so far matches the first j code points of the value
  let reach: boolean[] = v.map(() => false).concat(false);
  reach[0] = true;
  for (const pc of p) {
    const next: boolean[] = reach.map(() => false);
    if (pc === '*') {
      let any = false;
      for (let j = 0; j <= v.length; j++) next[j] = any = any || reach[j]!;
    } else {
      for (let j = 1; j <= v.length; j++) next[j] = reach[j - 1]! && (pc === '?' || v[j - 1] === pc);
    }
    reach = next;
  }
  return reach[v.length]!;
}

/** `s` as an EQL double-quoted string literal. */
export function eqlString(s: string): string {
  let out = '"';
  for (const ch of s) {
    if (ch === '"' || ch === '\\') out += `\\${ch}`;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (ch.length === 1 && ch.charCodeAt(0) < 0x20)
      out += `\\u{${ch.charCodeAt(0).toString(16).padStart(2, '0')}}`;
    else out += ch;
  }
  return `${out}"`;
}

/** `items` shuffled (seeded) and cut into groups of 2 to `max` items. */
export function groups<T>(items: readonly T[], r: () => number, max: number): T[][] {
  const a = [...items];
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(r() * (i + 1));
    [a[i], a[j]] = [a[j]!, a[i]!];
  }
  const out: T[][] = [];
  for (let i = 0; i < a.length;) {
    const n = 2 + Math.floor(r() * (max - 1));
    out.push(a.slice(i, i + n));
    i += n;
  }
  return out;
}
