/**
 * The predicate skeleton (`and`, `or`, `not`, "any value passes") as functions made from source text.
 *
 * Why: closures created from one function literal share their call-site feedback in V8. Every `a(s) && b(s)` of
 * every query would then call through the same megamorphic sites, which the optimiser can neither inline nor
 * predict; measured on rule.json's stages, that indirection was most of the time spent on an event in cache.
 * A function made by `new Function` has its own code and feedback, so each of its call sites sees one target.
 * The generated text holds only fixed code and parameter names, never a value from a query.
 */
import type { Source } from './fields.js';

type Predicate = (src: Source) => boolean;
type ScalarTest = (v: unknown) => boolean | null;
type Reader = (src: Source) => unknown;

function make<T>(params: string[], body: string, args: unknown[]): T {
  return new Function(...params, body)(...args) as T;
}

/** True when every predicate is, left to right, stopping at the first false. */
export function allOf(ps: readonly Predicate[]): Predicate {
  if (ps.length === 1) return ps[0]!;
  const names = ps.map((_, i) => `p${i}`);
  return make(names, `return function allOf(s) { return ${names.map((n) => `${n}(s)`).join(' && ')}; };`, [
    ...ps,
  ]);
}

/** True when any predicate is, left to right, stopping at the first true. */
export function anyOf(ps: readonly Predicate[]): Predicate {
  if (ps.length === 1) return ps[0]!;
  const names = ps.map((_, i) => `p${i}`);
  return make(names, `return function anyOf(s) { return ${names.map((n) => `${n}(s)`).join(' || ')}; };`, [
    ...ps,
  ]);
}

export function not(p: Predicate): Predicate {
  return make(['p'], 'return function not(s) { return !p(s); };', [p]);
}

/** A term-level query: true when any value the reader gives passes the test. */
export function anyValue(read: Reader, test: ScalarTest): Predicate {
  return make(
    ['read', 'test'],
    `return function anyValue(s) {
      const v = read(s);
      if (v === undefined) return false;
      if (!Array.isArray(v)) return test(v) === true;
      for (let i = 0; i < v.length; i++) if (test(v[i]) === true) return true;
      return false;
    };`,
    [read, test],
  );
}

/** `anyValue` over the unconverted reader: a string or nothing needs no conversion, anything else reads again. */
export function anyValueRaw(raw: Reader, read: Reader, test: ScalarTest): Predicate {
  return make(
    ['raw', 'slow', 'test'],
    `return function anyValueRaw(s) {
      const v = raw(s);
      if (typeof v === 'string') return test(v) === true;
      if (v === undefined || v === null) return false;
      return slow(s);
    };`,
    [raw, anyValue(read, test), test],
  );
}
