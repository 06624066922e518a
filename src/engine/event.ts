/**
 * The event model every part of the engine shares: an event, its ordinal (its place in the sorted stream), how
 * ordinals compare, and how a dotted path of an event's `_source` is read (by the ordinal's fields, a table's
 * columns, a cluster's results alike). Building an ordinal from a document is ordinal.ts's.
 */

/** Position of an event in the sorted stream: Elasticsearch sorts by timestamp, then tiebreaker, then arrival. */
export interface Ordinal {
  /** Epoch milliseconds (integer). */
  ts: number;
  /** 0..999999 nanoseconds below the millisecond, for date_nanos timestamps. */
  nanos: number;
  tiebreaker: string | number | null;
  /** Input position: the implicit last tiebreaker. */
  seq: number;
}

export interface EngineEvent {
  index: string;
  id: string;
  source: Record<string, unknown>;
  ordinal: Ordinal;
}

/** Reads a dotted path from `_source`, whether objects are nested (`{a:{b:1}}`) or flattened (`{"a.b":1}`). */
export function readSourcePath(source: Record<string, unknown>, path: string): unknown {
  const direct = source[path];
  if (direct !== undefined || path.indexOf('.') < 0) return direct;
  return readParts(source, path.split('.'), 0);
}

function readParts(obj: Record<string, unknown>, parts: string[], from: number): unknown {
  for (let end = parts.length; end > from; end--) {
    const key = end - from === 1 ? parts[from] : parts.slice(from, end).join('.');
    if (!(key in obj)) continue;
    const v = obj[key];
    if (end === parts.length) return v;
    if (v !== null && typeof v === 'object' && !Array.isArray(v)) {
      const r = readParts(v as Record<string, unknown>, parts, end);
      if (r !== undefined) return r;
    }
  }
  return undefined;
}

/**
 * Tiebreakers sort as Elasticsearch's `sort` does on one mapped field: numbers numerically, strings by code point,
 * missing values last. A field is numeric or string in a mapping; if a stream mixes both, numbers go first.
 */
export function compareTiebreakers(a: string | number | null, b: string | number | null): number {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  const ta = typeof a;
  if (ta !== typeof b) return ta === 'number' ? -1 : 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

export function compareOrdinals(a: Ordinal, b: Ordinal): number {
  if (a.ts !== b.ts) return a.ts < b.ts ? -1 : 1;
  if (a.nanos !== b.nanos) return a.nanos < b.nanos ? -1 : 1;
  const t = compareTiebreakers(a.tiebreaker, b.tiebreaker);
  if (t !== 0) return t;
  return a.seq - b.seq;
}

/** True when `to` lies more than `spanMs` after `from` (nanosecond precision); exactly the span is still inside. */
export function exceedsSpan(
  fromTs: number,
  fromNanos: number,
  toTs: number,
  toNanos: number,
  spanMs: number,
): boolean {
  const dms = toTs - fromTs;
  // nanos differ by less than 1 ms, so only an equal millisecond delta needs them
  if (dms !== spanMs) return dms > spanMs;
  return toNanos > fromNanos;
}
