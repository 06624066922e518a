/**
 * Function implementations by canonical name. Arity and which functions take `~` come from the shared
 * signatures (signatures.ts); this file only maps a signature to its implementation.
 */
import { add, divide, modulo, multiply, number, subtract } from './math.js';
import { cidrMatch } from './network.js';
import { lookupFunction, type FunctionSignature } from './signatures.js';
import {
  between,
  concat,
  endsWith,
  indexOf,
  length,
  startsWith,
  string,
  stringContains,
  substring,
} from './string.js';
import type { FunctionImpl } from './implementation.js';

export interface FunctionEntry {
  impl: FunctionImpl;
  signature: FunctionSignature;
}

const IMPLS: readonly FunctionImpl[] = [
  add,
  between,
  cidrMatch,
  concat,
  divide,
  endsWith,
  indexOf,
  length,
  modulo,
  multiply,
  number,
  startsWith,
  string,
  stringContains,
  substring,
  subtract,
];

const byName = new Map<string, FunctionImpl>(IMPLS.map((f) => [f.name.toLowerCase(), f]));

/** Signature and implementation of a function, whatever case the name is in; undefined when either is missing. */
export function findFunction(name: string): FunctionEntry | undefined {
  const signature = lookupFunction(name);
  const impl = byName.get(name.toLowerCase());
  return signature && impl ? { impl, signature } : undefined;
}

export function implementedFunctions(): string[] {
  return IMPLS.map((f) => f.name);
}
