import { expect } from 'chai';
import { chmodSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { runCliProcess } from '../support/cli-process.js';
import { tempDir } from '../support/tmp.js';

const line = (n: number) =>
  JSON.stringify({ '@timestamp': 1_700_000_000_000 + n * 1000, n, event: { category: 'process' } });
/** Out of order beyond both reorder windows: only the external sort, in a temp directory, can read it. */
const unsorted = () =>
  Array.from({ length: 12_000 }, (_, i) => 11_999 - i)
    .map(line)
    .join('\n') + '\n';

describe('TMPDIR that cannot hold a temp directory', () => {
  const t = tempDir();
  after(() => {
    chmodSync(t.dir, 0o755);
    t.remove();
  });

  it('is a user error naming TMPDIR and the path, for the external sort and for spooled input', async () => {
    const events = t.file('late.ndjson', unsorted());
    const notDir = t.file('plain-file', '');
    const cases: Array<[string, string]> = [
      [join(t.dir, 'missing'), 'not found'],
      [notDir, 'not a directory'],
    ];
    for (const [tmp, why] of cases)
      for (const [args, stdin] of [
        [['--events', events], undefined],
        [['--events', '-'], line(1) + '\n'],
      ] as const) {
        const r = await runCliProcess(['query', ...args, 'any where true'], { env: { TMPDIR: tmp }, stdin });
        expect(r.code, r.stderr).to.equal(2);
        expect(r.stdout).to.equal('');
        expect(r.stderr).to.equal(
          `error [TMPDIR_INVALID]: cannot make a temporary directory in ${tmp} (from TMPDIR): ${why}; ` +
            'set TMPDIR to a writable directory\n',
        );
      }
  });

  it('names a temp directory it may not write in (as an ordinary user, also when the tests run as root)', async () => {
    chmodSync(t.dir, 0o755);
    const locked = join(t.dir, 'locked');
    mkdirSync(locked, { mode: 0o555 });
    const r = await runCliProcess(['query', '--events', '-', 'any where true'], {
      env: { TMPDIR: locked },
      stdin: line(1) + '\n',
      unprivileged: true,
    });
    expect(r.code, r.stderr).to.equal(2);
    expect(r.stderr).to.include(
      `cannot make a temporary directory in ${locked} (from TMPDIR): permission denied`,
    );
  });
});
