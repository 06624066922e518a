import { expect } from 'chai';
import type { StageCompiler } from '../../src/engine/stage-compiler.js';
import { createCoreExecutor } from '../../src/engine/executor-core.js';
import { createExecutor, evaluatorCompiler } from '../../src/engine/executor.js';
import { makeOrdinal } from '../../src/engine/ordinal.js';
import type { EngineEvent } from '../../src/engine/event.js';
import type { ExecuteOptions, QueryResult } from '../../src/engine/results.js';
import { parse } from '../../src/eql/syntax/parser.js';
import { Schema } from '../../src/mapping/schema.js';

const DEC17 = Date.UTC(2022, 11, 17);

function mappingBody(format: string): Record<string, unknown> {
  return {
    properties: {
      event_type: { type: 'keyword' },
      event: { properties: { category: { type: 'alias', path: 'event_type' } } },
      day: { type: 'date', format },
      host: { type: 'keyword' },
      '@timestamp': { type: 'date' },
    },
  };
}

const schemas = new Map([
  ['dmy', Schema.fromMapping(mappingBody('dd-MM-yyyy'))],
  ['ymd', Schema.fromMapping(mappingBody('yyyy-MM-dd'))],
]);
// merging mappings keeps one format per field (the last): right for verification, wrong for reading dmy
const merged = new Schema();
merged.addMapping(mappingBody('dd-MM-yyyy'));
merged.addMapping(mappingBody('yyyy-MM-dd'));

let seq = 0;
function ev(index: string, id: string, source: Record<string, unknown>): EngineEvent {
  return { index, id, source, ordinal: { ts: seq, nanos: 0, tiebreaker: null, seq: seq++ } };
}

function runAll(query: string, events: EngineEvent[], opts: ExecuteOptions): QueryResult[] {
  const ex = createExecutor(parse(query), opts);
  for (const e of events) ex.push(e);
  return ex.finish();
}

const ids = (rs: QueryResult[]) =>
  rs.map((r) => (r.kind === 'event' ? [r.event.id] : r.events.map((e) => (e as EngineEvent).id)));

describe('per-index schemas (ExecuteOptions.schemaFor)', () => {
  const events = [
    ev('dmy', 'a', { event_type: 'alert', day: '17-12-2022', host: 'h', '@timestamp': 1 }),
    ev('ymd', 'b', { event_type: 'failure', day: '2022-12-17', host: 'h', '@timestamp': 2 }),
    ev('dmy', 'c', { event_type: 'failure', day: '16-12-2022', host: 'h', '@timestamp': 3 }),
  ];
  const opts: ExecuteOptions = { schema: merged, schemaFor: (ix) => schemas.get(ix), size: 50 };

  it('joins samples on a date key read with each index own format', () => {
    const rs = runAll('sample by day [alert where true] [failure where true]', events, opts);
    expect(ids(rs)).to.deep.equal([['a', 'b']]);
    expect(rs[0]!.kind === 'sample' && rs[0]!.joinKeys).to.deep.equal([DEC17]);
  });

  it('joins sequences on the date key across indices', () => {
    const rs = runAll('sequence by day [alert where true] [failure where true]', events, opts);
    expect(ids(rs)).to.deep.equal([['a', 'b']]);
  });

  it('filters events with a date literal in each index own format', () => {
    // the literal is read with the index's format (dmy could not read this one)
    const ymdOnly = [events[1]!];
    expect(ids(runAll('any where day == "2022-12-17"', ymdOnly, opts))).to.deep.equal([['b']]);
  });

  it('without schemaFor, the one schema reads every event (the other format is no value)', () => {
    const rs = runAll('sample by day [alert where true] [failure where true]', events, {
      schema: merged,
      size: 50,
    });
    expect(rs).to.deep.equal([]);
  });

  it('an optional field one index maps is a field in every index, not a null literal', () => {
    const withHost = Schema.fromMapping({
      properties: { event_type: { type: 'keyword' }, host: { type: 'keyword' } },
    });
    const without = Schema.fromMapping({ properties: { event_type: { type: 'keyword' } } });
    const all = Schema.fromMapping({
      properties: { event_type: { type: 'keyword' }, host: { type: 'keyword' } },
    });
    const evs = [ev('without', 'x', { event_type: 'e' }), ev('with', 'y', { event_type: 'e', host: 'h' })];
    const per = new Map([
      ['with', withHost],
      ['without', without],
    ]);
    // as a field, `?host != "h"` matches the event lacking it; as a null literal it would match nothing
    const rs = runAll('any where ?host != "h"', evs, {
      schema: all,
      schemaFor: (ix) => per.get(ix),
      size: 50,
    });
    expect(ids(rs)).to.deep.equal([['x']]);
  });

  it('compiles each index once, lazily, on its first event', () => {
    const compiled: string[] = [];
    const base = evaluatorCompiler({ schema: merged });
    const compilerFor = (index: string): StageCompiler => {
      compiled.push(index);
      return evaluatorCompiler({ schema: merged }, schemas.get(index));
    };
    const ex = createCoreExecutor(parse('alert where true'), { size: 50 }, base, compilerFor);
    ex.push(events[0]!);
    ex.push(events[2]!);
    expect(compiled).to.deep.equal(['dmy']);
    ex.push(events[1]!);
    ex.push(events[0]!);
    expect(compiled).to.deep.equal(['dmy', 'ymd']);
  });

  it('reads a timestamp in the mapping own format', () => {
    const schema = Schema.fromMapping({
      properties: { '@timestamp': { type: 'date', format: 'dd-MM-yyyy HH:mm' } },
    });
    const o = makeOrdinal({ '@timestamp': '17-12-2022 01:00' }, 0, { schema });
    expect(o && o.ts).to.equal(DEC17 + 3600000);
    expect(makeOrdinal({ '@timestamp': '2022-12-17' }, 0, { schema })).to.equal(null);
  });
});
