/** A cursor over the lexer's tokens, with the "expected X, found Y" errors the parser reports. */
import type { Span } from './ast.js';
import { EqlSemanticError, EqlSyntaxError } from '../errors.js';
import { describeToken, type Keyword, type Punct, type Token } from './tokens.js';

export class TokenStream {
  private index = 0;

  constructor(
    readonly source: string,
    private readonly tokens: Token[],
  ) {}

  peek(offset = 0): Token {
    return this.tokens[Math.min(this.index + offset, this.tokens.length - 1)];
  }

  next(): Token {
    const token = this.peek();
    if (this.index < this.tokens.length - 1) this.index++;
    return token;
  }

  /** End offset of the last consumed token. */
  lastEnd(): number {
    return this.index === 0 ? 0 : this.tokens[this.index - 1].span.end;
  }

  isKeyword(value: Keyword, offset = 0): boolean {
    const t = this.peek(offset);
    return t.kind === 'keyword' && t.value === value;
  }

  isPunct(value: Punct, offset = 0): boolean {
    const t = this.peek(offset);
    return t.kind === 'punct' && t.value === value;
  }

  acceptKeyword(value: Keyword): Token | undefined {
    return this.isKeyword(value) ? this.next() : undefined;
  }

  acceptPunct(value: Punct): Token | undefined {
    return this.isPunct(value) ? this.next() : undefined;
  }

  expectKeyword(value: Keyword, hint = ''): Token {
    if (this.isKeyword(value)) return this.next();
    return this.unexpected(`[${value}]`, hint);
  }

  expectPunct(value: Punct, hint = ''): Token {
    if (this.isPunct(value)) return this.next();
    return this.unexpected(`[${value}]`, hint);
  }

  /** Throws "expected X, found Y" at the current token. */
  unexpected(expected: string, hint = ''): never {
    const token = this.peek();
    const found = describeToken(token, this.source);
    const tail = hint ? `; ${hint}` : '';
    throw this.syntaxError(`expected ${expected}, found ${found}${tail}`, token.span);
  }

  syntaxError(reason: string, span: Span): EqlSyntaxError {
    return new EqlSyntaxError(reason, this.source, span);
  }

  semanticError(code: string, reason: string, span: Span): EqlSemanticError {
    return new EqlSemanticError(code, reason, this.source, span);
  }

  text(span: Span): string {
    return this.source.slice(span.start, span.end);
  }
}

export function spanOf(start: number, end: number): Span {
  return { start, end };
}
