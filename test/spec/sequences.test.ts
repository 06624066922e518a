import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';
import { parseSeries, runSeries } from '../engine/support/series.js';

// the .spec file is not compiled: read it from the source tree (dist/test/spec -> test/spec)
const here = dirname(fileURLToPath(import.meta.url));
const specPath = resolve(here, '../../../test/spec/sequences.spec');

describe('sequences.spec (series timelines)', () => {
  const cases = parseSeries(readFileSync(specPath, 'utf8'));

  it('holds cases', () => {
    expect(cases.length).to.be.greaterThan(20);
  });

  for (const c of cases) {
    it(`${c.name} (line ${c.line})`, () => {
      expect(runSeries(c)).to.deep.equal(c.expect);
    });
  }
});
