/**
 * `rule-runner start`, what `npm start` runs: the main job in one command. With no cluster configured it is the
 * embedded default's first run: the data directory's events (a realistic sample generated when it holds no event
 * file), the rules (default ./rule.json) backfilled over the sample's hours when the sample was just made, so that
 * every planted true positive is found and not only those in a first run's look-back, then the rules on their
 * schedules until Ctrl-C. Every alert written is told on stdout in a few lines for a person (alert-summary.ts),
 * beside the JSON logs on stderr. A second start finds the sample, goes on from the saved state, and writes no
 * alert twice (the deterministic ids). With a cluster configured, start is `run` with those summaries.
 */
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { UserError, visibleText } from '../../errors.js';
import type { AlertDoc } from '../../alerts/types.js';
import type { Logger } from '../../logging/logger.js';
import type { LoadedRule } from '../../rules/loaded-rule.js';
import type { AlertStore, Stores } from '../../store/stores.js';
import { DEFAULT_METRICS_HOST } from '../../runner/http.js';
import {
  clusterConfigured,
  dataDirOf,
  dataDirOption,
  EVENTS_SUBDIR,
  type DataDirFlags,
} from '../local-mode.js';
import { commandLogger } from '../logging.js';
import { collect, wholeNumber } from '../options.js';
import type { CliIo } from '../program.js';
import { releaseShutdownSignals, SHUTDOWN_SIGNALS } from '../shutdown.js';
import { DEFAULT_CONCURRENCY } from '../../runner/scheduler.js';
import { DEFAULT_SHUTDOWN_GRACE_MS, DEFAULT_TIMEOUT_MS, type RunCommandDeps, type RunFlags } from './run.js';

export const RULES_ENV = 'RULE_RUNNER_RULES';
export const DEFAULT_RULES = 'rule.json';

interface StartFlags extends DataDirFlags {
  rules?: string[];
  hours: number;
  metricsPort?: number;
}

/** Whether `dir` holds an event file, as the event-file source finds them: what "the sample is absent" means. */
async function holdsEventFiles(dir: string): Promise<boolean> {
  if (!existsSync(dir)) return false;
  if (!statSync(dir).isDirectory())
    throw new UserError(
      'EVENTS_DIR',
      `${visibleText(dir)} is not a directory: local mode reads event files from it`,
    );
  const { findEventFiles } = await import('../../sources/files/event-files.js');
  return findEventFiles([dir], undefined, { emptyDirs: 'none' }).length > 0;
}

/** The stores with their alert store telling `tell` what each write created. */
function telling<S extends Stores>(stores: S, tell: (created: AlertDoc[]) => void): S {
  const alerts: AlertStore = {
    existingIds: (ids, signal) => stores.alerts.existingIds(ids, signal),
    async create(docs, signal, options) {
      const report = await stores.alerts.create(docs, signal, options);
      const created = new Set(report.created);
      const fresh = docs.filter((d) => created.has(d._id));
      if (fresh.length > 0) tell(fresh);
      return report;
    },
  };
  return { ...stores, alerts };
}

export function registerStart(program: Command, io: CliIo, deps?: Partial<RunCommandDeps>): void {
  dataDirOption(program.command('start'))
    .description(
      'The main job in one command: without a cluster, local mode on the data directory (a sample generated when it has no events, backfilled once), then the rules on their schedules until Ctrl-C; new alerts told on stdout',
    )
    .option(
      `--rules <path>`,
      `rule file or directory (repeatable; default $${RULES_ENV} or ./${DEFAULT_RULES})`,
      collect,
    )
    .option(
      '--hours <n>',
      'hours of the sample generated when the events directory has none',
      wholeNumber('--hours', 1, 720),
      24,
    )
    .option(
      '--metrics-port <port>',
      'serve GET /healthz and GET /metrics on this port',
      wholeNumber('--metrics-port', 0, 65535),
    )
    .action(async (o: StartFlags, cmd: Command) => {
      if (cmd.parent && cmd.parent.getOptionValueSource('logFormat') !== 'cli')
        cmd.parent.setOptionValueWithSource('logFormat', 'json', 'default');
      const logger = await commandLogger(cmd, io);
      await start(o, io, logger, deps ?? {});
    });
}

async function start(o: StartFlags, io: CliIo, logger: Logger, deps: Partial<RunCommandDeps>): Promise<void> {
  const rules = o.rules ?? [io.env[RULES_ENV] || DEFAULT_RULES];
  for (const r of rules)
    if (!existsSync(r))
      throw new UserError(
        'RULES_MISSING',
        `no rules at ${visibleText(r)}: give --rules PATH (a rule file or a directory of them) or set $${RULES_ENV}`,
      );
  const { formatAlertSummary } = await import('../../output/alert-summary.js');
  const tell = (created: AlertDoc[]) => io.stdout(formatAlertSummary(created).join('\n') + '\n');
  const cluster = clusterConfigured({}, io.env);
  const dataDir = cluster ? null : dataDirOf(o, io.env);
  // the process's signals are this command's: the backfill stops at a step, the daemon drains its rules
  const signals = deps.signals ?? process;
  if (signals === process) releaseShutdownSignals();

  if (dataDir !== null) {
    const eventsDir = join(dataDir, EVENTS_SUBDIR);
    if (!(await holdsEventFiles(eventsDir))) {
      // rules that cannot run are said before anything is written
      const runnable = await runnableRules(rules, logger);
      const range = await generate(eventsDir, o.hours, io);
      const done = await backfillSample(runnable, rules, dataDir, eventsDir, range, logger, signals, (s) =>
        telling(s, tell),
      );
      if (!done) return;
    }
  }
  const daemon = await import('./run-daemon.js');
  const flags: RunFlags = {
    rules,
    events: [],
    concurrency: DEFAULT_CONCURRENCY,
    timeout: DEFAULT_TIMEOUT_MS,
    shutdownGrace: DEFAULT_SHUTDOWN_GRACE_MS,
    metricsHost: DEFAULT_METRICS_HOST,
    engine: 'auto',
    space: 'default',
    ...(o.metricsPort !== undefined ? { metricsPort: o.metricsPort } : {}),
    ...(o.dataDir !== undefined ? { dataDir: o.dataDir } : {}),
  };
  const resolve = deps.resolveParts ?? daemon.defaultParts;
  await daemon.runDaemon(flags, io, logger, {
    ...deps,
    signals,
    resolveParts: async (f, i, l) => {
      const parts = await resolve(f, i, l);
      return { ...parts, stores: telling(parts.stores, tell) };
    },
  });
}

/**
 * The enabled rules that load from `rules`, for the sample's backfill; RULE_NONE, as run would throw, when there is
 * none. The problems of the others are logged by run, which loads them again as every daemon does.
 */
async function runnableRules(rules: string[], logger: Logger): Promise<LoadedRule[]> {
  const { loadRules } = await import('../../rules/load-rules.js');
  const { problemLine } = await import('../problem-line.js');
  const loaded = loadRules(rules, { now: new Date() });
  const enabled = loaded.rules.filter((r) => r.rule.enabled);
  if (enabled.length > 0) return enabled;
  for (const p of loaded.problems) logger.error(`${problemLine(p)}; the rule is left out`);
  throw new UserError(
    'RULE_NONE',
    `no enabled rule loaded from ${rules.join(', ')}${loaded.problems.length > 0 ? ' (see the errors above)' : ''}: nothing generated, nothing run`,
  );
}

/** Writes the sample into `dir` ending now, prints what it planted, and returns the range it covers. */
async function generate(dir: string, hours: number, io: CliIo): Promise<{ start: Date; end: Date }> {
  const { mkdirSync } = await import('node:fs');
  const { writeSample } = await import('../../generate/write-sample.js');
  const { sampleReport } = await import('../../generate/sample-report.js');
  const { onFsError, SAMPLE_RULE } = await import('./generate.js');
  const end = new Date();
  onFsError(dir, () => mkdirSync(dir, { recursive: true }), '--data-dir');
  const written = onFsError(dir, () => writeSample(dir, { endMs: end.getTime(), hours }), '--data-dir');
  io.stdout(`no event files in ${visibleText(dir)}: generated a sample there\n`);
  io.stdout(sampleReport(written, dir, SAMPLE_RULE).join('\n') + '\n');
  return { start: new Date(written.manifest.startMs), end };
}

/**
 * Each rule backfilled over the sample's range into the local store, so that the true positives older than a
 * first run's look-back are found too. False when a signal stopped it (the step it was at is redone by
 * `backfill --resume ID`, which the log names).
 */
async function backfillSample(
  runnable: LoadedRule[],
  rules: string[],
  dataDir: string,
  eventsDir: string,
  range: { start: Date; end: Date },
  logger: Logger,
  signals: NonNullable<RunCommandDeps['signals']>,
  wrap: <S extends Stores>(s: S) => S,
): Promise<boolean> {
  const { runBackfill } = await import('../../runner/backfill.js');
  const { executeRule } = await import('../../runner/execute-rule.js');
  const { openLocal } = await import('../local-mode.js');
  const { DEFAULT_KIBANA_VERSION } = await import('./run-once.js');
  const local = await openLocal(dataDir);
  const ac = new AbortController();
  const onSignal = () => ac.abort(new Error('interrupted'));
  for (const s of SHUTDOWN_SIGNALS) signals.on(s, onSignal);
  try {
    for (const rule of runnable) {
      logger.info(`backfilling ${rule.rule.name} over the sample`, {
        ruleId: rule.rule.rule_id,
        from: range.start.toISOString(),
        to: range.end.toISOString(),
      });
      const out = await runBackfill(
        rule,
        { kind: 'range', range },
        {
          execute: executeRule,
          execution: {
            events: { kind: 'files', paths: [eventsDir] },
            stores: wrap(local),
            clock: () => new Date(),
            spaceId: 'default',
            kibanaVersion: DEFAULT_KIBANA_VERSION,
          },
          logger,
          signal: ac.signal,
        },
      );
      const written = out.results.reduce((n, r) => n + r.counts.alertsCreated, 0);
      logger.info(`backfill ${out.record.id} ${out.outcome}: ${written} alerts written`, {
        ruleId: rule.rule.rule_id,
        backfillId: out.record.id,
      });
      if (out.outcome === 'interrupted') {
        logger.info(
          `stopped: resume with rule-runner backfill --rules ${rules.join(' ')} --resume ${out.record.id}`,
        );
        return false;
      }
    }
    return true;
  } finally {
    for (const s of SHUTDOWN_SIGNALS) signals.off(s, onSignal);
    local.close();
  }
}
