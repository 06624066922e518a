import { createReadStream } from 'node:fs';
import { StringDecoder } from 'node:string_decoder';

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
 * Streams the records of an event file: one per non-empty line for NDJSON, one per element when the file is a
 * JSON array (detected by a leading `[`). Memory holds one chunk and the current record, never the file.
 */
export async function* readJsonRecords(path: string): AsyncGenerator<RawRecord> {
  const decoder = new StringDecoder('utf8');
  const stream = createReadStream(path, { highWaterMark: CHUNK });
  let mode: 'unknown' | 'lines' | 'array' = 'unknown';
  const array = new ArraySplitter();
  let carry = '';
  let line = 1;
  let record = 0;
  for await (const chunk of stream) {
    let text = decoder.write(chunk as Buffer);
    if (mode === 'unknown') {
      const first = text.search(/\S/);
      if (first < 0) continue;
      if (text[first] === '[') mode = 'array';
      else mode = 'lines';
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    }
    if (mode === 'array') {
      for (const r of array.push(text)) yield { text: r.text, record: ++record, line: r.line };
      continue;
    }
    text = carry + text;
    let start = 0;
    let nl: number;
    while ((nl = text.indexOf('\n', start)) >= 0) {
      const s = text.slice(start, nl);
      if (!isBlank(s)) yield { text: s, record: ++record, line };
      line++;
      start = nl + 1;
    }
    carry = text.slice(start);
  }
  const rest = carry + decoder.end();
  if (mode === 'array') {
    for (const r of array.push(rest)) yield { text: r.text, record: ++record, line: r.line };
    array.end(path);
  } else if (!isBlank(rest)) yield { text: rest, record: record + 1, line };
}

function isBlank(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c !== 32 && c !== 9 && c !== 13) return false;
  }
  return true;
}

/** Splits a streamed top-level JSON array into its element texts, tracking strings, escapes and nesting. */
class ArraySplitter {
  private depth = 0;
  private inString = false;
  private escaped = false;
  private started = false;
  private closed = false;
  private current = '';
  private line = 1;
  private elementLine = 1;

  *push(text: string): Generator<{ text: string; line: number }> {
    let from = 0;
    for (let i = 0; i < text.length; i++) {
      const c = text[i];
      if (c === '\n') this.line++;
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
          this.current = '';
          this.closed = true;
          from = i + 1;
          continue;
        }
        this.depth--;
      } else if (c === ',' && this.depth === 0) {
        const el = (this.current + text.slice(from, i)).trim();
        if (el) yield { text: el, line: this.elementLine };
        this.current = '';
        from = i + 1;
        this.elementLine = this.line;
      }
    }
    if (this.started && !this.closed) this.current += text.slice(from);
  }

  end(path: string): void {
    if (!this.closed || this.current.trim()) throw new SyntaxError(`${path}: the JSON array is not closed`);
  }
}
