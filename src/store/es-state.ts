/**
 * Each rule's state in Elasticsearch, one document per rule uuid, written with optimistic concurrency: a `put`
 * goes over the `_seq_no`/`_primary_term` this store last read or wrote (`if_seq_no`/`if_primary_term`), or, where
 * it saw no document, as a `create`. When another runner wrote in between, Elasticsearch answers 409 and `put`
 * throws `StateConflictError` without writing: neither runner's state silently replaces the other's, and the
 * loser re-reads (the alerts themselves stay exactly-once either way: their ids decide, not the state).
 */
import type { Client } from '@elastic/elasticsearch';
import { esStatus, toEsError } from '../es/errors.js';
import { StateConflictError } from './errors.js';
import { refreshForRead } from './es-refresh.js';
import type { RuleState, StateStore } from './stores.js';

interface Version {
  seqNo: number;
  primaryTerm: number;
}

const PAGE = 1_000;

export function esStateStore(
  client: Client,
  index: string,
  refresh: 'wait_for' | boolean = false,
): StateStore {
  /** What this store last saw of each rule's document: its version, or null for "none there". */
  const seen = new Map<string, Version | null>();

  return {
    async get(ruleUuid) {
      try {
        const res = await client.get<RuleState>({ index, id: ruleUuid });
        seen.set(ruleUuid, { seqNo: res._seq_no!, primaryTerm: res._primary_term! });
        return res._source ?? null;
      } catch (e) {
        if (
          esStatus(e) === 404 &&
          (e as { meta?: { body?: { found?: boolean } } }).meta?.body?.found === false
        ) {
          seen.set(ruleUuid, null);
          return null;
        }
        throw toEsError(e, `reading the state of rule ${ruleUuid} from ${index}`);
      }
    },

    async put(state) {
      const v = seen.get(state.ruleUuid);
      try {
        const res = await client.index({
          index,
          id: state.ruleUuid,
          document: state,
          refresh,
          ...(v ? { if_seq_no: v.seqNo, if_primary_term: v.primaryTerm } : { op_type: 'create' as const }),
        });
        seen.set(state.ruleUuid, { seqNo: res._seq_no!, primaryTerm: res._primary_term! });
      } catch (e) {
        if (esStatus(e) === 409) throw new StateConflictError(state.ruleUuid, index);
        throw toEsError(e, `writing the state of rule ${state.ruleUuid} to ${index}`);
      }
    },

    async list() {
      await refreshForRead(client, index);
      const out: RuleState[] = [];
      let after: unknown[] | undefined;
      try {
        for (;;) {
          const res = await client.search<RuleState>({
            index,
            size: PAGE,
            seq_no_primary_term: true,
            sort: [{ ruleUuid: 'asc' }],
            ...(after ? { search_after: after as never } : {}),
          });
          const hits = res.hits.hits;
          for (const h of hits) {
            if (!h._source) continue;
            seen.set(h._source.ruleUuid, { seqNo: h._seq_no!, primaryTerm: h._primary_term! });
            out.push(h._source);
          }
          if (hits.length < PAGE) return out;
          after = hits.at(-1)!.sort as unknown[];
        }
      } catch (e) {
        throw toEsError(e, `listing rule states in ${index}`);
      }
    },
  };
}
