import type { QueryResult } from '../../src/engine/results.js';
import { isMissingEvent } from '../../src/engine/results.js';
import type { SpecCase } from './spec-file.js';

/** The flat id list the harness compares: events in order, sequences/samples concatenated, missing events as -1. */
export function flattenIds(results: QueryResult[], idField: string): number[] {
  const ids: number[] = [];
  for (const r of results) {
    if (r.kind === 'event') ids.push(Number(r.event.source[idField]));
    else for (const e of r.events) ids.push(isMissingEvent(e) ? -1 : Number(e.source[idField]));
  }
  return ids;
}

/** Join keys as the harness compares them: flattened, each turned into a string (null → "null"). */
export function flattenJoinKeys(results: QueryResult[]): string[] {
  const out: string[] = [];
  for (const r of results)
    if (r.kind !== 'event') for (const k of r.joinKeys) out.push(k === null ? 'null' : String(k));
  return out;
}

export interface Verdict {
  passed: boolean;
  reason?: string;
  actualIds: number[];
}

export function judge(c: SpecCase, results: QueryResult[], idField: string): Verdict {
  const actualIds = flattenIds(results, idField);
  const same = (a: unknown[], b: unknown[]) => a.length === b.length && a.every((x, i) => x === b[i]);
  if (!c.expected.some((exp) => same(exp, actualIds))) {
    const exp = c.expected.length === 1 ? JSON.stringify(c.expected[0]) : JSON.stringify(c.expected);
    return { passed: false, reason: `ids ${JSON.stringify(actualIds)}, expected ${exp}`, actualIds };
  }
  if (c.joinKeys) {
    const keys = flattenJoinKeys(results);
    if (!same(keys, c.joinKeys))
      return {
        passed: false,
        reason: `join keys ${JSON.stringify(keys)}, expected ${JSON.stringify(c.joinKeys)}`,
        actualIds,
      };
  }
  return { passed: true, actualIds };
}
