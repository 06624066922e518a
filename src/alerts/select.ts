/**
 * Which alert groups one execution writes: dedup first, then the `max_signals` cap, as Kibana does (its
 * persistence layer drops ids already in the alerts index before anything is counted; reference §2, §4). The cap
 * keeps the most recent groups, the tail of the result order (Elasticsearch's EQL `result_position: tail`, so both
 * engines agree), and counts a sequence once however many documents it has. A group some of whose documents are
 * already written (a run that crashed in the middle of its bulk request) is new and writes only the missing ones.
 */
import type { AlertGroup } from './types.js';

export interface Selection {
  /** The groups to write, in result order, each with only its documents not yet written. */
  write: AlertGroup[];
  /** Groups with nothing to write: every document already exists, or the same group came earlier in the batch. */
  duplicates: number;
  /** New groups the cap left out (the oldest). */
  truncated: number;
}

const idsOf = (g: AlertGroup) => g.docs.map((d) => d._id).join('\n');

export function selectNew(
  groups: readonly AlertGroup[],
  existing: ReadonlySet<string>,
  maxSignals: number,
): Selection {
  let duplicates = 0;
  // one match found twice (a multi-value join key makes Elasticsearch return identical sequences) writes once
  const seen = new Set<string>();
  const fresh: AlertGroup[] = [];
  for (let i = groups.length - 1; i >= 0; i--) {
    const g = groups[i]!;
    const key = idsOf(g);
    if (seen.has(key)) {
      duplicates++;
      continue;
    }
    seen.add(key);
    const missing = g.docs.filter((d) => !existing.has(d._id));
    if (missing.length === 0) duplicates++;
    else fresh.push(missing.length === g.docs.length ? g : { ...g, docs: missing });
  }
  fresh.reverse();
  const keep = Math.max(0, Math.min(fresh.length, Math.floor(maxSignals)));
  return { write: fresh.slice(fresh.length - keep), duplicates, truncated: fresh.length - keep };
}
