/** `rule-runner query --events`: the offline run over event files, and the warnings and notes it ends with. */
import { verify } from '../../eql/verify/verify.js';
import type { Statement } from '../../eql/syntax/ast.js';
import { UserError, visibleText } from '../../errors.js';
import { tiebreakerProblem } from '../../engine/check-query.js';
import { queryEventFiles } from '../../run/offline.js';
import { REORDER_WINDOWS, type EventFileStats } from '../../sources/files/event-file-source.js';
import { withStdinEvents } from '../../sources/files/stdin-spool.js';
import type { QuerySettings } from '../../run/settings.js';
import { readMappingFile } from '../mapping-file.js';
import type { Logger } from '../../logging/logger.js';
import type { CliIo } from '../program.js';
import { timeRangeOf, type QueryFlags } from './query-flags.js';

export async function runOffline(
  stmt: Statement,
  o: QueryFlags,
  settings: QuerySettings,
  io: CliIo,
  log: Logger,
  clusterFlags: string[],
  /** Why the run is offline, for the message refusing a cluster's flags. */
  offline = '--events runs offline',
) {
  // a flag that does nothing here would be silently ignored: the run would not be the one asked for
  if (clusterFlags.length > 0)
    throw new UserError(
      'FLAGS_CONFLICT',
      `${offline}: ${clusterFlags.join(', ')} ${clusterFlags.length === 1 ? 'applies' : 'apply'} to a cluster only; drop ${clusterFlags.length === 1 ? 'it' : 'them'}, or drop --events`,
    );
  const mapping = o.mapping ? readMappingFile(o.mapping) : undefined;
  const schema = mapping?.schema;
  verify(stmt, { schema });
  const tiebreaker = schema && o.tiebreakerField ? tiebreakerProblem(schema, o.tiebreakerField) : null;
  if (tiebreaker)
    throw new UserError('TIEBREAKER_INVALID', `--tiebreaker-field ${o.tiebreakerField}: ${tiebreaker}`);
  for (const w of mapping?.warnings ?? []) log.warn(`${o.mapping}: ${w}`);
  const { gte, lte } = timeRangeOf(o);
  return withStdinEvents(o.events, io.stdin, async (events, shown) => {
    const run = await queryEventFiles(stmt, {
      ...settings,
      events,
      schema,
      perIndex: mapping?.schemaFor && { schemaFor: mapping.schemaFor, distinct: mapping.distinct },
      onWarning: (m) => log.warn(m),
      timeRange: gte || lte ? { gte: gte?.getTime(), lte: lte?.getTime() } : undefined,
      timestampOverride: o.timestampOverride,
      dedup: o.dedup,
      maxRecordSize: o.maxRecordSize,
      strict: o.strict,
    });
    const invalid = invalidWarning(run.files);
    if (invalid) log.warn(shown(invalid));
    if (run.files.withoutTimestamp > 0)
      log.warn(
        shown(
          `${run.files.withoutTimestamp} event(s) without a usable ${o.timestampField} were skipped (first at ${visibleText(run.files.firstWithoutTimestamp ?? '')})`,
        ),
      );
    const reread = rereadNote(run.files);
    if (reread) log.info(reread);
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
