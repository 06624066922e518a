import { basename } from 'node:path';
import { UserError } from '../../errors.js';
import { walkPaths, type WalkedFile } from './walk-files.js';

/** Event files a directory holds: NDJSON or JSON arrays, plain or gzipped. */
const EVENT_FILE = /\.(ndjson|jsonl|json)(\.gz)?$/i;

/**
 * The event files `--events` paths name: files as given, directories to their event files (recursively, in name
 * order, links followed, each real file once: see walk-files.ts), pipes and devices marked as streams, and
 * `stdin` (a path that means standard input) as a stream. A path that is missing or unreadable, or a directory
 * without event files, is a user error naming it; with `emptyDirs: 'none'` such a directory gives no files
 * instead (local mode's events directory, which files have not reached yet).
 */
export function findEventFiles(
  paths: string[],
  stdin?: string,
  opts: { emptyDirs?: 'error' | 'none' } = {},
): WalkedFile[] {
  const walk = walkPaths(
    paths,
    (name) => EVENT_FILE.test(name),
    (p) => p === stdin,
  );
  const [first, ...more] = walk.problems;
  if (first) {
    const missing = first.notFound && first.message === 'not found';
    const lines = [missing ? `events path not found: ${first.path}` : `${first.path}: ${first.message}`];
    for (const p of more) lines.push(`  ${p.path}: ${p.message}`);
    throw new UserError(missing ? 'EVENTS_NOT_FOUND' : 'EVENTS_UNREADABLE', lines.join('\n'));
  }
  if (walk.empty.length > 0 && opts.emptyDirs !== 'none')
    throw new UserError(
      'EVENTS_NOT_FOUND',
      `no .ndjson, .jsonl or .json files (plain or .gz) in ${walk.empty.join(', ')}`,
    );
  return walk.files;
}

/**
 * `findEventFiles` for readers that read a file more than once (see REORDER_WINDOWS): a pipe cannot be, so it is
 * refused here; the CLI copies pipes to temp files first (stdin-spool.ts).
 */
export function expandEventPaths(paths: string[], opts: { emptyDirs?: 'error' | 'none' } = {}): string[] {
  return findEventFiles(paths, undefined, opts).map((f) => {
    if (f.stream)
      throw new UserError(
        'EVENTS_UNREADABLE',
        `${f.path}: a pipe or device, which can be read only once; copy it to a file first`,
      );
    return f.path;
  });
}

/** The `_index` given to events of a file: its name without the extension (`.ndjson.gz` included). */
export function indexNameOf(path: string): string {
  return basename(path).replace(EVENT_FILE, '').replace(/\.gz$/i, '');
}
