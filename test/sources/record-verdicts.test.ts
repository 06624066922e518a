import { expect } from 'chai';
import { Prng } from '../../src/generate/prng.js';
import { objectEnvelope } from '../../src/sources/files/record-verdicts.js';
import { readAllEvents } from '../support/event-files.js';
import { tempDir } from '../support/tmp.js';

const SEED = Number(process.env.RECORD_SEED ?? 20260112);
const WS = [' ', '\t', '\r', '\n'];

/** A random JSON value as text, with random JSON whitespace between its tokens. */
function jsonText(rng: Prng, depth = 0, objectOnly = false): string {
  const ws = () =>
    rng.chance(0.3) ? Array.from({ length: rng.range(1, 3) }, () => rng.pick(WS)).join('') : '';
  const kind = objectOnly ? 0 : rng.int(depth > 3 ? 4 : 6) + (depth > 3 ? 2 : 0);
  switch (kind) {
    case 0: {
      const n = rng.int(4);
      const members = Array.from(
        { length: n },
        () => `${ws()}${JSON.stringify(word(rng))}${ws()}:${ws()}${jsonText(rng, depth + 1)}${ws()}`,
      );
      return `{${members.join(',') || ws()}}`;
    }
    case 1:
      return `[${Array.from({ length: rng.int(3) }, () => `${ws()}${jsonText(rng, depth + 1)}${ws()}`).join(',') || ws()}]`;
    case 2:
      return JSON.stringify(word(rng));
    case 3:
      return rng.pick(['0', '-1', '12.5', '1e3', '-0.25E-2', '123456789012345678901234567890']);
    case 4:
      return rng.pick(['true', 'false', 'null']);
    default:
      return rng.pick(['"é\\u00e9\\"\\\\"', '"}"', '"{"', '"]"', '""']);
  }
}

function word(rng: Prng): string {
  return rng.pick(['a', '@timestamp', 'process.name', 'x y', '}', '{', '"', '\\', '\u0001', 'é', '𝄞', '']);
}

/** Random edits of a text: what a damaged or truncated record looks like. */
function mutate(rng: Prng, text: string): string {
  let t = text;
  for (let k = rng.range(1, 3); k > 0; k--) {
    const at = rng.int(t.length + 1);
    switch (rng.int(5)) {
      case 0:
        t = t.slice(0, at);
        break;
      case 1:
        t = t.slice(at);
        break;
      case 2:
        t = t.slice(0, at) + t.slice(at + 1);
        break;
      case 3:
        t = t.slice(0, at) + rng.pick(['{', '}', '"', ',', ':', 'x', ' ', '\n', '[', ']', '1']) + t.slice(at);
        break;
      default:
        t = t + t;
    }
  }
  return t;
}

function isObject(text: string): boolean {
  try {
    const v = JSON.parse(text) as unknown;
    return v !== null && typeof v === 'object' && !Array.isArray(v);
  } catch {
    return false;
  }
}

describe('record verdicts: what cannot be an event, whatever the query', () => {
  const t = tempDir();
  after(() => t.remove());

  it(`passes every JSON object and only calls non-objects invalid (seeded: RECORD_SEED=${SEED})`, () => {
    const rng = new Prng(SEED);
    let objects = 0;
    let caught = 0;
    for (let i = 0; i < 20_000; i++) {
      const base = jsonText(rng, 0, rng.chance(0.7));
      const text = rng.chance(0.5) ? base : mutate(rng, base);
      // the record as it stands inside a chunk of the file, between other lines
      const pad = rng.pick(['', ' ', '\t', '\r']);
      const chunk = `xx\n${pad}${text}${pad}\nyy`;
      const envelope = objectEnvelope(chunk, 3, 3 + pad.length * 2 + text.length);
      expect(envelope, `seed ${SEED}, case ${i}: ${JSON.stringify(text)}`).to.equal(
        objectEnvelope(pad + text + pad, 0, pad.length * 2 + text.length),
      );
      if (isObject(text)) {
        objects++;
        expect(
          envelope,
          `seed ${SEED}, case ${i}: a JSON object called invalid: ${JSON.stringify(text)}`,
        ).to.equal(true);
      } else if (!envelope) caught++;
    }
    // the cheap check is worth having: it tells most damaged records and every non-object
    expect(objects).to.be.above(5000);
    expect(caught).to.be.above(5000);
  });

  it('calls invalid what is not one JSON object by its ends: text, arrays, scalars, cut-off objects', () => {
    for (const bad of [
      'not json',
      '[{"a":1}]',
      '"a string"',
      '12',
      'null',
      '{',
      '}',
      '{"a":1',
      '{"a":"b',
      '{"a":',
      '{"a":1,}',
      '{,"a":1}',
      '{a:1}',
      '{"a":1} x',
      'x {"a":1}',
      '\u0000\u0000',
      '\ufeff{"a":1}',
    ])
      expect(objectEnvelope(bad, 0, bad.length), bad).to.equal(false);
    for (const good of ['{}', ' {} ', '{"a":1}', '{ "a" : [ ] }\r', '{"a":{"b":null}}', '{"a":true}'])
      expect(objectEnvelope(good, 0, good.length), good).to.equal(true);
  });

  it('counts records that are not events instead of failing, and names the first few by file order', async () => {
    const ev = (n: number) => JSON.stringify({ '@timestamp': n, n, event: { category: 'process' } });
    const a = t.file('a.ndjson', [ev(1), 'junk', ev(2), '[1]', '{"cut":', ev(3)].join('\n'));
    const b = t.file('b.json', `[\n${ev(4)},\n"text",\n{"@timestamp": 5, oops: 1},\n${ev(6)}\n]`);
    const { events, stats } = await readAllEvents([b, a]);
    expect(events.map((e) => e.source.n)).to.deep.equal([1, 2, 3, 4, 6]);
    expect(stats.invalid).to.equal(5);
    expect(stats.records).to.equal(10);
    // in the order the files were given, whatever order they were read in
    expect(stats.firstInvalid).to.deep.equal([`${b}:3`, `${b}:4:19`, `${a}:2:1`, `${a}:4`, `${a}:5:8`]);
    for (const prefilter of [() => false, () => true]) {
      const run = await readAllEvents([b, a], { prefilter });
      expect(run.stats.invalid, String(prefilter)).to.equal(prefilter() ? 5 : 4);
    }
  });

  it('with strict, stops at the first record that is not an event, as an error with a caret', async () => {
    const f = t.file('s.ndjson', ['{"@timestamp": 1}', '{"@timestamp": 2, oops}'].join('\n'));
    for (const prefilter of [null, () => false, () => true]) {
      let err: (Error & { code?: string }) | undefined;
      try {
        await readAllEvents([f], { strict: true, prefilter });
      } catch (e) {
        err = e as Error & { code?: string };
      }
      expect(err?.code).to.equal('EVENT_INVALID_JSON');
      expect(err?.message).to.match(
        /s\.ndjson:2:19: invalid JSON event: .*\n\{"@timestamp": 2, oops\}\n {18}\^$/,
      );
    }
  });
});
