/**
 * A seeded property over the whole rule schema: one field of a valid rule (any field, at any depth) set to a value
 * of the wrong type, out of its range, off its list of options or empty where Kibana wants a non-empty string,
 * always gives a problem naming that field, never an exception and never an accepted rule. The same for one field
 * of an exception item. RULE_MUTATION_SEED and RULE_MUTATION_CASES replay or lengthen a run.
 */
import { expect } from 'chai';
import type { Prng } from '../../src/generate/prng.js';
import { ExceptionIndex } from '../../src/rules/exception-index.js';
import { loadRules } from '../../src/rules/load-rules.js';
import type { RuleProblem } from '../../src/rules/rule-problem.js';
import { validateRule } from '../../src/rules/validate-rule.js';
import { seededRun } from '../support/seeded.js';
import { tempDir } from '../support/tmp.js';
import { copyOf, setAt, VALID_ITEM, VALID_RULE } from './rule-documents.js';

/** Every path into `doc` (`threat[0].tactic.id`...), not into free-form objects, whose insides anything fits. */
function paths(doc: unknown, prefix = '', freeForm: string[] = []): string[] {
  const out: string[] = [];
  const visit = (value: unknown, path: string) => {
    if (path !== '') out.push(path);
    if (freeForm.includes(path) || value === null || typeof value !== 'object') return;
    if (Array.isArray(value)) value.forEach((v, i) => visit(v, `${path}[${i}]`));
    else for (const [k, v] of Object.entries(value)) visit(v, path === '' ? k : `${path}.${k}`);
  };
  visit(doc, prefix);
  return out;
}

const valueAt = (doc: unknown, path: string): unknown =>
  [...path.matchAll(/([^.[\]]+)|\[(\d+)\]/g)].reduce<unknown>(
    (cur, m) => (cur as Record<string, unknown>)[m[2] ?? m[1]!],
    doc,
  );

/** Values out of range or off the options, by path (array positions as `[]`). */
const OUT_OF_RANGE: Record<string, unknown[]> = {
  max_signals: [0, -1, 10_001, 1e9, 2.5],
  risk_score: [-1, 101, 47.5],
  'risk_score_mapping[].risk_score': [-1, 101, 47.5],
  version: [0, -3, 1.5],
  severity: ['urgent', 'High', ''],
  'severity_mapping[].severity': ['urgent', 'High', ''],
  type: ['query', 'threshold', 'esql'],
  'exceptions_list[].type': ['shared', 'Detection'],
  'exceptions_list[].namespace_type': ['global', 'Single'],
  'severity_mapping[].operator': ['is', 'equal'],
  'risk_score_mapping[].operator': ['is', 'equal'],
  building_block_type: ['hidden', ''],
  language: ['kuery', 'EQL'],
  interval: ['5', '5 m', '0m', '-5m', 'five minutes'],
  from: ['yesterday', 'now-', 'now-5x'],
  to: ['later', 'now+'],
  // exception items
  'entries[].type': ['regex', 'match_all'],
  'entries[].operator': ['is', 'not'],
  'entries[].list.type': ['shared', 'string'],
  'entries[].entries[].type': ['wildcard', 'list'],
  'entries[].entries[].operator': ['is', 'not'],
  'os_types[]': ['solaris', 'macOS'],
  namespace_type: ['global', 'Single'],
  expire_time: ['tomorrow', '2026-13-01T00:00:00Z'],
};

/** Fields Kibana types as NonEmptyString: an empty or blank one is wrong. */
const NON_EMPTY =
  /^(id|rule_id|name|description|query|item_id|list_id|timestamp_override|tiebreaker_field|event_category_override|timestamp_field|package|version|integration|field|value)$|^index\[|field_names\[/;

/** A wrong value for `path`, whose valid value is `valid`. */
function wrongValue(rng: Prng, path: string, valid: unknown): unknown {
  const shape = path.replace(/\[\d+\]/g, '[]');
  const choices: unknown[] = [];
  if (typeof valid === 'string') choices.push(7, true, ['x'], { a: 1 }, null);
  else if (typeof valid === 'number') choices.push(String(valid), true, [valid], null);
  else if (typeof valid === 'boolean') choices.push(String(valid), 1, [valid], null);
  else if (Array.isArray(valid)) choices.push('x', 3, { 0: 'x' }, null);
  // investigation_fields also takes an array (Kibana 8.10's form), and `meta` an object of anything
  else choices.push('x', 3, true, null, ...(path === 'investigation_fields' ? [] : [['x']]));
  if (OUT_OF_RANGE[shape] && typeof valid !== 'object') choices.push(...OUT_OF_RANGE[shape]!);
  if (typeof valid === 'string' && NON_EMPTY.test(path)) choices.push('', '   ');
  return rng.pick(choices);
}

const named = (problems: RuleProblem[], path: string) =>
  problems.some(
    (p) => p.field === path || p.field?.startsWith(`${path}.`) || p.field?.startsWith(`${path}[`),
  );

describe('one field of a valid rule or item made wrong (seeded property)', () => {
  const run = seededRun('RULE_MUTATION_SEED', 'RULE_MUTATION_CASES', { seed: 0x5eed, cases: 1500 });
  const rulePaths = paths(VALID_RULE, '', ['meta', 'filters[0]']);
  const itemPaths = paths(VALID_ITEM).filter((p) => p !== 'description');

  it(`is a problem naming the field, never an exception (${run.cases} rules from seed ${run.seed})`, () => {
    expect(validateRule({ origin: 'base', value: VALID_RULE }).ok).to.equal(true);
    const fields = new Set<string>();
    for (let i = 0; i < run.cases; i++) {
      const rng = run.rng(i);
      const path = rng.pick(rulePaths);
      const value = wrongValue(rng, path, valueAt(VALID_RULE, path));
      const doc = copyOf(VALID_RULE);
      setAt(doc, path, value);
      const why = `${path} = ${JSON.stringify(value)} (${run.reproduce(i)})`;
      let check;
      try {
        check = validateRule({ origin: 'r.json', value: doc });
      } catch (e) {
        expect.fail(`${why}: threw ${(e as Error).stack}`);
      }
      expect(check.ok, `${why}: accepted`).to.equal(false);
      if (!check.ok)
        expect(named(check.problems, path), `${why}: ${JSON.stringify(check.problems)}`).to.equal(true);
      fields.add(path);
    }
    // the run reaches most of the schema, not a corner of it
    expect(fields.size).to.be.at.least(Math.min(rulePaths.length * 0.9, run.cases / 4));
  });

  it('leaves the other rules of a file loaded: one bad rule never stops the others', () => {
    const tmp = tempDir();
    try {
      for (let i = 0; i < Math.max(5, run.cases / 100); i++) {
        const rng = run.rng(i);
        const docs = Array.from({ length: rng.range(2, 12) }, (_, n) => ({
          ...copyOf(VALID_RULE),
          id: `id-${n}`,
          rule_id: `rule-${n}`,
        }));
        const bad = new Set<number>();
        for (let k = rng.range(1, docs.length); k > 0; k--) {
          const n = rng.int(docs.length);
          const path = rng.pick(rulePaths.filter((p) => p !== 'id' && p !== 'rule_id'));
          setAt(docs[n], path, wrongValue(rng, path, valueAt(VALID_RULE, path)));
          bad.add(n);
        }
        const file = tmp.file(`${i}.ndjson`, docs.map((d) => JSON.stringify(d)).join('\n'));
        const loaded = loadRules([file], { now: new Date('2026-01-01T00:00:00Z') });
        const why = run.reproduce(i);
        expect(
          loaded.rules.map((r) => r.rule.rule_id),
          why,
        ).to.deep.equal(docs.map((d) => d.rule_id).filter((_, n) => !bad.has(n)));
        expect(loaded.rejected, why).to.equal(bad.size);
        expect(new Set(loaded.problems.map((p) => p.origin)), why).to.deep.equal(
          new Set([...bad].map((n) => `${file}:${n + 1}`)),
        );
      }
    } finally {
      tmp.remove();
    }
  });

  it(`is a problem naming the item's field, never an exception (${run.cases / 3} items)`, () => {
    for (let i = 0; i < run.cases / 3; i++) {
      const rng = run.rng(i);
      const path = rng.pick(itemPaths);
      const value = wrongValue(rng, path, valueAt(VALID_ITEM, path));
      const doc = copyOf(VALID_ITEM);
      setAt(doc, path, value);
      const why = `${path} = ${JSON.stringify(value)} (${run.reproduce(i)})`;
      let problems: RuleProblem[] = [];
      try {
        problems = new ExceptionIndex().addItem({ origin: 'x.ndjson:1', value: doc });
      } catch (e) {
        expect.fail(`${why}: threw ${(e as Error).stack}`);
      }
      expect(named(problems, path), `${why}: ${JSON.stringify(problems)}`).to.equal(true);
    }
  });
});
