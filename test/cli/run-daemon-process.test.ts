/**
 * The daemon as a real process, on the real clock and real signals: it stays up between ticks with nothing but
 * its timers pending (no --metrics-port), runs its rule every second, and on SIGTERM lets the running execution
 * finish, saves the state and exits 0; on SIGINT likewise. The parts are memory ones, built by a small script that
 * registers `run` as the CLI does; the cluster's parts are tested with Elasticsearch elsewhere.
 */
import { spawn } from 'node:child_process';
import { expect } from 'chai';
import { tempDir } from '../support/tmp.js';

const dist = (path: string) => new URL(`../../src/${path}`, import.meta.url).href;

/** The script: one rule every 1s whose execution takes `runMs`; prints each execution and, at the end, the state. */
function script(runMs: number): string {
  return `
import { Command } from ${JSON.stringify(import.meta.resolve('commander'))};
import { registerRun } from ${JSON.stringify(dist('cli/commands/run.js'))};
import { ruleSchema } from ${JSON.stringify(dist('rules/rule.js'))};
const rule = ruleSchema.parse({ rule_id: 'p', name: 'P', description: 'd', type: 'eql', risk_score: 1,
  severity: 'low', query: 'process where true', interval: '1s', from: 'now-2s' });
const states = new Map();
const stores = {
  alerts: { existingIds: async () => new Set(), create: async () => ({ created: [], duplicates: [], failed: [] }) },
  state: { get: async (u) => states.get(u) ?? null, put: async (s) => void states.set(s.ruleUuid, s), list: async () => [...states.values()] },
  log: { write: async () => {}, recent: async () => [] },
  gaps: { record: async () => {}, list: async () => [] },
};
let n = 0;
const parts = {
  rules: [{ origin: 'p.json', rule, uuid: 'uuid-p', exceptionItems: [], warnings: [] }],
  stores, events: { kind: 'files', paths: [] }, kibanaVersion: '9.4.0', close: async () => {},
  execute: async (request, deps) => {
    const i = ++n;
    process.stdout.write('start ' + i + '\\n');
    await new Promise((r) => setTimeout(r, ${runMs}));
    process.stdout.write('end ' + i + (deps.signal.aborted ? ' aborted' : '') + '\\n');
    return { executionUuid: 'x' + i, status: 'succeeded', warnings: [], window: request.window,
      counts: { eventsScanned: 0, matches: 0, alertsCreated: 0, duplicatesSkipped: 0, truncated: 0, writeFailures: 0 },
      durations: { searchMs: 0, indexingMs: 0, totalMs: ${runMs} } };
  },
};
const io = { stdout: (s) => process.stdout.write(s), stderr: (s) => process.stderr.write(s), env: {} };
const program = new Command('rule-runner').option('--log-format <f>', '', 'text').option('--log-level <l>', '', 'info');
registerRun(program, io, { resolveParts: async () => parts });
await program.parseAsync(['run', '--rules', 'p.json', '--shutdown-grace', '10s'], { from: 'user' });
process.stdout.write('STATE ' + JSON.stringify(states.get('uuid-p')) + '\\n');
`;
}

/** Runs the script, sends `signal` once `ready(stdout)` holds, and resolves with how it ended. */
function runAndSignal(runMs: number, signal: NodeJS.Signals, ready: (stdout: string) => boolean) {
  const tmp = tempDir();
  const path = tmp.file('daemon.mjs', script(runMs));
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve, reject) => {
    const child = spawn(process.execPath, [path], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let sent = false;
    const kill = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`the daemon did not end: ${stdout} ${stderr}`));
    }, 30_000);
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
      if (!sent && ready(stdout)) {
        sent = true;
        child.kill(signal);
      }
    });
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('exit', (code) => {
      clearTimeout(kill);
      tmp.remove();
      resolve({ code, stdout, stderr });
    });
  });
}

describe('rule-runner run as a process (real clock and signals)', function () {
  this.timeout(40_000);

  it('stays up between ticks, and on SIGTERM finishes the running execution, saves the state, exits 0', async () => {
    // the third execution has started (two ticks a second apart came and went) when SIGTERM comes
    const r = await runAndSignal(600, 'SIGTERM', (out) => out.includes('start 3\n'));
    expect(r.code, r.stderr).to.equal(0);
    const lines = r.stdout.split('\n').filter(Boolean);
    expect(lines.slice(0, 6)).to.deep.equal(['start 1', 'end 1', 'start 2', 'end 2', 'start 3', 'end 3']);
    expect(lines.filter((l) => l.startsWith('start'))).to.have.length(3); // nothing new after the signal
    const state = JSON.parse(lines.at(-1)!.replace(/^STATE /, '')) as Record<string, string>;
    expect(state).to.include({ ruleUuid: 'uuid-p', lastStatus: 'succeeded', lastExecutionUuid: 'x3' });
    expect(r.stderr).to.match(/"message":"SIGTERM: stopping"/);
    expect(r.stderr).to.match(/"message":"rule runner stopped: state saved"/);
  });

  it('stops on SIGINT the same way', async () => {
    const r = await runAndSignal(50, 'SIGINT', (out) => out.includes('end 1\n'));
    expect(r.code, r.stderr).to.equal(0);
    expect(r.stdout).to.match(/^STATE \{.*"lastExecutionUuid":"x1"/m);
  });
});
