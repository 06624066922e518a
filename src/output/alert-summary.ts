/**
 * Alert documents (Kibana's schema, as alert building writes them: src/alerts) as a few lines for a person: per
 * rule, one line per alert group (a single-event alert, or a sequence's shell with its building blocks) with the
 * time of its first and last event, the host, the process chain (parent → child → …) and the alert's short id.
 *
 * Pure. Documents may come in any order (a store's read, a dry run's output); a sequence's building blocks are
 * joined to their shell by `kibana.alert.group.id`. Every value shown comes from events, so control characters are
 * shown as escapes (a host name cannot drive the terminal).
 */
import { visibleText } from '../errors.js';

/** An alert as written: `_id` and `_source` (src/alerts/types.ts AlertDoc, by shape). */
export interface AlertDocLike {
  _id: string;
  _source: Record<string, unknown>;
}

export interface AlertSummary {
  rule: string;
  severity: string;
  /** The shell's id for a sequence, the alert's own otherwise. */
  alertId: string;
  kind: 'event' | 'sequence';
  hosts: string[];
  users: string[];
  /** Process names from the first event's parent on; '…' between processes not parent and child. */
  chain: string[];
  /** `kibana.alert.original_time` of the earliest and latest event ('' when none has one). */
  firstTime: string;
  lastTime: string;
}

/** The characters of an alert id shown. */
export const SHORT_ID = 8;

/**
 * lodash-like `get` over an alert body, which mixes dotted keys (`kibana.alert.uuid`) and nested objects
 * (`host.name`): the longest dotted key present at each level wins.
 */
function field(obj: unknown, path: string): unknown {
  if (obj === null || typeof obj !== 'object' || Array.isArray(obj)) return undefined;
  const o = obj as Record<string, unknown>;
  if (Object.hasOwn(o, path)) return o[path];
  const parts = path.split('.');
  for (let i = parts.length - 1; i > 0; i--) {
    const head = parts.slice(0, i).join('.');
    if (Object.hasOwn(o, head)) return field(o[head], parts.slice(i).join('.'));
  }
  return undefined;
}

/** A keyword as one string: the first string of an array (ECS keywords may be arrays). */
function text(v: unknown): string | undefined {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) return v.map(text).find((s) => s !== undefined);
  return undefined;
}

function str(src: Record<string, unknown>, path: string): string | undefined {
  const s = text(field(src, path));
  return s === undefined ? undefined : visibleText(s);
}

interface Group {
  head: AlertDocLike;
  blocks: AlertDocLike[];
}

/** Shells with their blocks (in `kibana.alert.group.index` order), and single alerts; in input order of heads. */
function groupsOf(docs: readonly AlertDocLike[]): Group[] {
  const groups = new Map<string, Group>();
  const orphans = new Map<string, AlertDocLike[]>();
  const order: Group[] = [];
  for (const d of docs) {
    const groupId = text(field(d._source, 'kibana.alert.group.id'));
    const isBlock = field(d._source, 'kibana.alert.building_block_type') !== undefined;
    if (groupId !== undefined && isBlock) {
      const g = groups.get(groupId);
      if (g) g.blocks.push(d);
      else orphans.set(groupId, [...(orphans.get(groupId) ?? []), d]);
      continue;
    }
    const g: Group = { head: d, blocks: [] };
    order.push(g);
    if (groupId !== undefined) {
      g.blocks.push(...(orphans.get(groupId) ?? []));
      orphans.delete(groupId);
      groups.set(groupId, g);
    }
  }
  // blocks whose shell is not among the documents still say what happened: grouped by their group id
  for (const [, blocks] of orphans) order.push({ head: blocks[0]!, blocks });
  for (const g of order)
    g.blocks.sort(
      (a, b) =>
        Number(field(a._source, 'kibana.alert.group.index') ?? 0) -
        Number(field(b._source, 'kibana.alert.group.index') ?? 0),
    );
  return order;
}

/** Process names along the events: a child joins its parent's chain, an unrelated process starts after '…'. */
function processChain(events: readonly Record<string, unknown>[]): string[] {
  const chain: string[] = [];
  let lastEntity: string | undefined;
  for (const e of events) {
    const name = str(e, 'process.name');
    if (name === undefined) continue;
    const entity = str(e, 'process.entity_id');
    const parentEntity = str(e, 'process.parent.entity_id');
    const parentName = str(e, 'process.parent.name');
    const sameAsLast = entity !== undefined && entity === lastEntity;
    if (sameAsLast) continue;
    const childOfLast = parentEntity !== undefined && parentEntity === lastEntity;
    if (!childOfLast) {
      if (chain.length > 0) chain.push('…');
      if (parentName !== undefined) chain.push(parentName);
    }
    chain.push(name);
    lastEntity = entity;
  }
  return chain;
}

function distinct(values: (string | undefined)[]): string[] {
  return [...new Set(values.filter((v): v is string => v !== undefined))];
}

/** One summary per alert group, in the order of their first event (then id). */
export function summarizeAlerts(docs: readonly AlertDocLike[]): AlertSummary[] {
  const out = groupsOf(docs).map((g): AlertSummary => {
    const events = g.blocks.length > 0 ? g.blocks.map((b) => b._source) : [g.head._source];
    const times = distinct(events.map((e) => str(e, 'kibana.alert.original_time'))).sort();
    const src = g.head._source;
    return {
      rule: str(src, 'kibana.alert.rule.name') ?? '(unnamed rule)',
      severity: str(src, 'kibana.alert.severity') ?? '',
      alertId: visibleText(
        g.blocks.length > 0 && g.head === g.blocks[0]
          ? (text(field(src, 'kibana.alert.group.id')) ?? g.head._id)
          : g.head._id,
      ),
      kind: g.blocks.length > 0 ? 'sequence' : 'event',
      hosts: distinct(events.map((e) => str(e, 'host.name') ?? str(e, 'host.id'))),
      users: distinct(events.map((e) => str(e, 'user.name'))),
      chain: processChain(events),
      firstTime: times[0] ?? '',
      lastTime: times.at(-1) ?? '',
    };
  });
  return out.sort((a, b) =>
    a.firstTime !== b.firstTime ? (a.firstTime < b.firstTime ? -1 : 1) : a.alertId < b.alertId ? -1 : 1,
  );
}

/** `last` shortened to its time of day when it is the same day as `first`. */
function timeRange(first: string, last: string): string {
  if (first === '') return '(no event time)';
  if (last === first) return first;
  return `${first} .. ${last.slice(0, 10) === first.slice(0, 10) ? last.slice(11) : last}`;
}

/**
 * The summary as lines: a heading per rule (`name (severity): N alerts`), then one indented line per alert group:
 * `time range  host  user  chain  alert <short id>`.
 */
export function formatAlertSummary(docs: readonly AlertDocLike[]): string[] {
  const summaries = summarizeAlerts(docs);
  if (summaries.length === 0) return ['no alerts'];
  const byRule = new Map<string, AlertSummary[]>();
  for (const s of summaries) byRule.set(s.rule, [...(byRule.get(s.rule) ?? []), s]);
  const lines: string[] = [];
  for (const [rule, list] of byRule) {
    const severity = distinct(list.map((s) => s.severity || undefined)).join('/');
    lines.push(
      `${rule}${severity ? ` (${severity})` : ''}: ${list.length} ${list.length === 1 ? 'alert' : 'alerts'}`,
    );
    for (const s of list) {
      const parts = [
        timeRange(s.firstTime, s.lastTime),
        s.hosts.length > 0 ? `host ${s.hosts.join(', ')}` : 'no host',
        ...(s.users.length > 0 ? [`user ${s.users.join(', ')}`] : []),
        ...(s.chain.length > 0 ? [s.chain.join(' → ').replaceAll('→ … →', '…')] : []),
        `alert ${s.alertId.slice(0, SHORT_ID)}`,
      ];
      lines.push('  ' + parts.join('  '));
    }
  }
  return lines;
}
