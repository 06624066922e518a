// The compose stack's `sample` service (profile `sample`): writes `rule-runner generate`'s macOS Elastic Defend
// sample (a day of events, rule.json's true positives among them, the newest 2½ minutes before now) and indexes it
// into the data streams its files are named for (logs-endpoint.events.process-default, …), so that rule-runner's
// first run finds alerts. It connects as rule-runner does: ELASTICSEARCH_URL, _API_KEY or _USERNAME/_PASSWORD,
// _CA_CERT, through rule-runner's own client (dist/src, beside this file's folder in the image and in the repository).
//   node docker/load-sample.mjs [DIR]   (DIR: where the files are written, default a temp directory)
// SAMPLE_NAMESPACE (default `default`) is the data streams' namespace: logs-endpoint.events.process-<namespace>.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const dist = new URL('../dist/src/', import.meta.url);
const { connect, connectionOptions, describeEsError } = await import(new URL('es/client.js', dist).href);

const BATCH = 5000;
const dir = process.argv[2] ?? mkdtempSync(join(tmpdir(), 'rule-runner-sample-'));
const namespace = process.env.SAMPLE_NAMESPACE || 'default';

function fail(message) {
  process.stderr.write(`load-sample: ${message}\n`);
  process.exit(2);
}

const options = connectionOptions({}, process.env);
if (!options) fail('set ELASTICSEARCH_URL (and the credentials) to load the sample into a cluster');
execFileSync(
  process.execPath,
  [fileURLToPath(new URL('cli/main.js', dist)), 'generate', '--out', dir, '--force'],
  {
    stdio: 'inherit',
  },
);
const { client, displayUrl } = await connect(options);
let total = 0;
try {
  for (const file of readdirSync(dir)
    .filter((f) => f.endsWith('.ndjson'))
    .sort()) {
    // logs-endpoint.events.process-default-2026.12.02.ndjson → the data stream logs-endpoint.events.process-default
    const stream = file.replace(/-default-\d{4}\.\d{2}\.\d{2}\.ndjson$/, `-${namespace}`);
    if (stream === file)
      fail(`${file} is not named as generate names its files (DATASTREAM-default-YYYY.MM.DD.ndjson)`);
    const lines = readFileSync(join(dir, file), 'utf8').split('\n').filter(Boolean);
    for (let i = 0; i < lines.length; i += BATCH) {
      const operations = lines
        .slice(i, i + BATCH)
        .flatMap((l) => [{ create: { _index: stream } }, JSON.parse(l)]);
      const res = await client.bulk({ operations });
      const failed = res.items.filter((it) => it.create?.error);
      if (failed.length > 0)
        fail(`${failed.length} events of ${file} were refused: ${JSON.stringify(failed[0].create.error)}`);
      total += operations.length / 2;
    }
  }
  await client.indices.refresh({ index: `logs-endpoint.events.*-${namespace}` });
} catch (e) {
  fail(describeEsError(e));
}
process.stdout.write(
  `load-sample: ${total} events indexed into ${displayUrl} (logs-endpoint.events.*-${namespace})\n`,
);
