import { expect } from 'chai';
import { dateFormatParser } from '../../src/mapping/date-format.js';
import { parseTimestamp } from '../../src/engine/ordinal.js';
import { parseDate } from '../../src/mapping/default-date.js';
import {
  parseDefaultDate,
  parseEpochMillis,
  parseIsoByRegex,
  parseIsoDateTime,
} from '../../src/mapping/iso-date.js';

const JAN1 = Date.UTC(2017, 0, 1);
const Y2017 = new Date(Date.UTC(2000, 0, 1));
Y2017.setUTCFullYear(-2017);

// The edge cases where the three parsers this module replaced disagreed; expected values are what an
// Elasticsearch 9.5 node stores for a `date` / `date_nanos` field with the default format.
describe('ISO dates and epoch millis (strict_date_optional_time||epoch_millis)', () => {
  it('reads dates, times, fractions up to 9 digits and offsets', () => {
    expect(parseDefaultDate('2017-01-01T10:00:00,5Z')).to.deep.equal([JAN1 + 36e5 * 10 + 500, 0]);
    expect(parseDefaultDate('2017-01-01T10:00:00.123456789Z')).to.deep.equal([JAN1 + 36e6 + 123, 456789]);
    expect(parseDefaultDate('2017-01-01T10:00:00+01')).to.deep.equal([JAN1 + 9 * 36e5, 0]);
    expect(parseDefaultDate('2017-01-01T10:00:00+0130')).to.deep.equal([JAN1 + 8.5 * 36e5, 0]);
    expect(parseDefaultDate('2017-01-01T10:00:00-01:30')).to.deep.equal([JAN1 + 11.5 * 36e5, 0]);
    expect(parseDefaultDate('2017-01-01T10:00:00.1234567891Z')).to.equal(null);
  });

  it('reads the usual timestamp form on its fast path exactly as the general reader does', () => {
    // mulberry32: the low bits of a plain LCG repeat too soon to cover every month and day
    let x = 7;
    const rnd = (m: number) => {
      x = (x + 0x6d2b79f5) | 0;
      let z = Math.imul(x ^ (x >>> 15), 1 | x);
      z = (z + Math.imul(z ^ (z >>> 7), 61 | z)) ^ z;
      return ((z ^ (z >>> 14)) >>> 0) % m;
    };
    const pad = (v: number, w: number) => String(v).padStart(w, '0');
    const years = [0, 1, 99, 1582, 1900, 1970, 2000, 2023, 2024, 2100, 9999];
    let fast = 0;
    for (let i = 0; i < 20_000; i++) {
      const y = rnd(3) === 0 ? rnd(10_000) : years[rnd(years.length)]!;
      const date = `${pad(y, 4)}-${pad(rnd(14), 2)}-${pad(rnd(33), 2)}`;
      const time = `${pad(rnd(26), 2)}:${pad(rnd(62), 2)}:${pad(rnd(62), 2)}`;
      const frac = ['', '.', ','][rnd(3)]! + String(rnd(1e9)).slice(0, rnd(11));
      let t = `${date}T${time}${frac}Z`;
      // now and then a character out of place, which only the general reader may judge
      if (rnd(8) === 0) {
        const at = rnd(t.length);
        t = t.slice(0, at) + 'x-:T.Z9'[rnd(7)] + t.slice(at + 1);
      }
      for (const lenient of [false, true]) {
        const want = parseIsoByRegex(t, lenient);
        expect(parseIsoDateTime(t, lenient), `${t} (lenient ${lenient})`).to.deep.equal(want);
        if (want) fast++;
      }
    }
    expect(fast, 'valid dates among them').to.be.above(2000);
  });

  it('years 0-99 are not 1900-1999', () => {
    expect(new Date(parseDefaultDate('0099-01-01')![0]).getUTCFullYear()).to.equal(99);
    expect(parseDefaultDate('0001-01-01T00:00:00Z')).to.deep.equal([-62135596800000, 0]);
  });

  it('a bare four-digit number is a year, a longer one epoch millis', () => {
    expect(parseDefaultDate('2017')).to.deep.equal([JAN1, 0]);
    expect(parseDefaultDate('-2017')).to.deep.equal([Y2017.getTime(), 0]);
    expect(parseDefaultDate('20170101')).to.deep.equal([20170101, 0]);
    expect(parseDefaultDate('99')).to.deep.equal([99, 0]);
    expect(parseIsoDateTime('20170')).to.equal(null);
    expect(dateFormatParser('strict_date_optional_time')('20170101')).to.equal(undefined);
    expect(parseTimestamp('2017')).to.deep.equal([JAN1, 0]);
    expect(parseDate('2017')).to.equal(JAN1);
  });

  it('rejects impossible days', () => {
    expect(parseDefaultDate('2017-02-30')).to.equal(null);
    expect(parseDefaultDate('2017-02-29T00:00:00Z')).to.equal(null);
    expect(parseDefaultDate('2016-02-29T00:00:00Z')).to.deep.equal([Date.UTC(2016, 1, 29), 0]);
    expect(parseTimestamp('2017-02-30')).to.equal(null);
  });

  it('takes no whitespace, space separator, lower-case t/z or colon-less time', () => {
    for (const s of [
      ' 2017-01-01 ',
      '2017-01-01 10:00:00',
      '2017-01-01t10:00:00Z',
      '2017-01-01T10:00:00z',
      '2017-01-01T10:00:00 Z',
      '2017-01-01T1000',
    ]) {
      expect(parseDefaultDate(s), s).to.equal(null);
      expect(parseTimestamp(s), s).to.equal(null);
      expect(parseDate(s), s).to.equal(undefined);
    }
  });

  it('epoch millis: negative with a fraction, no + sign, up to a Java long', () => {
    expect(parseEpochMillis('-1.5')).to.deep.equal([-2, 500000]);
    expect(parseEpochMillis('-123')).to.deep.equal([-123, 0]);
    expect(parseEpochMillis('1.5')).to.deep.equal([1, 500000]);
    expect(parseEpochMillis('+15')).to.equal(null);
    expect(parseTimestamp('+15')).to.equal(null);
    expect(dateFormatParser('epoch_millis')('+15')).to.equal(undefined);
    expect(parseEpochMillis('9007199254740993')).to.deep.equal([9007199254740992, 0]);
    expect(parseEpochMillis('99999999999999999999')).to.equal(null);
  });

  it('zones: offsets to ±18:00 with seconds, UTC/GMT/UT prefixes, tz database names as written', () => {
    const at = (s: string) => parseDefaultDate(`2020-01-01T00:00:00${s}`)?.[0];
    const utc = Date.UTC(2020, 0, 1);
    expect(at('+01:30:15')).to.equal(utc - 5415e3);
    expect(at('+013015')).to.equal(utc - 5415e3);
    expect(at('-18:00')).to.equal(utc + 18 * 36e5);
    expect(at('+18:01')).to.equal(undefined);
    expect(at('+1:00')).to.equal(undefined);
    expect(at('UTC')).to.equal(utc);
    expect(at('UTC+1')).to.equal(utc - 36e5);
    expect(at('GMT-05:00')).to.equal(utc + 5 * 36e5);
    expect(at('Europe/Paris')).to.equal(utc - 36e5);
    expect(at('Etc/GMT+5')).to.equal(utc + 5 * 36e5);
    for (const z of ['utc', 'UTC0', 'EST', 'europe/paris', 'Nowhere/Atall', 'Z[UTC]'])
      expect(at(z), z).to.equal(undefined);
    // clocks forward (02:30 does not exist): moved on by the gap; clocks back (02:30 twice): the earlier one
    expect(parseDefaultDate('2020-03-29T02:30:00Europe/Paris')?.[0]).to.equal(Date.UTC(2020, 2, 29, 1, 30));
    expect(parseDefaultDate('2020-10-25T02:30:00Europe/Paris')?.[0]).to.equal(Date.UTC(2020, 9, 25, 0, 30));
    expect(parseDefaultDate('2020-01-01Europe/Paris')).to.equal(null);
  });

  it('years: four digits, an optional minus, no plus', () => {
    expect(parseDefaultDate('-0001')).to.not.equal(null);
    for (const s of ['+2020-01-01', '10000-01-01T00:00:00Z', '+10000-01-01T00:00:00Z'])
      expect(parseDefaultDate(s), s).to.equal(null);
  });

  it('date takes a partial time and a bare T; date_nanos needs the seconds and its range', () => {
    for (const s of ['2020-01-01T', '2020-01-01T10', '2020-01-01T10:00Z']) {
      expect(parseTimestamp(s, 'date'), s).to.not.equal(null);
      expect(parseTimestamp(s, 'date_nanos'), s).to.equal(null);
    }
    expect(parseTimestamp('2020-01-01T10:00:00', 'date_nanos')).to.deep.equal([Date.UTC(2020, 0, 1, 10), 0]);
    expect(parseTimestamp('1969-12-31T23:59:59.999Z', 'date_nanos')).to.equal(null);
    expect(parseTimestamp('-1', 'date_nanos')).to.equal(null);
    expect(parseTimestamp('-0', 'date_nanos')).to.deep.equal([0, 0]);
    expect(parseTimestamp('2262-04-11T23:47:16.854775807Z', 'date_nanos')).to.deep.equal([
      9223372036854, 775807,
    ]);
    expect(parseTimestamp('2262-04-11T23:47:16.854775808Z', 'date_nanos')).to.equal(null);
    expect(parseTimestamp('2020-01-01T00:00:00.123456789Z', 'date')).to.deep.equal([
      Date.UTC(2020, 0, 1) + 123,
      0,
    ]);
  });

  it('a fractional JSON number is read from its decimal text; epoch millis stop below 2^63', () => {
    expect(parseTimestamp(1577836800000.1235)).to.deep.equal([1577836800000, 123500]);
    expect(parseTimestamp(-1.5)).to.deep.equal([-2, 500000]);
    expect(parseTimestamp(1e20)).to.equal(null);
    expect(parseEpochMillis('9223372036854775808')).to.equal(null);
    expect(parseEpochMillis('1000000000000000000')).to.deep.equal([1e18, 0]);
  });
});
