/**
 * Backfill checkpoints in Elasticsearch: one document per backfill id, replaced at each step's start and end, so a
 * crashed or interrupted backfill is resumed from what it last wrote. Listed newest first, as in memory.
 */
import type { Client } from '@elastic/elasticsearch';
import { toEsError } from '../es/errors.js';
import { refreshForRead } from './es-refresh.js';
import type { BackfillRecord, BackfillStore } from './stores.js';

const MAX_BACKFILLS = 10_000;

export function esBackfillStore(client: Client, index: string): BackfillStore {
  return {
    async get(id) {
      try {
        const res = await client.get<BackfillRecord>({ index, id }, { ignore: [404] });
        return res.found && res._source ? res._source : null;
      } catch (e) {
        throw toEsError(e, `reading backfill ${id} from ${index}`);
      }
    },
    async put(record) {
      try {
        await client.index({ index, id: record.id, document: record });
      } catch (e) {
        throw toEsError(e, `writing backfill ${record.id} to ${index}`);
      }
    },
    async list({ ruleUuid }) {
      await refreshForRead(client, index);
      try {
        const res = await client.search<BackfillRecord>({
          index,
          size: MAX_BACKFILLS,
          query: ruleUuid === undefined ? { match_all: {} } : { term: { ruleUuid } },
          sort: [{ createdAt: 'desc' }, { id: 'asc' }],
        });
        return res.hits.hits.flatMap((h) => (h._source ? [h._source] : []));
      } catch (e) {
        throw toEsError(e, `reading backfills from ${index}`);
      }
    },
  };
}
