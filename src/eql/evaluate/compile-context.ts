/**
 * What query-level and script-level compilation of one query share: its options, one plan per field it names
 * (made once, whichever level reads the field), its errors with their caret, and which optional fields are absent.
 */
import type { Expr, Field, Span } from '../syntax/ast.js';
import { EqlSemanticError } from '../errors.js';
import type { CaseFolding } from '../../mapping/lucene-regex.js';
import type { Schema } from '../../mapping/schema.js';
import { planField, type FieldPlan } from './field-plan.js';
import type { Failer } from './testers.js';

export interface CompilerOptions {
  /** The mapping of the events evaluated (types, aliases, date formats). */
  schema?: Schema;
  /**
   * The mapping of everything the query searches, when `schema` covers one index of several: an optional field
   * (`?x`) that none of them maps is a null literal (default: `schema`).
   */
  knownFields?: Schema;
  /** The query text, for error carets. */
  source?: string;
  /** How `regex~` folds case: as Elasticsearch 9 (default) or 8. */
  regexCaseFolding?: CaseFolding;
}

export class CompileContext implements Failer {
  private readonly plans = new Map<string, FieldPlan>();

  constructor(readonly opts: CompilerOptions) {}

  fail(code: string, reason: string, span: Span): never {
    throw new EqlSemanticError(code, reason, this.opts.source ?? '', span);
  }

  plan(field: Field): FieldPlan {
    const key = fieldKey(field);
    let p = this.plans.get(key);
    if (!p) {
      p = planField(field, this.opts.schema, this.opts.knownFields ?? this.opts.schema);
      this.plans.set(key, p);
    }
    return p;
  }

  /**
   * An optional field that no searched index maps: Elasticsearch replaces every mention of it with `null` before
   * optimising, so `?x == ?y` is `null == null`, which is true.
   */
  absentOptional(field: Field): boolean {
    const known = this.opts.knownFields ?? this.opts.schema;
    return field.optional === true && known !== undefined && !known.has(field.name);
  }
}

/** A pattern or `in` operand's constant value and where it stands (the verifier allows only literals there). */
export function literalOf(e: Expr): { value: unknown; span: Span } {
  return { value: e.type === 'literal' ? e.value : null, span: e.span };
}

export function fieldKey(f: { name: string; indexes?: number[] }): string {
  return f.indexes && f.indexes.length ? `${f.name}[${f.indexes.join('][')}]` : f.name;
}
