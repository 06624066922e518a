/**
 * A rule execution asks for the most recent matches (`result_position: tail`, the EQL API's default) and drops
 * excluded events before correlation. Both are checked against brute force over seeded cases: tail with size N is
 * every result (no size) then the last N; `keep` is the same run over only the kept events.
 */
import { expect } from 'chai';
import { parse } from '../../src/eql/index.js';
import { isMissingEvent, type QueryResult } from '../../src/engine/results.js';
import { queryEventFiles, type OfflineQueryOptions } from '../../src/run/offline.js';
import { seededRun } from '../support/seeded.js';
import { tempDir } from '../support/tmp.js';
import type { Prng } from '../../src/generate/prng.js';

const RUN = seededRun('RESULT_POSITION_SEED', 'RESULT_POSITION_CASES', { seed: 4242, cases: 120 });

const QUERIES = [
  'process where true',
  'any where v >= 1',
  'any where true | head 7',
  'any where true | tail 9',
  'sequence by host.id [process where true] [network where true]',
  'sequence [process where v == 1] [file where true]',
  'sequence by host.id with maxspan=4s [process where true] [process where v > 0] [network where true]',
  'sequence by host.id [process where true] [network where true] until [file where v == 0]',
  'sequence by host.id with maxspan=6s [process where true] ![file where v == 3] [network where true]',
  'sequence by host.id [process where true] [network where true] | head 6',
];

const BASE = Date.UTC(2024, 5, 3, 11);
const ALL = 1_000_000;

function events(rng: Prng): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  let t = 0;
  for (let i = 0, n = rng.range(0, 400); i < n; i++) {
    t += rng.pick([0, 250, 1000, 1000, 2000]);
    out.push({
      '@timestamp': new Date(BASE + t).toISOString(),
      event: { category: [rng.pick(['process', 'process', 'network', 'file'])] },
      host: { id: rng.pick(['h1', 'h2', 'h3']) },
      v: rng.int(4),
      n: `e${i}`,
    });
  }
  return out;
}

const shown = (rs: QueryResult[]) =>
  rs.map((r) =>
    r.kind === 'event'
      ? String(r.event.source.n)
      : r.events.map((e) => (isMissingEvent(e) ? '!' : String(e.source.n))).join(' '),
  );

const settings = { timestampField: '@timestamp', eventCategoryField: 'event.category' };

describe('offline runs: result position tail and the keep predicate, against brute force', function () {
  this.timeout(120_000);
  const t = tempDir();
  after(() => t.remove());
  const ndjson = (name: string, xs: Record<string, unknown>[]) =>
    t.file(name, xs.map((x) => JSON.stringify(x)).join('\n'));
  const run = async (query: string, file: string, o: Partial<OfflineQueryOptions>) =>
    shown((await queryEventFiles(parse(query), { ...settings, size: ALL, events: [file], ...o })).results);

  it(`tail with size N is all results then the last N (${RUN.cases} cases, seed ${RUN.seed})`, async () => {
    let truncated = 0;
    for (let i = 0; i < RUN.cases; i++) {
      const rng = RUN.rng(i);
      const query = rng.pick(QUERIES);
      const size = rng.pick([1, 2, 3, 5, 10, 50]);
      const file = ndjson(`tail-${i}.ndjson`, events(rng));
      const all = await run(query, file, {});
      const tail = await run(query, file, { size, resultPosition: 'tail' });
      const what = `${RUN.reproduce(i)}: size ${size}, ${query}`;
      expect(tail, what).to.deep.equal(all.slice(Math.max(0, all.length - size)));
      // head stays the default, as `query` has it
      expect(await run(query, file, { size }), what).to.deep.equal(all.slice(0, size));
      if (all.length > size) truncated++;
    }
    // the cases must exercise a size that cuts, not only short answers
    expect(truncated).to.be.above(RUN.cases / 4);
  });

  it(`keep(source) answers as the same run over only the kept events (${RUN.cases} cases)`, async () => {
    let dropped = 0;
    for (let i = 0; i < RUN.cases; i++) {
      const rng = RUN.rng(i + 100_000);
      const query = rng.pick(QUERIES);
      const xs = events(rng);
      const excludedHost = rng.pick(['h1', 'h2', 'none']);
      const excludedV = rng.int(5);
      const keep = (s: Record<string, unknown>) =>
        (s.host as { id: string }).id !== excludedHost && s.v !== excludedV;
      const kept = xs.filter(keep);
      dropped += xs.length - kept.length;
      const got = await run(query, ndjson(`keep-${i}.ndjson`, xs), { keep, resultPosition: 'tail' });
      const want = await run(query, ndjson(`kept-${i}.ndjson`, kept), { resultPosition: 'tail' });
      expect(got, `${RUN.reproduce(i)}: ${query}`).to.deep.equal(want);
    }
    expect(dropped).to.be.above(0);
  });
});
