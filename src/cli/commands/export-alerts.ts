/**
 * `rule-runner export-alerts [--out FILE] [--index NAME]`: the local store's alerts as bulk NDJSON, a
 * `{"create":{"_index","_id"}}` line before each document, the document exactly as it was written, so that
 * `_bulk` loads them into Kibana's alerts index (a second load creates nothing: 409s). To stdout, or to `--out`
 * written whole or not at all (a temp file beside it, synced, then renamed over it).
 */
import { closeSync, fsyncSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { InvalidArgumentError, type Command } from 'commander';
import { UserError, visibleText } from '../../errors.js';
import type { StoredAlert } from '../../store/local/alerts.js';
import { DEFAULT_SPACE, indexNameProblem, kibanaAlertsAlias } from '../../store/names.js';
import { dataDirOf, openLocal, type DataDirFlags } from '../local-mode.js';
import type { CliIo } from '../program.js';
import { alertQueryOf, alertQueryOptions } from './alerts.js';

interface ExportFlags extends DataDirFlags {
  rule?: string;
  since?: string;
  out?: string;
  index: string;
}

/** Alerts per write: a big store is written in pieces, never held whole as one string. */
const CHUNK = 1_000;

function indexName(value: string): string {
  const problem = indexNameProblem(value);
  if (problem) throw new InvalidArgumentError(`--index "${visibleText(value)}" ${problem}`);
  return value;
}

/** The bulk lines of `alerts` in pieces of CHUNK alerts. */
function* bulkChunks(alerts: Iterable<StoredAlert>, index: string): Generator<string> {
  const action = (id: string) =>
    `{"create":{"_index":${JSON.stringify(index)},"_id":${JSON.stringify(id)}}}\n`;
  const lines: string[] = [];
  for (const a of alerts) {
    lines.push(action(a.id), a.doc, '\n');
    if (lines.length >= CHUNK * 3) yield lines.splice(0).join('');
  }
  if (lines.length > 0) yield lines.join('');
}

/** Writes `chunks` to `path` atomically; returns nothing until the file is in place. */
function writeAtomically(path: string, chunks: Iterable<string>): void {
  const temp = join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
  let fd: number | null = null;
  try {
    fd = openSync(temp, 'wx');
    for (const c of chunks) writeSync(fd, c);
    fsyncSync(fd);
    closeSync(fd);
    fd = null;
    renameSync(temp, path);
  } catch (e) {
    if (fd !== null) closeSync(fd);
    rmSync(temp, { force: true });
    const code = (e as NodeJS.ErrnoException).code;
    if (code === undefined) throw e;
    throw new UserError(
      'EXPORT_OUT',
      `--out ${visibleText(path)}: ${code} (${visibleText((e as Error).message)}); nothing was written`,
    );
  }
}

export function registerExportAlerts(program: Command, io: CliIo): void {
  alertQueryOptions(
    program
      .command('export-alerts')
      .description(
        "Write the local store's alerts as bulk NDJSON (create actions) to load into Kibana's alerts index with _bulk",
      ),
  )
    .option('--out <file>', 'write to this file, whole or not at all (default: stdout)')
    .option(
      '--index <name>',
      `the _index of each create action (default: Kibana's alerts alias ${kibanaAlertsAlias(DEFAULT_SPACE)})`,
      indexName,
      kibanaAlertsAlias(DEFAULT_SPACE),
    )
    .action(async (o: ExportFlags) => {
      const query = alertQueryOf(o);
      const local = await openLocal(dataDirOf(o, io.env), { mustExist: true });
      try {
        let count = 0;
        const counted = (function* () {
          for (const a of local.alerts.list(query)) {
            count++;
            yield a;
          }
        })();
        const chunks = bulkChunks(counted, o.index);
        if (o.out === undefined) for (const c of chunks) io.stdout(c);
        else writeAtomically(o.out, chunks);
        io.stderr(
          `exported ${count} alert${count === 1 ? '' : 's'} from ${local.path} for index ${o.index}` +
            (o.out !== undefined ? ` to ${visibleText(o.out)}` : '') +
            '\n',
        );
      } finally {
        local.close();
      }
    });
}
