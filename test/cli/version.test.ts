import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { packageVersion } from '../../src/cli/version.js';
import { runCli } from '../support/cli.js';
import { tempDir } from '../support/tmp.js';

describe('--version', () => {
  const version = (
    JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string }
  ).version;

  it("prints package.json's version, and exits 0", async () => {
    for (const flag of ['--version', '-V']) {
      const r = await runCli([flag]);
      expect(r.code, flag).to.equal(0);
      expect(r.stdout, flag).to.equal(`${version}\n`);
    }
  });

  it('is read from the package.json file, not built in', () => {
    const t = tempDir();
    try {
      const file = t.file('package.json', JSON.stringify({ name: 'rule-runner', version: '9.8.7-test' }));
      expect(packageVersion(pathToFileURL(file))).to.equal('9.8.7-test');
    } finally {
      t.remove();
    }
  });
});
