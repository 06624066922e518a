import { expect } from 'chai';
import { validatePaths } from '../../src/rules/validate-paths.js';
import { tempDir } from '../support/tmp.js';

describe('validate: rule fields of any type', () => {
  const tmp = tempDir();
  after(() => tmp.remove());

  it('reports a rule_id or name that is a table or an array of them, instead of failing on it', () => {
    // TOML tables have no prototype: String() of one throws where a JSON object's would print [object Object]
    for (const value of ['{ a = 1 }', '[{ a = 1 }]', '[1, { a = 1 }]']) {
      for (const key of ['rule_id', 'name']) {
        const file = tmp.file(
          'rule.toml',
          `[rule]\n${key} = ${value}\ntype = "eql"\nlanguage = "eql"\nquery = 'process where true'\n`,
        );
        const report = validatePaths([file]);
        expect(report.invalid, `${key} = ${value}`).to.equal(1);
        expect(
          report.problems.some((p) => p.field === key && p.code === 'RULE_INVALID'),
          `${key} = ${value}`,
        ).to.equal(true);
      }
    }
  });
});
