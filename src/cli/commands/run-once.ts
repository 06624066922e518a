/**
 * `rule-runner run-once --rule PATH`: one execution of each rule in PATH at `--now` (default: the clock), as a
 * scheduled run would make it, written to the cluster's alerts (setup checked first), or with no cluster
 * configured to the local store over the data directory's events (local mode, ../local-mode.ts), or with
 * `--dry-run` written nowhere and printed. A rule that does not load is reported and left out; the others run. Exit codes: 0
 * when every execution succeeded or ended in `partial failure`, 3 when an execution failed, else 2 when a rule was
 * left out or a user error came before any execution (flags, no rule at all, setup).
 */
import type { Command } from 'commander';
import { UserError } from '../../errors.js';
import type { Logger } from '../../logging/logger.js';
import type { LoadedRule } from '../../rules/loaded-rule.js';
import type { EngineChoice } from '../../run/es-auto.js';
import type { EventInput, ExecutionDeps, ExecutionResult } from '../../runner/execution.js';
import type { Stores } from '../../store/stores.js';
import { parseDateMath } from '../../time/date-math.js';
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
  type DataDirFlags,
} from '../local-mode.js';
import { commandLogger } from '../logging.js';
import { collect, oneOf } from '../options.js';
import { problemLine } from '../problem-line.js';
import type { CliIo } from '../program.js';

/** An execution ended `failed`: the run-once command's own exit code, apart from a user error's 2. */
export const EXIT_EXECUTION_FAILED = 3;

/** `kibana.version` of alerts when no cluster tells it (Kibana and Elasticsearch of one stack share versions). */
export const DEFAULT_KIBANA_VERSION = '9.4.0';

interface RunOnceFlags extends DataDirFlags {
  rule: string[];
  now?: string;
  dryRun?: boolean;
  engine: EngineChoice;
  events: string[];
  space: string;
  alertsIndex?: string;
  kibanaVersion?: string;
  esUrl?: string;
  apiKey?: string;
  username?: string;
  password?: string;
  caCert?: string;
}

export function registerRunOnce(program: Command, io: CliIo): void {
  dataDirOption(program.command('run-once'))
    .description(
      'Run each rule of PATH once at --now (default: now): search its window, write its new alerts (or print them with --dry-run)',
    )
    .requiredOption('--rule <path>', 'rule file or directory (repeatable)', collect)
    .option('--now <date>', 'the instant the window is read at: ISO date, epoch millis or date math (now-1h)')
    .option('--dry-run', 'write nothing: print the alerts as NDJSON on stdout, a summary on stderr')
    .option('--engine <engine>', 'auto, search or eql', oneOf('--engine', ['auto', 'search', 'eql']), 'auto')
    .option(
      '--events <path>',
      'run over event files instead of the cluster or the data directory (repeatable)',
      collect,
      [],
    )
    .option('--space <id>', 'Kibana space of the alerts', 'default')
    .option('--alerts-index <name>', 'alerts target (default: .alerts-security.alerts-<space>)')
    .option('--kibana-version <version>', "kibana.version of the alerts (default: the cluster's version)")
    .option('--es-url <url>', 'Elasticsearch URL (default: $ELASTICSEARCH_URL)')
    .option('--api-key <key>', 'API key (prefer $ELASTICSEARCH_API_KEY: flags are visible to other users)')
    .option('--username <user>', 'basic-auth user (default: $ELASTICSEARCH_USERNAME)')
    .option('--password <password>', 'basic-auth password (prefer $ELASTICSEARCH_PASSWORD)')
    .option('--ca-cert <file>', 'PEM CA certificate (default: $ELASTICSEARCH_CA_CERT)')
    .action(async (o: RunOnceFlags, cmd: Command) => {
      refuseEngineOverFiles(o, cmd, io.env);
      const log = await commandLogger(cmd, io);
      const code = await runOnce(o, io, log);
      if (code !== 0) io.exitCode = code;
    });
}

async function runOnce(o: RunOnceFlags, io: CliIo, log: Logger): Promise<number> {
  const clock = () => new Date();
  const now = o.now === undefined ? clock() : parseDateMath(o.now, clock(), '--now');
  // loaded here, not at start-up: the rule schemas and the Elasticsearch client cost every other command's start
  const { rules, problems } = await loadRulesLogged(o.rule, now, log);
  const { executeRule } = await import('../../runner/execute-rule.js');
  const { connect, connectionOptions } = await import('../../es/client.js');
  const { dryRunStores } = await import('../../store/dry-run.js');
  const { memoryStores } = await import('../../store/memory.js');
  const options = connectionOptions(o, io.env);
  const files = o.events.length > 0;
  if (options) refuseDataDirWithCluster(o);
  else refuseIndexFlags(o as unknown as Record<string, unknown>, { alertsIndex: '--alerts-index' });
  // without a cluster: local mode, the data directory's store and (unless --events) its events
  const dataDir = options ? null : dataDirOf(o, io.env);
  const eventPaths = files ? o.events : dataDir !== null ? [eventsDirOf(dataDir)] : [];
  const local = dataDir === null ? null : o.dryRun ? await openLocalIfAny(dataDir) : await openLocal(dataDir);
  if (dataDir !== null) log.info(localModeLine(localStorePathOf(dataDir, local), eventPaths));
  let conn: import('../../es/client.js').Connection | null = null;
  try {
    conn = options ? await connect(options) : null;
    let stores: Stores = local ? (o.dryRun ? dryRunStores(local) : local) : memoryStores();
    let excludeIndices: string[] = [];
    if (conn) {
      const { storeNames } = await import('../../store/names.js');
      const { checkSetup } = await import('../../store/setup.js');
      const { esStores } = await import('../../store/es-stores.js');
      const names = storeNames(o.space, o.alertsIndex ? { alerts: o.alertsIndex } : {});
      excludeIndices = [
        names.alerts.alias,
        names.alerts.backingIndex,
        names.state,
        names.executions,
        names.gaps,
      ];
      // a dry run against a cluster not set up has nothing written to compare with: it dedups against nothing
      const setup = await checkSetup(conn.client, names).catch((e: unknown) => {
        if (!o.dryRun) throw e;
        log.info(
          `no alerts store on the cluster (${(e as Error).message}): the dry run dedups against nothing`,
        );
        return null;
      });
      if (setup) {
        const real = esStores(conn.client, names, { alertsTarget: setup.alertsTarget });
        // a dry run reads what is written (to drop duplicates as a real run would) and can write nothing there
        stores = o.dryRun ? dryRunStores(real) : real;
      }
    }
    const events: EventInput =
      eventPaths.length > 0
        ? { kind: 'files', paths: eventPaths }
        : { kind: 'cluster', client: conn!.client, engine: o.engine };
    const deps: ExecutionDeps = {
      events,
      stores,
      logger: log,
      clock,
      spaceId: o.space,
      kibanaVersion: o.kibanaVersion ?? conn?.version ?? DEFAULT_KIBANA_VERSION,
      excludeIndices,
      dryRun: o.dryRun === true,
    };
    let failed = 0;
    for (const rule of rules) {
      if (!rule.rule.enabled)
        log.info(`rule ${rule.rule.rule_id} is disabled: run-once runs it all the same`);
      const result = await executeRule(
        { rule, runAt: now, scheduledAt: now, executionType: 'manual', intendedTimestamp: now },
        deps,
      );
      if (result.status === 'failed') failed++;
      if (o.dryRun)
        io.stdout(
          (result.alerts ?? [])
            .map((a) => JSON.stringify({ _id: a._id, _source: a._source }) + '\n')
            .join(''),
        );
      io.stderr(summary(rule, result, o.dryRun === true) + '\n');
    }
    return failed > 0 ? EXIT_EXECUTION_FAILED : problems > 0 ? 2 : 0;
  } finally {
    await conn?.client.close();
    local?.close();
  }
}

/** The rules that load; each problem is logged and its rule left out (one bad rule never stops the others). */
async function loadRulesLogged(
  paths: string[],
  now: Date,
  log: Logger,
): Promise<{ rules: LoadedRule[]; problems: number }> {
  const { loadRules } = await import('../../rules/load-rules.js');
  const loaded = loadRules(paths, { now });
  for (const w of loaded.warnings) log.warn(problemLine(w));
  for (const p of loaded.problems) log.error(`${problemLine(p)}; the rule is left out`);
  if (loaded.rules.length === 0)
    throw new UserError(
      'RULE_NONE',
      `no rule loaded from ${paths.join(', ')}` +
        (loaded.problems.length > 0 ? ' (see the errors above)' : ''),
    );
  return { rules: loaded.rules, problems: loaded.problems.length };
}

function summary(rule: LoadedRule, r: ExecutionResult, dryRun: boolean): string {
  const c = r.counts;
  const written = dryRun
    ? `${r.alerts?.length ?? 0} alerts would be written`
    : `${c.alertsCreated} alerts written`;
  // the warnings and the error went through the logger already
  return (
    `rule ${rule.rule.rule_id} (${rule.rule.name}): ${r.status}; window ${r.window.start.toISOString()} .. ` +
    `${r.window.end.toISOString()}; ${c.eventsScanned} events, ${c.matches} matches, ${written}, ` +
    `${c.duplicatesSkipped} duplicates skipped, ${c.truncated} over max_signals; ` +
    `search ${Math.round(r.durations.searchMs)} ms, indexing ${Math.round(r.durations.indexingMs)} ms`
  );
}
