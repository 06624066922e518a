/** Runs the data-driven error cases of test/spec/eql-errors.toml against parse() + verify(). */
import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse as parseToml } from 'smol-toml';
import { EqlError, parse, verify } from '../../src/eql/index.js';
import { Schema } from '../../src/eql/schema.js';
import { REPO_ROOT } from '../support/paths.js';

interface ErrorCase {
  name: string;
  query: string;
  code: string;
  line: number;
  column: number;
  schema?: string[];
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
const cases = (parseToml(readFileSync(file, 'utf8')) as unknown as { cases: ErrorCase[] }).cases;

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
      let error: unknown;
      try {
        verify(parse(c.query), c.schema ? { schema: schemaOf(c.schema) } : {});
      } catch (e) {
        error = e;
      }
      expect(error, 'expected an error').to.be.instanceOf(EqlError);
      const e = error as EqlError;
      expect({ code: e.code, line: e.line, column: e.column }, e.message).to.deep.equal({
        code: c.code,
        line: c.line,
        column: c.column,
      });
      // The rendered message carries the position and a caret line.
      expect(e.message).to.match(new RegExp(`^line ${c.line}:${c.column}: `));
      expect(e.message).to.include('^');
    });
  }
});
