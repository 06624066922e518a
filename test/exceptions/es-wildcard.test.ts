/**
 * The segment matcher of Elasticsearch's wildcard patterns (src/exceptions/es-wildcard.ts) against a backtracking
 * RegExp built from the same pattern: random patterns and values over a small alphabet that holds every special
 * character, so that stars, question marks, escapes and a trailing backslash meet every arrangement. The cluster
 * side of the same semantics is es-differential.test.ts's.
 */
import { expect } from 'chai';
import { esWildcardTest } from '../../src/exceptions/es-wildcard.js';
import { seededRun } from '../support/seeded.js';

const ALPHABET = ['a', 'b', 'A', '*', '?', '\\', '😀'];

function reference(pattern: string, caseInsensitive: boolean): RegExp {
  if (pattern === '') return /(?!)/u;
  let src = '';
  const cps = [...pattern];
  for (let i = 0; i < cps.length; i++) {
    const c = cps[i]!;
    if (c === '*') src += '[^]*';
    else if (c === '?') src += '[^]';
    else {
      const lit = c === '\\' && i + 1 < cps.length ? cps[++i]! : c;
      src += lit.replace(/[\\^$.*+?()[\]{}|]/gu, '\\$&');
    }
  }
  return new RegExp(`^${src}$`, caseInsensitive ? 'iu' : 'u');
}

describe('Elasticsearch wildcard patterns', function () {
  this.timeout(60_000);
  const run = seededRun('ES_WILDCARD_SEED', 'ES_WILDCARD_CASES', { seed: 900, cases: 3000 });
  it(`agree with a backtracking RegExp on ${run.cases} seeded patterns`, () => {
    for (let i = 0; i < run.cases; i++) {
      const rng = run.rng(i);
      const word = (max: number): string =>
        Array.from({ length: rng.range(0, max) }, () => rng.pick(ALPHABET)).join('');
      const pattern = word(6);
      const ci = rng.chance(0.2);
      const test = esWildcardTest(pattern, ci);
      const re = reference(pattern, ci);
      for (let k = 0; k < 20; k++) {
        const value = word(7);
        expect(
          test(value),
          `${run.reproduce(i)}: ${JSON.stringify(pattern)} on ${JSON.stringify(value)}`,
        ).to.equal(re.test(value));
      }
    }
  });
});
