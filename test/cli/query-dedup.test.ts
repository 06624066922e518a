import { expect } from 'chai';
import { printedItems, runCli } from '../support/cli.js';
import { tempDir } from '../support/tmp.js';

describe('rule-runner query --dedup over overlapping exports', () => {
  const t = tempDir();
  after(() => t.remove());
  const at = (s: number) => new Date(Date.UTC(2026, 0, 1) + s * 1000).toISOString();
  const event = (s: number, category: string, name: string) => ({
    '@timestamp': at(s),
    event: { category },
    host: { id: 'h' },
    process: { name, pid: s + 1 },
  });
  const events = [
    event(0, 'process', 'bash'),
    event(1, 'network', 'curl'),
    event(2, 'process', 'bash'),
    event(3, 'network', 'curl'),
  ];
  const lines = (xs: object[]) => xs.map((e) => JSON.stringify(e)).join('\n');
  const seq = 'sequence by host.id [process where true] [network where true]';
  const ids = (stdout: string) =>
    printedItems(stdout).map((s) =>
      s.events.map((e: { _index: string; _id: string }) => `${e._index}:${e._id}`),
    );

  it('reads each event of two overlapping files once, keeping the first file’s copy', async () => {
    const first = t.file('monday.ndjson', lines(events.slice(0, 3)));
    const second = t.file('tuesday.ndjson', lines(events.slice(1)));
    const hits = async (...flags: string[]) =>
      printedItems(
        (
          await runCli([
            'query',
            '--events',
            first,
            '--events',
            second,
            '--size',
            '100',
            ...flags,
            'any where true',
          ])
        ).stdout,
      ).map((h) => `${h._index}:${h._id}`);
    expect(await hits()).to.have.length(6);
    expect(await hits('--dedup')).to.deep.equal(['monday:1', 'monday:2', 'monday:3', 'tuesday:3']);
    const r = await runCli([
      'query',
      '--events',
      first,
      '--events',
      second,
      '--dedup',
      '--stats',
      '--size',
      '100',
      seq,
    ]);
    expect(r.code, r.stderr).to.equal(0);
    expect(ids(r.stdout)).to.deep.equal([
      ['monday:1', 'monday:2'],
      ['monday:3', 'tuesday:3'],
    ]);
    expect(JSON.parse(r.stderr.trim().split('\n').at(-1)!).reader).to.include({ duplicates: 2 });
  });

  it('is refused against a cluster, which holds each document once', async () => {
    const r = await runCli([
      'query',
      '--es-url',
      'http://127.0.0.1:9',
      '--index',
      'x',
      '--dedup',
      'any where true',
    ]);
    expect(r.code).to.equal(2);
    expect(r.stderr).to.match(/FLAGS_CONFLICT.*--dedup is for offline runs/);
  });
});
