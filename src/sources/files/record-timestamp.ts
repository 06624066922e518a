/**
 * A record's timestamp read from its text, without parsing it, where the text leaves no doubt. After a consumer's
 * cutoff (see read-cutoff.ts) the rest of the input is read only to find an event sorting before it; in time-ordered
 * exports nearly every record shows by its first key alone that it sorts after, and JSON.parse is skipped for it.
 */
import { makeOrdinal, type OrdinalOptions } from '../../engine/ordinal.js';
import type { Ordinal } from '../../engine/event.js';

/** Field names whose JSON key has one spelling without `\u` escapes. */
const PLAIN_KEY = /^[\w@.-]+$/;

/**
 * Reads [epoch ms, nanos] as makeOrdinal would from the parsed record, or null when in doubt. The record must be an
 * object whose first key is the timestamp field, holding a string without escapes, and the key must appear nowhere
 * else (JSON.parse keeps the last of duplicate keys). Nor may the text hold a `\u` escape (which could spell
 * the key) or a `_source` key: without one the record is no Elasticsearch hit, and if it is a response it holds
 * no event at all (see response-hits.ts), so the event is the record itself. Searches are for the keys' ends
 * (`@timestamp"`): a quote, which JSON is full of, is the slowest character to start one from.
 */
export function recordTimestampReader(opts: OrdinalOptions): ((text: string) => Ordinal | null) | null {
  const field = opts.timestampField ?? '@timestamp';
  const target = opts.schema?.aliasTarget(field) ?? field;
  if (!PLAIN_KEY.test(target)) return null;
  const key = `"${target}"`;
  const keyEnd = `${target}"`;
  const ordinalOpts: OrdinalOptions = { ...opts, tiebreakerField: null, timestampOptional: false };
  return (text) => {
    if (text.charCodeAt(0) !== OPEN) return null;
    // `{"@timestamp":"` as JSON.stringify writes it, or with blanks as Python's json.dumps and others do
    let i = blanks(text, 1);
    if (!text.startsWith(key, i)) return null;
    i = blanks(text, i + key.length);
    if (text.charCodeAt(i) !== COLON) return null;
    i = blanks(text, i + 1);
    if (text.charCodeAt(i) !== QUOTE) return null;
    const end = text.indexOf('"', i + 1);
    if (end < 0) return null;
    const value = text.slice(i + 1, end);
    if (value.indexOf('\\') >= 0) return null;
    if (text.indexOf(keyEnd, end) >= 0 || text.indexOf('\\u') >= 0 || text.indexOf('_source"') >= 0)
      return null;
    return makeOrdinal({ [target]: value }, 0, ordinalOpts);
  };
}

const OPEN = 0x7b;
const COLON = 0x3a;
const QUOTE = 0x22;

/** The index of the first character from `i` that is not JSON whitespace. */
function blanks(text: string, i: number): number {
  for (;;) {
    const c = text.charCodeAt(i);
    if (c !== 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) return i;
    i++;
  }
}
