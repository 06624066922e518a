import {
  newEventFileStats,
  readEventFiles,
  type EventFileOptions,
} from '../../src/sources/files/event-file-source.js';

/** Every event the files give, in order, and the reader's stats. */
export async function readAllEvents(files: string[], opts: Partial<EventFileOptions> = {}) {
  const stats = newEventFileStats();
  const events = [];
  for await (const e of readEventFiles({ files, ...opts }, stats)) events.push(e);
  return { events, stats };
}
