/**
 * Hand-written, single-pass lexer for Elasticsearch's EQL dialect (linear in the query length).
 *
 * What it accepts, as Elasticsearch does:
 * - whitespace is space, tab, CR and LF; `// line` and `/* block *\/` comments (block comments nest);
 * - identifiers `[A-Za-z_@][A-Za-z0-9_@]*`; keywords are lowercase only;
 * - `` `quoted identifiers` `` where a doubled backquote stands for one;
 * - `"strings"` on one line with escapes `\n \r \t \b \f \\ \"` (not `\'`, reserved by Elasticsearch) and `\u{h..h}` (2 to 8 hex digits, a Unicode
 *   scalar value); `"""raw strings"""` on one line without escapes (up to two extra closing quotes belong to
 *   the text, so `"""a""""` is `a"`);
 * - integers and decimals (`1`, `1.5`, `.5`, `1.`, `1e3`, `2.5E-3`); a sign is an operator, not part of a number.
 * Rejected with a hint: single-quoted strings and `?"..."` strings (both removed in Elasticsearch 8), a lone `!`,
 * `&&`/`&`, and any other character.
 *
 * One room, though over 350 lines: every kind of token is read by the same class over the same cursor and error
 * path, and splitting the kinds apart would only pass that state between files.
 */
import type { Span } from './ast.js';
import { EqlSyntaxError } from '../errors.js';
import { KEYWORDS, type Keyword, type Punct, type Token } from './tokens.js';

const CH_0 = 48;
const CH_9 = 57;

function isDigit(c: number): boolean {
  return c >= CH_0 && c <= CH_9;
}
function isIdentStart(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 /* _ */ || c === 64; /* @ */
}
function isIdentPart(c: number): boolean {
  return isIdentStart(c) || isDigit(c);
}
function isHex(c: number): boolean {
  return isDigit(c) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102);
}

const SIMPLE_ESCAPES: Record<string, string> = {
  n: '\n',
  r: '\r',
  t: '\t',
  b: '\b',
  f: '\f',
  '\\': '\\',
  '"': '"',
  "'": "'",
};

const TWO_CHAR: ReadonlySet<string> = new Set(['==', '!=', '<=', '>=', '![']);
const ONE_CHAR: ReadonlySet<string> = new Set([
  '<',
  '>',
  '=',
  ':',
  '+',
  '-',
  '*',
  '/',
  '%',
  '.',
  ',',
  '[',
  ']',
  '(',
  ')',
  '|',
  '?',
]);

export function tokenize(source: string): Token[] {
  return new Lexer(source).run();
}

class Lexer {
  private pos = 0;
  private readonly tokens: Token[] = [];

  constructor(private readonly src: string) {}

  run(): Token[] {
    const src = this.src;
    for (;;) {
      this.skipTrivia();
      if (this.pos >= src.length) break;
      const start = this.pos;
      const c = src.charCodeAt(start);
      if (isIdentStart(c)) this.identifier();
      else if (isDigit(c) || (c === 46 /* . */ && isDigit(src.charCodeAt(start + 1)))) this.number();
      else if (c === 34 /* " */) this.string();
      else if (c === 39 /* ' */) this.singleQuoted();
      else if (c === 96 /* ` */) this.quotedIdentifier();
      else this.punct();
    }
    this.tokens.push({ kind: 'eof', span: { start: src.length, end: src.length } });
    return this.tokens;
  }

  private fail(reason: string, start: number, end = start + 1): never {
    throw new EqlSyntaxError(reason, this.src, {
      start,
      end: Math.min(Math.max(end, start + 1), this.src.length + 1),
    });
  }

  private skipTrivia(): void {
    const src = this.src;
    while (this.pos < src.length) {
      const c = src.charCodeAt(this.pos);
      if (c === 32 || c === 9 || c === 10 || c === 13) {
        this.pos++;
      } else if (c === 47 /* / */ && src.charCodeAt(this.pos + 1) === 47) {
        const nl = src.indexOf('\n', this.pos);
        this.pos = nl === -1 ? src.length : nl + 1;
      } else if (c === 47 && src.charCodeAt(this.pos + 1) === 42 /* * */) {
        this.blockComment();
      } else {
        return;
      }
    }
  }

  private blockComment(): void {
    const src = this.src;
    const start = this.pos;
    let depth = 0;
    while (this.pos < src.length) {
      if (src.startsWith('/*', this.pos)) {
        depth++;
        this.pos += 2;
      } else if (src.startsWith('*/', this.pos)) {
        depth--;
        this.pos += 2;
        if (depth === 0) return;
      } else {
        this.pos++;
      }
    }
    this.fail('unterminated comment: missing [*/]', start, start + 2);
  }

  private identifier(): void {
    const src = this.src;
    const start = this.pos;
    let end = start + 1;
    while (end < src.length && isIdentPart(src.charCodeAt(end))) end++;
    const word = src.slice(start, end);
    if (src.charCodeAt(end) === 126 /* ~ */) {
      const span = { start, end: end + 1 };
      this.pos = end + 1;
      if (word === 'in' || word === 'like' || word === 'regex')
        this.tokens.push({ kind: 'keyword~', value: word, span });
      else this.tokens.push({ kind: 'ident~', value: word, span });
      return;
    }
    this.pos = end;
    const span = { start, end };
    if (KEYWORDS.has(word)) this.tokens.push({ kind: 'keyword', value: word as Keyword, span });
    else this.tokens.push({ kind: 'ident', value: word, span });
  }

  private number(): void {
    const src = this.src;
    const start = this.pos;
    let i = start;
    let isFloat = false;
    while (isDigit(src.charCodeAt(i))) i++;
    if (src.charCodeAt(i) === 46 /* . */) {
      isFloat = true;
      i++;
      while (isDigit(src.charCodeAt(i))) i++;
    }
    const e = src.charCodeAt(i);
    if (e === 101 || e === 69 /* e E */) {
      let j = i + 1;
      const sign = src.charCodeAt(j);
      if (sign === 43 || sign === 45) j++;
      if (isDigit(src.charCodeAt(j))) {
        while (isDigit(src.charCodeAt(j))) j++;
        i = j;
        isFloat = true;
      }
    }
    this.pos = i;
    const text = src.slice(start, i);
    const span = { start, end: i };
    if (isFloat) this.tokens.push({ kind: 'float', value: Number(text), text, span });
    else this.tokens.push({ kind: 'integer', value: Number(text), text, span });
  }

  private string(): void {
    if (this.src.startsWith('"""', this.pos)) this.rawString();
    else this.escapedString('"');
  }

  private rawString(): void {
    const src = this.src;
    const start = this.pos;
    const close = src.indexOf('"""', start + 3);
    const nl = lineBreakBetween(src, start + 3, close === -1 ? src.length : close);
    if (nl !== -1) this.fail('line break in a """raw""" string; strings must fit on one line', nl);
    if (close === -1) this.fail('unterminated string: missing closing ["""]', start, src.length);
    let end = close + 3;
    // Up to two quotes right after the closing `"""` still belong to the text.
    let extra = 0;
    while (extra < 2 && src.charCodeAt(end) === 34) {
      end++;
      extra++;
    }
    this.tokens.push({ kind: 'string', value: src.slice(start + 3, end - 3), span: { start, end } });
    this.pos = end;
  }

  /** A `"..."` string, or with `quote` = `'` the old single-quoted form (lexed only to be rejected). */
  private escapedString(quote: '"' | "'"): string {
    const src = this.src;
    const start = this.pos;
    let i = start + 1;
    let out = '';
    let chunk = i;
    for (;;) {
      if (i >= src.length) this.fail(`unterminated string: missing closing [${quote}]`, start, src.length);
      const ch = src[i];
      if (ch === quote) break;
      if (ch === '\n' || ch === '\r') {
        this.fail(`unterminated string: missing closing [${quote}] before the end of the line`, start, i);
      }
      if (ch !== '\\') {
        i++;
        continue;
      }
      out += src.slice(chunk, i);
      const next = src[i + 1];
      if (next === undefined) this.fail(`unterminated string: missing closing [${quote}]`, start, src.length);
      // `\'` is `'`, as in Elasticsearch (its STRING token lists `'` among the escapable characters)
      const simple = SIMPLE_ESCAPES[next];
      if (simple !== undefined) {
        out += simple;
        i += 2;
      } else if (next === 'u') {
        const [text, end] = this.unicodeEscape(i);
        out += text;
        i = end;
      } else {
        this.fail(
          `invalid escape sequence [\\${next}] in string; use \\\\ for a backslash, or a """raw""" string`,
          i,
          i + 2,
        );
      }
      chunk = i;
    }
    out += src.slice(chunk, i);
    this.pos = i + 1;
    if (quote === '"') this.tokens.push({ kind: 'string', value: out, span: { start, end: i + 1 } });
    return out;
  }

  /** `\u{h..h}` at `at` (the backslash): the character and the offset after the escape. */
  private unicodeEscape(at: number): [string, number] {
    const src = this.src;
    if (src[at + 2] !== '{')
      this.fail('invalid unicode escape: expected [\\u{XXXX}] with 2 to 8 hex digits', at, at + 2);
    let i = at + 3;
    while (i < src.length && isHex(src.charCodeAt(i))) i++;
    const digits = src.slice(at + 3, i);
    if (src[i] !== '}' || digits.length < 2 || digits.length > 8) {
      this.fail('invalid unicode escape: expected [\\u{XXXX}] with 2 to 8 hex digits', at, i + 1);
    }
    const code = parseInt(digits, 16);
    if (code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) {
      this.fail(`invalid unicode escape [\\u{${digits}}]: not a Unicode scalar value`, at, i + 1);
    }
    return [String.fromCodePoint(code), i + 1];
  }

  private singleQuoted(): never {
    const start = this.pos;
    this.escapedString("'");
    this.fail('use double quotes ["] to define string literals, not single quotes [\']', start, this.pos);
  }

  private quotedIdentifier(): void {
    const src = this.src;
    const start = this.pos;
    let i = start + 1;
    let out = '';
    for (;;) {
      const close = src.indexOf('`', i);
      if (close === -1) this.fail('unterminated quoted name: missing closing [`]', start, src.length);
      out += src.slice(i, close);
      if (src[close + 1] === '`') {
        out += '`';
        i = close + 2;
        continue;
      }
      i = close + 1;
      break;
    }
    if (out.length === 0) this.fail('empty quoted name [``]', start, i);
    this.tokens.push({ kind: 'quoted', value: out, span: { start, end: i } });
    this.pos = i;
  }

  private punct(): void {
    const src = this.src;
    const start = this.pos;
    const two = src.slice(start, start + 2);
    if (TWO_CHAR.has(two)) {
      this.push(two as Punct, start, start + 2);
      return;
    }
    const one = src[start];
    if (one === '?' && (src[start + 1] === '"' || src[start + 1] === "'")) {
      this.fail(
        'use triple double quotes ["""] to define unescaped string literals, not [?"]',
        start,
        start + 2,
      );
    }
    if (ONE_CHAR.has(one)) {
      this.push(one as Punct, start, start + 1);
      return;
    }
    switch (one) {
      case '!':
        this.fail(
          'unexpected [!]: use [not] to negate, [!=] for inequality or [![ ... ]] for a missing event',
          start,
        );
        break;
      case '&':
        this.fail('unexpected [&]: use [and]', start, two === '&&' ? start + 2 : start + 1);
        break;
      case '~':
        this.fail('unexpected [~]: it must directly follow a function name, [in], [like] or [regex]', start);
        break;
      default: {
        const cp = src.codePointAt(start) ?? 0;
        const ch = String.fromCodePoint(cp);
        this.fail(`unrecognized character [${ch}]`, start, start + ch.length);
      }
    }
  }

  private push(value: Punct, start: number, end: number): void {
    const span: Span = { start, end };
    this.tokens.push({ kind: 'punct', value, span });
    this.pos = end;
  }
}

function lineBreakBetween(src: string, from: number, to: number): number {
  for (let i = from; i < to; i++) {
    const c = src.charCodeAt(i);
    if (c === 10 || c === 13) return i;
  }
  return -1;
}
