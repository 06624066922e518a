/**
 * The first run as a new user has it (issue 16): `rule-runner start` (what `npm start` runs after building) as
 * a real process in an empty directory holding only the repository's rule.json, no cluster configured. It must
 * generate the sample into ./data/events, tell on stdout exactly the sample's true positives (the ones its report
 * lists, which the engine alone finds too: `query` over the files), run the rule on its schedule, and on Ctrl-C
 * (SIGINT) exit 0 with its state saved. Started again, it finds the sample, generates and backfills nothing, tells
 * no alert, stops on Ctrl-C; a run now over the same data writes nothing, and the store holds each alert once.
 */
import { spawn } from 'node:child_process';
import { copyFileSync, existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'chai';
import { runCli } from '../support/cli.js';
import { CLI } from '../support/cli-process.js';
import { REPO_ROOT } from '../support/paths.js';
import { tempDir } from '../support/tmp.js';

interface Started {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Starts `start` in `cwd`, waits for the log line `until` (a JSON log's message), then sends SIGINT. */
function startUntil(cwd: string, until: string): Promise<Started> {
  const clean = Object.fromEntries(
    Object.entries(process.env).filter(([k]) => !k.startsWith('ELASTICSEARCH_')),
  );
  const child = spawn(process.execPath, [CLI, 'start'], {
    cwd,
    env: clean,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  let signalled = false;
  child.stdout.on('data', (b: Buffer) => (stdout += b.toString('utf8')));
  child.stderr.on('data', (b: Buffer) => {
    stderr += b.toString('utf8');
    if (!signalled && stderr.includes(`"message":"${until}"`)) {
      signalled = true;
      child.kill('SIGINT');
    }
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(
        new Error(`start did not reach its first run and stop in time\nstdout: ${stdout}\nstderr: ${stderr}`),
      );
    }, 90_000);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
  });
}

/** The true positives the sample's report lists: start time and host, as the alert summary shows them. */
function planted(stdout: string): string[] {
  const section = stdout.split(/true positives? of rule\.json/)[1]?.split('near misses')[0] ?? '';
  return [...section.matchAll(/^\s+(\S+Z)\s+(\S+)\s/gm)].map((m) => `${m[1]} ${m[2]}`).sort();
}

/** The alert groups the summary lines tell: first event time and host. */
function told(stdout: string): string[] {
  return [...stdout.matchAll(/^\s+(\S+Z)(?: \.\. \S+)?\s+host (\S+)\s.*alert [0-9a-f]{8}$/gm)]
    .map((m) => `${m[1]} ${m[2]}`)
    .sort();
}

describe('the first run: rule-runner start on a fresh directory, no cluster', function () {
  this.timeout(240_000);
  const t = tempDir();
  after(() => t.remove());

  it('is what npm start runs', () => {
    const pkg = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as {
      scripts: { start: string };
    };
    expect(pkg.scripts.start).to.equal('npm run build && node dist/src/cli/main.js start');
  });

  it('generates the sample, tells exactly its true positives, stops on Ctrl-C; a second start writes nothing twice', async () => {
    const cwd = t.dir;
    copyFileSync(join(REPO_ROOT, 'rule.json'), join(cwd, 'rule.json'));

    const first = await startUntil(cwd, 'rule executed');
    expect(first.code, first.stderr).to.equal(0);
    expect(first.stderr).to.contain('rule runner stopped: state saved');
    expect(first.stdout).to.contain('generated a sample');
    expect(readdirSync(join(cwd, 'data', 'events')).length).to.be.above(0);
    const tps = planted(first.stdout);
    expect(tps.length, first.stdout).to.equal(3);
    expect(told(first.stdout), first.stdout).to.deep.equal(tps);

    // the engine alone over the same files finds the same sequences: the planted ones are all there is to find
    const rule = JSON.parse(readFileSync(join(cwd, 'rule.json'), 'utf8')) as { query: string };
    const q = await runCli(['query', '--events', join(cwd, 'data', 'events'), '--size', '1000', rule.query]);
    expect(q.code, q.stderr).to.equal(0);
    const sequences = q.stdout.split('\n').filter((l) => l.trim() !== '');
    expect(sequences, q.stdout.slice(0, 500)).to.have.length(tps.length);

    const stored = async () => {
      const r = await runCli(['alerts', '--data-dir', join(cwd, 'data'), '--format', 'ndjson']);
      expect(r.code, r.stderr).to.equal(0);
      return r.stdout
        .split('\n')
        .filter((l) => l !== '')
        .map((l) => (JSON.parse(l) as { _id: string })._id);
    };
    const before = await stored();
    expect(before.length, 'a shell and two building blocks per true positive').to.equal(tps.length * 3);

    // started again: the saved state puts the next run an interval after the first; stopped before it
    const second = await startUntil(cwd, 'rule runner started');
    expect(second.code, second.stderr).to.equal(0);
    expect(second.stderr).to.contain('rule runner stopped: state saved');
    expect(second.stdout).not.to.contain('generated a sample');
    expect(second.stderr).not.to.contain('backfilling');
    expect(told(second.stdout)).to.deep.equal([]);
    // and a run now over the same data finds only what is written
    const again = await runCli([
      'run-once',
      '--rule',
      join(cwd, 'rule.json'),
      '--data-dir',
      join(cwd, 'data'),
    ]);
    expect(again.code, again.stderr).to.equal(0);
    expect(again.stderr).to.contain(' 0 alerts written');
    const after = await stored();
    expect(after.sort()).to.deep.equal([...before].sort());
    expect(new Set(after).size).to.equal(after.length);
  });
});

describe('rule-runner start refuses bad input before writing anything', () => {
  const t = tempDir();
  after(() => t.remove());

  it('rules that do not load: RULE_NONE naming the file, exit 2, no sample generated', async () => {
    const bad = t.file('bad.json', '{"rule_id":"x"}');
    const dataDir = join(t.dir, 'never');
    const r = await runCli(['start', '--rules', bad, '--data-dir', dataDir]);
    expect(r.code).to.equal(2);
    expect(r.stderr).to.contain('RULE_NONE').and.contain('bad.json');
    expect(existsSync(dataDir)).to.equal(false);
  });

  it('missing rules: RULES_MISSING naming the path and how to give them', async () => {
    const r = await runCli(['start', '--rules', join(t.dir, 'nope.json'), '--data-dir', join(t.dir, 'd')]);
    expect(r.code).to.equal(2);
    expect(r.stderr).to.contain('RULES_MISSING').and.contain('nope.json').and.contain('--rules');
  });

  it('a data directory that cannot hold events: one line naming --data-dir, exit 2', async () => {
    const file = t.file('a-file', 'x');
    const r = await runCli(['start', '--rules', join(REPO_ROOT, 'rule.json'), '--data-dir', file]);
    expect(r.code, r.stderr).to.equal(2);
    expect(r.stderr).to.match(/--data-dir .*a-file\/events: ENOTDIR/);
  });
});
