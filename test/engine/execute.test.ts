import { expect } from 'chai';
import { execute, run } from '../../src/engine/executor.js';
import { createCoreExecutor } from '../../src/engine/executor-core.js';
import { prepareEvents } from '../../src/engine/prepare-events.js';
import type { EngineEvent } from '../../src/engine/event.js';
import type { QueryResult } from '../../src/engine/results.js';
import { parse } from '../../src/eql/syntax/parser.js';
import { ev, pipe, rowCompiler, sequence, stage } from './support/engine-fixtures.js';

async function collect(it: AsyncIterable<QueryResult>): Promise<QueryResult[]> {
  const out: QueryResult[] = [];
  for await (const r of it) out.push(r);
  return out;
}

describe('execute', () => {
  it('runs a parsed sequence over prepared events', async () => {
    const stmt = parse('sequence by user [process where true] [network where true]');
    const docs = [
      { index: 'i', id: 'n', source: { '@timestamp': 3, user: 'u', event: { category: 'network' } } },
      { index: 'i', id: 'p', source: { '@timestamp': 1, user: 'u', event: { category: 'process' } } },
      { index: 'i', id: 'x', source: { user: 'u', event: { category: 'process' } } },
    ];
    const events = prepareEvents(docs, stmt);
    expect(events.map((e) => e.id)).to.deep.equal(['p', 'n']);
    const results = await collect(execute(stmt, events));
    expect(results).to.have.length(1);
    const r = results[0];
    expect(r.kind).to.equal('sequence');
    if (r.kind !== 'event') {
      expect(r.joinKeys).to.deep.equal(['u']);
      expect(r.events.map((e) => (e as EngineEvent).id)).to.deep.equal(['p', 'n']);
    }
  });

  it('stops reading an async stream once head is reached', async () => {
    const ex = createCoreExecutor(
      sequence([stage('A'), stage('B')], { pipes: [pipe('head', 1)] }),
      {},
      rowCompiler,
    );
    let read = 0;
    async function* source(): AsyncGenerator<EngineEvent> {
      for (let i = 0; i < 1000; i++) {
        read++;
        yield ev(i, i % 2 ? ['B'] : ['A']);
      }
    }
    const results = await collect(run(ex, source()));
    expect(results).to.have.length(1);
    expect(read).to.equal(2);
  });

  it('reads nothing from either kind of stream when a limit is zero', async () => {
    let read = 0;
    function* events(): Generator<EngineEvent> {
      read++;
      yield ev(1, ['A']);
    }
    async function* asyncEvents(): AsyncGenerator<EngineEvent> {
      yield* events();
    }
    for (const pipes of [[pipe('head', 0)], [pipe('head', 2), pipe('tail', 0)]])
      for (const source of [events, asyncEvents]) {
        const ex = createCoreExecutor(sequence([stage('A'), stage('B')], { pipes }), {}, rowCompiler);
        expect(await collect(run(ex, source()))).to.deep.equal([]);
      }
    expect(read).to.equal(0);
  });
});
