/**
 * Whatever the order of the input and wherever a run may stop early, an offline query answers as it would over
 * all its events sorted in memory by (timestamp, tiebreaker, input position) and fed to the executor.
 */
import { expect } from 'chai';
import { rmSync } from 'node:fs';
import { basename } from 'node:path';
import { parse } from '../../src/eql/index.js';
import { createExecutor } from '../../src/engine/executor.js';
import { makeOrdinal } from '../../src/engine/ordinal.js';
import { type EngineEvent } from '../../src/engine/event.js';
import { isMissingEvent, type QueryResult } from '../../src/engine/results.js';
import { Prng } from '../../src/generate/prng.js';
import { queryEventFiles } from '../../src/run/offline.js';
import { compareOrdinals } from '../../src/engine/event.js';
import { tempDir } from '../support/tmp.js';

const SEED = Number(process.env.EARLY_STOP_SEED ?? 1203);
const CASES = Number(process.env.EARLY_STOP_CASES ?? 150);

const QUERIES = {
  event: [
    'process where true',
    'any where v >= 1',
    'network where host.id == "h2"',
    'process where true | head 4',
  ],
  tail: ['any where true | tail 3', 'process where true | head 6 | tail 2'],
  sequence: [
    'sequence by host.id [process where true] [network where true]',
    'sequence [process where v == 1] [file where true]',
    'sequence by host.id with maxspan=4s [process where true] [process where v > 0] [network where true]',
    'sequence by host.id [process where true] [network where true] until [file where v == 0]',
    'sequence by host.id with maxspan=6s [process where true] ![file where v == 3] [network where true]',
  ],
  sequenceTail: [
    'sequence by host.id [process where true] [network where true] | tail 2',
    'sequence [any where v == 2] [any where v == 3] | head 5 | tail 3',
  ],
  sample: [
    'sample by host.id [process where true] [network where true]',
    'sample by v [any where true] [file where true]',
  ],
};
type Kind = keyof typeof QUERIES;
const DISORDER = ['sorted', 'near', 'far', 'late', 'early', 'shuffled', 'reversed'] as const;
type Disorder = (typeof DISORDER)[number];

const BASE = Date.UTC(2024, 5, 3, 11);
/** One read chunk (json-records.ts): a file must span several for a run to stop before its end is read. */
const CHUNK = 1 << 20;

interface Line {
  source: Record<string, unknown>;
  /** Has a usable timestamp (sample queries also take events without one). */
  timed: boolean;
}

interface Case {
  kind: Kind;
  query: string;
  disorder: Disorder;
  size: number;
  files: Line[][];
  tiebreaker: boolean;
  dedup: boolean;
  range: { gte?: number; lte?: number } | null;
  windows: number[];
  runSize: number;
  mergeBatch: number;
}

function makeCase(rng: Prng): Case {
  const kind = rng.pick(Object.keys(QUERIES) as Kind[]);
  // weighted towards what an early stop could miss: events read after their place
  const disorder = rng.weighted(DISORDER, [1, 1.5, 1.5, 3, 1, 1, 1]);
  const nFiles = rng.range(1, 3);
  const dedup = rng.chance(0.25);
  const files: Line[][] = [];
  for (let f = 0; f < nFiles; f++) {
    const count = rng.chance(0.3) ? rng.range(0, 30) : rng.range(60, 600);
    let t = rng.int(3000);
    let nanos = 0;
    const lines: Line[] = [];
    for (let i = 0; i < count; i++) {
      // ties are common: input position then decides
      const step = rng.pick([0, 0, 250, 1000, 1000, 2000]);
      t += step;
      if (step > 0) nanos = 0;
      if (rng.chance(0.1)) nanos = rng.range(nanos, 999_999);
      const earlier = files.length > 0 ? files[rng.int(files.length)]! : [];
      if (dedup && earlier.length > 0 && rng.chance(0.2)) {
        // a copy of an event of another file, as an overlapping export holds one
        const copy = rng.pick(earlier);
        lines.push({ source: structuredClone(copy.source), timed: copy.timed });
        continue;
      }
      const timed = !rng.chance(0.04);
      const iso = new Date(BASE + t).toISOString();
      const fraction = nanos > 0 ? String(nanos).padStart(6, '0') + 'Z' : 'Z';
      const source: Record<string, unknown> = {
        ...(timed ? { '@timestamp': iso.replace('Z', fraction) } : {}),
        event: { category: [rng.pick(['process', 'process', 'network', 'file'])] },
        host: { id: rng.pick(['h1', 'h2', 'h3']) },
        v: rng.int(4),
        n: `f${f}-${i}`,
      };
      if (rng.chance(0.7)) source.tb = rng.int(3);
      lines.push({ source, timed });
    }
    files.push(disorderly(rng, lines, disorder));
  }
  const range = rng.chance(0.2)
    ? { gte: BASE + rng.int(20_000), lte: BASE + 40_000 + rng.int(80_000) }
    : null;
  return {
    kind,
    query: rng.pick(QUERIES[kind]),
    disorder,
    size: rng.pick([1, 1, 2, 3, 5, 8, 100]),
    files,
    tiebreaker: rng.chance(0.3),
    dedup,
    range,
    // small windows make every kind of disorder fit, or not, within a few dozen events
    windows: rng.chance(0.1)
      ? [256, 10_000]
      : rng.pick([
          [2, 8],
          [4, 30],
          [12, 60],
        ]),
    runSize: rng.pick([7, 200_000]),
    mergeBatch: rng.pick([1, 5, 40, 1024]),
  };
}

/**
 * `near`: events a few places late (within or just beyond a small window); `far`: early events a quarter to half
 * the file late; `late`: some of the first events last or nearly; `early`: some of the last events first.
 */
function disorderly<T>(rng: Prng, xs: T[], how: Disorder): T[] {
  const out = xs.slice();
  const n = out.length;
  const move = (from: number, to: number) => out.splice(to, 0, ...out.splice(from, 1));
  if (n < 2) return out;
  switch (how) {
    case 'sorted':
      break;
    case 'near': {
      const d = rng.range(1, 12);
      for (let k = 0; k < n / 4; k++) {
        const i = rng.int(n);
        move(i, Math.min(n - 1, i + rng.range(1, d)));
      }
      break;
    }
    case 'far':
      for (let k = rng.range(1, 4); k > 0; k--) {
        const i = rng.int(Math.ceil(n / rng.pick([4, 40])));
        move(i, Math.min(n - 1, i + rng.range(Math.floor(n / 4), Math.floor(n / 2))));
      }
      break;
    case 'late': {
      const first = rng.pick([3, 3, 30, Math.ceil(n / 10)]);
      for (let k = rng.range(1, 3); k > 0; k--)
        move(rng.int(Math.min(n, first)), n - 1 - rng.int(Math.ceil(n / 10)));
      break;
    }
    case 'early':
      for (let k = rng.range(1, 3); k > 0; k--) move(n - 1 - rng.int(Math.ceil(n / 2)), rng.int(3));
      break;
    case 'shuffled':
      for (let i = n - 1; i > 0; i--) {
        const j = rng.int(i + 1);
        [out[i], out[j]] = [out[j]!, out[i]!];
      }
      break;
    case 'reversed':
      out.reverse();
      break;
  }
  return out;
}

const BLANKS = ' '.repeat(6 * CHUNK);

/** NDJSON whose lines are padded (blanks inside the object) so that most files span two or three read chunks. */
function fileText(rng: Prng, lines: Line[]): string {
  if (lines.length === 0) return '';
  const mean = Math.max(0, ((0.8 + 2 * rng.float()) * CHUNK) / lines.length - 130);
  return lines
    .map((l) => {
      const json = JSON.stringify(l.source);
      return json.slice(0, -1) + BLANKS.slice(0, rng.int(2 * mean)) + '}';
    })
    .join('\n');
}

/** The answer by brute force: every event sorted in memory, then given to the executor. */
function bruteForce(c: Case, names: string[]): QueryResult[] {
  const stmt = parse(c.query);
  const sample = c.kind === 'sample';
  const events: EngineEvent[] = [];
  c.files.forEach((lines, f) =>
    lines.forEach((l, i) => {
      const ordinal = makeOrdinal(l.source, f * 1e10 + i + 1, {
        tiebreakerField: c.tiebreaker ? 'tb' : null,
        timestampOptional: sample,
      });
      if (ordinal === null) return;
      // a range filter keeps whole milliseconds of an unmapped timestamp, and never an event without one
      if (c.range && (!l.timed || ordinal.ts < c.range.gte! || ordinal.ts > c.range.lte!)) return;
      events.push({ index: names[f]!, id: String(i + 1), source: l.source, ordinal });
    }),
  );
  events.sort((a, b) => compareOrdinals(a.ordinal, b.ordinal));
  const executor = createExecutor(stmt, {
    size: c.size,
    tiebreakerField: c.tiebreaker ? 'tb' : null,
  });
  let instant = '';
  let seen = new Set<string>();
  for (const e of events) {
    if (c.dedup) {
      const at = `${e.ordinal.ts}.${e.ordinal.nanos}`;
      if (at !== instant) [instant, seen] = [at, new Set()];
      const key = JSON.stringify(e.source);
      if (seen.has(key)) continue;
      seen.add(key);
    }
    executor.push(e);
  }
  return executor.finish();
}

const shown = (rs: QueryResult[]) =>
  rs.map((r) =>
    r.kind === 'event'
      ? `${r.event.index}:${r.event.id}`
      : `${JSON.stringify(r.joinKeys)} ${r.events.map((e) => (isMissingEvent(e) ? '!' : `${e.index}:${e.id}`)).join(' ')}`,
  );

describe('offline query: early stop over out-of-order input, against a full sort', function () {
  this.timeout(120_000);
  const t = tempDir();
  after(() => t.remove());

  it(`answers as a full in-memory sort does, for ${CASES} seeded cases (EARLY_STOP_SEED=${SEED})`, async () => {
    const rng = new Prng(SEED);
    let stoppedEarly = 0;
    for (let k = 0; k < CASES; k++) {
      const c = makeCase(rng);
      const files = c.files.map((lines, f) => t.file(`c${k}-f${f}.ndjson`, fileText(rng, lines)));
      const names = files.map((p) => basename(p, '.ndjson'));
      const run = await queryEventFiles(parse(c.query), {
        events: files,
        size: c.size,
        timestampField: '@timestamp',
        tiebreakerField: c.tiebreaker ? 'tb' : null,
        eventCategoryField: 'event.category',
        dedup: c.dedup,
        timeRange: c.range ?? undefined,
        buffers: { reorderWindows: c.windows, runSize: c.runSize, mergeBatch: c.mergeBatch },
      });
      const what =
        `seed ${SEED}, case ${k}: ${c.disorder} ${c.files.map((f) => f.length).join('+')} events, ` +
        `size ${c.size}, windows ${c.windows.join('/')}, ${c.tiebreaker ? 'tiebreaker, ' : ''}` +
        `${c.dedup ? 'dedup, ' : ''}${c.range ? 'range, ' : ''}${c.query}`;
      expect(shown(run.results), what).to.deep.equal(shown(bruteForce(c, names)));
      for (const f of files) rmSync(f);
      if (run.files.drained > 0) stoppedEarly++;
      // sorted input is read once, early stop or not (copies, tiebreakers and samples' untimed events aside)
      if (c.disorder === 'sorted' && !c.dedup && !c.tiebreaker && c.kind !== 'sample')
        expect(run.files.reads, what).to.equal(1);
    }
    // the cases must exercise the early stop itself, not only full reads
    expect(stoppedEarly).to.be.above(CASES / 20);
  });
});
