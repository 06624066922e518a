import { expect } from 'chai';
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { printedItems } from '../support/cli.js';
import { runCliProcess } from '../support/cli-process.js';
import { tempDir } from '../support/tmp.js';

const line = (n: number) =>
  JSON.stringify({ '@timestamp': 1_700_000_000_000 + n * 1000, n, event: { category: 'process' } });
const text = (ns: number[]) => ns.map(line).join('\n') + '\n';
const got = (stdout: string) => printedItems(stdout).map((h) => [h._index, h._source.n]);
const spools = () => readdirSync(tmpdir()).filter((n) => n.startsWith('rule-runner-stdin-')).length;
/** Out of order beyond both reorder windows: the input must be read again, which a pipe cannot be. */
const unsorted = () => {
  const order = Array.from({ length: 12_000 }, (_, i) => i);
  order.splice(11_500, 0, ...order.splice(3, 1));
  return order;
};

const writers: ChildProcess[] = [];

/** A named pipe at `path`, and a writer that opens it, writes `data` and closes it (as `cat f > fifo`). */
function fifoWith(path: string, data: string | Buffer): void {
  execFileSync('mkfifo', [path]);
  const writer = spawn('sh', ['-c', 'exec cat > "$0"', path], { stdio: ['pipe', 'ignore', 'ignore'] });
  writer.stdin.end(data);
  writers.push(writer);
}

describe('rule-runner query --events over pipes (FIFOs, /dev/stdin, process substitution)', function () {
  const t = tempDir();
  after(() => t.remove());
  // a writer whose pipe no one opened (a failed test) would keep the suite from ending
  afterEach(() => {
    for (const w of writers.splice(0)) if (w.exitCode === null) w.kill('SIGKILL');
  });

  it('reads a named pipe (mkfifo), and exits', async () => {
    const fifo = join(t.dir, 'export.ndjson');
    fifoWith(fifo, text([1, 2, 3]));
    const before = spools();
    const r = await runCliProcess(['query', '--events', fifo, 'process where n >= 2']);
    expect(r.code, r.stderr).to.equal(0);
    expect(got(r.stdout)).to.deep.equal([
      ['export', 2],
      ['export', 3],
    ]);
    expect(spools()).to.equal(before);
  });

  it('reads a gzipped named pipe out of order beyond the reorder windows (read again from its copy)', async () => {
    const fifo = join(t.dir, 'late.ndjson.gz');
    fifoWith(fifo, gzipSync(text(unsorted())));
    const r = await runCliProcess(['query', '--events', fifo, '--size', '20000', 'any where true']);
    expect(r.code, r.stderr).to.equal(0);
    expect(printedItems(r.stdout).map((h) => h._source.n)).to.deep.equal(
      Array.from({ length: 12_000 }, (_, i) => i),
    );
    expect(r.stderr).to.match(/note: .*out of timestamp order/);
  });

  it('reads a named pipe found in a directory, beside plain files', async () => {
    const dir = join(t.dir, 'mixed');
    mkdirSync(dir);
    t.file('mixed/a.ndjson', text([1, 4]));
    fifoWith(join(dir, 'b.ndjson'), text([2, 3]));
    const r = await runCliProcess(['query', '--events', dir, 'any where true']);
    expect(r.code, r.stderr).to.equal(0);
    expect(got(r.stdout)).to.deep.equal([
      ['a', 1],
      ['b', 2],
      ['b', 3],
      ['a', 4],
    ]);
  });

  it('names the pipe, not its temp copy, in errors and warnings', async () => {
    const bad = `${line(1)}\n{"n": 2}\n{"oops"}\n`;
    const warned = join(t.dir, 'bad.ndjson');
    fifoWith(warned, bad);
    const w = await runCliProcess(['query', '--events', warned, 'any where true']);
    expect(w.code, w.stderr).to.equal(0);
    expect(w.stderr).to.include(`at ${warned}:3:`);
    const failed = join(t.dir, 'bad-strict.ndjson');
    fifoWith(failed, bad);
    const r = await runCliProcess(['query', '--strict', '--events', failed, 'any where true']);
    expect(r.code).to.equal(2);
    expect(r.stderr).to.match(
      new RegExp(`error \\[EVENT_INVALID_JSON\\]: ${failed}:3:\\d+: invalid JSON event`),
    );
    for (const out of [w.stderr, r.stderr]) expect(out).not.to.include(tmpdir() + '/rule-runner-stdin-');
  });

  it('reads /dev/stdin fed by a pipe (`cat f | rule-runner query --events /dev/stdin`)', async () => {
    const f = t.file('piped.ndjson', text(unsorted()));
    const r = await runCliProcess(
      [`cat '${f}' | $CLI query --events /dev/stdin --size 20000 'any where true'`],
      { shell: true },
    );
    expect(r.code, r.stderr).to.equal(0);
    expect(printedItems(r.stdout).map((h) => h._source.n)).to.deep.equal(
      Array.from({ length: 12_000 }, (_, i) => i),
    );
  });

  it('reads /dev/stdin fed by a socket (as Node gives a child), out of order beyond the reorder windows', async () => {
    const r = await runCliProcess(['query', '--events', '/dev/stdin', '--size', '20000', 'any where true'], {
      stdin: text(unsorted()),
    });
    expect(r.code, r.stderr).to.equal(0);
    const items = printedItems(r.stdout);
    expect(items.map((h) => h._source.n)).to.deep.equal(Array.from({ length: 12_000 }, (_, i) => i));
    expect(items[0]._index).to.equal('stdin');
  });

  it('reads process substitution, <(cat f) and <(gzip -c f), as bash passes it (/dev/fd/N)', async () => {
    const f = t.file('sub.ndjson', text([2, 1, 3]));
    const r = await runCliProcess(
      [`$CLI query --events <(cat '${f}') --events <(gzip -c '${f}') --size 100 'process where n != 3'`],
      { shell: true },
    );
    expect(r.code, r.stderr).to.equal(0);
    expect(printedItems(r.stdout).map((h) => h._source.n)).to.deep.equal([1, 1, 2, 2]);
  });
});
