/**
 * Compile EQL expressions into closures that evaluate an event's `_source` with Elasticsearch's semantics.
 * See query-compiler.ts for how query-level and script-level evaluation differ.
 */
import type { EventQuery, Expr, Field } from '../syntax/ast.js';
import { CompileContext } from './compile-context.js';
import { fieldCost, QueryCompiler } from './query-compiler.js';
import { ScriptCompiler } from './script-compiler.js';
import { ScriptScope } from './script-scope.js';
import { leafTest, planField } from './field-plan.js';
import type { Source } from './path-readers.js';
import { adaptiveAllOf } from './specialize.js';
export { leadPaths } from './specialize.js';
import type { CaseFolding } from '../../mapping/lucene-regex.js';
import type { Schema } from '../../mapping/schema.js';

export type { Source } from './path-readers.js';

export interface CompileOptions {
  /** The mapping of the events evaluated. */
  schema?: Schema;
  /** The mapping of every index the query searches, when `schema` is one index's (decides absent `?fields`). */
  knownFields?: Schema;
  /** Default `event.category`. */
  eventCategoryField?: string;
  /** The query text, so that compile errors can show a caret. */
  source?: string;
  /** How `regex~` folds case: as Elasticsearch 9 (default, every case form) or 8 (ASCII letters only). */
  regexCaseFolding?: CaseFolding;
}

/**
 * The value of an expression for one event: a string, number, boolean or null. A multi-valued field takes its
 * first doc value (the smallest), as a non-filtering Elasticsearch script would.
 */
export function compileExpression(expr: Expr, opts: CompileOptions = {}): (src: Source) => unknown {
  const compiler = new ScriptCompiler(new CompileContext(opts));
  const scope = new ScriptScope();
  const c = compiler.script(expr, scope);
  if (c.constant) {
    const v = c.value === undefined ? null : c.value;
    return () => v;
  }
  return scope.firstValues(c.fn);
}

/** Whether the event matches the condition, as the Elasticsearch query generated for it would decide. */
export function compileCondition(expr: Expr, opts: CompileOptions = {}): (src: Source) => boolean {
  return new QueryCompiler(opts).predicate(expr);
}

/** The category test (case-sensitive; `any` tests nothing) and the condition. */
export function compileEventFilter(q: EventQuery, opts: CompileOptions = {}): (src: Source) => boolean {
  const compiler = new QueryCompiler(opts);
  if (q.category === null) return adaptiveAllOf(compiler.conjuncts(q.condition));
  const category = q.category;
  const plan = planField(
    { name: opts.eventCategoryField ?? 'event.category' },
    opts.schema,
    opts.knownFields,
  );
  const read = plan.read;
  const anyCategory = (src: Source): boolean => {
    const v = read(src);
    if (v === category) return true;
    if (!Array.isArray(v)) return false;
    for (let i = 0; i < v.length; i++) if (v[i] === category) return true;
    return false;
  };
  // the usual string or array of strings needs no conversion
  const isCategory = leafTest(plan, (v) => v === category, anyCategory);
  // the category is one more clause of the condition's `and` chain, ordered with the others
  return adaptiveAllOf([
    { p: isCategory, cost: fieldCost(plan.path), path: plan.path },
    ...compiler.conjuncts(q.condition),
  ]);
}

/**
 * The values of a field as Elasticsearch indexes them: undefined when there is none, one scalar, or an array.
 * Values take the mapped type (a number in a keyword field reads as its string, "123" in a long field as 123);
 * dates read as epoch milliseconds and ip addresses in canonical form. With `exact`, a `date_nanos` field reads
 * as epoch nanoseconds (bigints), which tell apart values a double of milliseconds cannot.
 */
export function compileFieldReader(
  field: Field | string,
  opts: CompileOptions = {},
  exact = false,
): (src: Source) => unknown {
  const ref = typeof field === 'string' ? { name: field } : field;
  const plan = planField(ref, opts.schema, opts.knownFields ?? opts.schema);
  return exact && plan.nanos ? plan.nanos.read : plan.read;
}
