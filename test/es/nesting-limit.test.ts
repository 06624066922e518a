/**
 * The nesting limit of src/json-depth.ts held to a node: the documents and mappings it indexes at and around
 * 1,000 levels are those the offline reader and `--mapping` take.
 */
import { expect } from 'chai';
import { loadMappingFile } from '../../src/cli/options.js';
import { isUserError } from '../../src/errors.js';
import { MAX_JSON_DEPTH } from '../../src/json-depth.js';
import { readAllEvents } from '../support/event-files.js';
import { deepEventText, deepMappingText, textDepth } from '../support/deep-json.js';
import { suiteIndex, uniqueIndex } from '../support/es.js';
import { tempDir } from '../support/tmp.js';

/**
 * The deep texts go as they are, not through the client's serializer; plain JSON on both headers, since an 8.x
 * node refuses a request whose Content-Type and Accept disagree on the compatible version the client asks for.
 */
const JSON_HEADERS = { 'content-type': 'application/json', accept: 'application/json' };

const DEPTHS = [MAX_JSON_DEPTH - 1, MAX_JSON_DEPTH, MAX_JSON_DEPTH + 1, MAX_JSON_DEPTH + 5];

async function offlineTakes(read: () => Promise<unknown> | unknown): Promise<boolean> {
  try {
    await read();
    return true;
  } catch (e) {
    if (!isUserError(e)) throw e;
    return false;
  }
}

describe('the nesting limit as Elasticsearch has it @es', function () {
  this.timeout(120_000);
  const es = suiteIndex('rr-nesting');
  const t = tempDir();
  after(() => t.remove());

  it('indexes the events the reader takes, and refuses those it refuses', async () => {
    // `x` is not indexed, so that only the parser's limit applies (not index.mapping.depth.limit)
    await es.conn.client.indices.create({
      index: es.index,
      mappings: { properties: { x: { type: 'object', enabled: false } } },
    });
    for (const depth of DEPTHS) {
      const text = deepEventText(depth);
      expect(textDepth(text)).to.equal(depth);
      const res = await es.conn.client.transport.request(
        { method: 'POST', path: `/${es.index}/_doc`, body: text },
        { ignore: [400], headers: JSON_HEADERS },
      );
      const clusterTakes = (res as { result?: string }).result === 'created';
      const file = t.file(`d${depth}.ndjson`, `${text}\n`);
      expect(await offlineTakes(() => readAllEvents([file], { strict: true })), `depth ${depth}`).to.equal(
        clusterTakes,
      );
      expect(clusterTakes, `depth ${depth}`).to.equal(depth <= MAX_JSON_DEPTH);
    }
  });

  it('takes the mappings `--mapping` takes, and refuses those it refuses', async () => {
    const client = es.conn.client;
    // each object field costs two JSON levels; a create-index body puts its fields under `{mappings{properties`
    for (const fields of [498, 499, 500]) {
      const { text } = deepMappingText(fields, 'mappings', false);
      const index = uniqueIndex('rr-nesting-map');
      const body = `{"settings":{"index.mapping.depth.limit":2000},${text.slice(1)}`;
      let clusterTakes: boolean;
      try {
        const res = await client.transport.request(
          { method: 'PUT', path: `/${index}`, body },
          { ignore: [400], headers: JSON_HEADERS },
        );
        clusterTakes = (res as { acknowledged?: boolean }).acknowledged === true;
      } finally {
        // not left for a moment longer than needed: a GET _mapping that deep fails on the node's side
        await client.indices.delete({ index, ignore_unavailable: true });
      }
      const file = t.file(`m${fields}.json`, text);
      expect(await offlineTakes(() => loadMappingFile(file)), `${fields} fields`).to.equal(clusterTakes);
      expect(clusterTakes, `${fields} fields`).to.equal(textDepth(text) <= MAX_JSON_DEPTH);
    }
  });
});
