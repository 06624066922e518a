/**
 * The bound on one record of an event file (an NDJSON line, a JSON-array element, a document), checked while it is
 * read so that memory stays bounded: a file without newlines would otherwise be held whole as one line.
 */
import { constants } from 'node:buffer';
import { UserError } from '../../errors.js';

/**
 * 100mb, Elasticsearch's default `http.max_content_length`: no request body it takes is larger, so no document it
 * indexed (nor an export of one) is. A larger record is nearly always a file that is not NDJSON.
 */
export const DEFAULT_MAX_RECORD_SIZE = 100 << 20;

/** A record is decoded into one string: no bound above the longest string V8 holds can be met. */
export const MAX_RECORD_SIZE_LIMIT = constants.MAX_STRING_LENGTH;

/** Elasticsearch's byte-size units, binary as it reads them (`1kb` is 1024 bytes). */
const UNITS: Record<string, number> = { b: 1, kb: 1 << 10, mb: 1 << 20, gb: 1 << 30 };

/** `4096`, `512kb`, `100mb`, `0.5gb` as bytes; a message saying what is wrong otherwise. */
export function parseByteSize(text: string): number | { error: string } {
  const m = /^(\d+(?:\.\d+)?)(b|kb|mb|gb)?$/i.exec(text);
  if (!m) return { error: `needs a size in bytes, or with a unit b, kb, mb or gb (100mb), got "${text}"` };
  const bytes = Math.floor(Number(m[1]) * UNITS[(m[2] ?? 'b').toLowerCase()]!);
  if (bytes < 1) return { error: `needs at least one byte, got "${text}"` };
  if (bytes > MAX_RECORD_SIZE_LIMIT)
    return {
      error: `can be at most ${MAX_RECORD_SIZE_LIMIT} bytes (the longest string Node.js holds), got "${text}"`,
    };
  return bytes;
}

/** `100mb` for a whole number of the largest unit that divides it, else bytes. */
export function formatByteSize(bytes: number): string {
  for (const unit of ['gb', 'mb', 'kb'])
    if (bytes % UNITS[unit]! === 0) return `${bytes / UNITS[unit]!}${unit}`;
  return `${bytes}b`;
}

/** The error for a record over the bound; `where` is `file:line`. */
export function recordTooLarge(where: string, max: number): UserError {
  return new UserError(
    'EVENT_RECORD_TOO_LARGE',
    `${where}: a record larger than ${formatByteSize(max)} (--max-record-size); a file without newlines is one ` +
      `record: is it NDJSON, a JSON array or a JSON document? Raise --max-record-size to read a larger record`,
  );
}
