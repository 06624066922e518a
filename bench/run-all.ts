/**
 * Runs the benchmarks, each in its own Node process (so heap and RSS are its own, and --expose-gc is on), then
 * prints a summary table. `node dist/bench/run-all.js [inmemory|bounded|cli|es|eval ...]` selects some.
 */
import { spawn } from 'node:child_process';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { machineCheck, RESULT_PREFIX, type BenchReport } from './common.js';

const HERE = fileURLToPath(new URL('.', import.meta.url));

interface BenchSpec {
  file: string;
  flags: string[];
  /** For a benchmark that does not print a BENCH-RESULT line: figures from its output lines. */
  parse?: (lines: string[]) => BenchReport;
}

const BENCHES: Record<string, BenchSpec> = {
  inmemory: { file: 'inmemory.js', flags: ['--expose-gc', '--max-old-space-size=8192'] },
  bounded: { file: 'bounded-state.js', flags: ['--expose-gc'] },
  cli: { file: 'cli-e2e.js', flags: [] },
  // Elasticsearch: uses ES_URL, or the node scripts/es.sh runs, or starts one (and stops it)
  es: { file: 'es-bench.js', flags: [] },
  // the rule runner over the same events: 100 rules' schedule delay and run durations, the seed rule's own time
  runner: { file: 'runner-bench.js', flags: [] },
  // backfill offline: one pass over 24 hours of events against the windowed loop (the correlation's share only)
  backfill: { file: 'backfill-bench.js', flags: ['--max-old-space-size=8192'] },
  // backfill on a cluster: 2,000,000 events over 24 hours, one pass against the windowed loop (loads once, keeps)
  'backfill-es': { file: 'backfill-es-bench.js', flags: ['--max-old-space-size=4096'] },
  eval: {
    file: 'eval-bench.js',
    flags: [],
    parse: (lines) => ({
      bench: 'evaluator micro-benchmark (eval-bench)',
      figures: lines
        .filter((l) => /M evals\/s/.test(l))
        .map((l) => {
          const m = /^\s*([\d.]+ M evals\/s)\s+\((\d+) hits\)\s+(.*)$/.exec(l);
          return m
            ? { label: m[3].length > 34 ? m[3].slice(0, 31) + '...' : m[3], value: m[1] }
            : { label: 'line', value: l };
        }),
    }),
  },
};

function runBench(
  name: string,
  spec: BenchSpec,
): Promise<{ report: BenchReport | null; code: number | null }> {
  return new Promise((resolve) => {
    console.log(`\n=== ${name} ===`);
    const child = spawn(process.execPath, [...spec.flags, join(HERE, spec.file)], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let buf = '';
    const lines: string[] = [];
    let report: BenchReport | null = null;
    child.stdout.on('data', (chunk: Buffer) => {
      buf += chunk.toString('utf8');
      let nl: number;
      while ((nl = buf.indexOf('\n')) >= 0) {
        const line = buf.slice(0, nl);
        buf = buf.slice(nl + 1);
        if (line.startsWith(RESULT_PREFIX))
          report = JSON.parse(line.slice(RESULT_PREFIX.length)) as BenchReport;
        else {
          lines.push(line);
          console.log(line);
        }
      }
    });
    child.on('close', (code) => {
      if (buf) lines.push(buf);
      if (report === null && spec.parse && code === 0) report = spec.parse(lines);
      resolve({ report, code });
    });
  });
}

function table(reports: BenchReport[]): string {
  const rows: string[][] = [['benchmark', 'figure', 'value', 'target', '']];
  for (const r of reports) {
    r.figures.forEach((f, i) => {
      rows.push([
        i === 0 ? r.bench : '',
        f.label,
        f.value,
        f.target ?? '',
        f.ok === undefined ? '' : f.ok ? 'ok' : 'MISSED',
      ]);
    });
  }
  const widths = rows[0].map((_, c) => Math.max(...rows.map((row) => row[c].length)));
  const fmt = (row: string[]) =>
    row
      .map((cell, c) => cell.padEnd(widths[c]))
      .join('  ')
      .trimEnd();
  return [fmt(rows[0]), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.slice(1).map(fmt)].join('\n');
}

async function main(): Promise<void> {
  const wanted = process.argv.slice(2);
  for (const w of wanted)
    if (!(w in BENCHES))
      throw new Error(`unknown benchmark "${w}"; choose from ${Object.keys(BENCHES).join(', ')}`);
  const names = wanted.length > 0 ? wanted : Object.keys(BENCHES);
  const load = loadavg()[0];
  const check = machineCheck();
  const start = performance.now();
  const reports: BenchReport[] = [];
  let failed = 0;
  for (const name of names) {
    const { report, code } = await runBench(name, BENCHES[name]);
    if (code !== 0) failed++;
    reports.push(
      report ?? { bench: name, figures: [{ label: 'failed', value: `exit code ${code}`, ok: false }] },
    );
  }
  const secs = (performance.now() - start) / 1000;
  console.log(
    `\n=== summary (${secs.toFixed(0)} s; 1-minute load average ${load.toFixed(2)} at start, ${loadavg()[0].toFixed(2)} at end;` +
      ` machine check ${check.toFixed(0)} ms at start, ${machineCheck().toFixed(0)} ms at end, about 100 when quiet) ===`,
  );
  console.log(table(reports));
  process.exitCode = failed > 0 ? 1 : 0;
}

await main();
