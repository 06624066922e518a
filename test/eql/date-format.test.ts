import { expect } from 'chai';
import { dateFormatParser, fieldDateParser, isDefaultDateFormat } from '../../src/mapping/date-format.js';
import { UserError } from '../../src/errors.js';

const DEC17 = Date.UTC(2022, 11, 17);

describe('date formats (mapping `format`)', () => {
  it('reads Java patterns: dd-MM-yyyy, yyyy-MM-dd, yyyy/MM/dd HH:mm:ss', () => {
    expect(dateFormatParser('dd-MM-yyyy')('17-12-2022')).to.equal(DEC17);
    expect(dateFormatParser('yyyy-MM-dd')('2022-12-17')).to.equal(DEC17);
    expect(dateFormatParser('yyyy/MM/dd HH:mm:ss')('2022/12/17 10:20:30')).to.equal(DEC17 + 37230000);
  });

  it('fixed-width fields: MM and dd need two digits, SSS three', () => {
    expect(dateFormatParser('dd-MM-yyyy')('7-12-2022')).to.equal(undefined);
    expect(dateFormatParser('d-M-yyyy')('7-1-2022')).to.equal(Date.UTC(2022, 0, 7));
    expect(dateFormatParser('HH:mm:ss.SSS')('00:00:01.5')).to.equal(undefined);
    expect(dateFormatParser('HH:mm:ss.SSS')('00:00:01.500')).to.equal(1500);
  });

  it('adjacent numeric fields split by width (yyyyMMdd)', () => {
    expect(dateFormatParser('yyyyMMdd')('20221217')).to.equal(DEC17);
  });

  it('quoted literals, an escaped quote and optional sections', () => {
    const p = dateFormatParser("yyyy-MM-dd'T'HH:mm[:ss]");
    expect(p('2022-12-17T01:02')).to.equal(DEC17 + 3720000);
    expect(p('2022-12-17T01:02:03')).to.equal(DEC17 + 3723000);
    expect(dateFormatParser("yyyy''MM''dd")("2022'12'17")).to.equal(DEC17);
  });

  it('offsets: Z (+HHMM), XXX (Z or +HH:MM)', () => {
    expect(dateFormatParser("yyyy-MM-dd'T'HH:mmZ")('2022-12-17T02:00+0200')).to.equal(DEC17);
    expect(dateFormatParser("yyyy-MM-dd'T'HH:mmXXX")('2022-12-17T00:00Z')).to.equal(DEC17);
    expect(dateFormatParser("yyyy-MM-dd'T'HH:mmXXX")('2022-12-16T19:00-05:00')).to.equal(DEC17);
  });

  it('month names, 12-hour clock, day of year, two-digit years', () => {
    expect(dateFormatParser('dd MMM yyyy')('17 Dec 2022')).to.equal(DEC17);
    expect(dateFormatParser('MMMM d, yyyy')('December 17, 2022')).to.equal(DEC17);
    expect(dateFormatParser('yyyy-MM-dd hh:mm a')('2022-12-17 12:30 PM')).to.equal(DEC17 + 12.5 * 3600000);
    expect(dateFormatParser('yyyy-MM-dd hh:mm a')('2022-12-17 12:30 AM')).to.equal(DEC17 + 0.5 * 3600000);
    expect(dateFormatParser('yyyy-DDD')('2022-351')).to.equal(DEC17);
    expect(dateFormatParser('dd/MM/yy')('17/12/22')).to.equal(DEC17);
  });

  it('fields the pattern leaves out default to 1970-01-01T00:00Z', () => {
    expect(dateFormatParser('HH:mm')('01:00')).to.equal(3600000);
    expect(dateFormatParser('yyyy')('2022')).to.equal(Date.UTC(2022, 0, 1));
  });

  it('rejects dates that do not exist', () => {
    expect(dateFormatParser('dd-MM-yyyy')('31-02-2022')).to.equal(undefined);
    expect(dateFormatParser('dd-MM-yyyy')('29-02-2023')).to.equal(undefined);
    expect(dateFormatParser('dd-MM-yyyy')('29-02-2024')).to.equal(Date.UTC(2024, 1, 29));
    expect(dateFormatParser('dd-MM-yyyy')('01-13-2022')).to.equal(undefined);
    expect(dateFormatParser('HH:mm')('24:00')).to.equal(undefined);
  });

  it('`||` alternatives: the first that parses wins', () => {
    const p = dateFormatParser('dd-MM-yyyy||epoch_millis');
    expect(p('17-12-2022')).to.equal(DEC17);
    expect(p(String(DEC17))).to.equal(DEC17);
    expect(p('2022-12-17')).to.equal(undefined);
  });

  it('built-in formats: epoch_millis, epoch_second, strict_date_optional_time, date_optional_time', () => {
    expect(dateFormatParser('epoch_second')('1671235200')).to.equal(DEC17);
    expect(dateFormatParser('epoch_millis')('1671235200000')).to.equal(DEC17);
    const strict = dateFormatParser('strict_date_optional_time');
    expect(strict('2022-12-17T00:00:00.123456Z')).to.be.closeTo(DEC17 + 123.456, 1e-6);
    expect(strict('2022-12-17T02:00:00+02:00')).to.equal(DEC17);
    expect(strict('2022-1-7')).to.equal(undefined);
    expect(dateFormatParser('date_optional_time')('2022-1-7')).to.equal(Date.UTC(2022, 0, 7));
  });

  it('built-in pattern formats and their strict companions', () => {
    expect(dateFormatParser('basic_date')('20221217')).to.equal(DEC17);
    expect(dateFormatParser('date')('2022-12-17')).to.equal(DEC17);
    expect(dateFormatParser('strict_date')('2022-12-17')).to.equal(DEC17);
    expect(dateFormatParser('strict_date')('2022-12-7')).to.equal(undefined);
    expect(dateFormatParser('date')('2022-12-7')).to.equal(Date.UTC(2022, 11, 7));
    expect(dateFormatParser('date_time')('2022-12-17T00:00:00.5Z')).to.equal(DEC17 + 500);
    expect(dateFormatParser('strict_date_time_no_millis')('2022-12-17T02:00:00+02:00')).to.equal(DEC17);
    expect(dateFormatParser('strict_date_hour_minute_second')('2022-12-17T00:00:01')).to.equal(DEC17 + 1000);
    expect(dateFormatParser('year_month_day')('2022-12-17')).to.equal(DEC17);
    expect(dateFormatParser('basic_date_time')('20221217T000000.000Z')).to.equal(DEC17);
  });

  it('an unknown or unsupported format is a UserError with code DATE_FORMAT', () => {
    for (const bad of ['no_such_format', "yyyy-MM-dd'T", 'yyyy-MM-dd]', 'yyyy-ww', 'week_date', 'a||']) {
      let caught: unknown;
      try {
        dateFormatParser(bad);
      } catch (e) {
        caught = e;
      }
      expect(caught, bad).to.be.instanceOf(UserError);
      expect((caught as UserError).code, bad).to.equal('DATE_FORMAT');
    }
  });

  it('knows which formats read like the default', () => {
    expect(isDefaultDateFormat(undefined)).to.equal(true);
    expect(isDefaultDateFormat('strict_date_optional_time||epoch_millis')).to.equal(true);
    expect(isDefaultDateFormat('dd-MM-yyyy')).to.equal(false);
  });

  it('a date field reads whole milliseconds, a date_nanos field the fraction within its range', () => {
    const ms = Date.UTC(2020, 0, 1) + 123;
    expect(fieldDateParser('date', undefined)('2020-01-01T00:00:00.123999Z')).to.equal(ms);
    expect(fieldDateParser('date', undefined)('1577836800123.9')).to.equal(ms);
    expect(fieldDateParser('date', 'yyyy-MM-dd HH:mm:ss.SSSSSS')('2020-01-01 00:00:00.123999')).to.equal(ms);
    expect(fieldDateParser('date_nanos', undefined)('2020-01-01T00:00:00.1235Z')).to.equal(ms + 0.5);
    expect(fieldDateParser('date_nanos', undefined)('1969-12-31T23:59:59Z')).to.equal(undefined);
    expect(fieldDateParser('date_nanos', undefined)('2020-01-01T10:00Z')).to.equal(undefined);
    expect(fieldDateParser('date', undefined)('2020-01-01T10:00Z')).to.equal(Date.UTC(2020, 0, 1, 10));
  });
});
