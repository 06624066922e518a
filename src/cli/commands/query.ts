import type { Command } from 'commander';
import { parse } from '../../eql/parser.js';
import { verify } from '../../eql/verify.js';
import type { Schema } from '../../eql/schema.js';
import type { Statement } from '../../eql/ast.js';
import { createExecutor, run } from '../../engine/executor.js';
import type { QueryResult } from '../../engine/types.js';
import { expandEventPaths } from '../../sources/event-files.js';
import {
  newEventFileStats,
  readEventFiles,
  UnsortedInputError,
  type EventFileStats,
} from '../../sources/event-file-source.js';
import { buildTextPrefilter } from '../../translate/text-prefilter.js';
import { formatTable, toEsResultItem } from '../../output/results.js';
import { collect, loadMappingFile, positiveInt } from '../options.js';
import type { CliIo } from '../program.js';

export interface OfflineQueryOptions {
  events: string[];
  timestampField: string;
  tiebreakerField?: string;
  eventCategoryField: string;
  size: number;
  maxSamplesPerKey?: number;
  schema?: Schema;
}

export interface OfflineQueryRun {
  results: QueryResult[];
  files: EventFileStats;
  stats: ReturnType<ReturnType<typeof createExecutor>['stats']>;
}

/** Runs a parsed statement over event files; re-reads through an external sort when the files are out of order. */
export async function queryEventFiles(stmt: Statement, opts: OfflineQueryOptions): Promise<OfflineQueryRun> {
  const files = expandEventPaths(opts.events);
  const prefilter = buildTextPrefilter(stmt.query, {
    schema: opts.schema,
    eventCategoryField: opts.eventCategoryField,
  });
  const attempt = async (sort: 'stream' | 'external') => {
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
    return { results, files: stats, stats: executor.stats() };
  };
  try {
    return await attempt('stream');
  } catch (e) {
    if (!(e instanceof UnsortedInputError)) throw e;
    return attempt('external');
  }
}

export function registerQuery(program: Command, io: CliIo): void {
  program
    .command('query')
    .description('Run an EQL query over event files (NDJSON or JSON arrays) and print the results')
    .argument('<eql>', 'the EQL query')
    .requiredOption('--events <path>', 'event file or directory (repeatable)', collect, [])
    .option('--timestamp-field <field>', 'timestamp field', '@timestamp')
    .option('--tiebreaker-field <field>', 'tiebreaker field for events with equal timestamps')
    .option('--event-category-field <field>', 'event category field', 'event.category')
    .option(
      '--size <n>',
      'maximum number of results (events, sequences or samples)',
      positiveInt('--size'),
      10,
    )
    .option('--max-samples-per-key <n>', 'samples per join-key tuple', positiveInt('--max-samples-per-key'))
    .option('--mapping <file>', 'Elasticsearch mapping (JSON) giving field types and aliases')
    .option('--format <format>', 'ndjson (Elasticsearch EQL response items) or table', 'ndjson')
    .option('--stats', 'print reader and matcher statistics to stderr')
    .action(async (eql: string, o: Record<string, unknown>) => {
      const format = o.format as string;
      if (format !== 'ndjson' && format !== 'table') {
        io.stderr(`error: --format must be ndjson or table, got "${format}"\n`);
        io.exitCode = 2;
        return;
      }
      const schema = o.mapping ? loadMappingFile(o.mapping as string) : undefined;
      const stmt = parse(eql);
      verify(stmt, { schema });
      const out = await queryEventFiles(stmt, {
        events: o.events as string[],
        timestampField: o.timestampField as string,
        tiebreakerField: o.tiebreakerField as string | undefined,
        eventCategoryField: o.eventCategoryField as string,
        size: o.size as number,
        maxSamplesPerKey: o.maxSamplesPerKey as number | undefined,
        schema,
      });
      if (out.files.withoutTimestamp > 0)
        io.stderr(
          `warning: ${out.files.withoutTimestamp} event(s) without a usable ${o.timestampField as string} were skipped (first at ${out.files.firstWithoutTimestamp})\n`,
        );
      if (format === 'table') io.stdout(formatTable(out.results));
      else io.stdout(out.results.map((r) => JSON.stringify(toEsResultItem(r)) + '\n').join(''));
      if (o.stats) io.stderr(JSON.stringify({ reader: out.files, matcher: out.stats }) + '\n');
    });
}
