/** Data-driven translator cases from test/spec/translate.toml (format described at the top of that file). */
import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseToml } from 'smol-toml';
import { EqlError } from '../../src/eql/errors.js';
import { parse } from '../../src/eql/syntax/parser.js';
import { Schema } from '../../src/mapping/schema.js';
import { translateCandidates, translateEventQuery, type Translation } from '../../src/translate/index.js';

interface Case {
  name: string;
  query: string;
  mapping?: string;
  exact?: boolean;
  dsl?: string;
  contains?: string[];
  absent?: string[];
  candidates?: boolean;
  error?: string;
}

const specPath = join(dirname(fileURLToPath(import.meta.url)), '../../../test/spec/translate.toml');

/** Whether `needle` equals `hay` or any value nested in it. */
function occurs(hay: unknown, needle: unknown): boolean {
  try {
    expect(hay).to.deep.equal(needle);
    return true;
  } catch {
    if (hay && typeof hay === 'object') return Object.values(hay).some((v) => occurs(v, needle));
    return false;
  }
}

describe('spec translate.toml', () => {
  const doc = parseToml(readFileSync(specPath, 'utf8')) as unknown as {
    mappings: Record<string, string>;
    case: Case[];
  };
  const names = new Set<string>();

  it('holds cases with unique names', () => {
    for (const c of doc.case) {
      expect(names.has(c.name), c.name).to.equal(false);
      names.add(c.name);
    }
    expect(doc.case.length).to.be.greaterThan(60);
  });

  for (const c of doc.case) {
    it(c.name, () => {
      const schema = c.mapping ? Schema.fromMapping(JSON.parse(doc.mappings[c.mapping]!)) : undefined;
      const run = (): Translation => {
        const stmt = parse(c.query);
        if (c.candidates) return translateCandidates(stmt, { schema });
        if (stmt.query.type !== 'event')
          throw new Error('an event query is needed without candidates = true');
        return translateEventQuery(stmt.query, { schema, source: stmt.source });
      };
      if (c.error !== undefined) {
        expect(run).to.throw(EqlError).with.property('code', c.error);
        return;
      }
      const t = run();
      const shown = JSON.stringify(t.query);
      if (c.exact !== undefined) expect(t.exact, `exact flag of ${shown}`).to.equal(c.exact);
      if (!t.exact)
        expect(t.notPushed.length, 'a non-exact translation says what it left out').to.be.greaterThan(0);
      else expect(t.notPushed).to.deep.equal([]);
      if (c.dsl !== undefined) expect(t.query).to.deep.equal(JSON.parse(c.dsl));
      for (const f of c.contains ?? [])
        expect(occurs(t.query, JSON.parse(f)), `${f} in ${shown}`).to.equal(true);
      for (const f of c.absent ?? [])
        expect(occurs(t.query, JSON.parse(f)), `${f} not in ${shown}`).to.equal(false);
    });
  }
});
