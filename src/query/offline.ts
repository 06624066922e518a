import type { Statement } from '../eql/ast.js';
import type { Schema } from '../eql/schema.js';
import { createExecutor, run } from '../engine/executor.js';
import type { MatcherStats, QueryResult } from '../engine/types.js';
import { expandEventPaths } from '../sources/event-files.js';
import {
  newEventFileStats,
  readEventFiles,
  UnsortedInputError,
  type EventFileStats,
} from '../sources/event-file-source.js';
import { buildTextPrefilter } from '../translate/text-prefilter.js';
import type { QuerySettings } from './settings.js';

export interface OfflineQueryOptions extends QuerySettings {
  events: string[];
  schema?: Schema;
}

export interface OfflineQueryRun {
  engine: 'offline';
  results: QueryResult[];
  files: EventFileStats;
  matcher: MatcherStats;
}

/** Runs a parsed statement over event files; re-reads through an external sort when the files are out of order. */
export async function queryEventFiles(stmt: Statement, opts: OfflineQueryOptions): Promise<OfflineQueryRun> {
  const files = expandEventPaths(opts.events);
  const prefilter = buildTextPrefilter(stmt.query, {
    schema: opts.schema,
    eventCategoryField: opts.eventCategoryField,
  });
  const attempt = async (sort: 'stream' | 'external'): Promise<OfflineQueryRun> => {
    const executor = createExecutor(stmt, {
      schema: opts.schema,
      eventCategoryField: opts.eventCategoryField,
      timestampField: opts.timestampField,
      tiebreakerField: opts.tiebreakerField ?? null,
      size: opts.size,
      maxSamplesPerKey: opts.maxSamplesPerKey,
    });
    const stats = newEventFileStats();
    const events = readEventFiles(
      {
        files,
        timestampField: opts.timestampField,
        tiebreakerField: opts.tiebreakerField ?? null,
        schema: opts.schema,
        prefilter,
        sort,
        timestampOptional: stmt.query.type === 'sample',
      },
      stats,
    );
    const results: QueryResult[] = [];
    for await (const r of run(executor, events)) results.push(r);
    return { engine: 'offline', results, files: stats, matcher: executor.stats() };
  };
  try {
    return await attempt('stream');
  } catch (e) {
    if (!(e instanceof UnsortedInputError)) throw e;
    return attempt('external');
  }
}
