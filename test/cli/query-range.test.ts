import { expect } from 'chai';
import { printedItems, runCli } from '../support/cli.js';
import { tempDir } from '../support/tmp.js';

describe('rule-runner query over files with --from/--to', () => {
  const t = tempDir();
  after(() => t.remove());
  const base = Date.UTC(2026, 0, 1);
  const iso = (s: number) => new Date(base + s * 1000).toISOString();
  let file: string;
  before(() => {
    const events = [
      { '@timestamp': iso(0), event: { category: 'process' }, host: { id: 'h' }, process: { name: 'bash' } },
      { '@timestamp': iso(10), event: { category: 'network' }, host: { id: 'h' }, process: { name: 'curl' } },
      { '@timestamp': iso(20), event: { category: 'process' }, host: { id: 'h' }, process: { name: 'bash' } },
      { '@timestamp': iso(30), event: { category: 'network' }, host: { id: 'h' }, process: { name: 'curl' } },
      {
        '@timestamp': iso(40),
        event: { category: 'network', ingested: iso(5) },
        host: { id: 'h' },
        process: { name: 'wget' },
      },
    ];
    file = t.file('range.ndjson', events.map((e) => JSON.stringify(e)).join('\n'));
  });
  const seq = 'sequence by host.id [process where true] [network where true]';

  it('reads only the events in the range, inclusive, and says how many it left out', async () => {
    const r = await runCli([
      'query',
      '--events',
      file,
      '--from',
      iso(10),
      '--to',
      iso(30),
      '--stats',
      'any where true',
    ]);
    expect(r.code, r.stderr).to.equal(0);
    expect(printedItems(r.stdout).map((h) => h._id)).to.deep.equal(['2', '3', '4']);
    expect(JSON.parse(r.stderr.trim().split('\n').at(-1)!).reader).to.include({ outOfRange: 2 });
  });

  it('correlates only within the range, as the cluster would for that window', async () => {
    const all = await runCli(['query', '--events', file, seq]);
    expect(printedItems(all.stdout).map((s) => s.events.map((e: { _id: string }) => e._id))).to.deep.equal([
      ['1', '2'],
      ['3', '4'],
    ]);
    const late = await runCli(['query', '--events', file, '--from', iso(5), seq]);
    expect(printedItems(late.stdout).map((s) => s.events.map((e: { _id: string }) => e._id))).to.deep.equal([
      ['3', '4'],
    ]);
  });

  it('takes date math against now, and a timestamp override', async () => {
    const none = await runCli(['query', '--events', file, '--from', 'now-1h', 'any where true']);
    expect(none.code, none.stderr).to.equal(0);
    expect(printedItems(none.stdout)).to.deep.equal([]);
    const over = await runCli([
      'query',
      '--events',
      file,
      '--to',
      iso(6),
      '--timestamp-override',
      'event.ingested',
      'any where true',
    ]);
    expect(printedItems(over.stdout).map((h) => h._id)).to.deep.equal(['1', '5']);
  });

  it('refuses a range that ends before it starts, and a bad date, naming the flag', async () => {
    const r = await runCli(['query', '--events', file, '--from', iso(30), '--to', iso(10), 'any where true']);
    expect(r.code).to.equal(2);
    expect(r.stderr).to.match(/DATE_RANGE.*--from .* is after --to/);
    const bad = await runCli(['query', '--events', file, '--from', 'yesterday', 'any where true']);
    expect(bad.code).to.equal(2);
    expect(bad.stderr).to.match(/--from/);
  });

  it('refuses flags that only apply to a cluster instead of ignoring them', async () => {
    const r = await runCli([
      'query',
      '--events',
      file,
      '--engine',
      'eql',
      '--page-size',
      '10',
      '--password',
      'hunter2',
      'any where true',
    ]);
    expect(r.code).to.equal(2);
    expect(r.stderr).to.match(/FLAGS_CONFLICT.*--engine, --page-size, --password apply to a cluster only/);
    expect(r.stderr).not.to.include('hunter2');
    const one = await runCli(['query', '--events', file, '--index', 'logs-*', 'any where true']);
    expect(one.stderr).to.match(/--index applies to a cluster only/);
  });
});
