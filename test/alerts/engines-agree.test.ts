/**
 * A match writes the same alerts whichever engine found it. The offline engine's results over random events, and
 * the same results as the EQL API returns them (a response body mapped by src/sources/es-eql-source.ts, `_source`
 * through JSON, `![...]` stages as `{_index: "", _id: "", missing: true}`), give identical alert documents, ids
 * included. The raw-search engine hands the engine the same events, so it is the offline path here. (The test
 * Elasticsearch, the integ-test-zip distribution, has no EQL API; a fuller distribution would let a test read the
 * response from a node instead of writing it.)
 */
import { expect } from 'chai';
import { buildAlertGroups } from '../../src/alerts/build-alerts.js';
import { parse } from '../../src/eql/syntax/parser.js';
import { createExecutor } from '../../src/engine/executor.js';
import { prepareEvents, type RawDoc } from '../../src/engine/prepare-events.js';
import { isMissingEvent, type QueryResult } from '../../src/engine/results.js';
import type { Prng } from '../../src/generate/prng.js';
import { mapEqlResponse } from '../../src/sources/es-eql-source.js';
import { seededRun } from '../support/seeded.js';
import { context, NETWORK_INDEX, PROCESS_INDEX, seedRule } from './fixtures.js';

const QUERIES: Record<string, string> = {
  seed: String(seedRule().params.query),
  withMissing:
    'sequence by host.id with maxspan=1m [process where process.name == "bash"] ![file where true] [network where true]',
  events: 'process where process.parent.name == "installer"',
};

function randomDocs(rng: Prng): RawDoc[] {
  const docs: RawDoc[] = [];
  let t = Date.parse('2026-12-01T10:00:00Z');
  for (let i = 0; i < rng.range(5, 40); i++) {
    t += rng.int(20_000);
    const host = { id: `h${rng.int(3)}`, name: 'mac', os: { type: 'macos' } };
    const entity = `e${rng.int(4)}`;
    const kind = rng.weighted(['process', 'network', 'file'], [5, 4, 1]);
    const source: Record<string, unknown> = {
      '@timestamp': new Date(t).toISOString(),
      event: { category: [kind], type: ['start'], action: 'exec', kind: 'event' },
      host,
      process:
        kind === 'network'
          ? { name: rng.pick(['curl', 'python']), parent: { entity_id: entity } }
          : {
              name: rng.pick(['bash', 'sh']),
              entity_id: entity,
              parent: { name: rng.pick(['installer', 'launchd']) },
            },
      user: { name: rng.pick(['root', 'alice']) },
    };
    docs.push({ index: kind === 'network' ? NETWORK_INDEX : PROCESS_INDEX, id: `d${i}`, source });
  }
  return docs;
}

/** The results as an EQL API response body. */
function asEqlResponse(results: QueryResult[]): unknown {
  const hit = (e: Exclude<QueryResult, { kind: 'event' }>['events'][number]) =>
    isMissingEvent(e)
      ? { _index: '', _id: '', missing: true }
      : { _index: e.index, _id: e.id, _source: JSON.parse(JSON.stringify(e.source)) };
  const events = results.flatMap((r) =>
    r.kind === 'event'
      ? [{ _index: r.event.index, _id: r.event.id, _source: structuredClone(r.event.source) }]
      : [],
  );
  const sequences = results.flatMap((r) =>
    r.kind === 'event' ? [] : [{ join_keys: r.joinKeys, events: r.events.map(hit) }],
  );
  return {
    is_partial: false,
    timed_out: false,
    took: 3,
    hits: { total: { value: results.length }, events, sequences },
  };
}

describe('alerts: offline and EQL API results write the same alerts', () => {
  const run = seededRun('ENGINES_AGREE_SEED', 'ENGINES_AGREE_CASES', { seed: 77, cases: 60 });
  const found = { sequences: 0, missing: 0, events: 0 };
  for (const [name, query] of Object.entries(QUERIES))
    for (let i = 0; i < run.cases; i++)
      it(`${name}, case ${i} (${run.reproduce(i)})`, () => {
        const rng = run.rng(i);
        const stmt = parse(query);
        const ex = createExecutor(stmt, { size: 100 });
        ex.pushAll(prepareEvents(randomDocs(rng), stmt));
        const offline = ex.finish();
        const api = mapEqlResponse(asEqlResponse(offline)).results;
        const rule = seedRule({ query });
        const ctx = context();
        const a = buildAlertGroups(offline, rule, ctx);
        const b = buildAlertGroups(api, rule, ctx);
        expect(JSON.stringify(b)).to.equal(JSON.stringify(a));
        for (const r of offline)
          if (r.kind === 'event') found.events++;
          else {
            found.sequences++;
            if (r.events.some(isMissingEvent)) found.missing++;
          }
      });

  after(() => {
    // the random events must have produced each kind of match, or the comparison above proved little (the
    // figures at the default seed: 60 sequences, 50 with a missing stage, 154 single events over 60 cases)
    expect(found.sequences, 'sequences compared').to.be.at.least(Math.floor(run.cases / 2));
    expect(found.missing, 'sequences with a missing stage compared').to.be.at.least(
      Math.floor(run.cases / 4),
    );
    expect(found.events, 'single events compared').to.be.at.least(run.cases);
  });
});
