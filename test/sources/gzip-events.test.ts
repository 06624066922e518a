import { expect } from 'chai';
import { gzipSync } from 'node:zlib';
import { parse } from '../../src/eql/index.js';
import { queryEventFiles } from '../../src/run/offline.js';
import { readAllEvents } from '../support/event-files.js';
import { expandEventPaths, indexNameOf } from '../../src/sources/files/event-files.js';
import { readJsonRecords } from '../../src/sources/files/json-records.js';
import { printedItems, runCli } from '../support/cli.js';
import { tempDir } from '../support/tmp.js';

const line = (n: number) =>
  JSON.stringify({ '@timestamp': 1_700_000_000_000 + n * 1000, n, event: { category: 'process' } });

async function records(path: string) {
  const out = [];
  for await (const r of readJsonRecords(path)) out.push(r);
  return out;
}

async function failure(fn: () => Promise<unknown>): Promise<Error & { code?: string }> {
  try {
    await fn();
  } catch (e) {
    return e as Error & { code?: string };
  }
  throw new Error('expected a failure');
}

describe('gzipped event files', () => {
  const t = tempDir();
  after(() => t.remove());
  const text = Array.from({ length: 20 }, (_, i) => line(i)).join('\n') + '\n';

  it('reads a gzipped NDJSON file as the plain one, named without .ndjson.gz', async () => {
    const plain = t.file('plain.ndjson', text);
    const gz = t.file('logs-endpoint.ndjson.gz', gzipSync(text));
    expect(await records(gz)).to.deep.equal(await records(plain));
    const { events, stats } = await readAllEvents([gz]);
    expect(events.map((e) => [e.index, e.id, e.source.n])).to.deep.equal(
      Array.from({ length: 20 }, (_, i) => ['logs-endpoint', String(i + 1), i]),
    );
    expect(stats).to.include({ records: 20, parsed: 20 });
  });

  it('tells gzip by its content, not its name, and reads JSON arrays and concatenated members', async () => {
    const array = t.file('export.json', gzipSync(`[${line(1)},\n${line(2)}]`));
    expect((await records(array)).map((r) => JSON.parse(r.text).n)).to.deep.equal([1, 2]);
    const half = text.length / 2 + 3;
    const members = t.file(
      'two.ndjson.gz',
      Buffer.concat([gzipSync(text.slice(0, half)), gzipSync(text.slice(half))]),
    );
    expect((await records(members)).map((r) => r.text)).to.deep.equal(text.trim().split('\n'));
  });

  it('keeps records, line numbers and multi-byte characters intact across many decompressed chunks', async () => {
    const lines: string[] = [];
    for (let i = 0; i < 3000; i++) {
      if (i % 101 === 0) lines.push('');
      lines.push(
        JSON.stringify({ '@timestamp': i, n: i, pad: (i % 7 === 0 ? 'é€𝄞' : 'x').repeat((i * 37) % 2000) }),
      );
    }
    const big = lines.join('\n');
    const plain = await records(t.file('big.ndjson', big));
    const gz = await records(t.file('big.ndjson.gz', gzipSync(big)));
    expect(gz.length).to.equal(3000);
    expect(gz).to.deep.equal(plain);
  });

  it('points at the line and column of invalid JSON inside a gzipped file', async () => {
    const gz = t.file('bad.ndjson.gz', gzipSync(`${line(1)}\n{"@timestamp": 2, oops}\n`));
    const err = await failure(() => readAllEvents([gz], { strict: true }));
    expect(err.code).to.equal('EVENT_INVALID_JSON');
    expect(err.message).to.match(/bad\.ndjson\.gz:2:19: invalid JSON event/);
  });

  it('rejects a truncated or damaged gzip file as a user error naming it', async () => {
    const whole = gzipSync(text);
    const truncated = t.file('cut.ndjson.gz', whole.subarray(0, whole.length - 12));
    const damaged = Buffer.from(whole);
    for (let i = 12; i < 40; i++) damaged[i] = damaged[i]! ^ 0x5a;
    const broken = t.file('broken.ndjson.gz', damaged);
    for (const f of [truncated, broken]) {
      const err = await failure(() => records(f));
      expect(err.code, f).to.equal('EVENT_INVALID_GZIP');
      expect(err.message)
        .to.include(f)
        .and.match(/not valid gzip data/);
    }
  });

  it('reads a gzipped file again when it is out of order beyond the reorder windows', async () => {
    const order = Array.from({ length: 30_000 }, (_, i) => i);
    order.splice(25_000, 0, ...order.splice(10, 1));
    const gz = t.file('late.ndjson.gz', gzipSync(order.map(line).join('\n')));
    const r = await queryEventFiles(parse('any where true'), {
      events: [gz],
      size: 100_000,
      timestampField: '@timestamp',
      eventCategoryField: 'event.category',
    });
    expect(r.results.map((x) => (x.kind === 'event' ? x.event.source.n : null))).to.deep.equal(
      Array.from({ length: 30_000 }, (_, i) => i),
    );
    expect(r.files.reads).to.be.greaterThan(1);
  });

  it('finds .gz event files in directories, and names their index without either extension', () => {
    const dir = tempDir();
    dir.file('b.ndjson.gz', gzipSync(''));
    dir.file('a.json', '');
    dir.file('c.jsonl.GZ', gzipSync(''));
    dir.file('notes.txt.gz', gzipSync(''));
    expect(expandEventPaths([dir.dir]).map((p) => p.slice(dir.dir.length + 1))).to.deep.equal([
      'a.json',
      'b.ndjson.gz',
      'c.jsonl.GZ',
    ]);
    dir.remove();
    expect(['x.ndjson.gz', 'x.json.gz', 'x.jsonl', 'x.gz'].map(indexNameOf)).to.deep.equal([
      'x',
      'x',
      'x',
      'x',
    ]);
  });

  it('runs `rule-runner query` over a gzipped export, and exits 2 on a damaged one', async () => {
    const gz = t.file('cli.ndjson.gz', gzipSync(text));
    const ok = await runCli(['query', '--events', gz, 'process where n >= 18']);
    expect(ok.code, ok.stderr).to.equal(0);
    expect(printedItems(ok.stdout).map((h) => [h._index, h._id])).to.deep.equal([
      ['cli', '19'],
      ['cli', '20'],
    ]);
    const bad = t.file('cli-bad.ndjson.gz', gzipSync(text).subarray(0, 30));
    const r = await runCli(['query', '--events', bad, 'process where true']);
    expect(r.code).to.equal(2);
    expect(r.stderr).to.match(/cli-bad\.ndjson\.gz: not valid gzip data/);
    expect(r.stderr).not.to.match(/\n\s+at /);
  });
});
