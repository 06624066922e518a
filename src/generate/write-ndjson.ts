/**
 * Writes generated events as NDJSON (one `_source` document per line), fast: lines are joined into chunks of a few
 * megabytes and written synchronously, so a million events take seconds and little memory.
 */
import { closeSync, openSync, writeSync } from 'node:fs';
import { toJson } from './ecs.js';
import { generateEvents, type GenerateOptions, type GeneratorSummary } from './generator.js';
import type { PlantedSequence } from './scenarios.js';

export interface WriteResult {
  events: number;
  bytes: number;
  planted: PlantedSequence[];
  summary: GeneratorSummary;
}

const CHUNK_CHARS = 4 << 20;

/** Writes `opts.count` events to `target` (a path, truncated, or an open file descriptor, left open). */
export function writeNdjson(target: string | number, opts: GenerateOptions): WriteResult {
  const fd = typeof target === 'number' ? target : openSync(target, 'w');
  const stream = generateEvents(opts);
  let bytes = 0;
  let events = 0;
  let parts: string[] = [];
  let size = 0;
  const flush = (): void => {
    if (parts.length === 0) return;
    const buf = Buffer.from(parts.join(''), 'utf8');
    let off = 0;
    while (off < buf.length) off += writeSync(fd, buf, off, buf.length - off);
    bytes += buf.length;
    parts = [];
    size = 0;
  };
  try {
    for (const e of stream) {
      const line = toJson(e) + '\n';
      parts.push(line);
      size += line.length;
      events++;
      if (size >= CHUNK_CHARS) flush();
    }
    flush();
  } finally {
    if (typeof target !== 'number') closeSync(fd);
  }
  return { events, bytes, planted: stream.planted, summary: stream.summary! };
}
