import { expect } from 'chai';
import { printedItems, runCli } from '../support/cli.js';
import { tempDir } from '../support/tmp.js';

/** Elasticsearch reads `size`, `max_samples_per_key` and a search's `size` as a Java int (EqlSearchRequest). */
const INT_MAX = 2 ** 31 - 1;

describe('rule-runner query: numeric flags and flags that would do nothing', () => {
  const t = tempDir();
  let events: string;
  let mapping: string;
  before(() => {
    events = t.file(
      'e.ndjson',
      [1, 2, 3]
        .map((n) =>
          JSON.stringify({
            '@timestamp': 1_700_000_000_000 + n,
            event: { category: 'process' },
            process: { pid: n, name: 'x' },
            host: { id: 'h' },
          }),
        )
        .join('\n') + '\n',
    );
    mapping = t.file(
      'm.json',
      JSON.stringify({
        properties: {
          '@timestamp': { type: 'date' },
          event: { properties: { category: { type: 'keyword' } } },
          process: { properties: { pid: { type: 'long' }, name: { type: 'keyword' } } },
          host: { properties: { id: { type: 'keyword' } } },
        },
      }),
    );
  });
  after(() => t.remove());

  const query = (...args: string[]) => runCli(['query', '--events', events, ...args]);

  it('takes --size 0 and returns nothing, as Elasticsearch does', async () => {
    for (const q of [
      'any where true',
      'sequence [any where true] [any where true]',
      'sample by host.id [any where true] [any where true]',
    ]) {
      const r = await query('--size', '0', q);
      expect(r.code, `${q}: ${r.stderr}`).to.equal(0);
      expect(printedItems(r.stdout), q).to.deep.equal([]);
    }
  });

  it('bounds every numeric flag as Elasticsearch bounds it, naming the flag, both sides of each edge', async () => {
    const cases: Array<[string, string, boolean]> = [
      ['--size', '-1', false],
      ['--size', '0', true],
      ['--size', String(INT_MAX), true],
      ['--size', String(INT_MAX + 1), false],
      ['--size', '99999999999999999999', false],
      ['--max-samples-per-key', '0', false],
      ['--max-samples-per-key', '1', true],
      ['--max-samples-per-key', String(INT_MAX), true],
      ['--max-samples-per-key', String(INT_MAX + 1), false],
      ['--size', '1.5', false],
      ['--size', '1e3', false],
      ['--size', ' 3', false],
    ];
    for (const [flag, value, ok] of cases) {
      const r = await query(flag, value, 'sample by host.id [any where true] [any where true]');
      expect(r.code, `${flag} ${value}: ${r.stderr}`).to.equal(ok ? 0 : 2);
      if (!ok) {
        expect(r.stderr, `${flag} ${value}`).to.include(`${flag} needs a whole number`);
        expect(r.stderr).to.include(`got "${value}"`);
      }
    }
  });

  it('bounds --page-size (1 to the largest int) before anything reaches a cluster', async () => {
    for (const value of ['0', String(INT_MAX + 1), '99999999999']) {
      const r = await runCli([
        ...['query', '--es-url', 'http://127.0.0.1:9', '--index', 'x'],
        ...['--page-size', value, 'any where true'],
      ]);
      expect(r.code, value).to.equal(2);
      expect(r.stderr).to.include(`--page-size needs a whole number from 1 to 2147483647, got "${value}"`);
    }
  });

  it('refuses --timestamp-override without --from or --to: it would do nothing', async () => {
    const r = await query('--timestamp-override', 'event.ingested', 'any where true');
    expect(r.code).to.equal(2);
    expect(r.stderr).to.match(/FLAGS_CONFLICT.*--timestamp-override applies --from\/--to/);
    const cluster = await runCli([
      ...['query', '--es-url', 'http://127.0.0.1:9', '--index', 'x'],
      ...['--timestamp-override', 'event.ingested', 'any where true'],
    ]);
    expect(cluster.code).to.equal(2);
    expect(cluster.stderr).to.match(/FLAGS_CONFLICT.*--timestamp-override/);
    const ok = await query(
      '--timestamp-override',
      'event.ingested',
      '--from',
      '2000-01-01',
      'any where true',
    );
    expect(ok.code, ok.stderr).to.equal(0);
  });

  it('refuses a tiebreaker that is an object, as Elasticsearch refuses it, with a mapping or without', async () => {
    const withMapping = await query('--mapping', mapping, '--tiebreaker-field', 'process', 'any where true');
    expect(withMapping.code).to.equal(2);
    expect(withMapping.stdout).to.equal('');
    expect(withMapping.stderr).to.match(
      /error \[TIEBREAKER_INVALID\]: --tiebreaker-field process: an object in the mapping.*only its subfields.*process\.pid/,
    );
    const unknown = await query('--mapping', mapping, '--tiebreaker-field', 'nope', 'any where true');
    expect(unknown.code).to.equal(2);
    expect(unknown.stderr).to.match(/TIEBREAKER_INVALID.*--tiebreaker-field nope: not in the mapping/);
    const inEvents = await query('--tiebreaker-field', 'process', 'any where true');
    expect(inEvents.code).to.equal(2);
    expect(inEvents.stdout).to.equal('');
    expect(inEvents.stderr).to.match(
      /TIEBREAKER_INVALID.*e\.ndjson:1: the tiebreaker field process holds an object/,
    );
    // the control: a leaf field is a tiebreaker, with the mapping and without
    for (const extra of [['--mapping', mapping], []]) {
      const leaf = await query(...extra, '--tiebreaker-field', 'process.pid', 'any where true');
      expect(leaf.code, leaf.stderr).to.equal(0);
      expect(printedItems(leaf.stdout)).to.have.length(3);
    }
  });
});
