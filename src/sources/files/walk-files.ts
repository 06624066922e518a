/**
 * The files that paths given on the command line name, for `--events` and `validate`. A path that is a file is
 * taken whatever its name; a directory gives the files under it that `wanted` names, depth first in name order.
 *
 * Symbolic links are followed, to files and to directories alike (a link is how exports and rule packs get into a
 * tree), as `find -L` follows them. Each real directory is walked once and each real file listed once, both told
 * by their real path: a link back up the tree (a loop) or a second way to the same file adds nothing, and the file
 * keeps the path it was first reached by. A dangling link or a link loop where a wanted file would be is a
 * problem; one whose name is not wanted is passed over, as any other file of that name is. So is a path that is
 * missing, a directory that cannot be read or searched, a file that cannot be opened: each is a problem naming
 * the path, and the caller decides (an error for `--events`, a reported problem for `validate`).
 */
import { closeSync, openSync, readdirSync, readlinkSync, realpathSync, statSync, type Stats } from 'node:fs';
import { join } from 'node:path';

export interface WalkedFile {
  path: string;
  /** A pipe, socket or character device (`<(zcat x.gz)`, `/dev/stdin`): it can be read once only, as it comes. */
  stream: boolean;
}

export interface WalkProblem {
  path: string;
  notFound: boolean;
  message: string;
}

export interface WalkResult {
  files: WalkedFile[];
  problems: WalkProblem[];
  /** Directories given that hold no wanted file at all. */
  empty: string[];
}

/** `asStream` names paths that are no file-system path (`-` for standard input): listed as streams, untouched. */
export function walkPaths(
  paths: string[],
  wanted: (name: string) => boolean,
  asStream: (path: string) => boolean = () => false,
): WalkResult {
  return new Walk(wanted, asStream).run(paths);
}

class Walk {
  private readonly result: WalkResult = { files: [], problems: [], empty: [] };
  private readonly seenFiles = new Set<string>();
  /** Wanted files met under each real directory walked (copies included), to tell an empty directory. */
  private readonly dirs = new Map<string, number>();

  constructor(
    private readonly wanted: (name: string) => boolean,
    private readonly asStream: (path: string) => boolean,
  ) {}

  run(paths: string[]): WalkResult {
    for (const p of paths) {
      if (this.asStream(p)) {
        this.result.files.push({ path: p, stream: true });
        continue;
      }
      const st = this.stat(p, true);
      if (!st) continue;
      if (st.isDirectory()) {
        if (this.dir(p) === 0) this.result.empty.push(p);
      } else this.file(p, st);
    }
    return this.result;
  }

  /** Wanted files met under `dir`: its own and its subdirectories' (0 for one being walked: a loop). */
  private dir(dir: string): number {
    const real = realPath(dir);
    const known = this.dirs.get(real);
    if (known !== undefined) return known;
    this.dirs.set(real, 0);
    let names;
    try {
      names = readdirSync(dir, { withFileTypes: true });
    } catch (e) {
      this.problem(dir, `cannot read this directory: ${fsReason(e)}`);
      return 0;
    }
    let met = 0;
    for (const entry of names.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
      const full = join(dir, entry.name);
      const isWanted = this.wanted(entry.name);
      // a plain file is told from its directory entry: no stat for the files a walk leaves out
      if (entry.isFile() && !isWanted) continue;
      let st: Stats | null;
      if (entry.isDirectory() || (entry.isFile() && isWanted)) st = this.stat(full, true);
      else st = this.stat(full, isWanted); // a link, a pipe, or a type the entry does not tell
      if (!st) {
        if (isWanted) met++; // reported: the directory is not empty, its file is unreadable
        continue;
      }
      if (st.isDirectory()) met += this.dir(full);
      else if (isWanted) {
        met++;
        this.file(full, st);
      }
    }
    this.dirs.set(real, met);
    return met;
  }

  private file(path: string, st: Stats): void {
    const stream = st.isFIFO() || st.isCharacterDevice() || st.isSocket();
    if (!st.isFile() && !stream) {
      this.problem(path, 'not a file, a pipe or a directory');
      return;
    }
    const real = realPath(path);
    if (this.seenFiles.has(real)) return;
    this.seenFiles.add(real);
    // a pipe is not opened here: that would wait for its writer, and take what it writes from its reader
    if (!stream) {
      try {
        closeSync(openSync(path, 'r'));
      } catch (e) {
        this.problem(path, `cannot read: ${fsReason(e)}`);
        return;
      }
    }
    this.result.files.push({ path, stream });
  }

  /** `statSync` (links followed); null after recording a problem, if `report`, when it fails. */
  private stat(path: string, report: boolean): Stats | null {
    try {
      return statSync(path);
    } catch (e) {
      if (!report) return null;
      const code = (e as NodeJS.ErrnoException).code;
      const target = linkTarget(path);
      if (target !== null && code === 'ENOENT')
        this.problem(path, `a symbolic link to a missing file (${target})`, true);
      else if (code === 'ELOOP')
        this.problem(path, 'a symbolic link loop (a link that leads back to itself)');
      else if (code === 'ENOENT' || code === 'ENOTDIR') this.problem(path, 'not found', true);
      else this.problem(path, `cannot read: ${fsReason(e)}`);
      return null;
    }
  }

  private problem(path: string, message: string, notFound = false): void {
    this.result.problems.push({ path, message, notFound });
  }
}

function realPath(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return path;
  }
}

function linkTarget(path: string): string | null {
  try {
    return readlinkSync(path);
  } catch {
    return null;
  }
}

/** Why a file-system call failed, in words (Node's message repeats the path and the call). */
export function fsReason(e: unknown): string {
  const code = (e as NodeJS.ErrnoException).code;
  switch (code) {
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'ENOENT':
      return 'not found';
    case 'ELOOP':
      return 'a symbolic link loop';
    case 'EIO':
      return 'input/output error';
    case 'ENOTDIR':
      return 'not a directory';
    case 'EROFS':
      return 'read-only file system';
    case 'ENOSPC':
      return 'no space left on the device';
    case 'ENXIO':
      return 'no such device (a socket cannot be opened by its path)';
    default:
      return code ?? (e as Error).message;
  }
}
