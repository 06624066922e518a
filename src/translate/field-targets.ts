/**
 * Which indexed field a query on an EQL field goes to, and what the evaluator takes its values to be.
 *
 * - An alias is queried through its target; a `text` field through its `keyword` sub-field (text is analyzed:
 *   a term query on it would test tokens, not the value) and has no exact form without one.
 * - `kind` is the evaluator's view of the values (see evaluate/values.ts); without a schema every field is a
 *   keyword, as the translator's contract says.
 */
import type { Field } from '../eql/syntax/ast.js';
import type { DateParser, NanosDateParser } from '../mapping/date-format.js';
import { planField } from '../eql/evaluate/field-plan.js';
import type { Kind } from '../eql/evaluate/values.js';
import type { Schema } from '../mapping/schema.js';

export interface FieldTarget {
  /** The field as the query named it. */
  name: string;
  /** The field to run term-level queries on, or null when none gives the value exactly. */
  exactField: string | null;
  /** The field whose `exists` tells whether the event has a value (the text field itself, not its sub-field). */
  existsField: string;
  /** Elasticsearch type of the concrete field (`keyword` without a schema, `unmapped` when the schema lacks it). */
  type: string;
  kind: Kind;
  /** A date field's own format, which the evaluator reads literals with. */
  parseDate?: DateParser;
  /** A `date_nanos` field's exact reading of a literal (see FieldPlan.nanos). */
  parseNanos?: NanosDateParser;
  /** `field[0]`: the query cannot address one array element. */
  indexed: boolean;
}

const TERM_STRING_TYPES = new Set(['keyword', 'constant_keyword', 'wildcard', 'version']);
const TEXT_TYPES = new Set(['text', 'match_only_text']);

export function fieldTarget(
  field: Field | { name: string; indexes?: number[] },
  schema?: Schema,
): FieldTarget {
  const indexed = (field.indexes?.length ?? 0) > 0;
  if (!schema) {
    return {
      name: field.name,
      exactField: field.name,
      existsField: field.name,
      type: 'keyword',
      kind: 'string',
      indexed,
    };
  }
  const info = schema.resolve(field.name);
  const plan = planField({ name: field.name }, schema);
  const concrete = info?.name ?? plan.path;
  if (!info) {
    return {
      name: field.name,
      exactField: null,
      existsField: concrete,
      type: 'unmapped',
      kind: 'any',
      indexed,
    };
  }
  let exactField: string | null = concrete;
  if (TEXT_TYPES.has(info.type)) exactField = info.keywordSubfield ?? null;
  else if (!TERM_STRING_TYPES.has(info.type) && plan.kind === 'any') exactField = null;
  const target: FieldTarget = {
    name: field.name,
    exactField,
    existsField: concrete,
    type: info.type,
    kind: plan.kind,
    indexed,
  };
  if (plan.parseDate) target.parseDate = plan.parseDate;
  if (plan.nanos) target.parseNanos = plan.nanos.parse;
  return target;
}

/** A keyword-like field: term, terms, prefix, wildcard, regexp and range queries compare the value as a string. */
export function isStringTarget(t: FieldTarget): boolean {
  return t.exactField !== null && !t.indexed && (t.kind === 'string' || t.kind === 'version');
}

/** Whether a term query on this field takes `case_insensitive` (only keyword-like fields do). */
export function takesCaseInsensitive(t: FieldTarget): boolean {
  return t.kind === 'string' || t.kind === 'version';
}

/**
 * Whether a case-insensitive query with this literal is pushed down as exact. Elasticsearch's `case_insensitive`
 * term-level queries fold ASCII letters only, as the evaluator's `:`, `like~`, `in~` and `~` functions do
 * (`"CAFÉ"` finds `CAFÉ`, not `café`; checked on 8.19 and 9.5); a literal beyond ASCII is still sent as a superset,
 * which the evaluator narrows. (`regex~` is another matter: see lucene-regex.ts.)
 */
export function foldsLikeElasticsearch(literal: string): boolean {
  return !/[\u0080-\uffff]/.test(literal);
}
