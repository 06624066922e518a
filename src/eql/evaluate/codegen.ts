/**
 * Functions made from source text, for the hot paths that gain from it (the predicate skeleton, field readers,
 * the sequence's stage scan, the prefetch toucher): each generated function has its own code and call-site
 * feedback, which closures made from one literal share (see specialize.ts).
 *
 * Hardened deployments may forbid it (`node --disallow-code-generation-from-strings`, or a policy that does the
 * same), and then every site takes its closure fallback, which gives the same answers more slowly. The generated
 * text holds only fixed code, parameter names and JSON string literals, never a value from a query or an event.
 */

/** Whether this process may compile source text; decided once, at load. */
export const canGenerate: boolean = (() => {
  try {
    return new Function('return true')() === true;
  } catch {
    return false;
  }
})();

/**
 * `new Function(...params, body)(...args)` where code generation is allowed, else `fallback()`. The body returns
 * the function wanted; `params` name the values it closes over, bound to `args`.
 */
export function generate<T>(
  params: readonly string[],
  body: string,
  args: readonly unknown[],
  fallback: () => T,
): T {
  if (!canGenerate) return fallback();
  return new Function(...params, body)(...args) as T;
}
