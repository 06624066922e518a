/**
 * Splits a streamed JSON document into the texts of its events, tracking strings, escapes, nesting and object keys,
 * without parsing the document as a whole (a file of millions of events is never held in memory):
 * - a top-level array (`[ {...}, {...} ]`): its elements;
 * - a top-level object spread over several lines (`jq` or `?pretty` output): the hits of an Elasticsearch search
 *   response (`hits.hits`) or EQL event response (`hits.events`) as they stream by; a document without such a
 *   list is one record, handed over whole at the end (a single pretty-printed event, or an EQL sequence response,
 *   which `response-hits.ts` takes apart).
 * What is not well-formed (an empty element, a trailing comma, text after the end, a file that ends inside the
 * document) is an error naming the file and line, as JSON.parse would reject the whole file.
 */
import { UserError } from '../../errors.js';
import { recordTooLarge } from './record-size.js';

export interface SplitRecord {
  text: string;
  /** 1-based line where the record starts. */
  line: number;
}

interface Frame {
  kind: '{' | '[';
  /** The key this container is the value of, in its parent object. */
  key: string | null;
}

/** Object keys from the root to the lists of hits an Elasticsearch response holds. */
const HIT_LISTS = [
  ['hits', 'hits'],
  ['hits', 'events'],
];
const LONGEST_KEY = Math.max(...HIT_LISTS.flat().map((k) => k.length));

export class JsonElementSplitter {
  private readonly stack: Frame[] = [];
  private inString = false;
  private escaped = false;
  private line = 1;
  /** In an object, whether the next string is a key. */
  private expectKey = false;
  private keyStart = -1;
  private keyCarry = '';
  private pendingKey: string | null = null;
  /** Depth of the array whose elements are emitted, once found (0 for a top-level array). */
  private targetDepth = -1;
  private targetDone = false;
  private commas = 0;
  private current = '';
  private elementLine = 1;
  private elementStarted = false;
  private ended = false;
  /** The document's text while no list of elements has been found (it may be a record itself). */
  private whole: string[] | null;
  /** Where the document starts: its opening brace. */
  private wholeLine = 1;

  /** Characters held in `whole`. */
  private wholeLength = 0;

  /** @param maxRecordSize the largest record in UTF-8 bytes (see record-size.ts) */
  constructor(
    private readonly path: string,
    private readonly kind: 'array' | 'document',
    private readonly maxRecordSize = Infinity,
  ) {
    this.whole = kind === 'document' ? [] : null;
  }

  *push(text: string): Generator<SplitRecord> {
    // What is held is checked before this text joins it: a character is at least one byte, so more characters
    // than the bound are more bytes; memory holds at most the bound and a chunk. The exact count is the record's.
    if (this.whole !== null && !this.ended) {
      if (this.wholeLength > this.maxRecordSize) this.tooLarge(this.wholeLine);
      this.whole.push(text);
      this.wholeLength += text.length;
    }
    let from = 0;
    /** Where the next backslash at or after the current string is (-1: none left in `text`), once searched. */
    let nextBackslash = -2;
    for (let i = 0; i < text.length; i++) {
      const c = text[i];
      if (c === '\n') this.line++;
      if (this.ended) {
        if (!isSpace(c)) this.fail(`text after the end of the JSON ${this.what()}`);
        continue;
      }
      if (this.inString) {
        if (this.escaped) this.escaped = false;
        else if (c === '\\') this.escaped = true;
        else if (c === '"') {
          this.inString = false;
          if (this.keyStart >= 0 || this.keyCarry !== '') {
            this.pendingKey = this.keyCarry + text.slice(Math.max(0, this.keyStart), i);
            this.keyStart = -1;
            this.keyCarry = '';
          }
        }
        continue;
      }
      const structural = c === '"' || c === '{' || c === '[' || c === '}' || c === ']' || c === ',';
      // most characters outside strings are values, blanks and colons: only an element's first one matters
      if (!structural && (this.elementStarted || isSpace(c))) continue;
      const depth = this.stack.length;
      const inTarget = this.targetDepth >= 0 && !this.targetDone && depth === this.targetDepth + 1;
      // an element's line is where its first character is, not where the comma before it was
      if (inTarget && !this.elementStarted && c !== ',' && c !== ']' && !isSpace(c)) {
        this.elementStarted = true;
        this.elementLine = this.line;
      }
      switch (c) {
        case '"': {
          const isKey = this.expectKey;
          this.expectKey = false;
          // Most strings hold no escape: jump to the closing quote (a native search) instead of looking at each
          // character. The next backslash is searched once and reused, so the scans stay linear.
          const close = text.indexOf('"', i + 1);
          if (close >= 0) {
            if (nextBackslash !== -1 && nextBackslash <= i) nextBackslash = text.indexOf('\\', i + 1);
            if (nextBackslash === -1 || nextBackslash > close) {
              if (isKey) this.pendingKey = text.slice(i + 1, close);
              i = close;
              break;
            }
          }
          this.inString = true;
          if (isKey) this.keyStart = i + 1;
          break;
        }
        case '{':
        case '[': {
          const parent = this.stack[depth - 1];
          if (depth === 0) this.wholeLine = this.line;
          this.stack.push({ kind: c, key: parent?.kind === '{' ? this.pendingKey : null });
          this.pendingKey = null;
          this.expectKey = c === '{';
          if (this.targetDepth < 0 && c === '[' && this.isHitList()) {
            this.targetDepth = depth;
            this.whole = null;
            from = i + 1;
            this.current = '';
            this.elementStarted = false;
          }
          break;
        }
        case '}':
        case ']':
          if (inTarget && c === ']') {
            const el = (this.current + text.slice(from, i)).trim();
            if (el) yield this.element(el);
            else if (this.commas > 0) this.fail(`a comma before the end of the JSON array`);
            this.current = '';
            this.targetDone = true;
          }
          this.stack.pop();
          if (this.stack.length === 0) this.ended = true;
          else this.expectKey = false;
          break;
        case ',':
          if (inTarget) {
            const el = (this.current + text.slice(from, i)).trim();
            if (!el) this.fail('an empty element in the JSON array');
            yield this.element(el);
            this.commas++;
            this.current = '';
            from = i + 1;
            this.elementStarted = false;
          } else if (this.stack[depth - 1]?.kind === '{') this.expectKey = true;
          break;
      }
    }
    if (this.keyStart >= 0) {
      // only the keys of HIT_LISTS matter: a longer key is kept as one that matches none, not held whole
      this.keyCarry = (this.keyCarry + text.slice(this.keyStart)).slice(0, LONGEST_KEY + 1);
      this.keyStart = 0;
    }
    if (this.targetDepth >= 0 && !this.targetDone) {
      if (this.current.length > this.maxRecordSize) this.tooLarge(this.elementLine);
      this.current += text.slice(from);
    }
  }

  /** Checks the document ended; a document without a list of elements is returned as one record. */
  end(): SplitRecord | null {
    if (!this.ended) this.fail(`the file ends inside the JSON ${this.what()}`);
    if (this.whole === null) return null;
    const text = this.whole.join('').trim();
    this.checkBytes(text, this.wholeLine);
    return { text, line: this.wholeLine };
  }

  private element(text: string): SplitRecord {
    this.checkBytes(text, this.elementLine);
    return { text, line: this.elementLine };
  }

  /** A UTF-16 unit is one to three UTF-8 bytes: the exact count is only needed near the bound. */
  private checkBytes(text: string, line: number): void {
    if (text.length * 3 > this.maxRecordSize && Buffer.byteLength(text, 'utf8') > this.maxRecordSize)
      this.tooLarge(line);
  }

  private tooLarge(line: number): never {
    throw recordTooLarge(`${this.path}:${line}`, this.maxRecordSize);
  }

  /** Whether the array being opened (now on top of the stack) sits at one of HIT_LISTS from the root object. */
  private isHitList(): boolean {
    if (this.kind === 'array') return this.stack.length === 1;
    const keys = this.stack.slice(1).map((f) => f.key);
    return HIT_LISTS.some((p) => p.length === keys.length && p.every((k, j) => k === keys[j]));
  }

  private what(): string {
    return this.kind === 'array' ? 'array' : 'document';
  }

  private fail(message: string): never {
    throw new UserError('EVENT_INVALID_JSON', `${this.path}:${this.line}: ${message}`);
  }
}

function isSpace(c: string | undefined): boolean {
  return c === ' ' || c === '\t' || c === '\n' || c === '\r';
}
