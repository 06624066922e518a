/**
 * Case folding for `regex~`: the code points one character of a case-insensitive pattern stands for, as Lucene 10
 * (Elasticsearch 9) or Lucene 9 (Elasticsearch 8) takes them.
 */

type Ranges = Array<[number, number]>;

/**
 * How `regex~` folds case: Elasticsearch 9 (Lucene 10) takes every case form of a character (`caseClass`);
 * Elasticsearch 8 (Lucene 9) folds ASCII letters only.
 */
export type CaseFolding = 'unicode' | 'ascii';

/** The code points a case-insensitive pattern's `cp` stands for, as one-point ranges. */
export function foldRanges(cp: number, folding: CaseFolding): Ranges {
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
