/**
 * `rule-runner query`: reads the query, runs it offline (query-offline.ts: `--events`, or with no cluster configured
 * the data directory's events) or against a cluster (query-cluster.ts),
 * prints the results as the EQL API's items or a table. The flags are defined in query-flags.ts.
 */
import type { Command } from 'commander';
import { parse } from '../../eql/syntax/parser.js';
import { UserError } from '../../errors.js';
import { fieldMatcher } from '../../output/fields.js';
import { formatTable, tableColumns, toEsResultItem } from '../../output/results.js';
import type { QuerySettings } from '../../run/settings.js';
import {
  clusterConfigured,
  dataDirOf,
  dataDirOption,
  eventsDirOf,
  refuseDataDirWithCluster,
  type DataDirFlags,
} from '../local-mode.js';
import { commandLogger } from '../logging.js';
import type { CliIo } from '../program.js';
import { runCluster } from './query-cluster.js';
import { clusterFlagsGiven, queryOptions, type QueryFlags } from './query-flags.js';
import { runOffline } from './query-offline.js';

export function registerQuery(program: Command, io: CliIo): void {
  queryOptions(
    dataDirOption(program.command('query'))
      .description('Run an EQL query over event files, or against Elasticsearch, and print the results')
      .argument('<eql>', 'the EQL query'),
  ).action(async (eql: string, o: QueryFlags & DataDirFlags, cmd: Command) => {
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
    const log = await commandLogger(cmd, io);
    let out;
    if (o.events.length > 0) {
      if (o.dataDir !== undefined)
        throw new UserError('FLAGS_CONFLICT', '--events names the event files: drop --data-dir or --events');
      out = await runOffline(stmt, o, settings, io, log, clusterFlagsGiven(cmd));
    } else if (clusterConfigured(o, io.env)) {
      refuseDataDirWithCluster(o);
      out = await runCluster(stmt, o, settings, io, log);
    } else {
      // local mode: the data directory's events, listed now
      const dir = eventsDirOf(dataDirOf(o, io.env));
      log.info(`local mode: events ${dir}`);
      out = await runOffline(
        stmt,
        { ...o, events: [dir] },
        settings,
        io,
        log,
        clusterFlagsGiven(cmd),
        `no cluster is configured, so the query reads ${dir}`,
      );
    }
    const fields = o.fields
      .flatMap((f) => f.split(','))
      .map((f) => f.trim())
      .filter(Boolean);
    if (o.format === 'table')
      io.stdout(formatTable(out.results, fields.length > 0 ? tableColumns(out.results, fields) : undefined));
    else {
      const matches = fields.length > 0 ? fieldMatcher(fields) : undefined;
      io.stdout(out.results.map((r) => JSON.stringify(toEsResultItem(r, matches)) + '\n').join(''));
    }
    if (o.stats) io.stderr(JSON.stringify(out.stats) + '\n');
  });
}
