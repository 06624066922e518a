import { isAscii } from 'node:buffer';
import { closeSync, createReadStream, fstatSync, openSync, readSync } from 'node:fs';
import { pipeline } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import { createGunzip } from 'node:zlib';
import { UserError } from '../../errors.js';
import type { TextPrefilter } from '../../prefilter/text-prefilter.js';
import { JsonElementSplitter, type SplitRecord } from './json-splitter.js';
import { DEFAULT_MAX_RECORD_SIZE, recordTooLarge } from './record-size.js';
import { objectEnvelope } from './record-verdicts.js';
import { fsReason } from './walk-files.js';

/** One JSON text from an event file: its 1-based record number, line number and byte offset. */
export interface RawRecord {
  text: string;
  /** 1-based position of the record in the file (the line number for NDJSON). */
  record: number;
  /** 1-based line where the record starts. */
  line: number;
  /**
   * The prefilter rejected it, and it is passed on only to be judged (see record-verdicts.ts): it lacks the ends
   * of a JSON object, or `parseRejected` asked for every record.
   */
  rejected?: true;
}

export interface RecordReadOptions {
  /** The largest record, in UTF-8 bytes (see record-size.ts); a larger one is an error. */
  maxRecordSize?: number;
  /** Records the prefilter rejects are passed on marked `rejected`, to be parsed (`--strict`). */
  parseRejected?: boolean;
}

const CHUNK = 1 << 20;
/**
 * A chunk is decoded in pieces of about this many bytes, cut at newlines. V8 allocates a string this small in
 * the young generation, where it dies for free; a 1 MB string goes to large-object space, which is old
 * generation, and 1.3 GB of them forced a full mark-compact every 100 ms (a fifth of the CLI's time).
 */
const PIECE = 64 << 10;

/**
 * Streams the records of an event file in batches (one per chunk read): one record per non-empty line for
 * NDJSON, one per element when the file is a JSON array (detected by a leading `[`), one per hit of an
 * Elasticsearch response printed over several lines, else that whole document (see json-splitter.ts). Memory
 * holds one chunk and its records, never the file, and no record larger than `maxRecordSize`. Batches keep the
 * per-record cost synchronous: a consumer loops over an array.
 */
export async function* readJsonRecordBatches(
  path: string,
  keep?: TextPrefilter | null,
  stats?: { skipped: number },
  opts: RecordReadOptions = {},
): AsyncGenerator<RawRecord[]> {
  const max = opts.maxRecordSize ?? DEFAULT_MAX_RECORD_SIZE;
  const parseRejected = opts.parseRejected === true;
  const stream = openBytes(path);
  let detected = false;
  const decoder = new StringDecoder('utf8');
  let doc: JsonElementSplitter | null = null;
  // NDJSON: the bytes after the last newline so far, in pieces joined once the line ends (joining each chunk onto
  // the line so far copied a long line again for every chunk: quadratic)
  const pending: Buffer[] = [];
  let pendingBytes = 0;
  let line = 1;
  let record = 0;
  /**
   * `bytes` is where `text` was decoded from as latin1 (one character per byte, so offsets match): a kept line is
   * decoded again from its own bytes, as UTF-8 unless it is ASCII, into a fresh flat string, which JSON.parse
   * reads about 40% faster than a slice of `text`.
   */
  const take = (
    batch: RawRecord[],
    text: string,
    start: number,
    end: number,
    at: number,
    bytes: { buf: Buffer; offset: number } | null,
  ) => {
    // a line of `bytes` is measured in bytes (latin1: a character per byte); a head or last line was, before decoding
    if (bytes && end - start > max) throw recordTooLarge(`${path}:${at}`, max);
    record++;
    let rejected = false;
    if (keep && !keep(text, start, end)) {
      // a rejected line that has the ends of an object is never sliced out of the chunk
      if (!parseRejected && objectEnvelope(text, start, end)) return skip(stats);
      rejected = true;
    }
    const own = bytes
      ? decodeLine(bytes.buf, bytes.offset + start, bytes.offset + end)
      : start === 0 && end === text.length
        ? text
        : text.slice(start, end);
    batch.push(rejected ? { text: own, record, line: at, rejected: true } : { text: own, record, line: at });
  };
  /** A record of a JSON array or document (see json-splitter.ts). */
  const element = (batch: RawRecord[], r: SplitRecord) => {
    record++;
    if (!keep || keep(r.text, 0, r.text.length)) batch.push({ text: r.text, record, line: r.line });
    else if (parseRejected || !objectEnvelope(r.text, 0, r.text.length))
      batch.push({ text: r.text, record, line: r.line, rejected: true });
    else skip(stats);
  };
  /** Splits the lines of `text` (which ends just after a newline, or is the file's last line). */
  const lines = (batch: RawRecord[], text: string, bytes: { buf: Buffer; offset: number } | null = null) => {
    let start = 0;
    let nl: number;
    while ((nl = text.indexOf('\n', start)) >= 0) {
      if (nl > start && !isBlank(text, start, nl)) take(batch, text, start, nl, line, bytes);
      line++;
      start = nl + 1;
    }
    if (start < text.length && !isBlank(text, start, text.length))
      take(batch, text, start, text.length, line, bytes);
  };
  for await (const raw of gzipErrorsNamed(stream, path)) {
    let chunk = raw;
    if (!detected) {
      if (chunk[0] === 0xef && chunk[1] === 0xbb && chunk[2] === 0xbf) chunk = chunk.subarray(3);
      let i = 0;
      while (i < chunk.length && (chunk[i] === 32 || chunk[i] === 9 || chunk[i] === 10 || chunk[i] === 13))
        i++;
      if (i === chunk.length) continue;
      if (chunk[i] === 0x5b) doc = new JsonElementSplitter(path, 'array', max);
      else if (opensMultiLineObject(chunk, i)) doc = new JsonElementSplitter(path, 'document', max);
      detected = true;
    }
    const batch: RawRecord[] = [];
    if (doc !== null) {
      for (const r of doc.push(decoder.write(chunk))) element(batch, r);
    } else {
      // Newlines are character boundaries in UTF-8: decoding up to one never splits a character, and the bulk
      // of the chunk is decoded in place instead of being copied onto the carried-over bytes first.
      const first = chunk.indexOf(10);
      if (pendingBytes + (first < 0 ? chunk.length : first) > max)
        throw recordTooLarge(`${path}:${line}`, max);
      if (first < 0) {
        pending.push(chunk);
        pendingBytes += chunk.length;
        continue;
      }
      const head =
        pending.length > 0
          ? Buffer.concat([...pending, chunk.subarray(0, first + 1)], pendingBytes + first + 1)
          : chunk.subarray(0, first + 1);
      pending.length = 0;
      pendingBytes = 0;
      lines(batch, head.toString('utf8'));
      const last = chunk.lastIndexOf(10);
      // Pieces are decoded as latin1, the cheapest decoding, and the same string as UTF-8 for ASCII (most
      // exports). A UTF-8 character becomes two to four characters of 0x80-0xff, which no prefilter literal holds
      // (they are ASCII), and which the prefilter's `?` wildcard takes as one (see prefilter/text-prefilter.ts); lines and
      // newlines are where they were. Only kept lines are decoded as what they are.
      for (let from = first + 1; from < last + 1;) {
        let to = from + PIECE >= last + 1 ? last + 1 : chunk.lastIndexOf(10, from + PIECE) + 1;
        if (to <= from) to = chunk.indexOf(10, from + PIECE) + 1;
        lines(batch, chunk.toString('latin1', from, to), { buf: chunk, offset: from });
        from = to;
      }
      if (last + 1 < chunk.length) {
        pending.push(chunk.subarray(last + 1));
        pendingBytes = chunk.length - last - 1;
      }
    }
    if (batch.length > 0) yield batch;
  }
  const batch: RawRecord[] = [];
  if (doc !== null) {
    const rest = [...doc.push(decoder.end())];
    const whole = doc.end();
    if (whole !== null) rest.push(whole);
    for (const r of rest) element(batch, r);
  } else if (pending.length > 0) {
    if (pendingBytes > max) throw recordTooLarge(`${path}:${line}`, max);
    lines(batch, Buffer.concat(pending, pendingBytes).toString('utf8'));
  }
  if (batch.length > 0) yield batch;
}

/**
 * The file's bytes in chunks, decompressed when it is gzip: told by its first two bytes (the gzip magic number)
 * rather than by its name, so that `events.ndjson.gz` and an export saved compressed under any name both read.
 * Concatenated gzip members (`cat a.gz b.gz`) read as one stream, as gunzip does. A file that cannot be opened is
 * a user error naming it; so is a pipe, which cannot be read twice (the CLI reads a copy of one: stdin-spool.ts).
 */
function openBytes(path: string): AsyncIterable<Buffer> {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (e) {
    throw new UserError('EVENTS_UNREADABLE', `${path}: cannot read: ${fsReason(e)}`, { cause: e });
  }
  let gzip: boolean;
  try {
    gzip = isGzip(fd, path);
  } catch (e) {
    closeSync(fd);
    throw e;
  }
  const file = createReadStream(path, { fd, highWaterMark: CHUNK });
  if (!gzip) return file;
  // pipeline passes a read error on to the gunzip stream, which the caller iterates
  return pipeline(file, createGunzip({ chunkSize: CHUNK }), () => {});
}

const GZIP_MAGIC = [0x1f, 0x8b];

function isGzip(fd: number, path: string): boolean {
  if (!fstatSync(fd).isFile())
    throw new UserError(
      'EVENTS_UNREADABLE',
      `${path}: not a regular file (a pipe or a device): it cannot be read twice; copy it to a file first`,
    );
  const head = Buffer.alloc(2);
  // read at offset 0: the stream then reads the file from its start
  return readSync(fd, head, 0, 2, 0) === 2 && head[0] === GZIP_MAGIC[0] && head[1] === GZIP_MAGIC[1];
}

/** A damaged or truncated gzip file is bad input: a user error naming the file, not an internal one. */
async function* gzipErrorsNamed(chunks: AsyncIterable<Buffer>, path: string): AsyncGenerator<Buffer> {
  try {
    for await (const chunk of chunks) yield chunk;
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (typeof code === 'string' && code.startsWith('Z_'))
      throw new UserError('EVENT_INVALID_GZIP', `${path}: not valid gzip data (${(e as Error).message})`, {
        cause: e,
      });
    throw e;
  }
}

/** The records one at a time (see `readJsonRecordBatches`). */
export async function* readJsonRecords(
  path: string,
  opts: RecordReadOptions = {},
): AsyncGenerator<RawRecord> {
  for await (const batch of readJsonRecordBatches(path, null, undefined, opts)) yield* batch;
}

function decodeLine(buf: Buffer, start: number, end: number): string {
  return buf.toString(isAscii(buf.subarray(start, end)) ? 'latin1' : 'utf8', start, end);
}

function isBlank(s: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const c = s.charCodeAt(i);
    if (c !== 32 && c !== 9 && c !== 13) return false;
  }
  return true;
}

/**
 * Whether the file (from `at`, its first non-blank byte, a `{`) holds one JSON object over several lines, as
 * `jq` and `?pretty` print it, rather than NDJSON: its first line is the lone brace. An NDJSON event never is.
 */
function opensMultiLineObject(chunk: Buffer, at: number): boolean {
  if (chunk[at] !== 0x7b) return false;
  for (let i = at + 1; i < chunk.length; i++) {
    const c = chunk[i];
    if (c === 10) return true;
    if (c !== 32 && c !== 9 && c !== 13) return false;
  }
  return true;
}

function skip(stats: { skipped: number } | undefined): void {
  if (stats) stats.skipped++;
}
