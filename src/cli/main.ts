#!/usr/bin/env node
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { CommanderError } from 'commander';
import { isUserError } from '../errors.js';
import { buildProgram, type CliIo } from './program.js';
import { installShutdown } from './shutdown.js';

/** Exit codes: 0 success, 1 internal error (a bug), 2 user error (bad query, rule, flag, file, date). */
export async function main(argv: string[], io: CliIo): Promise<number> {
  const program = buildProgram(io);
  try {
    await program.parseAsync(argv, { from: 'user' });
    return io.exitCode ?? 0;
  } catch (e) {
    if (e instanceof CommanderError) {
      // commander already printed its message (or the help text).
      return e.exitCode === 0 ? 0 : 2;
    }
    if (isUserError(e)) {
      io.stderr(`error [${e.code}]: ${e.message}\n`);
      return 2;
    }
    io.stderr(`internal error: ${(e as Error)?.stack ?? String(e)}\n`);
    return 1;
  }
}

function isEntryPoint(): boolean {
  if (!process.argv[1]) return false;
  try {
    return realpathSync(process.argv[1]) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
}

if (isEntryPoint()) {
  installShutdown();
  // A reader that stops early (`rule-runner query ... | head`) closes the pipe: the output ends there, as for any
  // Unix tool, instead of an unhandled EPIPE with a stack trace; the run ends with its own exit code.
  for (const stream of [process.stdout, process.stderr])
    stream.on('error', (e: NodeJS.ErrnoException) => {
      if (e.code !== 'EPIPE') throw e;
    });
  const io: CliIo = {
    stdout: (s) => process.stdout.write(s),
    stderr: (s) => process.stderr.write(s),
    env: process.env,
    stdin: process.stdin,
    terminal: process.stderr,
  };
  main(process.argv.slice(2), io).then(
    (code) => {
      process.exitCode = code;
    },
    (e) => {
      process.stderr.write(`internal error: ${String(e)}\n`);
      process.exitCode = 1;
    },
  );
}
