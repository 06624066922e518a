/**
 * Writes the sample (sample.ts) as NDJSON event files in a directory, one per dataset and UTC day. Each file is
 * written under a `.partial` name (which no reader of event files takes) and renamed when all are complete, so an
 * interrupted generation never leaves a directory that looks like a whole sample.
 */
import { closeSync, openSync, readdirSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { toJson } from './ecs.js';
import {
  SAMPLE_FILE,
  sampleEvents,
  sampleFileName,
  type SampleManifest,
  type SampleOptions,
} from './sample.js';

export interface SampleFile {
  /** The file's name in the directory (its index name plus `.ndjson`). */
  name: string;
  events: number;
  bytes: number;
}

export interface WrittenSample {
  /** In name order. */
  files: SampleFile[];
  events: number;
  bytes: number;
  manifest: SampleManifest;
}

const CHUNK_CHARS = 1 << 20;
const PARTIAL = '.partial';

interface OpenFile {
  file: SampleFile;
  fd: number;
  parts: string[];
  size: number;
}

/** Writes the sample of `opts` into `dir` (which exists), replacing files of the same names. */
export function writeSample(dir: string, opts: SampleOptions): WrittenSample {
  const stream = sampleEvents(opts);
  const open = new Map<string, OpenFile>();
  const flush = (f: OpenFile): void => {
    if (f.parts.length === 0) return;
    const buf = Buffer.from(f.parts.join(''), 'utf8');
    let off = 0;
    while (off < buf.length) off += writeSync(f.fd, buf, off, buf.length - off);
    f.file.bytes += buf.length;
    f.parts = [];
    f.size = 0;
  };
  let done = false;
  try {
    for (const e of stream) {
      const name = sampleFileName(e);
      let f = open.get(name);
      if (f === undefined) {
        f = {
          file: { name, events: 0, bytes: 0 },
          fd: openSync(join(dir, name + PARTIAL), 'w'),
          parts: [],
          size: 0,
        };
        open.set(name, f);
      }
      const line = toJson(e) + '\n';
      f.parts.push(line);
      f.size += line.length;
      f.file.events++;
      if (f.size >= CHUNK_CHARS) flush(f);
    }
    for (const f of open.values()) flush(f);
    done = true;
  } finally {
    for (const f of open.values()) closeSync(f.fd);
    if (!done) for (const name of open.keys()) rmSync(join(dir, name + PARTIAL), { force: true });
  }
  const files = [...open.values()].map((f) => f.file).sort((a, b) => (a.name < b.name ? -1 : 1));
  for (const f of files) renameSync(join(dir, f.name + PARTIAL), join(dir, f.name));
  const bytes = files.reduce((n, f) => n + f.bytes, 0);
  return { files, events: stream.manifest!.events, bytes, manifest: stream.manifest! };
}

/**
 * The sample files `dir` holds (any day), in name order: none when it does not exist. What `npm start` asks before
 * generating ("when absent") and what `generate` will not replace without --force. A `dir` that is not a
 * directory throws ENOTDIR.
 */
export function sampleFilesIn(dir: string): string[] {
  const st = statSync(dir, { throwIfNoEntry: false });
  if (st === undefined) return [];
  if (!st.isDirectory()) throw Object.assign(new Error(`${dir}: not a directory`), { code: 'ENOTDIR' });
  return readdirSync(dir)
    .filter((n) => SAMPLE_FILE.test(n))
    .sort();
}
