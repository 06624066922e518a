/**
 * `rule-runner setup`: installs the index templates and indices the runner writes to (src/store/setup.ts), and
 * says what it did. Also the flags every command that reaches the stores shares (cluster connection as `query`
 * takes it, from flags or $ELASTICSEARCH_*; the space and the store names) and the connection made from them, so
 * that `status`, `run-once` and `run` name the stores exactly as `setup` did.
 */
import type { Command } from 'commander';
import { UserError } from '../../errors.js';
import type { Connection } from '../../es/client.js';
import { DEFAULT_SPACE, storeNames, type StoreNames } from '../../store/names.js';
import type { Stores } from '../../store/stores.js';
import type { CliIo } from '../program.js';

export interface StoreFlags {
  esUrl?: string;
  apiKey?: string;
  username?: string;
  password?: string;
  caCert?: string;
  space: string;
  alertsIndex?: string;
  stateIndex?: string;
  executionsIndex?: string;
  gapsIndex?: string;
}

/** The cluster and store-name options, added to `command`. */
export function storeOptions(command: Command): Command {
  return command
    .option('--es-url <url>', 'Elasticsearch URL (default: $ELASTICSEARCH_URL)')
    .option('--api-key <key>', 'API key (prefer $ELASTICSEARCH_API_KEY: flags are visible to other users)')
    .option('--username <user>', 'basic-auth user (default: $ELASTICSEARCH_USERNAME)')
    .option('--password <password>', 'basic-auth password (prefer $ELASTICSEARCH_PASSWORD)')
    .option('--ca-cert <file>', 'PEM CA certificate (default: $ELASTICSEARCH_CA_CERT)')
    .option('--space <id>', 'Kibana space the alerts belong to', DEFAULT_SPACE)
    .option(
      '--alerts-index <name>',
      'alerts alias or index (default: Kibana’s .alerts-security.alerts-<space>)',
    )
    .option('--state-index <name>', 'run-state index (default: rule-runner-state)')
    .option('--executions-index <name>', 'execution-log index (default: rule-runner-executions)')
    .option('--gaps-index <name>', 'gaps index (default: rule-runner-gaps)');
}

export function namesFromFlags(o: StoreFlags): StoreNames {
  return storeNames(o.space, {
    alerts: o.alertsIndex,
    state: o.stateIndex,
    executions: o.executionsIndex,
    gaps: o.gapsIndex,
  });
}

/** Connects to the cluster the flags or the environment name; NO_CLUSTER when neither does. */
export async function connectFromFlags(o: StoreFlags, io: CliIo): Promise<Connection> {
  // loaded here, not at start-up: the Elasticsearch client costs half a second other commands do not need
  const { connect, connectionOptions } = await import('../../es/client.js');
  const options = connectionOptions(o, io.env);
  if (!options)
    throw new UserError(
      'NO_CLUSTER',
      'give --es-url URL (or set $ELASTICSEARCH_URL): these stores live in Elasticsearch (local mode, without a cluster, needs no setup: its store is made on first use)',
    );
  return connect(options);
}

/**
 * The cluster's stores as the flags name them, setup checked first (SETUP_MISSING saying how): what a command that
 * reads or writes them opens. The caller closes `conn.client`.
 */
export async function openStores(
  o: StoreFlags,
  io: CliIo,
): Promise<{ conn: Connection; names: StoreNames; stores: Stores }> {
  const names = namesFromFlags(o);
  const conn = await connectFromFlags(o, io);
  try {
    const { checkSetup } = await import('../../store/setup.js');
    const { esStores } = await import('../../store/es-stores.js');
    const { alertsTarget } = await checkSetup(conn.client, names);
    return { conn, names, stores: esStores(conn.client, names, { alertsTarget }) };
  } catch (e) {
    await conn.client.close();
    throw e;
  }
}

export function registerSetup(program: Command, io: CliIo): void {
  storeOptions(
    program
      .command('setup')
      .description(
        'Install the index templates and indices rule-runner writes to (alerts, run state, execution log, gaps); safe to run again',
      ),
  ).action(async (o: StoreFlags) => {
    const names = namesFromFlags(o);
    const conn = await connectFromFlags(o, io);
    try {
      const { setupStores } = await import('../../store/setup.js');
      const report = await setupStores(conn.client, names);
      const width = Math.max(...report.actions.map((a) => a.outcome.length));
      for (const a of report.actions)
        io.stdout(`${a.outcome.padEnd(width)}  ${a.what} ${a.name}${a.note ? ` (${a.note})` : ''}\n`);
      for (const n of report.notes) io.stderr(`note: ${n}\n`);
      for (const w of report.warnings) io.stderr(`warning: Elasticsearch: ${w}\n`);
      io.stderr(`set up on ${conn.displayUrl}, Elasticsearch ${conn.version}, space ${names.spaceId}\n`);
    } finally {
      await conn.client.close();
    }
  });
}
