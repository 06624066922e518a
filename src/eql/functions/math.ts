/** add, subtract, multiply, divide, modulo (the arithmetic operators as functions) and number(). */
import type { ArithmeticOp } from '../syntax/ast.js';
import { arithmetic, resultKind } from '../evaluate/arithmetic.js';
import { toStringValue, type Kind } from '../evaluate/values.js';
import type { CompiledArg, FunctionImpl } from './implementation.js';

function binary(name: string, op: ArithmeticOp): FunctionImpl {
  return {
    name,
    compile([a, b]: CompiledArg[]) {
      const fa = a!.fn;
      const fb = b!.fn;
      const ka = a!.kind;
      const kb = b!.kind;
      const kind = resultKind(ka, kb);
      return { fn: (src) => arithmetic(op, fa(src), fb(src), ka, kb), kind };
    },
  };
}

export const add = binary('add', '+');
export const subtract = binary('subtract', '-');
export const multiply = binary('multiply', '*');
export const divide = binary('divide', '/');
export const modulo = binary('modulo', '%');

const LONG_TEXT = /^[+-]?\d+$/;
const DOUBLE_TEXT = /^[+-]?(NaN|Infinity|((\d+\.?\d*|\.\d+)([eE][+-]?\d+)?)[fFdD]?)$/;

/**
 * `number(s[, base])`: a long when the text is an integer in that base, else (base 10 only) a double, as Java's
 * Long.parseLong then Double.parseDouble. Base 16 accepts a `0x` prefix. Text that is no number gives null
 * (Elasticsearch fails the search).
 */
export function parseEqlNumber(text: string, base: number): number | null {
  if (!Number.isInteger(base) || base < 2 || base > 36) return null;
  if (base === 10) {
    if (LONG_TEXT.test(text)) return Number(text);
    const t = text.trim();
    if (!DOUBLE_TEXT.test(t)) return null;
    return Number(t.replace(/[fFdD]$/, ''));
  }
  let s = text;
  let sign = 1;
  if (s.startsWith('-') || s.startsWith('+')) {
    sign = s.startsWith('-') ? -1 : 1;
    s = s.slice(1);
  }
  if (base === 16 && /^0[xX]/.test(s)) s = s.slice(2);
  if (s === '') return null;
  const digits = '0123456789abcdefghijklmnopqrstuvwxyz'.slice(0, base);
  let n = 0;
  for (const ch of s.toLowerCase()) {
    const d = digits.indexOf(ch);
    if (d === -1) return null;
    n = n * base + d;
  }
  return sign * n;
}

export const number: FunctionImpl = {
  name: 'number',
  compile(args: CompiledArg[]) {
    const src0 = args[0]!;
    const baseArg = args[1];
    const f0 = src0.fn;
    const k0 = src0.kind;
    const kind: Kind = 'any';
    if (!baseArg || (baseArg.constant && (baseArg.value === null || baseArg.value === 10))) {
      return {
        fn: (src) => {
          const s = toStringValue(f0(src), k0);
          return s === null ? null : parseEqlNumber(s, 10);
        },
        kind,
      };
    }
    const fb = baseArg.fn;
    return {
      fn: (src) => {
        const s = toStringValue(f0(src), k0);
        if (s === null) return null;
        const b = fb(src);
        return parseEqlNumber(s, b === null ? 10 : typeof b === 'number' ? b : NaN);
      },
      kind,
    };
  },
};
