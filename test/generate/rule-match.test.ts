import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { createExecutor, makeOrdinal, type EngineEvent, type QueryResult } from '../../src/engine/index.js';
import { parse } from '../../src/eql/index.js';
import { generateEvents, toJson, writeNdjson, type GenerateOptions } from '../../src/generate/index.js';
import { queryEventFiles } from '../../src/run/offline.js';
import { tempDir } from '../support/tmp.js';

const rule = JSON.parse(readFileSync(new URL('../../../rule.json', import.meta.url), 'utf8')) as {
  query: string;
};

function runRule(opts: GenerateOptions) {
  const stream = generateEvents(opts);
  const ex = createExecutor(parse(rule.query), { size: 1_000_000 });
  let seq = 0;
  for (const e of stream) {
    // as an event file would give them: parsed JSON
    const source = JSON.parse(toJson(e)) as Record<string, unknown>;
    const ordinal = makeOrdinal(source, seq++);
    if (ordinal === null) throw new Error('event without timestamp');
    const id = (source.event as { id: string }).id;
    ex.push({ index: '.ds-logs-endpoint.events-default', id, source, ordinal });
  }
  const results = ex.finish();
  return { stream, results, stats: ex.stats() };
}

/** Events named by `event.id` (which ids from a file, line numbers, are not). */
const eventId = (e: EngineEvent) => (e.source.event as { id: string }).id;
const pairs = (rs: QueryResult[]): string[] =>
  rs
    .map((r) =>
      r.kind === 'event' ? eventId(r.event) : r.events.map((e) => eventId(e as EngineEvent)).join(' '),
    )
    .sort();

describe('rule.json over generated events', function () {
  this.timeout(30_000);

  it('finds exactly the planted sequences among ~20,000 events with near misses', () => {
    const { stream, results, stats } = runRule({ count: 20_000, hosts: 25, seed: 11, planted: 25 });
    const summary = stream.summary!;
    // the near misses really are there
    for (const k of [
      'downloaderFromShell',
      'installerQuiet',
      'installerLate',
      'installerWrongHost',
      'installerOtherChild',
    ])
      expect(summary.scenarios[k], k).to.be.above(20);
    expect(stats.rejectedByMaxspan + stats.expiredByMaxspan).to.be.above(0);
    expect(stream.planted).to.have.lengthOf(25);
    expect(pairs(results)).to.deep.equal(stream.planted.map((p) => p.eventIds.join(' ')).sort());
    for (const r of results) {
      const p = stream.planted.find(
        (x) => x.eventIds[0] === (r.kind === 'sequence' && (r.events[0] as EngineEvent).id),
      );
      expect(r.kind === 'sequence' && r.joinKeys).to.deep.equal([p!.hostId, p!.entityId]);
    }
  });

  it('finds them with other seeds, sizes and rates (one host: no wrong-host misses)', () => {
    for (const opts of [
      { count: 8000, hosts: 1, seed: 1, planted: 10, rate: 50 },
      { count: 12_000, hosts: 400, seed: 2, planted: 30, rate: 5000 },
      { count: 6000, hosts: 5, seed: 3, planted: 0 },
    ]) {
      const { stream, results } = runRule(opts);
      expect(stream.planted).to.have.lengthOf(opts.planted);
      expect(pairs(results), JSON.stringify(opts)).to.deep.equal(
        stream.planted.map((p) => p.eventIds.join(' ')).sort(),
      );
    }
  });

  it('gives the same sequences from an NDJSON file, where lines are prefiltered and unwanted events dropped', async () => {
    const opts = { count: 20_000, hosts: 40, seed: 5, planted: 20, rate: 500 };
    const direct = runRule(opts);
    const t = tempDir();
    try {
      const file = t.dir + '/events.ndjson';
      writeNdjson(file, opts);
      const run = await queryEventFiles(parse(rule.query), {
        events: [file],
        size: 1_000_000,
        timestampField: '@timestamp',
        eventCategoryField: 'event.category',
      });
      expect(pairs(run.results)).to.deep.equal(pairs(direct.results));
      expect(run.results.map((r) => r.kind !== 'event' && r.joinKeys)).to.deep.equal(
        direct.results.map((r) => r.kind !== 'event' && r.joinKeys),
      );
      // both shortcuts really ran: most lines skipped unparsed, some parsed events dropped before ordering
      expect(run.files.records).to.equal(opts.count);
      expect(run.files.skippedByPrefilter).to.be.above(opts.count / 2);
      expect(run.files.unwanted).to.be.above(0);
      expect(run.matcher.eventsSeen).to.equal(run.files.parsed - run.files.unwanted);
      expect(run.matcher.completed).to.equal(direct.stats.completed);
    } finally {
      t.remove();
    }
  });
});
