/**
 * The functions Elasticsearch's EQL supports, with their arity and argument rules. The parser uses this table to
 * canonicalise names, `verify` to check calls, and the evaluator for dispatch.
 *
 * Name lookup is case-insensitive, as in Elasticsearch (its registry normalises names, and its own spec suite
 * calls `CONCAT(...)`); the AST always carries the canonical spelling.
 */

/** The type an argument must have when it is a literal; fields are only checked against a schema's types. */
export type ArgType = 'string' | 'numeric' | 'integer' | 'boolean' | 'any';

export interface ArgSpec {
  name: string;
  type: ArgType;
  /** The argument must be written as a literal (a constant Elasticsearch folds at planning time). */
  literal?: boolean;
}

export interface FunctionSignature {
  /** Canonical name, e.g. `startsWith`. */
  name: string;
  minArgs: number;
  /** `Infinity` for variadic functions. */
  maxArgs: number;
  /** `name~(...)` allowed. */
  caseInsensitive: boolean;
  /** One spec per position; for a variadic function the last spec repeats. */
  args: readonly ArgSpec[];
  returns: 'string' | 'numeric' | 'integer' | 'boolean';
}

const STRING = (name: string): ArgSpec => ({ name, type: 'string' });
const NUMERIC = (name: string): ArgSpec => ({ name, type: 'numeric' });
const INTEGER = (name: string): ArgSpec => ({ name, type: 'integer' });

function math(name: string): FunctionSignature {
  return {
    name,
    minArgs: 2,
    maxArgs: 2,
    caseInsensitive: false,
    args: [NUMERIC('left'), NUMERIC('right')],
    returns: 'numeric',
  };
}

function stringPair(name: string, second: string): FunctionSignature {
  return {
    name,
    minArgs: 2,
    maxArgs: 2,
    caseInsensitive: true,
    args: [STRING('source'), STRING(second)],
    returns: 'boolean',
  };
}

const ALL: readonly FunctionSignature[] = [
  math('add'),
  {
    name: 'between',
    minArgs: 3,
    maxArgs: 4,
    caseInsensitive: true,
    args: [
      STRING('source'),
      STRING('left'),
      STRING('right'),
      { name: 'greedy', type: 'boolean', literal: true },
    ],
    returns: 'string',
  },
  {
    name: 'cidrMatch',
    minArgs: 2,
    maxArgs: Infinity,
    caseInsensitive: false,
    args: [
      { name: 'ip', type: 'string' },
      { name: 'cidr', type: 'string', literal: true },
    ],
    returns: 'boolean',
  },
  {
    name: 'concat',
    minArgs: 1,
    maxArgs: Infinity,
    caseInsensitive: false,
    args: [{ name: 'value', type: 'any' }],
    returns: 'string',
  },
  math('divide'),
  stringPair('endsWith', 'substring'),
  {
    name: 'indexOf',
    minArgs: 2,
    maxArgs: 3,
    caseInsensitive: true,
    args: [STRING('source'), STRING('substring'), INTEGER('start')],
    returns: 'integer',
  },
  {
    name: 'length',
    minArgs: 1,
    maxArgs: 1,
    caseInsensitive: false,
    args: [STRING('source')],
    returns: 'integer',
  },
  math('modulo'),
  math('multiply'),
  {
    name: 'number',
    minArgs: 1,
    maxArgs: 2,
    caseInsensitive: false,
    args: [STRING('string'), { name: 'base', type: 'integer', literal: true }],
    returns: 'numeric',
  },
  stringPair('startsWith', 'prefix'),
  {
    name: 'string',
    minArgs: 1,
    maxArgs: 1,
    caseInsensitive: false,
    args: [{ name: 'value', type: 'any' }],
    returns: 'string',
  },
  stringPair('stringContains', 'substring'),
  {
    name: 'substring',
    minArgs: 2,
    maxArgs: 3,
    caseInsensitive: false,
    args: [STRING('source'), INTEGER('start'), INTEGER('end')],
    returns: 'string',
  },
  math('subtract'),
];

const BY_LOWER = new Map(ALL.map((sig) => [sig.name.toLowerCase(), sig]));

/** Canonical name → signature, in alphabetical order. */
export const FUNCTION_SIGNATURES: ReadonlyMap<string, FunctionSignature> = new Map(
  ALL.map((sig) => [sig.name, sig]),
);

/** The signature of `name`, whatever its case, or undefined for a function Elasticsearch does not have. */
export function lookupFunction(name: string): FunctionSignature | undefined {
  return BY_LOWER.get(name.toLowerCase());
}

/** The spec of argument `index` (0-based), repeating the last spec for variadic functions. */
export function argSpec(sig: FunctionSignature, index: number): ArgSpec {
  return sig.args[Math.min(index, sig.args.length - 1)];
}

/**
 * Functions of the original (Endgame) EQL that Elasticsearch rejects. Calling one is `EQL_UNSUPPORTED` rather than
 * `EQL_UNKNOWN_FUNCTION`, so that users porting old rules learn why.
 */
export const UNSUPPORTED_FUNCTIONS: ReadonlySet<string> = new Set([
  'arraycontains',
  'arraycount',
  'arraysearch',
  'match',
  'matchlite',
  'safe',
  'wildcard',
]);

/** The closest known function name (edit distance ≤ 3 or a case-insensitive prefix), for "did you mean" hints. */
export function suggestFunction(name: string): string | undefined {
  const lower = name.toLowerCase();
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const sig of ALL) {
    const candidate = sig.name.toLowerCase();
    const d = candidate.startsWith(lower) && lower.length >= 3 ? 1 : editDistance(lower, candidate);
    if (d < bestDistance) {
      bestDistance = d;
      best = sig.name;
    }
  }
  return bestDistance <= Math.min(3, Math.max(1, Math.floor(lower.length / 2))) ? best : undefined;
}

function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return prev[b.length];
}
