/**
 * A record's timestamp read from its text, without parsing it, where the text leaves no doubt. After a consumer's
 * cutoff (see ReadCutoff) the rest of the input is read only to find an event sorting before it; in time-ordered
 * exports nearly every record shows by its first key alone that it sorts after, and JSON.parse is skipped for it.
 */
import { makeOrdinal, type OrdinalOptions } from '../../engine/ordinal.js';
import type { Ordinal } from '../../engine/event.js';
import type { RawRecord } from './json-records.js';
import { objectEnvelope } from './record-verdicts.js';

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

/** The consumer's cutoff, and per file (by position) the records dropped past it unparsed. */
export interface CutoffView {
  readonly after: Ordinal | null;
  readonly unparsedPast: number[];
}

/**
 * The record batches of file `fileNo`, less (once `cutoff.after` is set) the records whose timestamp alone shows
 * that they sort after it: strictly, as an equal instant leaves it to the tiebreaker and input position, which
 * need the parsed record; and only records with the ends of a JSON object (see record-verdicts.ts). Dropped records are counted in `stats.records` (they were read), `stats.drained` and
 * `cutoff.unparsedPast`.
 */
export async function* skipPastCutoff(
  batches: AsyncIterable<RawRecord[]>,
  cutoff: CutoffView,
  fileNo: number,
  timestampOf: ((text: string) => Ordinal | null) | null,
  stats: { records: number; drained: number },
): AsyncGenerator<RawRecord[]> {
  for await (const records of batches) {
    const after = cutoff.after;
    if (after === null || timestampOf === null) {
      yield records;
      continue;
    }
    const kept: RawRecord[] = [];
    for (const r of records) {
      const o = timestampOf(r.text);
      // passed over unparsed, a record is judged as a prefilter's reject is, by its ends: one that fails them is
      // kept, parsed and counted invalid, so an early stop never changes which records a run calls invalid
      if (
        o !== null &&
        objectEnvelope(r.text, 0, r.text.length) &&
        (o.ts > after.ts || (o.ts === after.ts && o.nanos > after.nanos))
      )
        continue;
      kept.push(r);
    }
    const dropped = records.length - kept.length;
    stats.records += dropped;
    stats.drained += dropped;
    cutoff.unparsedPast[fileNo] = (cutoff.unparsedPast[fileNo] ?? 0) + dropped;
    yield kept;
  }
}
