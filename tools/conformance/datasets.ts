import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Schema } from '../../src/mapping/schema.js';
import { makeOrdinal } from '../../src/engine/ordinal.js';
import { compareOrdinals } from '../../src/engine/event.js';
import type { EngineEvent } from '../../src/engine/event.js';

/** How Elasticsearch's harness turns a data file into an index (HARNESS.md §1–2). */
interface IndexDef {
  data: string;
  mapping: string;
  transform?: 'filetime-millis' | 'filetime-nanos';
}

const INDICES: Record<string, IndexDef> = {
  // data/endgame-140.data is not published; test_data.json holds the same 102 events (HARNESS.md §1).
  'endgame-140': {
    data: 'test_data.json',
    mapping: 'data/endgame-140.mapping',
    transform: 'filetime-millis',
  },
  'endgame-140-nanos': {
    data: 'test_data.json',
    mapping: 'data/endgame-140-nanos.mapping',
    transform: 'filetime-nanos',
  },
  extra: { data: 'data/extra.data', mapping: 'data/extra.mapping' },
  'missing-events': { data: 'data/missing-events.data', mapping: 'data/missing-events.mapping' },
  sample1: { data: 'data/sample1.data', mapping: 'data/sample1.mapping' },
  sample2: { data: 'data/sample2.data', mapping: 'data/sample2.mapping' },
  sample3: { data: 'data/sample3.data', mapping: 'data/sample3.mapping' },
  'sample-multi': { data: 'data/sample-multi.data', mapping: 'data/sample-multi.mapping' },
  'endgame-shard-failures': {
    data: 'data/endgame-shard-failures.data',
    mapping: 'data/endgame-shard-failures.mapping',
    transform: 'filetime-millis',
  },
};

export type KeywordType = 'keyword' | 'wildcard';

export interface LoadedIndex {
  name: string;
  mapping: Record<string, unknown>;
  documents: Record<string, unknown>[];
}

/** 1601-01-01 to 1970-01-01 in milliseconds. */
const FILETIME_EPOCH_OFFSET_MS = 11644473600000n;

/** The mapping text with `#` lines dropped and the keyword placeholder filled, as the harness's DataLoader does. */
export function readMapping(
  specDir: string,
  file: string,
  keywordType: KeywordType,
): Record<string, unknown> {
  const text = readFileSync(join(specDir, file), 'utf8')
    .split('\n')
    .filter((line) => !line.trimStart().startsWith('#'))
    .join('\n')
    .replaceAll('[runtime_random_keyword_type]', keywordType);
  return JSON.parse(text) as Record<string, unknown>;
}

/**
 * Reads a data file. FILETIME values exceed 2^53, so they are captured as decimal text before JSON.parse rounds
 * them; `//` comment lines (accepted by Elasticsearch's JSON parser) are dropped.
 */
export function readDocuments(specDir: string, def: IndexDef): Record<string, unknown>[] {
  const raw = readFileSync(join(specDir, def.data), 'utf8')
    .split('\n')
    .filter((line) => !line.trimStart().startsWith('//'))
    .join('\n');
  if (!def.transform) return JSON.parse(raw) as Record<string, unknown>[];
  const quoted = raw.replace(/"timestamp"\s*:\s*(\d+)/g, '"timestamp": "$1"');
  const docs = JSON.parse(quoted) as Record<string, unknown>[];
  for (const doc of docs) {
    const text = doc.timestamp as string;
    if (def.transform === 'filetime-millis') {
      doc['@timestamp'] = Number(BigInt(text) / 10000n - FILETIME_EPOCH_OFFSET_MS);
      doc.timestamp = Number(text);
    } else {
      // The FILETIME digits reread as epoch nanoseconds: "<millis>.<nanos below the ms>".
      const millis = text.slice(0, text.length - 6);
      const nanos = text.slice(text.length - 6);
      doc['@timestamp'] = nanos === '000000' ? millis : `${millis}.${nanos}`;
      doc.timestamp = Number(text) / 1e6;
    }
  }
  return docs;
}

export function loadIndex(specDir: string, name: string, keywordType: KeywordType): LoadedIndex {
  const def = INDICES[name];
  if (!def) throw new Error(`unknown conformance index ${name}`);
  return {
    name,
    mapping: readMapping(specDir, def.mapping, keywordType),
    documents: readDocuments(specDir, def),
  };
}

export interface Dataset {
  indices: LoadedIndex[];
  /** Every index merged: what the query is verified against. */
  schema: Schema;
  /** Each index's own mapping plus dynamic mapping of its own documents, as Elasticsearch keeps them. */
  indexSchemas: Map<string, Schema>;
  /** Events sorted by (timestamp, tiebreaker, index order). */
  events: EngineEvent[];
  idField: string;
  tiebreakerField: string | null;
}

/**
 * The indices as one searchable dataset: a schema per index (its mapping plus dynamic mapping of its documents),
 * their merge, and the events in order.
 */
export function buildDataset(
  indices: LoadedIndex[],
  idField: string,
  tiebreakerField: string | null,
  timestampOptional: boolean,
): Dataset {
  const schema = new Schema();
  for (const ix of indices) schema.addMapping(ix.mapping);
  for (const ix of indices) for (const doc of ix.documents) schema.addDynamic(doc);
  const indexSchemas = new Map<string, Schema>();
  for (const ix of indices) {
    const own = Schema.fromMapping(ix.mapping);
    for (const doc of ix.documents) own.addDynamic(doc);
    indexSchemas.set(ix.name, own);
  }
  const events: EngineEvent[] = [];
  let seq = 0;
  for (const ix of indices) {
    const own = indexSchemas.get(ix.name)!;
    for (const source of ix.documents) {
      const ordinal = makeOrdinal(source, seq++, { schema: own, tiebreakerField, timestampOptional });
      if (!ordinal) continue;
      events.push({ index: ix.name, id: String(source[idField]), source, ordinal });
    }
  }
  events.sort((a, b) => compareOrdinals(a.ordinal, b.ordinal));
  return { indices, schema, indexSchemas, events, idField, tiebreakerField };
}
