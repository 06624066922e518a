import { expect } from 'chai';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { tempDir } from '../support/tmp.js';

const CLI = fileURLToPath(new URL('../../src/cli/main.js', import.meta.url));

describe('CLI output into a pipe', () => {
  const t = tempDir();
  after(() => t.remove());

  it('ends quietly when the reader closes the pipe early (`| head`)', async () => {
    const lines = Array.from({ length: 20_000 }, (_, i) =>
      JSON.stringify({ '@timestamp': 1_700_000_000_000 + i, n: i, pad: 'x'.repeat(200) }),
    );
    const file = t.file('many.ndjson', lines.join('\n'));
    const child = spawn(process.execPath, [
      CLI,
      'query',
      '--events',
      file,
      '--size',
      '20000',
      'any where true',
    ]);
    let stderr = '';
    child.stderr.on('data', (b: Buffer) => (stderr += b.toString('utf8')));
    // the first chunk is enough, as for `head -1`
    child.stdout.once('data', () => child.stdout.destroy());
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(stderr).to.equal('');
    expect(code).to.equal(0);
  });
});
