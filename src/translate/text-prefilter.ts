/**
 * A text prefilter for raw event lines: from a query, the literals an event's JSON text must contain for the
 * event to be able to match any stage. A line that cannot match is skipped before JSON.parse, which is most of
 * the cost of reading event files.
 *
 * Sound by construction: a requirement is derived only where the matching value must appear verbatim in the
 * JSON text — an `==`, `:`, `like` or `in` between a string-typed (or unmapped) field and plain ASCII string
 * literals without JSON-escapable characters — and only from positive `and`/`or` structure (never under `not`).
 * Lines holding `\u` escapes bypass the filter, since an escape could spell any literal.
 */
import type { EventQuery, Expr, Field, Literal, Query } from '../eql/ast.js';
import { assertNever } from '../eql/ast.js';
import { isStringType, type Schema } from '../eql/schema.js';

/** One of these literals must occur; `caseInsensitive` compares ASCII letters without case. */
interface AnyOf {
  literals: string[];
  caseInsensitive: boolean;
}

/** All groups must hold (AND of ORs). An empty list means no requirement. */
type Requirement = AnyOf[];

export interface PrefilterOptions {
  schema?: Schema;
  eventCategoryField?: string;
}

/** Returns a line test, or null when the query gives no usable requirement (every line must be parsed). */
export function buildTextPrefilter(
  query: Query,
  opts: PrefilterOptions = {},
): ((line: string) => boolean) | null {
  const stages = eventQueriesOf(query);
  const tests: Array<(line: string) => boolean> = [];
  for (const q of stages) {
    const req = requirementOfEventQuery(q, opts);
    if (req.length === 0) return null; // some stage accepts lines without any known literal
    tests.push(compileRequirement(req));
  }
  if (tests.length === 0) return null;
  return (line) => {
    if (line.includes('\\u')) return true;
    for (const t of tests) if (t(line)) return true;
    return false;
  };
}

function eventQueriesOf(query: Query): EventQuery[] {
  switch (query.type) {
    case 'event':
      return [query];
    case 'sequence':
      return [...query.stages.map((s) => s.query), ...(query.until ? [query.until.query] : [])];
    case 'sample':
      return query.stages.map((s) => s.query);
    default:
      return assertNever(query, 'query');
  }
}

function requirementOfEventQuery(q: EventQuery, opts: PrefilterOptions): Requirement {
  const req = requirementOf(q.condition, opts);
  if (
    q.category !== null &&
    safeLiteral(q.category) &&
    stringField(opts.eventCategoryField ?? 'event.category', opts)
  )
    req.push({ literals: [q.category], caseInsensitive: false });
  return req;
}

function requirementOf(e: Expr, opts: PrefilterOptions): Requirement {
  switch (e.type) {
    case 'logical': {
      const l = requirementOf(e.left, opts);
      const r = requirementOf(e.right, opts);
      if (e.op === 'and') return [...l, ...r];
      if (l.length === 0 || r.length === 0) return [];
      // (A1 and A2) or (B1 and B2) implies (A1 or B1): keep one group of each side, merged.
      const a = mostSelective(l);
      const b = mostSelective(r);
      return [
        { literals: [...a.literals, ...b.literals], caseInsensitive: a.caseInsensitive || b.caseInsensitive },
      ];
    }
    case 'comparison': {
      if (e.op !== '==') return [];
      const pair = fieldAndLiteral(e.left, e.right) ?? fieldAndLiteral(e.right, e.left);
      if (!pair || !stringField(pair.field.name, opts)) return [];
      const lit = pair.literal.value;
      return typeof lit === 'string' && safeLiteral(lit) ? [{ literals: [lit], caseInsensitive: false }] : [];
    }
    case 'pattern': {
      if (e.op === 'regex' || e.left.type !== 'field' || !stringField(e.left.name, opts)) return [];
      const ci = e.op === ':' || e.caseInsensitive;
      const literals: string[] = [];
      for (const p of e.patterns) {
        if (p.type !== 'literal' || typeof p.value !== 'string') return [];
        const frag = longestFragment(p.value);
        if (!frag) return [];
        literals.push(frag);
      }
      return [{ literals, caseInsensitive: ci }];
    }
    case 'in': {
      if (e.negated || e.left.type !== 'field' || !stringField(e.left.name, opts)) return [];
      const literals: string[] = [];
      for (const v of e.values) {
        if (v.type !== 'literal' || typeof v.value !== 'string' || !safeLiteral(v.value)) return [];
        literals.push(v.value);
      }
      return [{ literals, caseInsensitive: e.caseInsensitive }];
    }
    case 'literal':
    case 'field':
    case 'not':
    case 'arithmetic':
    case 'negate':
    case 'call':
      return [];
    default:
      return assertNever(e, 'expression');
  }
}

function fieldAndLiteral(a: Expr, b: Expr): { field: Field; literal: Literal } | null {
  return a.type === 'field' && b.type === 'literal' ? { field: a, literal: b } : null;
}

/** Unmapped fields are read as they stand in JSON; mapped ones only when string-typed (no date/ip rewriting). */
function stringField(name: string, opts: PrefilterOptions): boolean {
  if (!opts.schema) return true;
  const info = opts.schema.resolve(name);
  if (!info) return !opts.schema.has(name);
  return isStringType(info.type) && info.nullValue === undefined;
}

/** Printable ASCII that JSON never needs to escape (no quote, backslash or slash). */
function safeLiteral(s: string): boolean {
  return s.length > 0 && /^[\x20-\x7e]+$/.test(s) && !/["\\/]/.test(s);
}

/** The longest run between `*`/`?` wildcards, when it is a safe literal. */
function longestFragment(pattern: string): string | null {
  let best = '';
  for (const part of pattern.split(/[*?]/)) if (part.length > best.length) best = part;
  return safeLiteral(best) ? best : null;
}

function mostSelective(req: Requirement): AnyOf {
  let best = req[0]!;
  const score = (g: AnyOf) => Math.min(...g.literals.map((l) => l.length)) - g.literals.length;
  for (const g of req) if (score(g) > score(best)) best = g;
  return best;
}

function compileRequirement(req: Requirement): (line: string) => boolean {
  const tests = req.map(compileAnyOf);
  return (line) => {
    for (const t of tests) if (!t(line)) return false;
    return true;
  };
}

const NON_ASCII = /[^\t\n\r\x20-\x7e]/;

function compileAnyOf(g: AnyOf): (line: string) => boolean {
  if (!g.caseInsensitive) {
    const lits = g.literals;
    return (line) => {
      for (const l of lits) if (line.includes(l)) return true;
      return false;
    };
  }
  const re = new RegExp(g.literals.map((l) => l.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'), 'i');
  // Java's lower-casing maps a few non-ASCII letters onto ASCII ones (the Kelvin sign to k): such lines pass.
  return (line) => re.test(line) || NON_ASCII.test(line);
}
