/**
 * EQL's `:`, `like` and `like~` patterns: `*` any run, `?` one character, everything else itself. Every pattern
 * below runs as the query the translator writes (a wildcard query, or a term query when it has no wildcard)
 * against a keyword field holding every value below, and rule-runner's own matcher must find the same values.
 */
import { expect } from 'chai';
import type { Connection } from '../../src/es/client.js';
import { compileWildcards, hasWildcard } from '../../src/mapping/wildcard.js';
import { eqlPatternToWildcard, term, wildcard } from '../../src/translate/dsl.js';
import { foldsLikeElasticsearch } from '../../src/translate/field-targets.js';
import {
  CORE_WILDCARD_TEMPLATES,
  NON_ASCII_SAMPLES,
  PRINTABLE_ASCII,
  wildcardPatterns,
  wildcardValues,
} from '../eql/pattern-cases.js';
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

/**
 * The generated patterns of test/eql/pattern-cases.ts: every printable ASCII character and the non-ASCII samples,
 * in one of each kind of place. The documents of one character (`g`) are the values of all its patterns; one
 * search per character filters them and names one clause per pattern, so each hit tells which patterns matched
 * it (`matched_queries`), and every pattern is checked on every value of its character. Case-insensitive patterns
 * are those the translator sends as they are (ASCII; the engine folds other letters differently).
 */
describe('generated wildcard patterns as Elasticsearch runs them @es', function () {
  this.timeout(300_000);
  const es = suiteIndex('rr-wildcards-gen');
  const chars = [...PRINTABLE_ASCII, ...NON_ASCII_SAMPLES];
  const patterns = chars.map((c) => wildcardPatterns([c], CORE_WILDCARD_TEMPLATES));
  const values = patterns.map((ps) => [...new Set(ps.flatMap(wildcardValues))]);

  before(async () => {
    const docs: Array<readonly [string, unknown]> = [];
    chars.forEach((_, g) => values[g]!.forEach((v, i) => docs.push([`${g}-${i}`, { g, k: v }])));
    const refused = await es.load({ properties: { k: { type: 'keyword' }, g: { type: 'integer' } } }, docs);
    expect([...refused.entries()].slice(0, 5)).to.deep.equal([]);
  });

  /** Per character, per value index: the indexes of the patterns the node finds it with. */
  async function found(caseInsensitive: boolean, sent: (p: string) => boolean): Promise<Set<number>[][]> {
    const searches = patterns.flatMap((ps, g) => [
      { index: es.index },
      {
        size: values[g]!.length,
        _source: false,
        query: {
          bool: {
            filter: [{ term: { g } }],
            should: ps.flatMap((p, j) => {
              if (!sent(p)) return [];
              const q = hasWildcard(p)
                ? wildcard('k', eqlPatternToWildcard(p), caseInsensitive)
                : term('k', p, caseInsensitive);
              const [kind, body] = Object.entries(q)[0]! as [string, Record<string, object>];
              return [{ [kind]: { k: { ...body.k, _name: String(j) } } }];
            }),
          },
        },
      },
    ]);
    const res = await es.conn.client.msearch({ searches: searches as never });
    return res.responses.map((r, g) => {
      if ('error' in r) throw new Error(`${JSON.stringify(chars[g])}: ${JSON.stringify(r.error)}`);
      const byValue = values[g]!.map(() => new Set<number>());
      for (const h of r.hits.hits) {
        const names = (h.matched_queries ?? []) as string[];
        byValue[Number(h._id!.split('-')[1])] = new Set(names.map(Number));
      }
      return byValue;
    });
  }

  for (const caseInsensitive of [false, true]) {
    it(`finds what Elasticsearch finds, ${caseInsensitive ? ': and like~' : 'like'}`, async () => {
      const sent = (p: string) => !caseInsensitive || foldsLikeElasticsearch(p);
      const want = await found(caseInsensitive, sent);
      const wrong: string[] = [];
      let checked = 0;
      patterns.forEach((ps, g) =>
        ps.forEach((p, j) => {
          if (!sent(p)) return;
          const test = compileWildcards([p], caseInsensitive);
          values[g]!.forEach((v, i) => {
            checked++;
            const es = want[g]![i]!.has(j);
            if (test(v) !== es)
              wrong.push(`${JSON.stringify(p)} on ${JSON.stringify(v)}: Elasticsearch ${es}`);
          });
        }),
      );
      expect(checked).to.be.greaterThan(100_000);
      expect(wrong.slice(0, 30), `${wrong.length} differences`).to.deep.equal([]);
    });
  }
});
