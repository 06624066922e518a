/**
 * A rule's exception items as the Query DSL Kibana's lists plugin builds for them (`buildExceptionFilter`): each
 * item is the AND of its entries, the items are an OR, and the whole goes under the search's `must_not`. The
 * clauses keep Kibana's shapes (a `match` is a one-clause `should` of `match_phrase`, `excluded` wraps a clause in
 * `must_not`) so that a cluster answers exactly as it answers Kibana's rule. Items Kibana would not apply here are
 * left out and named: expired ones silently (Kibana drops them too), value lists and malformed items in `skipped`.
 * The items' OR is one flat `should`, as the lists plugin's current buildExceptionFilter writes it: its chunks of 10
 * only pace the value-list look-ups (older versions nested chunks of 10 in `should`s, which matches the same).
 */
import type { Query } from '../translate/dsl.js';
import type { ExceptionEntry, ExceptionItem, NestedEntry } from './items.js';

export interface ExceptionsQuery {
  /** The query whose matches are excluded (`bool.should` of the items), or null when no item applies. */
  mustNot: Query | null;
  /** Names of the items not applied (a value list, an entry Kibana has no clause for), for a warning. */
  skipped: string[];
  /** Why each skipped item is skipped, in the order of `skipped`. */
  reasons: string[];
  /** Each applied item's clauses (two per OS with `os_types`), whose OR is `mustNot`. */
  applied: Array<{ name: string; clauses: Query[] }>;
}

/** Kibana's `removeExpiredExceptions`: an item whose `expire_time` lies before the run's start no longer applies. */
export function isExpired(item: ExceptionItem, now: Date): boolean {
  return item.expire_time !== undefined && new Date(item.expire_time).getTime() < now.getTime();
}

export function exceptionsQuery(items: readonly ExceptionItem[], opts: { now: Date }): ExceptionsQuery {
  const should: Query[] = [];
  const skipped: string[] = [];
  const reasons: string[] = [];
  const applied: ExceptionsQuery['applied'] = [];
  for (const item of items) {
    if (isExpired(item, opts.now)) continue;
    const built = itemClauses(item);
    if (typeof built === 'string') {
      skipped.push(item.name);
      reasons.push(built);
    } else {
      should.push(...built);
      applied.push({ name: item.name, clauses: built });
    }
  }
  return { mustNot: should.length > 0 ? { bool: { should } } : null, skipped, reasons, applied };
}

/** The item's OR-clauses (one, or two per OS with `os_types`), or why it cannot be applied. */
function itemClauses(item: ExceptionItem): Query[] | string {
  const entries = Array.isArray(item.entries) ? item.entries : [];
  if (entries.length === 0) return 'it has no entries';
  const osTypes = item.os_types ?? [];
  if (osTypes.length > 0) {
    // Kibana's transformOsType: the OS on either of the two fields agents write it to, ANDed with the entries
    const variants: ExceptionEntry[][] = [];
    for (const osField of ['host.os.type', 'host.os.name.caseless'])
      for (const os of osTypes)
        variants.push([{ type: 'match', field: osField, operator: 'included', value: os }, ...entries]);
    const out: Query[] = [];
    for (const v of variants) {
      const clauses = entryClauses(v);
      if (typeof clauses === 'string') return clauses;
      out.push({ bool: { filter: clauses } });
    }
    return out;
  }
  const clauses = entryClauses(entries);
  if (typeof clauses === 'string') return clauses;
  return clauses.length === 1 ? clauses : [{ bool: { filter: clauses } }];
}

function entryClauses(entries: readonly ExceptionEntry[]): Query[] | string {
  const out: Query[] = [];
  for (const e of entries) {
    const q = entryClause(e, undefined);
    if (typeof q === 'string') return q;
    out.push(q);
  }
  return out;
}

/** One entry's clause; `parent` is the path of the `nested` entry it belongs to (its field is relative). */
function entryClause(entry: ExceptionEntry, parent: string | undefined): Query | string {
  const e = entry as Partial<ExceptionEntry> & { type?: unknown; field?: unknown };
  if (typeof e.field !== 'string' || e.field === '') return `an entry has no field`;
  const field = parent !== undefined ? `${parent}.${e.field}` : e.field;
  const excluded = (entry as { operator?: string }).operator === 'excluded';
  const wrap = (q: Query): Query => (excluded ? { bool: { must_not: q } } : q);
  switch (e.type) {
    case 'match': {
      const value = (entry as { value?: unknown }).value;
      if (typeof value !== 'string') return `the match entry on ${field} has no string value`;
      return wrap(phraseShould([value], field));
    }
    case 'match_any': {
      const values = (entry as { value?: unknown }).value;
      if (!Array.isArray(values) || values.length === 0 || !values.every((v) => typeof v === 'string'))
        return `the match_any entry on ${field} has no list of string values`;
      if (values.length === 1) return wrap(phraseShould(values as string[], field));
      const should = (values as string[]).map((v) => phraseShould([v], field));
      return wrap({ bool: { minimum_should_match: 1, should } });
    }
    case 'exists':
      return wrap({ bool: { minimum_should_match: 1, should: [{ exists: { field } }] } });
    case 'wildcard': {
      const value = (entry as { value?: unknown }).value;
      if (typeof value !== 'string') return `the wildcard entry on ${field} has no string value`;
      return wrap({ bool: { filter: { wildcard: { [field]: value } } } });
    }
    case 'list': {
      const list = (entry as { list?: { id?: unknown } }).list;
      const id = typeof list?.id === 'string' ? ` "${list.id}"` : '';
      return `its entry on ${field} uses the value list${id}, which rule-runner cannot read (Kibana's lists indices)`;
    }
    case 'nested':
      if (parent !== undefined) return `a nested entry on ${field} sits inside another nested entry`;
      return nestedClause(entry as NestedEntry);
    default:
      return `its entry on ${field} has the type ${JSON.stringify(e.type)}, which exception items do not have`;
  }
}

function phraseShould(values: string[], field: string): Query {
  return { bool: { minimum_should_match: 1, should: [{ match_phrase: { [field]: values[0] } }] } };
}

function nestedClause(entry: NestedEntry): Query | string {
  const subs = Array.isArray(entry.entries) ? entry.entries : [];
  if (subs.length === 0) return `the nested entry on ${entry.field} has no entries`;
  const inner: Query[] = [];
  for (const sub of subs) {
    const q = entryClause(sub, entry.field);
    if (typeof q === 'string') return q;
    inner.push(q);
  }
  const query = inner.length === 1 ? inner[0]! : { bool: { filter: inner } };
  return { nested: { path: entry.field, query, score_mode: 'none' } };
}
