/**
 * Timestamps read as Elasticsearch reads them: every value below is indexed into a `date` and a `date_nanos` field
 * with the default formats, and what the node stored (or refused) is what `parseTimestamp` must give.
 */
import { expect } from 'chai';
import type { Connection } from '../../src/es/client.js';
import { parseTimestamp } from '../../src/engine/ordinal.js';
import { formatNanos } from '../../src/mapping/default-date.js';
import { suiteIndex } from '../support/es.js';

const STRINGS = [
  // the usual forms, fractions of every length, a partial time, a bare T
  '2020-01-01T00:00:00Z',
  '2020-01-01T00:00:00.1Z',
  '2020-01-01T00:00:00.123Z',
  '2020-01-01T00:00:00.1234Z',
  '2020-01-01T00:00:00.123456789Z',
  '2020-01-01T00:00:00.1234567891Z',
  '2020-01-01T00:00:00,5Z',
  '2020-01-01T00:00:00.Z',
  '2020-01-01T00:00:00',
  '2020-01-01T00:00',
  '2020-01-01T00',
  '2020-01-01T00Z',
  '2020-01-01T00:00Z',
  '2020-01-01T',
  '2020-01-01TZ',
  '2020-01-01',
  '2020-01',
  '2020',
  '2020-06-15T13:45:30.987654321-07:00',
  // years
  '-2020-01-01',
  '+2020-01-01',
  '-0001',
  '0000-01-01',
  '0001-01-01T00:00:00Z',
  '9999-12-31T23:59:59.999Z',
  '10000-01-01T00:00:00Z',
  '+10000-01-01T00:00:00Z',
  '1969-12-31T23:59:59.999Z',
  '2262-04-11T23:47:16.854775807Z',
  '2262-04-11T23:47:16.854775808Z',
  // impossible days and times
  '2020-02-29T12:00:00Z',
  '2021-02-29T12:00:00Z',
  '2020-13-01T00:00:00Z',
  '2020-01-32',
  '2020-01-01T24:00:00Z',
  '2020-01-01T23:59:60Z',
  // offsets
  '2020-01-01T00:00:00+01',
  '2020-01-01T00:00:00+0100',
  '2020-01-01T00:00:00-05:30',
  '2020-01-01T00:00:00+013015',
  '2020-01-01T00:00:00+01:30:15',
  '2020-01-01T00:00:00+1:00',
  '2020-01-01T00:00:00+01:0',
  '2020-01-01T00:00:00+18:00',
  '2020-01-01T00:00:00-18:00',
  '2020-01-01T00:00:00+18:01',
  '2020-01-01T00:00:00+17:59:59',
  '2020-01-01T00:00:00+1900',
  '2020-01-01T00:00:00.123+01:00',
  '2020-01-01+01:00',
  '2020-01-01Z',
  // zone names
  '2020-01-01T00:00:00UTC',
  '2020-01-01T00:00:00GMT',
  '2020-01-01T00:00:00UT',
  '2020-01-01T00:00:00utc',
  '2020-01-01T00:00:00UTC+1',
  '2020-01-01T00:00:00UTC-0130',
  '2020-01-01T00:00:00UTC+01:30:15',
  '2020-01-01T00:00:00GMT-05:00',
  '2020-01-01T00:00:00GMT0',
  '2020-01-01T00:00:00UTC0',
  '2020-01-01T00:00:00Europe/Paris',
  '2020-01-01T00:00:00europe/paris',
  '2020-01-01T00:00:00America/New_York',
  '2020-01-01T00:00:00Asia/Kolkata',
  '2020-01-01T00:00:00Etc/GMT+5',
  '2020-01-01T00:00:00EST',
  '2020-01-01T00:00:00MST',
  '2020-01-01T00:00:00Zulu',
  '2020-01-01T00:00:00Nowhere/Atall',
  '2020-03-29T02:30:00Europe/Paris',
  '2020-10-25T02:30:00Europe/Paris',
  '2020-01-01T00:00Europe/Paris',
  '2020-01-01Europe/Paris',
  '2020-01-01T00:00:00+01:00[Europe/Paris]',
  '2020-01-01T00:00:00Z[UTC]',
  // epoch millis as text
  '1577836800000',
  '1577836800000.5',
  '-1',
  '-1000',
  '-0',
  '-0.5',
  '0.5',
  '10000',
  '+1577836800000',
  '1e3',
  '1000000000000000000',
  '9223372036854775808',
  // whitespace, other separators and letters
  ' 2020-01-01',
  '2020-01-01T00:00:00Z ',
  '2020-01-01 00:00:00',
  '2020-01-01t00:00:00z',
  '2020-1-1',
  '20200101',
  '2020-W01',
];

const NUMBERS = [1577836800000, 0, -1, 1577836800000.5, 1577836800000.1235, 1.5, -1.5, 1e20, 253402300800000];

type Stored = [number, number] | null;

/** `yyyy-MM-ddTHH:mm:ss[.fffffffff]Z` as Elasticsearch prints it (years may be signed or longer), as [ms, ns]. */
function readPrinted(s: string): [number, number] {
  const m = /^([+-]?\d{4,})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?Z$/.exec(s);
  if (!m) throw new Error(`unexpected date from Elasticsearch: ${s}`);
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map(Number) as number[];
  // days from 1970-01-01 in the proleptic Gregorian calendar, for years beyond what Date holds too
  const y = month! <= 2 ? year! - 1 : year!;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month! > 2 ? month! - 3 : month! + 9) + 2) / 5) + day! - 1;
  const days = era * 146_097 + yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy - 719_468;
  const frac = (m[7] ?? '').padEnd(9, '0');
  const ms =
    days * 86_400_000 + hour! * 3_600_000 + minute! * 60_000 + second! * 1000 + Number(frac.slice(0, 3));
  return [ms, Number(frac.slice(3))];
}

describe('timestamps as Elasticsearch stores them @es', function () {
  this.timeout(60_000);
  const es = suiteIndex('rr-timestamps');
  const index = es.index;
  let conn: Connection;
  const values: unknown[] = [...STRINGS, ...NUMBERS];
  const stored = new Map<string, Stored>();
  /** The date_nanos values as the field's own (default) format prints them, as join keys show them. */
  const printedNanos = new Map<string, string>();

  before(async () => {
    conn = es.conn;
    const refused = await es.load(
      { properties: { d: { type: 'date' }, n: { type: 'date_nanos' } } },
      values.flatMap((v, i) => [[`d${i}`, { d: v }] as const, [`n${i}`, { n: v }] as const]),
    );
    const res = await conn.client.search({
      index,
      size: values.length * 2,
      _source: false,
      fields: [
        { field: 'd', format: 'strict_date_optional_time_nanos' },
        { field: 'n', format: 'strict_date_optional_time_nanos' },
      ],
    });
    for (const hit of res.hits.hits) {
      const field = hit._id!.slice(0, 1);
      const printed = (hit.fields?.[field] as string[] | undefined)?.[0];
      // a value the node indexed but cannot read back from _source (a number beyond a date_nanos, which it
      // clamps) is no date either
      if (!refused.has(hit._id!)) stored.set(hit._id!, printed === undefined ? null : readPrinted(printed));
    }
    for (const id of refused.keys()) stored.set(id, null);
    const own = await conn.client.search({ index, size: values.length * 2, _source: false, fields: ['n'] });
    for (const hit of own.hits.hits) {
      const printed = (hit.fields?.n as string[] | undefined)?.[0];
      if (printed !== undefined) printedNanos.set(hit._id!, printed);
    }
  });

  it('prints a date_nanos value as the field does (three to nine fraction digits)', () => {
    const wrong: string[] = [];
    values.forEach((v, i) => {
      const want = printedNanos.get(`n${i}`);
      const t = parseTimestamp(v, 'date_nanos');
      if (want === undefined || t === null) return;
      const got = formatNanos(BigInt(t[0]) * 1_000_000n + BigInt(t[1]));
      if (got !== want) wrong.push(`${JSON.stringify(v)}: Elasticsearch ${want}, rule-runner ${got}`);
    });
    expect(printedNanos.size).to.be.greaterThan(40);
    expect(wrong).to.deep.equal([]);
  });

  for (const type of ['date', 'date_nanos'] as const) {
    it(`reads every value as a ${type} field stores it`, () => {
      const field = type === 'date' ? 'd' : 'n';
      const wrong: string[] = [];
      values.forEach((v, i) => {
        const want = stored.get(`${field}${i}`);
        if (want === undefined) throw new Error(`no answer from Elasticsearch for ${JSON.stringify(v)}`);
        const got = parseTimestamp(v, type);
        if (JSON.stringify(got) !== JSON.stringify(want))
          wrong.push(
            `${JSON.stringify(v)}: Elasticsearch ${JSON.stringify(want)}, rule-runner ${JSON.stringify(got)}`,
          );
      });
      expect(wrong).to.deep.equal([]);
    });
  }
});
