import { expect } from 'chai';
import { createExecutor } from '../../src/engine/executor.js';
import { prepareEvents } from '../../src/engine/prepare-events.js';
import type { QueryResult } from '../../src/engine/results.js';
import { parse } from '../../src/eql/syntax/parser.js';
import { Schema } from '../../src/mapping/schema.js';

const schema = Schema.fromMapping({
  properties: {
    '@timestamp': { type: 'date' },
    event: { properties: { category: { type: 'keyword' } } },
    tn: { type: 'date_nanos' },
    tc: { type: 'date_nanos', format: "yyyy-MM-dd'T'HH:mm:ss.SSSSSSSSSX" },
    d: { type: 'date' },
    dc: { type: 'date', format: 'dd/MM/yyyy HH:mm||strict_date_optional_time' },
    // a date_nanos in a millisecond format prints milliseconds (checked in test/es/date-printer.test.ts)
    tm: { type: 'date_nanos', format: 'strict_date_optional_time||epoch_millis' },
  },
});

function sequences(query: string, docs: Array<Record<string, unknown>>): QueryResult[] {
  const stmt = parse(query);
  const events = prepareEvents(
    docs.map((source, i) => ({
      index: 'i',
      id: String(i + 1),
      source: { '@timestamp': 1000 + i, ...source },
    })),
    stmt,
    { schema },
  );
  const ex = createExecutor(stmt, { schema, size: 100 });
  ex.pushAll(events);
  return ex.finish();
}

const proc = (extra: object) => ({ event: { category: 'process' }, ...extra });
const net = (extra: object) => ({ event: { category: 'network' }, ...extra });

describe('date_nanos join keys', () => {
  it('joins on the exact nanosecond: values a double of milliseconds cannot tell apart do not join', () => {
    const rs = sequences('sequence by tn [process where true] [network where true]', [
      proc({ tn: '2026-01-01T00:00:00.123456789Z' }),
      net({ tn: '2026-01-01T00:00:00.123456790Z' }), // one nanosecond later: another key
      net({ tn: '2026-01-01T00:00:00.123456789Z' }),
    ]);
    expect(
      rs.map((r) => (r.kind === 'sequence' ? r.events.map((e) => (e as { id: string }).id) : [])),
    ).to.deep.equal([['1', '3']]);
  });

  it('shows the key as Elasticsearch prints it: date_nanos 3-9 fraction digits, date ISO millis, custom formats', () => {
    const rs = sequences('sequence by tn, d [process where true] [network where true]', [
      proc({ tn: '2026-01-01T00:00:00.5Z', d: '2026-01-01T00:00:00.25Z' }),
      net({ tn: '2026-01-01T00:00:00.500Z', d: '2026-01-01T00:00:00.250Z' }),
      proc({ tn: '2026-01-01T00:00:00.000000007Z', d: 1767225600000 }),
      net({ tn: '2026-01-01T00:00:00.000000007Z', d: '2026-01-01T00:00:00Z' }),
    ]);
    expect(rs.map((r) => (r.kind === 'sequence' ? r.joinKeys : []))).to.deep.equal([
      ['2026-01-01T00:00:00.500Z', '2026-01-01T00:00:00.250Z'],
      ['2026-01-01T00:00:00.000000007Z', '2026-01-01T00:00:00.000Z'],
    ]);
    // a custom format prints as that format (see test/es/date-printer.test.ts), and joins exactly
    const custom = sequences('sequence by tc [process where true] [network where true]', [
      proc({ tc: '2026-01-01T00:00:00.000000001Z' }),
      net({ tc: '2026-01-01T00:00:00.000000002Z' }),
      net({ tc: '2026-01-01T00:00:00.000000001Z' }),
    ]);
    expect(custom.map((r) => (r.kind === 'sequence' ? r.joinKeys : []))).to.deep.equal([
      ['2026-01-01T00:00:00.000000001Z'],
    ]);
    expect(
      custom.map((r) => (r.kind === 'sequence' ? r.events.map((e) => (e as { id: string }).id) : [])),
    ).to.deep.equal([['1', '3']]);
    const dated = sequences('sequence by dc [process where true] [network where true]', [
      proc({ dc: '2026-01-01T10:30:00Z' }),
      net({ dc: '01/01/2026 10:30' }),
    ]);
    expect(dated.map((r) => (r.kind === 'sequence' ? r.joinKeys : []))).to.deep.equal([['01/01/2026 10:30']]);
    const millis = sequences('sequence by tm [process where true] [network where true]', [
      proc({ tm: '2026-01-01T00:00:00.123456789Z' }),
      net({ tm: '2026-01-01T00:00:00.123456789Z' }),
    ]);
    expect(millis.map((r) => (r.kind === 'sequence' ? r.joinKeys : []))).to.deep.equal([
      ['2026-01-01T00:00:00.123Z'],
    ]);
  });
});
