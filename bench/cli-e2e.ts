/**
 * End to end: 1,000,000 generated events written to an NDJSON file in a temporary directory (outside the repo),
 * then `rule-runner query --events FILE '<rule.json query>'` timed as a child process, three times (the median is the
 * figure, and the file is synced to disk first so that no run reads during its write-back): wall time, events/s, peak
 * RSS (GNU time's "Maximum resident set size", else VmHWM polled from /proc), and the sequences it printed checked
 * against the planted ones. Run alone: `node dist/bench/cli-e2e.js [count]`.
 */
import { spawn, spawnSync } from 'node:child_process';
import { closeSync, existsSync, fsyncSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeNdjson } from '../src/generate/index.js';
import {
  int,
  isMain,
  machineCheck,
  mb,
  plantedPairs,
  rate,
  report,
  REPO_ROOT,
  ruleQuery,
  sameList,
  seconds,
  type Figure,
} from './common.js';

const TARGET_RATE = 250_000;
/** Timed runs of the query; the median is the figure (this machine's speed swings from minute to minute). */
const RUNS = 3;
const TARGET_RSS = 300 << 20;
const GNU_TIME = '/usr/bin/time';
const CLI = join(REPO_ROOT, 'dist', 'src', 'cli', 'main.js');

interface ChildRun {
  code: number | null;
  wallSecs: number;
  stdout: string;
  stderr: string;
  peakRss: number | null;
  cpuSecs: number | null;
}

function hasGnuTime(): boolean {
  if (!existsSync(GNU_TIME)) return false;
  const r = spawnSync(GNU_TIME, ['-v', 'true'], { encoding: 'utf8' });
  return r.status === 0 && /Maximum resident set size/.test(r.stderr);
}

/** VmHWM (peak RSS) of a live process, in bytes. */
function vmHwm(pid: number): number | null {
  try {
    const m = /VmHWM:\s+(\d+)\s+kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) * 1024 : null;
  } catch {
    return null;
  }
}

function runChild(args: string[]): Promise<ChildRun> {
  const gnu = hasGnuTime();
  const cmd = gnu ? GNU_TIME : process.execPath;
  const argv = gnu ? ['-v', process.execPath, ...args] : args;
  return new Promise((resolve, reject) => {
    const start = performance.now();
    const child = spawn(cmd, argv, { stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    let polled: number | null = null;
    const poll = gnu
      ? null
      : setInterval(() => {
          const v = child.pid === undefined ? null : vmHwm(child.pid);
          if (v !== null) polled = Math.max(polled ?? 0, v);
        }, 20);
    child.on('error', reject);
    child.on('close', (code) => {
      const wallSecs = (performance.now() - start) / 1000;
      if (poll) clearInterval(poll);
      const stderr = Buffer.concat(err).toString('utf8');
      let peakRss = polled;
      let cpuSecs: number | null = null;
      if (gnu) {
        const rss = /Maximum resident set size \(kbytes\): (\d+)/.exec(stderr);
        peakRss = rss ? Number(rss[1]) * 1024 : null;
        const user = /User time \(seconds\): ([\d.]+)/.exec(stderr);
        const sys = /System time \(seconds\): ([\d.]+)/.exec(stderr);
        if (user && sys) cpuSecs = Number(user[1]) + Number(sys[1]);
      }
      resolve({ code, wallSecs, stdout: Buffer.concat(out).toString('utf8'), stderr, peakRss, cpuSecs });
    });
  });
}

/** Sequence results printed by `query` (ES EQL response items), as "stage1-id stage2-id" via event.id. */
function printedPairs(stdout: string): string[] {
  const pairs: string[] = [];
  for (const line of stdout.split('\n')) {
    if (line.trim() === '') continue;
    const item = JSON.parse(line) as { events?: Array<{ _source?: { event?: { id?: string } } }> };
    pairs.push((item.events ?? []).map((e) => e._source?.event?.id ?? '?').join(' '));
  }
  return pairs.sort();
}

export async function main(count = 1_000_000): Promise<void> {
  const query = ruleQuery();
  if (!existsSync(CLI)) {
    report({ bench: 'end-to-end CLI', figures: [{ label: 'skipped', value: `${CLI} not built` }] });
    return;
  }
  const help = spawnSync(process.execPath, [CLI, 'query', '--help'], { encoding: 'utf8' });
  if (help.status !== 0) {
    report({
      bench: 'end-to-end CLI',
      figures: [{ label: 'skipped', value: 'the `query` command is not available yet' }],
    });
    return;
  }
  const dir = mkdtempSync(join(tmpdir(), 'rule-runner-bench-'));
  try {
    const file = join(dir, 'events.ndjson');
    console.log(`end-to-end CLI: writing ${int(count)} events to ${file} ...`);
    const t0 = performance.now();
    const written = writeNdjson(file, { count, hosts: 500, seed: 2, rate: 2000, planted: 200 });
    const writeSecs = (performance.now() - t0) / 1000;
    console.log(`  wrote ${mb(written.bytes)} in ${seconds(writeSecs)} (${rate(count, writeSecs)})`);
    // the file on disk before any timing: otherwise the first run reads while the kernel writes it back
    const fd = openSync(file, 'r+');
    fsyncSync(fd);
    closeSync(fd);
    const args = [CLI, 'query', '--events', file, '--size', String(count), '--stats', query];
    console.log(
      `  running ${RUNS} times: node dist/src/cli/main.js query --events FILE --size ${count} --stats '<rule.json query>'`,
    );
    const runs: ChildRun[] = [];
    const checks: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      checks.push(machineCheck());
      const run = await runChild(args);
      if (run.code !== 0) throw new Error(`query exited with ${run.code}:\n${run.stderr.slice(-2000)}`);
      const found = sameList(printedPairs(run.stdout), plantedPairs(written.planted));
      if (!found) throw new Error('the query did not print exactly the planted sequences');
      const cpu = run.cpuSecs === null ? '' : `, cpu ${seconds(run.cpuSecs)}`;
      const rss = run.peakRss === null ? '' : `, peak RSS ${mb(run.peakRss)}`;
      console.log(
        `  run ${i + 1}: ${seconds(run.wallSecs)}  ${rate(count, run.wallSecs)}${cpu}${rss}; machine check just before ${checks[i]!.toFixed(0)} ms`,
      );
      runs.push(run);
    }
    const statsLine = runs[0]!.stderr.split('\n').find((l) => l.startsWith('{'));
    if (statsLine) console.log(`  query --stats: ${statsLine}`);
    const byWall = [...runs].sort((a, b) => a.wallSecs - b.wallSecs);
    const median = byWall[RUNS >> 1]!;
    const eps = count / median.wallSecs;
    const peaks = runs.map((r) => r.peakRss).filter((r): r is number => r !== null);
    const peakRss = peaks.length === RUNS ? Math.max(...peaks) : null;
    const figures: Figure[] = [
      { label: 'events (file size)', value: `${int(count)} (${mb(written.bytes)})` },
      { label: 'wall time (median of 3)', value: seconds(median.wallSecs) },
      {
        label: 'throughput (wall, median)',
        value: rate(count, median.wallSecs),
        target: `>= ${int(TARGET_RATE)} events/s`,
        ok: eps >= TARGET_RATE,
      },
      { label: 'throughput (best run)', value: rate(count, byWall[0]!.wallSecs) },
      {
        label: 'machine check (median, see common.ts)',
        value: `${[...checks].sort((a, b) => a - b)[RUNS >> 1]!.toFixed(0)} ms (about 100 ms when quiet)`,
      },
    ];
    if (median.cpuSecs !== null)
      figures.push({
        label: 'cpu time (user+sys), median run',
        value: `${seconds(median.cpuSecs)} (${rate(count, median.cpuSecs)})`,
      });
    figures.push(
      {
        label: 'peak RSS (highest run)',
        value: peakRss === null ? 'unknown' : mb(peakRss),
        target: '< 300 MB',
        ok: peakRss !== null && peakRss < TARGET_RSS,
      },
      {
        label: 'planted sequences found exactly',
        value: `yes, every run (${written.planted.length})`,
        ok: true,
      },
    );
    report({ bench: 'end-to-end CLI (query over NDJSON)', figures });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (isMain(import.meta.url)) await main(Number(process.argv[2] ?? 1_000_000));
