/** The string functions: between, concat, endsWith, indexOf, length, startsWith, string, stringContains, substring. */
import { asciiLower } from '../../mapping/ascii-case.js';
import { toStringValue, type Kind } from '../evaluate/values.js';
import type { CompiledArg, Evaluator, FunctionContext, FunctionImpl } from './implementation.js';

/** An argument read as a string (numbers and booleans in their Elasticsearch text form), or null. */
function stringArg(arg: CompiledArg, fold = false): Evaluator {
  const f = arg.fn;
  const k = arg.kind;
  if (arg.constant) {
    const s = toStringValue(arg.value, k);
    const v = s !== null && fold ? asciiLower(s) : s;
    return () => v;
  }
  if (fold) {
    return (src) => {
      const s = toStringValue(f(src), k);
      return s === null ? null : asciiLower(s);
    };
  }
  if (k === 'string')
    return (src) => {
      const v = f(src);
      return typeof v === 'string' ? v : toStringValue(v, k);
    };
  return (src) => toStringValue(f(src), k);
}

function intArg(arg: CompiledArg | undefined): Evaluator | null {
  if (!arg) return null;
  const f = arg.fn;
  return (src) => {
    const v = f(src);
    return typeof v === 'number' ? Math.trunc(v) : null;
  };
}

/** Binary string predicates: the second argument tested against the first. */
function predicate(name: string, test: (s: string, x: string) => boolean): FunctionImpl {
  return {
    name,
    compile([a, b]: CompiledArg[], ctx: FunctionContext) {
      const fa = stringArg(a!, ctx.caseInsensitive);
      const fb = stringArg(b!, ctx.caseInsensitive);
      return {
        fn: (src) => {
          const s = fa(src);
          if (s === null) return null;
          const x = fb(src);
          return x === null ? null : test(s as string, x as string);
        },
        kind: 'boolean' as Kind,
      };
    },
  };
}

export const startsWith = predicate('startsWith', (s, x) => s.startsWith(x));
export const endsWith = predicate('endsWith', (s, x) => s.endsWith(x));
export const stringContains = predicate('stringContains', (s, x) => s.includes(x));

export const indexOf: FunctionImpl = {
  name: 'indexOf',
  compile([a, b, c]: CompiledArg[], ctx: FunctionContext) {
    const fa = stringArg(a!, ctx.caseInsensitive);
    const fb = stringArg(b!, ctx.caseInsensitive);
    const fc = intArg(c);
    return {
      fn: (src) => {
        const s = fa(src) as string | null;
        const x = fb(src) as string | null;
        if (s === null || x === null) return null;
        let start = 0;
        if (fc) {
          const st = fc(src);
          if (typeof st === 'number') start = Math.max(0, st);
        }
        if (start > s.length) return null;
        const i = s.indexOf(x, start);
        return i === -1 ? null : i;
      },
      kind: 'long' as Kind,
    };
  },
};

export const length: FunctionImpl = {
  name: 'length',
  compile([a]: CompiledArg[]) {
    const fa = stringArg(a!);
    return {
      fn: (src) => {
        const s = fa(src) as string | null;
        return s === null ? null : s.length;
      },
      kind: 'long' as Kind,
    };
  },
};

export const string: FunctionImpl = {
  name: 'string',
  compile([a]: CompiledArg[]) {
    return { fn: stringArg(a!), kind: 'string' as Kind };
  },
};

export const concat: FunctionImpl = {
  name: 'concat',
  compile(args: CompiledArg[]) {
    const fs = args.map((a) => stringArg(a));
    return {
      fn: (src) => {
        let out = '';
        for (let i = 0; i < fs.length; i++) {
          const s = fs[i]!(src);
          if (s === null) return null;
          out += s as string;
        }
        return out;
      },
      kind: 'string' as Kind,
    };
  },
};

/** Python-style slice: negative offsets count from the end, out-of-range offsets clamp. */
export function pythonSubstring(s: string, start: number | null, end: number | null): string {
  const n = s.length;
  let a = start ?? 0;
  let b = end ?? n;
  if (a < 0) a = Math.max(0, n + a);
  if (b < 0) b = Math.max(0, n + b);
  a = Math.min(a, n);
  b = Math.min(b, n);
  return a >= b ? '' : s.slice(a, b);
}

export const substring: FunctionImpl = {
  name: 'substring',
  compile([a, b, c]: CompiledArg[]) {
    const fa = stringArg(a!);
    const fb = intArg(b);
    const fc = intArg(c);
    return {
      fn: (src) => {
        const s = fa(src) as string | null;
        if (s === null) return null;
        const st = fb ? (fb(src) as number | null) : null;
        const en = fc ? (fc(src) as number | null) : null;
        return pythonSubstring(s, st, en);
      },
      kind: 'string' as Kind,
    };
  },
};

/**
 * `between(source, left, right[, greedy])`: the text after the first `left` and before the following `right`
 * (the last one when greedy); "" when either is not found.
 */
export function betweenText(s: string, left: string, right: string, greedy: boolean, fold: boolean): string {
  const hay = fold ? asciiLower(s) : s;
  const l = fold ? asciiLower(left) : left;
  const r = fold ? asciiLower(right) : right;
  const i = hay.indexOf(l);
  if (i === -1) return '';
  const begin = i + l.length;
  const j = greedy ? hay.lastIndexOf(r) : hay.indexOf(r, begin);
  if (j === -1 || j < begin) return '';
  return s.slice(begin, j);
}

export const between: FunctionImpl = {
  name: 'between',
  compile([a, b, c, d]: CompiledArg[], ctx: FunctionContext) {
    const fa = stringArg(a!);
    const fb = stringArg(b!);
    const fc = stringArg(c!);
    const fold = ctx.caseInsensitive;
    const fd = d ? d.fn : null;
    return {
      fn: (src) => {
        const s = fa(src) as string | null;
        const l = fb(src) as string | null;
        const r = fc(src) as string | null;
        if (s === null || l === null || r === null) return null;
        const g = fd ? fd(src) : false;
        return betweenText(s, l, r, g === true, fold);
      },
      kind: 'string' as Kind,
    };
  },
};
