/**
 * The logger of a command, from the program's `--log-format` and `--log-level`: the CLI's `warning: ...` and
 * `note: ...` lines by default, or JSON lines through winston (loaded only then: it costs start-up time).
 */
import { Writable } from 'node:stream';
import type { Command } from 'commander';
import type { LogLevel, Logger } from '../logging/logger.js';
import { textLogger } from '../logging/text-logger.js';
import type { CliIo } from './program.js';

export const LOG_FORMATS = ['text', 'json'] as const;
export type LogFormat = (typeof LOG_FORMATS)[number];

export async function commandLogger(cmd: Command, io: CliIo): Promise<Logger> {
  const { logFormat, logLevel } = cmd.optsWithGlobals<{ logFormat: LogFormat; logLevel: LogLevel }>();
  if (logFormat === 'text') return textLogger(io.stderr, logLevel);
  const { winstonLogger } = await import('../logging/winston-logger.js');
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      io.stderr(chunk.toString('utf8'));
      done();
    },
  });
  return winstonLogger({ level: logLevel, stream });
}
