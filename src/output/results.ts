import type { EngineEvent, MissingEvent, QueryResult } from '../engine/types.js';
import { isMissingEvent } from '../engine/types.js';
import { readSourcePath } from '../engine/ordinal.js';

/** An item of Elasticsearch's EQL response: `hits.events[]` or `hits.sequences[].events[]`. */
export interface EsHit {
  _index: string;
  _id: string;
  _source?: Record<string, unknown>;
  missing?: true;
}

export type EsResultItem = EsHit | { join_keys: unknown[]; events: EsHit[] };

/** A missing event as Elasticsearch writes it: empty index and id, no source. */
export function toEsHit(e: EngineEvent | MissingEvent): EsHit {
  if (isMissingEvent(e)) return { _index: '', _id: '', missing: true };
  return { _index: e.index, _id: e.id, _source: e.source };
}

/** One result in the shape of Elasticsearch's EQL response items. */
export function toEsResultItem(r: QueryResult): EsResultItem {
  if (r.kind === 'event') return toEsHit(r.event);
  return { join_keys: r.joinKeys, events: r.events.map(toEsHit) };
}

/** A compact table for people: one row per event, sequences numbered, join keys shown once. */
export function formatTable(
  results: QueryResult[],
  fields: string[] = ['@timestamp', 'event.category'],
): string {
  const rows: string[][] = [];
  const header = ['#', '_index', '_id', ...fields];
  const cell = (e: EngineEvent, f: string) => {
    const v = readSourcePath(e.source, f);
    return v === undefined ? '' : typeof v === 'string' ? v : JSON.stringify(v);
  };
  results.forEach((r, i) => {
    if (r.kind === 'event')
      rows.push([String(i + 1), r.event.index, r.event.id, ...fields.map((f) => cell(r.event, f))]);
    else {
      rows.push([
        `${i + 1}`,
        `${r.kind} join_keys=${JSON.stringify(r.joinKeys)}`,
        '',
        ...fields.map(() => ''),
      ]);
      for (const e of r.events)
        rows.push(
          isMissingEvent(e)
            ? ['', '(missing)', '', ...fields.map(() => '')]
            : ['', e.index, e.id, ...fields.map((f) => cell(e, f))],
        );
    }
  });
  const widths = header.map((h, c) =>
    Math.min(60, Math.max(h.length, ...rows.map((r) => (r[c] ?? '').length))),
  );
  const fmt = (r: string[]) =>
    r
      .map((v, c) => (v.length > widths[c]! ? v.slice(0, widths[c]! - 1) + '…' : v.padEnd(widths[c]!)))
      .join('  ');
  return (
    [fmt(header), fmt(widths.map((w) => '-'.repeat(w))), ...rows.map(fmt)].join('\n').replace(/ +$/gm, '') +
    '\n'
  );
}
