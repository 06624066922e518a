import { expect } from 'chai';
import { closeSync, ftruncateSync, openSync } from 'node:fs';
import { readJsonRecordBatches } from '../../src/sources/files/json-records.js';
import { DEFAULT_MAX_RECORD_SIZE } from '../../src/sources/files/record-size.js';
import { tempDir } from '../support/tmp.js';

const MB = 1 << 20;

/** Every record's text, or the error the read ended with. */
async function read(path: string, maxRecordSize?: number): Promise<string[]> {
  const out: string[] = [];
  for await (const batch of readJsonRecordBatches(path, null, undefined, { maxRecordSize }))
    for (const r of batch) out.push(r.text);
  return out;
}

async function failure(fn: () => Promise<unknown>): Promise<Error & { code?: string }> {
  try {
    await fn();
  } catch (e) {
    return e as Error & { code?: string };
  }
  throw new Error('expected an error');
}

/** CPU milliseconds this process has used: unlike wall time, not stretched when a busy machine deschedules it. */
function cpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

/** The fastest of a few reads of `path`, in CPU milliseconds (the machine is shared: the minimum is the signal). */
async function fastestRead(path: string, runs = 6): Promise<number> {
  let best = Infinity;
  for (let i = 0; i < runs; i++) {
    const t0 = cpuMs();
    for await (const batch of readJsonRecordBatches(path, () => false, { skipped: 0 })) void batch;
    best = Math.min(best, cpuMs() - t0);
  }
  return best;
}

describe('record size: long records are read in linear time, and bounded', function () {
  this.timeout(60_000);
  const t = tempDir();
  after(() => t.remove());

  it('reads one long NDJSON line in time linear in its length', async () => {
    // Joining each chunk onto the partial line copied it again every chunk: a line of 4x the size took 33x the
    // time (16 MB: 0.1 s, 64 MB: 3.4 s, 200 MB: 30 s).
    const line = (mb: number) => `{"@timestamp":1,"pad":"${'x'.repeat(mb * MB)}"}\n`;
    const small = t.file('long-16.ndjson', line(16));
    const big = t.file('long-64.ndjson', line(64));
    // the bytes copied while joining the line's pieces: exact, where time on a shared machine is not
    let copied = 0;
    const concat = Buffer.concat;
    Buffer.concat = (list: readonly Uint8Array[], total?: number) => {
      const b = concat(list, total);
      copied += b.length;
      return b;
    };
    let ts: number;
    let tb: number;
    try {
      ts = await fastestRead(small, 1);
      const smallCopied = copied;
      copied = 0;
      tb = await fastestRead(big, 1);
      expect(smallCopied).to.be.below(17 * MB);
      expect(copied).to.be.below(65 * MB);
    } finally {
      Buffer.concat = concat;
    }
    // alternated, so that a busy spell of the machine does not fall on one size only (CI saw 16.5 once with 3 each)
    for (let round = 0; round < 2; round++) {
      ts = Math.min(ts, await fastestRead(small, 3));
      tb = Math.min(tb, await fastestRead(big, 3));
    }
    // linear is 4x give or take the machine's noise; the quadratic join was 33x
    expect(tb / ts, `16 MB in ${ts.toFixed(0)} ms, 64 MB in ${tb.toFixed(0)} ms of CPU`).to.be.below(16);
    expect(tb, '64 MB line').to.be.below(5000);
    expect(await read(big)).to.have.length(1);
  });

  it('defaults to 100 MB, the largest request body Elasticsearch takes (http.max_content_length)', () => {
    expect(DEFAULT_MAX_RECORD_SIZE).to.equal(100 * MB);
  });

  it('stops a file with no newline at the bound, naming its file and line, without reading on', async () => {
    // 8 GB of zeros that take no disk: read whole, or joined chunk by chunk, this would not finish
    const path = t.file('zeros.ndjson', '{"@timestamp":1}\n{"@timestamp":2}\n');
    const fd = openSync(path, 'r+');
    ftruncateSync(fd, 8 * 1024 * MB);
    closeSync(fd);
    const t0 = performance.now();
    const err = await failure(() => read(path));
    expect(err.code).to.equal('EVENT_RECORD_TOO_LARGE');
    expect(err.message).to.include(`${path}:3:`).and.include('--max-record-size');
    expect(performance.now() - t0).to.be.below(10_000);
  });

  it('bounds every record kind by its UTF-8 bytes: NDJSON lines, JSON-array elements, whole documents', async () => {
    // [file, the file's text around the record, the record, its line]
    const cases: Array<[string, (record: string) => string, (pad: string) => string, number]> = [
      ['line.ndjson', (r) => `{"n":1}\n${r}\n{"n":3}\n`, (pad) => `{"p":"${pad}"}`, 2],
      ['last-line.ndjson', (r) => `{"n":1}\n\n${r}`, (pad) => `{"p":"${pad}"}`, 3],
      ['array.json', (r) => `[\n{"n":1},\n  ${r}\n]\n`, (pad) => `{"p":"${pad}"}`, 3],
      ['document.json', (r) => `${r}\n`, (pad) => `{\n  "p": "${pad}"\n}`, 1],
      ['hits.json', (r) => `{\n "hits": {"hits": [\n ${r}]}\n}\n`, (pad) => `{"_source": {"p":"${pad}"}}`, 3],
    ];
    for (const [name, file, record, line] of cases) {
      for (const [char, bytes] of [
        ['x', 1],
        ['é', 2],
        ['€', 3],
        ['𝄞', 4],
      ] as const) {
        const rec = record(char.repeat(Math.ceil(3000 / bytes)));
        const size = Buffer.byteLength(rec);
        const f = t.file(`${bytes}-${name}`, file(rec));
        const label = `${name} of ${char}`;
        // a record of exactly the bound is read; one byte more is an error
        expect(await read(f, size), label).to.include(rec);
        const err = await failure(() => read(f, size - 1));
        expect(err.code, label).to.equal('EVENT_RECORD_TOO_LARGE');
        expect(err.message, label).to.include(`${f}:${line}:`);
      }
    }
  });
});
