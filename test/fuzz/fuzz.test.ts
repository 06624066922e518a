/**
 * A seeded, bounded fuzz guard: mutated queries, event files and rule files, driven in-process (in a worker thread,
 * so that a case that hangs is stopped and reported), must end in results or user errors with a code: never an
 * internal error, an uncaught exception or a case over its time budget. A few CLI runs check the exit code.
 *
 * FUZZ_SEED (default below), FUZZ_ITERATIONS (queries; event files half as many, rule files a quarter),
 * FUZZ_CASE_MS (a case's budget), FUZZ_KINDS (some of query,events,rules) and FUZZ_CASE=kind:i (one case alone,
 * e.g. query:17) reproduce or lengthen a run.
 * Crashes in code other work is fixing are excluded, and printed, through test/fuzz/known-crashes.ts.
 */
import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { REPO_ROOT } from '../support/paths.js';
import { envInt } from '../support/seeded.js';
import { tempDir } from '../support/tmp.js';
import { fuzzCase, caseRng, type Kind } from './cases.js';
import { loadCorpus } from './corpus.js';
import { Exclusions, HANG } from './known-crashes.js';
import { mutateEventFile, mutateQuery, mutateRuleValue } from './mutate.js';
import type { WorkerInput, WorkerMessage } from './worker.js';

const SEED = envInt('FUZZ_SEED', 20_240_603);
const ITERATIONS = envInt('FUZZ_ITERATIONS', 2000);
const CASE_MS = envInt('FUZZ_CASE_MS', 10_000);
const KINDS_RUN = (process.env.FUZZ_KINDS ?? 'query,events,rules').split(',');
const ONLY = process.env.FUZZ_CASE ? /^(query|events|rules):(\d+)$/.exec(process.env.FUZZ_CASE) : null;
if (process.env.FUZZ_CASE && !ONLY)
  throw new Error(`FUZZ_CASE must read kind:i (query:17), not ${process.env.FUZZ_CASE}`);

interface Failure {
  kind: Kind;
  i: number;
  what: string;
}

interface KindRun {
  failures: Failure[];
  counts: Record<string, number>;
}

/** Runs cases [from, to) in workers, a new one after each case that hangs or throws out of the worker. */
async function runKind(
  kind: Kind,
  from: number,
  to: number,
  dir: string,
  excluded: Exclusions,
  inputOf: (i: number) => string,
): Promise<KindRun> {
  const run: KindRun = { failures: [], counts: {} };
  const count = (k: string) => (run.counts[k] = (run.counts[k] ?? 0) + 1);
  let next = from;
  while (next < to) {
    next = await new Promise<number>((resolve, reject) => {
      const w = new Worker(new URL('./worker.js', import.meta.url), {
        workerData: { kind, seed: SEED, from: next, to, dir } satisfies WorkerInput,
      });
      let current = next;
      let timer: NodeJS.Timeout | undefined;
      let settled = false;
      const stop = (resume: number, failure?: Failure) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        if (failure) run.failures.push(failure);
        void w.terminate().then(() => resolve(resume), reject);
      };
      w.on('message', (m: WorkerMessage) => {
        if (m.type === 'start') {
          current = m.i;
          clearTimeout(timer);
          timer = setTimeout(() => {
            if (excluded.match(HANG, inputOf(m.i))) {
              count('excluded');
              stop(m.i + 1);
            } else stop(m.i + 1, { kind, i: m.i, what: `no answer within ${CASE_MS} ms (a hang?)` });
          }, CASE_MS);
          return;
        }
        clearTimeout(timer);
        const o = m.outcome;
        count(o.result === 'user' ? `user ${o.code}` : o.result);
        if (o.result === 'excluded') excluded.record(o.name, o.input);
        if (o.result === 'internal') run.failures.push({ kind, i: m.i, what: `internal error: ${o.error}` });
        if (m.i === to - 1) stop(to);
      });
      w.on('error', (e) =>
        stop(current + 1, { kind, i: current, what: `uncaught in the worker: ${e.stack ?? e}` }),
      );
      w.on('exit', (code) => {
        if (!settled && code !== 0)
          stop(current + 1, { kind, i: current, what: `the worker exited with ${code}` });
        else stop(to);
      });
    });
  }
  return run;
}

function describeFailures(failures: Failure[]): string {
  const corpus = loadCorpus();
  // one report per distinct error (its first line), with the first case that shows it
  const seen = new Map<string, { f: Failure; n: number }>();
  for (const f of failures) {
    const key = `${f.kind} ${f.what.split('\n')[0]}`;
    const s = seen.get(key);
    if (s) s.n++;
    else seen.set(key, { f, n: 1 });
  }
  return [...seen.values()]
    .map(({ f, n }) => {
      const input = fuzzCase(f.kind, corpus, SEED, f.i).input;
      const shown = input.length > 1500 ? `${input.slice(0, 1500)}... (${input.length} characters)` : input;
      return (
        `${n} case(s), first FUZZ_SEED=${SEED} FUZZ_CASE=${f.kind}:${f.i}\n` +
        `${f.what.split('\n').slice(0, 8).join('\n')}\ninput: ${shown}`
      );
    })
    .join('\n\n');
}

const KINDS: Array<[Kind, number]> = [
  ['query', ITERATIONS],
  // an event file holds one to eight lines, a third of them mutated
  ['events', Math.ceil(ITERATIONS / 2)],
  ['rules', Math.ceil(ITERATIONS / 4)],
];

describe('fuzz: mutated queries, events and rule files end in results or user errors', function () {
  this.timeout(0);
  const tmp = tempDir();
  after(() => tmp.remove());
  const corpus = loadCorpus();
  before(() => {
    for (const m of corpus.missing) console.warn(`fuzz: seeds from ${m} are not used: not found`);
  });

  for (const [kind, n] of KINDS) {
    if ((ONLY && ONLY[1] !== kind) || !KINDS_RUN.includes(kind)) continue;
    const from = ONLY ? Number(ONLY[2]) : 0;
    const to = ONLY ? from + 1 : n;
    it(`${kind}: ${to - from} case(s) from seed ${SEED}, no internal error and none over ${CASE_MS} ms`, async () => {
      const excluded = new Exclusions();
      const run = await runKind(
        kind,
        from,
        to,
        tmp.dir,
        excluded,
        (i) => fuzzCase(kind, corpus, SEED, i).input,
      );
      excluded.report(`fuzz ${kind}`);
      if (run.failures.length > 0)
        expect.fail(
          `${run.failures.length} of ${to - from} ${kind} cases failed:\n\n${describeFailures(run.failures)}`,
        );
      const ends = Object.values(run.counts).reduce((a, b) => a + b, 0);
      expect(ends, 'cases that ended').to.equal(to - from);
      if (!ONLY && to - from >= 200) {
        // the mutations must reach past the first checks: some cases succeed, some fail as user errors
        expect(run.counts.ok ?? 0, `${kind} cases with results: ${JSON.stringify(run.counts)}`).to.be.above(
          (to - from) / 20,
        );
        const users = Object.keys(run.counts).filter((k) => k.startsWith('user '));
        expect(users.length, `${kind} user error codes: ${JSON.stringify(run.counts)}`).to.be.above(0);
      }
    });
  }

  it('CLI: a few mutated runs exit with 0 or 2, never an internal error', function () {
    if (ONLY || process.env.FUZZ_KINDS) this.skip();
    const cli = join(REPO_ROOT, 'dist', 'src', 'cli', 'main.js');
    const rng = caseRng(SEED, 'query', -1);
    const events = tmp.file('cli-events.ndjson', mutateEventFile(corpus.events, rng));
    const good = tmp.file('cli-good.ndjson', corpus.events.join('\n') + '\n');
    const rule = JSON.parse(corpus.rules.find((r) => r.name === 'rule.json')!.text) as Record<
      string,
      unknown
    >;
    const ruleFile = tmp.file('cli-rule.json', JSON.stringify(mutateRuleValue(rule, corpus.queries, rng)));
    const q = () => mutateQuery(rng.pick(corpus.queries), corpus.queries, rng);
    const runs: string[][] = [
      ['query', '--events', events, 'process where process.name : "*sh"'],
      ['query', '--events', good, '--format', 'table', '--fields', '*', q()],
      ['query', '--events', good, '--size', rng.pick(['0', '-1', '1e400', 'x']), q()],
      ['validate', ruleFile],
      ['validate', '--query', q()],
      ['validate', '--json', ruleFile, '--query', q()],
    ];
    const bad: string[] = [];
    for (const args of runs) {
      const r = spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', timeout: 60_000 });
      const shown = `rule-runner ${args.map((a) => JSON.stringify(a.length > 200 ? a.slice(0, 200) + '...' : a)).join(' ')}`;
      if (r.status !== 0 && r.status !== 2)
        bad.push(`${shown}: exit ${r.status ?? r.signal}\n${r.stderr.slice(0, 2000)}`);
      else if (/internal error/.test(r.stderr)) bad.push(`${shown}: ${r.stderr.slice(0, 2000)}`);
      else if (/^\s+at .*:\d+:\d+\)?$/m.test(r.stderr))
        bad.push(`${shown}: a stack trace\n${r.stderr.slice(0, 2000)}`);
      else if (r.status === 2 && `${r.stdout}${r.stderr}`.trim() === '')
        bad.push(`${shown}: exit 2 and not a word said`);
    }
    expect(bad, `(FUZZ_SEED=${SEED})\n${bad.join('\n\n')}`).to.deep.equal([]);
  });
});
