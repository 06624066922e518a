/**
 * The flags of `rule-runner query`: their definitions and parsers, and what they mean before either kind of run
 * reads them (which flags are a cluster's, the time range they give).
 */
import { InvalidArgumentError, type Command } from 'commander';
import { UserError } from '../../errors.js';
import { parseDateMath } from '../../time/date-math.js';
import type { EngineChoice } from '../../run/es-auto.js';
import { DEFAULT_MAX_RECORD_SIZE, formatByteSize, parseByteSize } from '../../sources/files/record-size.js';
import { collect, fieldName, oneOf, wholeNumber } from '../options.js';

export interface QueryFlags {
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

/** The options of `query`, added to its command. */
export function queryOptions(command: Command): Command {
  return command
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
    .option('--stats', 'print run statistics to stderr');
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

export function clusterFlagsGiven(cmd: Command): string[] {
  return Object.keys(CLUSTER_FLAGS)
    .filter((k) => cmd.getOptionValueSource(k) === 'cli')
    .map((k) => CLUSTER_FLAGS[k]!);
}

/** `--from`/`--to` as instants, read against one `now`; the same for a cluster and for files. */
export function timeRangeOf(o: QueryFlags): { gte?: Date; lte?: Date } {
  const now = new Date();
  const gte = o.from ? parseDateMath(o.from, now, '--from') : undefined;
  const lte = o.to ? parseDateMath(o.to, now, '--to') : undefined;
  if (gte && lte && gte.getTime() > lte.getTime())
    throw new UserError('DATE_RANGE', `--from (${gte.toISOString()}) is after --to (${lte.toISOString()})`);
  return { gte, lte };
}
