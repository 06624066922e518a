/**
 * Tests of one scalar against constants, shared by the script evaluator (where a null value gives null) and the
 * query-level fast paths (where a field matches when ANY of its values passes): comparison with a literal,
 * `:`/`like`/`regex` patterns, and `in` lists. Everything about the constants is prepared here, once.
 */
import type { ComparisonOp, Span } from '../syntax/ast.js';
import type { DateParser, NanosDateParser } from '../../mapping/date-format.js';
import { asciiLower } from '../../mapping/ascii-case.js';
import { compileLuceneRegexes, RegexSyntaxError, type CaseFolding } from '../../mapping/lucene-regex.js';
import { compileWildcards, hasWildcard } from '../../mapping/wildcard.js';
import { parseDate } from '../../mapping/default-date.js';
import { canonicalIp } from '../../mapping/ip.js';
import { parseNumber } from '../../mapping/numbers.js';
import { compareVersions } from '../../mapping/version.js';
import { compareScalars, toStringValue, type Kind } from './values.js';

/** A test of one non-null scalar. */
export type ScalarTest = (v: unknown) => boolean | null;

export interface Failer {
  fail(code: string, reason: string, span: Span): never;
}

/**
 * A literal brought to the kind of the field it is compared with: date strings become epoch millis, ip strings
 * their canonical form, number-like strings numbers for numeric fields. Throws (via `f`) when it cannot be.
 */
export function literalForKind(
  value: unknown,
  kind: Kind,
  span: Span,
  f: Failer,
  parseWithFormat?: DateParser,
): unknown {
  if (value === null) return null;
  switch (kind) {
    case 'date':
      if (typeof value === 'string') {
        // the query on a date field reads the literal with the field's own format
        const d = parseWithFormat ? parseWithFormat(value) : parseDate(value);
        if (d === undefined) f.fail('EQL_INVALID', `failed to parse date [${value}]`, span);
        return d;
      }
      return value;
    case 'ip':
      if (typeof value === 'string') {
        const ip = canonicalIp(value);
        if (ip === undefined) f.fail('EQL_INVALID', `[${value}] is not an IP string literal`, span);
        return ip;
      }
      return value;
    default:
      return value;
  }
}

/**
 * A literal compared with a `date_nanos` field, as epoch nanoseconds: a date string in the field's format, or a
 * number of epoch milliseconds (as `literalForKind` takes it); null for any other literal, which takes the general
 * path (and its errors). Throws (via `f`) for a string that is no date.
 */
export function literalNanos(value: unknown, parse: NanosDateParser, span: Span, f: Failer): bigint | null {
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return null;
    const ms = Math.floor(value);
    return BigInt(ms) * 1_000_000n + BigInt(Math.round((value - ms) * 1e6));
  }
  if (typeof value !== 'string') return null;
  const n = parse(value);
  if (n === undefined) f.fail('EQL_INVALID', `failed to parse date [${value}]`, span);
  return n;
}

/** Bring a value to the type of a literal when they differ (see coerceToLiteral), inlined for the hot path. */
function coerce(v: unknown, litType: string): unknown {
  const t = typeof v;
  if (t === litType) return v;
  if (litType === 'string') return toStringValue(v);
  if (litType === 'number') return t === 'string' ? (parseNumber(v as string) ?? v) : v;
  if (litType === 'boolean') return v === 'true' ? true : v === 'false' ? false : v;
  return v;
}

/** `value OP lit` for a non-null literal already in the field's kind. */
export function comparisonTest(op: ComparisonOp, lit: unknown, kind: Kind, strict = false): ScalarTest {
  const lt = typeof lit;
  if (strict) {
    // A computed value against a literal: no coercion (Java's equals / compareTo across classes).
    if (op === '==') return (v) => v === lit;
    if (op === '!=') return (v) => v !== lit;
    return (v) => {
      const c = compareScalars(v, lit, kind === 'version');
      if (c === null) return null;
      return op === '<' ? c < 0 : op === '<=' ? c <= 0 : op === '>' ? c > 0 : c >= 0;
    };
  }
  switch (op) {
    case '==':
      if (lt === 'string') return (v) => v === lit || (typeof v !== 'string' && toStringValue(v) === lit);
      return (v) => v === lit || coerce(v, lt) === lit;
    case '!=':
      if (lt === 'string') return (v) => !(v === lit || (typeof v !== 'string' && toStringValue(v) === lit));
      return (v) => !(v === lit || coerce(v, lt) === lit);
    default: {
      const version = kind === 'version';
      const accept =
        op === '<'
          ? (c: number) => c < 0
          : op === '<='
            ? (c: number) => c <= 0
            : op === '>'
              ? (c: number) => c > 0
              : (c: number) => c >= 0;
      if (lt === 'number') {
        const n = lit as number;
        const cmp =
          op === '<'
            ? (x: number) => x < n
            : op === '<='
              ? (x: number) => x <= n
              : op === '>'
                ? (x: number) => x > n
                : (x: number) => x >= n;
        return (v) => {
          if (typeof v === 'number') return cmp(v);
          const c = coerce(v, 'number');
          return typeof c === 'number' ? cmp(c) : null;
        };
      }
      return (v) => {
        const c = compareScalars(coerce(v, lt), lit, version);
        return c === null ? null : accept(c);
      };
    }
  }
}

/** `value OP lit` on a `date_nanos` field read exactly: epoch nanoseconds on both sides. */
export function nanosComparisonTest(op: ComparisonOp, lit: bigint): ScalarTest {
  switch (op) {
    case '==':
      return (v) => v === lit;
    case '!=':
      return (v) => v !== lit;
    case '<':
      return (v) => typeof v === 'bigint' && v < lit;
    case '<=':
      return (v) => typeof v === 'bigint' && v <= lit;
    case '>':
      return (v) => typeof v === 'bigint' && v > lit;
    default:
      return (v) => typeof v === 'bigint' && v >= lit;
  }
}

/** `value in (lits)` on a `date_nanos` field read exactly; a null in the list makes a miss null, as `inTest`. */
export function nanosInTest(lits: ReadonlyArray<bigint | null>): ScalarTest {
  const set = new Set<bigint>();
  for (const l of lits) if (l !== null) set.add(l);
  const miss = lits.includes(null) ? null : false;
  return (v) => (typeof v === 'bigint' && set.has(v)) || miss;
}

/** Compare two runtime values (neither is a literal known in advance). */
export function compareValues(op: ComparisonOp, a: unknown, b: unknown, version: boolean): boolean | null {
  if (a === null || b === null || a === undefined || b === undefined) return null;
  if (op === '==' || op === '!=') {
    let eq: boolean;
    if (typeof a === typeof b) eq = a === b;
    else if (typeof a === 'number' || typeof b === 'number') {
      const x = typeof a === 'number' ? a : parseNumber(String(a));
      const y = typeof b === 'number' ? b : parseNumber(String(b));
      eq = x !== undefined && x === y;
    } else eq = toStringValue(a) === toStringValue(b);
    return op === '==' ? eq : !eq;
  }
  const c =
    version && typeof a === 'string' && typeof b === 'string' ? compareVersions(a, b) : compareScalars(a, b);
  if (c === null) return null;
  switch (op) {
    case '<':
      return c < 0;
    case '<=':
      return c <= 0;
    case '>':
      return c > 0;
    default:
      return c >= 0;
  }
}

export interface PatternSpec {
  op: ':' | 'like' | 'regex';
  caseInsensitive: boolean;
  /** How `regex~` folds case (default: as Elasticsearch 9). */
  caseFolding?: CaseFolding;
  patterns: Array<{ value: unknown; span: Span }>;
}

/** `value : patterns`, `value like patterns`, `value regex patterns`: true when any pattern matches. */
export function patternTest(spec: PatternSpec, kind: Kind, f: Failer): ScalarTest {
  const strings: Array<{ value: string; span: Span }> = [];
  const others: unknown[] = [];
  for (const p of spec.patterns) {
    if (typeof p.value === 'string') strings.push({ value: p.value, span: p.span });
    else if (p.value !== null) others.push(literalForKind(p.value, kind, p.span, f));
  }
  const stringTest =
    spec.op === 'regex'
      ? compileGuarded(strings, f, (ps) => compileLuceneRegexes(ps, spec.caseInsensitive, spec.caseFolding))
      : // `:` is always case-insensitive; `like` only as `like~`.
        compileGuarded(strings, f, (ps) => compileWildcards(ps, spec.op === ':' || spec.caseInsensitive));
  // On a date or ip field a wildcard-free string pattern is an equality on the field's own terms.
  if (spec.op === ':' && (kind === 'date' || kind === 'ip')) {
    for (const s of strings) if (!hasWildcard(s.value)) others.push(literalForKind(s.value, kind, s.span, f));
  }
  if (others.length === 0) {
    return (v) => {
      if (typeof v === 'string') return stringTest(v);
      const s = toStringValue(v, kind);
      return s === null ? null : stringTest(s);
    };
  }
  const otherSet = new Set(others);
  return (v) => {
    if (otherSet.has(v)) return true;
    for (const o of others) if (coerce(v, typeof o) === o) return true;
    const s = typeof v === 'string' ? v : toStringValue(v, kind);
    return s === null ? null : stringTest(s);
  };
}

/**
 * Compiles string patterns into one test. A pattern that cannot compile is an error of the query at that pattern's
 * literal, never an internal error: invalid Lucene syntax, or a RegExp the engine cannot build from the pattern
 * (whatever the reason, the RegExp is derived from user text).
 */
function compileGuarded(
  patterns: ReadonlyArray<{ value: string; span: Span }>,
  f: Failer,
  compile: (patterns: string[]) => (s: string) => boolean,
): (s: string) => boolean {
  try {
    return compile(patterns.map((p) => p.value));
  } catch (first) {
    if (!(first instanceof RegexSyntaxError || first instanceof SyntaxError)) throw first;
    // the first pattern that fails on its own is the one to point at
    for (const p of patterns) {
      try {
        compile([p.value]);
      } catch (e) {
        if (e instanceof RegexSyntaxError)
          f.fail(
            e.unsupported ? 'EQL_UNSUPPORTED' : 'EQL_INVALID',
            `invalid regular expression: ${e.message}`,
            p.span,
          );
        if (e instanceof SyntaxError)
          f.fail('EQL_INVALID', `pattern cannot be compiled: ${e.message}`, p.span);
        throw e;
      }
    }
    f.fail(
      'EQL_INVALID',
      `patterns cannot be compiled together: ${(first as Error).message}`,
      patterns[0]!.span,
    );
  }
}

/**
 * `value in (constants)`: exact equality (no wildcards), case-insensitive for `in~`. A null in the list makes a
 * non-match null rather than false, as SQL's IN.
 */
export function inTest(
  values: Array<{ value: unknown; span: Span }>,
  caseInsensitive: boolean,
  kind: Kind,
  f: Failer,
  parseWithFormat?: DateParser,
): ScalarTest {
  const strings = new Set<string>();
  const numbers = new Set<number>();
  const booleans = new Set<boolean>();
  let hasNull = false;
  for (const { value, span } of values) {
    const lit = literalForKind(value, kind, span, f, parseWithFormat);
    if (lit === null) hasNull = true;
    else if (typeof lit === 'string') strings.add(caseInsensitive ? asciiLower(lit) : lit);
    else if (typeof lit === 'number') numbers.add(lit);
    else if (typeof lit === 'boolean') booleans.add(lit);
  }
  const miss = hasNull ? null : false;
  const onlyStrings = numbers.size === 0 && booleans.size === 0;
  if (onlyStrings && !caseInsensitive) {
    return (v) => {
      if (typeof v === 'string') return strings.has(v) || miss;
      const s = toStringValue(v, kind);
      return (s !== null && strings.has(s)) || miss;
    };
  }
  return (v) => {
    switch (typeof v) {
      case 'string': {
        if (strings.has(caseInsensitive ? asciiLower(v) : v)) return true;
        const n = numbers.size ? parseNumber(v) : undefined;
        if (n !== undefined && numbers.has(n)) return true;
        if (booleans.size && (v === 'true' || v === 'false') && booleans.has(v === 'true')) return true;
        return miss;
      }
      case 'number':
        if (numbers.has(v)) return true;
        return (strings.size > 0 && strings.has(toStringValue(v, kind)!)) || miss;
      case 'boolean':
        if (booleans.has(v)) return true;
        return (strings.size > 0 && strings.has(v ? 'true' : 'false')) || miss;
      default:
        return null;
    }
  };
}
