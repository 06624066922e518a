/**
 * The rule filter a cluster runs and the one a run over files evaluates must keep the same events. Seeded
 * documents are indexed with an explicit mapping; for each seeded case (random exception items of every entry
 * type and operator, several items and entries, and Kibana filters) the documents a search with
 * `bool.filter: [ruleFilter.query]` returns must be exactly those compileRuleFilter's `keep()` keeps: with the
 * mapping as its schema over any documents, and without a schema over documents whose values already have their
 * field's type (the types then come from the values, as for event files).
 *
 * The test distribution (integ-test-zip) has no `wildcard` field type, so `wildcard` entries run on `keyword`
 * fields only; a `wildcard` field answers the same wildcard query the same way, which a fuller distribution could
 * add to the class. Text fields are left out: keep() reports them as not applied to files (rule-filter.toml).
 * Date math in range filters is left out too: the node reads `now` from its own clock, keep() from the run's.
 */
import { expect } from 'chai';
import { compileRuleFilter } from '../../src/exceptions/matches.js';
import { nestedPathsOf } from '../../src/exceptions/nested-paths.js';
import { ruleFilter } from '../../src/exceptions/rule-filter.js';
import { Prng } from '../../src/generate/prng.js';
import { Schema } from '../../src/mapping/schema.js';
import { suiteIndex, type SuiteIndex } from '../support/es.js';
import { envInt, seededRun } from '../support/seeded.js';
import { MAPPING, naturalDoc, randomDoc, randomFilters, randomItems } from './random-cases.js';

const NOW = new Date('2026-03-01T00:00:00Z');
const DOCS = envInt('EXCEPTIONS_DOCS', 150);
const NESTED = nestedPathsOf(MAPPING);
const run = seededRun('EXCEPTIONS_SEED', 'EXCEPTIONS_CASES', { seed: 1400, cases: 600 });

type Docs = ReadonlyArray<readonly [string, Record<string, unknown>]>;

function seededDocs(): Docs {
  const rng = new Prng(envInt('EXCEPTIONS_DOC_SEED', 77));
  return Array.from({ length: DOCS }, (_, i) => [`d${i}`, randomDoc(rng)] as const);
}

/** Runs every case on the node and through keep(); returns how many kept some but not all documents. */
async function compareAll(si: SuiteIndex, docs: Docs, schema: Schema | undefined): Promise<number> {
  const cases = Array.from({ length: run.cases }, (_, i) => {
    const rng = run.rng(i);
    const items = randomItems(rng, NOW);
    const filters = randomFilters(rng);
    return { i, items, filters, rf: ruleFilter(items, filters, { now: NOW }) };
  });
  let nonTrivial = 0;
  for (let from = 0; from < cases.length; from += 50) {
    const batch = cases.slice(from, from + 50);
    const searches = batch.flatMap((c) => [
      { index: si.index },
      { query: { bool: { filter: c.rf.query ? [c.rf.query] : [] } }, size: DOCS, _source: false },
    ]);
    const res = await si.conn.client.msearch({ searches });
    res.responses.forEach((r, k) => {
      const c = batch[k]!;
      const shown = (): string =>
        `case ${c.i} (${run.reproduce(c.i)}):\nitems ${JSON.stringify(c.items)}\nfilters ${JSON.stringify(
          c.filters,
        )}\nquery ${JSON.stringify(c.rf.query)}`;
      if ('error' in r) expect.fail(`${shown()}\nthe node refused it: ${JSON.stringify(r.error)}`);
      const got = new Set(r.hits.hits.map((h) => h._id!));
      const compiled = compileRuleFilter(c.items, c.filters, { now: NOW, schema, nestedPaths: NESTED });
      const offline = compiled.warnings.filter((w) => w.includes('not applied to events read from files'));
      expect(offline, shown()).to.deep.equal([]);
      const kept = new Set<string>(docs.filter(([, d]) => compiled.keep(d)).map(([id]) => id));
      const onlyEs = [...got].filter((id) => !kept.has(id));
      const onlyKeep = [...kept].filter((id) => !got.has(id));
      if (onlyEs.length || onlyKeep.length) {
        const doc = (id: string): string => JSON.stringify(docs.find(([d]) => d === id)![1]);
        expect.fail(
          `${shown()}\nonly the cluster kept ${onlyEs.slice(0, 3).map(doc).join(' ')}\n` +
            `only keep() kept ${onlyKeep.slice(0, 3).map(doc).join(' ')}`,
        );
      }
      if (got.size > 0 && got.size < DOCS) nonTrivial++;
    });
  }
  return nonTrivial;
}

describe('exception items and rule filters: the cluster and keep() with the mapping agree @es', function () {
  this.timeout(300_000);
  const si = suiteIndex('rr-exceptions-typed');
  const docs = seededDocs();
  before(async () => {
    expect([...(await si.load(MAPPING, docs))], 'documents the node refused').to.deep.equal([]);
  });
  it(`${run.cases} seeded cases over ${DOCS} documents`, async () => {
    const nonTrivial = await compareAll(si, docs, Schema.fromMapping(MAPPING));
    // the class must tell documents apart, not keep all or none
    expect(nonTrivial, 'cases keeping some but not all documents').to.be.greaterThan(run.cases / 3);
  });
});

describe('exception items and rule filters: the cluster and keep() without a schema agree @es', function () {
  this.timeout(300_000);
  const si = suiteIndex('rr-exceptions-natural');
  const docs = seededDocs().map(([id, d]) => [id, naturalDoc(d)] as const);
  before(async () => {
    expect([...(await si.load(MAPPING, docs))], 'documents the node refused').to.deep.equal([]);
  });
  it(`${run.cases} seeded cases over ${DOCS} documents whose values have their field's type`, async () => {
    const nonTrivial = await compareAll(si, docs, undefined);
    expect(nonTrivial, 'cases keeping some but not all documents').to.be.greaterThan(run.cases / 3);
  });
});
