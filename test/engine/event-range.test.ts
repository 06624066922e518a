import { expect } from 'chai';
import { makeOrdinal } from '../../src/engine/ordinal.js';
import { Schema } from '../../src/mapping/schema.js';
import { compileEventTimeRange, type EventTimeRangeOptions } from '../../src/engine/event-range.js';

const T0 = Date.UTC(2026, 0, 1, 10);

/** Which of `sources` the range keeps, by their `n`. */
function kept(
  sources: Array<Record<string, unknown>>,
  range: { gte?: number; lte?: number },
  opts: EventTimeRangeOptions,
) {
  const inRange = compileEventTimeRange(range, opts);
  return sources
    .filter((s, i) => {
      const o = makeOrdinal(s, i, {
        timestampField: opts.timestampField,
        schema: opts.schema,
        timestampOptional: true,
      });
      return o !== null && inRange(s, o);
    })
    .map((s) => s.n);
}

describe('offline time range (--from/--to)', () => {
  const at = (n: number, ts: unknown, extra: Record<string, unknown> = {}) => ({
    n,
    '@timestamp': ts,
    ...extra,
  });

  it('keeps both bounds, whole milliseconds for date and unmapped fields, nanoseconds for date_nanos', () => {
    const sources = [
      at(1, '2026-01-01T09:59:59.999Z'),
      at(2, '2026-01-01T10:00:00.000Z'),
      at(3, '2026-01-01T10:00:05.000Z'),
      at(4, '2026-01-01T10:00:10.000000001Z'),
      at(5, '2026-01-01T10:00:10.001Z'),
    ];
    const range = { gte: T0, lte: T0 + 10_000 };
    expect(kept(sources, range, { timestampField: '@timestamp' })).to.deep.equal([2, 3, 4]);
    const date = Schema.fromMapping({ properties: { '@timestamp': { type: 'date' } } });
    expect(kept(sources, range, { timestampField: '@timestamp', schema: date })).to.deep.equal([2, 3, 4]);
    const nanos = Schema.fromMapping({ properties: { '@timestamp': { type: 'date_nanos' } } });
    expect(kept(sources, range, { timestampField: '@timestamp', schema: nanos })).to.deep.equal([2, 3]);
    expect(kept(sources, { gte: T0 + 5_000 }, { timestampField: '@timestamp' })).to.deep.equal([3, 4, 5]);
    expect(kept(sources, { lte: T0 }, { timestampField: '@timestamp' })).to.deep.equal([1, 2]);
  });

  it('leaves out events without the timestamp, also where a sample query lets them through', () => {
    const sources = [at(1, undefined), at(2, T0), at(3, 'not a date')];
    expect(
      kept(sources, { gte: 0 }, { timestampField: '@timestamp', timestampOptional: true }),
    ).to.deep.equal([2]);
  });

  it('applies a timestamp override as Kibana does: the override when present, else the timestamp', () => {
    const sources = [
      at(1, T0, { event: { ingested: T0 + 60_000 } }), // ingested after the range
      at(2, T0 - 60_000, { event: { ingested: T0 + 1_000 } }), // happened before, ingested inside
      at(3, T0 + 2_000), // no override: falls back to @timestamp
      at(4, T0 - 60_000), // neither inside
    ];
    const range = { gte: T0, lte: T0 + 10_000 };
    const opts = { timestampField: '@timestamp', timestampOverride: 'event.ingested' };
    expect(kept(sources, range, opts)).to.deep.equal([2, 3]);
    expect(kept(sources, range, { ...opts, timestampOverrideFallbackDisabled: true })).to.deep.equal([2]);
  });
});
