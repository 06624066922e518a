/**
 * Exception lists and their items as Kibana exports them (the lists plugin's exception_list_item_entry and
 * exception list schemas), validated before a rule is given them: an item that would not reach Kibana's executor
 * must not reach ours. The contract the run applies is src/exceptions/items.ts; these schemas parse into it.
 */
import { z } from 'zod';
import type { ExceptionItem } from '../exceptions/items.js';
import { parseIsoDateTime } from '../mapping/iso-date.js';
import { NAMESPACE_TYPES, nonEmptyString } from './rule-parts.js';

const operator = z.enum(['included', 'excluded']);
const field = () => nonEmptyString('a field name');

const match = z.object({ type: z.literal('match'), field: field(), operator, value: nonEmptyString() });
const matchAny = z.object({
  type: z.literal('match_any'),
  field: field(),
  operator,
  value: z.array(nonEmptyString()).min(1),
});
const exists = z.object({ type: z.literal('exists'), field: field(), operator });
const wildcard = z.object({
  type: z.literal('wildcard'),
  field: field(),
  operator,
  value: nonEmptyString(),
});
/** The field types a value list holds (the lists plugin's ListType). */
const LIST_TYPES = [
  ...['binary', 'boolean', 'byte', 'date', 'date_nanos', 'date_range', 'double', 'double_range', 'float'],
  ...['float_range', 'geo_point', 'geo_shape', 'half_float', 'integer', 'integer_range', 'ip', 'ip_range'],
  ...['keyword', 'long', 'long_range', 'shape', 'short', 'text'],
] as const;

/** A value list: its values live in Kibana's lists indices (`list.type` is the values' field type). */
const list = z.object({
  type: z.literal('list'),
  field: field(),
  operator,
  list: z.object({ id: nonEmptyString(), type: z.enum(LIST_TYPES) }),
});
const nested = z.object({
  type: z.literal('nested'),
  field: field(),
  entries: z.array(z.discriminatedUnion('type', [match, matchAny, exists])).min(1),
});

const entrySchema = z.discriminatedUnion('type', [match, matchAny, exists, wildcard, list, nested]);

/** `expire_time`: an ISO date-time, as Kibana's schema has it (`2026-01-01T00:00:00.000Z`). */
const isoDateTime = z
  .string()
  .refine((s) => parseIsoDateTime(s) !== null, 'must be an ISO date-time such as 2026-01-01T00:00:00Z');

export const exceptionItemSchema = z.object({
  item_id: nonEmptyString(),
  list_id: nonEmptyString(),
  name: nonEmptyString(),
  type: z.literal('simple').optional(),
  namespace_type: z.enum(NAMESPACE_TYPES).default('single'),
  os_types: z.array(z.enum(['linux', 'macos', 'windows'])).optional(),
  expire_time: isoDateTime.optional(),
  entries: z.array(entrySchema).min(1, 'an item needs at least one entry'),
});

/** An exception list's own document (its "container"): what a rule's `exceptions_list` names. */
export const exceptionListSchema = z.object({
  list_id: nonEmptyString(),
  type: nonEmptyString().optional(),
  namespace_type: z.enum(NAMESPACE_TYPES).default('single'),
  name: z.string().optional(),
});

export type ExceptionListDoc = z.infer<typeof exceptionListSchema>;

// the schema's output must be the contract the exceptions module applies
const _fits: (x: z.infer<typeof exceptionItemSchema>) => ExceptionItem = (x) => x;
void _fits;

/** Whether Kibana leaves the item out of a run at `now` (removeExpiredExceptions: expire_time before the start). */
export function isExpired(item: ExceptionItem, now: Date): boolean {
  if (item.expire_time === undefined) return false;
  const t = parseIsoDateTime(item.expire_time);
  return t !== null && t[0] < now.getTime();
}
