/**
 * EQL wildcard patterns (`:`, `like`, `like~`): `*` matches any sequence, `?` exactly one character, every other
 * character (backslash included) stands for itself, and the pattern covers the whole value.
 *
 * Several patterns compile into one test: exact patterns become a Set lookup, `abc*` / `*abc` / `*abc*` plain
 * string operations, those with `?` but no `*` one alternation RegExp (fixed width: nothing to backtrack over),
 * and the rest a segment matcher each (wildcard-segments.ts), linear where a RegExp would backtrack. Case-insensitive tests fold both sides to lower case,
 * ASCII letters only as Elasticsearch does (the pattern once, at compile time).
 */

import { asciiLower } from './ascii-case.js';
import { starPatternTest } from './wildcard-segments.js';

export type StringTest = (value: string) => boolean;

export function hasWildcard(pattern: string): boolean {
  return pattern.includes('*') || pattern.includes('?');
}

/**
 * A literal character in RegExp source for the `u` flag: only the syntax characters are escaped, since a
 * unicode-mode RegExp refuses the identity escape of most others (`\-` is a syntax error there).
 */
function escapeRegExp(s: string): string {
  return s.replace(/[\\^$.*+?()[\]{}|]/g, '\\$&');
}

/** The pattern as a JavaScript RegExp source (anchored by the caller). */
export function wildcardToRegExpSource(pattern: string): string {
  let out = '';
  for (const ch of pattern) {
    if (ch === '*') out += '[^]*';
    else if (ch === '?') out += '.';
    else out += escapeRegExp(ch);
  }
  return out;
}

export function compileWildcards(patterns: readonly string[], caseInsensitive: boolean): StringTest {
  const fold = (s: string): string => (caseInsensitive ? asciiLower(s) : s);
  const exact = new Set<string>();
  const prefixes: string[] = [];
  const suffixes: string[] = [];
  const infixes: string[] = [];
  const complex: string[] = [];
  let matchAll = false;
  for (const raw of patterns) {
    const p = fold(raw);
    if (!hasWildcard(p)) {
      exact.add(p);
      continue;
    }
    if (p.includes('?')) {
      complex.push(p);
      continue;
    }
    const inner = p.replace(/^\*+/, '').replace(/\*+$/, '');
    if (inner === '') {
      matchAll = true;
      continue;
    }
    if (inner.includes('*')) complex.push(p);
    else if (!p.startsWith('*')) prefixes.push(inner);
    else if (!p.endsWith('*')) suffixes.push(inner);
    else infixes.push(inner);
  }
  if (matchAll) return () => true;
  const starred = complex.filter((c) => c.includes('*')).map(starPatternTest);
  const fixedWidth = complex.filter((c) => !c.includes('*'));
  // `?` is one code point, line breaks included, as in Lucene's wildcard automaton: hence `u` and `s`
  const re = fixedWidth.length
    ? new RegExp(`^(?:${fixedWidth.map(wildcardToRegExpSource).join('|')})$`, 'su')
    : null;
  const onlyExact = prefixes.length + suffixes.length + infixes.length === 0 && complex.length === 0;
  // exact and `abc*` patterns only: each fixes how a matching value starts
  const fixedStarts = suffixes.length + infixes.length + complex.length === 0;
  // Most values fail on their length alone (folding keeps it): a value shorter than every pattern's fixed part,
  // or, when all patterns are exact, of a length none has, is rejected without hashing or folding it.
  let minLength = Infinity;
  for (const e of exact) minLength = Math.min(minLength, e.length);
  for (const a of [...prefixes, ...suffixes, ...infixes]) minLength = Math.min(minLength, a.length);
  for (const c of complex) minLength = Math.min(minLength, c.replace(/\*/g, '').length);
  let lengths = 0;
  for (const e of exact) lengths = e.length < 31 ? lengths | (1 << e.length) : -1;
  const lengthFits =
    onlyExact && lengths !== -1
      ? (v: string) => v.length < 31 && ((lengths >>> v.length) & 1) === 1
      : (v: string) => v.length >= minLength;
  // and most of the rest on their first character, when every pattern fixes it (exact ones and `abc*`)
  const firsts = fixedStarts ? firstCharTable([...exact, ...prefixes]) : null;
  const lengthOk =
    firsts === null
      ? lengthFits
      : (v: string) => {
          let c = v.charCodeAt(0);
          if (caseInsensitive && c >= 0x41 && c <= 0x5a) c += 0x20;
          return c < 128 && firsts[c] === 1 && lengthFits(v);
        };
  const test = (v: string): boolean => {
    if (exact.has(v)) return true;
    for (let i = 0; i < prefixes.length; i++) if (v.startsWith(prefixes[i]!)) return true;
    for (let i = 0; i < suffixes.length; i++) if (v.endsWith(suffixes[i]!)) return true;
    for (let i = 0; i < infixes.length; i++) if (v.includes(infixes[i]!)) return true;
    if (re !== null && re.test(v)) return true;
    for (let i = 0; i < starred.length; i++) if (starred[i]!(v)) return true;
    return false;
  };
  if (onlyExact) {
    if (exact.size === 1) {
      const only = [...exact][0]!;
      return caseInsensitive
        ? (v) => v === only || (v.length === only.length && asciiLower(v) === only)
        : (v) => v === only;
    }
    if (!caseInsensitive) return (v) => lengthOk(v) && exact.has(v);
  }
  if (caseInsensitive && fixedStarts) {
    // Exact and `abc*` patterns, without case: compare in place, folding as we go, rather than fold the whole
    // value into a new string and hash it; the candidates are the few patterns of the value's length.
    const byLength: string[][] = [];
    for (const e of exact) (byLength[e.length] ??= []).push(e);
    // A value already in lower case (most are) is settled by the engine's own comparison, which costs a few
    // nanoseconds where the folding loop costs two per character.
    return (v) => {
      if (!lengthOk(v)) return false;
      const same = byLength[v.length];
      if (same !== undefined)
        for (let i = 0; i < same.length; i++) if (v === same[i] || foldedStartsWith(v, same[i]!)) return true;
      for (let i = 0; i < prefixes.length; i++)
        if (v.startsWith(prefixes[i]!) || foldedStartsWith(v, prefixes[i]!)) return true;
      return false;
    };
  }
  return caseInsensitive ? (v) => lengthOk(v) && test(asciiLower(v)) : (v) => lengthOk(v) && test(v);
}

/** Whether `v` starts with `p` (folded to lower case) when ASCII letters of `v` are folded too. */
function foldedStartsWith(v: string, p: string): boolean {
  if (v.length < p.length) return false;
  for (let i = 0; i < p.length; i++) {
    let c = v.charCodeAt(i);
    if (c >= 0x41 && c <= 0x5a) c += 0x20;
    if (c !== p.charCodeAt(i)) return false;
  }
  return true;
}

/**
 * Which first code units the (already folded) patterns allow, as a table over ASCII; null when some pattern does
 * not fix one (empty) or fixes a non-ASCII one, where the table would not be worth its corner cases.
 */
function firstCharTable(fixed: readonly string[]): Uint8Array | null {
  const table = new Uint8Array(128);
  for (const p of fixed) {
    const c = p.charCodeAt(0);
    if (!(c < 128)) return null;
    table[c] = 1;
  }
  return table;
}
