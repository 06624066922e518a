/**
 * `--from`/`--to` over files keeps the events that the cluster's range filter (translate/time-range.ts, as Kibana builds
 * it) returns for the same documents: bounds on whole milliseconds and on nanoseconds, a `date`, a `date_nanos`
 * and a dynamically mapped timestamp (what files without a mapping are read as), and a timestamp override with
 * and without its fallback.
 */
import { expect } from 'chai';
import { makeOrdinal } from '../../src/engine/ordinal.js';
import { Schema } from '../../src/mapping/schema.js';
import { timeRangeFilter } from '../../src/translate/time-range.js';
import { compileEventTimeRange } from '../../src/engine/event-range.js';
import { suiteIndex } from '../support/es.js';

const VALUES = [
  '2026-01-01T09:59:59.999Z',
  '2026-01-01T09:59:59.999999999Z',
  '2026-01-01T10:00:00Z',
  '2026-01-01T10:00:00.000000001Z',
  '2026-01-01T10:00:00.0005Z',
  '2026-01-01T10:00:00.001Z',
  '2026-01-01T10:00:05.5Z',
  '2026-01-01T10:00:10Z',
  '2026-01-01T10:00:10.000000001Z',
  '2026-01-01T10:00:10.000999999Z',
  '2026-01-01T10:00:10.001Z',
  '2026-01-01T11:00:00+01:00',
];
const BOUNDS = [
  '2026-01-01T10:00:00.000Z',
  '2026-01-01T10:00:00.001Z',
  '2026-01-01T10:00:10.000Z',
  '2026-01-01T09:59:59.999Z',
];
const FIELDS = ['d', 'tn', 'dyn'];
const ms = (iso: string | undefined) => (iso === undefined ? undefined : Date.parse(iso));

describe('offline time range as the cluster filters it @es', function () {
  this.timeout(60_000);
  const es = suiteIndex('rr-time-range');
  const docs: Array<[string, Record<string, unknown>]> = [];
  VALUES.forEach((v, i) => docs.push([String(i), { d: v, tn: v, dyn: v, n: i }]));
  // override documents: `ing` in or out of the range, or missing (then `d` decides, unless the fallback is off)
  VALUES.forEach((v, i) => docs.push([`o${i}`, { d: VALUES[(i + 6) % VALUES.length], ing: v, n: 100 + i }]));
  docs.push(['o-none', { d: '2026-01-01T10:00:05Z', n: 200 }]);
  let schema: Schema;

  before(async () => {
    const refused = await es.load(
      { properties: { d: { type: 'date' }, tn: { type: 'date_nanos' }, ing: { type: 'date' } } },
      docs,
    );
    expect([...refused]).to.deep.equal([]);
    const mapping = await es.conn.client.indices.getMapping({ index: es.index });
    expect(JSON.stringify(mapping)).to.match(/"dyn":\{"type":"date"\}/);
    schema = Schema.fromMapping(Object.values(mapping)[0]!.mappings);
  });

  async function clusterIds(
    range: { gte?: string; lte?: string },
    field: string,
    override?: string,
    fallbackDisabled = false,
  ) {
    const r = await es.conn.client.search({
      index: es.index,
      size: 1000,
      query: timeRangeFilter(range, field, override, fallbackDisabled),
    });
    return r.hits.hits.map((h) => h._id!).sort();
  }

  function offlineIds(
    range: { gte?: string; lte?: string },
    field: string,
    withSchema: Schema | undefined,
    override?: string,
    fallbackDisabled = false,
  ) {
    const inRange = compileEventTimeRange(
      { gte: ms(range.gte), lte: ms(range.lte) },
      {
        timestampField: field,
        schema: withSchema,
        timestampOverride: override,
        timestampOverrideFallbackDisabled: fallbackDisabled,
      },
    );
    return docs
      .filter(([, src], i) => {
        const o = makeOrdinal(src, i, { timestampField: field, schema: withSchema });
        return o !== null && inRange(src, o);
      })
      .map(([id]) => id)
      .sort();
  }

  const ranges: Array<{ gte?: string; lte?: string }> = [];
  for (const a of BOUNDS) {
    ranges.push({ gte: a }, { lte: a });
    for (const b of BOUNDS) if (a <= b) ranges.push({ gte: a, lte: b });
  }

  it('keeps the documents the range filter returns, on date, date_nanos and dynamic fields', async () => {
    let compared = 0;
    for (const field of FIELDS)
      for (const range of ranges) {
        const want = await clusterIds(range, field);
        // a dynamically mapped field is what files without a mapping are read as
        const got = offlineIds(range, field, field === 'dyn' ? undefined : schema);
        expect(got, `${field} ${JSON.stringify(range)}`).to.deep.equal(want);
        compared++;
      }
    expect(compared).to.equal(FIELDS.length * ranges.length);
  });

  it('applies a timestamp override with and without its fallback as the cluster does', async () => {
    for (const fallbackDisabled of [false, true])
      for (const range of ranges) {
        const want = await clusterIds(range, 'd', 'ing', fallbackDisabled);
        const got = offlineIds(range, 'd', schema, 'ing', fallbackDisabled);
        expect(got, `${JSON.stringify(range)} fallback ${fallbackDisabled ? 'off' : 'on'}`).to.deep.equal(
          want,
        );
      }
  });
});
