import type { Readable } from 'node:stream';
import { Command } from 'commander';
import { LOG_LEVELS } from '../logging/logger.js';
import { visibleLines } from '../errors.js';
import { applyHelpExamples } from './help-examples.js';
import { LOG_FORMATS } from './logging.js';
import { oneOf } from './options.js';
import { packageVersion } from './version.js';
import { registerAlerts } from './commands/alerts.js';
import { registerBackfill } from './commands/backfill.js';
import { registerExportAlerts } from './commands/export-alerts.js';
import { registerGaps } from './commands/gaps.js';
import { registerGenerate } from './commands/generate.js';
import { registerQuery } from './commands/query.js';
import { registerRun } from './commands/run.js';
import { registerRunOnce } from './commands/run-once.js';
import { registerSetup } from './commands/setup.js';
import { registerStart } from './commands/start.js';
import { registerStatus } from './commands/status.js';
import { registerValidate } from './commands/validate.js';

/** Where a command writes; injected so tests can run commands in-process. */
export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  env: NodeJS.ProcessEnv;
  /** Standard input, for `--events -`. */
  stdin?: Readable & { isTTY?: boolean };
  /** The terminal progress bars draw on (standard error), when there is one. */
  terminal?: NodeJS.WriteStream;
  /** Set by a command that finished without throwing but must exit non-zero (e.g. validate found errors). */
  exitCode?: number;
}

export function buildProgram(io: CliIo): Command {
  const program = new Command('rule-runner')
    .description(
      'Runs Elastic detection rules (EQL) against Elasticsearch or offline over event files, with the same results everywhere.',
    )
    .version(packageVersion())
    .exitOverride()
    // the argument parser quotes a bad flag value as given: its control characters are shown as escapes
    .configureOutput({ writeOut: io.stdout, writeErr: (text) => io.stderr(visibleLines(text)) })
    .showHelpAfterError('(run with --help for usage)')
    .option(
      '--log-format <format>',
      'text (warning: and note: lines) or json (one JSON object a line)',
      oneOf('--log-format', [...LOG_FORMATS]),
      'text',
    )
    .option(
      '--log-level <level>',
      'error, warn, info (notes) or debug',
      oneOf('--log-level', [...LOG_LEVELS]),
      'info',
    );
  registerQuery(program, io);
  registerValidate(program, io);
  registerRunOnce(program, io);
  registerSetup(program, io);
  registerStatus(program, io);
  registerRun(program, io);
  registerBackfill(program, io);
  registerGaps(program, io);
  registerGenerate(program, io);
  registerStart(program, io);
  registerAlerts(program, io);
  registerExportAlerts(program, io);
  applyHelpExamples(program);
  return program;
}
