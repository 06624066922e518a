/**
 * The local store survives a crash: a child process (crash-writer.ts) writes alert batches in a loop and is
 * SIGKILLed at a seeded random moment, several times over one store. After each kill the database passes
 * `PRAGMA integrity_check`; every batch is wholly present (all its alerts, all from one writer round) or wholly
 * absent; batches the child reported committed are there; nothing is duplicated; and a restarted writer finds the
 * earlier batches whole as duplicates and goes on. `LOCAL_CRASH_SEED` and `LOCAL_CRASH_ROUNDS` vary it.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { expect } from 'chai';
import { seededRun } from '../../support/seeded.js';
import { tempDir } from '../../support/tmp.js';
import { batchSize } from './crash-writer.js';

const WRITER = fileURLToPath(new URL('./crash-writer.js', import.meta.url));

interface Reported {
  batch: number;
  created: number;
  duplicates: number;
}

/** Starts a writer; once it has committed its first batch, waits `delayMs` and kills it; what it reported. */
function runAndKill(dir: string, round: number, delayMs: number): Promise<Reported[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [WRITER, dir, String(round)], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    let timer: NodeJS.Timeout | undefined;
    child.stdout.on('data', (b: Buffer) => {
      out += b.toString();
      timer ??= setTimeout(() => child.kill('SIGKILL'), delayMs);
    });
    child.stderr.on('data', (b: Buffer) => (err += b.toString()));
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      if (signal !== 'SIGKILL') return reject(new Error(`the writer ended by itself (${code}): ${err}`));
      // a line cut by the kill is not a report
      const lines = out.split('\n').slice(0, -1);
      resolve(
        lines.map((l) => {
          const [batch, created, duplicates] = l.split(' ').map(Number) as [number, number, number];
          return { batch, created, duplicates };
        }),
      );
    });
  });
}

describe('local store: SIGKILL while writing alert batches', function () {
  this.timeout(60_000);
  const run = seededRun('LOCAL_CRASH_SEED', 'LOCAL_CRASH_ROUNDS', { seed: 1616, cases: 6 });
  const t = tempDir();
  after(() => t.remove());

  it(`leaves every batch whole or absent, no duplicate, an intact database (${run.cases} kills)`, async () => {
    const dir = join(t.dir, 'crash');
    let committed = 0; // batches known written: every round writes 0.. again, so the prefix only grows
    for (let round = 0; round < run.cases; round++) {
      const delayMs = run.rng(round).range(0, 400);
      const why = `round ${round} (killed ${delayMs} ms after its first batch; ${run.reproduce(round)})`;
      const reported = await runAndKill(dir, round, delayMs);
      for (const r of reported) {
        expect(r.created + r.duplicates, `${why}: batch ${r.batch} counts`).to.equal(batchSize(r.batch));
        // a batch is written whole or not at all, so a rewrite finds it wholly there or wholly absent
        expect(r.batch < committed ? r.duplicates : r.created, `${why}: batch ${r.batch}`).to.equal(
          batchSize(r.batch),
        );
      }
      const db = new Database(join(dir, 'rule-runner.db'));
      try {
        expect(db.pragma('integrity_check', { simple: true }), why).to.equal('ok');
        const rows = db
          .prepare(
            `SELECT json_extract(doc, '$."test.batch"') AS batch, count(*) AS n, count(DISTINCT id) AS ids,
               min(json_extract(doc, '$."test.round"')) AS lo, max(json_extract(doc, '$."test.round"')) AS hi
             FROM alerts GROUP BY batch ORDER BY batch`,
          )
          .all() as Array<{ batch: number; n: number; ids: number; lo: number; hi: number }>;
        rows.forEach((b, i) => {
          expect(b.batch, `${why}: batches written in order`).to.equal(i);
          expect(b.n, `${why}: batch ${b.batch} whole`).to.equal(batchSize(b.batch));
          expect(b.ids, `${why}: batch ${b.batch} without duplicates`).to.equal(b.n);
          expect(b.lo, `${why}: batch ${b.batch} from one transaction`).to.equal(b.hi);
        });
        const last = reported.at(-1)?.batch ?? -1;
        expect(rows.length, `${why}: every batch reported committed is there`).to.be.greaterThan(last);
        committed = rows.length;
      } finally {
        db.close();
      }
    }
    expect(committed, 'the writers got somewhere').to.be.greaterThan(1);
  });
});
