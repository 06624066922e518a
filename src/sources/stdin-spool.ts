/**
 * `--events -`: events on standard input (`zcat export.ndjson.gz | rule-runner query --events - ...`).
 *
 * The input is copied to a temp file before it is read, because an input out of timestamp order is read again
 * (see REORDER_WINDOWS in event-file-source.ts) and a pipe cannot be; from the file on, stdin is an event file
 * like any other, gzip included. Memory stays bounded; the cost is one write of the input to the temp directory.
 */
import { createWriteStream } from 'node:fs';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { UserError } from '../errors.js';
import { makeTempDir, removeTempDir } from '../temp-dirs.js';

/** The `--events` path that means standard input. */
export const STDIN_PATH = '-';

export interface SpooledInput {
  /** The temp file (named `stdin.ndjson`, so its events' `_index` is `stdin`). */
  path: string;
  remove: () => void;
}

/** Copies `input` to a new temp file; the caller removes it when done (also on failure). */
export async function spoolInput(input: Readable & { isTTY?: boolean }): Promise<SpooledInput> {
  if (input.isTTY)
    throw new UserError(
      'EVENTS_NOT_FOUND',
      '--events -: standard input is a terminal; pipe events into it (cat events.ndjson | rule-runner query --events - ...)',
    );
  const dir = makeTempDir('rule-runner-stdin-');
  const remove = () => removeTempDir(dir);
  const path = join(dir, 'stdin.ndjson');
  try {
    await pipeline(input, createWriteStream(path));
  } catch (e) {
    remove();
    throw e;
  }
  return { path, remove };
}

/** How standard input is named in messages (its temp file is gone by the time they are read). */
export const STDIN_NAME = '<stdin>';

/**
 * Runs `fn` with `paths` where `-` stands for a spooled copy of `input` (at most once), and removes the copy after.
 * `shown` turns the copy's path back into `<stdin>` in text for people; user errors get it already.
 */
export async function withStdinEvents<T>(
  paths: string[],
  input: (Readable & { isTTY?: boolean }) | undefined,
  fn: (paths: string[], shown: (text: string) => string) => Promise<T>,
): Promise<T> {
  const dashes = paths.filter((p) => p === STDIN_PATH).length;
  if (dashes === 0) return fn(paths, (text) => text);
  if (dashes > 1) throw new UserError('FLAGS_CONFLICT', '--events - (standard input) may be given once');
  if (!input) throw new UserError('EVENTS_NOT_FOUND', '--events -: no standard input here');
  const spooled = await spoolInput(input);
  const shown = (text: string) => text.split(spooled.path).join(STDIN_NAME);
  try {
    return await fn(
      paths.map((p) => (p === STDIN_PATH ? spooled.path : p)),
      shown,
    );
  } catch (e) {
    if (e instanceof UserError) throw new UserError(e.code, shown(e.message), { cause: e });
    throw e;
  } finally {
    spooled.remove();
  }
}
