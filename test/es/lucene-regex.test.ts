/**
 * EQL's `regex` and `regex~` are Lucene regular expressions over a keyword's whole value. Every pattern below runs
 * as the `regexp` query the translator writes (all optional operators on) against a keyword field holding every
 * value below, and rule-runner's own matcher must find the same values. Patterns Elasticsearch refuses must be
 * refused too. Case-insensitive matching beyond ASCII differs between Elasticsearch 8 and 9; the engine follows the
 * cluster's version when it runs against one (`regexCaseFolding`), and 9 offline.
 */
import { expect } from 'chai';
import type { Connection } from '../../src/es/client.js';
import { compileLuceneRegex } from '../../src/eql/lucene-regex.js';
import { parse } from '../../src/eql/parser.js';
import { queryViaSearch } from '../../src/query/es-search.js';
import { regexp } from '../../src/translate/dsl.js';
import { suiteIndex } from '../support/es.js';

const VALUES = [
  '',
  'a',
  'b',
  'ab',
  'abc',
  'ABC',
  'aBc',
  'abcabc',
  'aaa',
  'a.c',
  'a\nc',
  'a\\c',
  'a-c',
  'a c',
  '0',
  '7',
  '42',
  '042',
  '100',
  '255',
  'x1y',
  'cmd.exe',
  'CMD.EXE',
  'powershell.exe',
  'C:\\Windows\\System32\\cmd.exe',
  '/usr/bin/python3',
  'café',
  'CAFÉ',
  'cafÊ',
  'ǆ',
  'Ǆ',
  'ǅ',
  'k',
  'K',
  '\u212a',
  'S',
  '\u017f',
  'σ',
  'ς',
  'Σ',
  'i',
  'I',
  '\u0130',
  '\u0131',
  'ß',
  'ẞ',
  'µ',
  'μ',
  'Μ',
  '𐐀',
  '𐐨',
  '😀',
  'a😀c',
  'foo"bar',
  'a{2}',
  '@',
  '#',
  '~',
  'd',
  'w',
  's',
  '\\d',
];

const PATTERNS = [
  'abc',
  'a.c',
  'a..',
  '.*',
  '.+',
  'a*',
  'a+',
  'a?b?c?',
  'a{2}',
  'a{2,}',
  'a{1,3}',
  '(abc)+',
  'ab|b',
  '[abc]',
  '[a-c]+',
  '[^a]',
  '[^a-z]+',
  '[a\\-c]+',
  '[.]',
  'a\\.c',
  'a\\\\c',
  '"a.c"',
  'a"."c',
  '\\d',
  '\\w',
  '\\s',
  '[\\d]',
  '[0-9]+',
  '<0-255>',
  '<1-100>',
  '<042-100>',
  '@',
  'a@',
  '#',
  '~(abc)',
  '~a',
  'a~b',
  '[a-z]+&.*c',
  '(.*)&~(.*c)',
  'cmd\\.exe',
  '.*\\.exe',
  '.*\\\\system32\\\\.*',
  '.*python[0-9]?',
  'caf.',
  'caf[é]',
  'café',
  'CAFÉ',
  'caf[É]',
  'caf[à-ê]',
  'caf[^é]',
  'CAF[a-z]',
  'caf[A-Z]',
  '[A-C]+',
  '[^A-C]+',
  'ǅ',
  '[ǅ]',
  'k',
  's',
  'σ',
  'i',
  'I',
  'ß',
  'µ',
  '𐐀',
  '[k]',
  '[^k]',
  '.',
  '..',
  'a.c',
  'a😀c',
  '[😀]',
  'foo"bar',
  'foo\\"bar',
  'a\\{2\\}',
  '\\@',
  '\\#',
  '\\~',
  '*',
  'a**',
  '(',
  '[a-',
  'a{3,1}',
  '<5-1>',
  '\\',
];

describe('Lucene regular expressions as Elasticsearch runs them @es', function () {
  this.timeout(120_000);
  const es = suiteIndex('rr-lucene-regex');
  const index = es.index;
  let conn: Connection;

  before(async () => {
    conn = es.conn;
    const refused = await es.load(
      { properties: { k: { type: 'keyword' }, '@timestamp': { type: 'date' } } },
      VALUES.map((v, i) => [String(i), { k: v, '@timestamp': 1_700_000_000_000 + i }] as const),
    );
    expect([...refused.values()]).to.deep.equal([]);
  });

  /** The values Elasticsearch finds, or null when it refuses the pattern. */
  async function found(pattern: string, caseInsensitive: boolean): Promise<string[] | null> {
    try {
      const res = await conn.client.search({
        index,
        size: VALUES.length,
        _source: false,
        query: regexp('k', pattern, caseInsensitive) as never,
      });
      return res.hits.hits.map((h) => VALUES[Number(h._id)]!).sort();
    } catch (e) {
      if ((e as { meta?: { statusCode?: number } }).meta?.statusCode === 400) return null;
      throw e;
    }
  }

  function ours(pattern: string, caseInsensitive: boolean): string[] | null {
    let test: (v: string) => boolean;
    try {
      // Elasticsearch 8 (Lucene 9) folds ASCII letters only, 9 every case form
      test = compileLuceneRegex(pattern, caseInsensitive, conn.major < 9 ? 'ascii' : 'unicode');
    } catch {
      return null;
    }
    return VALUES.filter((v) => test(v)).sort();
  }

  for (const caseInsensitive of [false, true]) {
    it(`finds what Elasticsearch finds, ${caseInsensitive ? 'regex~' : 'regex'}`, async () => {
      const wrong: string[] = [];
      for (const p of PATTERNS) {
        const want = await found(p, caseInsensitive);
        const got = ours(p, caseInsensitive);
        if (JSON.stringify(got) !== JSON.stringify(want))
          wrong.push(
            `${JSON.stringify(p)}: Elasticsearch ${JSON.stringify(want)}, rule-runner ${JSON.stringify(got)}`,
          );
      }
      expect(wrong).to.deep.equal([]);
    });
  }

  it("the search engine re-checks regex~ with the cluster's own case folding", async () => {
    const run = await queryViaSearch(parse('any where k regex~ "café"'), {
      client: conn.client,
      index: [index],
      esMajor: conn.major,
      timestampField: '@timestamp',
      eventCategoryField: 'event.category',
      size: 100,
    });
    const got = run.results.map((r) => (r.kind === 'event' ? r.event.source.k : null)).sort();
    expect(got).to.deep.equal(await found('café', true));
    expect(got).to.deep.equal(conn.major < 9 ? ['café'] : ['CAFÉ', 'café']);
  });
});
