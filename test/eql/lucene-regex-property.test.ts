/**
 * Property test of EQL `regex` / `regex~` (Lucene syntax): every printable ASCII character and a sample of others,
 * alone and escaped, in classes, under every operator, plus edge and seeded random patterns, must be refused
 * exactly when the reference of lucene-cases.ts refuses them (and then as an EQL error, never an internal one), and
 * otherwise match exactly the values the reference accepts, case-sensitively and with both case foldings.
 */
import { expect } from 'chai';
import { EqlError } from '../../src/eql/errors.js';
import { compileLuceneRegex, type CaseFolding } from '../../src/mapping/lucene-regex.js';
import { checkQuery } from '../../src/engine/check-query.js';
import {
  EDGE_REGEX_PATTERNS,
  luceneOracle,
  LuceneSyntaxError,
  randomRegexPatterns,
  randomRegexValues,
  REGEX_CHARS,
  regexPatterns,
  regexValues,
  type Folding,
} from './lucene-cases.js';
import { eqlString, propertySeed } from './pattern-cases.js';

const FOLDINGS: ReadonlyArray<{ folding: Folding; ci: boolean; engine: CaseFolding }> = [
  { folding: 'none', ci: false, engine: 'unicode' },
  { folding: 'ascii', ci: true, engine: 'ascii' },
  { folding: 'unicode', ci: true, engine: 'unicode' },
];

const EDGE_VALUES = [
  ...[
    '',
    '0',
    '00',
    '000',
    '1',
    '2',
    '3',
    '5',
    '7',
    '9',
    '01',
    '05',
    '09',
    '10',
    '11',
    '12',
    '042',
    '099',
    '100',
  ],
  ...[
    '101',
    '255',
    '256',
    '2147483647',
    '2147483648',
    'a',
    'aa',
    'aaa',
    'b',
    'ab',
    'ba',
    '{',
    '}',
    '{1}',
    '*',
  ],
  ...[
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
    'a"b',
    'a\\',
    '\\',
    'x',
    '.',
    '\n',
    ' ',
    '_',
    '😀',
  ],
  ...[
    '\u0663',
    '\uff15',
    'é',
    'É',
    '<',
    '>',
    '<1-3>',
    '@',
    '#',
    '\t',
    '\r',
    '\v',
    '\f',
    '*a',
    '+a',
    'a'.repeat(1000),
  ],
];

/** The reference's verdict and ours on one pattern: null when it is refused, else the values accepted. */
function verdicts(
  pattern: string,
  values: readonly string[],
  f: (typeof FOLDINGS)[number],
): { want: string[] | null; got: string[] | null; internal?: string } {
  let want: string[] | null;
  try {
    const test = luceneOracle(pattern, f.folding);
    want = values.filter((v) => test(v));
  } catch (e) {
    if (!(e instanceof LuceneSyntaxError)) throw e;
    want = null;
  }
  let got: string[] | null;
  try {
    const test = compileLuceneRegex(pattern, f.ci, f.engine);
    got = values.filter((v) => test(v));
  } catch (e) {
    if (!(e instanceof Error) || e.constructor.name !== 'RegexSyntaxError')
      return { want, got: null, internal: String(e) };
    got = null;
  }
  return { want, got };
}

describe('Lucene regular expressions: property test against a reference matcher', function () {
  this.timeout(120_000);
  const seed = propertySeed(7_301_955);
  const byChar = REGEX_CHARS.map((c) => ({ c, patterns: regexPatterns([c]), values: regexValues(c) }));
  const randomValues = randomRegexValues(seed, 160);

  it('generates the cases it claims to', () => {
    const all = byChar.flatMap((x) => x.patterns);
    expect(all).to.include.members(['-', '\\-', '[-]', '[^\\--~]', '~\\&', '<1-3>\\@', '"😀"']);
    expect(all.length).to.be.greaterThan(4900);
  });

  for (const f of FOLDINGS) {
    const label = f.ci ? `regex~ (${f.folding} case folding)` : 'regex';

    it(`${label}: every character in every place`, () => {
      const wrong: string[] = [];
      for (const { patterns, values } of byChar) {
        for (const p of patterns) {
          const v = verdicts(p, values, f);
          if (v.internal || JSON.stringify(v.got) !== JSON.stringify(v.want))
            wrong.push(
              `${JSON.stringify(p)}: reference ${JSON.stringify(v.want)}, ours ${v.internal ?? JSON.stringify(v.got)}`,
            );
        }
        if (wrong.length > 20) break;
      }
      expect(wrong).to.deep.equal([]);
    });

    it(`${label}: intervals, repetitions and other edges`, () => {
      const wrong: string[] = [];
      for (const p of EDGE_REGEX_PATTERNS) {
        const v = verdicts(p, EDGE_VALUES, f);
        if (v.internal || JSON.stringify(v.got) !== JSON.stringify(v.want))
          wrong.push(
            `${JSON.stringify(p)}: reference ${JSON.stringify(v.want)}, ours ${v.internal ?? JSON.stringify(v.got)}`,
          );
      }
      expect(wrong).to.deep.equal([]);
    });

    it(`${label}: seeded random patterns (seed ${seed})`, () => {
      const wrong: string[] = [];
      for (const p of randomRegexPatterns(seed, 600)) {
        const v = verdicts(p, randomValues, f);
        if (v.internal || JSON.stringify(v.got) !== JSON.stringify(v.want))
          wrong.push(
            `${JSON.stringify(p)}: reference ${JSON.stringify(v.want)}, ours ${v.internal ?? JSON.stringify(v.got)}`,
          );
        if (wrong.length > 20) break;
      }
      expect(wrong, `seed ${seed} (PROPERTY_SEED=${seed} replays it)`).to.deep.equal([]);
    });
  }

  it('pathological nesting within the length limit compiles in bounded time', () => {
    for (const p of [
      '('.repeat(499) + 'a' + ')'.repeat(499),
      '~'.repeat(998) + 'a',
      '(~'.repeat(150) + 'a' + ')*'.repeat(150),
      '(a&'.repeat(150) + 'a' + ')*'.repeat(150),
    ]) {
      const start = Date.now();
      const test = compileLuceneRegex(p, false);
      test('aaa');
      expect(Date.now() - start, p.slice(0, 20)).to.be.below(5000);
    }
  });

  it('a pattern the reference refuses is an EQL error of the query, at the pattern', () => {
    const wrong: string[] = [];
    const patterns = [...byChar.flatMap((x) => x.patterns), ...EDGE_REGEX_PATTERNS];
    for (const p of patterns) {
      let refused = false;
      try {
        luceneOracle(p, 'none');
      } catch {
        refused = true;
      }
      const query = `any where k regex ${eqlString(p)}`;
      try {
        checkQuery(query);
        if (refused) wrong.push(`${JSON.stringify(p)}: accepted`);
      } catch (e) {
        if (!(e instanceof EqlError)) wrong.push(`${JSON.stringify(p)}: ${String(e)}`);
        else if (!refused) wrong.push(`${JSON.stringify(p)}: refused (${e.reason})`);
        else if (e.column !== query.indexOf('"') + 1)
          wrong.push(`${JSON.stringify(p)}: at column ${e.column}`);
      }
    }
    expect(wrong.slice(0, 30)).to.deep.equal([]);
  });
});
