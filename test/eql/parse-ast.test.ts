import { expect } from 'chai';
import {
  EqlError,
  FUNCTION_SIGNATURES,
  lookupFunction,
  parse,
  verify,
  type EventQuery,
  type Expr,
  type SequenceQuery,
} from '../../src/eql/index.js';

/** The condition of an event query. */
function cond(text: string): Expr {
  const stmt = parse(text);
  expect(stmt.query.type).to.equal('event');
  return (stmt.query as EventQuery).condition;
}

/** A compact rendering of an expression, to assert structure and precedence. */
function show(e: Expr): string {
  switch (e.type) {
    case 'literal':
      return e.kind === 'string' ? JSON.stringify(e.value) : `${String(e.value)}:${e.kind}`;
    case 'field':
      return `${e.optional ? '?' : ''}${e.name}${e.indexes.map((i) => `[${i}]`).join('')}`;
    case 'comparison':
    case 'arithmetic':
      return `(${show(e.left)} ${e.op} ${show(e.right)})`;
    case 'logical':
      return `(${show(e.left)} ${e.op} ${show(e.right)})`;
    case 'not':
      return `(not ${show(e.operand)})`;
    case 'negate':
      return `(- ${show(e.operand)})`;
    case 'pattern':
      return `(${show(e.left)} ${e.op}${e.caseInsensitive ? '~' : ''} [${e.patterns.map(show).join(', ')}])`;
    case 'in':
      return `(${show(e.left)} ${e.negated ? 'not ' : ''}in${e.caseInsensitive ? '~' : ''} [${e.values.map(show).join(', ')}])`;
    case 'call':
      return `${e.name}${e.caseInsensitive ? '~' : ''}(${e.args.map(show).join(', ')})`;
  }
}

describe('EQL parser: AST', function () {
  describe('precedence', function () {
    const cases: [string, string][] = [
      ['a or b and c', '(a or (b and c))'],
      ['not a and b', '((not a) and b)'],
      ['not a == 1', '(not (a == 1:integer))'],
      ['a + b * c == d - e % f', '((a + (b * c)) == (d - (e % f)))'],
      ['a - b - c == 0', '(((a - b) - c) == 0:integer)'],
      ['-a * b < 0', '(((- a) * b) < 0:integer)'],
      ['(a or b) and c', '((a or b) and c)'],
      ['a + b in (1, 2)', '(a + (b in [1:integer, 2:integer]))'],
      ['x not in ("a", "b") or y in~ ("C")', '((x not in ["a", "b"]) or (y in~ ["C"]))'],
      ['x not in~ ("a")', '(x not in~ ["a"])'],
      [
        'x : ("a*", "b") and y like~ "A?" and z regex """\\d+"""',
        '(((x : ["a*", "b"]) and (y like~ ["A?"])) and (z regex ["\\\\d+"]))',
      ],
      ['null == (exit_code > -1)', '(null:null == (exit_code > -1:integer))'],
    ];
    for (const [text, expected] of cases) {
      it(text, function () {
        expect(show(cond(`any where ${text}`))).to.equal(expected);
      });
    }
  });

  describe('literals', function () {
    it('reads escapes in double-quoted strings, and none in raw strings', function () {
      expect(show(cond('any where x == "a\\"b\\\\c\\n\\t\\r"'))).to.equal(String.raw`(x == "a\"b\\c\n\t\r")`);
      expect(
        (cond('any where x == "\\u{41}\\u{1F600}"') as { right: { value: unknown } }).right.value,
      ).to.equal('A😀');
      expect(
        (cond('any where x == """C:\\temp\\"a"""') as { right: { value: unknown } }).right.value,
      ).to.equal('C:\\temp\\"a');
      expect((cond('any where x == """ab""""') as { right: { value: unknown } }).right.value).to.equal('ab"');
    });

    it('keeps integers and floats apart and folds a minus into a number', function () {
      expect(show(cond('any where x == 1.5e3'))).to.equal('(x == 1500:float)');
      expect(show(cond('any where x == .5'))).to.equal('(x == 0.5:float)');
      expect(show(cond('any where x == -2'))).to.equal('(x == -2:integer)');
      expect(show(cond('any where x == - -2'))).to.equal('(x == 2:integer)');
      expect(show(cond('any where x == -y'))).to.equal('(x == (- y))');
      expect(show(cond('any where x == 99999999999999999999'))).to.equal(
        '(x == 100000000000000000000:float)',
      );
      expect(show(cond('any where true and not false'))).to.equal('(true:boolean and (not false:boolean))');
    });
  });

  describe('fields and functions', function () {
    it('parses dotted, backquoted, optional and indexed fields', function () {
      expect(show(cond('any where ?process.parent.name == `odd name`.x'))).to.equal(
        '(?process.parent.name == odd name.x)',
      );
      expect(show(cond('any where `a``b` == 1'))).to.equal('(a`b == 1:integer)');
      expect(show(cond('any where args[0][1] == "x"'))).to.equal('(args[0][1] == "x")');
      expect(show(cond('any where @timestamp > 0 and event.sequence > 1'))).to.equal(
        '((@timestamp > 0:integer) and (event.sequence > 1:integer))',
      );
    });

    it('canonicalises function names whatever their case', function () {
      expect(show(cond('any where CONCAT(a, "") == "x" and STARTSWITH~(b, "y")'))).to.equal(
        '((concat(a, "") == "x") and startsWith~(b, "y"))',
      );
      expect(lookupFunction('cidrmatch')?.name).to.equal('cidrMatch');
      expect(lookupFunction('nope')).to.equal(undefined);
      expect(FUNCTION_SIGNATURES.size).to.equal(16);
      expect(lookupFunction('concat')?.maxArgs).to.equal(Infinity);
    });

    it('records spans that cover what was written', function () {
      const text = 'process where (a == 1) and startsWith(b, "c")';
      const e = cond(text);
      expect(text.slice(e.span.start, e.span.end)).to.equal('(a == 1) and startsWith(b, "c")');
    });
  });

  describe('queries', function () {
    it('parses event categories as identifiers, strings or any', function () {
      expect((parse('"my-cat" where true').query as EventQuery).category).to.equal('my-cat');
      expect((parse('OPTIONAL where true').query as EventQuery).category).to.equal('OPTIONAL');
      expect((parse('any where true').query as EventQuery).category).to.equal(null);
    });

    it('parses a full sequence', function () {
      const stmt = parse(
        'sequence by user.name with maxspan=5m\n' +
          '  [process where true] by process.pid with runs=3\n' +
          '  ![file where true] by process.pid\n' +
          '  [network where true] by process.pid\n' +
          'until [process where false] by process.pid\n' +
          '| head 4 | tail 2',
      );
      const q = stmt.query as SequenceQuery;
      expect(q.type).to.equal('sequence');
      expect(q.by.map((f) => f.name)).to.deep.equal(['user.name']);
      expect(q.maxspanMs).to.equal(300_000);
      expect(q.stages.map((s) => [s.query.category, s.runs, s.missing, s.by.length])).to.deep.equal([
        ['process', 3, false, 1],
        ['file', 1, true, 1],
        ['network', 1, false, 1],
      ]);
      expect(q.until?.query.category).to.equal('process');
      expect(stmt.pipes.map((p) => [p.type, p.count])).to.deep.equal([
        ['head', 4],
        ['tail', 2],
      ]);
      verify(stmt);
    });

    it('converts every maxspan unit to milliseconds', function () {
      const units: [string, number][] = [
        ['250ms', 250],
        ['2s', 2000],
        ['3m', 180_000],
        ['1h', 3_600_000],
        ['2d', 172_800_000],
      ];
      for (const [text, ms] of units) {
        const q = parse(`sequence with maxspan=${text} [a where true] [b where true]`).query as SequenceQuery;
        expect(q.maxspanMs, text).to.equal(ms);
      }
    });

    it('parses samples', function () {
      const q = parse('sample by host [a where true] by os [b where true] by op_sys').query;
      expect(q.type).to.equal('sample');
      if (q.type === 'sample') {
        expect(q.by.map((f) => f.name)).to.deep.equal(['host']);
        expect(q.stages.map((s) => s.by[0].name)).to.deep.equal(['os', 'op_sys']);
      }
    });

    it('skips comments and keeps the source', function () {
      const text = '// leading\nprocess /* inline /* nested */ */ where true // trailing';
      const stmt = parse(text);
      expect(stmt.source).to.equal(text);
      expect((stmt.query as EventQuery).category).to.equal('process');
    });
  });

  describe('verify', function () {
    it('is idempotent and accepts what parse built', function () {
      const stmt = parse('sequence by a [x where startsWith~(b, "c")] [y where b : "c*"]');
      verify(stmt);
      verify(stmt);
    });

    it('re-checks the shape of hand-built trees', function () {
      const stmt = parse('sequence [a where true] [b where true]');
      const q = stmt.query as SequenceQuery;
      const broken = { ...stmt, query: { ...q, stages: [q.stages[0]] } };
      expect(() => verify(broken))
        .to.throw(EqlError)
        .with.property('code', 'EQL_INVALID');
    });
  });

  describe('lexing is linear', function () {
    it('parses a 200 kB query quickly', function () {
      // flat, so that it stays below the depth limit (a chain of 5000 `or`s is 5000 levels deep)
      const big =
        'any where ' +
        Array.from(
          { length: 20 },
          (_, f) => `f${f} in (${Array.from({ length: 1000 }, (_, i) => `"v${i}"`).join(', ')})`,
        ).join(' or ');
      expect(big.length).to.be.above(150_000);
      const t0 = Date.now();
      parse(big);
      expect(Date.now() - t0).to.be.lessThan(2000);
    });
  });
});

describe('EQL parser: size limits', () => {
  const error = (text: string): EqlError => {
    try {
      verify(parse(text));
    } catch (e) {
      if (e instanceof EqlError) return e;
      throw e;
    }
    throw new Error(`no error for a query of ${text.length} characters`);
  };

  it('reports nesting deeper than it can walk as a syntax error at the spot, not a stack overflow', () => {
    const shapes: Array<[string, (n: number) => string, number]> = [
      ['brackets', (n) => `any where ${'('.repeat(n)}a == 1${')'.repeat(n)}`, 1],
      ['calls', (n) => `any where ${'concat('.repeat(n)}a${')'.repeat(n)} == "x"`, 'concat('.length],
      ['not', (n) => `any where ${'not '.repeat(n)}a == 1`, 'not '.length],
    ];
    for (const [shape, query, step] of shapes) {
      expect(() => verify(parse(query(150))), shape).not.to.throw();
      const e = error(query(100_000));
      expect(e.code, shape).to.equal('EQL_SYNTAX');
      expect(e.reason, shape).to.equal('the condition nests more than 200 levels deep here');
      expect(e.column, shape).to.be.within(11 + 200 * step, 11 + 201 * step);
    }
  });

  it('reports a chain too long to walk, and takes long chains below that', () => {
    const chain = (n: number) =>
      `any where a == 0${Array.from({ length: n }, (_, i) => ` or a == ${i + 1}`).join('')}`;
    const stmt = parse(chain(900));
    verify(stmt);
    expect(stmt.query.type).to.equal('event');
    const e = error(chain(1200));
    expect(e.code).to.equal('EQL_SYNTAX');
    expect(e.reason).to.match(/more than 1000 levels deep/);
    // the caret line shows the spot, not the whole 15 KB query
    expect(e.message.split('\n')[1]!.length).to.be.below(200);
  });
});
