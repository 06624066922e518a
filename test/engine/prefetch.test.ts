import { expect } from 'chai';
import { createExecutor } from '../../src/engine/executor.js';
import { compileToucher, PREFETCH_BLOCK } from '../../src/engine/prefetch.js';
import type { EngineEvent } from '../../src/engine/event.js';
import { parse } from '../../src/eql/index.js';
import { LEARN_CALLS } from '../../src/eql/evaluate/specialize.js';

function event(i: number, source: Record<string, unknown>): EngineEvent {
  return { index: 'i', id: String(i), source, ordinal: { ts: i, nanos: 0, tiebreaker: null, seq: i } };
}

describe('prefetch: pushAll', () => {
  const shapes: Array<Record<string, unknown>> = [
    { event: { category: ['process'] }, process: { name: 'bash', parent: { name: 'installer' } } },
    { event: { category: 'process' }, process: [{ name: 'bash' }], 'process.parent.name': 'installer' },
    { event: null, process: { name: null, parent: 'x' } },
    { event: [], process: { parent: { name: ['installer', 'b'] } } },
    { 'event.category': ['network'], process: { name: 'curl', 'parent.name': 'bash' } },
    {},
  ];
  // past the filters' learning calls, so that pushAll also runs with the toucher built from what they settled on
  const events = Array.from({ length: LEARN_CALLS + 3 * PREFETCH_BLOCK + 5 }, (_, i) =>
    event(i, shapes[i % shapes.length]!),
  );

  for (const query of [
    'process where process.parent.name : "installer"',
    'sequence [process where process.name == "bash"] [network where true]',
    'sequence by process.name [any where true] [any where true]',
    'sample by process.name [any where true] [any where true]',
    'any where true | head 3',
  ]) {
    it(`gives push's answer: ${query}`, () => {
      const stmt = parse(query);
      const one = createExecutor(stmt, { size: 1000 });
      for (const e of events) one.push(e);
      const all = createExecutor(stmt, { size: 1000 });
      all.pushAll(events);
      const want = one.finish();
      expect(want.length).to.be.greaterThan(0);
      expect(JSON.stringify(all.finish())).to.equal(JSON.stringify(want));
    });
  }

  it('stops reading once the answer is final', () => {
    const ex = createExecutor(parse('any where true | head 2'), { size: 10 });
    ex.pushAll(events);
    expect(ex.done).to.equal(true);
    expect(ex.finish().map((r) => (r.kind === 'event' ? r.event.id : null))).to.deep.equal(['0', '1']);
    // at most the rest of the block in which it became done was offered
    expect(ex.stats().eventsSeen).to.be.at.most(PREFETCH_BLOCK);
  });

  it('loads ahead what the filters settled on testing first', () => {
    const stmt = parse(
      'sequence [process where host.os.type == "macos" and process.name == "curl"] ' +
        '[network where host.os.type == "macos" and process.name : "wget"]',
    );
    const names = ['bash', 'zsh', 'launchd', 'mdworker', 'curl', 'wget', 'sshd'];
    const evs = Array.from({ length: LEARN_CALLS * 2 }, (_, i) =>
      event(i, {
        event: { category: i % 2 ? 'process' : 'network' },
        host: { os: { type: 'macos' } },
        process: { name: names[i % names.length] },
      }),
    );
    const ex = createExecutor(stmt, { size: 1000 }) as ReturnType<typeof createExecutor> & {
      touchPaths(): string[];
    };
    expect(ex.touchPaths()).to.deep.equal([]);
    ex.pushAll(evs);
    // host.os.type rejects nothing and the category half: process.name, which rejects most, leads both stages
    expect(ex.touchPaths()).to.deep.equal(['process.name']);
    expect(ex.finish()).to.have.length.above(0);
  });

  it('touches odd sources without throwing or changing them', () => {
    const touch = compileToucher(['a.b.c', 'a.d', 'e', '__proto__.x', 'constructor']);
    const odd = [{}, { a: null }, { a: [1] }, { a: { b: 'str' } }, { a: { b: { c: [] } } }, { e: [null] }];
    const before = JSON.stringify(odd);
    const evs = odd.map((s, i) => event(i, s as Record<string, unknown>));
    expect(touch(evs, 0, evs.length)).to.be.a('number');
    expect(JSON.stringify(odd)).to.equal(before);
  });
});
