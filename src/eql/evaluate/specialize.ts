/**
 * The predicate skeleton (`and`, `or`, `not`, "any value passes") as functions made from source text.
 *
 * Why: closures created from one function literal share their call-site feedback in V8. Every `a(s) && b(s)` of
 * every query would then call through the same megamorphic sites, which the optimiser can neither inline nor
 * predict; measured on rule.json's stages, that indirection was most of the time spent on an event in cache.
 * A function made by `new Function` has its own code and feedback, so each of its call sites sees one target.
 * The generated text holds only fixed code and parameter names, never a value from a query.
 */
import type { Source } from './path-readers.js';
import { generate } from './codegen.js';

export type Predicate = (src: Source) => boolean;
type ScalarTest = (v: unknown) => boolean | null;
type Reader = (src: Source) => unknown;

/** True when every predicate is, left to right, stopping at the first false. */
export function allOf(ps: readonly Predicate[]): Predicate {
  if (ps.length === 1) return ps[0]!;
  const names = ps.map((_, i) => `p${i}`);
  return generate(
    names,
    `return function allOf(s) { return ${names.map((n) => `${n}(s)`).join(' && ')}; };`,
    ps,
    () => (s: Source) => ps.every((p) => p(s)),
  );
}

/** Calls an adaptive chain evaluates in full, counting pass rates, before it settles its order. */
export const LEARN_CALLS = 256;
/** Calls in a settled order before the chain learns again: inputs drift (a burst of one kind of event first). */
export const RELEARN_CALLS = 1 << 16;

/** One clause of an `and` chain: its test, its relative cost, and the `_source` path it reads when it reads one. */
export interface Clause {
  p: Predicate;
  cost: number;
  path: string | null;
}

/** What a predicate's first clause reads, once known: the paths worth loading ahead (see engine/prefetch.ts). */
const leads = new WeakMap<Predicate, () => readonly string[] | null>();

/**
 * The `_source` paths the clause a predicate tests first reads: known for a one-field leaf, and for an adaptive
 * chain once it has settled (null before, or when that clause is not a one-field leaf).
 */
export function leadPaths(p: Predicate): readonly string[] | null {
  const f = leads.get(p);
  return f ? f() : null;
}

/** Records that `p` reads the one field at `path` (for `leadPaths`). */
export function withLeadPath(p: Predicate, path: string | null): Predicate {
  if (path !== null && !leads.has(p)) leads.set(p, () => [path]);
  return p;
}

/**
 * `allOf` over clauses that are pure (no state, nothing thrown), in the order that rejects an event cheapest:
 * the first LEARN_CALLS events run every clause and count how many pass, then the chain settles on the classic
 * order for filters, cost over the share rejected. The order never changes an answer, only which fields are
 * read: on events no longer in cache each field is a chain of cache misses, so reading first the one field that
 * rejects most events is most of the speed (rule.json's process stage: `process.name` or `process.parent.name`
 * reject 70-90% of events, `host.os.type` none).
 */
export function adaptiveAllOf(clauses: readonly Clause[]): Predicate {
  if (clauses.length === 1) return withLeadPath(clauses[0]!.p, clauses[0]!.path);
  const ps = clauses.map((c) => c.p);
  const passes = new Array<number>(ps.length).fill(0);
  let seen = 0;
  let first = -1;
  const learn: Predicate = (s) => {
    let ok = true;
    for (let i = 0; i < ps.length; i++) {
      if (ps[i]!(s)) passes[i]!++;
      else ok = false;
    }
    if (++seen === LEARN_CALLS) {
      const rank = (i: number) => clauses[i]!.cost / Math.max(1e-3, 1 - passes[i]! / seen);
      const order = ps.map((_, i) => i).sort((a, b) => rank(a) - rank(b) || a - b);
      first = order[0]!;
      state.f = allOf(order.map((i) => ps[i]!));
      state.left = RELEARN_CALLS;
    }
    return ok;
  };
  const state = {
    f: learn,
    left: -1,
    relearn: () => {
      passes.fill(0);
      seen = 0;
      state.f = learn;
    },
  };
  const p = generate<Predicate>(
    ['state'],
    'return function adaptiveAllOf(s) { if (--state.left === 0) state.relearn(); return state.f(s); };',
    [state],
    () => (s) => {
      if (--state.left === 0) state.relearn();
      return state.f(s);
    },
  );
  leads.set(p, () => {
    if (first < 0) return null;
    const path = clauses[first]!.path;
    return path === null ? leadPaths(ps[first]!) : [path];
  });
  return p;
}

/** True when any predicate is, left to right, stopping at the first true. */
export function anyOf(ps: readonly Predicate[]): Predicate {
  if (ps.length === 1) return ps[0]!;
  const names = ps.map((_, i) => `p${i}`);
  return generate(
    names,
    `return function anyOf(s) { return ${names.map((n) => `${n}(s)`).join(' || ')}; };`,
    ps,
    () => (s: Source) => ps.some((p) => p(s)),
  );
}

export function not(p: Predicate): Predicate {
  return generate(['p'], 'return function not(s) { return !p(s); };', [p], () => (s: Source) => !p(s));
}

/** A term-level query: true when any value the reader gives passes the test. */
export function anyValue(read: Reader, test: ScalarTest): Predicate {
  const body = `
      const v = read(s);
      if (v === undefined) return false;
      if (!Array.isArray(v)) return test(v) === true;
      for (let i = 0; i < v.length; i++) if (test(v[i]) === true) return true;
      return false;`;
  return generate(
    ['read', 'test'],
    `return function anyValue(s) {${body}\n};`,
    [read, test],
    () => (s: Source) => {
      const v = read(s);
      if (v === undefined) return false;
      if (!Array.isArray(v)) return test(v) === true;
      for (let i = 0; i < v.length; i++) if (test(v[i]) === true) return true;
      return false;
    },
  );
}
