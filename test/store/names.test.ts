/** Runs test/store/store-names.toml: the stores' names by space and by the names given, and the names refused. */
import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse as parseToml } from 'smol-toml';
import { UserError } from '../../src/errors.js';
import { storeNames, type StoreNameOverrides } from '../../src/store/names.js';
import { REPO_ROOT } from '../support/paths.js';

interface NamesCase extends StoreNameOverrides {
  name: string;
  space?: string;
  alias?: string;
  backing?: string;
  template?: string;
  pattern?: string;
  error?: string;
  mentions?: string[];
}

const file = path.join(REPO_ROOT, 'test', 'store', 'store-names.toml');
const cases = (parseToml(readFileSync(file, 'utf8')) as unknown as { names: NamesCase[] }).names;

describe('store names (test/store/store-names.toml)', () => {
  it('has cases that name names and cases that refuse them', () => {
    expect(cases.filter((c) => c.error).length).to.be.greaterThan(5);
    expect(cases.filter((c) => !c.error).length).to.be.greaterThan(3);
  });
  for (const c of cases)
    it(c.name, () => {
      const overrides = { alerts: c.alerts, state: c.state, executions: c.executions, gaps: c.gaps };
      const run = () => storeNames(c.space ?? 'default', overrides);
      if (c.error) {
        let err: unknown;
        try {
          run();
        } catch (e) {
          err = e;
        }
        expect(err).to.be.instanceOf(UserError);
        expect((err as UserError).code).to.equal(c.error);
        for (const m of c.mentions ?? []) expect((err as Error).message).to.include(m);
        return;
      }
      const n = run();
      if (c.alias) expect(n.alerts.alias).to.equal(c.alias);
      if (c.backing) expect(n.alerts.backingIndex).to.equal(c.backing);
      if (c.template) expect(n.alerts.template).to.equal(c.template);
      if (c.pattern) expect(n.alerts.indexPattern).to.equal(c.pattern);
      if (c.state) expect(n.state).to.equal(c.state);
      if (c.executions) expect(n.executions).to.equal(c.executions);
      if (c.gaps) expect(n.gaps).to.equal(c.gaps);
      // the backing index always matches the template's pattern, so it takes the template's mapping
      const pattern = new RegExp(`^${n.alerts.indexPattern.replace(/[.+]/g, '\\$&').replace('*', '.*')}$`);
      expect(n.alerts.backingIndex).to.match(pattern);
    });
});
