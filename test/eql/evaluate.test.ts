import { expect } from 'chai';
import type { Expr } from '../../src/eql/syntax/ast.js';
import {
  compileCondition,
  compileEventFilter,
  compileExpression,
  compileFieldReader,
} from '../../src/eql/evaluate/index.js';
import { EqlSemanticError } from '../../src/eql/errors.js';
import { compileLuceneRegex, RegexSyntaxError } from '../../src/mapping/lucene-regex.js';
import { parse } from '../../src/eql/syntax/parser.js';
import { Schema } from '../../src/mapping/schema.js';
import { compileWildcards } from '../../src/mapping/wildcard.js';
import { formatDate, parseDate } from '../../src/mapping/default-date.js';
import { canonicalIp } from '../../src/mapping/ip.js';
import { javaDouble, toHalfFloat } from '../../src/mapping/numbers.js';
import { adaptiveAllOf, anyValue, LEARN_CALLS, RELEARN_CALLS } from '../../src/eql/evaluate/specialize.js';
import { planField } from '../../src/eql/evaluate/field-plan.js';
import { compileStringLeafTest } from '../../src/eql/evaluate/path-readers.js';
import { leadPaths, type Source } from '../../src/eql/evaluate/index.js';

function cond(text: string): Expr {
  const q = parse(`any where ${text}`).query;
  if (q.type !== 'event') throw new Error('not an event query');
  return q.condition;
}

describe('lucene regex', () => {
  const m = (re: string, s: string, ci = false) => compileLuceneRegex(re, ci)(s);
  it('matches the whole value', () => {
    expect(m('abc', 'abc')).to.equal(true);
    expect(m('b', 'abc')).to.equal(false);
  });
  it('dot matches newlines and astral characters', () => {
    expect(m('a.c', 'a\nc')).to.equal(true);
    expect(m('a.c', 'a😀c')).to.equal(true);
  });
  it('repeats and bounded repeats', () => {
    expect(m('a{2,3}', 'aaa')).to.equal(true);
    expect(m('a{2,3}', 'aaaa')).to.equal(false);
    expect(m('a{2,}', 'aaaa')).to.equal(true);
    expect(m('(ab)+', 'ababab')).to.equal(true);
  });
  it('classes, ranges, negation, shorthands', () => {
    expect(m('[a-c]+', 'abcab')).to.equal(true);
    expect(m('[^a-c]', 'd')).to.equal(true);
    expect(m('[^a-c]', 'a')).to.equal(false);
    expect(m('\\d+\\s\\w+', '12 ab_c')).to.equal(true);
    expect(m('[\\d]x', '5x')).to.equal(true);
  });
  it('quoted literals and escapes', () => {
    expect(m('"a.b*"', 'a.b*')).to.equal(true);
    expect(m('"a.b*"', 'axb')).to.equal(false);
    expect(m('a\\.b', 'a.b')).to.equal(true);
    expect(m('a\\.b', 'axb')).to.equal(false);
  });
  it('a leading star is a literal, as in Lucene', () => {
    expect(m('*a', '*a')).to.equal(true);
  });
  it('optional operators: @ # & ~ <n-m>', () => {
    expect(m('@abc', 'xxabc')).to.equal(true);
    expect(m('a#', 'a')).to.equal(false);
    expect(m('[a-z]+&[a-c]+', 'abc')).to.equal(true);
    expect(m('[a-z]+&[a-c]+', 'abd')).to.equal(false);
    expect(m('~(a.*)', 'bcd')).to.equal(true);
    expect(m('~(a.*)', 'abc')).to.equal(false);
    expect(m('x~(b)y', 'xcy')).to.equal(true);
    expect(m('x~(b)y', 'xby')).to.equal(false);
    expect(m('<1-100>', '42')).to.equal(true);
    expect(m('<1-100>', '101')).to.equal(false);
    expect(m('<1-100>', '0042')).to.equal(true);
    expect(m('<01-10>', '05')).to.equal(true);
    expect(m('<01-10>', '5')).to.equal(false);
    expect(m('~(<1-9>)', '12')).to.equal(true);
  });
  it('case-insensitivity for characters but not ranges: every case form (9), or ASCII only (8)', () => {
    expect(m('abc', 'ABC', true)).to.equal(true);
    expect(m('[a-c]', 'B', true)).to.equal(false);
    expect(m('café', 'CAFÉ', true)).to.equal(true);
    expect(m('σ', 'ς', true)).to.equal(true);
    expect(compileLuceneRegex('café', true, 'ascii')('CAFÉ')).to.equal(false);
    expect(compileLuceneRegex('cafe', true, 'ascii')('CAFE')).to.equal(true);
  });
  it('rejects invalid syntax and named automata', () => {
    expect(() => compileLuceneRegex('(a')).to.throw(RegexSyntaxError);
    expect(() => compileLuceneRegex('a{3,1}')).to.throw(RegexSyntaxError);
    try {
      compileLuceneRegex('<name>');
      expect.fail('no error');
    } catch (e) {
      expect((e as RegexSyntaxError).unsupported).to.equal(true);
    }
  });
});

describe('wildcards', () => {
  it('combines exact, prefix, suffix, infix and general patterns', () => {
    const t = compileWildcards(['bash', 'tcl*', '*.exe', '*mid*', 'a?c*d'], false);
    for (const s of ['bash', 'tclsh', 'x.exe', 'amidb', 'abcxd']) expect(t(s), s).to.equal(true);
    for (const s of ['Bash', 'xtcl', 'exe', 'acd']) expect(t(s), s).to.equal(false);
  });
  it('case-insensitive folds both sides', () => {
    const t = compileWildcards(['BASH', 'Tcl*'], true);
    expect(t('bash')).to.equal(true);
    expect(t('TCLSH')).to.equal(true);
    // ASCII letters only, as Elasticsearch folds: É and é stay apart
    const cafe = compileWildcards(['café', 'thé*'], true);
    for (const s of ['CAFé', 'café', 'THé', 'Thé vert']) expect(cafe(s), s).to.equal(true);
    for (const s of ['CAFÉ', 'THÉ', 'cafe', 'caf']) expect(cafe(s), s).to.equal(false);
  });
  it('rejects by length only what cannot match', () => {
    const exact = compileWildcards(['curl', 'osascript', 'WGET'], true);
    for (const s of ['CURL', 'curl', 'OsaScript', 'wget']) expect(exact(s), s).to.equal(true);
    for (const s of ['cur', 'curls', '', 'osascrip']) expect(exact(s), s).to.equal(false);
    const long = 'x'.repeat(40);
    const longSet = compileWildcards([long, 'ab'], false);
    expect(longSet(long)).to.equal(true);
    expect(longSet('ab')).to.equal(true);
    expect(longSet('x'.repeat(39))).to.equal(false);
    const mixed = compileWildcards(['tcl*', 'a?c', '*.exe'], true);
    for (const s of ['TCL', 'tclsh', 'abc', 'A\u00e9C', 'x.EXE', '.exe']) expect(mixed(s), s).to.equal(true);
    for (const s of ['tc', 'ac', 'exe']) expect(mixed(s), s).to.equal(false);
  });
  it('rejects by first character only what cannot match', () => {
    const ci = compileWildcards(['curl', 'Wget', 'tclsh*', 'node'], true);
    for (const s of ['Curl', 'WGET', 'TclSh8.6', 'NODE', 'tclsh']) expect(ci(s), s).to.equal(true);
    for (const s of ['burl', 'xget', 'Éurl', '\u{1D11E}url', 'tcl', '', 'aode'])
      expect(ci(s), s).to.equal(false);
    const cs = compileWildcards(['curl', 'Wget', 'tclsh*'], false);
    for (const s of ['curl', 'Wget', 'tclsh8']) expect(cs(s), s).to.equal(true);
    for (const s of ['Curl', 'wget', 'Tclsh8']) expect(cs(s), s).to.equal(false);
    // an empty or non-ASCII first character: no table, the other tests decide
    expect(compileWildcards(['', 'ab'], false)('')).to.equal(true);
    expect(compileWildcards(['éa', 'ab'], true)('éa')).to.equal(true);
    expect(compileWildcards(['éa', 'ab'], true)('Éa')).to.equal(false);
  });
  it('a lone star matches everything', () => {
    expect(compileWildcards(['*'], false)('')).to.equal(true);
  });
});

describe('values', () => {
  it('prints doubles as Java does', () => {
    expect(javaDouble(2)).to.equal('2.0');
    expect(javaDouble(7.5)).to.equal('7.5');
    expect(javaDouble(1e7)).to.equal('1.0E7');
    expect(javaDouble(1.5e-5)).to.equal('1.5E-5');
  });
  it('parses ISO dates, offsets, nanos and epoch millis', () => {
    expect(parseDate('2017-08-30T20:47:33Z')).to.equal(1504126053000);
    expect(parseDate('2017-08-30T22:47:33+02:00')).to.equal(1504126053000);
    expect(parseDate('2017-08-30')).to.equal(Date.UTC(2017, 7, 30));
    expect(parseDate('1504126053000')).to.equal(1504126053000);
    expect(parseDate('2017-02-30')).to.equal(undefined);
    expect(formatDate(parseDate('1974-03-03T02:22:54.294365140Z')!)).to.match(
      /^1974-03-03T02:22:54\.2943651/,
    );
  });
  it('rounds to half floats as Lucene stores them: to nearest, ties to even, infinity from 65520', () => {
    expect(toHalfFloat(0.1)).to.equal(0.0999755859375);
    expect(toHalfFloat(1000.3)).to.equal(1000.5);
    expect(toHalfFloat(2049)).to.equal(2048);
    expect(toHalfFloat(2051)).to.equal(2052);
    expect(toHalfFloat(-2.5)).to.equal(-2.5);
    expect(toHalfFloat(65504)).to.equal(65504);
    expect(toHalfFloat(65519)).to.equal(65504);
    expect(toHalfFloat(65520)).to.equal(Infinity);
    expect(toHalfFloat(2 ** -24)).to.equal(2 ** -24);
    expect(toHalfFloat(2 ** -26)).to.equal(0);
  });
  it('reads ip addresses as Elasticsearch 9 does (test/es/ip-values.test.ts holds it to a node)', () => {
    expect(canonicalIp('0:0:0:0:0:ffff:a00:1')).to.equal('10.0.0.1');
    expect(canonicalIp('2001:0DB8::0001')).to.equal('2001:db8::1');
    expect(canonicalIp('00001::')).to.equal('1::');
    expect(canonicalIp('fe80::1%eth0')).to.equal('fe80::1');
    expect(canonicalIp('1.2.3.4%eth0')).to.equal('1.2.3.4');
    for (const s of ['010.0.0.1', '::ffff:10.0.0.01', '[::1]', 'fe80::1%', '10000::', '1.2.3.4/32'])
      expect(canonicalIp(s), s).to.equal(undefined);
  });
});

describe('compile API', () => {
  it('compileEventFilter tests the category case-sensitively, also through an alias and arrays', () => {
    const schema = Schema.fromMapping({
      properties: {
        event_type: { type: 'keyword' },
        event: { properties: { category: { type: 'alias', path: 'event_type' } } },
      },
    });
    const stmt = parse('process where pid == 1');
    if (stmt.query.type !== 'event') throw new Error();
    const f = compileEventFilter(stmt.query, { schema });
    expect(f({ event_type: 'process', pid: 1 })).to.equal(true);
    expect(f({ event_type: 'Process', pid: 1 })).to.equal(false);
    expect(f({ event_type: ['network', 'process'], pid: 1 })).to.equal(true);
    const any = parse('any where true').query;
    if (any.type !== 'event') throw new Error();
    expect(compileEventFilter(any)({})).to.equal(true);
  });
  it('compileFieldReader returns typed values', () => {
    const schema = Schema.fromMapping({
      properties: { n: { type: 'long' }, k: { type: 'keyword' }, ip: { type: 'ip' } },
    });
    expect(compileFieldReader('n', { schema })({ n: '12' })).to.equal(12);
    expect(compileFieldReader('k', { schema })({ k: 5 })).to.equal('5');
    expect(compileFieldReader('ip', { schema })({ ip: '::FFFF:10.0.0.1' })).to.equal('10.0.0.1');
    expect(compileFieldReader('a.b')({ a: [{ b: 1 }, { b: [2, null] }] })).to.deep.equal([1, 2]);
    expect(compileFieldReader('a.b')({})).to.equal(undefined);
  });
  it('an invalid regex is an EqlSemanticError with the span of the pattern', () => {
    const text = 'any where x regex "a[" and true';
    const q = parse(text).query;
    if (q.type !== 'event') throw new Error();
    try {
      compileCondition(q.condition, { source: text });
      expect.fail('no error');
    } catch (e) {
      expect(e).to.be.instanceOf(EqlSemanticError);
      const err = e as EqlSemanticError;
      expect(err.code).to.equal('EQL_INVALID');
      expect(text.slice(err.span.start, err.span.end)).to.equal('"a["');
    }
  });
  it('never throws on odd event data', () => {
    const exprs = [
      'x == 1',
      'x : "a*"',
      'length(x) > 1',
      'x + 1 > 2',
      'cidrMatch(x, "10.0.0.0/8")',
      'number(x, 16) == 1',
      'x regex "a.*"',
      'between(x, "a", "b") == "c"',
    ];
    const odd: unknown[] = [{ y: 1 }, [{}, [null]], null, true, 'x', -0, NaN, [1, 'a', false], () => 1];
    for (const e of exprs) {
      const c = compileCondition(cond(e));
      const v = compileExpression(cond(e));
      for (const x of odd) {
        expect(() => c({ x }), `${e} on ${String(x)}`).not.to.throw();
        expect(() => v({ x }), `${e} on ${String(x)}`).not.to.throw();
      }
    }
  });
  it('does not read inherited properties', () => {
    expect(compileCondition(cond('constructor == null'))({})).to.equal(true);
    expect(compileCondition(cond('toString != null'))({})).to.equal(false);
  });
});

describe('bool chains', () => {
  it('answer as their clauses combined in written order, whatever order they run in', () => {
    const clauses = [
      'a.b.c == 1',
      'x : "k*"',
      'length(x) > 2',
      'not y in (1, 2)',
      'a.b.c != null',
      '?z == null',
    ];
    const single = clauses.map((c) => compileCondition(cond(c)));
    const and = compileCondition(cond(clauses.join(' and ')));
    const or = compileCondition(cond(clauses.map((c) => `(${c})`).join(' or ')));
    const events = [
      {},
      { a: { b: { c: 1 } }, x: 'Kite', y: 3 },
      { 'a.b': { c: [1, 2] }, x: 'k', y: 1 },
      { a: { b: { c: 2 } }, x: 'kelvin', y: [2, 5] },
      { a: { b: { c: 1 } }, x: 'KKK', y: null },
    ];
    let sawTrue = false;
    // long enough for the `and` chain to learn and settle its order: both orders give the same answers
    for (let round = 0; round * events.length < LEARN_CALLS + 50; round++)
      for (const e of events) {
        const each = single.map((f) => f(e));
        sawTrue ||= each.every(Boolean);
        expect(and(e), JSON.stringify(e)).to.equal(each.every(Boolean));
        expect(or(e), JSON.stringify(e)).to.equal(each.some(Boolean));
      }
    expect(sawTrue).to.equal(true);
  });

  it('a string-leaf test with its walk inline answers as the general any-value test', () => {
    const test = (v: unknown) => (typeof v === 'string' ? v.startsWith('k') : v === 5 ? true : null);
    const sources: Source[] = [
      {},
      { a: { b: { c: 'kite' } } },
      { a: { b: { c: 'hay' } } },
      { a: { b: { c: ['hay', 'kelp'] } } },
      { a: { b: { c: ['hay', null] } } },
      { a: { b: { c: [null, 'kite'] } } },
      { a: { b: { c: ['hay', 5] } } },
      { a: { b: { c: ['hay', ['kelp']] } } },
      { a: { b: { c: ['hay', { d: 'kite' }] } } },
      { a: { b: { c: [] } } },
      { a: { b: { c: [null] } } },
      { a: { 'b.c': 'kite' } },
      { 'a.b': { c: 'kite' } },
      { 'a.b.c': 'kite', a: { b: { c: 'hay' } } },
      { a: [{ b: { c: 'kite' } }] },
      { a: { b: [{ c: 'hay' }, { c: 'kelp' }] } },
      { a: { b: { c: 5 } } },
      { a: { b: { c: null } } },
      { a: { b: { c: { d: 'kite' } } } },
      { a: { b: 'kite' } },
      { a: null },
      { a: 'kite' },
    ];
    for (const path of ['a.b.c', 'a.b', 'a']) {
      const plan = planField({ name: path }, undefined);
      const general = anyValue(plan.read, test);
      const inline = compileStringLeafTest(path, test, general)!;
      for (const s of sources) expect(inline(s), `${path} ${JSON.stringify(s)}`).to.equal(general(s));
    }
    expect(compileStringLeafTest('a.__proto__.b', test, () => false)).to.equal(null);
  });

  it('an `and` chain learns to test first the clause that rejects most', () => {
    const calls = [0, 0];
    const often = (s: Source) => (calls[0]++, s.n !== 0);
    const rarely = (s: Source) => (calls[1]++, s.n === 0);
    const chain = adaptiveAllOf([
      { p: often, cost: 1, path: 'a' },
      { p: rarely, cost: 1, path: 'b' },
    ]);
    expect(leadPaths(chain)).to.equal(null);
    const answers: boolean[] = [];
    for (let n = 0; n < LEARN_CALLS; n++) answers.push(chain({ n: n % 10 }));
    // while learning every clause runs; the answer is still the conjunction (never both here)
    expect(calls).to.deep.equal([LEARN_CALLS, LEARN_CALLS]);
    expect(answers.every((a) => !a)).to.equal(true);
    expect(leadPaths(chain)).to.deep.equal(['b']);
    for (let n = 0; n < 100; n++) chain({ n: n % 10 });
    // settled: `rarely` runs first, `often` only for the tenth it passes
    expect(calls[1]! - LEARN_CALLS).to.equal(100);
    expect(calls[0]! - LEARN_CALLS).to.equal(10);
    // the input turns around (n is mostly 0): after RELEARN_CALLS the chain learns again and `often` leads
    for (let n = 0; n < RELEARN_CALLS + LEARN_CALLS; n++) {
      const v = n % 10 === 0 ? 1 : 0;
      expect(chain({ n: v })).to.equal(false);
    }
    expect(leadPaths(chain)).to.deep.equal(['a']);
  });

  it('an event filter reports the field its settled chain tests first', () => {
    const q = parse('process where host.os.type == "macos" and process.parent.name : "installer"').query;
    if (q.type !== 'event') throw new Error('not an event query');
    const f = compileEventFilter(q);
    expect(leadPaths(f)).to.equal(null);
    for (let i = 0; i < LEARN_CALLS; i++)
      f({
        event: { category: 'process' },
        host: { os: { type: 'macos' } },
        process: { parent: { name: i % 20 ? 'launchd' : 'installer' } },
      });
    expect(leadPaths(f)).to.deep.equal(['process.parent.name']);
  });
});
