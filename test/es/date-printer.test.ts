/**
 * Dates printed in a mapping's format as a node prints them: each instant below is indexed into fields of many
 * formats (the custom one first, ISO after it to read the input), and what `fields` returns must be what
 * `dateFormatPrinter` prints.
 */
import { expect } from 'chai';
import { fieldNanosParser } from '../../src/mapping/date-format.js';
import { dateFormatPrinter } from '../../src/mapping/date-printer.js';
import { suiteIndex } from '../support/es.js';

const FORMATS: Array<[string, 'date' | 'date_nanos', string]> = [
  ['em', 'date', 'epoch_millis'],
  ['emn', 'date_nanos', 'epoch_millis'],
  ['es', 'date', 'epoch_second'],
  ['esn', 'date_nanos', 'epoch_second'],
  ['sd', 'date', 'strict_date_optional_time'],
  ['sdn', 'date_nanos', 'strict_date_optional_time'],
  ['sdnn', 'date_nanos', 'strict_date_optional_time_nanos'],
  ['dt', 'date', 'date_time'],
  ['bdt', 'date', 'basic_date_time'],
  ['odt', 'date', 'strict_ordinal_date_time_no_millis'],
  ['hms', 'date', 'hour_minute_second_millis'],
  ['c1', 'date', 'yyyy-MM-dd HH:mm:ss'],
  ['c2', 'date', 'dd/MM/yyyy'],
  ['c3', 'date', 'EEE, dd MMM yyyy HH:mm:ss Z'],
  ['c4', 'date', 'yyyy-DDD hh:mm a'],
  ['c5', 'date_nanos', "yyyy-MM-dd'T'HH:mm:ss.SSSSSSSSSX"],
  ['c6', 'date', 'yy-M-d H:m:s.SS XXX'],
  ['c7', 'date', 'uuuu-MM-dd[ HH:mm]'],
  ['c8', 'date', "EEEE d MMMM yyyy 'at' k:mm xxx"],
  ['c9', 'date', 'yyyyMMddHHmmssSSS'],
];

const INSTANTS = [
  '2026-03-05T07:08:09.123456789Z',
  '2026-11-26T23:59:59Z',
  '1999-01-01T12:00:00.5Z',
  '2000-02-29T00:00:00.000001Z',
  '1970-01-01T00:00:00Z',
];

describe('dates printed in a mapping format as Elasticsearch prints them @es', function () {
  this.timeout(60_000);
  const es = suiteIndex('rr-date-printer');
  let printed: Map<string, Record<string, string[]>>;

  before(async () => {
    const properties = Object.fromEntries(
      FORMATS.map(([f, type, format]) => [
        f,
        {
          type,
          format: `${format}||${type === 'date' ? 'strict_date_optional_time' : 'strict_date_optional_time_nanos'}`,
        },
      ]),
    );
    const refused = await es.load(
      { properties },
      INSTANTS.map((v, i) => [String(i), Object.fromEntries(FORMATS.map(([f]) => [f, v]))]),
    );
    expect([...refused]).to.deep.equal([]);
    const r = await es.conn.client.search({ index: es.index, size: 100, _source: false, fields: ['*'] });
    printed = new Map(r.hits.hits.map((h) => [h._id!, h.fields as Record<string, string[]>]));
  });

  it('prints every instant in every format as the node does', () => {
    const exact = fieldNanosParser('strict_date_optional_time_nanos');
    const wrong: string[] = [];
    let compared = 0;
    INSTANTS.forEach((v, i) => {
      for (const [f, type, format] of FORMATS) {
        const want = printed.get(String(i))?.[f]?.[0];
        const nanos = exact(v)!;
        const printer = dateFormatPrinter(format, type);
        if (!printer) {
          wrong.push(`${format}: no printer`);
          continue;
        }
        const got = printer(type === 'date' ? nanos - (nanos % 1_000_000n) : nanos);
        compared++;
        if (got !== want) wrong.push(`${format} (${type}) ${v}: Elasticsearch ${want}, rule-runner ${got}`);
      }
    });
    expect(wrong).to.deep.equal([]);
    expect(compared).to.equal(FORMATS.length * INSTANTS.length);
  });
});
