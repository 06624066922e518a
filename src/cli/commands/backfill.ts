/**
 * `rule-runner backfill`: each rule over a past range (`--from`/`--to`), over its recorded gaps (`--gaps`), or an
 * earlier backfill resumed (`--resume ID`), with Kibana's windowed semantics (runner/backfill.ts). Several rules run
 * at once, at most `--concurrency`; one failing rule does not stop the others. With no cluster configured, local mode:
 * the data directory's events (or `--events`) and its local store, records and checkpoints included. With
 * `--dry-run` the alerts are printed as NDJSON, as run-once prints them. Ctrl-C stops after the running step, which a resume
 * redoes. Exit codes: 0 every backfill complete, 2 a user error before any ran, 3 some failed or were interrupted.
 */
import type { Command } from 'commander';
import { UserError } from '../../errors.js';
import type { Logger } from '../../logging/logger.js';
import type { LoadedRule } from '../../rules/loaded-rule.js';
import type { EngineChoice } from '../../run/es-auto.js';
import type { BackfillDeps, BackfillMethod, BackfillOutcome } from '../../runner/backfill.js';
import type { ProgressKind } from '../backfill-progress.js';
import type { EventInput } from '../../runner/execution.js';
import type { BackfillStore, Stores } from '../../store/stores.js';
import { DEFAULT_MAX_RANGE, parseBackfillRange, parseMaxRange } from '../../time/backfill-steps.js';
import {
  dataDirOf,
  dataDirOption,
  eventsDirOf,
  localModeLine,
  openLocal,
  openLocalIfAny,
  localStorePathOf,
  refuseDataDirWithCluster,
  refuseEngineOverFiles,
  refuseIndexFlags,
  STORE_INDEX_FLAGS,
  type DataDirFlags,
} from '../local-mode.js';
import { commandLogger } from '../logging.js';
import { collect, oneOf, wholeNumber } from '../options.js';
import type { CliIo } from '../program.js';
import { DEFAULT_KIBANA_VERSION, EXIT_EXECUTION_FAILED } from './run-once.js';
import { namesFromFlags, storeOptions, type StoreFlags } from './setup.js';

interface BackfillFlags extends StoreFlags, DataDirFlags {
  rule: string[];
  from?: string;
  to?: string;
  maxRange: string;
  concurrency: number;
  dryRun?: boolean;
  resume?: string;
  gaps?: boolean;
  events: string[];
  engine: EngineChoice;
  progress?: ProgressKind;
  method: BackfillMethod;
  kibanaVersion?: string;
}

export function registerBackfill(program: Command, io: CliIo): void {
  storeOptions(
    dataDirOption(program.command('backfill'))
      .description(
        'Run rules over a past range as their scheduled runs would have (--from/--to), fill their recorded gaps (--gaps), or resume a backfill (--resume ID)',
      )
      .option('--rule <path>', 'rule file or directory (repeatable)', collect, [])
      .option('--rules <dir>', 'the same as --rule', collect)
      .option('--from <date>', 'start: ISO date, epoch millis or date math (now-7d)')
      .option('--to <date>', 'end (not in the future): ISO date, epoch millis or date math (now)')
      .option('--max-range <duration>', 'the longest range taken', DEFAULT_MAX_RANGE)
      .option('--concurrency <n>', 'rules backfilled at once', wholeNumber('--concurrency', 1, 100), 4)
      .option('--dry-run', 'write nothing: print the alerts as NDJSON on stdout, a summary on stderr')
      .option('--resume <id>', 'continue the backfill with this id from its first step not complete')
      .option(
        '--gaps',
        "fill each rule's recorded gaps (unfilled or partially filled) and update their status",
      )
      .option(
        '--events <path>',
        'run over event files instead of the cluster (repeatable; with a cluster, needs --dry-run) or the data directory',
        collect,
        [],
      )
      .option(
        '--engine <engine>',
        'auto, search or eql',
        oneOf('--engine', ['auto', 'search', 'eql']),
        'auto',
      )
      .option(
        '--progress <kind>',
        'none, log or bar (default: bar on a terminal, log otherwise)',
        oneOf('--progress', ['none', 'log', 'bar']),
      )
      .option(
        '--method <method>',
        'one-pass (read the range once) or windowed (one execution per step, as Kibana; --engine eql is always windowed)',
        oneOf('--method', ['one-pass', 'windowed']),
        'one-pass',
      )
      .option('--kibana-version <version>', "kibana.version of the alerts (default: the cluster's version)"),
  ).action(async (o: BackfillFlags & { rules?: string[] }, cmd: Command) => {
    o.rule = [...o.rule, ...(o.rules ?? [])];
    refuseEngineOverFiles(o, cmd, io.env);
    const log = await commandLogger(cmd, io);
    const code = await backfill(o, io, log);
    if (code !== 0) io.exitCode = code;
  });
}

/** The flags' combination, checked before anything is read; `cluster`: one is configured. */
function checkFlags(o: BackfillFlags, cluster: boolean): void {
  if (o.rule.length === 0)
    throw new UserError('FLAGS_MISSING', 'give the rules with --rule PATH or --rules DIR');
  const modes = [o.from !== undefined || o.to !== undefined, o.gaps === true, o.resume !== undefined];
  if (modes.filter(Boolean).length !== 1)
    throw new UserError(
      'FLAGS_CONFLICT',
      'give one of --from/--to (a range), --gaps (the recorded gaps) or --resume ID (an earlier backfill)',
    );
  if (modes[0] && (o.from === undefined || o.to === undefined))
    throw new UserError(
      'FLAGS_MISSING',
      `${o.from === undefined ? '--from' : '--to'} is missing: a range needs both`,
    );
  if (!cluster) return;
  refuseDataDirWithCluster(o);
  if (o.events.length > 0 && !o.dryRun)
    throw new UserError(
      'NO_STORE',
      'alerts from --events are not written to a cluster by backfill: pass --dry-run to print them, or run without a cluster configured to write them to the local store',
    );
  if (o.events.length > 0 && (o.gaps || o.resume))
    throw new UserError('FLAGS_CONFLICT', '--gaps and --resume read the cluster’s records: drop --events');
}

async function backfill(o: BackfillFlags, io: CliIo, log: Logger): Promise<number> {
  const { connectionOptions } = await import('../../es/client.js');
  const cluster = connectionOptions(o, io.env) !== null;
  checkFlags(o, cluster);
  const clock = () => new Date();
  const now = clock();
  const maxRangeMs = parseMaxRange(o.maxRange);
  const range = o.from !== undefined ? parseBackfillRange(o.from, o.to!, now, maxRangeMs) : null;
  // the bar's library is loaded by the command that draws one: start-up loads commander only
  const { defaultProgress, progressView } = await import('../backfill-progress.js');
  const view = progressView(o.progress ?? defaultProgress(io.terminal), log, clock, io.terminal);
  const { loadRules } = await import('../../rules/load-rules.js');
  const loaded = loadRules(o.rule, { now });
  for (const w of loaded.warnings) log.warn(`${w.origin}${w.rule ? ` (${w.rule})` : ''}: ${w.message}`);
  // one bad rule is left out, the others run; the exit code says some did not
  for (const p of loaded.problems)
    log.error(`${p.origin}${p.rule ? ` (${p.rule})` : ''}${p.field ? ` ${p.field}` : ''}: ${p.message}`);
  if (loaded.rules.length === 0) throw new UserError('RULE_NONE', `no valid rule in ${o.rule.join(', ')}`);

  const { memoryStores } = await import('../../store/memory.js');
  const { dryRunStores } = await import('../../store/dry-run.js');
  const files = o.events.length > 0;
  let stores: Stores & { backfills: BackfillStore; data?: ReturnType<typeof memoryStores>['data'] } =
    memoryStores();
  let excludeIndices: string[] = [];
  let conn: import('../../es/client.js').Connection | null = null;
  // without a cluster: local mode, the data directory's store and (unless --events) its events
  let eventPaths = o.events;
  let local: import('../../store/local/local-stores.js').LocalStores | null = null;
  if (!cluster) {
    refuseIndexFlags(o as unknown as Record<string, unknown>, STORE_INDEX_FLAGS);
    const dataDir = dataDirOf(o, io.env);
    if (!files) eventPaths = [eventsDirOf(dataDir)];
    local = o.dryRun ? await openLocalIfAny(dataDir) : await openLocal(dataDir);
    log.info(localModeLine(localStorePathOf(dataDir, local), eventPaths));
    if (local) stores = o.dryRun ? dryRunStores(local) : local;
  } else if (!files) {
    const { connectFromFlags } = await import('./setup.js');
    namesFromFlags(o); // a bad index name or space is the user's error before connecting
    conn = await connectFromFlags(o, io);
  }
  try {
    if (conn) {
      const names = namesFromFlags(o);
      const { checkSetup } = await import('../../store/setup.js');
      const { esStores } = await import('../../store/es-stores.js');
      const { alertsTarget } = await checkSetup(conn.client, names);
      const real = esStores(conn.client, names, { alertsTarget });
      stores = o.dryRun ? dryRunStores(real) : real;
      excludeIndices = [
        names.alerts.alias,
        names.alerts.backingIndex,
        names.state,
        names.executions,
        names.gaps,
        names.backfills,
      ];
    }
    let rules = loaded.rules;
    if (o.resume !== undefined) {
      const record = await stores.backfills.get(o.resume);
      if (!record) throw new UserError('BACKFILL_NOT_FOUND', `--resume: no backfill with id ${o.resume}`);
      rules = rules.filter((r) => r.uuid === record.ruleUuid);
      if (rules.length === 0)
        throw new UserError(
          'BACKFILL_RULE',
          `--resume: backfill ${o.resume} is of rule ${record.ruleId}, which is not in ${o.rule.join(', ')}`,
        );
    }
    const events: EventInput =
      eventPaths.length > 0
        ? { kind: 'files', paths: eventPaths }
        : { kind: 'cluster', client: conn!.client, engine: o.engine };
    const { executeRule } = await import('../../runner/execute-rule.js');
    const { fillGaps, runBackfill } = await import('../../runner/backfill.js');
    const ac = new AbortController();
    const onSignal = () => {
      log.warn('interrupted: stopping after the running step (resume with --resume ID)');
      ac.abort(new Error('interrupted'));
    };
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
    const deps: BackfillDeps = {
      execute: executeRule,
      execution: {
        events,
        stores,
        clock,
        spaceId: o.space,
        kibanaVersion: o.kibanaVersion ?? conn?.version ?? DEFAULT_KIBANA_VERSION,
        excludeIndices,
      },
      logger: log,
      signal: ac.signal,
    };
    let failed = loaded.problems.length > 0 ? 1 : 0;
    try {
      const one = async (rule: LoadedRule): Promise<void> => {
        const onProgress = view.listener(rule.rule.rule_id);
        const method = o.method;
        try {
          const outcomes: BackfillOutcome[] = o.gaps
            ? await fillGaps(rule, deps, { onProgress, method })
            : [
                await runBackfill(
                  rule,
                  o.resume !== undefined
                    ? { kind: 'resume', id: o.resume }
                    : { kind: 'range', range: range! },
                  deps,
                  { onProgress, method },
                ),
              ];
          if (o.gaps && outcomes.length === 0) io.stderr(`rule ${rule.rule.rule_id}: no open gaps\n`);
          for (const out of outcomes) {
            if (out.outcome !== 'complete') failed++;
            io.stderr(summary(rule, out) + '\n');
          }
        } catch (e) {
          failed++;
          const message = e instanceof Error ? e.message : String(e);
          log.error(`rule ${rule.rule.rule_id}: the backfill failed: ${message}`);
        }
      };
      await pool(rules, o.concurrency, one);
    } finally {
      view.stop();
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    }
    if (o.dryRun && stores.data) {
      // grouped by rule in the rules' order, each in the order written: the same output at any concurrency
      const all = [...stores.data.alerts];
      for (const r of rules)
        io.stdout(
          all
            .filter(([, a]) => a['kibana.alert.rule.uuid'] === r.uuid)
            .map(([id, a]) => JSON.stringify({ _id: id, _source: a }) + '\n')
            .join(''),
        );
    }
    return failed > 0 ? EXIT_EXECUTION_FAILED : 0;
  } finally {
    await conn?.client.close();
    local?.close();
  }
}

/** Runs `work` over `items`, at most `limit` at once. */
async function pool<T>(items: T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await work(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

function summary(rule: LoadedRule, out: BackfillOutcome): string {
  const r = out.record;
  const done = r.steps.filter((s) => s.status === 'complete').length;
  const errors = r.steps.filter((s) => s.status === 'error').length;
  const created = out.results.reduce((n, x) => n + x.counts.alertsCreated, 0);
  const events = out.results.reduce((n, x) => n + x.counts.eventsScanned, 0);
  const gaps = out.gaps.map((g) => `; gap ${g.range.gte}..${g.range.lte} ${g.status}`).join('');
  const resume =
    (out.error !== undefined ? ` (${out.error})` : '') +
    (out.outcome === 'complete' ? '' : ` (resume with --resume ${r.id})`);
  return (
    `backfill ${r.id} rule ${rule.rule.rule_id} (${rule.rule.name}): ${out.outcome}${resume}; ` +
    `${r.range.start}..${r.range.end}; ${done}/${r.steps.length} steps complete, ${errors} in error; ` +
    `${events} events, ${created} alerts written${gaps}`
  );
}
