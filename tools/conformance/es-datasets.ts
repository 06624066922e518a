/**
 * Loads the suite's data files into a real Elasticsearch as its harness's DataLoader does: one index per data
 * file, one shard, the mapping with `#` lines dropped and the keyword placeholder filled, one bulk with refresh.
 */
import type { Client } from '@elastic/elasticsearch';
import { describeEsError } from '../../src/es/client.js';
import { loadIndex, type KeywordType } from './datasets.js';

export interface LoadedEsIndex {
  /** The suite's index name (`endgame-140`). */
  name: string;
  /** The index actually created (`<prefix>endgame-140`). */
  esIndex: string;
  documents: number;
  /** Field types the cluster lacked and that were mapped as keyword instead (e.g. `version`). */
  substituted: string[];
}

export class KeywordTypeUnavailableError extends Error {}

/** Field types that the integration-test distribution of Elasticsearch does not ship. */
const OPTIONAL_TYPES = ['version', 'wildcard'];

export async function loadIntoEs(
  client: Client,
  specDir: string,
  name: string,
  keywordType: KeywordType,
  prefix: string,
): Promise<LoadedEsIndex> {
  const ix = loadIndex(specDir, name, keywordType);
  const esIndex = prefix + name;
  await client.indices.delete({ index: esIndex, ignore_unavailable: true });
  let mapping = ix.mapping;
  const substituted: string[] = [];
  for (;;) {
    try {
      await client.indices.create({
        index: esIndex,
        settings: { number_of_shards: 1, number_of_replicas: 0 },
        mappings: mapping as never,
      });
      break;
    } catch (e) {
      const missing = OPTIONAL_TYPES.find((t) => describeEsError(e).includes(`mapper type [${t}]`));
      if (!missing || substituted.includes(missing))
        // no `cause`: a client error carries the request and its headers, which may hold credentials
        // eslint-disable-next-line preserve-caught-error
        throw new Error(`creating ${esIndex}: ${describeEsError(e)}`);
      if (missing === keywordType)
        throw new KeywordTypeUnavailableError(`this cluster has no [${missing}] field type`);
      substituted.push(missing);
      mapping = JSON.parse(JSON.stringify(mapping).replaceAll(`"type":"${missing}"`, '"type":"keyword"'));
    }
  }
  const operations = ix.documents.flatMap((doc, i) => [
    { index: { _index: esIndex, _id: String(i + 1) } },
    doc,
  ]);
  const res = await client.bulk({ refresh: true, operations });
  if (res.errors) {
    const first = res.items.find((it) => it.index?.error)?.index?.error;
    throw new Error(`loading ${esIndex}: ${first?.type}: ${first?.reason}`);
  }
  return { name, esIndex, documents: ix.documents.length, substituted };
}
