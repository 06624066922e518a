import { isAscii } from 'node:buffer';
import { closeSync, createReadStream, openSync, readSync } from 'node:fs';
import { pipeline } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import { createGunzip } from 'node:zlib';
import { UserError } from '../errors.js';
import type { TextPrefilter } from '../translate/text-prefilter.js';

/** One JSON text from an event file: its 1-based record number, line number and byte offset. */
export interface RawRecord {
  text: string;
  /** 1-based position of the record in the file (the line number for NDJSON). */
  record: number;
  /** 1-based line where the record starts. */
  line: number;
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
 * NDJSON, one per element when the file is a JSON array (detected by a leading `[`). Memory holds one chunk and
 * its records, never the file. Batches keep the per-record cost synchronous: a consumer loops over an array.
 */
export async function* readJsonRecordBatches(
  path: string,
  keep?: TextPrefilter | null,
  stats?: { skipped: number },
): AsyncGenerator<RawRecord[]> {
  const stream = openBytes(path);
  let mode: 'unknown' | 'lines' | 'array' = 'unknown';
  const decoder = new StringDecoder('utf8');
  const array = new ArraySplitter(path);
  // NDJSON: the bytes after the chunk's last newline, joined to the next chunk's first line
  let pending: Buffer | null = null;
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
    record++;
    // a rejected line is never sliced out of the chunk
    if (keep && !keep(text, start, end)) skip(stats);
    else
      batch.push({
        text: bytes
          ? decodeLine(bytes.buf, bytes.offset + start, bytes.offset + end)
          : start === 0 && end === text.length
            ? text
            : text.slice(start, end),
        record,
        line: at,
      });
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
    if (mode === 'unknown') {
      if (chunk[0] === 0xef && chunk[1] === 0xbb && chunk[2] === 0xbf) chunk = chunk.subarray(3);
      let i = 0;
      while (i < chunk.length && (chunk[i] === 32 || chunk[i] === 9 || chunk[i] === 10 || chunk[i] === 13))
        i++;
      if (i === chunk.length) continue;
      mode = chunk[i] === 0x5b ? 'array' : 'lines';
    }
    const batch: RawRecord[] = [];
    if (mode === 'array') {
      for (const r of array.push(decoder.write(chunk))) {
        record++;
        if (keep && !keep(r.text, 0, r.text.length)) skip(stats);
        else batch.push({ text: r.text, record, line: r.line });
      }
    } else {
      // Newlines are character boundaries in UTF-8: decoding up to one never splits a character, and the bulk
      // of the chunk is decoded in place instead of being copied onto the carried-over bytes first.
      const first = chunk.indexOf(10);
      if (first < 0) {
        pending = pending ? Buffer.concat([pending, chunk]) : chunk;
        continue;
      }
      const head = pending
        ? Buffer.concat([pending, chunk.subarray(0, first + 1)])
        : chunk.subarray(0, first + 1);
      lines(batch, head.toString('utf8'));
      const last = chunk.lastIndexOf(10);
      // Pieces are decoded as latin1, the cheapest decoding, and the same string as UTF-8 for ASCII (most
      // exports). A UTF-8 character becomes two to four characters of 0x80-0xff, which no prefilter literal holds
      // (they are ASCII), and which the prefilter's `?` wildcard takes as one (see text-prefilter.ts); lines and
      // newlines are where they were. Only kept lines are decoded as what they are.
      for (let from = first + 1; from < last + 1;) {
        let to = from + PIECE >= last + 1 ? last + 1 : chunk.lastIndexOf(10, from + PIECE) + 1;
        if (to <= from) to = chunk.indexOf(10, from + PIECE) + 1;
        lines(batch, chunk.toString('latin1', from, to), { buf: chunk, offset: from });
        from = to;
      }
      pending = last + 1 < chunk.length ? chunk.subarray(last + 1) : null;
    }
    if (batch.length > 0) yield batch;
  }
  const batch: RawRecord[] = [];
  if (mode === 'array') {
    for (const r of array.push(decoder.end())) {
      record++;
      if (keep && !keep(r.text, 0, r.text.length)) skip(stats);
      else batch.push({ text: r.text, record, line: r.line });
    }
    array.end();
  } else if (pending) lines(batch, pending.toString('utf8'));
  if (batch.length > 0) yield batch;
}

/**
 * The file's bytes in chunks, decompressed when it is gzip: told by its first two bytes (the gzip magic number)
 * rather than by its name, so that `events.ndjson.gz` and an export saved compressed under any name both read.
 * Concatenated gzip members (`cat a.gz b.gz`) read as one stream, as gunzip does.
 */
function openBytes(path: string): AsyncIterable<Buffer> {
  const file = createReadStream(path, { highWaterMark: CHUNK });
  if (!isGzip(path)) return file;
  // pipeline passes a read error on to the gunzip stream, which the caller iterates
  return pipeline(file, createGunzip({ chunkSize: CHUNK }), () => {});
}

const GZIP_MAGIC = [0x1f, 0x8b];

function isGzip(path: string): boolean {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch {
    return false; // the read stream reports it
  }
  try {
    const head = Buffer.alloc(2);
    return readSync(fd, head, 0, 2, 0) === 2 && head[0] === GZIP_MAGIC[0] && head[1] === GZIP_MAGIC[1];
  } finally {
    closeSync(fd);
  }
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
export async function* readJsonRecords(path: string): AsyncGenerator<RawRecord> {
  for await (const batch of readJsonRecordBatches(path)) yield* batch;
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
 * Splits a streamed top-level JSON array into its element texts, tracking strings, escapes and nesting. What is not
 * an array of elements (an empty element, a trailing comma, text after the closing bracket, a file that ends
 * inside the array) is an error naming the file and line, as JSON.parse would reject the whole file.
 */
class ArraySplitter {
  private depth = 0;
  private inString = false;
  private escaped = false;
  private started = false;
  private closed = false;
  private commas = 0;
  private current = '';
  private line = 1;
  private elementLine = 1;

  constructor(private readonly path: string) {}

  *push(text: string): Generator<{ text: string; line: number }> {
    let from = 0;
    for (let i = 0; i < text.length; i++) {
      const c = text[i];
      if (c === '\n') this.line++;
      if (this.closed) {
        if (c !== ' ' && c !== '\t' && c !== '\n' && c !== '\r')
          this.fail('text after the end of the JSON array');
        continue;
      }
      if (this.inString) {
        if (this.escaped) this.escaped = false;
        else if (c === '\\') this.escaped = true;
        else if (c === '"') this.inString = false;
        continue;
      }
      if (c === '"') this.inString = true;
      else if (c === '[' || c === '{') {
        if (!this.started) {
          this.started = true;
          from = i + 1;
          this.elementLine = this.line;
          continue;
        }
        this.depth++;
      } else if (c === ']' || c === '}') {
        if (this.depth === 0 && c === ']') {
          const el = (this.current + text.slice(from, i)).trim();
          if (el) yield { text: el, line: this.elementLine };
          else if (this.commas > 0) this.fail('a comma before the end of the JSON array');
          this.current = '';
          this.closed = true;
          from = i + 1;
          continue;
        }
        this.depth--;
      } else if (c === ',' && this.depth === 0) {
        const el = (this.current + text.slice(from, i)).trim();
        if (!el) this.fail('an empty element in the JSON array');
        yield { text: el, line: this.elementLine };
        this.commas++;
        this.current = '';
        from = i + 1;
        this.elementLine = this.line;
      }
    }
    if (this.started && !this.closed) this.current += text.slice(from);
  }

  end(): void {
    if (!this.closed) this.fail('the file ends inside the JSON array');
  }

  private fail(message: string): never {
    throw new UserError('EVENT_INVALID_JSON', `${this.path}:${this.line}: ${message}`);
  }
}

function skip(stats: { skipped: number } | undefined): void {
  if (stats) stats.skipped++;
}
