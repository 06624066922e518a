import { expect } from 'chai';
import { Schema } from '../../src/mapping/schema.js';
import type { OrdinalOptions } from '../../src/engine/ordinal.js';
import { Prng } from '../../src/generate/prng.js';
import { recordTimestampReader } from '../../src/sources/files/record-timestamp.js';
import { readAllEvents } from '../support/event-files.js';
import { tempDir } from '../support/tmp.js';

const A = '2024-06-03T11:00:00.000Z';
const B = '2024-06-03T09:00:00.000Z';

/** Records whose first key is the timestamp, and the traps around it that only a parse tells apart. */
const TRAPS = [
  `{"@timestamp":"${A}","n":1}`,
  `{"@timestamp":"${A}","n":1,"@timestamp":"${B}"}`,
  `{"@timestamp":"${A}","x":{"@timestamp":"${B}"}}`,
  `{"@timestamp":"${A}","\\u0040timestamp":"${B}"}`,
  `{"@timestamp":"${A}","@time\\u0073tamp":"${B}"}`,
  `{"@timestamp":"2024-06-03T11:00:00.000\\u005a"}`,
  `{"@timestamp":"2024-06-03T11:00:00\\".000Z"}`,
  `{"@timestamp":"${A}","_id":"7","_source":{"@timestamp":"${B}"}}`,
  `{"@timestamp":"${A}","_index":"i","_source":{"n":1}}`,
  `{"@timestamp":"${A}","took":1,"hits":{"hits":[{"_id":"1","_source":{"@timestamp":"${B}"}}]}}`,
  `{"@timestamp":"${A}","took":1,"hits":{"events":[{"_id":"1","_source":{"@timestamp":"${B}"}}]}}`,
  `{"@timestamp":"${A}","took":1,"hits":{"hits":[{"_id":"1"}]}}`,
  `{"@timestamp":"${A}","took":1,"hits":{}}`,
  `{"@timestamp":"${A}","msg":"the \\"@timestamp\\" field","n":1}`,
  `{"@timestamp":["${A}"]}`,
  `{"@timestamp":1717412400000}`,
  `{"@timestamp":"not a date"}`,
  `{"@timestamp":"2024-06-03T11:00:00.123456789Z"}`,
  `{"@timestamp":"2024-06-03T13:00:00+02:00"}`,
  `{"@timestamp":"2024-06-03"}`,
  `{"@timestamp":""}`,
  `{ "@timestamp":"${A}"}`,
  `{"@timestamp" : "${A}"}`,
  `{"@timestamp": "${A}", "@timestamp": "${B}"}`,
  `{\n\t"@timestamp":\r\n"${A}"}`,
  `{"@timestamp": "${A}", "n": 1}`,
  `{"n":1,"@timestamp":"${A}"}`,
  `{"x@timestamp":"${B}","@timestamp":"${A}"}`,
  `{"@timestamp":"${A}","x@timestamp":"${B}"}`,
  `{"event.created":"${A}","@timestamp":"${B}"}`,
  `{"event.created":"${A}","event":{"created":"${B}"}}`,
  `{"ts":"2024/06/03 11:00:00","n":1}`,
  `{"ts":"${A}","n":1}`,
];

/** Random records near those traps: keys, values and escapes mixed. */
function randomRecord(rng: Prng): string {
  const key = () =>
    rng.pick(['"@timestamp"', '"n"', '"_source"', '"took"', '"x@timestamp"', '"\\u0040timestamp"']);
  const value = (depth: number): string => {
    switch (rng.int(depth > 1 ? 4 : 6)) {
      case 0:
        return `"${rng.pick([A, B, '2024-06-03T10:00:00.5Z', 'x', '\\"', '\\u0041'])}"`;
      case 1:
        return String(rng.pick([1, 1717412400000, -3, 0.5]));
      case 2:
        return rng.pick(['null', 'true', '[]', `["${A}"]`]);
      case 3:
        return `"${A}"`;
      default: {
        const n = rng.int(4);
        const members = Array.from({ length: n }, () => `${key()}:${value(depth + 1)}`);
        return `{${members.join(',')}}`;
      }
    }
  };
  const rest = Array.from({ length: rng.int(4) }, () => `,${key()}:${value(1)}`).join('');
  const open = rng.pick(['{"@timestamp":', '{"@timestamp": ', '{ "@timestamp" : ', '{"@timestamp"\t:']);
  return `${open}${rng.chance(0.8) ? `"${rng.pick([A, B])}"` : value(1)}${rest}}`;
}

describe('a record timestamp read from its text', () => {
  const t = tempDir();
  after(() => t.remove());

  /**
   * Every record the reader reads must give, parsed as the event source parses it, events at that instant only (an
   * event without a usable timestamp shows, at 0). One file per record: an event's file tells its record.
   */
  async function agrees(records: string[], opts: OrdinalOptions): Promise<number> {
    const read = recordTimestampReader(opts)!;
    const files = records.map((text, i) => t.file(`r${i}.ndjson`, text + '\n'));
    const { events } = await readAllEvents(files, { ...opts, sort: 'external', timestampOptional: true });
    const instants = records.map((): number[][] => []);
    for (const e of events) instants[Math.floor(e.ordinal.seq / 1e10)]!.push([e.ordinal.ts, e.ordinal.nanos]);
    let sure = 0;
    records.forEach((text, i) => {
      const o = read(text);
      if (o === null) return;
      sure++;
      for (const got of instants[i]!) expect(got, text).to.deep.equal([o.ts, o.nanos]);
    });
    return sure;
  }

  it('reads only what a parse reads, on the traps', async () => {
    expect(await agrees(TRAPS, {})).to.equal(11);
    expect(recordTimestampReader({})!(TRAPS[0]!)).to.include({ ts: Date.parse(A), nanos: 0 });
    for (const text of [TRAPS[1], TRAPS[3], TRAPS[7], TRAPS[9], TRAPS[14], TRAPS[23], TRAPS[26]])
      expect(recordTimestampReader({})!(text!), text).to.equal(null);
    expect(await agrees(TRAPS, { timestampField: 'event.created' })).to.equal(2);
    const custom = Schema.fromMapping({
      properties: { ts: { type: 'date', format: 'yyyy/MM/dd HH:mm:ss' } },
    });
    expect(await agrees(TRAPS, { timestampField: 'ts', schema: custom })).to.equal(1);
    const nanos = Schema.fromMapping({ properties: { '@timestamp': { type: 'date_nanos' } } });
    expect(await agrees(TRAPS, { schema: nanos })).to.be.at.least(5);
    const alias = Schema.fromMapping({
      properties: { t: { type: 'alias', path: '@timestamp' }, '@timestamp': { type: 'date' } },
    });
    expect(await agrees(TRAPS, { timestampField: 't', schema: alias })).to.be.at.least(5);
  });

  it('reads only what a parse reads, on random records near them (seeded)', async () => {
    const seed = Number(process.env.RECORD_TIMESTAMP_SEED ?? 42);
    const rng = new Prng(seed);
    const records = Array.from({ length: 500 }, () => randomRecord(rng)).filter((r) => {
      try {
        JSON.parse(r);
        return true;
      } catch {
        return false;
      }
    });
    expect(records.length, `seed ${seed}`).to.be.above(300);
    expect(await agrees(records, {}), `seed ${seed}`).to.be.above(50);
  });

  it('declines a field whose key could be written another way', () => {
    expect(recordTimestampReader({ timestampField: 'a/b' })).to.equal(null);
    expect(recordTimestampReader({ timestampField: 'a"b' })).to.equal(null);
  });
});
