#!/usr/bin/env node
// The whole test suite, as README.md's test command runs it:
//   1. the offline tests (everything not tagged @es), including the EQL conformance suite;
//   2. the tests tagged @es, once per Elasticsearch version in ES_TEST_VERSIONS (default "9.5.4 8.19.21"),
//      each against a throw-away node that scripts/es.sh starts and stops — or, when ES_URL is set, once
//      against that cluster and nothing is started;
//   3. the tests tagged @secured, once, against a node with security on (ES_SECURITY=1: TLS with its own CA, a
//      superuser, API keys) of ES_SECURED_VERSION (default 9.5.4). With ES_URL set they run against it only when
//      it is https:// and ES_CA_CERT, ES_ADMIN_USER and ES_ADMIN_PASSWORD (a superuser) are set too; otherwise
//      the run says they were not run. The tags are exclusive: an @secured title never holds "@es".
// It ends with one line "tests: N passed, N failed, N skipped" and exits non-zero when anything failed.
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
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

function es(version, command, env = {}) {
  const r = spawnSync('bash', [esScript, command], {
    cwd: root,
    env: { ...process.env, ES_VERSION: version, ...env },
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  if (r.status !== 0) throw new Error(`scripts/es.sh ${command} failed for Elasticsearch ${version}`);
  return r.stdout.trim().split('\n').pop();
}

/** The @secured tests against a node with security on, its own state dir beside the plain nodes'. */
async function securedRun() {
  const version = process.env.ES_SECURED_VERSION ?? '9.5.4';
  const stateDir = join(tmpdir(), `rule-runner-es-${version}-secured`);
  const env = { ES_SECURITY: '1', ES_STATE_DIR: stateDir };
  try {
    const url = es(version, 'start', env);
    const read = (name) => readFileSync(join(stateDir, name), 'utf8').trim();
    await runMocha(`Elasticsearch ${version} with security (${url})`, ['--grep', '@secured'], {
      ES_URL: url,
      ES_VERSION: version,
      ES_CA_CERT: join(stateDir, 'ca.crt'),
      ES_ADMIN_USER: read('admin-user'),
      ES_ADMIN_PASSWORD: read('admin-password'),
    });
  } catch (e) {
    console.error(String(e));
    totals.failed++;
  } finally {
    try {
      es(version, 'stop', env);
    } catch (e) {
      console.error(String(e));
    }
  }
}

async function main() {
  await runMocha('offline tests', ['--grep', '@es|@secured', '--invert'], {});
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
  const { ES_URL, ES_CA_CERT, ES_ADMIN_USER, ES_ADMIN_PASSWORD } = process.env;
  if (!ES_URL) await securedRun();
  else if (ES_URL.startsWith('https://') && ES_CA_CERT && ES_ADMIN_USER && ES_ADMIN_PASSWORD)
    await runMocha(`secured tests against ${ES_URL}`, ['--grep', '@secured'], {});
  else
    console.log(
      '\n@secured tests not run: ES_URL is set, and they need an https:// cluster with ES_CA_CERT, ES_ADMIN_USER and ES_ADMIN_PASSWORD (a superuser)',
    );
  console.log(`\ntests: ${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
  process.exitCode = totals.failed > 0 ? 1 : 0;
}

await main();
