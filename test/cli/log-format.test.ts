import { expect } from 'chai';
import { Readable } from 'node:stream';
import { printedItems, runCli } from '../support/cli.js';
import { tempDir } from '../support/tmp.js';

const line = (n: number, extra: Record<string, unknown> = {}) =>
  JSON.stringify({ '@timestamp': new Date(Date.UTC(2026, 0, 1) + n * 1000).toISOString(), n, ...extra });

/** The control characters (C0, DEL, C1) in `text`. */
const controls = (text: string) =>
  [...text].filter((c) => c.charCodeAt(0) < 0x20 || (c.charCodeAt(0) >= 0x7f && c.charCodeAt(0) <= 0x9f));

/** Out of order beyond the first reorder window (a note), with a record that is not JSON and one without a timestamp (two warnings). */
function noisyEvents(): string {
  const order = Array.from({ length: 600 }, (_, i) => i);
  order.splice(400, 0, ...order.splice(10, 1));
  const lines = order.map((n) => line(n));
  lines.splice(3, 0, '{"oops"}', JSON.stringify({ n: -1 }));
  return lines.join('\n') + '\n';
}

describe('rule-runner --log-format and --log-level', () => {
  const t = tempDir();
  after(() => t.remove());

  it('text (the default) keeps the warning: and note: lines; json writes the same entries as JSON lines', async () => {
    const events = t.file('noisy.ndjson', noisyEvents());
    const args = ['query', '--events', events, '--size', '1000', 'any where true'];
    const text = await runCli(args);
    expect(text.code, text.stderr).to.equal(0);
    const textLines = text.stderr.trimEnd().split('\n');
    expect(textLines.map((l) => l.replace(/:.*/, ''))).to.deep.equal(['warning', 'warning', 'note']);
    expect(textLines[0]).to.equal(
      `warning: 1 record(s) that are not JSON objects were skipped (at ${events}:4:8); --strict makes this an error`,
    );

    for (const json of [
      await runCli(['--log-format', 'json', ...args]),
      await runCli([...args.slice(0, 1), '--log-format=json', ...args.slice(1)]),
    ]) {
      expect(json.code, json.stderr).to.equal(0);
      expect(json.stdout, 'results do not depend on the log format').to.equal(text.stdout);
      const entries = json.stderr
        .trimEnd()
        .split('\n')
        .map((l) => JSON.parse(l) as { '@timestamp': string; level: string; message: string });
      expect(entries.map((e) => `${e.level === 'warn' ? 'warning' : 'note'}: ${e.message}`)).to.deep.equal(
        textLines,
      );
      expect(entries.map((e) => e.level)).to.deep.equal(['warn', 'warn', 'info']);
      for (const e of entries) expect(Object.keys(e)).to.deep.equal(['@timestamp', 'level', 'message']);
    }
  });

  it('names standard input as <stdin> in JSON entries too', async () => {
    const r = await runCli(
      ['--log-format', 'json', 'query', '--events', '-', 'any where true'],
      Readable.from([Buffer.from(`${line(1)}\n{"oops"}\n`)]),
    );
    expect(r.code, r.stderr).to.equal(0);
    const [entry] = r.stderr
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l) as { message: string });
    expect(entry!.message).to.match(/^1 record\(s\) .* \(at <stdin>:2:\d+\)/);
  });

  it('--log-level leaves out the less severe entries, never the results', async () => {
    const events = t.file('noisy-levels.ndjson', noisyEvents());
    const args = ['query', '--events', events, '--size', '1000', 'any where true'];
    const all = await runCli(args);
    const warn = await runCli(['--log-level', 'warn', ...args]);
    const error = await runCli([...args.slice(0, 1), '--log-level', 'error', ...args.slice(1)]);
    expect(
      warn.stderr
        .trimEnd()
        .split('\n')
        .map((l) => l.replace(/:.*/, '')),
    ).to.deep.equal(['warning', 'warning']);
    expect(error.stderr).to.equal('');
    expect([warn.stdout, error.stdout]).to.deep.equal([all.stdout, all.stdout]);
    expect(printedItems(all.stdout)).to.have.length(600);
  });

  it('escapes control characters that input brings into a warning (an index named by a hit)', async () => {
    const mapping = t.file(
      'two-indices.json',
      JSON.stringify({
        a: { mappings: { properties: { '@timestamp': { type: 'date' }, x: { type: 'keyword' } } } },
        b: { mappings: { properties: { '@timestamp': { type: 'date' }, y: { type: 'long' } } } },
      }),
    );
    const hit = { _index: 'evil\u001b[31mred\u0007', _id: '1', _source: { '@timestamp': 1, x: '1' } };
    const events = t.file('hits.ndjson', JSON.stringify(hit) + '\n');
    const r = await runCli(['query', '--mapping', mapping, '--events', events, 'any where true']);
    expect(r.code, r.stderr).to.equal(0);
    expect(r.stderr).to.include('warning: index evil\\x1b[31mred\\x07 is not in the mapping file');
    expect(controls(r.stderr.replace(/\n/g, ''))).to.deep.equal([]);
  });

  it('a format or level it does not know is a usage error naming the flag', async () => {
    for (const [flag, value] of [
      ['--log-format', 'xml'],
      ['--log-level', 'verbose'],
    ] as const) {
      const r = await runCli([flag, value, 'query', '--events', '-', 'any where true']);
      expect(r.code).to.equal(2);
      expect(r.stderr).to.include(`${flag} must be one of`);
      expect(r.stdout).to.equal('');
    }
  });
});
