import { expect } from 'chai';
import { readSourcePath } from '../../src/engine/event.js';
import { makeOrdinal, parseTimestamp } from '../../src/engine/ordinal.js';
import { Schema } from '../../src/mapping/schema.js';

describe('engine ordinals', () => {
  it('reads ISO strings, epoch millis numbers and numeric strings', () => {
    expect(parseTimestamp('2020-01-01T00:00:00Z')).to.deep.equal([Date.UTC(2020, 0, 1), 0]);
    expect(parseTimestamp('2022-05-04T12:00:00.001Z')).to.deep.equal([Date.UTC(2022, 4, 4, 12, 0, 0, 1), 0]);
    expect(parseTimestamp('2020-01-01T01:00:00+01:00')).to.deep.equal([Date.UTC(2020, 0, 1), 0]);
    expect(parseTimestamp('2020-01-01')).to.deep.equal([Date.UTC(2020, 0, 1), 0]);
    expect(parseTimestamp(1504126053000)).to.deep.equal([1504126053000, 0]);
    expect(parseTimestamp('1')).to.deep.equal([1, 0]);
    expect(parseTimestamp('1234567891')).to.deep.equal([1234567891, 0]);
  });

  it('keeps nanoseconds of date_nanos strings and millis.nanos strings', () => {
    expect(parseTimestamp('2020-01-01T00:00:00.123456789Z')).to.deep.equal([
      Date.UTC(2020, 0, 1) + 123,
      456789,
    ]);
    expect(parseTimestamp('131509374294.365140')).to.deep.equal([131509374294, 365140]);
    expect(parseTimestamp('131509374294.36514')).to.deep.equal([131509374294, 365140]);
  });

  it('rejects what is no date', () => {
    expect(parseTimestamp('yesterday')).to.equal(null);
    expect(parseTimestamp(null)).to.equal(null);
    expect(parseTimestamp(undefined)).to.equal(null);
    expect(parseTimestamp({})).to.equal(null);
    expect(parseTimestamp('2020-13-01')).to.equal(null);
  });

  it('builds an ordinal with tiebreaker, or null without timestamp', () => {
    const src = { '@timestamp': '2020-01-01T00:00:00Z', event: { sequence: 7 } };
    expect(makeOrdinal(src, 3, { tiebreakerField: 'event.sequence' })).to.deep.equal({
      ts: Date.UTC(2020, 0, 1),
      nanos: 0,
      tiebreaker: 7,
      seq: 3,
    });
    expect(makeOrdinal({}, 0)).to.equal(null);
    expect(makeOrdinal({}, 0, { timestampOptional: true })).to.deep.include({ ts: 0, nanos: 0 });
  });

  it('follows mapping aliases and drops sub-millisecond digits of a date field', () => {
    const schema = Schema.fromMapping({
      properties: {
        ts: { type: 'date' },
        seq: { type: 'long' },
        event: { properties: { sequence: { type: 'alias', path: 'seq' } } },
      },
    });
    const o = makeOrdinal({ ts: '1.5', seq: 2 }, 0, {
      timestampField: 'ts',
      tiebreakerField: 'event.sequence',
      schema,
    });
    expect(o).to.deep.equal({ ts: 1, nanos: 0, tiebreaker: 2, seq: 0 });
  });

  it('reads nested and flattened source paths', () => {
    expect(readSourcePath({ a: { b: { c: 1 } } }, 'a.b.c')).to.equal(1);
    expect(readSourcePath({ 'a.b': { c: 2 } }, 'a.b.c')).to.equal(2);
    expect(readSourcePath({ a: { 'b.c': 3 } }, 'a.b.c')).to.equal(3);
    expect(readSourcePath({ a: 1 }, 'a.b')).to.equal(undefined);
  });
});
