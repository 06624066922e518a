/**
 * Temp directories that must not outlive the process: the external sort's runs and a spooled standard input can
 * be as large as the input. `finally` blocks remove them on success and on errors; a signal (Ctrl-C on a long
 * query) ends the process without running them, so the program's own shutdown calls `removeAllTempDirs` (the
 * CLI's in src/cli/shutdown.ts). This module installs no process handlers itself: a program that finishes its
 * work on SIGTERM (the rule runner's daemon) must be the one to decide when the process ends.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { UserError } from '../../errors.js';
import { fsReason } from './walk-files.js';

const live = new Set<string>();

/** A new directory under the system's temp directory, removed by `removeTempDir` or by `removeAllTempDirs`. */
export function makeTempDir(prefix: string): string {
  const base = tmpdir();
  let dir: string;
  try {
    dir = mkdtempSync(join(base, prefix));
  } catch (e) {
    throw new UserError(
      'TMPDIR_INVALID',
      `cannot make a temporary directory in ${base}${tmpdirSource()}: ${fsReason(e)}; set TMPDIR to a writable directory`,
      { cause: e },
    );
  }
  live.add(dir);
  return dir;
}

/** Which variable named the temp directory (`os.tmpdir()` reads TMPDIR, TMP, TEMP in turn), if any. */
function tmpdirSource(): string {
  const from = ['TMPDIR', 'TMP', 'TEMP'].find((v) => process.env[v]);
  return from ? ` (from ${from})` : '';
}

export function removeTempDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
  live.delete(dir);
}

/** Removes every temp directory still alive; for the program's exit and signal handling, and safe to repeat. */
export function removeAllTempDirs(): void {
  for (const dir of live) removeTempDir(dir);
}
