/**
 * Temp directories that must not outlive the process: the external sort's runs and a spooled standard input can
 * be as large as the input. `finally` blocks remove them on success and on errors; a signal (Ctrl-C on a long
 * query) ends the process without running them, so the directories still alive are removed on exit and on
 * SIGINT, SIGTERM and SIGHUP, after which the signal takes its usual course.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { UserError } from '../../errors.js';
import { fsReason } from './walk-files.js';

const live = new Set<string>();
let installed = false;

/** A new directory under the system's temp directory, removed by `removeTempDir` or when the process ends. */
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
  installCleanup();
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

function removeAll(): void {
  for (const dir of live) removeTempDir(dir);
}

function installCleanup(): void {
  if (installed) return;
  installed = true;
  process.on('exit', removeAll);
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const)
    process.once(signal, () => {
      removeAll();
      // this listener is gone: the signal now ends the process as it would have
      process.kill(process.pid, signal);
    });
}
