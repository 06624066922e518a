/**
 * The daemon of `rule-runner run` (flags and parts in run.ts, which loads this module only when the command runs):
 * the scheduler over the parts' rules, each tick a scheduled run, the metrics endpoint, the signals that stop it,
 * and the parts: against a cluster (`clusterParts`), or local mode's (`localParts`) when none is configured.
 */
import { UserError } from '../../errors.js';
import type { Logger } from '../../logging/logger.js';
import { DEFAULT_METRICS_HOST, startHttp, type HttpEndpoint } from '../../runner/http.js';
import { RunnerMetrics } from '../../runner/metrics.js';
import { runScheduledTick } from '../../runner/scheduled-run.js';
import { Scheduler } from '../../runner/scheduler.js';
import { systemTime, type TimeSource } from '../../runner/ticker.js';
import { removeAllTempDirs } from '../../sources/files/temp-dirs.js';
import {
  dataDirOf,
  eventsDirOf,
  localModeLine,
  openLocal,
  refuseDataDirWithCluster,
  refuseIndexFlags,
} from '../local-mode.js';
import { problemLine } from '../problem-line.js';
import type { CliIo } from '../program.js';
import { SHUTDOWN_SIGNALS, releaseShutdownSignals } from '../shutdown.js';
import type { DaemonParts, ResolveParts, RunCommandDeps, RunFlags } from './run.js';
import { DEFAULT_KIBANA_VERSION } from './run-once.js';

export interface Daemon {
  scheduler: Scheduler;
  metrics: RunnerMetrics;
  http: HttpEndpoint | null;
  /** Stops the scheduler (with the grace) and the HTTP endpoint. */
  stop(graceMs: number): Promise<void>;
}

export interface DaemonOptions {
  concurrency: number;
  timeoutMs: number;
  metricsPort?: number;
  metricsHost?: string;
  spaceId: string;
  logger: Logger;
  time?: TimeSource;
  processMetrics?: boolean;
}

/** Schedules the parts' enabled rules and serves the endpoint; the caller decides when to stop. */
export async function startDaemon(parts: DaemonParts, opts: DaemonOptions): Promise<Daemon> {
  const time = opts.time ?? systemTime;
  const metrics = new RunnerMetrics({ processMetrics: opts.processMetrics ?? false });
  const execution = {
    events: parts.events,
    stores: parts.stores,
    clock: () => time.now(),
    spaceId: opts.spaceId,
    kibanaVersion: parts.kibanaVersion,
    ...(parts.excludeIndices ? { excludeIndices: parts.excludeIndices } : {}),
  };
  const scheduler = new Scheduler({
    rules: parts.rules,
    state: parts.stores.state,
    run: (rule, ctx) => runScheduledTick(rule, ctx, { execute: parts.execute, execution, metrics }),
    time,
    concurrency: opts.concurrency,
    timeoutMs: opts.timeoutMs,
    logger: opts.logger,
    metrics,
  });
  let http: HttpEndpoint | null = null;
  if (opts.metricsPort !== undefined) {
    try {
      http = await startHttp({
        port: opts.metricsPort,
        host: opts.metricsHost,
        metrics,
        status: () => scheduler.status(),
      });
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      throw new UserError(
        'METRICS_PORT',
        `--metrics-port ${opts.metricsPort} on ${opts.metricsHost ?? DEFAULT_METRICS_HOST}: ` +
          (code === 'EADDRINUSE'
            ? 'the port is in use'
            : code === 'EADDRNOTAVAIL'
              ? 'no such address here'
              : String(e)),
      );
    }
  }
  await scheduler.start();
  return {
    scheduler,
    metrics,
    http,
    async stop(graceMs) {
      await scheduler.stop({ graceMs });
      await http?.close();
    },
  };
}

/** Resolves the parts, runs until a signal, stops, and lets go of the parts whatever happened. */
export async function runDaemon(
  flags: RunFlags,
  io: CliIo,
  logger: Logger,
  deps: RunCommandDeps,
): Promise<void> {
  const parts = await deps.resolveParts(flags, io, logger);
  try {
    await runUntilSignalled(parts, flags, logger, deps);
  } finally {
    await parts.close();
    removeAllTempDirs();
  }
}

async function runUntilSignalled(parts: DaemonParts, flags: RunFlags, logger: Logger, deps: RunCommandDeps) {
  const enabled = parts.rules.filter((r) => r.rule.enabled);
  if (enabled.length === 0)
    throw new UserError('NO_RULES', `no enabled rule in ${flags.rules.join(', ')}: nothing to run`);
  const signals = deps.signals ?? process;
  // listening before the entry point's handlers are let go: a Ctrl-C while the daemon starts stops it once started
  let listeners: Array<readonly [string, () => void]> = [];
  const unlisten = () => {
    for (const [s, l] of listeners) signals.off(s, l);
  };
  const signalled = new Promise<string>((resolve) => {
    listeners = SHUTDOWN_SIGNALS.map((s) => [s, () => (unlisten(), resolve(s))] as const);
    for (const [s, l] of listeners) signals.on(s, l);
  });
  if (signals === process) releaseShutdownSignals();
  const daemon = await startDaemon(parts, {
    concurrency: flags.concurrency,
    timeoutMs: flags.timeout,
    metricsPort: flags.metricsPort,
    metricsHost: flags.metricsHost,
    spaceId: flags.space,
    logger,
    time: deps.time,
    processMetrics: true,
  }).catch((e: unknown) => {
    unlisten();
    throw e;
  });
  logger.info('rule runner started', {
    rules: enabled.length,
    disabled: parts.rules.length - enabled.length,
    concurrency: flags.concurrency,
    ...(daemon.http ? { metricsUrl: daemon.http.url } : {}),
  });
  const signal = await signalled;
  logger.info(`${signal}: stopping`, {
    graceMs: flags.shutdownGrace,
    running: daemon.scheduler.status().running,
  });
  // a second signal: stop waiting for the running rules
  const now = () => void daemon.scheduler.stop({ graceMs: 0 });
  for (const s of SHUTDOWN_SIGNALS) signals.on(s, now);
  try {
    await daemon.stop(flags.shutdownGrace);
  } finally {
    for (const s of SHUTDOWN_SIGNALS) signals.off(s, now);
  }
  logger.info('rule runner stopped: state saved');
}

/** The rules that load: a bad rule is logged with its file, field and fault and left out (one never stops the others). */
async function loadDaemonRules(flags: RunFlags, logger: Logger) {
  const { loadRules } = await import('../../rules/load-rules.js');
  const loaded = loadRules(flags.rules, { now: new Date() });
  for (const p of loaded.problems) logger.error(`${problemLine(p)}; the rule is left out`);
  for (const w of loaded.warnings) logger.warn(problemLine(w));
  if (loaded.rules.length === 0)
    throw new UserError(
      'RULE_NONE',
      `no rule loaded from ${flags.rules.join(', ')}` +
        (loaded.problems.length > 0 ? ' (see the errors above)' : ''),
    );
  return loaded.rules;
}

/** The cluster's parts when one is configured (flags or environment), else local mode's. */
export const defaultParts: ResolveParts = async (flags, io, logger) => {
  const { connectionOptions } = await import('../../es/client.js');
  return connectionOptions(flags, io.env) ? clusterParts(flags, io, logger) : localParts(flags, io, logger);
};

/**
 * The parts against a cluster: the rules that load, a connection, the stores once setup is checked, and the
 * execution of runner/execute-rule.ts on the chosen engine (or over `--events` files).
 */
export const clusterParts: ResolveParts = async (flags, io, logger) => {
  const { executeRule } = await import('../../runner/execute-rule.js');
  const { connect, connectionOptions } = await import('../../es/client.js');
  const { storeNames } = await import('../../store/names.js');
  const { checkSetup } = await import('../../store/setup.js');
  const { esStores } = await import('../../store/es-stores.js');
  const names = storeNames(flags.space, flags.alertsIndex ? { alerts: flags.alertsIndex } : {});
  const options = connectionOptions(flags, io.env);
  if (!options)
    throw new UserError(
      'NO_SOURCE',
      'give --es-url URL (or $ELASTICSEARCH_URL): the daemon runs against a cluster',
    );
  refuseDataDirWithCluster(flags);
  const rules = await loadDaemonRules(flags, logger);
  const conn = await connect(options);
  try {
    const setup = await checkSetup(conn.client, names);
    logger.info('connected', { url: conn.displayUrl, version: conn.version, alerts: names.alerts.alias });
    return {
      rules,
      stores: esStores(conn.client, names, { alertsTarget: setup.alertsTarget }),
      execute: executeRule,
      events:
        flags.events.length > 0
          ? { kind: 'files', paths: flags.events }
          : { kind: 'cluster', client: conn.client, engine: flags.engine },
      kibanaVersion: flags.kibanaVersion ?? conn.version,
      excludeIndices: [
        names.alerts.alias,
        names.alerts.backingIndex,
        names.state,
        names.executions,
        names.gaps,
      ],
      close: () => conn.client.close(),
    };
  } catch (e) {
    await conn.client.close();
    throw e;
  }
};

/**
 * Local mode's parts: the rules that load, the data directory's local store, and its events directory (or
 * `--events`), which every execution lists again, so that files added and lines appended are read by the next run.
 */
export const localParts: ResolveParts = async (flags, io, logger) => {
  const { executeRule } = await import('../../runner/execute-rule.js');
  refuseIndexFlags(flags as unknown as Record<string, unknown>, { alertsIndex: '--alerts-index' });
  const dataDir = dataDirOf(flags, io.env);
  const rules = await loadDaemonRules(flags, logger);
  const events = flags.events.length > 0 ? flags.events : [eventsDirOf(dataDir)];
  const stores = await openLocal(dataDir);
  logger.info(localModeLine(stores.path, events), { mode: 'local', store: stores.path, events });
  return {
    rules,
    stores,
    execute: executeRule,
    // the data directory's events dir may be empty until files arrive: no events then, not a failed run
    events: { kind: 'files', paths: events, emptyMeansNone: flags.events.length === 0 },
    kibanaVersion: flags.kibanaVersion ?? DEFAULT_KIBANA_VERSION,
    close: async () => stores.close(),
  };
};
