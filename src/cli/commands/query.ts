import { InvalidArgumentError, type Command } from 'commander';
import { parse } from '../../eql/syntax/parser.js';
import { verify } from '../../eql/verify/verify.js';
import type { Statement } from '../../eql/syntax/ast.js';
import type { QueryResult } from '../../engine/results.js';
import { UserError, visibleText } from '../../errors.js';
import { fieldMatcher } from '../../output/fields.js';
import { formatTable, tableColumns, toEsResultItem } from '../../output/results.js';
import { tiebreakerProblem } from '../../engine/check-query.js';
import { parseDateMath } from '../../time/date-math.js';
import type { EngineChoice } from '../../run/es-auto.js';
import { queryEventFiles } from '../../run/offline.js';
import { REORDER_WINDOWS, type EventFileStats } from '../../sources/files/event-file-source.js';
import { DEFAULT_MAX_RECORD_SIZE, formatByteSize, parseByteSize } from '../../sources/files/record-size.js';
import { withStdinEvents } from '../../sources/files/stdin-spool.js';
import type { QuerySettings } from '../../run/settings.js';
import { readMappingFile } from '../mapping-file.js';
import { collect, fieldName, wholeNumber } from '../options.js';
import type { CliIo } from '../program.js';

interface QueryFlags {
  events: string[];
  esUrl?: string;
  index: string[];
  from?: string;
  to?: string;
  engine: EngineChoice;
  pageSize: number;
  timestampOverride?: string;
  apiKey?: string;
  username?: string;
  password?: string;
  caCert?: string;
  timestampField: string;
  tiebreakerField?: string;
  eventCategoryField: string;
  size: number;
  maxSamplesPerKey?: number;
  mapping?: string;
  format: string;
  stats?: boolean;
  dedup?: boolean;
  fields: string[];
  maxRecordSize?: number;
  strict?: boolean;
}

function byteSize(flag: string) {
  return (v: string): number => {
    const bytes = parseByteSize(v);
    if (typeof bytes !== 'number') throw new InvalidArgumentError(`${flag} ${bytes.error}`);
    return bytes;
  };
}

function oneOf<T extends string>(flag: string, allowed: T[]) {
  return (v: string): T => {
    if (!(allowed as string[]).includes(v))
      throw new InvalidArgumentError(`${flag} must be one of ${allowed.join(', ')}`);
    return v as T;
  };
}

export function registerQuery(program: Command, io: CliIo): void {
  program
    .command('query')
    .description('Run an EQL query over event files, or against Elasticsearch, and print the results')
    .argument('<eql>', 'the EQL query')
    .option(
      '--events <path>',
      'event file or directory, NDJSON or JSON arrays, plain or gzipped, - for stdin (repeatable): run offline',
      collect,
      [],
    )
    .option('--es-url <url>', 'Elasticsearch URL (default: $ELASTICSEARCH_URL)')
    .option('--index <patterns>', 'index patterns, comma-separated (repeatable)', collect, [])
    .option('--from <date>', 'start of the time range: ISO date, epoch millis or date math (now-9m)')
    .option('--to <date>', 'end of the time range (default: no bound)')
    .option('--engine <engine>', 'auto, search or eql', oneOf('--engine', ['auto', 'search', 'eql']), 'auto')
    .option('--page-size <n>', 'hits per search page (search engine)', wholeNumber('--page-size', 1), 1000)
    .option(
      '--timestamp-override <field>',
      'filter the time range on this field (Kibana timestamp override)',
      fieldName('--timestamp-override'),
    )
    .option('--api-key <key>', 'API key (prefer $ELASTICSEARCH_API_KEY: flags are visible to other users)')
    .option('--username <user>', 'basic-auth user (default: $ELASTICSEARCH_USERNAME)')
    .option('--password <password>', 'basic-auth password (prefer $ELASTICSEARCH_PASSWORD)')
    .option('--ca-cert <file>', 'PEM CA certificate (default: $ELASTICSEARCH_CA_CERT)')
    .option('--timestamp-field <field>', 'timestamp field', fieldName('--timestamp-field'), '@timestamp')
    .option(
      '--tiebreaker-field <field>',
      'tiebreaker field for events with equal timestamps',
      fieldName('--tiebreaker-field'),
    )
    .option(
      '--event-category-field <field>',
      'event category field',
      fieldName('--event-category-field'),
      'event.category',
    )
    .option(
      '--size <n>',
      'maximum number of results (events, sequences or samples); 0 returns none, as Elasticsearch does',
      wholeNumber('--size', 0),
      10,
    )
    .option(
      '--max-samples-per-key <n>',
      'samples per join-key tuple',
      wholeNumber('--max-samples-per-key', 1),
    )
    .option('--mapping <file>', 'offline: Elasticsearch mapping (JSON) giving field types and aliases')
    .option(
      '--format <format>',
      'ndjson (Elasticsearch EQL response items) or table',
      oneOf('--format', ['ndjson', 'table']),
      'ndjson',
    )
    .option(
      '--dedup',
      'offline: read an event repeated in overlapping files (same timestamp, same content) once',
    )
    .option(
      '--fields <names>',
      'fields to show: table columns, or a "fields" object in each hit (comma-separated, * wildcards, repeatable)',
      collect,
      [],
    )
    .option(
      '--max-record-size <size>',
      `offline: the largest record (NDJSON line, JSON-array element, document), e.g. 200mb (default: ${formatByteSize(DEFAULT_MAX_RECORD_SIZE)})`,
      byteSize('--max-record-size'),
    )
    .option(
      '--strict',
      'offline: a record that is not a JSON object is an error, not skipped with a warning (every record is parsed)',
    )
    .option('--stats', 'print run statistics to stderr')
    .action(async (eql: string, o: QueryFlags, cmd: Command) => {
      const settings: QuerySettings = {
        timestampField: o.timestampField,
        tiebreakerField: o.tiebreakerField ?? null,
        eventCategoryField: o.eventCategoryField,
        size: o.size,
        maxSamplesPerKey: o.maxSamplesPerKey,
      };
      const stmt = parse(eql);
      if (o.timestampOverride !== undefined && o.from === undefined && o.to === undefined)
        throw new UserError(
          'FLAGS_CONFLICT',
          '--timestamp-override applies --from/--to to another field: without either it does nothing; give a range, or drop it',
        );
      const out =
        o.events.length > 0
          ? await runOffline(stmt, o, settings, io, clusterFlagsGiven(cmd))
          : await runCluster(stmt, o, settings, io);
      const fields = o.fields
        .flatMap((f) => f.split(','))
        .map((f) => f.trim())
        .filter(Boolean);
      if (o.format === 'table')
        io.stdout(
          formatTable(out.results, fields.length > 0 ? tableColumns(out.results, fields) : undefined),
        );
      else {
        const matches = fields.length > 0 ? fieldMatcher(fields) : undefined;
        io.stdout(out.results.map((r) => JSON.stringify(toEsResultItem(r, matches)) + '\n').join(''));
      }
      if (o.stats) io.stderr(JSON.stringify(out.stats) + '\n');
    });
}

/** Flags that only mean something against a cluster, by option key. */
const CLUSTER_FLAGS: Record<string, string> = {
  esUrl: '--es-url',
  index: '--index',
  engine: '--engine',
  pageSize: '--page-size',
  apiKey: '--api-key',
  username: '--username',
  password: '--password',
  caCert: '--ca-cert',
};

function clusterFlagsGiven(cmd: Command): string[] {
  return Object.keys(CLUSTER_FLAGS)
    .filter((k) => cmd.getOptionValueSource(k) === 'cli')
    .map((k) => CLUSTER_FLAGS[k]!);
}

/** `--from`/`--to` as instants, read against one `now`; the same for a cluster and for files. */
function timeRangeOf(o: QueryFlags): { gte?: Date; lte?: Date } {
  const now = new Date();
  const gte = o.from ? parseDateMath(o.from, now, '--from') : undefined;
  const lte = o.to ? parseDateMath(o.to, now, '--to') : undefined;
  if (gte && lte && gte.getTime() > lte.getTime())
    throw new UserError('DATE_RANGE', `--from (${gte.toISOString()}) is after --to (${lte.toISOString()})`);
  return { gte, lte };
}

async function runOffline(
  stmt: Statement,
  o: QueryFlags,
  settings: QuerySettings,
  io: CliIo,
  clusterFlags: string[],
) {
  // a flag that does nothing here would be silently ignored: the run would not be the one asked for
  if (clusterFlags.length > 0)
    throw new UserError(
      'FLAGS_CONFLICT',
      `--events runs offline: ${clusterFlags.join(', ')} ${clusterFlags.length === 1 ? 'applies' : 'apply'} to a cluster only; drop ${clusterFlags.length === 1 ? 'it' : 'them'}, or drop --events`,
    );
  const mapping = o.mapping ? readMappingFile(o.mapping) : undefined;
  const schema = mapping?.schema;
  verify(stmt, { schema });
  const tiebreaker = schema && o.tiebreakerField ? tiebreakerProblem(schema, o.tiebreakerField) : null;
  if (tiebreaker)
    throw new UserError('TIEBREAKER_INVALID', `--tiebreaker-field ${o.tiebreakerField}: ${tiebreaker}`);
  for (const w of mapping?.warnings ?? []) io.stderr(`warning: ${o.mapping}: ${w}\n`);
  const { gte, lte } = timeRangeOf(o);
  return withStdinEvents(o.events, io.stdin, async (events, shown) => {
    const run = await queryEventFiles(stmt, {
      ...settings,
      events,
      schema,
      perIndex: mapping?.schemaFor && { schemaFor: mapping.schemaFor, distinct: mapping.distinct },
      onWarning: (m) => io.stderr(`warning: ${m}\n`),
      timeRange: gte || lte ? { gte: gte?.getTime(), lte: lte?.getTime() } : undefined,
      timestampOverride: o.timestampOverride,
      dedup: o.dedup,
      maxRecordSize: o.maxRecordSize,
      strict: o.strict,
    });
    const invalid = invalidWarning(run.files);
    if (invalid) io.stderr(shown(`warning: ${invalid}\n`));
    if (run.files.withoutTimestamp > 0)
      io.stderr(
        shown(
          `warning: ${run.files.withoutTimestamp} event(s) without a usable ${o.timestampField} were skipped (first at ${visibleText(run.files.firstWithoutTimestamp ?? '')})\n`,
        ),
      );
    const reread = rereadNote(run.files);
    if (reread) io.stderr(`note: ${reread}\n`);
    return {
      results: run.results,
      stats: {
        engine: run.engine,
        reader: {
          ...run.files,
          firstWithoutTimestamp: mapDefined(run.files.firstWithoutTimestamp, shown),
          firstInvalid: run.files.firstInvalid?.map(shown),
        },
        matcher: run.matcher,
      },
    };
  });
}

/** Records that cannot be events, skipped: how many, and where the first few are. */
function invalidWarning(files: EventFileStats): string | null {
  if (files.invalid === 0) return null;
  const shown = files.firstInvalid ?? [];
  const more = files.invalid - shown.length;
  return `${files.invalid} record(s) that are not JSON objects were skipped (at ${visibleText(shown.join(', '))}${more > 0 ? ` and ${more} more` : ''}); --strict makes this an error`;
}

function mapDefined<T>(v: T | undefined, f: (v: T) => T): T | undefined {
  return v === undefined ? undefined : f(v);
}

/** What it cost that the files were out of order: they were read more than once (see REORDER_WINDOWS). */
function rereadNote(files: EventFileStats): string | null {
  // the reads went through REORDER_WINDOWS in order, then the external sort: the last read is the one that worked
  const streamedBy =
    files.sort === 'stream' ? REORDER_WINDOWS.findIndex((w) => w === files.reorderWindow) : -1;
  if (files.sort === 'stream' && streamedBy <= 0) return null;
  const tooNarrow = files.sort === 'external' ? REORDER_WINDOWS.at(-1)! : REORDER_WINDOWS[streamedBy - 1]!;
  const how =
    files.sort === 'external'
      ? 'sorted through temporary files'
      : `read again with a ${files.reorderWindow!.toLocaleString('en-US')}-event reorder window`;
  return `the files are out of timestamp order beyond the ${tooNarrow.toLocaleString('en-US')} events a reorder window holds: they were ${how}`;
}

async function runCluster(
  stmt: Statement,
  o: QueryFlags,
  settings: QuerySettings,
  io: CliIo,
): Promise<{ results: QueryResult[]; stats: unknown }> {
  // loaded here, not at start-up: the Elasticsearch client costs half a second an offline run does not need
  const { connect, connectionFromEnv } = await import('../../es/client.js');
  const { queryCluster } = await import('../../run/es-auto.js');
  const env = connectionFromEnv(io.env);
  const url = o.esUrl ?? env.url;
  if (!url)
    throw new UserError(
      'NO_SOURCE',
      'give --events PATH to run offline, or --es-url URL (or $ELASTICSEARCH_URL) and --index',
    );
  const index = o.index
    .flatMap((p) => p.split(','))
    .map((p) => p.trim())
    .filter(Boolean);
  if (index.length === 0)
    throw new UserError(
      'NO_INDEX',
      '--index is required with Elasticsearch (e.g. --index "logs-endpoint.events.*")',
    );
  if (o.mapping)
    throw new UserError(
      'FLAGS_CONFLICT',
      '--mapping is for offline runs; the cluster mapping is read from Elasticsearch',
    );
  if (o.dedup)
    throw new UserError('FLAGS_CONFLICT', '--dedup is for offline runs: a cluster holds each document once');
  if (o.strict)
    throw new UserError('FLAGS_CONFLICT', '--strict is for offline runs: it judges the records of files');
  if (o.maxRecordSize !== undefined)
    throw new UserError(
      'FLAGS_CONFLICT',
      '--max-record-size is for offline runs: it bounds a record of a file',
    );
  const range = timeRangeOf(o);
  const gte = range.gte?.toISOString();
  const lte = range.lte?.toISOString();
  const conn = await connect({
    url,
    apiKey: o.apiKey ?? env.apiKey,
    username: o.username ?? env.username,
    password: o.password ?? env.password,
    caCert: o.caCert ?? env.caCert,
  });
  try {
    const run = await queryCluster(stmt, o.engine, {
      ...settings,
      client: conn.client,
      index,
      timeRange: gte || lte ? { gte, lte } : undefined,
      timestampOverride: o.timestampOverride,
      pageSize: o.pageSize,
      esMajor: conn.major,
      onWarning: (m) => io.stderr(`warning: ${m}\n`),
    });
    io.stderr(
      `engine: ${run.engine} (${run.chosenBy}) on ${conn.displayUrl}, Elasticsearch ${conn.version}\n`,
    );
    const { results, ...stats } = run;
    return { results, stats };
  } finally {
    await conn.client.close();
  }
}
