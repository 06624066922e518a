/**
 * Runs test/spec/invalid-rules.toml: one field of a valid rule, exception item or list made wrong, loaded from a
 * file as `validate` and the runner load it. The document must be left out, with one-line problems naming the
 * file, the field and what is wrong; and every field the rule schema types must have a case.
 */
import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseToml } from 'smol-toml';
import { loadRules } from '../../src/rules/load-rules.js';
import { REPO_ROOT } from '../support/paths.js';
import { tempDir } from '../support/tmp.js';
import { copyOf, pathKeys, setAt, VALID_ITEM, VALID_LIST, VALID_RULE } from './rule-documents.js';

interface InvalidCase {
  name: string;
  kind?: 'rule' | 'item' | 'list';
  field: string;
  value?: unknown;
  unset?: boolean;
  message: string;
  problem_field?: string;
}

const BASE = { rule: VALID_RULE, item: VALID_ITEM, list: VALID_LIST };
const NOW = new Date('2026-06-01T00:00:00Z');

const specFile = join(REPO_ROOT, 'test/spec/invalid-rules.toml');
const cases = (parseToml(readFileSync(specFile, 'utf8')) as unknown as { cases: InvalidCase[] }).cases;

/** The rule fields the brief and Kibana's schema type: each must be tried wrong at least once. */
const TYPED_RULE_FIELDS = [
  ...['id', 'rule_id', 'name', 'description', 'type', 'language', 'query', 'index', 'data_view_id'],
  ...['interval', 'from', 'to', 'max_signals', 'enabled', 'severity', 'risk_score', 'version', 'author'],
  ...['license', 'references', 'false_positives', 'tags', 'note', 'setup', 'namespace', 'meta'],
  ...['rule_name_override', 'building_block_type', 'threat', 'timestamp_override', 'tiebreaker_field'],
  ...['timestamp_override_fallback_disabled', 'event_category_override', 'timestamp_field', 'filters'],
  ...['exceptions_list', 'severity_mapping', 'risk_score_mapping', 'required_fields', 'related_integrations'],
  'investigation_fields',
];
const ENTRY_TYPES = ['match', 'match_any', 'exists', 'wildcard', 'list', 'nested'];

describe('invalid rules, items and lists (test/spec/invalid-rules.toml)', () => {
  const tmp = tempDir();
  after(() => tmp.remove());

  it('names each case once, and tries every typed rule field and every entry type', () => {
    expect(new Set(cases.map((c) => c.name)).size).to.equal(cases.length);
    const ruleFields = new Set(cases.filter((c) => !c.kind).map((c) => String(pathKeys(c.field)[0])));
    expect(TYPED_RULE_FIELDS.filter((f) => !ruleFields.has(f))).to.deep.equal([]);
    const entries = new Set(
      cases
        .filter((c) => c.kind === 'item' && c.field.startsWith('entries['))
        .map((c) => VALID_ITEM.entries[pathKeys(c.field)[1] as number]!.type),
    );
    expect(ENTRY_TYPES.filter((t) => !entries.has(t))).to.deep.equal([]);
  });

  it('loads the base documents without a problem', () => {
    const file = tmp.file(
      'base.ndjson',
      [VALID_RULE, VALID_LIST, VALID_ITEM].map((d) => JSON.stringify(d)).join('\n') + '\n',
    );
    const loaded = loadRules([file], { now: NOW });
    expect(loaded.problems).to.deep.equal([]);
    expect(loaded.rules).to.have.length(1);
    expect(loaded.rules[0]!.exceptionItems.map((i) => i.item_id)).to.deep.equal(['valid-item']);
  });

  for (const c of cases)
    it(`${c.name}: ${c.kind ?? 'rule'} ${c.field} ${c.unset ? 'removed' : `= ${JSON.stringify(c.value)}`}`, () => {
      const doc = copyOf(BASE[c.kind ?? 'rule']) as Record<string, unknown>;
      setAt(doc, c.field, c.value, c.unset);
      const file = tmp.file(`${c.name}.ndjson`, JSON.stringify(doc) + '\n');
      const loaded = loadRules([file], { now: NOW });
      const shown = JSON.stringify(loaded.problems, null, 1);
      expect(loaded.rules, 'nothing loads').to.deep.equal([]);
      expect(loaded.rejected, shown).to.equal(1);
      const field = c.problem_field ?? c.field;
      const named = loaded.problems.filter((p) => p.field === field);
      expect(named, `a problem naming ${field}: ${shown}`).to.not.deep.equal([]);
      expect(
        named.some((p) => p.message.includes(c.message)),
        `"${c.message}" in ${shown}`,
      ).to.equal(true);
      for (const p of loaded.problems) {
        expect(p.origin, 'names the file and line').to.equal(`${file}:1`);
        if (!p.code.startsWith('EQL_')) expect(p.message, 'one line').to.not.include('\n');
        if (c.kind === 'item' && c.field !== 'item_id')
          expect(p.message, 'names the item').to.include(`exception item "${VALID_ITEM.item_id}"`);
      }
    });
});
