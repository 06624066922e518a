import { expect } from 'chai';
import { Prng } from '../../src/generate/prng.js';
import { printedItems, runCli } from '../support/cli.js';
import { tempDir } from '../support/tmp.js';

const SEED = Number(process.env.RECORD_SEED ?? 7);

/** Queries with and without a text prefilter, matching many events, a few, or none. */
const QUERIES = [
  'any where true',
  'process where process.name == "bash"',
  'process where process.name : "zsh*"',
  'network where destination.port == 4444',
  'process where process.name in ("nothing-matches", "nada")',
  'sequence by host.id [process where process.name == "bash"] [network where true]',
  'sample by host.id [process where process.name == "bash"] [network where true]',
];

/** Records that are not one JSON object by their ends (see record-verdicts.ts), in forms files hold them. */
const NOT_OBJECTS = [
  'not json at all',
  '<html><body>502 Bad Gateway</body></html>',
  '[{"@timestamp": 1}]',
  '"a string"',
  '42',
  'null',
  '{',
  '{"@timestamp": 1, "process": {"name": "bash"',
  '{"@timestamp": 1, "process": {"name": "bash"}} trailing',
  '\u0000\u0001binary\u00ff',
  '2024-01-01 12:00:00 INFO process bash started',
];

function event(rng: Prng, n: number): string {
  const process = rng.chance(0.6);
  return JSON.stringify({
    '@timestamp': 1_700_000_000_000 + n * 1000,
    event: { category: process ? 'process' : 'network' },
    host: { id: `h${rng.int(3)}` },
    ...(process ? { process: { name: rng.pick(['bash', 'zsh', 'curl']) } } : {}),
    ...(process ? {} : { destination: { port: rng.pick([22, 4444]) } }),
  });
}

describe('rule-runner query: records that cannot be events, and their size', () => {
  const t = tempDir();
  after(() => t.remove());

  it('takes --max-record-size in bytes or Elasticsearch units, and refuses what is not a size', async () => {
    const f = t.file('one.ndjson', `{"@timestamp":1,"p":"${'x'.repeat(2000)}"}\n`);
    const over = await runCli(['query', '--events', f, '--max-record-size', '1kb', 'any where true']);
    expect(over.code).to.equal(2);
    expect(over.stderr).to.match(/EVENT_RECORD_TOO_LARGE\]: .*one\.ndjson:1: .*1kb/);
    for (const ok of ['2kb', '4096', '1mb', '0.5MB', '500mb']) {
      const r = await runCli(['query', '--events', f, '--max-record-size', ok, 'any where true']);
      expect(r.code, `${ok}: ${r.stderr}`).to.equal(0);
      expect(r.stdout, ok).to.include('"_id":"1"');
    }
    for (const bad of ['0', '-1', 'big', '1gb', '1tb', '10 mb', '1e3', '0.1b', '']) {
      const r = await runCli(['query', '--events', f, '--max-record-size', bad, 'any where true']);
      expect(r.code, bad).to.equal(2);
      expect(r.stderr, bad).to.match(/--max-record-size/);
      expect(r.stderr, bad).not.to.match(/internal error|\n\s+at /);
    }
    const cluster = await runCli([
      'query',
      ...['--es-url', 'http://127.0.0.1:1', '--index', 'x', '--max-record-size', '1mb'],
      'any where true',
    ]);
    expect(cluster.code).to.equal(2);
    expect(cluster.stderr).to.match(/FLAGS_CONFLICT.*--max-record-size is for offline runs/);
  });

  it(`gives every query the same verdict on records that cannot be events (seeded: RECORD_SEED=${SEED})`, async () => {
    const escaped = (p: string) => p.replace(/[.]/g, '\\.');
    for (let c = 0; c < 30; c++) {
      const seed = SEED * 1000 + c;
      const rng = new Prng(seed);
      // one NDJSON file, one JSON-array file, or two NDJSON files read interleaved by timestamp
      const layout = (['ndjson', 'array', 'two'] as const)[c % 3]!;
      const files: string[] = [];
      const planted: string[] = [];
      for (let k = 0; k < (layout === 'two' ? 2 : 1); k++) {
        const records: string[] = [];
        const bad: number[] = [];
        for (let i = 0; i < 40; i++) {
          // (a file whose first record opens with `[` is a JSON array file; an array element holds no comma)
          const pool = layout === 'array' ? NOT_OBJECTS.filter((r) => !/[,{}[\]]/.test(r)) : NOT_OBJECTS;
          if (i > 0 && rng.chance(0.2)) {
            records.push(rng.pick(pool));
            bad.push(i);
          } else records.push(event(rng, i * 2 + k));
        }
        const name = `mixed-${c}-${k}.${layout === 'array' ? 'json' : 'ndjson'}`;
        const text =
          layout === 'array'
            ? `[\n${records.join(',\n')}\n]\n`
            : records.join(rng.pick(['\n', '\r\n'])) + (rng.chance(0.5) ? '\n' : '');
        const f = t.file(name, text);
        files.push(f);
        // in file order: the order the warning lists them in
        planted.push(...bad.map((i) => `${f}:${layout === 'array' ? i + 2 : i + 1}`));
      }
      const events = files.flatMap((f) => ['--events', f]);
      const label = `seed ${seed} (${layout})`;
      const warnings = new Set<string>();
      const strictErrors = new Set<string>();
      for (const q of QUERIES) {
        const r = await runCli(['query', ...events, '--size', '10000', '--stats', q]);
        expect(r.code, `${label} ${q}: ${r.stderr}`).to.equal(0);
        const lines = r.stderr.trim().split('\n');
        const stats = JSON.parse(lines.at(-1)!) as {
          reader: { invalid: number; skippedByPrefilter: number };
        };
        expect(stats.reader.invalid, `${label} ${q}`).to.equal(planted.length);
        warnings.add(lines.filter((l) => l.startsWith('warning:')).join('\n'));
        const strict = await runCli(['query', ...events, '--size', '10000', '--strict', q]);
        expect(strict.code, `${label} ${q}`).to.equal(planted.length > 0 ? 2 : 0);
        if (planted.length === 0) expect(strict.stdout, `${label} ${q}`).to.equal(r.stdout);
        else {
          expect(strict.stdout, `${label} ${q}`).to.equal('');
          strictErrors.add(strict.stderr);
        }
      }
      expect([...warnings], label).to.have.length(1);
      const [warning] = [...warnings];
      if (planted.length === 0) {
        expect(warning, label).to.equal('');
        continue;
      }
      expect(warning, label).to.include(
        `warning: ${planted.length} record(s) that are not JSON objects were skipped (at `,
      );
      const listed = /\(at (.*?)(?: and \d+ more)?\); --strict/.exec(warning!)![1]!.split(', ');
      expect(listed, label).to.have.length(Math.min(5, planted.length));
      listed.forEach((w, i) => expect(w, label).to.match(new RegExp(`^${escaped(planted[i]!)}(:\\d+)?$`)));
      // --strict stops at the first it reads: with one file that is the first of the file, with two, the first of
      // one of them (the files are read interleaved by timestamp)
      const firsts = files
        .map((f) => planted.find((p) => p.startsWith(`${f}:`)))
        .filter((p) => p !== undefined);
      for (const e of strictErrors)
        expect(
          firsts.some((p) =>
            new RegExp(`^error \\[EVENT_(INVALID_JSON|NOT_OBJECT)\\]: ${escaped(p!)}[:\\s]`).test(e),
          ),
          `${label}: ${e}`,
        ).to.equal(true);
      if (files.length === 1) expect([...strictErrors], label).to.have.length(1);
    }
  });

  it('with --strict also finds, whatever the query, a damaged record inside an object envelope', async () => {
    const ok = (n: number, name: string) =>
      JSON.stringify({ '@timestamp': n, event: { category: 'process' }, process: { name } });
    const f = t.file(
      'inside.ndjson',
      [ok(1, 'bash'), '{"@timestamp": 2, "process": {"name": zsh}}', ok(3, 'bash')].join('\n'),
    );
    for (const q of QUERIES) {
      const r = await runCli(['query', '--events', f, '--strict', q]);
      expect(r.code, q).to.equal(2);
      const [head, snippet, caret, end] = r.stderr.split('\n');
      expect(head, q).to.match(
        new RegExp(`^error \\[EVENT_INVALID_JSON\\]: ${f}:2:39: invalid JSON event: `),
      );
      expect([snippet, caret, end], q).to.deep.equal([
        '{"@timestamp": 2, "process": {"name": zsh}}',
        `${' '.repeat(38)}^`,
        '',
      ]);
    }
    // without it, a query that parses the record skips it with the warning; one whose prefilter rejects it never
    // looks inside (README: what is checked where)
    const all = await runCli(['query', '--events', f, 'any where true']);
    expect(all.code).to.equal(0);
    expect(all.stderr).to.match(
      /warning: 1 record\(s\) that are not JSON objects were skipped \(at .*inside\.ndjson:2:39\)/,
    );
    expect(printedItems(all.stdout)).to.have.length(2);
  });

  it('warns of a file of junk without newlines, for every query, and still prints the results of the others', async () => {
    const rng = new Prng(SEED);
    const junk = Buffer.from(Array.from({ length: 3 << 20 }, () => rng.pick([0, 7, 27, 65, 123, 200, 255])));
    const f = t.file('junk.ndjson', junk);
    const good = t.file(
      'good.ndjson',
      JSON.stringify({ '@timestamp': 1, event: { category: 'process' }, process: { name: 'bash' } }) + '\n',
    );
    for (const q of QUERIES.slice(0, 3)) {
      const r = await runCli(['query', '--events', f, '--events', good, q]);
      expect(r.code, q).to.equal(0);
      expect(r.stderr, q).to.match(
        /^warning: 1 record\(s\) that are not JSON objects were skipped \(at .*junk\.ndjson:1(:\d+)?\); --strict makes this an error\n$/,
      );
    }
    const big = await runCli(['query', '--events', f, '--max-record-size', '1mb', 'any where true']);
    expect(big.code).to.equal(2);
    expect(big.stderr).to.match(/EVENT_RECORD_TOO_LARGE\]: .*junk\.ndjson:1: /);
  });

  it('lists the first five, in file order, and says how many more', async () => {
    const lines = Array.from({ length: 9 }, (_, i) =>
      i % 2 === 0 ? `junk ${i}` : JSON.stringify({ '@timestamp': i }),
    );
    const f = t.file('many.ndjson', lines.join('\n'));
    const r = await runCli(['query', '--events', f, 'any where true']);
    expect(r.code).to.equal(0);
    expect(r.stderr).to.equal(
      `warning: 5 record(s) that are not JSON objects were skipped (at ${[1, 3, 5, 7, 9].map((l) => `${f}:${l}:1`).join(', ')}); --strict makes this an error\n`,
    );
    const six = t.file('six.ndjson', [...lines, 'junk 10'].join('\n'));
    const r6 = await runCli(['query', '--events', six, 'any where true']);
    expect(r6.stderr).to.include(`${six}:9:1 and 1 more); --strict`);
  });

  it('refuses --strict against a cluster, where it would do nothing', async () => {
    const r = await runCli([
      'query',
      '--es-url',
      'http://127.0.0.1:1',
      '--index',
      'x',
      '--strict',
      'any where true',
    ]);
    expect(r.code).to.equal(2);
    expect(r.stderr).to.match(/FLAGS_CONFLICT.*--strict is for offline runs/);
  });
});
