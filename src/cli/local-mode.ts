/**
 * Local mode, the embedded default: with no cluster configured (no --es-url, no $ELASTICSEARCH_URL) the commands
 * read events from `<data dir>/events` and keep alerts, state, the execution log, gaps and backfills in
 * `<data dir>/rule-runner.db` (src/store/local/). The data directory is `--data-dir`, else $RULE_RUNNER_DATA_DIR,
 * else `./data`.
 */
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { UserError, visibleText } from '../errors.js';
import type { LocalStores } from '../store/local/local-stores.js';

export const DATA_DIR_ENV = 'RULE_RUNNER_DATA_DIR';
export const DEFAULT_DATA_DIR = 'data';
export const EVENTS_SUBDIR = 'events';

export interface DataDirFlags {
  dataDir?: string;
}

export function dataDirOption(command: Command): Command {
  return command.option(
    '--data-dir <dir>',
    `local mode's data directory: events in DIR/${EVENTS_SUBDIR}, the store DIR/rule-runner.db (default: $${DATA_DIR_ENV} or ./${DEFAULT_DATA_DIR})`,
  );
}

/** The data directory the flag, then the environment, then the default name. */
export function dataDirOf(o: DataDirFlags, env: NodeJS.ProcessEnv): string {
  const dir = o.dataDir ?? (env[DATA_DIR_ENV] || undefined) ?? DEFAULT_DATA_DIR;
  if (dir.trim() === '')
    throw new UserError('DATA_DIR', `--data-dir needs a directory, got "${visibleText(dir)}"`);
  return dir;
}

/** Whether a cluster is configured, as `connectionOptions` (es/client.ts) reads it, without loading the client. */
export function clusterConfigured(o: { esUrl?: string }, env: NodeJS.ProcessEnv): boolean {
  return Boolean(o.esUrl ?? (env.ELASTICSEARCH_URL || undefined));
}

/** `--engine` chooses how a cluster is read: over files (`--events`, or local mode) it would do nothing. */
export function refuseEngineOverFiles(
  o: { events: string[]; esUrl?: string },
  cmd: Command,
  env: NodeJS.ProcessEnv,
): void {
  if (cmd.getOptionValueSource('engine') !== 'cli') return;
  if (o.events.length > 0)
    throw new UserError(
      'FLAGS_CONFLICT',
      '--engine chooses how a cluster is read: with --events the files are read, drop one of them',
    );
  if (!clusterConfigured(o, env))
    throw new UserError(
      'FLAGS_CONFLICT',
      '--engine chooses how a cluster is read: no cluster is configured, so local mode reads the event files; drop it, or give --es-url',
    );
}

/** `--data-dir` names local mode's directory: with a cluster configured it would do nothing, so it is refused. */
export function refuseDataDirWithCluster(o: DataDirFlags): void {
  if (o.dataDir !== undefined)
    throw new UserError(
      'FLAGS_CONFLICT',
      '--data-dir is for local mode, without a cluster: a cluster is configured (--es-url or $ELASTICSEARCH_URL); drop one of them',
    );
}

/** Flags that name Elasticsearch indices mean nothing to the local store: refused rather than ignored. */
export function refuseIndexFlags(o: Record<string, unknown>, flags: Record<string, string>): void {
  const given = Object.keys(flags).filter((k) => o[k] !== undefined);
  if (given.length > 0)
    throw new UserError(
      'FLAGS_CONFLICT',
      `${given.map((k) => flags[k]).join(', ')} ${given.length === 1 ? 'names an Elasticsearch index' : 'name Elasticsearch indices'}: ` +
        'no cluster is configured, so the local store is used; give --es-url (or $ELASTICSEARCH_URL), or drop them',
    );
}

/** The store-name flags (`storeOptions`): they name Elasticsearch indices, and the local store has none. */
export const STORE_INDEX_FLAGS = {
  alertsIndex: '--alerts-index',
  stateIndex: '--state-index',
  executionsIndex: '--executions-index',
  gapsIndex: '--gaps-index',
};

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    // missing, or a file where a directory of the path should be (ENOTDIR), or unreadable
    return false;
  }
}

/** The events directory of `dataDir`, which must exist: the user is told how to make one. */
export function eventsDirOf(dataDir: string): string {
  const dir = join(dataDir, EVENTS_SUBDIR);
  if (!isDirectory(dir))
    throw new UserError(
      'EVENTS_DIR_MISSING',
      `no events directory ${visibleText(dir)}: local mode reads its event files (NDJSON, JSON, gzipped) from there; ` +
        `run \`rule-runner generate --out ${visibleText(dir)}\` for a sample, put event files there, or give --events PATH or --data-dir DIR`,
    );
  return dir;
}

/** Opens the local store of `dataDir` (loaded when used: better-sqlite3 costs start-up time elsewhere). */
export async function openLocal(dataDir: string, opts: { mustExist?: boolean } = {}): Promise<LocalStores> {
  const { openLocalStores } = await import('../store/local/local-stores.js');
  return openLocalStores(dataDir, opts);
}

/**
 * The local store a dry run reads (to drop what is written, as a real run would), or null when there is none yet:
 * a dry run writes nothing, not even a new empty store.
 */
export async function openLocalIfAny(dataDir: string): Promise<LocalStores | null> {
  const { localStorePath } = await import('../store/local/database.js');
  return existsSync(localStorePath(dataDir)) ? openLocal(dataDir, { mustExist: true }) : null;
}

/** The line a command in local mode starts with: where it reads and writes. */
export function localModeLine(storePath: string, events: string[] | null): string {
  return `local mode: local store ${storePath}${events ? `, events ${events.join(', ')}` : ''}`;
}

/** The store's path for that line: a dry run without a store yet says it dedups against nothing. */
export function localStorePathOf(dataDir: string, local: LocalStores | null): string {
  return local
    ? local.path
    : `${join(dataDir, 'rule-runner.db')} (none yet: a dry run dedups against nothing)`;
}
