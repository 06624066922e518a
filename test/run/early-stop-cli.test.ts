import { expect } from 'chai';
import { printedItems, runCli } from '../support/cli.js';
import { tempDir } from '../support/tmp.js';

/** `count` process events one second apart from 11:00, padded so that the file spans many read chunks. */
function inOrderLines(count: number, name = 'n', offsetMs = 0): string[] {
  return Array.from({ length: count }, (_, i) =>
    JSON.stringify({
      '@timestamp': new Date(Date.UTC(2024, 5, 3, 11) + i * 1000 + offsetMs).toISOString(),
      event: { category: ['process'] },
      n: `${name}${i}`,
      pad: 'x'.repeat(200),
    }),
  );
}

const late = (n: string) =>
  JSON.stringify({ '@timestamp': '2024-06-03T10:00:00.000Z', event: { category: ['process'] }, n });

const ns = (stdout: string) =>
  printedItems(stdout).map((r: { _source?: { n: string }; events?: Array<{ _source: { n: string } }> }) =>
    r._source ? r._source.n : r.events!.map((e) => e._source.n),
  );

// issue 12: `--size N` stopped reading once N results were found, and an event sorting before them further on
// in a file was never seen (exit 0, a wrong answer)
describe('rule-runner query --size over a file with a late event far from its place', () => {
  const t = tempDir();
  after(() => t.remove());

  it('returns the earliest event, as a full sort does, though it is the last line', async () => {
    const file = t.file('late.ndjson', [...inOrderLines(40_000), late('EARLIEST')].join('\n') + '\n');
    const r = await runCli(['query', '--size', '1', '--events', file, '--stats', 'process where true']);
    expect(r.code, r.stderr).to.equal(0);
    expect(ns(r.stdout)).to.deep.equal(['EARLIEST']);
    expect(r.stderr).to.match(/out of timestamp order/);
    // the first read saw how far out of place the event was, though it parsed few of the lines before it: the
    // wider window, sure to fail, was not tried
    expect(JSON.parse(r.stderr.trim().split('\n').at(-1)!).reader).to.include({ sort: 'external', reads: 2 });
  });

  it('finds the late event in a second file too, and the first sequence it starts', async () => {
    const a = t.file('a.ndjson', inOrderLines(20_000).join('\n') + '\n');
    const b = t.file('b.ndjson', [...inOrderLines(20_000, 'b', 500), late('LATE')].join('\n') + '\n');
    const events = await runCli(['query', '--size', '2', '--events', a, '--events', b, 'process where true']);
    expect(events.code, events.stderr).to.equal(0);
    expect(ns(events.stdout)).to.deep.equal(['LATE', 'n0']);
    const seq = await runCli([
      'query',
      '--size',
      '1',
      '--events',
      a,
      '--events',
      b,
      'sequence [process where true] [process where true]',
    ]);
    expect(seq.code, seq.stderr).to.equal(0);
    expect(ns(seq.stdout)).to.deep.equal([['LATE', 'n0']]);
  });

  it('still stops at once when every later event sorts after the last one it used', async () => {
    const file = t.file('sorted.ndjson', inOrderLines(40_000).join('\n') + '\n');
    const r = await runCli(['query', '--size', '2', '--events', file, '--stats', 'process where true']);
    expect(r.code, r.stderr).to.equal(0);
    expect(ns(r.stdout)).to.deep.equal(['n0', 'n1']);
    expect(r.stderr).not.to.match(/out of timestamp order/);
    const reader = JSON.parse(r.stderr.trim().split('\n').at(-1)!).reader;
    expect(reader).to.include({ reads: 1, sort: 'stream', records: 40_000 });
    // past the first chunk read, the rest was checked by its timestamps, not parsed
    expect(reader.drained).to.be.above(30_000);
    expect(reader.parsed).to.be.below(10_000);
  });

  it('judges a cut-off record after the stop as a full read does', async () => {
    // its leading timestamp sorts after the results, but it is no JSON object: it must be counted, not passed over
    const cut = inOrderLines(1, 'cut', 3_600_000)[0]!.slice(0, 80);
    const lines = [...inOrderLines(40_000), cut, ...inOrderLines(10, 'z', 7_200_000)];
    const file = t.file('cut.ndjson', lines.join('\n') + '\n');
    const full = await runCli([
      'query',
      '--size',
      '100000',
      '--events',
      file,
      '--stats',
      'process where true',
    ]);
    const early = await runCli(['query', '--size', '1', '--events', file, '--stats', 'process where true']);
    for (const r of [full, early]) {
      expect(r.code, r.stderr).to.equal(0);
      expect(r.stderr).to.match(
        /1 record\(s\) that are not JSON objects were skipped \(at [^)]*cut\.ndjson:40001/,
      );
      expect(JSON.parse(r.stderr.trim().split('\n').at(-1)!).reader.invalid).to.equal(1);
    }
  });
});
