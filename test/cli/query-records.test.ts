import { expect } from 'chai';
import { runCli } from '../support/cli.js';
import { tempDir } from '../support/tmp.js';

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
});
