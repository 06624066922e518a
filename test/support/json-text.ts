/**
 * JSON texts written the many ways JSON allows for the same data, for property and fuzz tests of code that reads
 * event lines as text: escapes (`\/`, `\"`, `\\`, `\uXXXX`), whitespace, numbers in any spelling, duplicate keys.
 * A tree is built with `obj`/`raw` and written by `writeJson`; what a reader sees is `JSON.parse` of the text.
 */
import type { Prng } from '../../src/generate/prng.js';

/** A token written as it stands, e.g. a number spelt `4.688e3`. */
export class Raw {
  constructor(readonly text: string) {}
}

/** An object as a list of entries, so that a key may repeat. */
export class Obj {
  constructor(readonly entries: Array<[string, Json]>) {}
}

export type Json = string | boolean | null | Raw | Obj | Json[];

export function obj(entries: Array<[string, Json]> = []): Obj {
  return new Obj(entries);
}

/** How eagerly a text is spelt oddly; 0 writes it plainly. */
export interface JsonStyle {
  /** Chance that a character JSON may escape (`/`) or any character is escaped. */
  escape: number;
  /** Chance that a character is written as `\uXXXX` (such lines pass any prefilter: keep it rare). */
  unicode: number;
  /** Chance of whitespace around each `:` and `,`. */
  space: number;
}

export const PLAIN: JsonStyle = { escape: 0, unicode: 0, space: 0 };

const SHORT_ESCAPES: Record<string, string> = {
  '"': '\\"',
  '\\': '\\\\',
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
  '\b': '\\b',
  '\f': '\\f',
};

function u(code: number): string {
  return `\\u${code.toString(16).padStart(4, '0')}`;
}

/** A JSON string literal holding `s`. */
export function writeString(s: string, rng: Prng, style: JsonStyle): string {
  let out = '"';
  for (const ch of s) {
    const code = ch.codePointAt(0)!;
    if (style.unicode > 0 && rng.chance(style.unicode)) {
      // an astral character is two escaped UTF-16 units
      for (let i = 0; i < ch.length; i++) out += u(ch.charCodeAt(i));
    } else if (SHORT_ESCAPES[ch] !== undefined) out += SHORT_ESCAPES[ch];
    else if (code < 0x20) out += u(code);
    else if (ch === '/' && rng.chance(style.escape)) out += '\\/';
    else out += ch;
  }
  return out + '"';
}

function space(rng: Prng, style: JsonStyle): string {
  return style.space > 0 && rng.chance(style.space) ? rng.pick([' ', '  ', '\t', ' \t ']) : '';
}

/** The text of `v`; NDJSON needs it on one line, which it is (newlines are only ever escaped). */
export function writeJson(v: Json, rng: Prng, style: JsonStyle = PLAIN): string {
  if (typeof v === 'string') return writeString(v, rng, style);
  if (v === null || typeof v === 'boolean') return String(v);
  if (v instanceof Raw) return v.text;
  const sp = () => space(rng, style);
  if (Array.isArray(v))
    return `[${sp()}${v.map((x) => writeJson(x, rng, style)).join(`${sp()},${sp()}`)}${sp()}]`;
  const parts = v.entries.map(
    ([k, x]) => `${writeString(k, rng, style)}${sp()}:${sp()}${writeJson(x, rng, style)}`,
  );
  return `{${sp()}${parts.join(`${sp()},${sp()}`)}${sp()}}`;
}

/** Spellings of one number that JSON.parse reads alike (`100`, `100.0`, `1e2`, `1.00E+2`, `10e1`). */
export function numberSpellings(n: number): string[] {
  const out = new Set<string>([JSON.stringify(n)]);
  if (!Number.isFinite(n)) return [];
  if (Number.isInteger(n)) out.add(`${JSON.stringify(n)}.0`);
  const [mant, exp] = n.toExponential().split('e');
  const e = Number(exp);
  out.add(`${mant}e${e}`);
  out.add(`${mant}E${e >= 0 ? '+' : ''}${e}`);
  if (Number.isInteger(n) && Math.abs(n) < 1e15) {
    out.add(`${n / 10}e1`);
    out.add(`${n * 10}e-1`);
  }
  return [...out].filter((s) => {
    try {
      return JSON.parse(s) === n;
    } catch {
      return false; // `1.2e+21e1`: not a number text
    }
  });
}

/**
 * Puts `value` at the dotted `path` in `root`, choosing at random how the path is spelt: nested objects, dotted
 * keys (`{"process.name": ...}`) or a mix; an object on the way may be reused or a new one added beside it.
 */
export function place(root: Obj, path: string, value: Json, rng: Prng): void {
  const segs = path.split('.');
  let at = root;
  let i = 0;
  while (i < segs.length) {
    // join the next 1..rest segments into one key
    const take = i === segs.length - 1 ? 1 : rng.chance(0.3) ? rng.range(2, segs.length - i) : 1;
    const key = segs.slice(i, i + take).join('.');
    i += take;
    if (i === segs.length) {
      at.entries.push([key, value]);
      return;
    }
    const existing = at.entries.find(([k, v]) => k === key && v instanceof Obj);
    if (existing && rng.chance(0.8)) at = existing[1] as Obj;
    else {
      const next = obj();
      at.entries.push([key, next]);
      at = next;
    }
  }
}

/** `arr` in a random order (Fisher-Yates). */
export function shuffled<T>(arr: readonly T[], rng: Prng): T[] {
  const out = [...arr];
  for (let i = out.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}
