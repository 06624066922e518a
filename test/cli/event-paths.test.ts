import { expect } from 'chai';
import { chmodSync, mkdirSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { printedItems, runCli } from '../support/cli.js';
import { runCliProcess } from '../support/cli-process.js';
import { tempDir } from '../support/tmp.js';

const event = (n: number) =>
  JSON.stringify({ '@timestamp': 1_700_000_000_000 + n * 1000, n, event: { category: 'process' } }) + '\n';
const ns = (stdout: string) => printedItems(stdout).map((h) => h._source.n as number);
const ALL = ['query', '--size', '1000', 'any where true'];

describe('rule-runner query --events DIR: links, loops and unreadable paths', () => {
  const t = tempDir();
  afterEach(() => {
    // the permission tests leave modes nothing can remove files under
    chmodSync(t.dir, 0o755);
    t.remove();
  });

  /** `dir` under the test directory, holding event files a.ndjson (n=1) and sub/b.ndjson (n=2). */
  const tree = (dir = 'd') => {
    const root = join(t.dir, dir);
    mkdirSync(join(root, 'sub'), { recursive: true });
    t.file(`${dir}/a.ndjson`, event(1));
    t.file(`${dir}/sub/b.ndjson`, event(2));
    return root;
  };

  it('reads each real file once through a link back up the tree (a loop)', async () => {
    const root = tree();
    symlinkSync('..', join(root, 'sub', 'up'));
    symlinkSync(root, join(root, 'sub', 'root'));
    const r = await runCli([...ALL.slice(0, 3), '--events', root, ALL[3]!]);
    expect(r.code, r.stderr).to.equal(0);
    expect(ns(r.stdout)).to.deep.equal([1, 2]);
  });

  it('follows links to files and directories, and reads a file reached twice once', async () => {
    const root = tree();
    const other = join(t.dir, 'other');
    mkdirSync(other);
    t.file('other/c.ndjson', event(3));
    symlinkSync(other, join(root, 'linked'));
    symlinkSync('a.ndjson', join(root, 'again.ndjson'));
    // the same file named twice on the command line, and through the directory
    const r = await runCli([
      ...['query', '--size', '1000'],
      ...['--events', root, '--events', join(root, 'a.ndjson'), '--events', join(other, 'c.ndjson')],
      'any where true',
    ]);
    expect(r.code, r.stderr).to.equal(0);
    expect(ns(r.stdout)).to.deep.equal([1, 2, 3]);
  });

  it('names a dangling link or a link loop where an event file would be, exit 2', async () => {
    for (const [name, target, says] of [
      ['gone.ndjson', 'nowhere.ndjson', /symbolic link to a missing file \(nowhere\.ndjson\)/],
      ['self.ndjson', 'self.ndjson', /symbolic link loop/],
    ] as const) {
      const root = tree(`d-${name}`);
      symlinkSync(target, join(root, 'sub', name));
      const r = await runCli(['query', '--events', root, 'any where true']);
      expect(r.code, name).to.equal(2);
      expect(r.stdout).to.equal('');
      expect(r.stderr).to.include(`error [EVENTS_UNREADABLE]: ${join(root, 'sub', name)}: `);
      expect(r.stderr).to.match(says);
      expect(r.stderr).not.to.match(/\n\s+at /);
    }
  });

  it('passes over a dangling link that is not named as an event file, as over any other file', async () => {
    const root = tree();
    symlinkSync('nowhere', join(root, 'notes.txt'));
    symlinkSync('nowhere', join(root, 'old-exports'));
    const r = await runCli([...ALL.slice(0, 3), '--events', root, ALL[3]!]);
    expect(r.code, r.stderr).to.equal(0);
    expect(ns(r.stdout)).to.deep.equal([1, 2]);
  });

  it('names a given path that is a dangling link', async () => {
    const link = join(t.dir, 'export.ndjson');
    symlinkSync('nowhere.ndjson', link);
    const r = await runCli(['query', '--events', link, 'any where true']);
    expect(r.code).to.equal(2);
    expect(r.stderr).to.include(`${link}: a symbolic link to a missing file (nowhere.ndjson)`);
  });

  describe('permissions (run as an ordinary user, also when the tests run as root)', () => {
    it('names an unreadable event file, given or found in a directory, exit 2', async () => {
      const root = tree();
      chmodSync(t.dir, 0o755);
      chmodSync(join(root, 'sub', 'b.ndjson'), 0o000);
      for (const path of [root, join(root, 'sub', 'b.ndjson')]) {
        const r = await runCliProcess(['query', '--events', path, 'any where true'], { unprivileged: true });
        expect(r.code, r.stderr).to.equal(2);
        expect(r.stdout).to.equal('');
        expect(r.stderr).to.include(
          `error [EVENTS_UNREADABLE]: ${join(root, 'sub', 'b.ndjson')}: cannot read: permission denied`,
        );
      }
    });

    it('names an unreadable directory, and one that cannot be searched, exit 2', async () => {
      const root = tree();
      chmodSync(t.dir, 0o755);
      for (const mode of [0o000, 0o644]) {
        chmodSync(join(root, 'sub'), mode);
        const r = await runCliProcess(['query', '--events', root, 'any where true'], { unprivileged: true });
        expect(r.code, r.stderr).to.equal(2);
        expect(r.stderr).to.match(
          new RegExp(`error \\[EVENTS_UNREADABLE\\]: ${join(root, 'sub')}\\S*: .*permission denied`),
        );
        expect(r.stderr).not.to.match(/\n\s+at /);
      }
    });

    it('still reads what it may (the control: the same tree, readable)', async () => {
      const root = tree();
      chmodSync(t.dir, 0o755);
      const r = await runCliProcess([...ALL.slice(0, 3), '--events', root, ALL[3]!], { unprivileged: true });
      expect(r.code, r.stderr).to.equal(0);
      expect(ns(r.stdout)).to.deep.equal([1, 2]);
    });
  });
});
