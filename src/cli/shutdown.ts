/**
 * How the CLI process ends when it is told to: temp directories (spooled stdin, external sort runs) are removed
 * on exit and on SIGINT, SIGTERM and SIGHUP, after which the signal takes its usual course (the process ends by
 * it, as a shell expects of Ctrl-C). Only the entry point installs this: a program embedding the commands, or
 * the rule runner's daemon draining its rules on SIGTERM, has its own shutdown and calls `removeAllTempDirs`.
 */
import { removeAllTempDirs } from '../sources/files/temp-dirs.js';

export const SHUTDOWN_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

const installed = new Map<(typeof SHUTDOWN_SIGNALS)[number], () => void>();

export function installShutdown(): void {
  process.on('exit', removeAllTempDirs);
  for (const signal of SHUTDOWN_SIGNALS) {
    const listener = () => {
      installed.delete(signal);
      removeAllTempDirs();
      // this listener is gone: the signal now ends the process as it would have
      process.kill(process.pid, signal);
    };
    installed.set(signal, listener);
    process.once(signal, listener);
  }
}

/**
 * Takes the signals back from installShutdown, for a command with its own shutdown (`run` drains its rules on
 * SIGINT and SIGTERM and then ends normally); temp directories are still removed on exit.
 */
export function releaseShutdownSignals(): void {
  for (const [signal, listener] of installed) process.off(signal, listener);
  installed.clear();
}
