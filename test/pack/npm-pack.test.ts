/**
 * The package as a user gets it: `npm pack`, then `npm install <tarball>` in an empty directory, then
 * `npx rule-runner`. Dependencies come from npm's cache where they are (--prefer-offline), else from the registry.
 *
 * better-sqlite3's install script first fetches a prebuilt binary from GitHub and, failing that, compiles SQLite
 * with node-gyp. GitHub is out of reach here, and the compile takes about 100 s of this machine's two cores, which is
 * most of a 2-minute install. So the test serves prebuild-install the binary that the repository's own install
 * compiled (same Node.js ABI, same machine) from a mirror on 127.0.0.1 (`npm_config_better_sqlite3_binary_host`, a
 * setting prebuild-install reads): the install script still runs as it does for a user, and the installed module
 * must load. Without that binary the test compiles, as a user's install would, and says so.
 */
import { expect } from 'chai';
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { homedir, tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx';

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** A child process, asynchronously: the mirror answers from this process meanwhile. */
function run(cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = {}): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, {
      cwd,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d));
    child.stderr.on('data', (d: Buffer) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** The file prebuild-install keeps a download from `url` in (its util.js `cachedPrebuild`). */
function prebuildCacheFile(url: string): string {
  const cache = process.env.npm_config_cache || join(homedir(), '.npm');
  const digest = createHash('sha512').update(url).digest('hex').slice(0, 6);
  return join(cache, '_prebuilds', `${digest}-${basename(url).replace(/[^a-zA-Z0-9.]+/g, '-')}`);
}

describe('npm pack: the tarball installs in an empty directory and runs with npx @pack', function () {
  this.timeout(240_000);
  const version = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string })
    .version;
  let tmp = '';
  let app = '';
  let files: string[] = [];
  let mirror: Server | null = null;
  const asked: string[] = [];
  let cachedDownload = '';

  before(async function () {
    tmp = mkdtempSync(join(tmpdir(), 'rule-runner-pack-'));
    const out = join(tmp, 'out');
    app = join(tmp, 'app');
    mkdirSync(out);
    mkdirSync(app);
    // --ignore-scripts: prepack would delete dist/ (these tests run from it) and rebuild it; `npm test` has just built it
    const pack = await run(npm, ['pack', '--ignore-scripts', '--json', '--pack-destination', out], root);
    expect(pack.code, pack.stderr).to.equal(0);
    const [packed] = JSON.parse(pack.stdout) as { filename: string; files: { path: string }[] }[];
    files = packed!.files.map((f) => f.path);
    const tarball = join(out, packed!.filename);

    const env: NodeJS.ProcessEnv = {};
    const sqliteDir = dirname(
      createRequire(join(root, 'package.json')).resolve('better-sqlite3/package.json'),
    );
    const binary = join(sqliteDir, 'build', 'Release', 'better_sqlite3.node');
    if (existsSync(binary)) {
      const prebuild = join(tmp, 'prebuild.tar.gz');
      const tar = await run(
        'tar',
        ['-czf', prebuild, '-C', sqliteDir, 'build/Release/better_sqlite3.node'],
        tmp,
      );
      expect(tar.code, tar.stderr).to.equal(0);
      mirror = createServer((req, res) => {
        asked.push(req.url ?? '');
        if (!req.url?.endsWith('.tar.gz')) return void res.writeHead(404).end();
        res.writeHead(200, { 'content-type': 'application/gzip' }).end(readFileSync(prebuild));
      });
      await new Promise<void>((resolve) => mirror!.listen(0, '127.0.0.1', resolve));
      const host = `http://127.0.0.1:${(mirror.address() as AddressInfo).port}`;
      env.npm_config_better_sqlite3_binary_host = host;
      const sqliteVersion = (
        JSON.parse(readFileSync(join(sqliteDir, 'package.json'), 'utf8')) as { version: string }
      ).version;
      const name = `better-sqlite3-v${sqliteVersion}-node-v${process.versions.modules}-${process.platform}-${process.arch}.tar.gz`;
      cachedDownload = prebuildCacheFile(`${host}/v${sqliteVersion}/${name}`);
      rmSync(cachedDownload, { force: true });
    } else {
      console.log(
        `    (no compiled better-sqlite3 at ${binary}: the install compiles it, which takes minutes)`,
      );
      this.timeout(600_000);
    }
    const install = await run(
      npm,
      ['install', '--prefer-offline', '--no-audit', '--no-fund', tarball],
      app,
      env,
    );
    expect(install.code, install.stdout + install.stderr).to.equal(0);
  });

  after(async () => {
    if (mirror) await new Promise((resolve) => mirror!.close(resolve));
    if (cachedDownload) rmSync(cachedDownload, { force: true });
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  });

  it('holds the compiled sources, package.json and README only: no tests, test maps, sources or data', () => {
    expect(files).to.include.members(['package.json', 'README.md', 'dist/src/cli/main.js']);
    for (const f of files)
      expect(f).to.match(/^(package\.json|README\.md|LICENSE|dist\/src\/.+\.js(\.map)?)$/);
    expect(files.filter((f) => /(^|\/)(test|tests|bench|tools|data)\//.test(f))).to.deep.equal([]);
    expect(files.filter((f) => /\.test\.js/.test(f))).to.deep.equal([]);
  });

  it('`npx rule-runner --version` prints the version', async () => {
    const r = await run(npx, ['rule-runner', '--version'], app);
    expect(r.code, r.stderr).to.equal(0);
    expect(r.stdout).to.equal(`${version}\n`);
  });

  it('`npx rule-runner query` runs over an NDJSON file', async () => {
    const events = [
      {
        '@timestamp': '2026-12-01T10:00:00Z',
        event: { category: 'process' },
        process: { name: 'curl', pid: 1 },
      },
      {
        '@timestamp': '2026-12-01T10:00:01Z',
        event: { category: 'process' },
        process: { name: 'bash', pid: 2 },
      },
      {
        '@timestamp': '2026-12-01T10:00:02Z',
        event: { category: 'network' },
        process: { name: 'curl', pid: 3 },
      },
    ];
    writeFileSync(join(app, 'events.ndjson'), events.map((e) => JSON.stringify(e) + '\n').join(''));
    const r = await run(
      npx,
      ['rule-runner', 'query', '--events', 'events.ndjson', 'process where process.name == "curl"'],
      app,
    );
    expect(r.code, r.stderr).to.equal(0);
    const hits = r.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { _source: { process: { pid: number } } });
    expect(hits.map((h) => h._source.process.pid)).to.deep.equal([1]);
  });

  it('runs a rule in local mode (no cluster): its alert lands in the SQLite store, once', async () => {
    const rule = {
      rule_id: 'pack-test-curl',
      name: 'curl runs',
      description: 'curl started',
      type: 'eql',
      language: 'eql',
      index: ['logs-*'],
      query: 'process where process.name == "curl"',
      risk_score: 21,
      severity: 'low',
    };
    writeFileSync(join(app, 'rule.json'), JSON.stringify(rule));
    mkdirSync(join(app, 'data', 'events'), { recursive: true });
    const event = {
      '@timestamp': new Date(Date.now() - 60_000).toISOString(),
      event: { category: 'process' },
      process: { name: 'curl' },
    };
    writeFileSync(join(app, 'data', 'events', 'events.ndjson'), JSON.stringify(event) + '\n');
    const env = { ELASTICSEARCH_URL: '', RULE_RUNNER_DATA_DIR: '' };
    for (let i = 0; i < 2; i++) {
      const r = await run(npx, ['rule-runner', 'run-once', '--rule', 'rule.json'], app, env);
      expect(r.code, r.stderr).to.equal(0);
      expect(r.stderr).to.include(i === 0 ? '1 alerts written' : '1 duplicates skipped');
    }
    const alerts = await run(npx, ['rule-runner', 'alerts', '--format', 'ndjson'], app, env);
    expect(alerts.code, alerts.stderr).to.equal(0);
    const docs = alerts.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { _source: Record<string, unknown> });
    expect(docs.map((d) => d._source['kibana.alert.rule.rule_id'])).to.deep.equal(['pack-test-curl']);
  });

  it('installs better-sqlite3 through its install script, and it loads', async () => {
    if (mirror)
      expect(
        asked.filter((u) => u.endsWith('.tar.gz')),
        'prebuild-install asked the mirror',
      ).to.have.length(1);
    const r = await run(
      process.execPath,
      [
        '-e',
        "const D = require('better-sqlite3'); console.log(new D(':memory:').prepare('select 40 + 2 as x').get().x)",
      ],
      join(app, 'node_modules', 'rule-runner'),
    );
    expect(r.code, r.stderr).to.equal(0);
    expect(r.stdout).to.equal('42\n');
  });
});
