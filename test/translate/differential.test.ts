/**
 * The translator against a real Elasticsearch @es: every event query and every sequence/sample stage of the
 * EQL QA suite runs as the translated Query DSL on an index holding the suite's documents, and the ids it finds
 * are compared with the evaluator's over the same documents and schema. Exact translations must find the same
 * set; non-exact ones a superset. The candidate query of each sequence/sample is checked the same way against
 * "some stage matches and every non-optional join key has a value".
 */
import { expect } from 'chai';
import { join } from 'node:path';
import type { Connection } from '../../src/es/client.js';
import { loadIndex } from '../../tools/conformance/datasets.js';
import { loadSpecFile } from '../../tools/conformance/spec-file.js';
import { specDirAvailable } from '../../tools/conformance/runner.js';
import type { EventQuery, Field, Statement } from '../../src/eql/syntax/ast.js';
import { compileEventFilter, compileFieldReader } from '../../src/eql/evaluate/index.js';
import { parse } from '../../src/eql/syntax/parser.js';
import { verify } from '../../src/eql/verify/verify.js';
import { Schema } from '../../src/mapping/schema.js';
import { translateCandidates, translateEventQuery } from '../../src/translate/index.js';
import { SPEC_DIR } from '../support/paths.js';
import { testConnection, uniqueIndex } from '../support/es.js';

interface Suite {
  index: string;
  files: string[];
}

function withoutVersionType(mapping: unknown): unknown {
  if (Array.isArray(mapping)) return mapping.map(withoutVersionType);
  if (!mapping || typeof mapping !== 'object') return mapping;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(mapping))
    out[k] = k === 'type' && v === 'version' ? 'keyword' : withoutVersionType(v);
  return out;
}

const SUITES: Suite[] = [
  {
    index: 'endgame-140',
    files: ['test_queries.toml', 'additional_test_queries.toml', 'test_queries_date.toml'],
  },
  { index: 'endgame-140-nanos', files: ['test_queries_date_nanos.toml', 'test_queries.toml'] },
  { index: 'extra', files: ['test_extra.toml'] },
  { index: 'missing-events', files: ['test_missing_events.toml'] },
];

interface Check {
  label: string;
  text: string;
  run: () => Promise<{ exact: boolean; es: Set<string>; evaluator: Set<string> }>;
}

function sorted(s: Set<string>): string[] {
  return [...s].sort((a, b) => Number(a) - Number(b));
}

describe('EQL → Query DSL against Elasticsearch @es', function () {
  this.timeout(300_000);
  let conn: Connection;
  const created: string[] = [];

  before(async function () {
    conn = await testConnection();
  });
  after(async () => {
    if (!conn) return;
    for (const index of created) await conn.client.indices.delete({ index, ignore_unavailable: true });
    await conn.client.close();
  });

  for (const suite of SUITES) {
    it(`${suite.index}: translated queries find what the evaluator accepts (${suite.files.join(', ')})`, async function () {
      if (!specDirAvailable(SPEC_DIR)) {
        console.warn(`skipping: the EQL spec suite is not at ${SPEC_DIR}`);
        this.skip();
      }
      const loaded = loadIndex(SPEC_DIR, suite.index, 'keyword');
      const index = uniqueIndex(`rr-translate-${suite.index}`);
      created.push(index);
      // this test distribution has no `version` (nor `wildcard`) field type: such fields become keywords
      await conn.client.indices.create({ index, mappings: withoutVersionType(loaded.mapping) as never });
      const docs = loaded.documents;
      // ids are positions: some data files reuse their id field across groups of events
      const ids = new Map(docs.map((d, i) => [d, String(i)]));
      const bulk = await conn.client.bulk({
        refresh: true,
        operations: docs.flatMap((d) => [{ index: { _index: index, _id: ids.get(d)! } }, d]),
      });
      expect(bulk.errors, JSON.stringify(bulk.items.find((i) => i.index?.error))).to.equal(false);
      const mapping = await conn.client.indices.getMapping({ index });
      const schema = Schema.fromMapping(mapping);

      const search = async (query: Record<string, unknown>): Promise<Set<string>> => {
        const res = await conn.client.search({ index, query: query as never, size: 10_000, _source: false });
        return new Set(res.hits.hits.map((h) => h._id!));
      };
      const evaluate = (pred: (src: Record<string, unknown>) => boolean): Set<string> =>
        new Set(docs.filter((d) => pred(d)).map((d) => ids.get(d)!));

      const checks: Check[] = [];
      const seen = new Set<string>();
      let unparsed = 0;
      const addStage = (q: EventQuery, stmt: Statement, label: string) => {
        const text = stmt.source.slice(q.span.start, q.span.end);
        if (seen.has(text)) return;
        seen.add(text);
        checks.push({
          label,
          text,
          run: async () => {
            const t = translateEventQuery(q, { schema, source: stmt.source });
            const filter = compileEventFilter(q, { schema, source: stmt.source });
            return { exact: t.exact, es: await search(t.query), evaluator: evaluate(filter) };
          },
        });
      };
      for (const file of suite.files) {
        for (const c of loadSpecFile(join(SPEC_DIR, file))) {
          let stmt: Statement;
          try {
            stmt = parse(c.query);
            verify(stmt, { schema });
          } catch {
            unparsed++;
            continue;
          }
          const q = stmt.query;
          const label = `${file} ${c.name}`;
          if (q.type === 'event') {
            addStage(q, stmt, label);
            continue;
          }
          const stages =
            q.type === 'sequence'
              ? [...q.stages, ...(q.until ? [q.until] : [])]
              : q.stages.map((s) => ({ ...s, missing: false }));
          stages.forEach((s, i) => addStage(s.query, stmt, `${label} stage ${i + 1}`));
          const s = stmt;
          checks.push({
            label: `${label} candidates`,
            text: c.query,
            run: async () => {
              const t = translateCandidates(s, { schema });
              const perStage = stages.map((st) => {
                const filter = compileEventFilter(st.query, { schema, source: s.source });
                const keys = [...q.by, ...st.by]
                  .filter((k: Field) => !k.optional)
                  .map((k) => compileFieldReader(k, { schema }));
                return (d: Record<string, unknown>) =>
                  filter(d) && keys.every((read) => read(d) !== undefined && read(d) !== null);
              });
              return {
                exact: t.exact,
                es: await search(t.query),
                evaluator: evaluate((d) => perStage.some((p) => p(d))),
              };
            },
          });
        }
      }

      let exact = 0;
      const candidates = checks.filter((c) => c.label.endsWith(' candidates')).length;
      const failures: string[] = [];
      for (const check of checks) {
        let r: Awaited<ReturnType<Check['run']>>;
        try {
          r = await check.run();
        } catch (e) {
          failures.push(`${check.label}: ${(e as Error).message}\n    ${check.text}`);
          continue;
        }
        if (r.exact) exact++;
        const missed = sorted(new Set([...r.evaluator].filter((id) => !r.es.has(id))));
        const extra = sorted(new Set([...r.es].filter((id) => !r.evaluator.has(id))));
        if (missed.length || (r.exact && extra.length))
          failures.push(
            `${check.label} (exact=${r.exact}): DSL missed [${missed.join(',')}] added [${extra.join(',')}]\n    ${check.text}`,
          );
      }
      console.log(
        `      ${suite.index}: ${checks.length - candidates} stage conditions + ${candidates} candidate queries ` +
          `(${unparsed} queries not parsed): ${exact} exact, ` +
          `${checks.length - exact} superset, ${failures.length} wrong`,
      );
      expect(failures, failures.join('\n')).to.deep.equal([]);
      expect(checks.length).to.be.greaterThan(0);
    });
  }
});
