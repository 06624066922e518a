/** What a function implementation receives at compile time and returns: a closure over compiled arguments. */
import type { Span } from '../syntax/ast.js';
import type { Kind } from '../evaluate/values.js';
import type { Source } from '../evaluate/path-readers.js';

export type Evaluator = (src: Source) => unknown;

export interface CompiledArg {
  fn: Evaluator;
  kind: Kind;
  /** True when the argument is a constant (a literal, or folded from literals): `value` holds it. */
  constant: boolean;
  value: unknown;
  span: Span;
}

export interface FunctionContext {
  caseInsensitive: boolean;
  span: Span;
  /** Report a compile-time error (an EqlSemanticError with the given span). */
  fail(code: string, reason: string, span: Span): never;
}

export interface FunctionImpl {
  name: string;
  compile(args: CompiledArg[], ctx: FunctionContext): { fn: Evaluator; kind: Kind };
}
