/**
 * Property test of EQL wildcard patterns: every printable ASCII character and a sample of others, in every place
 * a pattern can hold it, compiled as `:`, `like` and `like~` (alone and in lists), must match exactly the values the
 * reference matcher of pattern-cases.ts says, and never fail to compile.
 */
import { expect } from 'chai';
import { compileCondition } from '../../src/eql/evaluate/index.js';
import { compileWildcards } from '../../src/mapping/wildcard.js';
import { parse } from '../../src/eql/syntax/parser.js';
import type { Expr } from '../../src/eql/syntax/ast.js';
import { checkQuery } from '../../src/engine/check-query.js';
import { buildTextPrefilter } from '../../src/prefilter/text-prefilter.js';
import {
  eqlString,
  groups,
  LONE_SURROGATE,
  NON_ASCII_SAMPLES,
  PRINTABLE_ASCII,
  propertySeed,
  rng,
  wildcardOracle,
  wildcardPatterns,
  wildcardValues,
} from './pattern-cases.js';

const OPERATORS = [
  { op: ':', caseInsensitive: true },
  { op: 'like', caseInsensitive: false },
  { op: 'like~', caseInsensitive: true },
] as const;

function condition(text: string): Expr {
  const q = parse(`any where ${text}`).query;
  if (q.type !== 'event') throw new Error('not an event query');
  return q.condition;
}

describe('wildcard patterns: property test against a reference matcher', function () {
  this.timeout(60_000);
  const seed = propertySeed(20_240_517);
  const patterns = wildcardPatterns([...PRINTABLE_ASCII, ...NON_ASCII_SAMPLES, LONE_SURROGATE]);

  it('generates the cases it claims to', () => {
    expect(patterns).to.include.members(['-*z*', '*-*', '/*', '?-', 'x*\\*y', '😀?😀', 'x?\ud800']);
    expect(patterns.length).to.be.greaterThan(2000);
  });

  for (const { op, caseInsensitive } of OPERATORS) {
    it(`${op}: one pattern at a time`, () => {
      const wrong: string[] = [];
      for (const p of patterns) {
        const text = `k ${op} ${eqlString(p)}`;
        let test: (src: Record<string, unknown>) => boolean;
        try {
          checkQuery(`any where ${text}`);
          test = compileCondition(condition(text));
        } catch (e) {
          wrong.push(`${JSON.stringify(p)}: ${(e as Error).message.split('\n')[0]}`);
          continue;
        }
        for (const v of wildcardValues(p)) {
          const want = wildcardOracle(p, v, caseInsensitive);
          if (test({ k: v }) !== want)
            wrong.push(`${JSON.stringify(p)} on ${JSON.stringify(v)}: want ${want}`);
        }
        if (wrong.length > 20) break;
      }
      expect(wrong).to.deep.equal([]);
    });

    it(`${op}: lists of patterns (seed ${seed})`, () => {
      const r = rng(seed);
      const wrong: string[] = [];
      for (const list of groups(patterns, r, 6)) {
        const text = `k ${op} (${list.map(eqlString).join(', ')})`;
        let test: (src: Record<string, unknown>) => boolean;
        try {
          checkQuery(`any where ${text}`);
          test = compileCondition(condition(text));
        } catch (e) {
          wrong.push(`${JSON.stringify(list)}: ${(e as Error).message.split('\n')[0]}`);
          continue;
        }
        for (const v of list.flatMap((p) => wildcardValues(p))) {
          const want = list.some((p) => wildcardOracle(p, v, caseInsensitive));
          if (test({ k: v }) !== want)
            wrong.push(`${JSON.stringify(list)} on ${JSON.stringify(v)}: want ${want}`);
        }
        if (wrong.length > 20) break;
      }
      expect(wrong, `seed ${seed} (PROPERTY_SEED=${seed} replays it)`).to.deep.equal([]);
    });
  }

  it('the text prefilter (RegExps built from the same patterns) keeps every line a pattern matches', () => {
    const wrong: string[] = [];
    for (const { op, caseInsensitive } of OPERATORS) {
      for (const p of patterns) {
        const filter = buildTextPrefilter(parse(`any where k ${op} ${eqlString(p)}`).query);
        if (filter === null) continue;
        for (const v of wildcardValues(p)) {
          const line = JSON.stringify({ k: v });
          if (wildcardOracle(p, v, caseInsensitive) && !filter(line, 0, line.length))
            wrong.push(`${op} ${JSON.stringify(p)} dropped ${line}`);
        }
      }
    }
    expect(wrong.slice(0, 20)).to.deep.equal([]);
  });

  it(`many stars: matches as the reference does, in time linear in the value (seed ${seed})`, () => {
    // a backtracking RegExp tried every split of the value between the stars: `*****a?a?…` over a 55-character
    // path ran for minutes, `x*x*x*x*x*x*y` over 60 x's 1.6 s (found by the fuzz test)
    const next = rng(seed + 7);
    const pick = (s: string) => {
      const cps = [...s];
      return cps[Math.floor(next() * cps.length)]!;
    };
    const wrong: string[] = [];
    for (let i = 0; i < 3000; i++) {
      const p = Array.from({ length: 1 + Math.floor(next() * 16) }, () => pick('ab??***\u{1F600}')).join('');
      const ci = next() < 0.5;
      const test = compileWildcards([p], ci);
      for (let j = 0; j < 8; j++) {
        const v = Array.from({ length: Math.floor(next() * 30) }, () => pick('abAB\u{1F600}\n')).join('');
        if (test(v) !== wildcardOracle(p, v, ci)) wrong.push(`${JSON.stringify(p)} ~ ${JSON.stringify(v)}`);
      }
    }
    expect(wrong.slice(0, 10)).to.deep.equal([]);
    const slow: Array<[string, string]> = [
      ['*****************' + 'a?'.repeat(19), '/Applications/Some Application.app/Contents/MacOS/a'],
      ['x*'.repeat(12) + 'y', 'x'.repeat(20_000)],
      ['*a*a*a*a*a*a*a*a*a*a*b', 'a'.repeat(20_000)],
      ['?*?*?*?*?*?*?*?*z', '\u{1F600}'.repeat(10_000)],
    ];
    const started = process.hrtime.bigint();
    for (const [p, v] of slow) expect(compileWildcards([p], false)(v), p).to.equal(false);
    expect(Number(process.hrtime.bigint() - started) / 1e6).to.be.below(1000);
  });

  it('the reference matcher agrees with hand-checked cases', () => {
    expect(wildcardOracle('-*z*', '-az', false)).to.equal(true);
    expect(wildcardOracle('-*z*', 'az', false)).to.equal(false);
    expect(wildcardOracle('a?c', 'a😀c', false)).to.equal(true);
    expect(wildcardOracle('a?c', 'a\nc', false)).to.equal(true);
    expect(wildcardOracle('a?c', 'ac', false)).to.equal(false);
    expect(wildcardOracle('A*', 'abc', true)).to.equal(true);
    expect(wildcardOracle('É', 'é', true)).to.equal(false);
    expect(wildcardOracle('**', '', false)).to.equal(true);
  });
});
