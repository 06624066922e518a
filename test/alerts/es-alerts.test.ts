/**
 * The alert documents as Elasticsearch takes them, under the types Kibana's field maps give the fields rule-runner
 * writes (kibana-field-map.ts names the files; `dynamic: false` as Kibana's alerts index): every document of a
 * single alert, a shell and its blocks is accepted by `create`, a second `create` of the same id is a 409 (what
 * the store counts as a duplicate), a shell and its blocks are found by `kibana.alert.group.id`, dates and numbers
 * compare as such, and the shell's two copies of the rule's parameters (dotted, and nested by the intersection)
 * index as one flattened field.
 */
import { expect } from 'chai';
import { buildAlertGroups } from '../../src/alerts/build-alerts.js';
import { suiteIndex } from '../support/es.js';
import { context, installerPair, seedRule, sequence, single } from './fixtures.js';

const k = { type: 'keyword' };
const date = { type: 'date' };
const props = (names: string[], t: object = k) => Object.fromEntries(names.map((n) => [n, t]));

/** The fields rule-runner writes, typed as Kibana's alerts index types them. */
const MAPPINGS = {
  dynamic: false,
  properties: {
    '@timestamp': date,
    event: { properties: { kind: k, action: k, category: k } },
    host: { properties: { id: k, name: k } },
    kibana: {
      properties: {
        space_ids: k,
        // Kibana maps it as `version`, a type the test node (the integ-test-zip distribution) does not have
        version: k,
        alert: {
          properties: {
            ...props(['building_block_type', 'reason', 'severity', 'status', 'uuid', 'workflow_status']),
            ...props(['workflow_tags', 'workflow_assignee_ids']),
            ...props(['original_time', 'start', 'last_detected', 'intended_timestamp'], date),
            url: { type: 'keyword', index: false, ignore_above: 2048 },
            depth: { type: 'long' },
            risk_score: { type: 'float' },
            group: { properties: { id: k, index: { type: 'integer' } } },
            ancestors: { properties: { depth: { type: 'long' }, ...props(['id', 'index', 'rule', 'type']) } },
            original_event: { properties: { ...props(['action', 'category', 'kind', 'type', 'dataset']) } },
            original_data_stream: { properties: props(['dataset', 'namespace', 'type']) },
            rule: {
              properties: {
                ...props(['author', 'category', 'consumer', 'created_by', 'description', 'enabled', 'from']),
                ...props(['false_positives', 'immutable', 'interval', 'license', 'name', 'note', 'producer']),
                ...props([
                  'references',
                  'rule_id',
                  'rule_name_override',
                  'rule_type_id',
                  'tags',
                  'timestamp_override',
                ]),
                ...props(['to', 'type', 'updated_by', 'uuid', 'version', 'building_block_type']),
                ...props(['created_at', 'updated_at'], date),
                max_signals: { type: 'long' },
                revision: { type: 'long' },
                parameters: { type: 'flattened', ignore_above: 4096 },
                exceptions_list: { type: 'object' },
                execution: { properties: { timestamp: date, type: k, uuid: k } },
                threat: {
                  properties: {
                    framework: k,
                    tactic: { properties: props(['id', 'name', 'reference']) },
                    technique: {
                      properties: {
                        ...props(['id', 'name', 'reference']),
                        subtechnique: { properties: props(['id', 'name', 'reference']) },
                      },
                    },
                  },
                },
              },
            },
          },
        },
      },
    },
  },
};

describe('alert documents in Elasticsearch @es', function () {
  this.timeout(60_000);
  const es = suiteIndex('rr-alerts');
  const rule = seedRule();
  const [proc, net] = installerPair();
  const { groups } = buildAlertGroups([sequence([proc, net]), single(proc)], rule, context());
  const docs = groups.flatMap((g) => g.docs);

  it('takes every document with create; the same id again is a 409', async () => {
    const client = es.conn.client;
    await client.indices.create({ index: es.index, mappings: MAPPINGS as never });
    const create = (ds: typeof docs) =>
      client.bulk({
        refresh: true,
        operations: ds.flatMap((d) => [{ create: { _index: es.index, _id: d._id } }, d._source]),
      });
    const first = await create(docs);
    expect(first.items.map((i) => [i.create?.status, i.create?.error?.reason])).to.deep.equal(
      docs.map(() => [201, undefined]),
    );
    const again = await create(docs);
    expect(again.items.map((i) => i.create?.status)).to.deep.equal(docs.map(() => 409));
  });

  it('finds a shell and its blocks by group id, in block order, and compares dates and numbers', async () => {
    const client = es.conn.client;
    const shell = groups[0]!.docs[0]!;
    const group = await client.search({
      index: es.index,
      query: { term: { 'kibana.alert.group.id': shell._id } },
      sort: [{ 'kibana.alert.group.index': { order: 'asc', missing: '_first' } }],
    });
    expect(group.hits.hits.map((h) => h._id)).to.deep.equal(groups[0]!.docs.map((d) => d._id));
    const early = await client.count({
      index: es.index,
      query: { range: { 'kibana.alert.original_time': { lt: '2026-12-01T10:01:01Z' } } },
    });
    expect(early.count, 'the first block and the single alert').to.equal(2);
    const deep = await client.count({
      index: es.index,
      query: { range: { 'kibana.alert.depth': { gte: 2 } } },
    });
    expect(deep.count, 'the shell').to.equal(1);
  });

  it("indexes the shell's two copies of the parameters as one flattened field", async () => {
    const client = es.conn.client;
    const shell = groups[0]!.docs[0]!;
    expect(shell._source.kibana, 'the nested copy is there').to.be.an('object');
    const found = await client.search({
      index: es.index,
      query: {
        bool: {
          filter: [
            { term: { 'kibana.alert.rule.parameters.rule_id': String(rule.params.rule_id) } },
            { term: { 'kibana.alert.depth': 2 } },
          ],
        },
      },
    });
    expect(found.hits.hits.map((h) => h._id)).to.deep.equal([shell._id]);
  });
});
