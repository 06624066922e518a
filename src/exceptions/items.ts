/**
 * Kibana's exception items as a rule-runner run applies them (the lists plugin's `entries`): each item is an AND of
 * its entries, a rule's items are an OR, and an event any item matches is excluded before correlation
 * (../shared/reference/kibana-detection-engine.md §1 and §7). Rules load them (src/rules); to-dsl.ts turns them into
 * a cluster's `must_not`, matches.ts into the same test on an event's `_source` for runs over files.
 */

export type EntryOperator = 'included' | 'excluded';

export interface MatchEntry {
  type: 'match';
  field: string;
  operator: EntryOperator;
  value: string;
}

export interface MatchAnyEntry {
  type: 'match_any';
  field: string;
  operator: EntryOperator;
  value: string[];
}

export interface ExistsEntry {
  type: 'exists';
  field: string;
  operator: EntryOperator;
}

export interface WildcardEntry {
  type: 'wildcard';
  field: string;
  operator: EntryOperator;
  value: string;
}

/** A value list (`list`): applied by Kibana from its lists indices, which rule-runner cannot read: a warning. */
export interface ListEntry {
  type: 'list';
  field: string;
  operator: EntryOperator;
  list: { id: string; type: string };
}

/** Entries on the objects of a `nested` field, all on the same object. */
export interface NestedEntry {
  type: 'nested';
  field: string;
  entries: Array<MatchEntry | MatchAnyEntry | ExistsEntry>;
}

export type ExceptionEntry =
  MatchEntry | MatchAnyEntry | ExistsEntry | WildcardEntry | ListEntry | NestedEntry;

export interface ExceptionItem {
  item_id: string;
  list_id: string;
  name: string;
  /** `simple` (rule default list) or `detection`/`rule_default`; endpoint items are Defend's, not a rule's. */
  type?: string;
  namespace_type?: 'single' | 'agnostic';
  os_types?: string[];
  /** ISO date after which Kibana no longer applies the item. */
  expire_time?: string;
  entries: ExceptionEntry[];
}
