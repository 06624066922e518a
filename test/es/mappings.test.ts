import { expect } from 'chai';
import type { Connection } from '../../src/es/client.js';
import { hasEqlApi } from '../../src/es/capabilities.js';
import { loadSchema, schemaFromMappings } from '../../src/es/mappings.js';
import { testConnection, uniqueIndex } from '../support/es.js';

describe('schemaFromMappings (GET _mapping body → schema)', () => {
  const body = {
    'logs-a': {
      mappings: {
        properties: {
          '@timestamp': { type: 'date' },
          process: {
            properties: {
              pid: { type: 'integer' },
              name: { type: 'keyword' },
              title: { type: 'text', fields: { keyword: { type: 'keyword' } } },
            },
          },
          size: { type: 'long' },
          when: { type: 'date', format: 'yyyy/MM/dd' },
          pname: { type: 'alias', path: 'process.name' },
        },
      },
    },
    'logs-b': {
      mappings: {
        properties: {
          '@timestamp': { type: 'date_nanos' },
          process: {
            properties: { pid: { type: 'long' }, parent: { properties: { name: { type: 'keyword' } } } },
          },
          size: { type: 'float' },
          label: { type: 'keyword', null_value: 'NONE' },
        },
        runtime: { day: { type: 'keyword' } },
      },
    },
  };

  it('merges every index: nested objects deep-merged, aliases, format and null_value kept', () => {
    const r = schemaFromMappings(body, 'logs-*');
    expect(r.indices).to.deep.equal(['logs-a', 'logs-b']);
    const s = r.schema!;
    expect(s.resolve('process.name')?.type).to.equal('keyword');
    expect(s.resolve('process.parent.name')?.type).to.equal('keyword');
    expect(s.resolve('pname')?.name).to.equal('process.name');
    expect(s.aliasTarget('pname')).to.equal('process.name');
    expect(s.resolve('when')?.format).to.equal('yyyy/MM/dd');
    expect(s.resolve('label')?.nullValue).to.equal('NONE');
    expect(s.resolve('process.title')?.keywordSubfield).to.equal('process.title.keyword');
    expect(s.has('process.parent')).to.equal(true);
  });

  it('merges conflicting types to the most general one and reports them', () => {
    const r = schemaFromMappings(body, 'logs-*');
    const s = r.schema!;
    expect(s.resolve('@timestamp')?.type).to.equal('date_nanos');
    expect(s.resolve('process.pid')?.type).to.equal('long');
    expect(s.resolve('size')?.type).to.equal('double');
    expect([...r.conflicts.keys()].sort()).to.deep.equal(['@timestamp', 'process.pid', 'size']);
    expect(Object.fromEntries(r.conflicts.get('size')!)).to.deep.equal({
      long: ['logs-a'],
      float: ['logs-b'],
    });
    expect(
      r.warnings.some((w) =>
        /field size is mapped as \[long\] in logs-a, \[float\] in logs-b; using \[double\]/.test(w),
      ),
    ).to.equal(true);
    expect(r.warnings.some((w) => /runtime fields \(day\)/.test(w))).to.equal(true);
  });

  it('keeps each index’s own mapping for schemaFor', () => {
    const r = schemaFromMappings(body, 'logs-*');
    expect(r.schemaFor('logs-a')?.resolve('@timestamp')?.type).to.equal('date');
    expect(r.schemaFor('logs-b')?.resolve('@timestamp')?.type).to.equal('date_nanos');
    expect(r.schemaFor('logs-b')?.has('pname')).to.equal(false);
    expect(r.schemaFor('other')).to.equal(undefined);
  });

  it('warns when the timestamp field is unmapped or not a date, per index', () => {
    const r = schemaFromMappings(
      {
        a: { mappings: { properties: { ts: { type: 'keyword' } } } },
        b: { mappings: { properties: { other: { type: 'long' } } } },
        c: { mappings: { properties: { ts: { type: 'date' } } } },
      },
      'a,b,c',
      { timestampField: 'ts' },
    );
    expect(r.warnings).to.include.members([
      'timestamp field ts is not mapped in b: their events have no timestamp',
    ]);
    expect(
      r.warnings.some((w) => /ts is mapped as \[keyword\], not date or date_nanos, in a/.test(w)),
    ).to.equal(true);
    expect(
      schemaFromMappings(body, 'x', { timestampField: null }).warnings.some((w) =>
        /^timestamp field/.test(w),
      ),
    ).to.equal(false);
  });

  it('reports no matching index with a warning and no schema', () => {
    const r = schemaFromMappings({}, 'nothing-*');
    expect(r.schema).to.equal(undefined);
    expect(r.indices).to.deep.equal([]);
    expect(r.warnings).to.deep.equal(['no index matches nothing-*']);
  });
});

describe('loadSchema and hasEqlApi on a real cluster @es', () => {
  let conn: Connection;
  const base = uniqueIndex('rr-schema');

  before(async () => {
    conn = await testConnection();
    await conn.client.indices.create({
      index: `${base}-a`,
      mappings: {
        properties: {
          '@timestamp': { type: 'date' },
          host: { properties: { name: { type: 'keyword' } } },
          hostname: { type: 'alias', path: 'host.name' },
          code: { type: 'keyword', null_value: 'n/a' },
          day: { type: 'date', format: 'yyyy-MM-dd' },
        },
      },
    });
    await conn.client.indices.create({
      index: `${base}-b`,
      mappings: {
        properties: {
          '@timestamp': { type: 'keyword' },
          host: { properties: { ip: { type: 'ip' } } },
        },
      },
    });
  });

  after(async () => {
    if (!conn) return;
    await conn.client.indices.delete({ index: `${base}-*` });
    await conn.client.close();
  });

  it('reads aliases, format and null_value through a wildcard pattern, and warns on a non-date timestamp', async () => {
    const r = await loadSchema(conn.client, [`${base}-*`, `${base}-missing`]);
    expect(r.indices).to.deep.equal([`${base}-a`, `${base}-b`]);
    const s = r.schema!;
    expect(s.aliasTarget('hostname')).to.equal('host.name');
    expect(s.resolve('code')?.nullValue).to.equal('n/a');
    expect(s.resolve('day')?.format).to.equal('yyyy-MM-dd');
    expect(s.resolve('host.ip')?.type).to.equal('ip');
    expect(
      r.warnings.some((w) => w.includes(`mapped as [keyword], not date or date_nanos, in ${base}-b`)),
    ).to.equal(true);
  });

  it('warns (no crash) when nothing matches', async () => {
    const r = await loadSchema(conn.client, [`${base}-nothing-*`]);
    expect(r.schema).to.equal(undefined);
    expect(r.warnings).to.deep.equal([`no index matches ${base}-nothing-*`]);
  });

  it('hasEqlApi is false on the test distribution (no EQL plugin), and cached per client', async () => {
    const p1 = hasEqlApi(conn.client);
    const p2 = hasEqlApi(conn.client);
    expect(p1).to.equal(p2);
    expect(await p1).to.equal(false);
  });
});
