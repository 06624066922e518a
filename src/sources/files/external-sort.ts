/** Any input sorted: sorted runs spilled to a temp directory, then merged, so memory stays bounded by a run. */
import { createWriteStream } from 'node:fs';
import { join } from 'node:path';
import { once } from 'node:events';
import { compareOrdinals } from '../../engine/event.js';
import type { EngineEvent } from '../../engine/event.js';
import type { EventFileOptions } from './event-file-options.js';
import type { EventFileStats } from './event-file-stats.js';
import { readJsonRecords } from './json-records.js';
import { batched, mergeSorted } from './merge.js';
import { parseFile } from './parse-file.js';
import { MAX_RECORD_SIZE_LIMIT } from './record-size.js';
import { makeTempDir, removeTempDir } from './temp-dirs.js';

/** Sorts any input: sorted runs of `runSize` events are spilled to temp NDJSON files, then merged. */
export async function* externalSort(
  opts: EventFileOptions,
  stats: EventFileStats,
): AsyncGenerator<EngineEvent[]> {
  const dir = makeTempDir('rule-runner-sort-');
  try {
    const runSize = opts.runSize ?? 200_000;
    const runs: string[] = [];
    let buffer: EngineEvent[] = [];
    const spill = async () => {
      buffer.sort((a, b) => compareOrdinals(a.ordinal, b.ordinal));
      const path = join(dir, `run-${runs.length}.ndjson`);
      const out = createWriteStream(path);
      for (const e of buffer) {
        if (!out.write(JSON.stringify({ i: e.index, d: e.id, o: e.ordinal, s: e.source }) + '\n'))
          await once(out, 'drain');
      }
      out.end();
      await once(out, 'finish');
      runs.push(path);
      buffer = [];
    };
    for (const [i, f] of opts.files.entries()) {
      for await (const batch of parseFile(f, i, opts, stats)) {
        for (const e of batch) buffer.push(e);
        if (buffer.length >= runSize) await spill();
      }
    }
    if (runs.length === 0) {
      buffer.sort((a, b) => compareOrdinals(a.ordinal, b.ordinal));
      yield buffer;
      return;
    }
    if (buffer.length > 0) await spill();
    yield* batched(mergeSorted(runs.map(readRun)), opts.mergeBatch);
  } finally {
    removeTempDir(dir);
  }
}

async function* readRun(path: string): AsyncGenerator<EngineEvent> {
  // records this run wrote, which JSON.stringify may have made longer than the input was: not bounded again
  for await (const rec of readJsonRecords(path, { maxRecordSize: MAX_RECORD_SIZE_LIMIT })) {
    const r = JSON.parse(rec.text) as {
      i: string;
      d: string;
      o: EngineEvent['ordinal'];
      s: Record<string, unknown>;
    };
    yield { index: r.i, id: r.d, ordinal: r.o, source: r.s };
  }
}
