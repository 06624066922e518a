/**
 * The alerts store over Elasticsearch, as Kibana's persistence layer writes alerts: a duplicate check by `ids`
 * query in chunks of 10,000 on the alerts target (Kibana's alias `.alerts-security.alerts-<space>` or another),
 * then bulk `create` only, so an id already written is a 409 (a duplicate, counted) and is never overwritten.
 * Transient failures (429, 5xx, a lost connection) are retried with backoff; an item that still fails, or fails
 * for good (a mapping error), is reported in `failed` with its status and reason — never dropped silently.
 *
 * Refresh: `wait_for`. The next run's duplicate check is a search, and it must see these alerts before the
 * max_signals cap (else already-written groups take the cap's room and come back as 409s); Kibana refreshes for
 * the same reason (`refresh: true`). `wait_for` makes the write visible at the next scheduled refresh without
 * forcing a refresh, and a tiny segment, per bulk of every rule of every runner. A backfill pass writes its steps
 * without waiting (`visibleNow: false`) and waits once at its end: else a day's backfill waits ~1 s per step.
 */
import type { Client } from '@elastic/elasticsearch';
import type { AlertDoc } from '../alerts/types.js';
import { esStatus, toEsError } from '../es/errors.js';
import { itemReason, requestReason } from './reason.js';
import { backoffMs, DEFAULT_RETRY, isTransientStatus, type RetryPolicy } from './retry.js';
import type { AlertStore, WriteReport } from './stores.js';

/** Kibana's duplicate-check chunk (`filterDuplicateAlerts`), and the search's own max_result_window. */
export const EXISTING_IDS_CHUNK = 10_000;
const BULK_MAX_DOCS = 1_000;
const BULK_MAX_BYTES = 5 * 1024 * 1024;
/** The client's errors for a request that got no answer: worth another attempt, reported with status 0. */
const LOST_CONNECTION = new Set(['ConnectionError', 'TimeoutError', 'NoLivingConnectionsError']);

export interface EsAlertStoreOptions {
  /** The alerts target: an alias or an index. */
  target: string;
  /** Refuse to write when `target` is not an alias (so a missing alias never becomes an auto-created index). */
  requireAlias?: boolean;
  refresh?: 'wait_for' | boolean;
  retry?: Partial<RetryPolicy>;
}

function batches(docs: AlertDoc[]): AlertDoc[][] {
  const out: AlertDoc[][] = [];
  let cur: AlertDoc[] = [];
  let bytes = 0;
  for (const d of docs) {
    const size = JSON.stringify(d._source).length;
    if (cur.length > 0 && (cur.length >= BULK_MAX_DOCS || bytes + size > BULK_MAX_BYTES)) {
      out.push(cur);
      cur = [];
      bytes = 0;
    }
    cur.push(d);
    bytes += size;
  }
  if (cur.length > 0) out.push(cur);
  return out;
}

export function esAlertStore(client: Client, options: EsAlertStoreOptions): AlertStore {
  const target = options.target;
  const policy: RetryPolicy = { ...DEFAULT_RETRY, ...options.retry };
  const refresh = options.refresh ?? 'wait_for';

  async function existingIds(ids: string[], signal?: AbortSignal): Promise<Set<string>> {
    const found = new Set<string>();
    const unique = [...new Set(ids)];
    for (let i = 0; i < unique.length; i += EXISTING_IDS_CHUNK) {
      const chunk = unique.slice(i, i + EXISTING_IDS_CHUNK);
      try {
        // one hit per id: an id in two backing indices (never written so by create + this check) could push
        // another out of the page, and that one would come back as a 409 duplicate: counted, never doubled
        const res = await client.search(
          { index: target, size: chunk.length, _source: false, query: { ids: { values: chunk } } },
          { signal },
        );
        for (const h of res.hits.hits) if (h._id !== undefined) found.add(h._id);
      } catch (e) {
        if (signal?.aborted) throw e;
        throw toEsError(e, `reading the alerts already written in ${target}`);
      }
    }
    return found;
  }

  /** One bulk request's worth, retried until every item is written, a duplicate, or failed. */
  async function writeBatch(
    batch: AlertDoc[],
    report: WriteReport,
    refresh: 'wait_for' | boolean,
    signal?: AbortSignal,
  ): Promise<void> {
    let pending = batch;
    let last: Map<string, { status: number; reason: string }>;
    for (let attempt = 1; ; attempt++) {
      const retry: AlertDoc[] = [];
      const reasons = new Map<string, { status: number; reason: string }>();
      try {
        const res = await client.bulk(
          {
            index: target,
            refresh,
            require_alias: options.requireAlias ?? false,
            operations: pending.flatMap((d) => [{ create: { _id: d._id } }, d._source]),
          },
          // this policy is the only retry, so that every re-sent request is counted
          { signal, maxRetries: 0 },
        );
        res.items.forEach((item, i) => {
          const doc = pending[i]!;
          const r = item.create;
          const status = r?.status ?? 0;
          if (status === 201) report.created.push(doc._id);
          else if (status === 409) report.duplicates.push(doc._id);
          else if (isTransientStatus(status)) {
            retry.push(doc);
            reasons.set(doc._id, { status, reason: itemReason(r?.error) });
          } else report.failed.push({ id: doc._id, status, reason: itemReason(r?.error) });
        });
      } catch (e) {
        if (signal?.aborted) throw e;
        const status = esStatus(e);
        const lost = LOST_CONNECTION.has((e as Error).name);
        // a refused request (bad credentials, no privilege) is not worth retrying: it is the cluster's answer,
        // and the run fails with it
        if (!lost && !(typeof status === 'number' && isTransientStatus(status)))
          throw toEsError(e, `writing alerts to ${target}`);
        // the whole request failed: some items may have been written, and come back as 409s on the retry
        const reason = requestReason(e);
        for (const d of pending) {
          retry.push(d);
          reasons.set(d._id, { status: lost ? 0 : status!, reason });
        }
      }
      if (retry.length === 0) return;
      last = reasons;
      if (attempt >= policy.maxAttempts) break;
      report.retries = (report.retries ?? 0) + 1;
      await policy.delay(backoffMs(policy, attempt), signal);
      pending = retry;
    }
    for (const [id, r] of last)
      report.failed.push({
        id,
        status: r.status,
        reason: `${r.reason} (still failing after ${policy.maxAttempts} attempts)`,
      });
  }

  return {
    existingIds,
    async create(docs, signal, writeOptions) {
      const report: WriteReport = { created: [], duplicates: [], failed: [], retries: 0 };
      const wait = writeOptions?.visibleNow === false ? false : refresh;
      for (const batch of batches(docs)) await writeBatch(batch, report, wait, signal);
      return report;
    },
  };
}
