/**
 * `rule-runner gaps [--rule ID] [--json]`: the gaps the scheduler recorded (time a rule's runs did not search),
 * with Kibana's status (unfilled, partially_filled, filled) and how much of each is still unfilled, read from the
 * stores `setup` installed. `backfill --gaps` fills them.
 */
import type { Command } from 'commander';
import type { GapRecord } from '../../store/stores.js';
import { fromIso, totalMs, unfilledIntervals } from '../../time/intervals.js';
import { formatDuration } from '../../time/duration.js';
import type { CliIo } from '../program.js';
import { dataDirOption, type DataDirFlags } from '../local-mode.js';
import { openReadStores } from './open-stores.js';
import { storeOptions, type StoreFlags } from './setup.js';

interface GapsFlags extends StoreFlags, DataDirFlags {
  rule?: string;
  json?: boolean;
}

const when = (iso: string) => iso.replace(/\.\d{3}Z$/, 'Z');

/** What of the gap is not filled, in milliseconds. */
export function unfilledMs(g: GapRecord): number {
  return totalMs(unfilledIntervals({ range: fromIso(g.range), filled: g.filledIntervals.map(fromIso) }));
}

/** A table a column per field, blank-padded; `no gaps recorded` when there is none. */
export function formatGaps(gaps: GapRecord[]): string {
  if (gaps.length === 0) return 'no gaps recorded\n';
  const header = ['RULE', 'STATUS', 'FROM', 'TO', 'DURATION', 'UNFILLED'];
  const rows = gaps.map((g) => [
    g.ruleId,
    g.status,
    when(g.range.gte),
    when(g.range.lte),
    formatDuration(Date.parse(g.range.lte) - Date.parse(g.range.gte)),
    formatDuration(unfilledMs(g)),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i]!))
      .join('  ')
      .trimEnd();
  return [header, ...rows].map(line).join('\n') + '\n';
}

export function registerGaps(program: Command, io: CliIo): void {
  storeOptions(
    dataDirOption(program.command('gaps'))
      .description('List the gaps the scheduler recorded, with their status (fill them with backfill --gaps)')
      .option('--rule <id>', 'only this rule (its rule_id or uuid)')
      .option(
        '--json',
        'print JSON: {gaps: [{id, ruleUuid, ruleId, range, status, filledIntervals, recordedAt}]}',
      ),
  ).action(async (o: GapsFlags) => {
    const { stores, close } = await openReadStores(o, io);
    try {
      const gaps = (await stores.gaps.list({})).filter(
        (g) => o.rule === undefined || g.ruleId === o.rule || g.ruleUuid === o.rule,
      );
      io.stdout(o.json ? JSON.stringify({ gaps }, null, 2) + '\n' : formatGaps(gaps));
    } finally {
      await close();
    }
  });
}
