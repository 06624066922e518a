/**
 * A value written with `\'` in a query is the value with `'`: the lexer reads it so, and the layers that work from
 * the literal's value rather than the text, the translator (Query DSL) and the text prefilter (JSON writes `'`
 * verbatim), still find events holding it.
 */
import { expect } from 'chai';
import type { EventQuery } from '../../src/eql/syntax/ast.js';
import { parse } from '../../src/eql/syntax/parser.js';
import { buildTextPrefilter } from '../../src/prefilter/text-prefilter.js';
import { translateEventQuery } from '../../src/translate/index.js';

const QUERIES = [
  ['process where name == "it\\\'s"', { term: { name: { value: "it's" } } }],
  ['process where name : "it\\\'s"', { term: { name: { value: "it's", case_insensitive: true } } }],
  ['process where name in ("x", "it\\\'s")', { terms: { name: ['x', "it's"] } }],
  ['process where name like "it\\\'*"', { wildcard: { name: { value: "it'*" } } }],
] as const;

describe("string escapes: \\' through the translator and the text prefilter", () => {
  for (const [query, clause] of QUERIES) {
    it(query, () => {
      const stmt = parse(query);
      const dsl = JSON.stringify(translateEventQuery(stmt.query as EventQuery).query);
      expect(dsl).to.include(JSON.stringify(clause));
      const filter = buildTextPrefilter(stmt.query);
      expect(filter, 'the query gives the prefilter a literal').to.not.equal(null);
      const hit = JSON.stringify({ event: { category: 'process' }, name: "it's" });
      const miss = JSON.stringify({ event: { category: 'process' }, name: 'its' });
      expect(filter!(hit, 0, hit.length)).to.equal(true);
      expect(filter!(miss, 0, miss.length)).to.equal(false);
    });
  }
});
