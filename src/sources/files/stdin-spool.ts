/**
 * Input that can be read once only: `--events -` (`zcat export.ndjson.gz | rule-runner query --events - ...`), a
 * named pipe, `/dev/stdin`, or bash's process substitution (`--events <(zcat export.ndjson.gz)`, a `/dev/fd/N`).
 *
 * Such input is copied to a temp file before it is read, because an input out of timestamp order is read again
 * (see REORDER_WINDOWS in event-file-source.ts) and a pipe cannot be; from the file on, it is an event file like
 * any other, gzip included. Memory stays bounded; the cost is one write of the input to the temp directory.
 */
import { createWriteStream, mkdirSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { isatty } from 'node:tty';
import { UserError } from '../../errors.js';
import { makeTempDir, removeTempDir } from './temp-dirs.js';
import { findEventFiles } from './event-files.js';
import { fsReason } from './walk-files.js';

/** The `--events` path that means standard input. */
export const STDIN_PATH = '-';

type Input = Readable & { isTTY?: boolean };

/** Paths that name this process's standard input. */
const STDIN_FILES = new Set(['/dev/stdin', '/dev/fd/0', '/proc/self/fd/0']);

async function copyInto(dir: string, name: string, shown: string, input: Input): Promise<string> {
  if (input.isTTY) {
    input.destroy();
    throw new UserError(
      'EVENTS_NOT_FOUND',
      `--events ${shown}: ${shown === STDIN_PATH ? 'standard input' : shown} is a terminal; pipe events into it (cat events.ndjson | rule-runner query --events - ...)`,
    );
  }
  const path = join(dir, name);
  await pipeline(input, createWriteStream(path));
  return path;
}

/**
 * A pipe or device path as a stream; opened asynchronously: a pipe's open waits for its writer. Standard input that
 * is a socket (as Node's `spawn` gives a child) cannot be opened by path, only read from: `/dev/stdin` is then
 * read as `-` is.
 */
async function openStream(path: string, stdin: Input | undefined): Promise<Input> {
  let handle;
  try {
    handle = await open(path, 'r');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENXIO' && stdin && STDIN_FILES.has(path)) return stdin;
    throw new UserError('EVENTS_UNREADABLE', `${path}: cannot read: ${fsReason(e)}`, { cause: e });
  }
  const stream: Input = handle.createReadStream({ highWaterMark: 1 << 20 });
  stream.isTTY = isatty(handle.fd);
  return stream;
}

/** How standard input is named in messages (its temp file is gone by the time they are read). */
const STDIN_NAME = '<stdin>';

/**
 * Runs `fn` with `paths` where input that can be read once (standard input as `-`, at most once, pipes and devices
 * given or found in directories) stands as a temp copy, removed after. `shown` turns a copy's path back into what
 * was given (`<stdin>` for `-`) in text for people; user errors get it already.
 */
export async function withStdinEvents<T>(
  paths: string[],
  input: Input | undefined,
  fn: (paths: string[], shown: (text: string) => string) => Promise<T>,
): Promise<T> {
  const dashes = paths.filter((p) => p === STDIN_PATH).length;
  if (dashes > 1) throw new UserError('FLAGS_CONFLICT', '--events - (standard input) may be given once');
  const files = findEventFiles(paths, STDIN_PATH);
  if (!files.some((f) => f.stream)) return fn(paths, (text) => text);
  if (dashes > 0 && !input) throw new UserError('EVENTS_NOT_FOUND', '--events -: no standard input here');
  const dir = makeTempDir('rule-runner-stdin-');
  const names = new Map<string, string>();
  const shown = (text: string) => {
    for (const [copy, name] of names) text = text.split(copy).join(name);
    return text;
  };
  try {
    const copies: string[] = [];
    for (const [i, f] of files.entries()) {
      if (!f.stream) {
        copies.push(f.path);
        continue;
      }
      // one folder per copy keeps the file's own name, so its events keep their `_index`
      mkdirSync(join(dir, String(i)));
      const stdin = f.path === STDIN_PATH;
      const source = stdin ? input! : await openStream(f.path, input);
      const copy = await copyInto(
        join(dir, String(i)),
        stdin ? 'stdin.ndjson' : basename(f.path),
        f.path,
        source,
      );
      names.set(copy, stdin ? STDIN_NAME : f.path);
      copies.push(copy);
    }
    return await fn(copies, shown);
  } catch (e) {
    if (e instanceof UserError) throw new UserError(e.code, shown(e.message), { cause: e });
    throw e;
  } finally {
    removeTempDir(dir);
  }
}
