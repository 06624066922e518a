import { createExecutor } from '../engine/executor.js';
import type { Statement } from '../eql/ast.js';
import { parse } from '../eql/parser.js';
import type { Schema } from '../eql/schema.js';
import { verify } from '../eql/verify.js';

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
