import { expect } from 'chai';
import type { Connection } from '../../src/es/client.js';
import { suiteIndex } from '../support/es.js';

describe('Elasticsearch test cluster @es', () => {
  const es = suiteIndex('rr-smoke');
  const index = es.index;
  let conn: Connection;

  before(() => {
    conn = es.conn;
  });

  it('reports the version the suite asked for', () => {
    expect(conn.major).to.be.oneOf([8, 9]);
    if (process.env.ES_VERSION) expect(conn.version).to.equal(process.env.ES_VERSION);
  });

  it('indexes documents and searches them back through @elastic/elasticsearch', async () => {
    await conn.client.indices.create({
      index,
      mappings: { properties: { '@timestamp': { type: 'date' }, 'process.name': { type: 'keyword' } } },
    });
    const docs = [
      { '@timestamp': '2026-01-01T00:00:01Z', process: { name: 'bash' } },
      { '@timestamp': '2026-01-01T00:00:02Z', process: { name: 'curl' } },
      { '@timestamp': '2026-01-01T00:00:03Z', process: { name: 'bash' } },
    ];
    const bulk = await conn.client.bulk({
      refresh: true,
      operations: docs.flatMap((d, i) => [{ index: { _index: index, _id: String(i + 1) } }, d]),
    });
    expect(bulk.errors).to.equal(false);
    const res = await conn.client.search({
      index,
      query: { term: { 'process.name': 'bash' } },
      sort: [{ '@timestamp': 'asc' }],
    });
    expect(res.hits.hits.map((h) => h._id)).to.deep.equal(['1', '3']);
  });
});
