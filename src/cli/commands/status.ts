/**
 * `rule-runner status`: each rule's state and its last executions, read from the stores `setup` installed, or with no cluster configured from the local store, as
 * tables for a person or as JSON for scripts (`--json`). Rules that have executions but no state yet (a
 * `run-once`, a first run that has not finished) are listed too, with their state empty.
 */
import type { Command } from 'commander';
import { UserError } from '../../errors.js';
import type { ExecutionLogDoc, GapRecord, RuleState, Stores } from '../../store/stores.js';
import { wholeNumber } from '../options.js';
import type { CliIo } from '../program.js';
import { dataDirOption, type DataDirFlags } from '../local-mode.js';
import { openReadStores } from './open-stores.js';
import { storeOptions, type StoreFlags } from './setup.js';

interface StatusFlags extends StoreFlags, DataDirFlags {
  rule?: string;
  json?: boolean;
  limit: number;
}

export interface RuleStatus {
  ruleUuid: string;
  ruleId: string;
  name: string;
  state: RuleState | null;
  executions: ExecutionLogDoc[];
  gaps: GapRecord[];
}

/** How many recent executions are scanned for rules that have no state yet. */
const STATELESS_SCAN = 1_000;

/** Every rule's status (or the one `rule` names, by rule_id or uuid), each with its `limit` last executions. */
export async function readStatus(
  stores: Stores,
  opts: { rule?: string; limit: number },
): Promise<RuleStatus[]> {
  const states = await stores.state.list();
  const byUuid = new Map<string, RuleStatus>();
  for (const s of states)
    byUuid.set(s.ruleUuid, {
      ruleUuid: s.ruleUuid,
      ruleId: s.ruleId,
      name: s.name,
      state: s,
      executions: [],
      gaps: [],
    });
  for (const e of await stores.log.recent({ limit: STATELESS_SCAN }))
    if (!byUuid.has(e.ruleUuid))
      byUuid.set(e.ruleUuid, {
        ruleUuid: e.ruleUuid,
        ruleId: e.ruleId,
        name: e.ruleName,
        state: null,
        executions: [],
        gaps: [],
      });
  let rules = [...byUuid.values()];
  if (opts.rule !== undefined) {
    rules = rules.filter((r) => r.ruleId === opts.rule || r.ruleUuid === opts.rule);
    if (rules.length === 0)
      throw new UserError(
        'RULE_NOT_FOUND',
        `--rule ${opts.rule}: no rule with that rule_id or uuid has state or executions here` +
          (byUuid.size > 0
            ? ` (rules: ${[...byUuid.values()].map((r) => r.ruleId).join(', ')})`
            : ' (no rule has run yet)'),
      );
  }
  for (const r of rules) {
    r.executions = await stores.log.recent({ ruleUuid: r.ruleUuid, limit: opts.limit });
    r.gaps = await stores.gaps.list({ ruleUuid: r.ruleUuid });
  }
  return rules.sort((a, b) => a.name.localeCompare(b.name) || a.ruleUuid.localeCompare(b.ruleUuid));
}

/** Rows under a header, each column padded to its widest cell. */
export function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i]!))
      .join('  ')
      .trimEnd();
  return [line(header), ...rows.map(line)].join('\n') + '\n';
}

const dash = (v: string | undefined) => (v === undefined || v === '' ? '-' : v);
/** An ISO time to the second, for a table. */
const when = (iso: string | undefined) => (iso ? iso.replace(/\.\d{3}Z$/, 'Z') : '-');

function rulesTable(rules: RuleStatus[]): string {
  return table(
    ['RULE', 'RULE ID', 'LAST STATUS', 'LAST RUN', 'LAST SUCCESS', 'GAPS'],
    rules.map((r) => [
      r.name,
      r.ruleId,
      dash(r.state?.lastStatus ?? r.executions[0]?.status),
      when(r.state?.lastStartedAt ?? r.executions[0]?.startedAt),
      when(r.state?.lastSucceededAt),
      String(r.gaps.filter((g) => g.status !== 'filled').length),
    ]),
  );
}

function executionsTable(r: RuleStatus): string {
  if (r.executions.length === 0) return '  no executions\n';
  const rows = r.executions.map((e) => [
    when(e.startedAt),
    e.executionType,
    e.status,
    `${when(e.window.start)}..${when(e.window.end)}`,
    e.engine,
    String(e.counts.matches),
    String(e.counts.alertsCreated),
    String(e.counts.duplicatesSkipped),
    String(e.counts.truncated),
    String(e.counts.writeFailures),
    `${e.durations.totalMs}ms`,
  ]);
  const text = table(
    [
      'STARTED',
      'TYPE',
      'STATUS',
      'WINDOW',
      'ENGINE',
      'MATCHES',
      'CREATED',
      'DUPLICATES',
      'TRUNCATED',
      'FAILED',
      'DURATION',
    ],
    rows,
  );
  return text
    .split('\n')
    .map((l) => (l ? `  ${l}` : l))
    .join('\n');
}

/** The tables `status` prints: the rules, then each rule's last executions, messages and open gaps. */
export function formatStatus(rules: RuleStatus[]): string {
  if (rules.length === 0) return 'no rule has run yet\n';
  let out = rulesTable(rules);
  for (const r of rules) {
    out += `\n${r.name} (rule_id ${r.ruleId}, uuid ${r.ruleUuid})\n`;
    if (r.state?.lastMessage) out += `  message: ${r.state.lastMessage}\n`;
    const last = r.executions[0];
    for (const w of last?.warnings ?? []) out += `  warning: ${w}\n`;
    if (last?.error) out += `  error: ${last.error}\n`;
    for (const g of r.gaps.filter((x) => x.status !== 'filled'))
      out += `  gap (${g.status}): ${when(g.range.gte)}..${when(g.range.lte)}\n`;
    out += executionsTable(r);
  }
  return out;
}

export function registerStatus(program: Command, io: CliIo): void {
  storeOptions(
    dataDirOption(program.command('status'))
      .description('Show each rule’s state and its last executions (a table, or --json)')
      .option('--rule <id>', 'only this rule (its rule_id or uuid)')
      .option('--limit <n>', 'executions shown per rule', wholeNumber('--limit', 1, 10_000), 5)
      .option('--json', 'print JSON: {rules: [{ruleUuid, ruleId, name, state, executions, gaps}]}'),
  ).action(async (o: StatusFlags) => {
    const { stores, close } = await openReadStores(o, io);
    try {
      const rules = await readStatus(stores, {
        rule: o.rule,
        limit: o.limit,
      });
      io.stdout(o.json ? JSON.stringify({ rules }, null, 2) + '\n' : formatStatus(rules));
    } finally {
      await close();
    }
  });
}
