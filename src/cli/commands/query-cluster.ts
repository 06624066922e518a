/** `rule-runner query --es-url`: the run against a cluster, its flags checked and its connection made. */
import type { Statement } from '../../eql/syntax/ast.js';
import type { QueryResult } from '../../engine/results.js';
import { UserError } from '../../errors.js';
import type { QuerySettings } from '../../run/settings.js';
import type { Logger } from '../../logging/logger.js';
import type { CliIo } from '../program.js';
import { timeRangeOf, type QueryFlags } from './query-flags.js';

export async function runCluster(
  stmt: Statement,
  o: QueryFlags,
  settings: QuerySettings,
  io: CliIo,
  log: Logger,
): Promise<{ results: QueryResult[]; stats: unknown }> {
  // loaded here, not at start-up: the Elasticsearch client costs half a second an offline run does not need
  const { connect, connectionOptions } = await import('../../es/client.js');
  const { queryCluster } = await import('../../run/es-auto.js');
  const options = connectionOptions(o, io.env);
  if (!options)
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
  const conn = await connect(options);
  try {
    const run = await queryCluster(stmt, o.engine, {
      ...settings,
      client: conn.client,
      index,
      timeRange: gte || lte ? { gte, lte } : undefined,
      timestampOverride: o.timestampOverride,
      pageSize: o.pageSize,
      esMajor: conn.major,
      onWarning: (m) => log.warn(m),
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
