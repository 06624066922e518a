import type { EngineEvent } from '../engine/event.js';
import type { MissingEvent, QueryResult } from '../engine/results.js';
import { isMissingEvent } from '../engine/results.js';
import { readSourcePath } from '../engine/event.js';
import { fieldMatcher, leafValues, selectFields } from './fields.js';

/** An item of Elasticsearch's EQL response: `hits.events[]` or `hits.sequences[].events[]`. */
export interface EsHit {
  _index: string;
  _id: string;
  _source?: Record<string, unknown>;
  /** With `--fields`: the chosen fields' values, as Elasticsearch's `fields` option gives them. */
  fields?: Record<string, unknown[]>;
  missing?: true;
}

export type EsResultItem = EsHit | { join_keys: unknown[]; events: EsHit[] };

/**
 * An event as Elasticsearch's EQL response holds it (a missing event: empty index and id, no source); with
 * `fields`, the values of the fields it matches too (see fields.ts), omitted when there are none.
 */
export function toEsHit(e: EngineEvent | MissingEvent, fields?: (path: string) => boolean): EsHit {
  if (isMissingEvent(e)) return { _index: '', _id: '', missing: true };
  const hit: EsHit = { _index: e.index, _id: e.id, _source: e.source };
  if (fields) {
    const values = selectFields(e.source, fields);
    if (Object.keys(values).length > 0) hit.fields = values;
  }
  return hit;
}

/** One result in the shape of Elasticsearch's EQL response items. */
export function toEsResultItem(r: QueryResult, fields?: (path: string) => boolean): EsResultItem {
  if (r.kind === 'event') return toEsHit(r.event, fields);
  return { join_keys: r.joinKeys, events: r.events.map((e) => toEsHit(e, fields)) };
}

/** Table columns for field patterns: a pattern with `*` stands for every path it matches in the results. */
export function tableColumns(results: QueryResult[], patterns: string[]): string[] {
  const out: string[] = [];
  let paths: string[] | null = null; // every leaf path of the results' events, sorted, once a pattern needs them
  for (const p of patterns) {
    if (!p.includes('*')) {
      if (!out.includes(p)) out.push(p);
      continue;
    }
    paths ??= [...new Set(resultEvents(results).flatMap((e) => [...leafValues(e.source).keys()]))].sort();
    const matches = fieldMatcher([p]);
    for (const path of paths) if (matches(path) && !out.includes(path)) out.push(path);
  }
  return out;
}

function resultEvents(results: QueryResult[]): EngineEvent[] {
  return results.flatMap((r) =>
    r.kind === 'event' ? [r.event] : r.events.filter((e): e is EngineEvent => !isMissingEvent(e)),
  );
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
