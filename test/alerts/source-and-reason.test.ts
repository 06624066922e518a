/**
 * How an event's `_source` becomes an alert's body (Kibana's traverseAndMutateDoc), and the reason text (Kibana's
 * buildReasonMessageForEqlAlert), case by case: the expected reasons of the first rows are the ones Kibana's own
 * tests expect (build_alert_group_from_sequence.test.ts and the EQL rule's API integration test, Kibana main).
 */
import { expect } from 'chai';
import { buildReason } from '../../src/alerts/reason.js';
import { alertBodyOf } from '../../src/alerts/source.js';

describe('alert body from an event', () => {
  const cases: Array<{ name: string; source: Record<string, unknown>; body: Record<string, unknown> }> = [
    {
      name: 'strips top-level kibana, signal and threshold_result, dotted or not',
      source: {
        kibana: { alert: { uuid: 'x' } },
        'kibana.alert.rule.uuid': 'r',
        signal: { rule: { id: 'r' } },
        threshold_result: { count: 3 },
        'threshold_result.count': 3,
        host: { kibana: 'stays', name: 'h' },
        kibanas: 1,
      },
      body: { host: { kibana: 'stays', name: 'h' }, kibanas: 1 },
    },
    {
      name: 'copies event.* and data_stream.* as flat kibana.alert.original_* keys and drops the event.kind',
      source: {
        event: { kind: 'event', category: ['process'], action: 'exec', nested: { a: 1 } },
        'event.dataset': 'x',
        data_stream: { dataset: 'endpoint.events.process', namespace: 'default', type: 'logs' },
      },
      body: {
        event: { category: ['process'], action: 'exec', nested: { a: 1 } },
        'event.dataset': 'x',
        data_stream: { dataset: 'endpoint.events.process', namespace: 'default', type: 'logs' },
        'kibana.alert.original_event.kind': 'event',
        'kibana.alert.original_event.category': ['process'],
        'kibana.alert.original_event.action': 'exec',
        'kibana.alert.original_event.nested.a': 1,
        'kibana.alert.original_event.dataset': 'x',
        'kibana.alert.original_data_stream.dataset': 'endpoint.events.process',
        'kibana.alert.original_data_stream.namespace': 'default',
        'kibana.alert.original_data_stream.type': 'logs',
      },
    },
    {
      name: 'drops a dotted event.kind and keeps its copy',
      source: { 'event.kind': 'alert', 'event.code': 4624 },
      body: {
        'event.code': 4624,
        'kibana.alert.original_event.kind': 'alert',
        'kibana.alert.original_event.code': 4624,
      },
    },
    {
      name: 'drops empty arrays and objects, deeply, and keeps null, 0, false and ""',
      source: { a: [], b: {}, c: { d: [[], {}], e: null }, f: [0, [], false, ''], g: { h: { i: {} } } },
      body: { c: { e: null }, f: [0, false, ''] },
    },
    {
      name: 'keeps a __proto__ key as data',
      source: JSON.parse('{"__proto__": {"x": 1}, "y": 2}') as Record<string, unknown>,
      body: JSON.parse('{"__proto__": {"x": 1}, "y": 2}') as Record<string, unknown>,
    },
  ];
  for (const c of cases)
    it(c.name, () => {
      const before = JSON.stringify(c.source);
      const body = alertBodyOf(c.source);
      expect(body).to.deep.equal(c.body);
      expect(Object.getPrototypeOf(body)).to.equal(Object.prototype);
      expect(JSON.stringify(c.source), 'the event is unchanged').to.equal(before);
    });
});

describe('kibana.alert.reason', () => {
  const cases: Array<{ name: string; doc: Record<string, unknown> | undefined; reason: string }> = [
    {
      name: "Kibana's building block: category, process, user, host",
      doc: {
        event: { category: 'anomoly' },
        process: { name: 'bro' },
        user: { name: 'root' },
        host: { name: 'zeek-sensor-amsterdam' },
      },
      reason:
        'anomoly event with process bro, by root on zeek-sensor-amsterdam created high alert Alert Testing Query.',
    },
    {
      name: "Kibana's shell: only user and host shared",
      doc: { user: { name: 'root' }, host: { name: 'zeek-sensor-amsterdam' } },
      reason: 'event by root on zeek-sensor-amsterdam created high alert Alert Testing Query.',
    },
    {
      name: "Kibana's sequence unit test: a source address",
      doc: { source: { ip: '127.0.0.1' } },
      reason: 'event with source 127.0.0.1 created high alert Alert Testing Query.',
    },
    {
      name: 'every part, arrays joined, ports as text',
      doc: {
        'event.category': ['network', 'process'],
        process: { name: 'curl', parent: { name: 'bash' } },
        file: { name: 'a.sh' },
        source: { ip: '10.0.0.1', port: '5000' },
        destination: { ip: ['1.1.1.1', '8.8.8.8'], port: '443' },
        user: { name: 'alice' },
        host: { name: 'mac' },
      },
      reason:
        'network, process event with process curl, parent process bash, file a.sh, source 10.0.0.1:5000, destination 1.1.1.1, 8.8.8.8:443, by alice on mac created high alert Alert Testing Query.',
    },
    {
      name: 'a numeric port is never shown (Kibana tests `length`), nor a lone "-", nor the text "null"',
      doc: { destination: { ip: '1.1.1.1', port: 443 }, user: { name: '-' }, host: { name: 'null' } },
      reason: 'event with destination 1.1.1.1 created high alert Alert Testing Query.',
    },
    {
      name: 'a dotted key and a nested path read alike, but not a mix of both',
      doc: { 'host.name': 'dotted', process: { 'parent.name': 'mixed' } },
      reason: 'event on dotted created high alert Alert Testing Query.',
    },
    { name: 'no document', doc: undefined, reason: 'event created high alert Alert Testing Query.' },
  ];
  for (const c of cases)
    it(c.name, () => expect(buildReason('Alert Testing Query', 'high', c.doc)).to.equal(c.reason));
});
