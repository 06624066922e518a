/**
 * Token kinds of Elasticsearch's EQL dialect.
 *
 * Keywords are lowercase-only, as in Elasticsearch: `WHERE` or `And` lex as plain identifiers (which is why an
 * event category such as `OPTIONAL` works). `in~`, `like~` and `regex~` are single tokens; `name~` directly
 * followed by the tilde is a case-insensitive function name.
 */
import type { Span } from './ast.js';

export type Keyword =
  | 'and'
  | 'any'
  | 'by'
  | 'false'
  | 'in'
  | 'join'
  | 'like'
  | 'maxspan'
  | 'not'
  | 'null'
  | 'of'
  | 'or'
  | 'regex'
  | 'sample'
  | 'sequence'
  | 'true'
  | 'until'
  | 'where'
  | 'with';

export const KEYWORDS: ReadonlySet<string> = new Set<Keyword>([
  'and',
  'any',
  'by',
  'false',
  'in',
  'join',
  'like',
  'maxspan',
  'not',
  'null',
  'of',
  'or',
  'regex',
  'sample',
  'sequence',
  'true',
  'until',
  'where',
  'with',
]);

export type Punct =
  | '=='
  | '!='
  | '<'
  | '<='
  | '>'
  | '>='
  | '='
  | ':'
  | '+'
  | '-'
  | '*'
  | '/'
  | '%'
  | '.'
  | ','
  | '['
  | ']'
  | '!['
  | '('
  | ')'
  | '|'
  | '?';

export type Token =
  | { kind: 'keyword'; value: Keyword; span: Span }
  /** `in~`, `like~`, `regex~`. */
  | { kind: 'keyword~'; value: 'in' | 'like' | 'regex'; span: Span }
  | { kind: 'ident'; value: string; span: Span }
  /** An identifier immediately followed by `~`: the case-insensitive form of a function. */
  | { kind: 'ident~'; value: string; span: Span }
  /** `` `quoted name` `` with doubled backquotes unescaped. */
  | { kind: 'quoted'; value: string; span: Span }
  | { kind: 'string'; value: string; span: Span }
  /** `text` keeps the digits so that the parser can reject integers beyond a long. */
  | { kind: 'integer'; value: number; text: string; span: Span }
  | { kind: 'float'; value: number; text: string; span: Span }
  | { kind: 'punct'; value: Punct; span: Span }
  | { kind: 'eof'; span: Span };

export type TokenKind = Token['kind'];

/** How a token reads in "expected X, found Y" messages. */
export function describeToken(token: Token, source: string): string {
  switch (token.kind) {
    case 'eof':
      return 'end of query';
    case 'string':
      return `string ${source.slice(token.span.start, token.span.end)}`;
    case 'integer':
    case 'float':
      return `number [${token.text}]`;
    case 'keyword':
    case 'keyword~':
    case 'punct':
      return `[${source.slice(token.span.start, token.span.end)}]`;
    case 'ident':
    case 'ident~':
    case 'quoted':
      return `[${source.slice(token.span.start, token.span.end)}]`;
  }
}
