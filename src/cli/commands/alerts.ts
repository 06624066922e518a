/**
 * `rule-runner alerts [--rule ID] [--since DATE] [--format table|ndjson]`: what the local store of the data directory
 * holds, oldest first: a table for a person (time, rule, host, severity, id), or the documents as NDJSON
 * (`{"_id", "_source"}` a line, as `run-once --dry-run` prints them), each exactly as it was written.
 */
import type { Command } from 'commander';
import { visibleText } from '../../errors.js';
import type { AlertQuery, StoredAlert } from '../../store/local/alerts.js';
import { parseDateMath } from '../../time/date-math.js';
import { dataDirOf, dataDirOption, openLocal, type DataDirFlags } from '../local-mode.js';
import { oneOf } from '../options.js';
import type { CliIo } from '../program.js';
import { table } from './status.js';

interface AlertsFlags extends DataDirFlags {
  rule?: string;
  since?: string;
  format: 'table' | 'ndjson';
}

/** Lines written to stdout at once: a big store is printed in pieces, never held whole as one string. */
const CHUNK = 1_000;

/** The options `alerts` and `export-alerts` share: which alerts. */
export function alertQueryOptions(command: Command): Command {
  return dataDirOption(command)
    .option('--rule <id>', 'only the alerts of this rule (its rule_id or uuid)')
    .option(
      '--since <date>',
      'only alerts written at or after this time (@timestamp): ISO date, epoch millis or date math (now-1d)',
    );
}

export function alertQueryOf(o: { rule?: string; since?: string }): AlertQuery {
  return {
    ...(o.rule !== undefined ? { rule: o.rule } : {}),
    ...(o.since !== undefined ? { since: parseDateMath(o.since, new Date(), '--since').toISOString() } : {}),
  };
}

/** A field of an alert by its dotted name, flat (`kibana.alert.severity`) or nested (`host: {name}`) as written. */
function field(doc: Record<string, unknown>, name: string): string {
  if (name in doc) return display(doc[name]);
  let v: unknown = doc;
  for (const part of name.split('.')) {
    if (v === null || typeof v !== 'object' || Array.isArray(v)) return '-';
    v = (v as Record<string, unknown>)[part];
  }
  return display(v);
}

const display = (v: unknown): string =>
  v === undefined || v === null || v === ''
    ? '-'
    : visibleText(Array.isArray(v) ? v.map(String).join(',') : String(v));

function tableRow(a: StoredAlert): string[] {
  const doc = JSON.parse(a.doc) as Record<string, unknown>;
  return [
    field(doc, '@timestamp').replace(/\.\d{3}Z$/, 'Z'),
    field(doc, 'kibana.alert.rule.name'),
    field(doc, 'host.name'),
    field(doc, 'kibana.alert.severity'),
    a.id,
  ];
}

export function registerAlerts(program: Command, io: CliIo): void {
  alertQueryOptions(
    program
      .command('alerts')
      .description('List the alerts the local store of the data directory holds, oldest first'),
  )
    .option('--format <format>', 'table or ndjson', oneOf('--format', ['table', 'ndjson']), 'table')
    .action(async (o: AlertsFlags) => {
      const query = alertQueryOf(o);
      const local = await openLocal(dataDirOf(o, io.env), { mustExist: true });
      try {
        const alerts = local.alerts.list(query);
        if (o.format === 'ndjson') {
          const lines: string[] = [];
          for (const a of alerts) {
            lines.push(`{"_id":${JSON.stringify(a.id)},"_source":${a.doc}}\n`);
            if (lines.length >= CHUNK) io.stdout(lines.splice(0).join(''));
          }
          if (lines.length > 0) io.stdout(lines.join(''));
        } else {
          const rows = [...alerts].map(tableRow);
          io.stdout(
            rows.length === 0 ? 'no alerts\n' : table(['TIME', 'RULE', 'HOST', 'SEVERITY', 'ID'], rows),
          );
        }
      } finally {
        local.close();
      }
    });
}
