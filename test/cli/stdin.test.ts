import { expect } from 'chai';
import { spawn } from 'node:child_process';
import { mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { printedItems, runCli } from '../support/cli.js';
import { tempDir } from '../support/tmp.js';

const CLI = fileURLToPath(new URL('../../src/cli/main.js', import.meta.url));

const line = (n: number) =>
  JSON.stringify({ '@timestamp': 1_700_000_000_000 + n * 1000, n, event: { category: 'process' } });
const text = (ns: number[]) => ns.map(line).join('\n') + '\n';
const input = (data: string | Buffer) => Readable.from([Buffer.from(data)]);
const spools = () => readdirSync(tmpdir()).filter((n) => n.startsWith('rule-runner-stdin-')).length;

describe('rule-runner query --events - (standard input)', () => {
  const t = tempDir();
  after(() => t.remove());

  it('reads events from stdin, as index `stdin`, and removes its temp copy', async () => {
    const before = spools();
    const r = await runCli(['query', '--events', '-', 'process where n >= 3'], input(text([1, 2, 3, 4])));
    expect(r.code, r.stderr).to.equal(0);
    expect(printedItems(r.stdout).map((h) => [h._index, h._id, h._source.n])).to.deep.equal([
      ['stdin', '3', 3],
      ['stdin', '4', 4],
    ]);
    expect(spools()).to.equal(before);
  });

  it('takes gzipped input, and merges stdin with files', async () => {
    const file = t.file('more.ndjson', text([3, 4]));
    const r = await runCli(
      ['query', '--events', '-', '--events', file, '--size', '100', 'any where true'],
      input(gzipSync(text([5, 1, 2]))),
    );
    expect(r.code, r.stderr).to.equal(0);
    expect(printedItems(r.stdout).map((h) => [h._index, h._source.n])).to.deep.equal([
      ['stdin', 1],
      ['stdin', 2],
      ['more', 3],
      ['more', 4],
      ['stdin', 5],
    ]);
  });

  it('reads stdin again when it is out of order beyond the reorder windows', async () => {
    const order = Array.from({ length: 12_000 }, (_, i) => i);
    order.splice(11_500, 0, ...order.splice(3, 1));
    const r = await runCli(
      ['query', '--events', '-', '--size', '20000', '--stats', 'any where true'],
      input(text(order)),
    );
    expect(r.code, r.stderr).to.equal(0);
    expect(printedItems(r.stdout).map((h) => h._source.n)).to.deep.equal(
      Array.from({ length: 12_000 }, (_, i) => i),
    );
    expect(r.stderr).to.match(/note: .*out of timestamp order/);
  });

  it('names stdin as <stdin> in errors and warnings, and still removes its copy', async () => {
    const before = spools();
    const bad = await runCli(
      ['query', '--events', '-', '--strict', 'any where true'],
      input(`${line(1)}\n{"oops"}\n`),
    );
    expect(bad.code).to.equal(2);
    expect(bad.stderr).to.match(/error \[EVENT_INVALID_JSON\]: <stdin>:2:\d+: invalid JSON event/);
    expect(bad.stderr).not.to.include(tmpdir());
    const skipped = await runCli(
      ['query', '--events', '-', '--stats', 'any where true'],
      input(`${line(1)}\n{"oops"}\n`),
    );
    expect(skipped.code).to.equal(0);
    expect(skipped.stderr).to.match(/warning: 1 record\(s\) .* \(at <stdin>:2:\d+\)/);
    expect(skipped.stderr).to.match(/"firstInvalid":\["<stdin>:2:\d+"\]/);
    expect(skipped.stderr).not.to.include(tmpdir());
    const noTs = await runCli(['query', '--events', '-', 'any where true'], input(`${line(1)}\n{"n": 2}\n`));
    expect(noTs.code).to.equal(0);
    expect(noTs.stderr).to.match(/first at <stdin>:2\b/);
    expect(spools()).to.equal(before);
  });

  it('refuses stdin twice, and a terminal as stdin, as user errors', async () => {
    const twice = await runCli(['query', '--events', '-', '--events', '-', 'any where true'], input(''));
    expect(twice.code).to.equal(2);
    expect(twice.stderr).to.match(/FLAGS_CONFLICT.*may be given once/);
    const tty = Object.assign(input(''), { isTTY: true });
    const r = await runCli(['query', '--events', '-', 'any where true'], tty);
    expect(r.code).to.equal(2);
    expect(r.stderr).to.match(/standard input is a terminal/);
  });

  it('reads a real process stdin (`cat events.ndjson | rule-runner query --events - ...`)', async () => {
    const child = spawn(process.execPath, [CLI, 'query', '--events', '-', 'process where n == 2']);
    let stdout = '';
    child.stdout.on('data', (b: Buffer) => (stdout += b.toString('utf8')));
    child.stdin.end(text([1, 2, 3]));
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(code).to.equal(0);
    expect(printedItems(stdout).map((h) => [h._index, h._source.n])).to.deep.equal([['stdin', 2]]);
  });
});

describe('temp files on a signal', () => {
  const t = tempDir();
  after(() => t.remove());

  for (const signal of ['SIGINT', 'SIGTERM'] as const)
    it(`removes the spooled standard input when ${signal} ends the run, which still ends by that signal`, async () => {
      // a temp directory of its own: other runs of the suite on the machine spool into the shared one
      const tmp = join(t.dir, signal);
      mkdirSync(tmp);
      const child = spawn(process.execPath, [CLI, 'query', '--events', '-', 'any where true'], {
        env: { ...process.env, TMPDIR: tmp },
      });
      child.stdin.write(text([1, 2, 3]));
      // stdin stays open: the run is still spooling when the signal comes
      let spool: string | undefined;
      for (let i = 0; i < 200 && !spool; i++) {
        await new Promise((r) => setTimeout(r, 25));
        spool = readdirSync(tmp).find((n) => n.startsWith('rule-runner-stdin-'));
      }
      expect(spool, 'the spool directory').to.be.a('string');
      const ended = new Promise<NodeJS.Signals | null>((resolve) =>
        child.on('close', (_code, sig) => resolve(sig)),
      );
      child.kill(signal);
      expect(await ended).to.equal(signal);
      expect(readdirSync(tmp)).to.deep.equal([]);
    });
});
