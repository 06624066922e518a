import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { tempDir } from '../support/tmp.js';

const CLI = fileURLToPath(new URL('../../src/cli/main.js', import.meta.url));

/**
 * Every run of the CLI pays for what it loads before it does anything; the Elasticsearch client, the rule schemas
 * and TOML parser, and date-fns's index once made up half of a 0.37 s start. They are loaded where they are used.
 */
describe('CLI start-up', () => {
  const t = tempDir();
  after(() => t.remove());

  it('loads no package beyond commander', () => {
    t.file(
      'hooks.mjs',
      "export async function load(url, context, next) {\n  if (url.includes('/node_modules/')) console.error('LOADED ' + url);\n  return next(url, context);\n}\n",
    );
    const register = t.file(
      'register.mjs',
      "import { register } from 'node:module';\nregister('./hooks.mjs', import.meta.url);\n",
    );
    const r = spawnSync(process.execPath, ['--import', register, CLI, '--version'], { encoding: 'utf8' });
    expect(r.status, r.stderr).to.equal(0);
    const loaded = r.stderr
      .split('\n')
      .filter((l) => l.startsWith('LOADED '))
      .map((l) => l.slice(l.lastIndexOf('/node_modules/') + '/node_modules/'.length));
    expect(loaded.length, 'the hook saw the modules').to.be.above(0);
    const packages = new Set(loaded.map((p) => p.split('/')[0]));
    expect([...packages].sort()).to.deep.equal(['commander']);
  });
});
