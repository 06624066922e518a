import { expect } from 'chai';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  generateEvents,
  toJson,
  writeNdjson,
  type EcsEvent,
  type GenerateOptions,
} from '../../src/generate/index.js';

function digest(opts: GenerateOptions): string {
  const h = createHash('sha256');
  for (const e of generateEvents(opts)) h.update(toJson(e) + '\n');
  return h.digest('hex');
}

function get(e: EcsEvent, path: string): unknown {
  let v: unknown = e;
  for (const p of path.split('.'))
    v = v === null || typeof v !== 'object' ? undefined : (v as Record<string, unknown>)[p];
  return v;
}

describe('event generator', () => {
  const opts: GenerateOptions = { count: 5000, hosts: 12, seed: 42, planted: 5 };

  it('is deterministic: the same options give the same bytes, another seed other bytes', () => {
    expect(digest(opts)).to.equal(digest(opts));
    expect(digest({ ...opts, seed: 43 })).to.not.equal(digest(opts));
  });

  it('emits exactly count events, in time order, from the start time at about the rate', () => {
    const stream = generateEvents({
      count: 20_000,
      hosts: 30,
      seed: 3,
      rate: 500,
      start: '2025-01-02T03:04:05.000Z',
    });
    let prev = -Infinity;
    let n = 0;
    let at10k = 0;
    for (const e of stream) {
      const ts = Date.parse(e['@timestamp'] as string);
      expect(ts).to.be.at.least(prev);
      prev = ts;
      if (++n === 10_000) at10k = ts;
    }
    expect(n).to.equal(20_000);
    expect(stream.summary!.firstMs).to.be.at.least(Date.parse('2025-01-02T03:04:05.000Z'));
    const secs = (at10k - stream.summary!.firstMs) / 1000;
    expect(secs).to.be.within(15, 25); // 10,000 events at 500/s
  });

  it('writes Elastic Defend shaped macOS process and network events', () => {
    const seen = new Set<string>();
    const hosts = new Set<unknown>();
    const ids = new Set<unknown>();
    for (const e of generateEvents(opts)) {
      expect(e['@timestamp']).to.match(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
      expect(get(e, 'event.module')).to.equal('endpoint');
      expect(get(e, 'event.kind')).to.equal('event');
      expect(get(e, 'host.os.type')).to.equal('macos');
      expect(get(e, 'host.os.name')).to.equal('macOS');
      expect(get(e, 'host.os.version')).to.be.a('string');
      expect(get(e, 'host.name')).to.be.a('string');
      expect(get(e, 'agent.id')).to.be.a('string');
      expect(get(e, 'user.name')).to.be.a('string');
      expect(get(e, 'process.entity_id')).to.be.a('string');
      expect(get(e, 'process.pid')).to.be.a('number');
      expect(get(e, 'process.name')).to.be.a('string');
      expect(get(e, 'process.executable')).to.match(/^\//);
      const category = get(e, 'event.category') as string[];
      const type = get(e, 'event.type') as string[];
      expect(category).to.be.an('array').with.lengthOf(1);
      expect(type).to.be.an('array').with.lengthOf(1);
      const action = get(e, 'event.action') as string;
      if (category[0] === 'process') {
        expect(get(e, 'event.dataset')).to.equal('endpoint.events.process');
        expect(action).to.be.oneOf(['fork', 'exec', 'end']);
        expect(type[0]).to.equal(action === 'end' ? 'end' : 'start');
        const args = get(e, 'process.args') as string[];
        expect(get(e, 'process.command_line')).to.equal(args.join(' '));
        expect(get(e, 'process.args_count')).to.equal(args.length);
        expect(get(e, 'process.parent.entity_id')).to.be.a('string');
        expect(get(e, 'process.parent.name')).to.be.a('string');
      } else {
        expect(category[0]).to.equal('network');
        expect(get(e, 'event.dataset')).to.equal('endpoint.events.network');
        expect(action).to.be.oneOf(['connection_attempted', 'disconnect_received']);
        expect(type[0]).to.equal(action === 'connection_attempted' ? 'start' : 'end');
        expect(get(e, 'network.transport')).to.equal('tcp');
        expect(get(e, 'network.direction')).to.equal('egress');
        expect(get(e, 'source.ip')).to.match(/^10\./);
        expect(get(e, 'destination.ip')).to.match(/^\d+\.\d+\.\d+\.\d+$/);
        expect(get(e, 'destination.port')).to.be.a('number');
        expect(get(e, 'destination.domain')).to.be.a('string');
        expect(get(e, 'process.parent.entity_id')).to.be.a('string');
      }
      seen.add(`${category[0]}/${action}`);
      hosts.add(get(e, 'host.id'));
      ids.add(get(e, 'event.id'));
    }
    expect([...seen].sort()).to.deep.equal([
      'network/connection_attempted',
      'network/disconnect_received',
      'process/end',
      'process/exec',
      'process/fork',
    ]);
    expect(hosts.size).to.equal(12);
    expect(ids.size).to.equal(5000); // event ids are unique
  });

  it('serialises as JSON.stringify does', () => {
    let n = 0;
    for (const e of generateEvents({ count: 2000, seed: 9 })) {
      expect(toJson(e)).to.equal(JSON.stringify(e));
      n++;
    }
    expect(n).to.equal(2000);
  });

  it('keeps little ahead: memory does not grow with count', () => {
    const small = generateEvents({ count: 10_000, seed: 5 });
    const big = generateEvents({ count: 100_000, seed: 5 });
    for (const _ of small);
    for (const _ of big);
    expect(big.summary!.scheduledPeak).to.be.below(small.summary!.scheduledPeak * 2);
  });

  it('reports the planted sequences, and rejects impossible options', () => {
    const s = generateEvents(opts);
    for (const _ of s);
    expect(s.planted).to.have.lengthOf(5);
    for (const p of s.planted) expect(p.timestamps[1] - p.timestamps[0]).to.be.within(1, 15_000);
    expect(() => generateEvents({ count: 10, planted: 5 })).to.throw(RangeError);
    expect(() => generateEvents({ count: -1 })).to.throw(RangeError);
    expect(() => generateEvents({ count: 10, start: 'yesterday' })).to.throw(RangeError);
  });

  it('writes NDJSON files byte-identical to the stream', () => {
    const dir = mkdtempSync(join(tmpdir(), 'rr-gen-'));
    try {
      const file = join(dir, 'events.ndjson');
      const res = writeNdjson(file, opts);
      const text = readFileSync(file, 'utf8');
      expect(res.events).to.equal(5000);
      expect(res.bytes).to.equal(Buffer.byteLength(text));
      expect(createHash('sha256').update(text).digest('hex')).to.equal(digest(opts));
      expect(res.planted).to.have.lengthOf(5);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
