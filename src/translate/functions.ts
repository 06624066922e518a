/**
 * Function calls used as conditions, where a term-level query computes the same thing as the evaluator's script
 * (which is true when the function is true for ANY value of the field, and null — no match — without one):
 *
 * - `startsWith(field, "p")` → `prefix`; `endsWith` / `stringContains` → `wildcard` `*s` / `*s*` with the
 *   literal escaped; the `~` forms add `case_insensitive`. Only on keyword-like fields: on other types the
 *   script tests the value's text, which no query sees.
 * - `cidrMatch(ip_field, "net/len", ...)` → `terms` of the networks on an `ip` field.
 *
 * Other functions (length, between, add, ...) compute values no query can: `exists` of a field argument when
 * the function needs it, else match_all.
 */
import type { Expr, FunctionCall } from '../eql/syntax/ast.js';
import { parseCidr } from '../eql/functions/network.js';
import { constantValue, isConstant } from './constants.js';
import { escapeWildcard, matchNone, prefix, terms, wildcard, type Query } from './dsl.js';
import { existsSuperset } from './exists.js';
import { fieldTarget, foldsLikeElasticsearch, isStringTarget } from './field-targets.js';
import { exactPiece, type OperatorTranslator, type Translator, type Piece } from './piece.js';

const STRING_PREDICATES = new Set(['startsWith', 'endsWith', 'stringContains']);

export const functions: OperatorTranslator = (e, t) => {
  if (e.type !== 'call') return null;
  if (STRING_PREDICATES.has(e.name)) return stringPredicate(e, t);
  if (e.name === 'cidrMatch') return cidr(e, t);
  return null;
};

function stringPredicate(e: FunctionCall, t: Translator): Piece | null {
  const [source, arg] = e.args;
  if (!source || !arg || source.type !== 'field' || isConstant(source, t.ctx.schema)) return null;
  if (!isConstant(arg, t.ctx.schema)) return null;
  const target = fieldTarget(source, t.ctx.schema);
  const what = t.describe(e);
  const value = constantValue(arg, t.ctx.schema, t.ctx.source);
  if (value === null) return exactPiece(matchNone());
  if (typeof value !== 'string' || !isStringTarget(target)) return existsSuperset(target, what);
  const f = target.exactField!;
  const ci = e.caseInsensitive;
  if (ci && !foldsLikeElasticsearch(value)) return existsSuperset(target, `${what} (non-ASCII case folding)`);
  let q: Query;
  if (e.name === 'startsWith') q = prefix(f, value, ci);
  else if (e.name === 'endsWith') q = wildcard(f, `*${escapeWildcard(value)}`, ci);
  else q = wildcard(f, `*${escapeWildcard(value)}*`, ci);
  return exactPiece(q);
}

function cidr(e: FunctionCall, t: Translator): Piece | null {
  const [source, ...nets] = e.args;
  if (!source || source.type !== 'field' || isConstant(source, t.ctx.schema)) return null;
  if (!nets.every((n) => isConstant(n, t.ctx.schema))) return null;
  const target = fieldTarget(source, t.ctx.schema);
  if (target.kind !== 'ip' || target.indexed || target.exactField === null)
    return existsSuperset(target, t.describe(e));
  const values = nets.map((n) => constantValue(n, t.ctx.schema, t.ctx.source));
  const networks: string[] = [];
  for (const v of values) {
    const net = typeof v === 'string' ? networkText(v) : undefined;
    if (net === undefined) return existsSuperset(target, t.describe(e));
    networks.push(net);
  }
  return exactPiece(terms(target.exactField, [...new Set(networks)]));
}

/**
 * A network as the ip term query takes it. Elasticsearch rejects IPv4-mapped IPv6 networks (`::ffff:0:0/96`) as
 * ambiguous; one of at least /96 is the IPv4 network it maps, written as such. Undefined: not expressible.
 */
function networkText(text: string): string | undefined {
  const net = parseCidr(text);
  if (!net) return undefined;
  if (!text.includes(':')) return text;
  const b = net.bytes;
  const mapped = b.slice(0, 10).every((x) => x === 0) && b[10] === 0xff && b[11] === 0xff;
  if (!mapped) return text;
  if (net.prefix < 96) return undefined;
  return `${b[12]}.${b[13]}.${b[14]}.${b[15]}/${net.prefix - 96}`;
}

/** For the fallback: a field whose value the call needs (its first argument), if that is a plain field. */
export function requiredField(e: Expr): Expr | null {
  if (e.type !== 'call' || !(STRING_PREDICATES.has(e.name) || e.name === 'cidrMatch')) return null;
  const first = e.args[0];
  return first && first.type === 'field' ? first : null;
}
