/** Data-driven rule-filter cases from test/exceptions/rule-filter.toml (format described at the top of that file). */
import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseToml } from 'smol-toml';
import type { ExceptionItem } from '../../src/exceptions/items.js';
import { compileRuleFilter } from '../../src/exceptions/matches.js';
import { nestedPathsOf } from '../../src/exceptions/nested-paths.js';
import { ruleFilter } from '../../src/exceptions/rule-filter.js';
import { Schema } from '../../src/mapping/schema.js';

interface Case {
  name: string;
  items?: string;
  filters?: string;
  now?: string;
  mapping?: string;
  /** Read the mapping's nested paths too. */
  nested?: boolean;
  dsl?: string;
  warnings?: string[];
  keep?: string;
  drop?: string;
  offline?: string[];
}

const specPath = join(dirname(fileURLToPath(import.meta.url)), '../../../test/exceptions/rule-filter.toml');
const DEFAULT_NOW = '2026-03-01T00:00:00Z';

/** Every expected fragment occurs in some message, and there are as many messages as fragments. */
function expectMessages(got: string[], want: string[], what: string): void {
  for (const w of want)
    expect(
      got.some((g) => g.includes(w)),
      `${what} ${JSON.stringify(w)} in ${JSON.stringify(got)}`,
    ).to.equal(true);
  expect(got.length, `${what}s: ${JSON.stringify(got)}`).to.equal(want.length);
}

describe('spec rule-filter.toml', () => {
  const doc = parseToml(readFileSync(specPath, 'utf8')) as unknown as {
    mappings: Record<string, string>;
    case: Case[];
  };

  it('holds cases with unique names', () => {
    const names = new Set<string>();
    for (const c of doc.case) {
      expect(names.has(c.name), c.name).to.equal(false);
      names.add(c.name);
    }
    expect(doc.case.length).to.be.greaterThan(30);
  });

  for (const c of doc.case) {
    it(c.name, () => {
      const items = JSON.parse(c.items ?? '[]') as ExceptionItem[];
      const filters = JSON.parse(c.filters ?? '[]') as unknown[];
      const now = new Date(c.now ?? DEFAULT_NOW);
      const rf = ruleFilter(items, filters, { now });
      if (c.dsl !== undefined) expect(rf.query).to.deep.equal(JSON.parse(c.dsl));
      expectMessages(rf.warnings, c.warnings ?? [], 'warning');
      const mapping: unknown = c.mapping ? JSON.parse(doc.mappings[c.mapping]!) : undefined;
      const schema = mapping ? Schema.fromMapping(mapping) : undefined;
      const nestedPaths = c.nested ? nestedPathsOf(mapping) : undefined;
      const compiled = compileRuleFilter(items, filters, { now, schema, nestedPaths });
      const offline = compiled.warnings.filter((w) => !rf.warnings.includes(w));
      expectMessages(offline, c.offline ?? [], 'offline warning');
      for (const d of JSON.parse(c.keep ?? '[]') as Record<string, unknown>[])
        expect(compiled.keep(d), `keeps ${JSON.stringify(d)}`).to.equal(true);
      for (const d of JSON.parse(c.drop ?? '[]') as Record<string, unknown>[])
        expect(compiled.keep(d), `drops ${JSON.stringify(d)}`).to.equal(false);
    });
  }
});
