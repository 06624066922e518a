/**
 * Runs the data-driven error cases of test/spec/eql-errors.toml: parse, verify and compile (as `checkQuery` does
 * for `validate` and every run), or, with `compile_only`, parse and compile. Each must fail with the case's code
 * at its line and column, with a caret under the text. Every kind of error the compiler can raise must have a case
 * here, so that a new one that loses its span or the query's text is caught.
 */
import { expect } from 'chai';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse as parseToml } from 'smol-toml';
import { createExecutor } from '../../src/engine/executor.js';
import { EqlError, parse, verify } from '../../src/eql/index.js';
import { Schema } from '../../src/mapping/schema.js';
import { checkQuery } from '../../src/engine/check-query.js';
import { translateCandidates } from '../../src/translate/index.js';
import { REPO_ROOT } from '../support/paths.js';

interface ErrorCase {
  name: string;
  query: string;
  code: string;
  line: number;
  column: number;
  schema?: string[];
  mapping?: string;
  compile_only?: boolean;
}

/** A mapping whose leaves are the given dotted names, all keywords. */
function schemaOf(names: string[]): Schema {
  const properties: Record<string, { properties?: object; type?: string }> = {};
  for (const name of names) {
    let level = properties;
    const parts = name.split('.');
    parts.forEach((part, i) => {
      if (i === parts.length - 1) {
        level[part] = { type: 'keyword' };
      } else {
        level[part] ??= { properties: {} };
        level = level[part].properties as typeof properties;
      }
    });
  }
  return Schema.fromMapping({ properties });
}

const file = path.join(REPO_ROOT, 'test/spec/eql-errors.toml');
const doc = parseToml(readFileSync(file, 'utf8')) as unknown as {
  cases: ErrorCase[];
  mappings: Record<string, string>;
};
const cases = doc.cases;

function schemaFor(c: ErrorCase): Schema | undefined {
  if (c.mapping) return Schema.fromMapping(JSON.parse(doc.mappings[c.mapping]!));
  return c.schema ? schemaOf(c.schema) : undefined;
}

/** The error the case's query fails with (undefined when it does not fail). */
function failure(c: ErrorCase): unknown {
  const schema = schemaFor(c);
  try {
    if (c.compile_only) createExecutor(parse(c.query), { schema });
    else checkQuery(c.query, schema);
  } catch (e) {
    return e;
  }
  return undefined;
}

function placed(e: unknown, c: ErrorCase): boolean {
  return e instanceof EqlError && e.code === c.code && e.line === c.line && e.column === c.column;
}

/**
 * The kinds of error the compiler raises: the fixed start of each reason passed to a `fail(...)` in the compiler
 * and the function implementations (the text before its first `${`).
 */
function compileErrorKinds(): string[] {
  const dirs = ['src/eql/evaluate', 'src/eql/functions'];
  const kinds = new Set<string>();
  for (const dir of dirs) {
    for (const f of readdirSync(path.join(REPO_ROOT, dir)).filter((n) => n.endsWith('.ts'))) {
      const text = readFileSync(path.join(REPO_ROOT, dir, f), 'utf8');
      for (const m of text.matchAll(/\bfail\(\s*[^,]+?,\s*(`[^`]*`|'[^']*')/g))
        kinds.add(m[1]!.slice(1, -1).split('${')[0]!);
    }
  }
  return [...kinds];
}

/**
 * Guards that no query text is known to reach. The RegExp that the wildcard and Lucene compilers build from a
 * pattern that passed their own checks always compiles (the property tests of test/eql hold thousands of patterns
 * to that); the guard stays so that a pattern never reaches `new RegExp` unchecked. And the parser admits only
 * literals on the right of `:`, `like` and `regex`, so the compiler's own check of that is for built ASTs.
 */
const DEFENSIVE_KINDS = [
  'pattern cannot be compiled: ',
  'patterns cannot be compiled together: ',
  'pattern must be a constant string',
];

describe('EQL error spec (test/spec/eql-errors.toml)', function () {
  it('covers every error code', function () {
    const codes = new Set(cases.map((c) => c.code));
    for (const code of [
      'EQL_SYNTAX',
      'EQL_UNKNOWN_FUNCTION',
      'EQL_ARITY',
      'EQL_TYPE_MISMATCH',
      'EQL_UNKNOWN_FIELD',
      'EQL_UNSUPPORTED',
      'EQL_INVALID',
    ]) {
      expect(codes.has(code), code).to.equal(true);
    }
    expect(new Set(cases.map((c) => c.name)).size).to.equal(cases.length);
  });

  for (const c of cases) {
    it(`${c.name}: ${c.code} at ${c.line}:${c.column}`, function () {
      const error = failure(c);
      expect(error, 'expected an error').to.be.instanceOf(EqlError);
      const e = error as EqlError;
      expect({ code: e.code, line: e.line, column: e.column }, e.message).to.deep.equal({
        code: c.code,
        line: c.line,
        column: c.column,
      });
      // The rendered message carries the position, the offending line and a caret under the span.
      expect(e.message).to.match(new RegExp(`^line ${c.line}:${c.column}: `));
      // (a long line is shown around the span, with `...` where it is cut)
      const [, shown, caret] = e.message.split('\n');
      const line = c.query.split('\n')[c.line - 1]!;
      expect(line, 'the offending line').to.include(shown!.replace(/^\.\.\.|\.\.\.$/g, ''));
      const under = shown!.slice(caret!.indexOf('^')).replace(/\.\.\.$/, '');
      // (only an error at the end of the input has nothing under its caret)
      if (c.column <= line.length) expect(under, 'text under the caret').to.not.equal('');
      expect(line.slice(c.column - 1), 'the caret under the span').to.satisfy((s: string) =>
        s.startsWith(under),
      );
    });
  }

  it('the translator reports a query it cannot fold where the compiler does', function () {
    for (const c of cases.filter((x) => x.name.startsWith('compile_') && !x.compile_only)) {
      const schema = schemaFor(c);
      const stmt = parse(c.query);
      verify(stmt, { schema });
      try {
        translateCandidates(stmt, { schema });
      } catch (e) {
        expect(e, c.name).to.be.instanceOf(EqlError);
        expect({ line: (e as EqlError).line, column: (e as EqlError).column }, c.name).to.deep.equal({
          line: c.line,
          column: c.column,
        });
      }
    }
  });

  it('every kind of compile-time error has a case that places it', function () {
    const kinds = compileErrorKinds();
    for (const k of ['failed to parse date [', 'arithmetic error: ', 'invalid CIDR notation ['])
      expect(kinds, 'the scan finds the fail(...) calls').to.include(k);
    for (const k of DEFENSIVE_KINDS) expect(kinds, 'a defensive kind still exists').to.include(k);
    const reasons = cases.flatMap((c) => {
      const e = failure(c);
      return placed(e, c) ? [(e as EqlError).reason] : [];
    });
    const missing = kinds.filter(
      (k) => !DEFENSIVE_KINDS.includes(k) && !reasons.some((r) => r.startsWith(k)),
    );
    expect(missing, 'compile-time errors without a case in eql-errors.toml').to.deep.equal([]);
  });
});
