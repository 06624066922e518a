/**
 * Join keys. Elasticsearch compares keys by value as the field's mapping presents them (case-sensitive; a
 * keyword holding "1" is the string "1"), so a composite key is a string that keeps types apart.
 */

/** The one value a key field contributes: the first of a multi-valued field, null when absent. */
export function keyValue(v: unknown): unknown {
  if (Array.isArray(v)) v = v.length > 0 ? v[0] : null;
  return v === undefined ? null : v;
}

const SEP = '\u0000';
const TAG = '\u0001';

function encode(v: unknown): string {
  switch (typeof v) {
    case 'string':
      // strings stand for themselves (the common case costs nothing); only one that starts with TAG is escaped
      return v.length > 0 && v.charCodeAt(0) === 1 ? TAG + 's' + v : v;
    case 'number':
      return TAG + 'n' + String(v);
    case 'bigint':
      return TAG + 'n' + v.toString();
    case 'boolean':
      return v ? TAG + 't' : TAG + 'f';
    default:
      if (v === null || v === undefined) return TAG + '0';
      return TAG + 'j' + JSON.stringify(v);
  }
}

/** Composite key of a key tuple; tuples are equal exactly when their encodings are. */
export function compositeKey(values: readonly unknown[]): string {
  if (values.length === 1) return encode(values[0]);
  let s = '';
  for (let i = 0; i < values.length; i++) {
    if (i > 0) s += SEP;
    const v = values[i];
    // a separator inside a value would make two tuples collide
    s += typeof v === 'string' && v.indexOf(SEP) >= 0 ? TAG + 'e' + JSON.stringify(v) : encode(v);
  }
  return s;
}

/**
 * Order of sample results: Elasticsearch walks a composite aggregation, so tuples sort position by position,
 * null (missing bucket) first, numbers numerically, strings by their UTF-8 bytes, booleans false before true.
 */
export function compareKeyTuples(a: readonly unknown[], b: readonly unknown[]): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const c = compareKeyValues(a[i], b[i]);
    if (c !== 0) return c;
  }
  return a.length - b.length;
}

export function compareKeyValues(a: unknown, b: unknown): number {
  if (a === b) return 0;
  if (a === null || a === undefined) return -1;
  if (b === null || b === undefined) return 1;
  const ta = typeof a;
  const tb = typeof b;
  if (ta !== tb) return ta < tb ? -1 : 1;
  if (ta === 'string') return compareUtf8(a as string, b as string);
  if (ta === 'number' || ta === 'boolean' || ta === 'bigint') return (a as number) < (b as number) ? -1 : 1;
  const ja = JSON.stringify(a);
  const jb = JSON.stringify(b);
  return ja < jb ? -1 : ja > jb ? 1 : 0;
}

/** UTF-8 byte order equals code point order; JS `<` compares UTF-16 units, which differs above U+FFFF. */
export function compareUtf8(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const ca = a.codePointAt(i)!;
    const cb = b.codePointAt(i)!;
    if (ca !== cb) return ca < cb ? -1 : 1;
    if (ca > 0xffff) i++;
  }
  return a.length - b.length;
}
