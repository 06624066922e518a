/** The EQL front end: `parse` text into a Statement, `verify` it (optionally against a schema). */
export { parse } from './syntax/parser.js';
export { verify, type VerifyOptions } from './verify/verify.js';
export type * from './syntax/ast.js';
export { assertNever } from './syntax/ast.js';
export { EqlError, EqlSemanticError, EqlSyntaxError } from './errors.js';
export { lineColumn, renderCaret } from '../text-position.js';
export {
  FUNCTION_SIGNATURES,
  lookupFunction,
  type ArgSpec,
  type ArgType,
  type FunctionSignature,
} from './functions/signatures.js';
