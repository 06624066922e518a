/**
 * A backfill pass writes its steps without waiting for each to become searchable (stores.ts WriteOptions), and
 * dedups its own later steps by the ids it holds. What comes after the pass — a scheduled run's duplicate check,
 * a second backfill — dedups by searching, so the pass waits here once, at its end, until what it wrote is found.
 * Polling the duplicate check itself needs no privilege beyond what a run has (a refresh call would).
 */
import { sleep } from '../store/retry.js';
import type { AlertStore } from '../store/stores.js';

export interface AwaitVisibleOptions {
  signal?: AbortSignal;
  /** Gives up once the waits between polls add up to this (default 30 s: many times a refresh interval). */
  budgetMs?: number;
  delay?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

/** 50 ms, doubling to 1 s: an index refreshing every second is found at once or within about a second. */
const FIRST_DELAY_MS = 50;
const MAX_DELAY_MS = 1_000;

/** Waits until `existingIds` finds every id; returns those still not found after the last attempt. */
export async function awaitVisible(
  alerts: AlertStore,
  ids: Iterable<string>,
  options: AwaitVisibleOptions = {},
): Promise<string[]> {
  let missing = [...new Set(ids)];
  const budget = options.budgetMs ?? 30_000;
  const delay = options.delay ?? sleep;
  let waited = 0;
  for (let wait = FIRST_DELAY_MS; missing.length > 0; wait = Math.min(MAX_DELAY_MS, wait * 2)) {
    const found = await alerts.existingIds(missing, options.signal);
    missing = missing.filter((id) => !found.has(id));
    if (missing.length === 0 || waited >= budget) break;
    await delay(wait, options.signal);
    waited += wait;
  }
  return missing;
}
