/**
 * The event category of `<category> where ...`: a case-sensitive equality with any value of the category field
 * (an alias resolves to its target; `any` tests nothing).
 */
import { matchAll, term } from './dsl.js';
import { existsSuperset } from './exists.js';
import { fieldTarget, isStringTarget } from './field-targets.js';
import { exactPiece, type Piece, type TranslateContext } from './piece.js';

export function categoryFilter(category: string | null, ctx: TranslateContext): Piece {
  if (category === null) return exactPiece(matchAll());
  const target = fieldTarget({ name: ctx.eventCategoryField ?? 'event.category' }, ctx.schema);
  if (!isStringTarget(target)) return existsSuperset(target, `${target.name} == ${JSON.stringify(category)}`);
  return exactPiece(term(target.exactField!, category));
}
