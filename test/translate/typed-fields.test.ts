/**
 * The translator on every field type @es: a small index with keyword, text (+keyword), long, double, date,
 * date_nanos, ip and boolean fields (this test distribution has no constant_keyword), multi-valued and missing values, and conditions that
 * exercise each operator, escaping and negation. Each translated query runs on the real index and must find
 * exactly the evaluator's events (a superset when the translation says it is not exact).
 */
import { expect } from 'chai';
import type { Connection } from '../../src/es/client.js';
import { compileEventFilter } from '../../src/eql/evaluate/index.js';
import { parse } from '../../src/eql/syntax/parser.js';
import { Schema } from '../../src/mapping/schema.js';
import { translateEventQuery } from '../../src/translate/index.js';
import { suiteIndex } from '../support/es.js';

const MAPPING = {
  properties: {
    '@timestamp': { type: 'date' },
    event: { properties: { category: { type: 'alias', path: 'event_type' } } },
    event_type: { type: 'keyword' },
    kw: { type: 'keyword' },
    txt: { type: 'text', fields: { keyword: { type: 'keyword' } } },
    n: { type: 'long' },
    d: { type: 'double' },
    ts: { type: 'date' },
    tn: { type: 'date_nanos' },
    ip: { type: 'ip' },
    b: { type: 'boolean' },
    path: { type: 'keyword' },
    kwa: { type: 'keyword', ignore_above: 5 },
    f: { type: 'float' },
    kn: { type: 'keyword', null_value: 'NULL' },
    dc: { type: 'date', format: 'yyyy-MM-dd HH:mm:ss||epoch_millis' },
    dd: { type: 'date', format: 'dd/MM/yyyy' },
    dnc: { type: 'date_nanos', format: "yyyy-MM-dd'T'HH:mm:ss.SSSSSSSSSX" },
    ln: { type: 'long', null_value: -1 },
    hf: { type: 'half_float' },
    txa: { type: 'text', fields: { keyword: { type: 'keyword', ignore_above: 5 } } },
  },
};

const DOCS: Record<string, unknown>[] = [
  {
    event_type: 'process',
    kw: 'bash',
    txt: 'Hello World',
    n: 1,
    d: 1.5,
    ts: '2020-01-01T00:00:00Z',
    ip: '10.0.0.1',
    b: true,
    path: 'C:\\Windows\\a*b.exe',
  },
  {
    event_type: 'process',
    kw: 'BASH',
    txt: 'hello',
    n: 2,
    d: 2.0,
    ts: '2020-01-01T00:00:00.001Z',
    tn: '2020-01-01T00:00:00.000000500Z',
    ip: '192.168.1.5',
    b: false,
    path: 'C:\\Windows\\ab.exe',
  },
  {
    event_type: 'file',
    kw: ['zsh', 'bash'],
    n: [3, 10],
    d: -4.25,
    ts: '2021-06-15T12:30:00Z',
    tn: '2020-01-01T00:00:00Z',
    ip: ['10.1.2.3', '2001:db8::1'],
    path: 'a?c',
  },
  {
    event_type: 'file',
    kw: 'tclsh8.6',
    n: 42,
    ts: 1600000000000,
    ip: '::ffff:10.0.0.9',
    b: 'true',
    path: 'x\\y',
  },
  { event_type: 'network', kw: '', txt: 'x'.repeat(10), n: -7, d: 0, tn: '2020-01-01T00:00:00.000000999Z' },
  { event_type: 'network', kw: 'café', n: null, d: 1e21, b: null },
  { event_type: ['process', 'network'] },
  { kw: '5', n: '12' },
  // a date field keeps milliseconds: the fraction below one is dropped when indexed
  { event_type: 'file', ts: '2020-01-01T00:00:00.123456Z', tn: '2020-01-01T00:00:00.123456Z' },
  { event_type: 'file', ts: 1600000000000.75 },
  // ignore_above 5: a longer string stays in _source but is not indexed
  { event_type: 'process', kwa: 'abc', txa: 'abc' },
  { event_type: 'process', kwa: 'abcdefgh', txa: 'abcdefgh' },
  { event_type: 'process', kwa: ['abcdefgh', 'abcd'], txa: ['abcdefgh', 'abcd'] },
  // dates in a mapping's own format
  { event_type: 'file', dc: '2020-01-01 10:00:00', dd: '01/01/2020', dnc: '2020-01-01T10:00:00.123456789Z' },
  { event_type: 'file', dc: 1577872800001, dd: '31/12/2019', dnc: '2020-01-01T10:00:00.000001000+01' },
  // date_nanos values a nanosecond apart, where a double of milliseconds steps by a quarter microsecond
  { event_type: 'file', tn: '2026-03-01T12:00:00.000000001Z', dnc: '2026-03-01T12:00:00.000000001Z' },
  { event_type: 'file', tn: '2026-03-01T12:00:00.000000002Z', dnc: '2026-03-01T12:00:00.000000002Z' },
  { event_type: 'file', tn: ['2026-03-01T12:00:00.000000003Z', '2026-03-01T12:00:00Z'] },
  // null_value: an explicit null is indexed as the mapping's value, a missing field is not
  { event_type: 'network', kn: null, ln: null },
  { event_type: 'network', kn: 'x', ln: 5 },
  { event_type: 'network', kn: [null, 'y'], ln: [null, 7] },
  // stored narrower than a double: float32 and float16
  { event_type: 'file', f: 0.1, hf: 0.1 },
  { event_type: 'file', f: 0.30000001, hf: 1000.3 },
  { event_type: 'file', f: 16777217, hf: 65504 },
];

const CONDITIONS = [
  // keyword
  'kw == "bash"',
  'kw != "bash"',
  'kw : "bash"',
  'kw : "BA*"',
  'kw : ("b?sh", "tcl*")',
  'kw like "ba*"',
  'kw like~ "BA*"',
  'kw in ("bash", "zsh")',
  'kw in~ ("BASH")',
  'kw not in ("bash", "")',
  'kw > "b"',
  'kw <= "bash"',
  'kw == ""',
  'kw regex "b.*h"',
  'kw regex~ "B[A-Z]+"',
  'kw regex "~(bash)"',
  'kw regex "@"',
  'kw == 5',
  'kw in (5, "zsh")',
  'kw : "CAFÉ"',
  'startsWith(kw, "ba")',
  'startsWith~(kw, "BA")',
  'endsWith(kw, "sh")',
  'endsWith~(kw, "SH")',
  'stringContains(kw, "cls")',
  'stringContains~(kw, "CLS")',
  'startsWith(kw, "")',
  'not startsWith(kw, "b")',
  'startsWith(kw, "b") == false',
  'kw == null',
  'kw != null',
  'not (kw == "bash" or n > 5)',
  'not (kw == "bash" and length(kw) > 3)',
  // escaping
  'path : "C:\\\\Windows\\\\a*"',
  'path like "C:\\\\Windows\\\\a?b.exe"',
  'endsWith(path, "*b.exe")',
  'stringContains(path, "?")',
  'path : "a?c"',
  'stringContains(path, "\\\\")',
  'path == "x\\\\y"',
  // text with keyword sub-field
  'txt == "hello"',
  'txt : "HELLO*"',
  'txt != "hello"',
  'startsWith(txt, "Hel")',
  'txt in ("hello", "Hello World")',
  // numbers
  'n == 1',
  'n != 1',
  'n > 2',
  'n >= 3 and n < 42',
  'n in (1, "2", "2.0", 3.5)',
  'n == "12"',
  'n == "012"',
  'n not in (3)',
  'n == 1 + 1',
  'n != 1 + 1',
  'n < -1',
  'n == null',
  'n > "2"',
  'd == 2',
  'd == "2.0"',
  'd == "2"',
  'd in ("2.0", "1.5")',
  'd <= 1.5',
  'd > 1e20',
  'n : "1*"',
  // dates
  'dc == "2020-01-01 10:00:00"',
  'dc > "2020-01-01 10:00:00"',
  'dc >= 1577872800000',
  'dc < "2020-01-01 10:00:01"',
  'dc in ("2020-01-01 10:00:00", "1999-01-01 00:00:00")',
  'dd == "01/01/2020"',
  'dd < "01/01/2020"',
  'dd > "15/12/2019"',
  'dnc == "2020-01-01T10:00:00.123456789Z"',
  'dnc > "2020-01-01T09:00:00.000000000Z"',
  'dnc < "2020-01-01T09:00:00.000000002Z"',
  'kn == "NULL"',
  'kn == null',
  'kn != null',
  'kn : "NU*"',
  'kn in ("NULL", "y")',
  'kn != "NULL"',
  'ln == -1',
  'ln < 0',
  'ln == null',
  'ln != null',
  'f == 0.1',
  'f > 0.1',
  'f >= 0.1',
  'f < 0.3',
  'f == 0.3',
  'f == 16777216',
  'f in (0.1, 0.3)',
  'hf == 0.1',
  'hf > 0.0999',
  'hf == 1000.5',
  'hf >= 1000.3',
  'kwa == "abcdefgh"',
  'kwa == "abc"',
  'kwa : "abc*"',
  'kwa != null',
  'kwa == null',
  'kwa in ("abc", "abcdefgh")',
  'not kwa == "abc"',
  'startsWith(kwa, "abc")',
  'txa == "abcdefgh"',
  'txa : "abc*"',
  'txa != null',
  'ts == "2020-01-01"',
  'ts == "2020-01-01T00:00:00.123Z"',
  'ts == "2020-01-01T00:00:00.1239Z"',
  'ts > "2020-01-01T00:00:00.123Z"',
  'ts <= "2020-01-01T00:00:00.1231Z"',
  'ts == 1600000000000',
  'ts < 1600000000000.5',
  'tn == "2020-01-01T00:00:00.123456Z"',
  'tn > "2020-01-01T00:00:00.123Z"',
  'ts > "2020-01-01"',
  'ts >= "2020-01-01T00:00:00.001Z"',
  'ts < 1600000000001',
  'ts != "2020-01-01"',
  'ts in ("2020-01-01", "2021-06-15T12:30:00Z")',
  'ts : "2020-01-01"',
  'ts : "2020*"',
  'tn == "2020-01-01"',
  'tn > "2020-01-01"',
  'tn <= "2020-01-01"',
  'tn < "2020-01-01T00:00:00.001Z"',
  'tn >= "2020-01-01T00:00:00.000000500Z"',
  'tn == "2026-03-01T12:00:00.000000001Z"',
  'tn != "2026-03-01T12:00:00.000000001Z"',
  'tn > "2026-03-01T12:00:00.000000001Z"',
  'tn >= "2026-03-01T12:00:00.000000002Z"',
  'tn < "2026-03-01T12:00:00.000000002Z"',
  'tn <= "2026-03-01T12:00:00.000000001Z"',
  'tn in ("2026-03-01T12:00:00.000000002Z", "2026-03-01T12:00:00.000000003Z")',
  'not tn == "2026-03-01T12:00:00.000000002Z"',
  'tn > 1772366400000',
  'dnc == "2026-03-01T12:00:00.000000002Z"',
  'dnc > "2026-03-01T12:00:00.000000001Z"',
  'dnc in ("2026-03-01T12:00:00.000000001Z", "2020-01-01T10:00:00.123456789Z")',
  // ip
  'ip == "10.0.0.1"',
  'ip == "::ffff:10.0.0.1"',
  'ip != "10.0.0.1"',
  'ip in ("10.1.2.3", "2001:db8:0::1")',
  'ip : "10.0.0.1"',
  'cidrMatch(ip, "10.0.0.0/8")',
  'cidrMatch(ip, "10.6.48.157/8", "192.168.0.0/16")',
  'cidrMatch(ip, "2001:db8::/32")',
  'cidrMatch(ip, "::ffff:0:0/96")',
  'cidrMatch(ip, "::ffff:10.0.0.0/104")',
  'kw in~ ("CAFÉ")',
  'startsWith~(kw, "CAF")',
  'not cidrMatch(ip, "10.0.0.0/8")',
  'ip > "10.0.0.1"',
  'ip : "10.*"',
  // booleans
  'b == true',
  'b != true',
  'b == "false"',
  'b in (false)',
  'b > false',
  'b == null',
  // optional and unmapped fields
  '?missing == null',
  '?missing != null',
  '?missing == "x" or kw == "bash"',
  // scripts and folding
  'length(kw) > 3',
  'not length(kw) > 3',
  'kw == concat("ba", "sh")',
  'n == add(1, 1)',
  'true',
  'false',
  '1 == 1',
];

const CATEGORIES = [
  'process where kw == "bash"',
  'network where true',
  'any where n > 0',
  'process where not kw == "bash"',
];

describe('EQL → Query DSL on every field type @es', function () {
  this.timeout(120_000);
  const es = suiteIndex('rr-translate-types');
  const index = es.index;
  let conn: Connection;
  const schema = Schema.fromMapping(MAPPING);
  let ids: (query: Record<string, unknown>) => Promise<string[]>;

  before(async () => {
    conn = es.conn;
    const refused = await es.load(
      MAPPING,
      DOCS.map((d, i) => [String(i), d] as const),
    );
    expect([...refused.values()]).to.deep.equal([]);
    ids = async (query) => {
      const res = await conn.client.search({ index, query: query as never, size: 100, _source: false });
      return res.hits.hits.map((h) => h._id!).sort();
    };
  });

  const queries = [...CONDITIONS.map((c) => `any where ${c}`), ...CATEGORIES];
  let exact = 0;
  for (const text of queries) {
    it(text, async () => {
      const stmt = parse(text);
      if (stmt.query.type !== 'event') throw new Error('not an event query');
      const t = translateEventQuery(stmt.query, { schema, source: text });
      const filter = compileEventFilter(stmt.query, { schema, source: text });
      const expected = DOCS.map((d, i) => (filter(d) ? String(i) : null))
        .filter((x): x is string => x !== null)
        .sort();
      const found = await ids(t.query);
      const dsl = JSON.stringify(t.query);
      if (t.exact) {
        exact++;
        expect(found, `exact DSL ${dsl}`).to.deep.equal(expected);
      } else {
        expect(found, `superset DSL ${dsl}`).to.include.members(expected);
      }
    });
  }
  after(() => console.log(`      ${queries.length} conditions, ${exact} translated exactly`));
});
