/**
 * The `_source.includes` a raw search must request so that the evaluator, the join keys, the ordering and the
 * alerts have every value they read: each field the statement mentions, plus the timestamp, tiebreaker and event
 * category fields. An alias is stored under its target's path; a multi-field's sub-field (`x.keyword`) under its
 * parent's. A path also selects everything below it, so an object path brings its whole subtree, and leaf paths
 * match `_source` written with dotted keys (`{"a.b": 1}`) as well as nested objects.
 */
import type { Expr, Field, Query, Statement } from '../eql/syntax/ast.js';
import { assertNever } from '../eql/syntax/ast.js';
import type { Schema } from '../mapping/schema.js';

export interface SourceFieldsOptions {
  schema?: Schema;
  /** Default `@timestamp`. */
  timestampField?: string;
  tiebreakerField?: string | null;
  /** Default `event.category`. */
  eventCategoryField?: string;
  /** More fields the caller needs in every hit (e.g. for alerts). */
  extra?: readonly string[];
}

export function sourceFieldsFor(stmt: Statement, opts: SourceFieldsOptions = {}): string[] {
  const names = new Set<string>();
  collectQuery(stmt.query, (f) => names.add(f.name));
  names.add(opts.timestampField ?? '@timestamp');
  names.add(opts.eventCategoryField ?? 'event.category');
  if (opts.tiebreakerField) names.add(opts.tiebreakerField);
  for (const x of opts.extra ?? []) names.add(x);
  const out = new Set<string>();
  for (const name of names) for (const p of sourcePaths(name, opts.schema)) out.add(p);
  return [...out].sort();
}

/** Where a field's values live in `_source`. */
function sourcePaths(name: string, schema: Schema | undefined): string[] {
  if (!schema) return [name];
  const path = schema.aliasTarget(name) ?? name;
  // a sub-field of a multi-field has no place in _source: its parent's value is indexed into it
  const segs = path.split('.');
  for (let i = segs.length - 1; i > 0; i--) {
    const parent = segs.slice(0, i).join('.');
    const info = schema.resolve(parent);
    if (info && info.type !== 'object' && info.type !== 'nested') return [parent];
  }
  return [path];
}

function collectQuery(q: Query, add: (f: Field) => void): void {
  switch (q.type) {
    case 'event':
      collectExpr(q.condition, add);
      return;
    case 'sequence':
      q.by.forEach(add);
      for (const s of [...q.stages, ...(q.until ? [q.until] : [])]) {
        s.by.forEach(add);
        collectExpr(s.query.condition, add);
      }
      return;
    case 'sample':
      q.by.forEach(add);
      for (const s of q.stages) {
        s.by.forEach(add);
        collectExpr(s.query.condition, add);
      }
      return;
    default:
      assertNever(q, 'query');
  }
}

function collectExpr(e: Expr, add: (f: Field) => void): void {
  switch (e.type) {
    case 'literal':
      return;
    case 'field':
      add(e);
      return;
    case 'comparison':
    case 'logical':
    case 'arithmetic':
      collectExpr(e.left, add);
      collectExpr(e.right, add);
      return;
    case 'not':
    case 'negate':
      collectExpr(e.operand, add);
      return;
    case 'pattern':
      collectExpr(e.left, add);
      e.patterns.forEach((p) => collectExpr(p, add));
      return;
    case 'in':
      collectExpr(e.left, add);
      e.values.forEach((p) => collectExpr(p, add));
      return;
    case 'call':
      e.args.forEach((a) => collectExpr(a, add));
      return;
    default:
      assertNever(e, 'expression');
  }
}
