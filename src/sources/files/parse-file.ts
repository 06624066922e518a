/**
 * One file's records made events: the prefilter's and the verdicts' work per record, Elasticsearch hits and
 * responses unwrapped, each event's ordinal, and the drops (too deep, no timestamp, out of range, unwanted).
 */
import { UserError } from '../../errors.js';
import type { Schema } from '../../mapping/schema.js';
import { makeOrdinal, type OrdinalOptions } from '../../engine/ordinal.js';
import type { EngineEvent } from '../../engine/event.js';
import { eventDepthProblem, mayHoldTooDeepEvent } from './event-depth.js';
import type { EventFileOptions } from './event-file-options.js';
import type { EventFileStats } from './event-file-stats.js';
import { indexNameOf } from './event-files.js';
import { readJsonRecordBatches } from './json-records.js';
import { skipPastCutoff } from './read-cutoff.js';
import { recordVerdicts } from './record-verdicts.js';
import { recordTimestampReader } from './record-timestamp.js';
import { responseHits } from './response-hits.js';

/** Room for a file's record numbers in the global input position (`seq`). */
const SEQ_PER_FILE = 1e10;

/** Parses one file's records into events (prefilter first), in file order, a batch per chunk read. */
export async function* parseFile(
  file: string,
  fileNo: number,
  opts: EventFileOptions,
  stats: EventFileStats,
): AsyncGenerator<EngineEvent[]> {
  const index = indexNameOf(file);
  const ordinalOpts = {
    timestampField: opts.timestampField ?? '@timestamp',
    tiebreakerField: opts.tiebreakerField ?? null,
    schema: opts.schema,
    timestampOptional: opts.timestampOptional,
  };
  const ordinalFor = perIndexOrdinal(opts.schemaFor, ordinalOpts);
  const skipped = { skipped: 0 };
  let skippedSeen = 0;
  const wanted = opts.wanted ?? null;
  const inRange = opts.inRange ?? null;
  // the input position of each event (a record may hold several: an Elasticsearch response)
  let eventNo = 0;
  let out: EngineEvent[] = [];
  // The record being read, and whether it is long enough to hold an event nested deeper than Elasticsearch
  // reads (asked once per record): only such a record's events are walked for their depth
  let recordText = '';
  let mayBeTooDeep: boolean | null = null;
  const tooDeep = (source: Record<string, unknown>, line: number): boolean => {
    if (!(mayBeTooDeep ??= mayHoldTooDeepEvent(recordText))) return false;
    const problem = eventDepthProblem(source, `${file}:${line}`);
    return problem !== null && verdicts.invalid(fileNo, line, () => problem) === null;
  };
  const accept = (source: Record<string, unknown>, ix: string, id: string, line: number) => {
    stats.parsed++;
    if (tooDeep(source, line)) return;
    let ordinal;
    try {
      ordinal = makeOrdinal(
        source,
        fileNo * SEQ_PER_FILE + ++eventNo,
        ordinalFor === null ? ordinalOpts : ordinalFor(ix),
      );
    } catch (e) {
      if (e instanceof UserError) throw new UserError(e.code, `${file}:${line}: ${e.message}`, { cause: e });
      throw e;
    }
    if (!ordinal) {
      stats.withoutTimestamp++;
      stats.firstWithoutTimestamp ??= `${file}:${line}`;
      return;
    }
    if (inRange && !inRange(source, ordinal, ix)) {
      stats.outOfRange++;
      return;
    }
    const e: EngineEvent = { index: ix, id, source, ordinal };
    if (wanted && !wanted(e)) stats.unwanted++;
    else out.push(e);
  };
  const verdicts = recordVerdicts(stats, opts.strict === true);
  const reading = { maxRecordSize: opts.maxRecordSize, parseRejected: opts.strict === true };
  const read = readJsonRecordBatches(file, opts.prefilter, skipped, reading);
  const cutoff = opts.cutoff;
  // under --strict every record is parsed, so none is passed over by its timestamp
  const sniff = cutoff && opts.strict !== true ? recordTimestampReader(ordinalOpts) : null;
  for await (const records of cutoff ? skipPastCutoff(read, cutoff, fileNo, sniff, stats) : read) {
    out = [];
    stats.records += records.length + skipped.skipped - skippedSeen;
    stats.skippedByPrefilter += skipped.skipped - skippedSeen;
    skippedSeen = skipped.skipped;
    for (const rec of records) {
      const obj = verdicts.parse(rec.text, file, fileNo, rec.line);
      if (obj === null) continue;
      recordText = rec.text;
      mayBeTooDeep = null;
      if (rec.rejected === true) {
        // read only to be judged: an event the prefilter rejected is skipped as any other
        if (!tooDeep(obj, rec.line)) stats.skippedByPrefilter++;
        continue;
      }
      const hits = responseHits(obj);
      if (hits === null) {
        if (isHit(obj)) accept(hitSource(obj), hitIndex(obj, index), hitId(obj, rec.record), rec.line);
        else accept(obj, index, String(rec.record), rec.line);
      } else
        for (const h of hits)
          if (isHit(h)) accept(hitSource(h), hitIndex(h, index), hitId(h, rec.record), rec.line);
    }
    if (out.length > 0) yield out;
  }
  stats.records += skipped.skipped - skippedSeen;
  stats.skippedByPrefilter += skipped.skipped - skippedSeen;
}

/** The ordinal options of each index, with its own schema; null without per-index schemas. */
function perIndexOrdinal(
  schemaFor: ((index: string) => Schema | undefined) | undefined,
  shared: OrdinalOptions,
): ((index: string) => OrdinalOptions) | null {
  if (!schemaFor) return null;
  const byIndex = new Map<string, OrdinalOptions>();
  return (index) => {
    let o = byIndex.get(index);
    if (!o) byIndex.set(index, (o = { ...shared, schema: schemaFor(index) ?? shared.schema }));
    return o;
  };
}

/** An Elasticsearch hit (`_index`, `_id`, `_source`): its `_source` is the event, its index and id are kept. */
function isHit(obj: Record<string, unknown>): boolean {
  const src = obj._source;
  return src !== null && typeof src === 'object' && !Array.isArray(src) && ('_id' in obj || '_index' in obj);
}

const hitSource = (hit: Record<string, unknown>) => hit._source as Record<string, unknown>;
const hitIndex = (hit: Record<string, unknown>, file: string) =>
  typeof hit._index === 'string' ? hit._index : file;
const hitId = (hit: Record<string, unknown>, record: number) =>
  hit._id !== undefined && hit._id !== null ? String(hit._id) : String(record);
