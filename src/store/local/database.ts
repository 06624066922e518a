/**
 * The local store's one SQLite file (`<dataDir>/rule-runner.db`): opened in WAL mode with `synchronous=FULL`, its
 * schema created on first open and its version checked on every open. SQLite rather than files written atomically:
 * one transaction per alert batch gives `create`-only semantics (INSERT OR IGNORE: an id already there is a
 * duplicate, never overwritten) that survive a crash with the batch wholly written or wholly absent, and several
 * processes (a daemon, `rule-runner alerts`) can share the file safely.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { UserError, visibleText } from '../../errors.js';

export const LOCAL_STORE_FILE = 'rule-runner.db';

/** The schema this code writes and reads; a file of a later version is refused rather than misread. */
export const SCHEMA_VERSION = 1;

/**
 * How long a write waits for another process's transaction before failing (SQLITE_BUSY). Each transaction is one
 * batch of alerts or one small record, so waits are short; 10s covers a slow disk's fsync queue.
 */
const BUSY_TIMEOUT_MS = 10_000;

const SCHEMA = `
CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS alerts (
  id TEXT PRIMARY KEY,
  rule_uuid TEXT NOT NULL,
  rule_id TEXT NOT NULL,
  timestamp TEXT NOT NULL,
  doc TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS alerts_rule ON alerts (rule_uuid);
CREATE INDEX IF NOT EXISTS alerts_rule_id ON alerts (rule_id);
CREATE INDEX IF NOT EXISTS alerts_timestamp ON alerts (timestamp);
CREATE TABLE IF NOT EXISTS rule_state (
  rule_uuid TEXT PRIMARY KEY,
  version INTEGER NOT NULL,
  doc TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS executions (
  execution_uuid TEXT PRIMARY KEY,
  rule_uuid TEXT NOT NULL,
  started_at TEXT NOT NULL,
  doc TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS executions_recent ON executions (started_at DESC, execution_uuid);
CREATE INDEX IF NOT EXISTS executions_rule ON executions (rule_uuid, started_at DESC, execution_uuid);
CREATE TABLE IF NOT EXISTS gaps (
  id TEXT PRIMARY KEY,
  rule_uuid TEXT NOT NULL,
  range_gte TEXT NOT NULL,
  doc TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS gaps_rule ON gaps (rule_uuid);
CREATE TABLE IF NOT EXISTS backfills (
  id TEXT PRIMARY KEY,
  rule_uuid TEXT NOT NULL,
  created_at TEXT NOT NULL,
  doc TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS backfills_rule ON backfills (rule_uuid);
`;

export type Db = Database.Database;

export function localStorePath(dataDir: string): string {
  return join(dataDir, LOCAL_STORE_FILE);
}

/** A file-system or SQLite failure to open the store is the user's to fix (a path, permissions, another file). */
function openProblem(path: string, e: unknown): UserError {
  const code = (e as { code?: string }).code;
  const message = e instanceof Error ? e.message : String(e);
  return new UserError(
    'LOCAL_STORE',
    `local store ${visibleText(path)}: ${code ? `${code} ` : ''}(${visibleText(message)})`,
    { cause: e },
  );
}

/**
 * Opens (and on first use creates, with its directory) the store's database. `mustExist`: a missing file is a
 * user error rather than a new empty store (the commands that only read say so instead of creating one).
 */
export function openDatabase(dataDir: string, opts: { mustExist?: boolean } = {}): Db {
  const path = localStorePath(dataDir);
  if (opts.mustExist && !existsSync(path))
    throw new UserError(
      'LOCAL_STORE_MISSING',
      `no local store at ${visibleText(path)}: no rule has run with this data directory yet ` +
        '(run `rule-runner run-once --rule PATH` or `rule-runner run --rules PATH`, or give --data-dir)',
    );
  let db: Db;
  try {
    if (!opts.mustExist) mkdirSync(dataDir, { recursive: true });
    db = new Database(path, { fileMustExist: opts.mustExist === true });
  } catch (e) {
    throw openProblem(path, e);
  }
  try {
    db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    db.pragma('journal_mode = WAL');
    // FULL: a committed batch is on disk before `create` returns, so a power loss cannot take back what a run
    // reported written (WAL with NORMAL would survive a process crash, not a power loss)
    db.pragma('synchronous = FULL');
    db.transaction(() => {
      db.exec(SCHEMA);
      const row = db.prepare('SELECT version FROM schema_version').get() as { version: number } | undefined;
      if (!row) db.prepare('INSERT INTO schema_version (version) VALUES (?)').run(SCHEMA_VERSION);
      else if (row.version !== SCHEMA_VERSION)
        throw new UserError(
          'LOCAL_STORE_VERSION',
          `local store ${visibleText(path)} has schema version ${row.version}, this rule-runner reads version ` +
            `${SCHEMA_VERSION}: use the rule-runner that wrote it, or another --data-dir`,
        );
    }).immediate();
  } catch (e) {
    db.close();
    throw e instanceof UserError ? e : openProblem(path, e);
  }
  return db;
}
