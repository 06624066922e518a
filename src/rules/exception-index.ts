/**
 * The exception lists and items found beside the rules (in a rules export, or an exceptions export next to them),
 * and the items each rule gets: those of the lists its `exceptions_list` names, matched as Kibana matches them
 * (`list_id` and `namespace_type`), without the items expired at `now` (Kibana's removeExpiredExceptions: an
 * `expire_time` before the run's start). A list Elastic Defend applies (`endpoint*` types, `endpoint_list`) is
 * left out as Kibana's rule executor leaves it out; a list not found is a warning on the rule, never silence.
 */
import type { ZodError } from 'zod';
import type { ExceptionItem } from '../exceptions/items.js';
import type { RawDocument } from './rule-files.js';
import { exceptionItemSchema, exceptionListSchema, isExpired } from './exception-schema.js';
import type { ExceptionListRef } from './rule-parts.js';
import type { RuleProblem } from './rule-problem.js';
import { fieldIssues } from './schema-issues.js';

const listKey = (namespaceType: string, listId: string) => `${namespaceType}\u0000${listId}`;

/** Whether Elastic Defend, not the rule's search, applies the list (Kibana's getExceptions skips these). */
export function isEndpointList(ref: ExceptionListRef): boolean {
  return ref.type.startsWith('endpoint') || ref.list_id === 'endpoint_list';
}

/**
 * An exception list or item of Elastic Defend's own lists (the agnostic `endpoint_list`, `endpoint_trusted_apps`,
 * `endpoint_event_filters`...): the agent applies them, a rule never does, so they are passed over unread.
 */
function isDefendDocument(v: Record<string, unknown>): boolean {
  if (typeof v.type === 'string' && v.type.startsWith('endpoint')) return true;
  return (
    typeof v.list_id === 'string' && v.list_id.startsWith('endpoint_') && v.namespace_type === 'agnostic'
  );
}

export class ExceptionIndex {
  private readonly lists = new Set<string>();
  private readonly items = new Map<string, ExceptionItem[]>();
  /** Each item's first origin and content, by list and item_id: a second copy is dropped or reported. */
  private readonly seen = new Map<string, { origin: string; json: string }>();
  /** How many of a list's items were malformed (reported as problems; the rules using it are told). */
  private readonly malformed = new Map<string, number>();

  addList(raw: RawDocument): RuleProblem[] {
    if (isDefendDocument(raw.value as Record<string, unknown>)) return [];
    const parsed = exceptionListSchema.safeParse(raw.value);
    if (!parsed.success) return this.problems(raw, parsed.error, 'exception list', 'list_id');
    this.lists.add(listKey(parsed.data.namespace_type, parsed.data.list_id));
    return [];
  }

  addItem(raw: RawDocument): RuleProblem[] {
    if (isDefendDocument(raw.value as Record<string, unknown>)) return [];
    const parsed = exceptionItemSchema.safeParse(raw.value);
    if (!parsed.success) {
      const v = raw.value as Record<string, unknown>;
      if (typeof v.list_id === 'string') {
        const ns = v.namespace_type === 'agnostic' ? 'agnostic' : 'single';
        const key = listKey(ns, v.list_id);
        this.malformed.set(key, (this.malformed.get(key) ?? 0) + 1);
      }
      return this.problems(raw, parsed.error, 'exception item', 'item_id');
    }
    const item = parsed.data;
    const key = listKey(item.namespace_type, item.list_id);
    const itemKey = `${key}\u0000${item.item_id}`;
    const json = JSON.stringify(item);
    const first = this.seen.get(itemKey);
    if (first) {
      // the same list exported with the rules and on its own: one copy is enough
      if (first.json === json) return [];
      return [
        {
          origin: raw.origin,
          code: 'EXCEPTION_DUPLICATE',
          field: 'item_id',
          message: `exception item "${item.item_id}" of list "${item.list_id}" is also at ${first.origin}, with other content: the first is kept`,
        },
      ];
    }
    this.seen.set(itemKey, { origin: raw.origin, json });
    const list = this.items.get(key);
    if (list) list.push(item);
    else this.items.set(key, [item]);
    return [];
  }

  /** The items a rule with these references runs with at `now`, and what the rule must say about them. */
  forRule(refs: ExceptionListRef[], now: Date): { items: ExceptionItem[]; warnings: string[] } {
    const items: ExceptionItem[] = [];
    const warnings: string[] = [];
    const done = new Set<string>();
    for (const ref of refs) {
      const key = listKey(ref.namespace_type, ref.list_id);
      if (isEndpointList(ref) || done.has(key)) continue;
      done.add(key);
      const found = this.items.get(key);
      const bad = this.malformed.get(key);
      if (!found && !bad && !this.lists.has(key)) {
        warnings.push(
          `exception list "${ref.list_id}" (namespace_type ${ref.namespace_type}) is not in the files loaded: ` +
            `its exceptions are not applied`,
        );
        continue;
      }
      for (const item of found ?? []) if (!isExpired(item, now)) items.push(item);
      if (bad)
        warnings.push(
          `exception list "${ref.list_id}": ${bad} malformed item${bad === 1 ? ' is' : 's are'} not applied`,
        );
    }
    return { items, warnings };
  }

  private problems(raw: RawDocument, error: ZodError, what: string, idKey: string): RuleProblem[] {
    const v = raw.value as Record<string, unknown> | null;
    const id = v && typeof v[idKey] === 'string' ? ` "${v[idKey]}"` : '';
    return fieldIssues(error, raw.value, what).map(({ field, message }) => ({
      origin: raw.origin,
      code: 'EXCEPTION_INVALID',
      field,
      message: `${what}${id}: ${message}`,
    }));
  }
}
