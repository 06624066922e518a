/**
 * The translator's public types and the `Piece` every operator translator returns.
 *
 * The soundness contract: a piece's query matches EVERY document the evaluator accepts for its expression.
 * `exact` says it matches no other; a non-exact piece is a superset and the evaluator must re-check the hits.
 */
import type { Expr } from '../eql/syntax/ast.js';
import type { Schema } from '../mapping/schema.js';
import { matchAll, type Query } from './dsl.js';

export interface TranslateContext {
  /** Field types (from `_field_caps` or `_mapping`); without it every field is treated as `keyword`. */
  schema?: Schema;
  /** Default `event.category`. */
  eventCategoryField?: string;
  /** The query text, to quote conditions in `notPushed` (default: an approximate printout of the AST). */
  source?: string;
}

export interface Translation {
  /** A Query DSL query. */
  query: Record<string, unknown>;
  /** False: the query is a superset, the evaluator must re-check each hit. */
  exact: boolean;
  /** Conditions that are not expressed exactly, human-readable, for logs. */
  notPushed: string[];
}

/** The translation of one expression. */
export interface Piece {
  query: Query;
  exact: boolean;
  notPushed: string[];
}

/** What an operator translator sees: the context and a way to translate sub-expressions. */
export interface Translator {
  readonly ctx: TranslateContext;
  /** Translate a sub-expression (the full ordered list of translators). */
  translate(e: Expr): Piece;
  /** The expression as text, for `notPushed`. */
  describe(e: Expr): string;
}

/**
 * One operator family: a piece for the expressions it knows, or null to let the next family try. Families are
 * tried in order (see translate.ts), like a query translator's rule list.
 */
export type OperatorTranslator = (e: Expr, t: Translator) => Piece | null;

export function exactPiece(query: Query): Piece {
  return { query, exact: true, notPushed: [] };
}

/** A superset `query` for `e`, with why it is not exact. */
export function supersetPiece(query: Query, what: string): Piece {
  return { query, exact: false, notPushed: [what] };
}

/** Nothing can be said about `e` in the DSL: every document is a candidate. */
export function unknownPiece(what: string): Piece {
  return supersetPiece(matchAll(), what);
}
