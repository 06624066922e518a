/**
 * Numbers as Elasticsearch handles them: Java's printing of a double, a numeric field's `coerce` of a string,
 * and the rounding of the narrower numeric types (`float`, `half_float`, `scaled_float`).
 */
import type { FieldInfo } from './schema.js';

/** Java's `Double.toString`, which Elasticsearch uses when a double becomes a string (`2.0`, `1.0E7`). */
export function javaDouble(d: number): string {
  if (Number.isNaN(d)) return 'NaN';
  if (d === Infinity) return 'Infinity';
  if (d === -Infinity) return '-Infinity';
  if (d === 0) return Object.is(d, -0) ? '-0.0' : '0.0';
  const abs = Math.abs(d);
  if (abs >= 1e-3 && abs < 1e7) {
    const s = String(d);
    return s.includes('.') ? s : `${s}.0`;
  }
  const [mant, exp] = d.toExponential().split('e');
  const m = mant!.includes('.') ? mant! : `${mant}.0`;
  return `${m}E${exp!.startsWith('+') ? exp!.slice(1) : exp}`;
}

const NUMERIC_TEXT = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** A number read from a string the way a numeric field's `coerce` would, or undefined. */
export function parseNumber(s: string): number | undefined {
  const t = s.trim();
  if (!NUMERIC_TEXT.test(t)) return undefined;
  const n = Number(t);
  return Number.isFinite(n) ? n : undefined;
}

/**
 * How a `float`, `half_float` or `scaled_float` field rounds what it stores (its doc values are those, so scripts
 * see them), and how its term-level queries round a literal; undefined for the other types.
 */
export function numericNarrowing(info: FieldInfo | undefined): ((n: number) => number) | undefined {
  switch (info?.type) {
    case 'float':
      return Math.fround;
    case 'half_float':
      // a JSON number is read as a float first, then rounded to 16 bits
      return (n) => toHalfFloat(Math.fround(n));
    case 'scaled_float': {
      const f = info.scalingFactor;
      return f === undefined || !(f > 0) ? undefined : (n) => Math.round(n * f) / f;
    }
    default:
      return undefined;
  }
}

/** IEEE 754 binary16 rounding (to nearest, ties to even), as Lucene's HalfFloatPoint stores a value. */
export function toHalfFloat(x: number): number {
  if (!Number.isFinite(x) || x === 0) return x;
  const a = Math.abs(x);
  // 65520 is halfway between the largest half (65504) and the next power: it and above round to infinity
  if (a >= 65520) return x > 0 ? Infinity : -Infinity;
  let e = Math.floor(Math.log2(a));
  if (2 ** e > a) e--;
  else if (2 ** (e + 1) <= a) e++;
  // 10 fraction bits; below 2^-14 the spacing stays that of the subnormals
  const ulp = 2 ** (Math.max(e, -14) - 10);
  const m = a / ulp;
  let r = Math.round(m);
  if (r - m === 0.5 && r % 2 !== 0) r--;
  return Math.sign(x) * r * ulp;
}
