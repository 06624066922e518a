import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Connection } from '../../src/es/client.js';
import { runCliProcess } from '../support/cli-process.js';
import { testConnection } from '../support/es.js';
import { tempDir } from '../support/tmp.js';

const script = fileURLToPath(new URL('../../../docker/load-sample.mjs', import.meta.url));
const seedRule = fileURLToPath(new URL('../../../rule.json', import.meta.url));

/** The compose stack's `sample` service: the generated sample indexed, and rule.json finding it on the cluster. */
describe('docker/load-sample.mjs: the sample into a cluster @es', function () {
  this.timeout(120_000);
  const t = tempDir();
  const namespace = `rrsample${process.pid}${Date.now().toString(36)}`;
  const pattern = `logs-endpoint.events.*-${namespace}`;
  let conn: Connection;

  before(async () => {
    conn = await testConnection();
  });
  after(async () => {
    await conn?.client.indices.delete({ index: pattern, expand_wildcards: 'all', allow_no_indices: true });
    await conn?.client.indices.deleteDataStream({ name: pattern, expand_wildcards: 'all' }).catch(() => {});
    await conn?.client.close();
    t.remove();
  });

  it('indexes every generated event into the data streams of its files, and rule.json alerts on the newest', async () => {
    const dir = `${t.dir}/events`;
    const r = spawnSync(process.execPath, [script, dir], {
      env: { ...process.env, ELASTICSEARCH_URL: process.env.ES_URL, SAMPLE_NAMESPACE: namespace },
      encoding: 'utf8',
    });
    expect(r.status, r.stderr).to.equal(0);
    const files = readdirSync(dir).filter((f) => f.endsWith('.ndjson'));
    const lines = files.reduce(
      (n, f) => n + readFileSync(`${dir}/${f}`, 'utf8').split('\n').filter(Boolean).length,
      0,
    );
    expect(r.stdout).to.include(`load-sample: ${lines} events indexed into`);
    const counts = await conn.client.count({ index: pattern });
    expect(counts.count).to.equal(lines);
    for (const category of ['process', 'network']) {
      const one = await conn.client.count({ index: `logs-endpoint.events.${category}-${namespace}` });
      expect(one.count, category).to.be.above(0);
    }

    // rule.json over those streams: the two true positives in a run's look-back, three alerts each
    const rule = JSON.parse(readFileSync(seedRule, 'utf8')) as { index: string[] };
    rule.index = [pattern];
    const rulePath = t.file('rule.json', JSON.stringify(rule));
    const run = await runCliProcess(['run-once', '--rule', rulePath, '--dry-run'], {
      env: { ELASTICSEARCH_URL: process.env.ES_URL },
    });
    expect(run.code, run.stderr).to.equal(0);
    expect(run.stderr).to.match(/\b2 matches\b/);
    expect(run.stdout.trim().split('\n')).to.have.length(6);
  });

  it('says what to set when no cluster is named, and exits 2', () => {
    const env = { ...process.env };
    delete env.ELASTICSEARCH_URL;
    const r = spawnSync(process.execPath, [script, `${t.dir}/none`], { env, encoding: 'utf8' });
    expect(r.status).to.equal(2);
    expect(r.stderr).to.equal(
      'load-sample: set ELASTICSEARCH_URL (and the credentials) to load the sample into a cluster\n',
    );
  });
});
