import { createExecutor } from './executor.js';
import type { Statement } from '../eql/syntax/ast.js';
import { parse } from '../eql/syntax/parser.js';
import type { Schema } from '../mapping/schema.js';
import { verify } from '../eql/verify/verify.js';

/**
 * Parses, verifies and compiles a query as a run would (the compiler reads literals against the mapping: a date a
 * field's format cannot read, an ip that is none), without reading an event; throws the EqlError a run would
 * fail with, else returns the statement. Used by `validate`, for rule queries and `--query`.
 */
export function checkQuery(
  query: string,
  schema?: Schema,
  fields: { eventCategoryField?: string; timestampField?: string; tiebreakerField?: string } = {},
): Statement {
  const stmt = parse(query);
  verify(stmt, { schema });
  createExecutor(stmt, { schema, ...fields });
  return stmt;
}

/**
 * Why `field` cannot be the tiebreaker with this mapping, or null. Elasticsearch's EQL analyzer resolves the
 * tiebreaker as it resolves any field a query names (`handleSpecialFields` in its AnalysisUtils): an object is
 * refused ("Cannot use field [x] type [object] only its subfields"), and so is a field no index maps ("Unknown
 * column [x]"), which `unknown: false` leaves to the cluster (a runtime field is in no mapping's properties).
 */
export function tiebreakerProblem(schema: Schema, field: string, unknown = true): string | null {
  if (schema.resolve(field)) return null;
  if (schema.has(field)) {
    const leaf = schema.fieldNames().find((n) => n.startsWith(`${field}.`));
    return (
      `an object in the mapping; Elasticsearch refuses it as tiebreaker ("Cannot use field [${field}] type ` +
      `[object] only its subfields")${leaf ? `: name one of its fields, such as ${leaf}` : ''}`
    );
  }
  return unknown ? `not in the mapping (Elasticsearch: "Unknown column [${field}]")` : null;
}
