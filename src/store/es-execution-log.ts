/**
 * The execution log in Elasticsearch: one document per execution uuid, indexed when the execution starts
 * (`running`) and indexed again, whole, when it ends, so the same id holds the final word. Writes do not wait
 * for a refresh; `recent` refreshes first (es-refresh.ts). `recent` lists the
 * most recent first, as the memory store does (`startedAt` descending, then the uuid).
 */
import type { Client } from '@elastic/elasticsearch';
import { toEsError } from '../es/errors.js';
import { refreshForRead } from './es-refresh.js';
import type { ExecutionLog, ExecutionLogDoc } from './stores.js';

/** The search window's own limit: `recent` returns at most this many. */
const MAX_RECENT = 10_000;

export function esExecutionLog(
  client: Client,
  index: string,
  refresh: 'wait_for' | boolean = false,
): ExecutionLog {
  return {
    async write(doc) {
      try {
        await client.index({ index, id: doc.executionUuid, document: doc, refresh });
      } catch (e) {
        throw toEsError(e, `writing execution ${doc.executionUuid} to ${index}`);
      }
    },
    async recent({ ruleUuid, limit }) {
      if (limit <= 0) return [];
      await refreshForRead(client, index);
      try {
        const res = await client.search<ExecutionLogDoc>({
          index,
          size: Math.min(limit, MAX_RECENT),
          query: ruleUuid === undefined ? { match_all: {} } : { term: { ruleUuid } },
          sort: [{ startedAt: 'desc' }, { executionUuid: 'asc' }],
        });
        return res.hits.hits.flatMap((h) => (h._source ? [h._source] : []));
      } catch (e) {
        throw toEsError(e, `reading executions from ${index}`);
      }
    },
  };
}
