/**
 * Micro-benchmark of the expression evaluator: evaluations per second of compiled conditions over nested ECS
 * events, one core. Run: `npx tsc -p tsconfig.json && node dist/bench/eval-bench.js`.
 */
import { compileCondition } from '../src/eql/evaluate/index.js';
import { parse } from '../src/eql/syntax/parser.js';

const CONDITIONS = [
  'host.os.type == "macos" and event.type == "start" and process.name : ("bash","sh","zsh","python","osascript","tclsh*")',
  'process.name : "*python*" and process.args : ("-c", "*import*")',
  'length(process.command_line) > 20 and startsWith~(process.name, "Py")',
  'process.command_line regex~ ".*curl.*-o.*"',
];

const NAMES = ['bash', 'zsh', 'Python3', 'osascript', 'launchd', 'tclsh8.6', 'curl', 'sshd'];
const TYPES = ['start', 'end', 'info'];
const OSES = ['macos', 'linux', 'windows'];

function makeEvents(n: number): Array<Record<string, unknown>> {
  const out: Array<Record<string, unknown>> = [];
  for (let i = 0; i < n; i++) {
    const name = NAMES[i % NAMES.length]!;
    out.push({
      '@timestamp': 1700000000000 + i,
      host: { os: { type: OSES[i % 3] }, name: `host-${i % 17}` },
      event: { type: TYPES[(i >> 2) % 3], category: ['process'] },
      process: {
        name,
        pid: 1000 + i,
        args: [name, '-c', i % 5 === 0 ? 'import os' : 'echo hi'],
        command_line: `${name} -c ${i % 4 === 0 ? 'curl http://x -o /tmp/y' : 'echo hello world'}`,
      },
    });
  }
  return out;
}

const events = makeEvents(4096);
for (const text of CONDITIONS) {
  const q = parse(`any where ${text}`).query;
  if (q.type !== 'event') throw new Error('not an event query');
  const f = compileCondition(q.condition);
  let hits = 0;
  for (let i = 0; i < 200_000; i++) if (f(events[i & 4095]!)) hits++; // warm-up
  const iterations = 3_000_000;
  hits = 0;
  const start = process.hrtime.bigint();
  for (let i = 0; i < iterations; i++) if (f(events[i & 4095]!)) hits++;
  const secs = Number(process.hrtime.bigint() - start) / 1e9;
  console.log(`${(iterations / secs / 1e6).toFixed(2)} M evals/s  (${hits} hits)  ${text}`);
}
