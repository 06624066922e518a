/**
 * What a query requires of a line's text: per stage, groups of literals (AND of ORs) derived from its positive
 * `==`, `:`, `like` and `in` comparisons of string fields with literals, in substring and keyed forms.
 */
import type { EventQuery, Expr, Field, Literal, Query } from '../eql/syntax/ast.js';
import { assertNever } from '../eql/syntax/ast.js';
import { isStringType, type Schema } from '../mapping/schema.js';
import type { AnchoredKeyed } from './anchored-finder.js';
import { mayBeBare, safeLiteral, verbatim } from './json-text.js';
import { valueRegex } from './value-regex.js';

/**
 * One of these literals must occur; `caseInsensitive` compares ASCII letters without case. When `keyed` is set,
 * the stronger form holds too: one of the values stands as a JSON string right after the field's key. A group
 * without `literals` has only the keyed form (its literals need not stand in the text as written).
 */
export interface AnyOf {
  literals?: string[];
  caseInsensitive: boolean;
  keyed?: Keyed;
}

/** A field's last key and the regex sources of the JSON string contents its value may have (case is the group's). */
export type Keyed = Omit<AnchoredKeyed, 'caseInsensitive'>;

/** All groups must hold (AND of ORs). An empty list means no requirement. */
export type Requirement = AnyOf[];

export interface PrefilterOptions {
  schema?: Schema;
  eventCategoryField?: string;
}

export function groupKey(g: AnyOf): string {
  if (g.keyed)
    return `k${g.keyed.bare ? 'b' : ''}:${g.keyed.key}:${[...g.keyed.values].sort().join('\u0000')}`;
  return `${g.caseInsensitive ? 'i' : 's'}:${[...g.literals!].sort().join('\u0000')}`;
}

export function eventQueriesOf(query: Query): EventQuery[] {
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

export function requirementOfEventQuery(q: EventQuery, opts: PrefilterOptions): Requirement {
  const req = requirementOf(q.condition, opts);
  const categoryField = opts.eventCategoryField ?? 'event.category';
  if (q.category !== null && stringField(categoryField, opts))
    req.push(group([q.category], [q.category], false, false, categoryField, false, opts));
  return req;
}

/**
 * The group for a field compared with `patterns` (wildcard patterns when `wildcards`), whose values must contain
 * one of `fragments`: the substring form when they stand in the text as written, the keyed form when it holds.
 */
function group(
  fragments: Array<string | null>,
  patterns: string[],
  wildcards: boolean,
  ci: boolean,
  fieldName: string,
  indexed: boolean,
  opts: PrefilterOptions,
): AnyOf {
  const literals = fragments.every((f): f is string => f !== null && verbatim(f, ci))
    ? (fragments as string[])
    : undefined;
  const g: AnyOf = { caseInsensitive: ci, ...(literals ? { literals } : {}) };
  return indexed ? g : keyedGroup(g, fieldName, patterns, wildcards, opts);
}

/**
 * Adds the keyed form to a group when it is sound: a plain field (no array index) whose last key holds no
 * character JSON escapes, and values (exact strings or wildcard patterns) that JSON writes verbatim; where a bare
 * number or boolean could match, the value may also stand bare.
 */
function keyedGroup(
  g: AnyOf,
  fieldName: string,
  patterns: string[],
  wildcards: boolean,
  opts: PrefilterOptions,
): AnyOf {
  const target = opts.schema?.aliasTarget(fieldName) ?? fieldName;
  // A multi-field (`name.keyword`) has two keys: Elasticsearch indexes the parent's value (`"name":v`), the offline
  // evaluator reads the sub-field's own path (`"name":{"keyword":v}`, `"name.keyword":v`). One key cannot hold both.
  const parent = opts.schema?.resolve(target.slice(0, Math.max(0, target.lastIndexOf('.'))));
  if (parent && parent.type !== 'object' && parent.type !== 'nested') return g;
  const key = target.slice(target.lastIndexOf('.') + 1);
  if (!key || !safeLiteral(key)) return g;
  const values: string[] = [];
  for (const p of patterns) {
    if (!safeLiteral(p)) return g;
    values.push(valueRegex(p, wildcards, g.caseInsensitive));
  }
  const bare = patterns.some((p) => mayBeBare(p, wildcards, g.caseInsensitive));
  // a bare value has neither a quote to anchor on nor a known first character
  const plain = !bare && (!wildcards || patterns.every((p) => !/[*?]/.test(p)));
  const leads = bare ? undefined : leadsOf(patterns, wildcards, g.caseInsensitive);
  return {
    ...g,
    keyed: {
      key,
      values,
      ...(plain ? { plain: [...patterns] } : {}),
      ...(leads ? { leads } : {}),
      ...(bare ? { bare } : {}),
    },
  };
}

function leadsOf(patterns: string[], wildcards: boolean, ci: boolean): string | undefined {
  let leads = '';
  for (const p of patterns) {
    const ch = p[0]!;
    if (wildcards && (ch === '*' || ch === '?')) return undefined;
    leads += ci ? ch.toLowerCase() + ch.toUpperCase() : ch;
  }
  return leads;
}

function requirementOf(e: Expr, opts: PrefilterOptions): Requirement {
  switch (e.type) {
    case 'logical': {
      const l = requirementOf(e.left, opts);
      const r = requirementOf(e.right, opts);
      if (e.op === 'and') return [...l, ...r];
      // (A1 and A2) or (B1 and B2) implies (A1 or B1): keep one group of each side, merged.
      const a = mostSelective(l);
      const b = mostSelective(r);
      if (!a || !b) return [];
      // the merged group keeps only the substring form: the two sides may name different keys
      return [
        {
          literals: [...a.literals!, ...b.literals!],
          caseInsensitive: a.caseInsensitive || b.caseInsensitive,
        },
      ];
    }
    case 'comparison': {
      if (e.op !== '==') return [];
      const pair = fieldAndLiteral(e.left, e.right) ?? fieldAndLiteral(e.right, e.left);
      if (!pair || !stringField(pair.field.name, opts)) return [];
      const lit = pair.literal.value;
      if (typeof lit !== 'string') return [];
      return [group([lit], [lit], false, false, pair.field.name, pair.field.indexes.length > 0, opts)];
    }
    case 'pattern': {
      if (e.op === 'regex' || e.left.type !== 'field' || !stringField(e.left.name, opts)) return [];
      const ci = e.op === ':' || e.caseInsensitive;
      const patterns: string[] = [];
      for (const p of e.patterns) {
        if (p.type !== 'literal' || typeof p.value !== 'string') return [];
        patterns.push(p.value);
      }
      const fragments = patterns.map((p) => longestFragment(p, ci));
      return [group(fragments, patterns, true, ci, e.left.name, e.left.indexes.length > 0, opts)];
    }
    case 'in': {
      if (e.negated || e.left.type !== 'field' || !stringField(e.left.name, opts)) return [];
      const values: string[] = [];
      for (const v of e.values) {
        if (v.type !== 'literal' || typeof v.value !== 'string') return [];
        values.push(v.value);
      }
      const ci = e.caseInsensitive;
      return [group(values, values, false, ci, e.left.name, e.left.indexes.length > 0, opts)];
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
  // a constant_keyword's value holds for documents that do not mention it
  return isStringType(info.type) && info.nullValue === undefined && info.constantValue === undefined;
}

/** The longest run between `*`/`?` wildcards that stands in the text as written (every run is in the value). */
function longestFragment(pattern: string, ci: boolean): string | null {
  let best: string | null = null;
  for (const part of pattern.split(/[*?]/))
    if (part.length > (best?.length ?? 0) && verbatim(part, ci)) best = part;
  return best;
}

/** The group with the longest literals, among those with a substring form (null when none has one). */
function mostSelective(req: Requirement): AnyOf | null {
  let best: AnyOf | null = null;
  const score = (g: AnyOf) => Math.min(...g.literals!.map((l) => l.length)) - g.literals!.length;
  for (const g of req) if (g.literals && (!best || score(g) > score(best))) best = g;
  return best;
}

/**
 * Groups with a literal of one or two characters (`sh`) match nearly every line and cost a search each time:
 * they are left out. Dropping a group only lets more lines through, so the filter stays sound.
 */
const MIN_LITERAL = 3;

export function usefulGroups(req: Requirement): Requirement {
  return dedupe(req.filter((g) => g.keyed || g.literals?.every((l) => l.length >= MIN_LITERAL)));
}

function dedupe(req: Requirement): Requirement {
  const seen = new Set<string>();
  return req.filter((g) => {
    const key = groupKey(g);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
