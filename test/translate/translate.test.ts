import { expect } from 'chai';
import type { EventQuery } from '../../src/eql/syntax/ast.js';
import { parse } from '../../src/eql/syntax/parser.js';
import { Schema } from '../../src/mapping/schema.js';
import {
  and,
  eqlPatternToWildcard,
  escapeWildcard,
  exists,
  matchAll,
  matchNone,
  not,
  or,
  term,
  terms,
} from '../../src/translate/dsl.js';
import { sourceFieldsFor, translateCondition, translateEventQuery } from '../../src/translate/index.js';

const schema = Schema.fromMapping({
  properties: {
    '@timestamp': { type: 'date' },
    event_type: { type: 'keyword' },
    event: { properties: { category: { type: 'alias', path: 'event_type' } } },
    serial: { type: 'long' },
    process: {
      properties: { name: { type: 'text', fields: { keyword: { type: 'keyword' } } }, pid: { type: 'long' } },
    },
    pid: { type: 'alias', path: 'process.pid' },
    user: { properties: { name: { type: 'keyword' } } },
  },
});

function eventQuery(text: string): EventQuery {
  const q = parse(text).query;
  if (q.type !== 'event') throw new Error('not an event query');
  return q;
}

describe('translate: DSL builders', () => {
  it('and/or fold match_all and match_none and flatten nested bools', () => {
    const a = term('a', 1);
    const b = term('b', 2);
    const c = term('c', 3);
    expect(and([matchAll(), a])).to.deep.equal(a);
    expect(and([a, matchNone()])).to.deep.equal(matchNone());
    expect(and([])).to.deep.equal(matchAll());
    expect(and([and([a, b]), c])).to.deep.equal({ bool: { filter: [a, b, c] } });
    expect(or([matchNone(), a])).to.deep.equal(a);
    expect(or([a, matchAll()])).to.deep.equal(matchAll());
    expect(or([])).to.deep.equal(matchNone());
    expect(or([or([a, b]), c])).to.deep.equal({ bool: { should: [a, b, c], minimum_should_match: 1 } });
    // a should-bool is not flattened into a filter and vice versa
    expect(and([or([a, b]), c])).to.deep.equal({
      bool: { filter: [{ bool: { should: [a, b], minimum_should_match: 1 } }, c] },
    });
  });

  it('not is must_not, a double negation cancels, constants flip', () => {
    const a = exists('a');
    expect(not(a)).to.deep.equal({ bool: { must_not: [a] } });
    expect(not(not(a))).to.deep.equal(a);
    expect(not(matchAll())).to.deep.equal(matchNone());
    expect(not(matchNone())).to.deep.equal(matchAll());
  });

  it('terms of one value is a term; case_insensitive only when asked', () => {
    expect(terms('f', ['x'])).to.deep.equal({ term: { f: { value: 'x' } } });
    expect(term('f', 'x', true)).to.deep.equal({ term: { f: { value: 'x', case_insensitive: true } } });
  });

  it('escapes wildcard metacharacters in literals, backslashes in EQL patterns', () => {
    expect(escapeWildcard('a*b?c\\d')).to.equal('a\\*b\\?c\\\\d');
    expect(eqlPatternToWildcard('C:\\dir\\*.exe')).to.equal('C:\\\\dir\\\\*.exe');
  });
});

describe('translate: conditions', () => {
  it('translateCondition translates a bare condition without the category', () => {
    const t = translateCondition(eventQuery('process where serial > 3').condition, { schema });
    expect(t).to.deep.equal({ query: { range: { serial: { gt: 3 } } }, exact: true, notPushed: [] });
  });

  it('uses a custom category field', () => {
    const t = translateEventQuery(eventQuery('process where true'), {
      schema,
      eventCategoryField: 'user.name',
    });
    expect(t.query).to.deep.equal({ term: { 'user.name': { value: 'process' } } });
  });

  it('names each condition it could not push, quoting the query text', () => {
    const text = 'process where length(process.name) > 3 and not (serial == 1 and string(serial) == "1")';
    const t = translateEventQuery(eventQuery(text), { schema, source: text });
    expect(t.exact).to.equal(false);
    expect(t.notPushed).to.deep.equal([
      'length(process.name) > 3',
      'not (serial == 1 and string(serial) == "1")',
    ]);
    expect(t.query).to.deep.equal({ term: { event_type: { value: 'process' } } });
  });

  it('without the query text, prints the expression', () => {
    const t = translateCondition(eventQuery('any where length(user.name) > 3').condition, { schema });
    expect(t.notPushed).to.deep.equal(['length(user.name) > 3']);
  });

  it('keeps polarity through nested negations: only exact subtrees are negated', () => {
    const q = (c: string) => translateCondition(eventQuery(`any where ${c}`).condition, { schema });
    // exact under two nots: fine
    expect(q('not (serial == 1 or not user.name == "a")')).to.deep.include({ exact: true });
    // a superset under one not: the not becomes match_all
    const t = q('serial > 0 and not (user.name == "a" or length(user.name) == 1)');
    expect(t.query).to.deep.equal({ range: { serial: { gt: 0 } } });
    expect(t.exact).to.equal(false);
    // under two nots the superset is widened, never narrowed
    const u = q('not not length(user.name) == 1');
    expect(u.query).to.deep.equal(matchAll());
  });
});

describe('translate: sourceFieldsFor', () => {
  it('lists every referenced field, the ordering fields and the category, aliases resolved', () => {
    const stmt = parse(
      'sequence by user.name [process where pid == 1 and process.name.keyword : "a*"] by ?serial [file where true] by ?serial until [any where ?gone == null] by ?serial',
    );
    expect(sourceFieldsFor(stmt, { schema, tiebreakerField: 'serial', extra: ['host.id'] })).to.deep.equal([
      '@timestamp',
      'event_type',
      'gone',
      'host.id',
      'process.name',
      'process.pid',
      'serial',
      'user.name',
    ]);
  });

  it('without a schema keeps names as written', () => {
    const stmt = parse('process where a.b == 1 and c : "x"');
    expect(sourceFieldsFor(stmt, { timestampField: 'ts', eventCategoryField: 'cat' })).to.deep.equal([
      'a.b',
      'c',
      'cat',
      'ts',
    ]);
  });
});
