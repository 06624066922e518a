/**
 * An Elasticsearch response saved as an event file (`curl .../_search > events.json`, a scroll export with one
 * page per line, an `_eql/search` result): its hits are the events. A response is told by `took` and a `hits`
 * object beside it, which no ECS event has.
 */

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => v !== null && typeof v === 'object' && !Array.isArray(v);

/**
 * The hits of a search response (`hits.hits`) or of an EQL response (`hits.events`; the events of
 * `hits.sequences`, each document once, missing events left out), or null when `doc` is no response.
 */
export function responseHits(doc: Json): Json[] | null {
  const hits = doc.hits;
  if (!('took' in doc) || !isObject(hits)) return null;
  if (Array.isArray(hits.hits)) return hits.hits.filter(isObject);
  if (Array.isArray(hits.events)) return hits.events.filter(isObject);
  if (Array.isArray(hits.sequences)) {
    const seen = new Set<string>();
    const out: Json[] = [];
    for (const s of hits.sequences)
      if (isObject(s) && Array.isArray(s.events))
        for (const e of s.events) {
          if (!isObject(e) || e.missing === true || !isObject(e._source)) continue;
          const key = `${String(e._index)}\u0000${String(e._id)}`;
          if (seen.has(key)) continue;
          seen.add(key);
          out.push(e);
        }
    return out;
  }
  return [];
}
