import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { makeTempDir, removeAllTempDirs, removeTempDir } from '../../src/sources/files/temp-dirs.js';

const TEMP_DIRS = fileURLToPath(new URL('../../src/sources/files/temp-dirs.js', import.meta.url));

describe('temp directories', () => {
  it('are removed by removeAllTempDirs, the ones still alive only', () => {
    const a = makeTempDir('rule-runner-test-all-');
    const b = makeTempDir('rule-runner-test-all-');
    removeTempDir(a);
    expect(existsSync(b)).to.equal(true);
    removeAllTempDirs();
    expect([existsSync(a), existsSync(b)]).to.deep.equal([false, false]);
    // nothing left to remove: a second call (the CLI's exit after its signal handler) is harmless
    removeAllTempDirs();
  });

  it('install no process handlers: a daemon finishing its rules on SIGTERM decides when to clean up', () => {
    // a process of its own: the suite's other tests have made temp directories in this one already
    const script = `
      const { makeTempDir, removeAllTempDirs } = await import(${JSON.stringify(TEMP_DIRS)});
      const events = ['exit', 'SIGINT', 'SIGTERM', 'SIGHUP'];
      const count = () => events.map((e) => process.listenerCount(e));
      const before = count();
      makeTempDir('rule-runner-test-handlers-');
      const after = count();
      removeAllTempDirs();
      console.log(JSON.stringify({ before, after }));`;
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
    expect(r.status, r.stderr).to.equal(0);
    const { before, after } = JSON.parse(r.stdout) as { before: number[]; after: number[] };
    expect(after, 'listeners of exit, SIGINT, SIGTERM, SIGHUP').to.deep.equal(before);
  });
});
