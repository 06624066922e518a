import { readdirSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { UserError } from '../errors.js';

/** Event files a directory holds: NDJSON or JSON arrays, plain or gzipped. */
const EVENT_FILE = /\.(ndjson|jsonl|json)(\.gz)?$/i;

/** Expands `--events` paths: files as given, directories to their event files (recursively, in name order). */
export function expandEventPaths(paths: string[]): string[] {
  const out: string[] = [];
  for (const p of paths) {
    let st;
    try {
      st = statSync(p);
    } catch {
      throw new UserError('EVENTS_NOT_FOUND', `events path not found: ${p}`);
    }
    if (st.isDirectory()) {
      const inner = walk(p);
      if (inner.length === 0)
        throw new UserError('EVENTS_NOT_FOUND', `no .ndjson, .jsonl or .json files (plain or .gz) in ${p}`);
      out.push(...inner);
    } else out.push(p);
  }
  return out;
}

function walk(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) out.push(...walk(full));
    else if (EVENT_FILE.test(name)) out.push(full);
  }
  return out;
}

/** The `_index` given to events of a file: its name without the extension (`.ndjson.gz` included). */
export function indexNameOf(path: string): string {
  return basename(path).replace(EVENT_FILE, '').replace(/\.gz$/i, '');
}
