#!/usr/bin/env node
// The whole test suite, as README.md's test command runs it:
//   1. the offline tests (everything not tagged @es), including the EQL conformance suite;
//   2. the tests tagged @es, once per Elasticsearch version in ES_TEST_VERSIONS (default "9.5.4 8.19.21"),
//      each against a throw-away node that scripts/es.sh starts and stops — or, when ES_URL is set, once
//      against that cluster and nothing is started.
// It ends with one line "tests: N passed, N failed, N skipped" and exits non-zero when anything failed.
import { spawn, spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const esScript = join(root, 'scripts', 'es.sh');
const mochaBin = join(root, 'node_modules', 'mocha', 'bin', 'mocha.js');
const versions = (process.env.ES_TEST_VERSIONS ?? '9.5.4 8.19.21').split(/[\s,]+/).filter(Boolean);
const extraArgs = process.argv.slice(2);
const totals = { passed: 0, failed: 0, skipped: 0 };

function runMocha(label, args, env) {
  return new Promise((resolve) => {
    console.log(`\n=== ${label} ===`);
    const child = spawn(process.execPath, [mochaBin, ...args, ...extraArgs], {
      cwd: root,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (chunk) => {
      out += chunk;
      process.stdout.write(chunk);
    });
    child.on('close', (code) => {
      const count = (re) => Number((out.match(re) ?? [])[1] ?? 0);
      const passed = count(/(\d+) passing/);
      const failed = count(/(\d+) failing/);
      const skipped = count(/(\d+) pending/);
      totals.passed += passed;
      totals.skipped += skipped;
      // A crash before mocha counted anything is still a failure.
      totals.failed += failed || (code !== 0 ? 1 : 0);
      resolve(code);
    });
  });
}

function es(version, command) {
  const r = spawnSync('bash', [esScript, command], {
    cwd: root,
    env: { ...process.env, ES_VERSION: version },
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  if (r.status !== 0) throw new Error(`scripts/es.sh ${command} failed for Elasticsearch ${version}`);
  return r.stdout.trim().split('\n').pop();
}

async function main() {
  await runMocha('offline tests', ['--grep', '@es', '--invert'], {});
  if (process.env.ES_URL) {
    await runMocha(`Elasticsearch tests against ${process.env.ES_URL}`, ['--grep', '@es'], {});
  } else {
    for (const version of versions) {
      let url;
      try {
        url = es(version, 'start');
        await runMocha(`Elasticsearch ${version} tests (${url})`, ['--grep', '@es'], {
          ES_URL: url,
          ES_VERSION: version,
        });
      } catch (e) {
        console.error(String(e));
        totals.failed++;
      } finally {
        try {
          es(version, 'stop');
        } catch (e) {
          console.error(String(e));
        }
      }
    }
  }
  console.log(`\ntests: ${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
  process.exitCode = totals.failed > 0 ? 1 : 0;
}

await main();
