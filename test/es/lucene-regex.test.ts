/**
 * EQL's `regex` and `regex~` are Lucene regular expressions over a keyword's whole value. Every pattern below runs
 * as the `regexp` query the translator writes (all optional operators on) against a keyword field holding every
 * value below, and rule-runner's own matcher must find the same values. Patterns Elasticsearch refuses must be
 * refused too. Case-insensitive matching beyond ASCII differs between Elasticsearch 8 and 9; the engine follows the
 * cluster's version when it runs against one (`regexCaseFolding`), and 9 offline.
 */
import { expect } from 'chai';
import type { Connection } from '../../src/es/client.js';
import { compileLuceneRegex } from '../../src/mapping/lucene-regex.js';
import { parse } from '../../src/eql/syntax/parser.js';
import { queryViaSearch } from '../../src/run/es-search.js';
import { regexp } from '../../src/translate/dsl.js';
import {
  CORE_REGEX_TEMPLATES,
  EDGE_REGEX_PATTERNS,
  randomRegexPatterns,
  randomRegexValues,
  REGEX_CHARS,
  regexPatterns,
  regexValues,
} from '../eql/lucene-cases.js';
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

/**
 * The generated patterns of test/eql/lucene-cases.ts: every character of the samples in one of each kind of place,
 * the edge patterns, and seeded random ones. Each group of patterns has its own documents (`g`); one search per
 * group filters them and names one clause per pattern, so each hit tells which patterns matched it. A pattern that
 * rule-runner refuses is sent alone, and the node must refuse it too; a group search the node refuses means some
 * pattern rule-runner accepts is refused, and its patterns are then sent one by one to tell which.
 */
describe('generated Lucene regular expressions as Elasticsearch runs them @es', function () {
  this.timeout(300_000);
  const es = suiteIndex('rr-lucene-regex-gen');
  const edgeValues = [
    ...[
      '',
      '0',
      '00',
      '1',
      '5',
      '7',
      '9',
      '01',
      '05',
      '09',
      '10',
      '12',
      '042',
      '100',
      '255',
      '256',
      '2147483647',
    ],
    ...[
      'a',
      'aa',
      'aaa',
      'ab',
      '{',
      '}',
      '*',
      '+',
      '?',
      '|',
      '&',
      '~',
      '(',
      ')',
      '[',
      ']',
      '-',
      '"',
      '\\',
      'x',
      '.',
    ],
    ...[
      '\n',
      '\t',
      '\r',
      '\v',
      '\f',
      ' ',
      '😀',
      '\u0663',
      '\uff15',
      'é',
      '<',
      '>',
      '@',
      '#',
      '*a',
      '+a',
      '1',
      'q',
    ],
    'a'.repeat(1000),
  ];
  const groups = [
    ...REGEX_CHARS.map((c) => ({
      patterns: regexPatterns([c], CORE_REGEX_TEMPLATES),
      values: regexValues(c),
    })),
    { patterns: [...EDGE_REGEX_PATTERNS], values: edgeValues },
    { patterns: randomRegexPatterns(11, 300), values: randomRegexValues(11, 120) },
  ];

  before(async () => {
    const docs: Array<readonly [string, unknown]> = [];
    groups.forEach(({ values }, g) => values.forEach((v, i) => docs.push([`${g}-${i}`, { g, k: v }])));
    const refused = await es.load({ properties: { k: { type: 'keyword' }, g: { type: 'integer' } } }, docs);
    expect([...refused.entries()].slice(0, 5)).to.deep.equal([]);
  });

  const folding = () => (es.conn.major < 9 ? 'ascii' : 'unicode');

  function ours(p: string, caseInsensitive: boolean): ((v: string) => boolean) | null {
    try {
      return compileLuceneRegex(p, caseInsensitive, folding());
    } catch {
      return null;
    }
  }

  function clause(p: string, caseInsensitive: boolean, name: string): object {
    const q = regexp('k', p, caseInsensitive) as { regexp: { k: object } };
    return { regexp: { k: { ...q.regexp.k, _name: name } } };
  }

  type Answer = { error: string } | { hits: Array<{ _id?: string | null; matched_queries?: unknown }> };

  async function msearch(bodies: object[]): Promise<Answer[]> {
    const out: Answer[] = [];
    for (let b = 0; b < bodies.length; b += 200) {
      const searches = bodies.slice(b, b + 200).flatMap((body) => [{ index: es.index }, body]);
      const res = await es.conn.client.msearch({ searches: searches as never });
      for (const r of res.responses)
        out.push('error' in r ? { error: JSON.stringify(r.error).slice(0, 200) } : { hits: r.hits.hits });
    }
    return out;
  }

  it('refuses exactly the patterns Elasticsearch refuses', async () => {
    const alone = groups.flatMap(({ patterns }) => patterns.filter((p) => ours(p, false) === null));
    expect(alone.length).to.be.greaterThan(50);
    const answers = await msearch(alone.map((p, j) => ({ size: 0, query: clause(p, false, String(j)) })));
    const accepted = alone.filter((_, j) => !('error' in answers[j]!));
    expect(accepted, 'refused by rule-runner, accepted by Elasticsearch').to.deep.equal([]);
  });

  /**
   * Lucene 9 (Elasticsearch 8) matches nothing with an empty string literal (`()`, `""`) in a case-insensitive
   * pattern unless it merges into adjacent literal text; rule-runner takes it as the empty string, as Lucene 10 does.
   */
  const knownDifference = (p: string, caseInsensitive: boolean) =>
    caseInsensitive && es.conn.major < 9 && /\(\)|""/.test(p);

  /** A refusal for the node's memory (a circuit breaker), not for the pattern: it depends on the heap. */
  const forMemory = (error: string) => error.includes('circuit_breaking_exception');

  for (const caseInsensitive of [false, true]) {
    it(`finds what Elasticsearch finds, ${caseInsensitive ? 'regex~' : 'regex'}`, async () => {
      const sent = groups.map(({ patterns }) =>
        patterns.filter((p) => ours(p, false) !== null && !knownDifference(p, caseInsensitive)),
      );
      const search = (g: number) => ({
        size: groups[g]!.values.length,
        _source: false,
        query: {
          bool: {
            filter: [{ term: { g } }],
            should: sent[g]!.map((p, j) => clause(p, caseInsensitive, String(j))),
          },
        },
      });
      let answers = await msearch(sent.map((_, g) => search(g)));
      const wrong: string[] = [];
      const refused = answers.flatMap((a, g) => ('error' in a ? [g] : []));
      for (const g of refused) {
        // some pattern of the group is refused: find which, one search each, and search the others again
        const one = await msearch(sent[g]!.map((p) => ({ size: 0, query: clause(p, caseInsensitive, 'p') })));
        sent[g] = sent[g]!.filter((p, j) => {
          const a = one[j]!;
          if ('error' in a && !forMemory(a.error))
            wrong.push(`${JSON.stringify(p)}: refused by Elasticsearch (${a.error})`);
          return !('error' in a);
        });
      }
      if (refused.length > 0) {
        const again = await msearch(refused.map(search));
        answers = answers.map((a, g) => (refused.includes(g) ? again[refused.indexOf(g)]! : a));
      }
      for (const [g, answer] of answers.entries()) {
        if ('error' in answer) throw new Error(`group ${g} refused again: ${answer.error}`);
        const matched = groups[g]!.values.map(() => new Set<number>());
        for (const h of answer.hits)
          matched[Number(h._id!.split('-')[1])] = new Set(
            ((h.matched_queries ?? []) as string[]).map(Number),
          );
        sent[g]!.forEach((p, j) => {
          const test = ours(p, caseInsensitive)!;
          groups[g]!.values.forEach((v, i) => {
            const want = matched[i]!.has(j);
            if (test(v) !== want)
              wrong.push(`${JSON.stringify(p)} on ${JSON.stringify(v)}: Elasticsearch ${want}`);
          });
        });
      }
      expect(wrong.slice(0, 30), `${wrong.length} differences`).to.deep.equal([]);
    });
  }
});
