/**
 * How the CLI process ends when it is told to: temp directories (spooled stdin, external sort runs) are removed
 * on exit and on SIGINT, SIGTERM and SIGHUP, after which the signal takes its usual course (the process ends by
 * it, as a shell expects of Ctrl-C). Only the entry point installs this: a program embedding the commands, or
 * the rule runner's daemon draining its rules on SIGTERM, has its own shutdown and calls `removeAllTempDirs`.
 */
import { removeAllTempDirs } from '../sources/files/temp-dirs.js';

export const SHUTDOWN_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

export function installShutdown(): void {
  process.on('exit', removeAllTempDirs);
  for (const signal of SHUTDOWN_SIGNALS)
    process.once(signal, () => {
      removeAllTempDirs();
      // this listener is gone: the signal now ends the process as it would have
      process.kill(process.pid, signal);
    });
}
