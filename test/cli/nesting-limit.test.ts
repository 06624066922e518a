import { expect } from 'chai';
import { runCli } from '../support/cli.js';

/**
 * The README's limits, held at their edges through `validate --query`: a condition may nest 200 levels as written
 * (brackets, calls, `not`, unary minus) and 1,000 levels as a tree, counting every node from the root to a field
 * or a value (a chain of 998 `or`s between comparisons is 1,000: 998 `or`s, a comparison, a field).
 */
describe('how deep a condition may nest (README), both sides of each edge', () => {
  const check = (query: string) => runCli(['validate', '--query', query]);
  const written: Array<[string, (n: number) => string]> = [
    ['brackets', (n) => `any where ${'('.repeat(n)}a == 1${')'.repeat(n)}`],
    ['calls', (n) => `any where ${'concat('.repeat(n)}a${')'.repeat(n)} == "x"`],
    ['not', (n) => `any where ${'not '.repeat(n)}a == 1`],
    ['unary minus', (n) => `any where ${'-'.repeat(n)}a == 1`],
    [
      'in a sequence stage',
      (n) => `sequence [any where ${'('.repeat(n)}a == 1${')'.repeat(n)}] [any where true]`,
    ],
  ];
  for (const [shape, query] of written)
    it(`takes 200 levels of ${shape}, and refuses 201 at the 201st`, async () => {
      const ok = await check(query(200));
      expect(ok.code, ok.stdout).to.equal(0);
      const deep = await check(query(201));
      expect(deep.code).to.equal(2);
      expect(deep.stdout).to.include('the condition nests more than 200 levels deep here');
    });

  it('takes a tree 1,000 levels deep, and refuses 1,001', async () => {
    const chain = (ors: number) =>
      `any where a == 0${Array.from({ length: ors }, (_, i) => ` or a == ${i + 1}`).join('')}`;
    const ok = await check(chain(998));
    expect(ok.code, ok.stdout.slice(0, 300)).to.equal(0);
    const deep = await check(chain(999));
    expect(deep.code).to.equal(2);
    expect(deep.stdout).to.include('more than 1000 levels deep');
  });
});
