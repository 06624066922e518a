/**
 * `rule-runner run`: the daemon. Loads the rules, connects and checks the stores (the parts, resolved by
 * `resolveParts` so that a test hands in memory ones), schedules every enabled rule (runner/scheduler.ts, each tick
 * a runner/scheduled-run.ts), serves `/healthz` and `/metrics` when `--metrics-port` is given, and on SIGINT,
 * SIGTERM or SIGHUP stops: no new runs, running ones get `--shutdown-grace` to finish and are then aborted, each
 * tick saves its state, the process exits 0. A second signal aborts the running ones at once.
 */
import { InvalidArgumentError, type Command } from 'commander';
import { UserError } from '../../errors.js';
import type { Logger } from '../../logging/logger.js';
import type { LoadedRule } from '../../rules/loaded-rule.js';
import type { EventInput, ExecuteRule } from '../../runner/execution.js';
import { DEFAULT_METRICS_HOST, startHttp, type HttpEndpoint } from '../../runner/http.js';
import { RunnerMetrics } from '../../runner/metrics.js';
import { runScheduledTick } from '../../runner/scheduled-run.js';
import { DEFAULT_CONCURRENCY, Scheduler } from '../../runner/scheduler.js';
import { systemTime, type TimeSource } from '../../runner/ticker.js';
import { removeAllTempDirs } from '../../sources/files/temp-dirs.js';
import type { Stores } from '../../store/stores.js';
import { durationMs } from '../../time/duration.js';
import { commandLogger } from '../logging.js';
import { collect, oneOf, wholeNumber } from '../options.js';
import type { CliIo } from '../program.js';
import { SHUTDOWN_SIGNALS, releaseShutdownSignals } from '../shutdown.js';

export interface RunFlags {
  rules: string[];
  concurrency: number;
  /** Milliseconds. */
  timeout: number;
  shutdownGrace: number;
  metricsPort?: number;
  metricsHost: string;
  esUrl?: string;
  apiKey?: string;
  username?: string;
  password?: string;
  caCert?: string;
  engine: 'auto' | 'search' | 'eql';
  space: string;
}

/** What the daemon runs with: the rules, where it writes, what executes a window, and how to let go of them. */
export interface DaemonParts {
  rules: LoadedRule[];
  stores: Stores;
  execute: ExecuteRule;
  events: EventInput;
  kibanaVersion: string;
  /** Closes what resolving opened (the client). */
  close(): Promise<void>;
}

export type ResolveParts = (flags: RunFlags, io: CliIo, logger: Logger) => Promise<DaemonParts>;

/** Where the process's signals come from (the process; an EventEmitter in tests). */
export interface SignalSource {
  on(signal: string, listener: () => void): unknown;
  off(signal: string, listener: () => void): unknown;
}

export interface RunCommandDeps {
  resolveParts: ResolveParts;
  signals?: SignalSource;
  time?: TimeSource;
}

/** A duration flag (`5m`, `30s`): whole seconds, minutes, hours or days; `min` ms at least. */
function durationFlag(flag: string, min: number) {
  return (value: string): number => {
    const m = /^(\d+)([smhd])$/.exec(value);
    const ms = m ? durationMs(`${Number(m[1])}${m[2]}`) : NaN;
    if (!m || !(ms >= min) || !Number.isSafeInteger(ms))
      throw new InvalidArgumentError(
        `${flag} needs a duration such as 30s, 5m or 1h${min > 0 ? ' (more than 0)' : ''}, got "${value}"`,
      );
    return ms;
  };
}

export function registerRun(program: Command, io: CliIo, deps: RunCommandDeps): void {
  program
    .command('run')
    .description(
      'Run the rules on their schedules until stopped (SIGINT/SIGTERM), writing alerts, state and the execution log',
    )
    .requiredOption('--rules <path>', 'rule file or directory (repeatable)', collect)
    .option(
      '--concurrency <n>',
      'rule runs at once, over all rules',
      wholeNumber('--concurrency', 1, 1000),
      DEFAULT_CONCURRENCY,
    )
    .option(
      '--timeout <duration>',
      "a run's time limit: its searches are cancelled then",
      durationFlag('--timeout', 1),
      5 * 60_000,
    )
    .option(
      '--shutdown-grace <duration>',
      'on SIGINT/SIGTERM, how long running rules get to finish',
      durationFlag('--shutdown-grace', 0),
      30_000,
    )
    .option(
      '--metrics-port <port>',
      'serve GET /healthz and GET /metrics on this port (0: any free port)',
      wholeNumber('--metrics-port', 0, 65535),
    )
    .option('--metrics-host <host>', 'address to serve metrics on', DEFAULT_METRICS_HOST)
    .option('--es-url <url>', 'Elasticsearch URL (default: $ELASTICSEARCH_URL)')
    .option('--api-key <key>', 'API key (prefer $ELASTICSEARCH_API_KEY: flags are visible to other users)')
    .option('--username <user>', 'basic-auth user (default: $ELASTICSEARCH_USERNAME)')
    .option('--password <password>', 'basic-auth password (prefer $ELASTICSEARCH_PASSWORD)')
    .option('--ca-cert <file>', 'PEM CA certificate (default: $ELASTICSEARCH_CA_CERT)')
    .option('--engine <engine>', 'auto, search or eql', oneOf('--engine', ['auto', 'search', 'eql']), 'auto')
    .option('--space <id>', 'Kibana space the alerts belong to', 'default')
    .action(async (flags: RunFlags, cmd: Command) => {
      // a daemon's logs are for machines: JSON unless --log-format says otherwise
      if (cmd.parent && cmd.parent.getOptionValueSource('logFormat') !== 'cli')
        cmd.parent.setOptionValueWithSource('logFormat', 'json', 'default');
      const logger = await commandLogger(cmd, io);
      const parts = await deps.resolveParts(flags, io, logger);
      try {
        await runUntilSignalled(parts, flags, logger, deps);
      } finally {
        await parts.close();
        removeAllTempDirs();
      }
    });
}

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

async function runUntilSignalled(parts: DaemonParts, flags: RunFlags, logger: Logger, deps: RunCommandDeps) {
  const enabled = parts.rules.filter((r) => r.rule.enabled);
  if (enabled.length === 0)
    throw new UserError('NO_RULES', `no enabled rule in ${flags.rules.join(', ')}: nothing to run`);
  const signals = deps.signals ?? process;
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
  });
  logger.info('rule runner started', {
    rules: enabled.length,
    disabled: parts.rules.length - enabled.length,
    concurrency: flags.concurrency,
    ...(daemon.http ? { metricsUrl: daemon.http.url } : {}),
  });
  const signal = await new Promise<string>((resolve) => {
    const listeners = SHUTDOWN_SIGNALS.map((s) => {
      const listener = () => {
        for (const [s2, l2] of listeners) signals.off(s2, l2);
        resolve(s);
      };
      return [s, listener] as const;
    });
    for (const [s, l] of listeners) signals.on(s, l);
  });
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
