/** Runs the data-driven bounds of test/spec/rule-schema.toml through validateRule, as `validate` checks a rule. */
import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseToml } from 'smol-toml';
import { validateRule } from '../../src/rules/validate-rule.js';
import { REPO_ROOT } from '../support/paths.js';

interface SchemaCase {
  name: string;
  set: Record<string, unknown>;
  unset?: string[];
  valid: boolean;
  message?: string;
}

const BASE = {
  rule_id: 'r',
  name: 'R',
  description: 'd',
  type: 'eql',
  risk_score: 21,
  severity: 'low',
  query: 'process where true',
};

/** Numeric bounds of the schema: each must be tried at its edges, inside and out (`null`: no upper bound). */
const NUMERIC_BOUNDS: Record<string, [number, number | null]> = {
  risk_score: [0, 100],
  max_signals: [1, 10_000],
  version: [1, null],
};

const file = join(REPO_ROOT, 'test/spec/rule-schema.toml');
const cases = (parseToml(readFileSync(file, 'utf8')) as unknown as { cases: SchemaCase[] }).cases;

describe('rule schema bounds (test/spec/rule-schema.toml)', () => {
  it('names each case once, and tries every numeric bound on both sides of each edge', () => {
    expect(new Set(cases.map((c) => c.name)).size).to.equal(cases.length);
    for (const [field, [min, max]] of Object.entries(NUMERIC_BOUNDS)) {
      const tried = (value: number, valid: boolean) =>
        cases.some((c) => c.set[field] === value && c.valid === valid && Object.keys(c.set).length === 1);
      expect(tried(min - 1, false), `${field} = ${min - 1} refused`).to.equal(true);
      expect(tried(min, true), `${field} = ${min} accepted`).to.equal(true);
      if (max !== null) {
        expect(tried(max, true), `${field} = ${max} accepted`).to.equal(true);
        expect(tried(max + 1, false), `${field} = ${max + 1} refused`).to.equal(true);
      }
    }
  });

  it('accepts the base rule the cases change', () => {
    const check = validateRule({ origin: 'base', value: BASE });
    expect(check.ok, JSON.stringify(check)).to.equal(true);
  });

  for (const c of cases)
    it(`${c.name}: ${c.valid ? 'valid' : 'invalid'}`, () => {
      const value: Record<string, unknown> = { ...BASE, ...c.set };
      for (const f of c.unset ?? []) delete value[f];
      const check = validateRule({ origin: c.name, value });
      const messages = check.ok ? [] : check.problems.map((p) => p.message);
      expect(check.ok, `${JSON.stringify(c.set)}: ${messages.join('; ')}`).to.equal(c.valid);
      if (!c.valid && c.message !== undefined)
        expect(
          messages.some((m) => m.includes(c.message!)),
          `"${c.message}" in ${JSON.stringify(messages)}`,
        ).to.equal(true);
    });
});
