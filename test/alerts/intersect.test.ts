/**
 * A shell's body is what its building blocks share: property-tested against a model that works on leaf paths
 * (each document's `path → value`, dotted keys and nesting read alike), over random documents written in random
 * notations, and checked on the cases of Kibana's own tests (build_alert_group_from_sequence.test.ts and the EQL
 * rule's API integration test "ensures common fields are present in generated shell alert", Kibana main).
 */
import { expect } from 'chai';
import { objectArrayIntersection, objectPairIntersection } from '../../src/alerts/intersect.js';
import type { Prng } from '../../src/generate/prng.js';
import { seededRun } from '../support/seeded.js';

const PATHS = [
  'host.name',
  'host.id',
  'host.os.type',
  'user.name',
  'process.parent.name',
  'tags',
  'x',
  'a.b.c.d',
];
const VALUES: unknown[] = ['v1', 'v2', 1, '1', 0, null, true, false];
const ARRAYS: unknown[][] = [['a', 'b'], ['b'], ['b', 'a', 'c'], [1, 2], [1, '1'], []];

interface Leaf {
  value: unknown;
  /** Written under a key holding a dot (`{"os.type": …}`), as opposed to a last nested key. */
  dotted: boolean;
}

/** A random document and its leaves. */
function randomDoc(rng: Prng): { doc: Record<string, unknown>; leaves: Map<string, Leaf> } {
  const doc: Record<string, unknown> = {};
  const leaves = new Map<string, Leaf>();
  for (const path of PATHS) {
    if (!rng.chance(0.75)) continue;
    const value = rng.chance(0.3) ? [...rng.pick(ARRAYS)] : rng.pick(VALUES);
    const parts = path.split('.');
    const nestedDepth = rng.int(parts.length); // the first `nestedDepth` parts as nested keys, the rest one key
    let cur = doc;
    for (const p of parts.slice(0, nestedDepth)) cur = (cur[p] ??= {}) as Record<string, unknown>;
    const last = parts.slice(nestedDepth).join('.');
    cur[last] = value;
    leaves.set(path, { value, dotted: last.includes('.') });
  }
  return { doc, leaves };
}

/** lodash intersection: each value once, first array's order, SameValueZero. */
const intersection = (a: unknown[], b: unknown[]) => [...new Set(a)].filter((v) => b.includes(v));

/** What the shell keeps, from the leaves alone: a path in every document, its values folded pairwise. */
function model(docs: Array<Map<string, Leaf>>): Record<string, unknown> | undefined {
  const out: Record<string, unknown> = {};
  for (const path of PATHS) {
    if (!docs.every((d) => d.has(path))) continue;
    let acc: unknown = docs[0]!.get(path)!.value;
    let kept = true;
    for (const d of docs.slice(1)) {
      const v = d.get(path)!.value;
      if (acc === v) continue;
      if (Array.isArray(acc) || Array.isArray(v))
        acc = intersection(Array.isArray(acc) ? acc : [acc], Array.isArray(v) ? v : [v]);
      else kept = false;
    }
    if (!kept) continue;
    if (docs.every((d) => d.get(path)!.dotted)) out[path] = acc;
    else {
      const parts = path.split('.');
      let cur = out;
      for (const p of parts.slice(0, -1)) cur = (cur[p] ??= {}) as Record<string, unknown>;
      cur[parts[parts.length - 1]!] = acc;
    }
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

describe('shell body: the intersection of the building blocks', () => {
  const run = seededRun('INTERSECT_SEED', 'INTERSECT_CASES', { seed: 9001, cases: 500 });
  it(`keeps exactly the paths equal in all, over ${run.cases} random sets of documents`, () => {
    let kept = 0;
    for (let i = 0; i < run.cases; i++) {
      const rng = run.rng(i);
      const docs = Array.from({ length: rng.range(2, 4) }, () => randomDoc(rng));
      const got = objectArrayIntersection(docs.map((d) => d.doc));
      expect(
        got,
        `case ${i}: ${run.reproduce(i)} over ${JSON.stringify(docs.map((d) => d.doc))}`,
      ).to.deep.equal(model(docs.map((d) => d.leaves)));
      if (got !== undefined) kept++;
    }
    // the random documents must share something often enough for the comparison to mean anything
    expect(kept).to.be.greaterThan(run.cases / 2);
  });

  const cases: Array<{ name: string; a: object; b: object; out: unknown }> = [
    { name: 'identical arrays', a: { f: [1] }, b: { f: [1] }, out: { f: [1] } },
    { name: 'a value and an array holding it', a: { f: 1 }, b: { f: [1, 2, 3] }, out: { f: [1] } },
    { name: 'arrays sharing two values', a: { f: [3, 4, 5] }, b: { f: [1, 2, 3, 4] }, out: { f: [3, 4] } },
    { name: 'disjoint arrays keep an empty array', a: { f: [1, 2] }, b: { f: [3, 4] }, out: { f: [] } },
    { name: 'numbers and strings differ', a: { f: 1, g: 1 }, b: { f: 1, g: '1' }, out: { f: 1 } },
    { name: 'null equals null only', a: { f: 1, g: null }, b: { f: null, g: null }, out: { g: null } },
    { name: 'nothing shared', a: { f: 1 }, b: { g: 1 }, out: undefined },
    { name: 'empty objects', a: {}, b: {}, out: undefined },
    {
      name: 'a dotted key meets the nested path',
      a: { 'user.email': 'm' },
      b: { user: { email: 'm' } },
      out: { user: { email: 'm' } },
    },
    {
      name: 'dotted in both stays dotted',
      a: { 'host.name': 'h' },
      b: { 'host.name': 'h' },
      out: { 'host.name': 'h' },
    },
    {
      name: 'objects of arrays of objects never match another document',
      a: { threat: [{ id: 'T1' }] },
      b: { threat: [{ id: 'T1' }] },
      out: { threat: [] },
    },
    {
      name: 'objects within objects, an object left empty dropped',
      a: { c: { f1: 1, f2: 1, arr: [1, 2], n: { f1: 1, f2: 1 }, gone: { x: 1 } } },
      b: { c: { f1: 1, f2: 2, arr: [1, 2], n: { f1: 1, f2: 2 }, gone: { y: 1 } } },
      out: { c: { f1: 1, arr: [1, 2], n: { f1: 1 } } },
    },
  ];
  for (const c of cases)
    it(c.name, () =>
      expect(
        objectPairIntersection(c.a as Record<string, unknown>, c.b as Record<string, unknown>),
      ).to.deep.equal(c.out),
    );

  it("Kibana's integration test: agent.name differs, one client.ip shared, dotted host.name kept", () => {
    const doc1 = {
      agent: { name: 'agent-1', type: 'auditbeat', version: '8.13.0' },
      client: { ip: ['127.0.0.1', '127.0.0.2'] },
      'host.name': 'host-0',
    };
    const doc2 = {
      agent: { name: 'agent-0', type: 'auditbeat', version: '8.13.0' },
      client: { ip: ['127.0.0.1', '127.0.0.3'] },
      'host.name': 'host-0',
    };
    expect(objectArrayIntersection([doc2, doc1])).to.deep.equal({
      agent: { type: 'auditbeat', version: '8.13.0' },
      client: { ip: ['127.0.0.1'] },
      'host.name': 'host-0',
    });
  });

  it('of one document is that document; of none, nothing', () => {
    const one = { a: { 'b.c': 1 } };
    expect(objectArrayIntersection([one])).to.equal(one);
    expect(objectArrayIntersection([])).to.equal(undefined);
  });
});
