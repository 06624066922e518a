/**
 * `rule-runner run`: the daemon's command, flags and the parts it runs with; run-daemon.ts runs it. It loads the
 * rules, connects and checks the stores, or with no cluster configured opens the local store (the parts,
 * resolved by `resolveParts` so that a test hands in memory ones), schedules every enabled rule (runner/scheduler.ts, each tick a runner/scheduled-run.ts), serves `/healthz`
 * and `/metrics` when `--metrics-port` is given, and on SIGINT, SIGTERM or SIGHUP stops: no new runs, running ones
 * get `--shutdown-grace` to finish and are then aborted, each tick saves its state, the process exits 0. A second
 * signal aborts the running ones at once.
 */
import { InvalidArgumentError, type Command } from 'commander';
import type { Logger } from '../../logging/logger.js';
import type { LoadedRule } from '../../rules/loaded-rule.js';
import type { EventInput, ExecuteRule } from '../../runner/execution.js';
import { DEFAULT_METRICS_HOST } from '../../runner/http.js';
import { DEFAULT_CONCURRENCY } from '../../runner/scheduler.js';
import type { TimeSource } from '../../runner/ticker.js';
import type { Stores } from '../../store/stores.js';
import { durationMs } from '../../time/duration.js';
import { dataDirOption, refuseEngineOverFiles, type DataDirFlags } from '../local-mode.js';
import { commandLogger } from '../logging.js';
import { collect, oneOf, wholeNumber } from '../options.js';
import type { CliIo } from '../program.js';

export interface RunFlags extends DataDirFlags {
  rules: string[];
  /** Event files or directories, re-listed at every execution; none: the cluster, or local mode's events dir. */
  events: string[];
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
  alertsIndex?: string;
  kibanaVersion?: string;
}

/** What the daemon runs with: the rules, where it writes, what executes a window, and how to let go of them. */
export interface DaemonParts {
  rules: LoadedRule[];
  stores: Stores;
  execute: ExecuteRule;
  events: EventInput;
  kibanaVersion: string;
  /** The runner's own indices, never read by a rule (ExecutionDeps.excludeIndices). */
  excludeIndices?: string[];
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

/** `--timeout` and `--shutdown-grace` when not given, in milliseconds (`start` runs with them too). */
export const DEFAULT_TIMEOUT_MS = 5 * 60_000;
export const DEFAULT_SHUTDOWN_GRACE_MS = 30_000;

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

/**
 * `deps` hands in the parts (tests); by default they are the cluster's when one is configured, else local mode's
 * (run-daemon.ts, `defaultParts`).
 */
export function registerRun(program: Command, io: CliIo, deps?: RunCommandDeps): void {
  dataDirOption(program.command('run'))
    .description(
      'Run the rules on their schedules until stopped (SIGINT/SIGTERM), writing alerts, state and the execution log',
    )
    .requiredOption('--rules <path>', 'rule file or directory (repeatable)', collect)
    .option(
      '--events <path>',
      'read event files instead of the cluster or the data directory, listed again at every run (repeatable)',
      collect,
      [],
    )
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
      DEFAULT_TIMEOUT_MS,
    )
    .option(
      '--shutdown-grace <duration>',
      'on SIGINT/SIGTERM, how long running rules get to finish',
      durationFlag('--shutdown-grace', 0),
      DEFAULT_SHUTDOWN_GRACE_MS,
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
    .option('--alerts-index <name>', 'alerts target (default: .alerts-security.alerts-<space>)')
    .option('--kibana-version <version>', "kibana.version of the alerts (default: the cluster's version)")
    .action(async (flags: RunFlags, cmd: Command) => {
      refuseEngineOverFiles(flags, cmd, io.env);
      // a daemon's logs are for machines: JSON unless --log-format says otherwise
      if (cmd.parent && cmd.parent.getOptionValueSource('logFormat') !== 'cli')
        cmd.parent.setOptionValueWithSource('logFormat', 'json', 'default');
      const logger = await commandLogger(cmd, io);
      // loaded when the command runs: the CLI's start-up loads commander only
      const daemon = await import('./run-daemon.js');
      await daemon.runDaemon(flags, io, logger, deps ?? { resolveParts: daemon.defaultParts });
    });
}
