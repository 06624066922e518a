import { expect } from 'chai';
import { documentKind, type DocumentKind } from '../../src/rules/export-documents.js';

/** Documents of Kibana exports (rules, exceptions; 7.x and 8.x summaries) and what each must be taken for. */
const CASES: Array<[string, unknown, DocumentKind]> = [
  ['a rule', { rule_id: 'r', type: 'eql', query: 'any where true' }, 'rule'],
  ['a rule without its rule_id (reported as a rule)', { type: 'eql', name: 'n' }, 'rule'],
  ['a rule with exceptions', { rule_id: 'r', exceptions_list: [{ list_id: 'l' }] }, 'rule'],
  ['not an object', 'text', 'rule'],
  ['an array', [1], 'rule'],
  ['null', null, 'rule'],
  [
    'an exception list',
    { list_id: 'l', type: 'detection', namespace_type: 'single', name: 'L' },
    'exception-list',
  ],
  ['an exception item', { item_id: 'i', list_id: 'l', entries: [], type: 'simple' }, 'exception-item'],
  ['an item without item_id (reported as an item)', { list_id: 'l', entries: [] }, 'exception-item'],
  ['an item missing its list_id', { item_id: 'i', entries: [] }, 'exception-item'],
  ['an 8.x rules summary', { exported_count: 3, exported_rules_count: 1, missing_rules: [] }, 'summary'],
  ['a 7.x rules summary', { exported_rules_count: 1, missing_rules: [], missing_rules_count: 0 }, 'summary'],
  [
    'an exceptions summary',
    { exported_exception_list_count: 1, exported_exception_list_item_count: 2 },
    'summary',
  ],
  [
    'a connector',
    { id: 'c', type: 'action', attributes: { actionTypeId: '.slack' }, references: [] },
    'connector',
  ],
  ['an unknown object (reported as a rule)', { hello: 'world' }, 'rule'],
];

describe('what each document of a Kibana export is', () => {
  for (const [name, value, kind] of CASES)
    it(`${name}: ${kind}`, () => expect(documentKind(value)).to.equal(kind));
});
