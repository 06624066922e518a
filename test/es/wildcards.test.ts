/**
 * EQL's `:`, `like` and `like~` patterns: `*` any run, `?` one character, everything else itself. Every pattern
 * below runs as the query the translator writes (a wildcard query, or a term query when it has no wildcard)
 * against a keyword field holding every value below, and rule-runner's own matcher must find the same values.
 */
import { expect } from 'chai';
import type { Connection } from '../../src/es/client.js';
import { compileWildcards, hasWildcard } from '../../src/eql/wildcard.js';
import { eqlPatternToWildcard, term, wildcard } from '../../src/translate/dsl.js';
import { suiteIndex } from '../support/es.js';

const VALUES = [
  '',
  'a',
  'ab',
  'abc',
  'ABC',
  'aXc',
  'a\nc',
  'a*c',
  'a?c',
  'a\\c',
  'a\\\\c',
  'C:\\Windows\\System32\\cmd.exe',
  'c:\\windows\\system32\\CMD.EXE',
  '/usr/bin/python3',
  'cmd.exe',
  'cmd.exe.bak',
  'powershell.exe',
  'a😀c',
  '😀',
  'café',
  'x.y+z(1)[2]{3}|^$',
];

const PATTERNS = [
  '',
  '*',
  '?',
  '??',
  'a*',
  '*c',
  '*b*',
  'a?c',
  'a??c',
  'a*c',
  'a**c',
  '*a*b*c*',
  'ABC',
  'A*',
  'a\\c',
  'a\\\\c',
  'a\\*c',
  'a\\?c',
  'C:\\Windows\\*\\cmd.exe',
  'c:\\windows\\*',
  '*\\system32\\*',
  '*.exe',
  'CMD.EXE',
  '*.ex?',
  '/usr/bin/python?',
  'x.y+z(1)[2]{3}|^$',
  'x.y*',
  '*|^$',
];

describe('wildcard patterns as Elasticsearch runs them @es', function () {
  this.timeout(120_000);
  const es = suiteIndex('rr-wildcards');
  const index = es.index;
  let conn: Connection;

  before(async () => {
    conn = es.conn;
    const refused = await es.load(
      { properties: { k: { type: 'keyword' } } },
      VALUES.map((v, i) => [String(i), { k: v }] as const),
    );
    expect([...refused.values()]).to.deep.equal([]);
  });

  async function found(pattern: string, caseInsensitive: boolean): Promise<string[]> {
    const query = hasWildcard(pattern)
      ? wildcard('k', eqlPatternToWildcard(pattern), caseInsensitive)
      : term('k', pattern, caseInsensitive);
    const res = await conn.client.search({
      index,
      size: VALUES.length,
      _source: false,
      query: query as never,
    });
    return res.hits.hits.map((h) => VALUES[Number(h._id)]!).sort();
  }

  for (const caseInsensitive of [false, true]) {
    it(`finds what Elasticsearch finds, ${caseInsensitive ? ': and like~' : 'like'}`, async () => {
      const wrong: string[] = [];
      for (const p of PATTERNS) {
        const want = await found(p, caseInsensitive);
        const test = compileWildcards([p], caseInsensitive);
        const got = VALUES.filter((v) => test(v)).sort();
        if (JSON.stringify(got) !== JSON.stringify(want))
          wrong.push(
            `${JSON.stringify(p)}: Elasticsearch ${JSON.stringify(want)}, rule-runner ${JSON.stringify(got)}`,
          );
      }
      expect(wrong).to.deep.equal([]);
    });
  }
});
