/**
 * `--mapping` with several indices held to a node: the same documents in three real indices mapped differently,
 * searched by the search engine (each hit's timestamp as the node sorts it, each shard's own mapping), and read
 * offline from one file per index with the node's own `GET _mapping` response as the mapping file.
 */
import { expect } from 'chai';
import { readMappingFile } from '../../src/cli/mapping-file.js';
import type { Connection } from '../../src/es/client.js';
import type { QueryResult } from '../../src/engine/results.js';
import { parse } from '../../src/eql/syntax/parser.js';
import { queryEventFiles } from '../../src/run/offline.js';
import { queryViaSearch } from '../../src/run/es-search.js';
import { testConnection, uniqueIndex } from '../support/es.js';
import { EVENTS, INDEX_MAPPINGS, QUERIES } from '../support/mapping-indices.js';
import { tempDir } from '../support/tmp.js';

const settings = { timestampField: '@timestamp', eventCategoryField: 'event.category', size: 50 };

/** Each result as the ids its events carry in `_source`, with its join keys. */
function shape(results: QueryResult[]): unknown[] {
  const id = (e: unknown) => (e as { source?: { id?: string } }).source?.id ?? '(missing)';
  return results.map((r) => (r.kind === 'event' ? id(r.event) : { keys: r.joinKeys, ids: r.events.map(id) }));
}

describe('--mapping with several indices, as a node evaluates them @es', function () {
  this.timeout(120_000);
  const t = tempDir();
  const base = uniqueIndex('rr-mapping-indices');
  const names = Object.fromEntries(Object.keys(INDEX_MAPPINGS).map((ix) => [ix, `${base}-${ix}`]));
  let conn: Connection;
  let mappingFile: string;
  const files: string[] = [];

  before(async () => {
    conn = await testConnection();
    const operations: object[] = [];
    for (const [ix, body] of Object.entries(INDEX_MAPPINGS)) {
      await conn.client.indices.create({ index: names[ix]!, mappings: body.mappings as never });
      const docs = EVENTS[ix as keyof typeof EVENTS].map(([id, e]) => ({ ...e, id }));
      for (const doc of docs) operations.push({ index: { _index: names[ix]!, _id: doc.id } }, doc);
      files.push(t.file(`${names[ix]}.ndjson`, docs.map((d) => JSON.stringify(d)).join('\n') + '\n'));
    }
    const bulk = await conn.client.bulk({ refresh: true, operations });
    expect(bulk.items.filter((i) => i.index?.error).map((i) => i.index?.error?.reason)).to.deep.equal([]);
    const mapping = await conn.client.indices.getMapping({ index: Object.values(names) });
    mappingFile = t.file('mapping.json', JSON.stringify(mapping));
  });

  after(async () => {
    t.remove();
    if (!conn) return;
    await conn.client.indices.delete({ index: Object.values(names), ignore_unavailable: true });
    await conn.client.close();
  });

  async function both(query: string, range?: { gte?: string; lte?: string }) {
    const stmt = parse(query);
    const cluster = await queryViaSearch(stmt, {
      ...settings,
      client: conn.client,
      index: Object.values(names),
      timeRange: range,
    });
    const mapping = readMappingFile(mappingFile);
    const offline = await queryEventFiles(stmt, {
      ...settings,
      events: files,
      schema: mapping.schema,
      perIndex: mapping.schemaFor && { schemaFor: mapping.schemaFor, distinct: mapping.distinct },
      onWarning: (m) => expect.fail(`unexpected warning: ${m}`),
      timeRange: range && {
        gte: range.gte === undefined ? undefined : Date.parse(range.gte),
        lte: range.lte === undefined ? undefined : Date.parse(range.lte),
      },
    });
    return { cluster: shape(cluster.results), offline: shape(offline.results) };
  }

  for (const query of QUERIES)
    it(`answers ${query} as the search engine does`, async () => {
      const { cluster, offline } = await both(query);
      expect(cluster.length, 'the query finds something').to.be.above(0);
      expect(offline).to.deep.equal(cluster);
    });

  it('keeps the events the range filter keeps on a date and a date_nanos index', async () => {
    for (const lte of ['2022-12-17T10:00:00.000Z', '2022-12-17T10:00:01.000Z']) {
      const { cluster, offline } = await both('any where true', { lte });
      expect(cluster.length, lte).to.be.above(0);
      expect(offline, lte).to.deep.equal(cluster);
    }
  });
});
