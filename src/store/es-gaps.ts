/**
 * Gaps in Elasticsearch: one document per gap id (Kibana's `kibana.alert.rule.gap` as the runner keeps it),
 * replaced when the gap is recorded again (filled intervals, status). Listed newest first, as in memory.
 */
import type { Client } from '@elastic/elasticsearch';
import { toEsError } from '../es/errors.js';
import { refreshForRead } from './es-refresh.js';
import type { GapRecord, GapStore } from './stores.js';

const MAX_GAPS = 10_000;

export function esGapStore(client: Client, index: string, refresh: 'wait_for' | boolean = false): GapStore {
  return {
    async record(gap) {
      try {
        await client.index({ index, id: gap.id, document: gap, refresh });
      } catch (e) {
        throw toEsError(e, `recording gap ${gap.id} in ${index}`);
      }
    },
    async list({ ruleUuid }) {
      await refreshForRead(client, index);
      try {
        const res = await client.search<GapRecord>({
          index,
          size: MAX_GAPS,
          query: ruleUuid === undefined ? { match_all: {} } : { term: { ruleUuid } },
          sort: [{ 'range.gte': 'desc' }, { id: 'asc' }],
        });
        return res.hits.hits.flatMap((h) => (h._source ? [h._source] : []));
      } catch (e) {
        throw toEsError(e, `reading gaps from ${index}`);
      }
    },
  };
}
