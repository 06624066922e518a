/**
 * The plan of a field's read, made once per field a query names and shared with src/translate: which `_source`
 * path it reads (an alias resolved), the kind its values take, the date format, `null_value`, `ignore_above` and
 * the narrower numbers' rounding from the mapping, and the compiled reader that applies them all.
 */
import {
  fieldDateParser,
  fieldNanosParser,
  type DateParser,
  type NanosDateParser,
} from '../../mapping/date-format.js';
import { numericNarrowing } from '../../mapping/numbers.js';
import type { Schema } from '../../mapping/schema.js';
import {
  compilePathReader,
  compileStringLeafTest,
  indexedReader,
  type RawValues,
  type Source,
  type ValuesReader,
} from './path-readers.js';
import { convertScalar, kindOfField, type Kind } from './values.js';

export interface FieldPlan {
  /** The name the query used. */
  name: string;
  /** The `_source` path actually read (an alias resolved to its target). */
  path: string;
  kind: Kind;
  nullValue: unknown;
  /**
   * How a date field reads a date, its format at its resolution (see `fieldDateParser`): also how a literal
   * compared with it is read.
   */
  parseDate?: DateParser;
  /**
   * A `date_nanos` field's exact reading: its values as epoch nanoseconds (bigints), for the term-level tests
   * that must tell values a nanosecond apart (`read` gives doubles of milliseconds, exact to about 0.25 µs).
   */
  nanos?: { parse: NanosDateParser; read: ValuesReader };
  /** Values converted to `kind`: undefined, one scalar, or an array of scalars. */
  read: ValuesReader;
  /**
   * What `x == null` / `x != null` as a term-level query (an `exists` query) reads, when it differs from `read`:
   * a text field whose keyword sub-field ignores long values.
   */
  presence?: ValuesReader;
  /**
   * A `float`, `half_float` or `scaled_float` field's rounding: values are read rounded, as stored, and term-level
   * tests round their literals too (see `numericNarrowing`).
   */
  narrow?: (n: number) => number;
  /**
   * Present when conversion leaves a string as it is and turns a null into no value: the path, for a test that
   * walks it itself and takes a string, undefined or null as it stands (`compileStringLeafTest`).
   */
  rawPath?: string;
}

/** A term-level test on the field of `plan`: the generated string leaf where it applies, else `slow`. */
export function leafTest(
  plan: FieldPlan,
  test: (v: unknown) => boolean | null,
  slow: (src: Source) => boolean,
): (src: Source) => boolean {
  return (plan.rawPath !== undefined && compileStringLeafTest(plan.rawPath, test, slow)) || slow;
}

/** Turn raw scalars into the field's kind, substituting `null_value` for nulls and dropping what is no value. */
export function convertValues(
  raw: RawValues,
  kind: Kind,
  nullValue: unknown,
  date?: DateParser | NanosDateParser,
): RawValues {
  if (raw === undefined) return undefined;
  if (!Array.isArray(raw)) {
    if (raw === null)
      return nullValue === undefined || nullValue === null ? undefined : convertScalar(nullValue, kind, date);
    if (kind === 'any') return raw;
    if (kind === 'string' && typeof raw === 'string') return raw;
    return convertScalar(raw, kind, date);
  }
  // Arrays: keep the same array when nothing changes (the common case: strings in a keyword field).
  let out: unknown[] | null = null;
  for (let i = 0; i < raw.length; i++) {
    const v = raw[i];
    let c: unknown;
    if (v === null)
      c = nullValue === undefined || nullValue === null ? undefined : convertScalar(nullValue, kind, date);
    else c = kind === 'any' ? v : convertScalar(v, kind, date);
    if (out === null && c !== v) out = raw.slice(0, i);
    if (out !== null && c !== undefined) out.push(c);
  }
  const list = out ?? raw;
  if (list.length === 0) return undefined;
  if (list.length === 1) return list[0];
  return list;
}

export interface FieldRef {
  name: string;
  indexes?: number[];
  optional?: boolean;
}

/**
 * Plan the read of a field: alias resolution, kind and date format from the schema, the compiled path walk.
 * `known` is the schema of everything the query searches (default: `schema`, the one of the events read): an
 * optional field none of it knows is null (Elasticsearch never indexed it anywhere).
 */
export function planField(
  field: FieldRef,
  schema: Schema | undefined,
  known: Schema | undefined = schema,
): FieldPlan {
  const name = field.name;
  const path = schema?.aliasTarget(name) ?? name;
  const info = schema?.resolve(name);
  const kind = kindOfField(info);
  const nullValue = info?.nullValue;
  const indexes = field.indexes ?? [];
  if (known && field.optional && !known.has(name)) {
    return { name, path, kind, nullValue, read: () => undefined };
  }
  const constant = info?.constantValue;
  // Elasticsearch indexes a constant_keyword's mapped value for every document (one with another value in
  // `_source` is refused), so `_source` need not be read
  if (constant !== undefined) return { name, path, kind, nullValue, read: () => constant };
  const parseDate =
    kind === 'date' && (info?.type === 'date' || info?.type === 'date_nanos')
      ? fieldDateParser(info.type, info.format)
      : undefined;
  if (parseDate) {
    const rawRead = indexes.length > 0 ? indexedReader(path, indexes) : compilePathReader(path);
    const parseNanos = info?.type === 'date_nanos' ? fieldNanosParser(info.format) : undefined;
    return {
      name,
      path,
      kind,
      nullValue,
      parseDate,
      nanos: parseNanos && {
        parse: parseNanos,
        read: (src) => convertValues(rawRead(src), kind, nullValue, parseNanos),
      },
      read: (src) => convertValues(rawRead(src), kind, nullValue, parseDate),
    };
  }
  let read: ValuesReader;
  let rawPath: string | undefined;
  if (indexes.length > 0) {
    const rawRead = indexedReader(path, indexes);
    read = (src) => convertValues(rawRead(src), kind, nullValue);
  } else {
    const rawRead = compilePathReader(path);
    if ((kind === 'any' || kind === 'string') && (nullValue === undefined || nullValue === null))
      rawPath = path;
    if (kind === 'any' && (nullValue === undefined || nullValue === null)) {
      read = (src) => {
        const raw = rawRead(src);
        // Only nulls need work in the untyped case.
        if (raw === null) return undefined;
        if (Array.isArray(raw)) return convertValues(raw, kind, nullValue);
        return raw;
      };
    } else if (kind === 'string' && (nullValue === undefined || nullValue === null)) {
      read = (src) => {
        const raw = rawRead(src);
        if (typeof raw === 'string') return raw;
        return convertValues(raw, kind, nullValue);
      };
    } else {
      read = (src) => convertValues(rawRead(src), kind, nullValue);
    }
  }
  const narrow = numericNarrowing(info);
  if (narrow !== undefined) {
    const inner = read;
    return { name, path, kind, nullValue, narrow, read: (src) => narrowValues(inner(src), narrow) };
  }
  const limit = info?.ignoreAbove;
  if (limit !== undefined && kind === 'string') {
    // A longer string is kept in `_source` but never indexed as a keyword: comparisons and scripts see no value.
    // A text field still indexes it as text, which is what Elasticsearch's `exists` query asks.
    const inner = read;
    const plan: FieldPlan = { name, path, kind, nullValue, read: (src) => dropIgnored(inner(src), limit) };
    if (info?.type === 'text') plan.presence = inner;
    return plan;
  }
  return rawPath !== undefined
    ? { name, path, kind, nullValue, read, rawPath }
    : { name, path, kind, nullValue, read };
}

function narrowValues(values: RawValues, narrow: (n: number) => number): RawValues {
  if (typeof values === 'number') return narrow(values);
  if (!Array.isArray(values)) return values;
  return values.map((v) => (typeof v === 'number' ? narrow(v) : v));
}

/** `values` less the strings longer than a keyword's `ignore_above` (in UTF-16 units, as Java counts). */
function dropIgnored(values: RawValues, limit: number): RawValues {
  if (typeof values === 'string') return values.length > limit ? undefined : values;
  if (!Array.isArray(values)) return values;
  const kept = values.filter((v) => typeof v !== 'string' || v.length <= limit);
  return kept.length === 0 ? undefined : kept.length === 1 ? kept[0] : kept;
}
